/**
 * BedrockGuardrail's checks, as Bedrock would refuse its props at apply: the name, the filter
 * strength, the blocked messages' length, the key. One validation path: the construct,
 * ControlPlaneStack's `guardrail` options and the config's `guardrail` (which creates the guardrail
 * with those options) refuse a value alike, with the same value and fix; tokens pass.
 */
import { TerraformVariable, Testing } from "cdktf";
import { BedrockGuardrail, type BedrockGuardrailProps, bedrockGuardrailProblems } from "../../../modules/bedrock/bedrock-guardrail";
import { ControlPlaneStack } from "../../../modules/stacks/control-plane-stack";
import { type Problem, PropError, describeProblem } from "../../../modules/core/validate";
import { config, problemsOf, synthScope } from "../../helpers/terraform";

const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh";

/** The problems `who` refuses its props with; fails unless it throws a PropError naming it, each field and each value. */
function refusal(build: () => unknown, who = "BedrockGuardrail 'guardrail'"): Problem[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(PropError);
    const { problems, message } = error as PropError;
    expect(message.startsWith(who)).toBe(true);
    for (const problem of problems) expect(message).toContain(describeProblem(problem));
    return [...problems];
  }
  throw new Error(`expected ${who} to refuse its props`);
}

const guardrail = (props: Partial<BedrockGuardrailProps> | Record<string, unknown>) => () =>
  synthScope((scope) => new BedrockGuardrail(scope, "guardrail", { name: "chatbot-test-chat", ...props } as BedrockGuardrailProps));
const controlPlane = (contentFilterStrength: unknown) => () =>
  new ControlPlaneStack(Testing.app(), "control", {
    namePrefix: "chatbot-test",
    region: "eu-west-1",
    admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"] },
    guardrail: { contentFilterStrength: contentFilterStrength as never },
  });

describe("BedrockGuardrail guards", () => {
  test.each([
    [{ name: "chat guardrail" }, "BedrockGuardrail 'guardrail': name: use 1–50 letters, digits, '-' or '_' (got \"chat guardrail\")"],
    [{ name: "g", contentFilterStrength: "MAX" as never }, "BedrockGuardrail 'guardrail': contentFilterStrength: must be one of \"LOW\", \"MEDIUM\", \"HIGH\" (got \"MAX\")"],
  ])("BedrockGuardrail rejects %j", (props, message) => {
    expect(() => synthScope((scope) => new BedrockGuardrail(scope, "guardrail", props))).toThrow(message);
  });

  test.each([["MAX"], ["high"], [3]])("a filter strength %j is refused by the construct, ControlPlaneStack and the config, with the same words", (strength) => {
    const own = refusal(guardrail({ contentFilterStrength: strength }));
    expect(own).toEqual([{ field: "contentFilterStrength", value: strength, fix: 'must be one of "LOW", "MEDIUM", "HIGH"' }]);
    // The stack judges its guardrail options up front, before it builds anything, under its own prop's path.
    expect(refusal(controlPlane(strength), "ControlPlaneStack 'control'")).toEqual([{ ...own[0], field: "guardrail.contentFilterStrength" }]);
    expect(problemsOf({ guardrail: { contentFilterStrength: strength } })).toEqual([describeProblem({ ...own[0], field: "guardrail.contentFilterStrength" })]);
  });

  test.each(["LOW", "MEDIUM", "HIGH"] as const)("%s passes all three", (strength) => {
    expect(() => guardrail({ contentFilterStrength: strength })()).not.toThrow();
    expect(() => controlPlane(strength)()).not.toThrow();
    expect(config({ guardrail: { contentFilterStrength: strength } }).guardrail.contentFilterStrength).toBe(strength);
  });

  test.each<[string, Partial<BedrockGuardrailProps>, string]>([
    ["a name with a space", { name: "chat guardrail" }, "name"],
    ["a name over 50 characters", { name: "g".repeat(51) }, "name"],
    ["an empty blocked-input message", { blockedInputMessage: "" }, "blockedInputMessage"],
    ["a blocked-output message over Bedrock's 500 characters", { blockedOutputMessage: "x".repeat(501) }, "blockedOutputMessage"],
    ["a KMS alias instead of a key", { kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/guardrail" }, "kmsKeyArn"],
  ])("props the config never sets are the construct's alone: %s", (_case, props, field) => {
    expect(refusal(guardrail(props)).map((p) => p.field)).toEqual([field]);
  });

  test("messages of 1 and 500 characters pass (counted as characters, not bytes)", () => {
    expect(bedrockGuardrailProblems({ name: "g", blockedInputMessage: "!", blockedOutputMessage: "é".repeat(500) })).toEqual([]);
  });

  test("every problem is reported at once, under the caller's prefix", () => {
    expect(bedrockGuardrailProblems({ name: "a b", contentFilterStrength: "MAX" as never, blockedInputMessage: "" }, "guardrail").map((p) => p.field)).toEqual([
      "guardrail.name",
      "guardrail.contentFilterStrength",
      "guardrail.blockedInputMessage",
    ]);
  });

  test("values known only at plan time (tokens) are not judged", () => {
    synthScope((scope) => {
      const text = new TerraformVariable(scope, "text", { type: "string" }).stringValue;
      expect(bedrockGuardrailProblems({ name: text, contentFilterStrength: text as never, blockedInputMessage: text, blockedOutputMessage: text, kmsKeyArn: text })).toEqual([]);
    });
  });

  test("an existing guardrail's strength is one problem (a creation option), not also a bad strength", () => {
    expect(problemsOf({ guardrail: { arn: GUARDRAIL_ARN, version: "1", contentFilterStrength: "MAX" } })).toEqual([
      expect.stringMatching(/^guardrail\.contentFilterStrength: applies to a guardrail the module creates/),
    ]);
  });
});
