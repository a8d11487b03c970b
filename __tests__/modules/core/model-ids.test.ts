/**
 * The model list's check as every entry point runs it (modelsProblems): the id's form first, then
 * what Bedrock offers in the region, with the id most likely meant; allowedNewModels as the way
 * past a list older than the model; tokens left to plan time. Entry-point parity (the config,
 * DataPlaneStack, ChatbotDataPlane, ChatAppRole) is in function/function-guards.test.ts.
 */
import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { allowedNewModelsProblems, modelsProblems } from "../../../modules/core/model-ids";

const ids = (...modelIds: string[]) => modelIds.map((modelId) => ({ modelId }));
const fixesOf = (...args: Parameters<typeof modelsProblems>) => modelsProblems(...args).map((problem) => problem.fix);

describe("modelsProblems", () => {
  test("a typo is refused with the id meant: the `:0` left off", () => {
    expect(modelsProblems(ids("amazon.nova-lite-v1"), "models", { region: "us-east-1" })).toEqual([
      { field: "models[0].modelId", value: "amazon.nova-lite-v1", fix: expect.stringMatching(/^is not a model id Bedrock offers in us-east-1: did you mean "amazon\.nova-lite-v1:0"\?/) },
    ]);
  });

  test("a version left off is completed, not mistaken for the next model one edit away", () => {
    expect(fixesOf(ids("anthropic.claude-sonnet-4-5"), "models", { region: "us-east-1" })).toEqual([expect.stringMatching(/did you mean "us\.anthropic\.claude-sonnet-4-5-20250929-v1:0"\?/)]);
  });

  test("a model no region offers (retired, or newer than the list) is refused, and the fix names the escape hatch with the id", () => {
    expect(fixesOf(ids("anthropic.claude-3-5-haiku-20241022-v1:0"), "models", { region: "us-east-1" })).toEqual([
      expect.stringMatching(
        /^is not a model id Bedrock offers in us-east-1, nor in any other region of the model list; if Bedrock offers it there since the model list was taken \(\d{4}-\d{2}-\d{2}, policies\/catalogue\/bedrock-models\.json\), allow it with allowedNewModels: \["anthropic\.claude-3-5-haiku-20241022-v1:0"\]/,
      ),
    ]);
  });

  test("an eu. profile in us-east-1 names the prefix that region uses", () => {
    expect(fixesOf(ids("eu.amazon.nova-lite-v1:0"), "models", { region: "us-east-1" })).toEqual([
      expect.stringMatching(/^the eu\. inference profile is not offered from us-east-1: did you mean "us\.amazon\.nova-lite-v1:0"\? \(or "amazon\.nova-lite-v1:0"\)/),
    ]);
    expect(fixesOf(ids("us.amazon.nova-lite-v1:0"), "models", { region: "eu-west-1" })).toEqual([expect.stringMatching(/did you mean "eu\.amazon\.nova-lite-v1:0"\?/)]);
  });

  test("a foundation model served in the region only through profiles is refused, naming the profile", () => {
    expect(fixesOf(ids("amazon.nova-pro-v1:0"), "models", { region: "eu-central-1" })).toEqual([
      expect.stringMatching(/^is not invokable on demand in eu-central-1, only through a cross-region inference profile: did you mean "eu\.amazon\.nova-pro-v1:0"\?/),
    ]);
  });

  test("a model the region does not offer in any form says where it is offered", () => {
    expect(fixesOf(ids("us.meta.llama3-3-70b-instruct-v1:0"), "models", { region: "eu-west-1" })).toEqual([
      expect.stringMatching(/^Bedrock does not offer meta\.llama3-3-70b-instruct-v1:0 in eu-west-1 \(the model list has it in us-east-1, us-east-2, us-west-2\)/),
    ]);
  });

  test("what the region offers passes: a foundation model on demand, a geographic and a global profile", () => {
    expect(modelsProblems(ids("amazon.nova-lite-v1:0", "us.amazon.nova-lite-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"), "models", { region: "us-east-1" })).toEqual([]);
  });

  test("allowedNewModels admits exactly the ids it lists, in any region", () => {
    expect(modelsProblems(ids("vendor.model-v9:0"), "models", { region: "us-east-1", allowedNewModels: ["vendor.model-v9:0"] })).toEqual([]);
    expect(modelsProblems(ids("amazon.nova-lite-v1:0"), "models", { region: "eu-west-1", allowedNewModels: ["amazon.nova-lite-v1:0"] })).toEqual([]);
    expect(modelsProblems(ids("vendor.model-v9:0"), "models", { region: "us-east-1", allowedNewModels: ["vendor.model-v8:0"] })).toHaveLength(1);
  });

  test("allowedNewModels does not admit a malformed id: the form is checked before the list", () => {
    expect(fixesOf(ids("Vendor Model"), "models", { allowedNewModels: ["Vendor Model"] })).toEqual([expect.stringMatching(/^must be a Bedrock model id/)]);
  });

  test("an ARN is refused for its form, with the reason, before the list is consulted", () => {
    expect(fixesOf(ids("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"), "models", { region: "us-east-1" })).toEqual([
      "give the model or inference-profile id, not its ARN (the ARNs are derived per partition, region and account)",
    ]);
  });

  test("no region, or a region the list does not cover: every region's ids are the judge, and the fix says so", () => {
    expect(modelsProblems(ids("amazon.nova-lite-v1:0", "eu.amazon.nova-lite-v1:0", "apac.amazon.nova-pro-v1:0"), "models")).toEqual([]);
    expect(fixesOf(ids("amazon.nova-lite-v1"), "models")).toEqual([expect.stringMatching(/^is not a model id Bedrock offers in any region of the model list \(checked against every region's ids: the region is known only at plan time\): did you mean "amazon\.nova-lite-v1:0"\?/)]);
    expect(fixesOf(ids("amazon.nova-lite-v1"), "models", { region: "cn-north-1" })).toEqual([expect.stringMatching(/\(the model list does not cover cn-north-1: checked against every region's ids\)/)]);
  });

  test("tokens pass: a model id, the region and the allow-list may be known only at plan time", () => {
    const stack = new TerraformStack(Testing.app(), "tokens");
    const variable = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
    expect(modelsProblems(ids(variable("model")), "models", { region: "eu-west-1" })).toEqual([]);
    // A token region judges by every region's ids: known ids pass, typos do not.
    expect(modelsProblems(ids("amazon.nova-lite-v1:0"), "models", { region: variable("region") })).toEqual([]);
    expect(modelsProblems(ids("amazon.nova-lite-v1"), "models", { region: variable("region2") })).toHaveLength(1);
    const tokenList = new TerraformVariable(stack, "allowed", { type: "list(string)" }).listValue;
    expect(allowedNewModelsProblems("allowedNewModels", tokenList)).toEqual([]);
  });

  test("a duplicate is named once, under the second entry", () => {
    expect(modelsProblems(ids("amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"), "models", { region: "us-east-1" })).toEqual([
      { field: "models[1]", value: "amazon.nova-lite-v1:0", fix: expect.stringMatching(/listed twice/) },
    ]);
  });
});

describe("allowedNewModelsProblems", () => {
  test("well-formed ids pass; anything else is named by its index or as a whole", () => {
    expect(allowedNewModelsProblems("allowedNewModels", undefined)).toEqual([]);
    expect(allowedNewModelsProblems("allowedNewModels", ["vendor.model-v9:0", "eu.vendor.model-v9:0"])).toEqual([]);
    expect(allowedNewModelsProblems("allowedNewModels", ["vendor.model-v9:0", "Vendor Model", "arn:aws:bedrock:us-east-1::foundation-model/x.y"])).toEqual([
      { field: "allowedNewModels[1]", value: "Vendor Model", fix: expect.stringMatching(/^must be a Bedrock model id/) },
      { field: "allowedNewModels[2]", value: "arn:aws:bedrock:us-east-1::foundation-model/x.y", fix: expect.stringMatching(/not its ARN/) },
    ]);
    expect(allowedNewModelsProblems("allowedNewModels", "vendor.model-v9:0" as never)).toEqual([{ field: "allowedNewModels", value: "vendor.model-v9:0", fix: expect.stringMatching(/^list model ids/) }]);
  });
});
