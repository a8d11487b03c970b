/**
 * ChatAppRole's defence in depth: a permissions boundary with the same statements, the guardrail
 * requirement, calls tied to the VPC endpoint in the policy and the boundary alike; and a role that may invoke no model is refused.
 */
import { ChatAppRole } from "../../../modules/function/chat-app-role";
import { referenceCycles } from "../../../policies/deployability";
import { config, list, only, resources, statementsOf, synthApp, withContext } from "../../helpers/terraform";

const network = { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] };

describe("ChatAppRole defence in depth", () => {
  const { data } = synthApp();

  test("a permissions boundary caps the role to the same statements as its policy (no endpoint condition: the same text)", () => {
    const boundary = only(data, "aws_iam_policy");
    expect(boundary.name).toBe("chatbot-test-chat-app-boundary");
    expect(only(data, "aws_iam_role").permissions_boundary).toMatch(/^\$\{aws_iam_policy\..+\.arn\}$/);
    expect(statementsOf(boundary.policy)).toEqual(statementsOf(only(data, "aws_iam_role_policy").policy));
  });

  test("permissionsBoundary: false leaves the role without a boundary", () => {
    const json = withContext((scope, context) => {
      new ChatAppRole(scope, "app", { namePrefix: "t", context, models: [{ modelId: "amazon.nova-lite-v1:0" }], functionName: "f", permissionsBoundary: false });
    });
    expect(resources(json, "aws_iam_policy")).toHaveLength(0);
    expect(only(json, "aws_iam_role").permissions_boundary).toBeUndefined();
  });

  test("with a guardrail, inference without that guardrail version is denied", () => {
    const deny = statementsOf(only(data, "aws_iam_role_policy").policy).find((s) => s.Sid === "DenyInferenceWithoutGuardrail")!;
    expect(deny).toMatchObject({ Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: ["*"] });
    expect(deny.Condition).toEqual({
      StringNotEquals: { "bedrock:GuardrailIdentifier": expect.stringMatching(/guardrail_arn\}:\$\{data\.terraform_remote_state\..+guardrail_version.*\}$/) },
    });
  });

  test("the guardrail requirement can be relaxed, and does not exist without a guardrail", () => {
    const sids = (overrides: Record<string, unknown>) =>
      statementsOf(only(synthApp(config(overrides)).data, "aws_iam_role_policy").policy).map((s) => s.Sid);
    expect(sids({ guardrail: { enabled: true, required: false } })).not.toContain("DenyInferenceWithoutGuardrail");
    expect(sids({ guardrail: { enabled: false } })).not.toContain("DenyInferenceWithoutGuardrail");
  });

  test("requireSourceVpce ties direct calls to the runtime endpoint, but not the profile-routed hops", () => {
    const { data: tied } = synthApp(
      config({ network: { ...network, requireSourceVpce: true }, models: ["eu.amazon.nova-lite-v1:0"] }),
    );
    const bySid = Object.fromEntries(statementsOf(only(tied, "aws_iam_role_policy").policy).map((s) => [s.Sid, s]));
    const endpointRef = expect.stringMatching(/^\$\{aws_vpc_endpoint\..+\.id\}$/);
    expect(bySid.InvokeConfiguredModels.Condition).toEqual({ StringEquals: { "aws:SourceVpce": endpointRef } });
    expect(bySid.ApplyAttachedGuardrail.Condition).toEqual({ StringEquals: { "aws:SourceVpce": endpointRef } });
    expect(Object.keys(bySid.InvokeModelsThroughInferenceProfiles.Condition!.StringEquals)).toEqual(["bedrock:InferenceProfileArn"]);
  });

  test("requireSourceVpce: the boundary names the endpoint too, and the endpoint's policy is its own resource (no cycle)", () => {
    const { data: tied } = synthApp(config({ network: { ...network, requireSourceVpce: true } }));
    const boundaryText = String(only(tied, "aws_iam_policy").policy);
    expect(boundaryText).toBe(String(only(tied, "aws_iam_role_policy").policy));
    const invoke = statementsOf(boundaryText).find((s) => s.Sid === "InvokeConfiguredModels")!;
    expect(invoke.Condition).toEqual({ StringEquals: { "aws:SourceVpce": expect.stringMatching(/^\$\{aws_vpc_endpoint\..+\.id\}$/) } });
    const runtime = resources(tied, "aws_vpc_endpoint").find((endpoint) => String(endpoint.service_name).endsWith(".bedrock-runtime"))!;
    expect(runtime.policy).toBeUndefined();
    expect(String(only(tied, "aws_vpc_endpoint_policy").policy)).toContain("aws_iam_role.");
    expect(referenceCycles(tied as never)).toEqual([]);
  });

  test("without requireSourceVpce no statement carries an endpoint condition", () => {
    const text = String(only(data, "aws_iam_role_policy").policy);
    expect(text).not.toContain("aws:SourceVpce");
    expect(list(statementsOf(text).flatMap((s) => list(s.Action)))).not.toContain("bedrock:*");
  });
});

describe("ChatAppRole guards", () => {
  test("the models are judged by the context's region when it is a literal, by every region's ids when it is a token", () => {
    const role = (pin: boolean) => () =>
      withContext((scope, context) => {
        const judged = pin ? (Object.create(context, { region: { value: "eu-west-1" } }) as typeof context) : context;
        new ChatAppRole(scope, "app", { namePrefix: "t", context: judged, models: [{ modelId: "amazon.nova-lite-v1:0" }], functionName: "f" });
      });
    expect(role(true)).toThrow(/^ChatAppRole 'app': models\[0\]\.modelId: is not invokable on demand in eu-west-1, .*did you mean "eu\.amazon\.nova-lite-v1:0"\?/);
    expect(role(false)).not.toThrow();
  });

  test("ChatAppRole rejects an empty model list", () => {
    expect(() => withContext((scope, context) => new ChatAppRole(scope, "app", { namePrefix: "t", context, models: [], functionName: "f" }))).toThrow(
      "ChatAppRole 'app': models: name at least one model id the application may invoke (got [])",
    );
  });
});
