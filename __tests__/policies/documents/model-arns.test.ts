import { bedrockInvokeStatements } from "../../../policies/documents/app-role-policy";
import { modelResources, parseModelId } from "../../../policies/documents/model-arns";

const scope = { partition: "aws", region: "eu-west-1", accountId: "111122223333" };

describe("model ARNs", () => {
  test("a foundation model is one region-scoped, account-less ARN", () => {
    expect(modelResources([{ modelId: "amazon.nova-lite-v1:0" }], scope)).toEqual({
      direct: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0"],
      routed: [],
      profileArns: [],
    });
  });

  test("a geographic profile: the profile ARN, and the foundation model in any region (one ARN, whatever the geography)", () => {
    const resources = modelResources([{ modelId: "eu.anthropic.claude-3-haiku-20240307-v1:0" }], scope);
    expect(resources.direct).toEqual(["arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0"]);
    expect(resources.routed).toEqual(["arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"]);
  });

  test("a global profile: the region-wildcard ARN and the region-less one, named outright", () => {
    const resources = modelResources([{ modelId: "global.anthropic.claude-sonnet-4-20250514-v1:0" }], scope);
    expect(resources.routed).toEqual([
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
      "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
    ]);
  });

  test("the routed ARNs grow with models, not with regions: twelve apac. models are twelve ARNs", () => {
    const models = Array.from({ length: 12 }, (_, i) => ({ modelId: `apac.vendor.model-${i}-v1:0` }));
    expect(modelResources(models, scope).routed).toHaveLength(12);
  });

  test("routed foundation models are granted only through the profile (bedrock:InferenceProfileArn)", () => {
    const statements = bedrockInvokeStatements({ models: [{ modelId: "us.amazon.nova-lite-v1:0" }], scope });
    const routed = statements.find((s) => s.Sid === "InvokeModelsThroughInferenceProfiles")!;
    expect(routed.Condition).toEqual({
      StringEquals: { "bedrock:InferenceProfileArn": ["arn:aws:bedrock:eu-west-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0"] },
    });
  });

  test("no statement is built without a resource list, and none uses a wildcard action or Resource \"*\"", () => {
    const statements = bedrockInvokeStatements({
      models: [{ modelId: "amazon.nova-lite-v1:0" }, { modelId: "global.amazon.nova-lite-v1:0" }],
      scope,
      guardrail: { guardrailArn: "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abc", guardrailVersion: "1" },
    });
    for (const statement of statements) {
      expect(statement.Resource).not.toContain("*");
      for (const action of [statement.Action ?? []].flat()) expect(action).not.toContain("*");
    }
  });

  test("the profile prefixes are recognised; anything else is a foundation model", () => {
    expect(parseModelId("apac.amazon.nova-lite-v1:0")).toMatchObject({ kind: "inference-profile", geography: "apac", foundationModelId: "amazon.nova-lite-v1:0" });
    expect(parseModelId("us-gov.anthropic.claude-3-haiku-20240307-v1:0")).toMatchObject({ kind: "inference-profile", geography: "us-gov" });
    expect(parseModelId("meta.llama3-1-8b-instruct-v1:0")).toEqual({ kind: "foundation-model", foundationModelId: "meta.llama3-1-8b-instruct-v1:0" });
  });

});
