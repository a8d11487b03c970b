import { actionsOfPlane, BEDROCK_NON_ACTIONS } from "../../../policies/catalogue/bedrock-actions";
import { chatbotActions, forbiddenActions, modelTargets, simulationPlan } from "../../../policies/verify/simulation-plan";
import { verifyTarget } from "../../../policies/verify/target";
import { ACCOUNT, ENDPOINT_ID, FOUNDATION_ARN, GUARDRAIL_ARN, GUARDRAIL_ID, outputValues, PROFILE_ARN, REGION, ROUTED_ARN, VPC_ID } from "./helpers";

const target = (overrides: Record<string, unknown> = {}) => verifyTarget(outputValues(overrides), {}, "test");
const GUARDRAIL = { arn: GUARDRAIL_ARN, version: "1" };

describe("the actions the application must not have", () => {
  it("every control-plane action of the catalogue, and every data-plane action outside the chatbot's set", () => {
    const forbidden = forbiddenActions({ guardrail: GUARDRAIL });
    for (const action of actionsOfPlane("control")) expect(forbidden).toContain(action);
    const outside = actionsOfPlane("data").filter((action) => !chatbotActions({ guardrail: GUARDRAIL }).includes(action));
    for (const action of outside) expect(forbidden).toContain(action);
    expect(forbidden).toContain("bedrock:CallWithBearerToken");
    expect(forbidden).toEqual(expect.arrayContaining(["aws-marketplace:Subscribe", "iam:PassRole"]));
  });

  it("never the chatbot's own actions, nor names that are not IAM actions", () => {
    const forbidden = forbiddenActions({ guardrail: GUARDRAIL });
    for (const action of ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:ApplyGuardrail", ...BEDROCK_NON_ACTIONS]) expect(forbidden).not.toContain(action);
  });

  it("without a guardrail, ApplyGuardrail is forbidden too", () => {
    expect(chatbotActions({})).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(forbiddenActions({})).toContain("bedrock:ApplyGuardrail");
  });
});

describe("the ARNs a call to each model is authorized on", () => {
  it("a foundation model in the stack's region; a profile, and its foundation model where it routes", () => {
    expect(modelTargets(target())).toEqual([
      { modelId: "eu.anthropic.claude-sonnet-4-20250514-v1:0", directArn: PROFILE_ARN, routedArns: [ROUTED_ARN] },
      { modelId: "amazon.nova-lite-v1:0", directArn: FOUNDATION_ARN, routedArns: [] },
    ]);
  });

  it("a global profile also routes to the region-less foundation-model ARN", () => {
    const [global] = modelTargets(target({ chat_model_ids: ["global.anthropic.claude-sonnet-4-5-20250929-v1:0"] }));
    expect(global.routedArns).toEqual([`arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0`, "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"]);
    expect(global.directArn).toBe(`arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0`);
  });
});

describe("simulationPlan", () => {
  const plan = simulationPlan(target());
  const byId = (id: string) => plan.find((simulation) => simulation.id === id)!;
  const appContext = [
    { key: "aws:SourceVpce", values: [ENDPOINT_ID] },
    { key: "aws:SourceVpc", values: [VPC_ID] },
    { key: "bedrock:GuardrailIdentifier", values: [GUARDRAIL_ID] },
  ];

  it("asks the forbidden actions on any resource and on this deployment's own ARNs, with the application's fullest context", () => {
    expect(byId("forbidden-any-resource")).toMatchObject({ expect: "denied", probe: false, context: appContext });
    expect(byId("forbidden-any-resource").resourceArns).toBeUndefined();
    expect(byId("forbidden-deployment-resources").resourceArns).toEqual([PROFILE_ARN, ROUTED_ARN, FOUNDATION_ARN, GUARDRAIL_ARN]);
  });

  it("expects the chatbot's own calls allowed: the models as named, the profile's hop, the guardrail", () => {
    expect(byId("invoke-models")).toMatchObject({ expect: "allowed", resourceArns: [PROFILE_ARN, FOUNDATION_ARN], context: appContext });
    // The hop is Bedrock's: the profile's ARN and the guardrail, no network keys.
    expect(byId("invoke-routed:eu.anthropic.claude-sonnet-4-20250514-v1:0")).toMatchObject({
      expect: "allowed",
      resourceArns: [ROUTED_ARN],
      context: [{ key: "bedrock:InferenceProfileArn", values: [PROFILE_ARN] }, { key: "bedrock:GuardrailIdentifier", values: [GUARDRAIL_ID] }],
    });
    expect(byId("apply-guardrail")).toMatchObject({ actions: ["bedrock:ApplyGuardrail"], resourceArns: [GUARDRAIL_ARN], context: appContext });
  });

  it("probes are marked as such, and leave out exactly the key they probe", () => {
    const probes = plan.filter((simulation) => simulation.probe).map((simulation) => simulation.id);
    expect(probes).toEqual(["probe-routed-without-guardrail-key:eu.anthropic.claude-sonnet-4-20250514-v1:0", "probe-guardrail-outside-network", "probe-invoke-outside-network"]);
    expect(byId("probe-routed-without-guardrail-key:eu.anthropic.claude-sonnet-4-20250514-v1:0").context.map((entry) => entry.key)).toEqual(["bedrock:InferenceProfileArn"]);
    expect(byId("probe-invoke-outside-network").context.map((entry) => entry.key)).toEqual(["bedrock:GuardrailIdentifier"]);
  });

  it("without a guardrail or network outputs: no guardrail simulations, no keys the stack did not give", () => {
    const bare = simulationPlan(target({ guardrail_arn: undefined, guardrail_version: undefined, bedrock_runtime_endpoint_id: undefined, vpc_id: undefined }));
    expect(bare.map((simulation) => simulation.id)).toEqual(["forbidden-any-resource", "forbidden-deployment-resources", "invoke-models", "invoke-routed:eu.anthropic.claude-sonnet-4-20250514-v1:0", "probe-invoke-outside-network"]);
    expect(bare.flatMap((simulation) => simulation.context)).toEqual([{ key: "bedrock:InferenceProfileArn", values: [PROFILE_ARN] }]);
  });
});
