/**
 * Policies stay within AWS's size limits by construction, and where a configuration still cannot
 * fit, synth stops naming the policy, the limit, the size and the fix (measured at the longest
 * partition, region and ids the references can take, as AWS will measure them).
 */
import { BedrockAdminRole } from "../../../modules/bedrock/bedrock-admin-role";
import { ChatAppRole } from "../../../modules/function/chat-app-role";
import { policySizes } from "../../../policies/deployability";
import { loadSynthOutput } from "../../../policies/extract/load";
import { workspaceOf } from "../../../policies/extract/resolve";
import { config, synthApp, synthScope, withContext } from "../../helpers/terraform";

const apacModels = (count: number) => Array.from({ length: count }, (_, i) => `apac.anthropic.claude-model-number-${i}-v1:0`);
/** As many profile models as a test needs, of a realistic length: ids no model list has, so they come in as new models. */
const apacConfig = (count: number, overrides: Record<string, unknown> = {}) => config({ models: apacModels(count), allowedNewModels: apacModels(count), ...overrides });

describe("policy size limits", () => {
  test("four apac. profile models (which overflowed the 6,144-character boundary when every destination region was listed) fit with room to spare", () => {
    const { outdir } = synthApp(apacConfig(4, { network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"], requireSourceVpce: true } }));
    const stacks = loadSynthOutput(outdir);
    const boundary = stacks.flatMap((stack) => policySizes(workspaceOf(stacks), stack)).find((size) => size.kind === "managedPolicy")!;
    expect(boundary.unresolved).toEqual([]);
    expect(boundary.size).toBeLessThan(6_144 / 2);
  });

  test("the boundary grows with models only, not with regions: one routed ARN per profile model", () => {
    const boundaryOf = (models: string[]) => {
      const stacks = loadSynthOutput(synthApp(config({ models, allowedNewModels: models })).outdir);
      return stacks.flatMap((stack) => policySizes(workspaceOf(stacks), stack)).find((size) => size.kind === "managedPolicy")!;
    };
    const growth = boundaryOf(apacModels(2)).size - boundaryOf(apacModels(1)).size;
    // The profile ARN twice (grant and condition) and one region-wildcard foundation-model ARN, at their longest.
    expect(growth).toBeLessThan(350);
  });

  test("too many models stop synth with the policy, the limit, the size and the fix", () => {
    const build = (permissionsBoundary: boolean) => () =>
      withContext((scope, context) => {
        new ChatAppRole(scope, "app", { namePrefix: "t", context, models: apacModels(40).map((modelId) => ({ modelId })), allowedNewModels: apacModels(40), functionName: "f", permissionsBoundary });
      });
    expect(build(true)).toThrow(
      /^ChatAppRole 'app': models makes the permissions boundary 't-chat-app-boundary' [\d,]+ characters at its longest \(whitespace not counted\), over the 6,144 limit of a managed policy \(IAM, e\.g\. a permissions boundary\): invoke fewer models from this role/,
    );
    // Without a boundary the role's inline policy is the first to overflow, at its own limit.
    expect(build(false)).toThrow(/models makes the inline policy of role 't-chat-app' [\d,]+ characters at its longest \(whitespace not counted\), over the 10,240 limit of a inline policies of one role, together/);
  });

  test("the largest model list that fits synthesizes, and every policy is then within its limit", () => {
    const attempt = (count: number) => {
      try {
        return synthApp(apacConfig(count)).outdir;
      } catch {
        return undefined;
      }
    };
    let count = 25;
    let outdir = attempt(count);
    while (!outdir && count > 1) outdir = attempt(--count);
    expect(count).toBeGreaterThanOrEqual(12);
    expect(attempt(count + 1)).toBeUndefined();
    const stacks = loadSynthOutput(outdir!);
    for (const size of stacks.flatMap((stack) => policySizes(workspaceOf(stacks), stack))) expect({ ...size, over: size.size > size.limit }).toEqual({ ...size, over: false });
  });

  test("an admin trust policy naming too many principals stops synth with the fix", () => {
    const principalArns = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::111122223333:role/platform/administrators/team-member-${i}`);
    expect(() => synthScope((scope) => new BedrockAdminRole(scope, "admin", { namePrefix: "t", principalArns }))).toThrow(
      /^BedrockAdminRole 'admin': principalArns makes the trust policy of role 't-bedrock-admin' [\d,]+ characters at its longest \(whitespace not counted\), over the 2,048 limit of a role trust policy \(IAM default quota\): name fewer principals/,
    );
  });
});
