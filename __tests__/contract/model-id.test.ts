/**
 * One rule for what a model id looks like (contract/model-id.ts): the chat function refuses a
 * MODEL_ID exactly when synth refuses the id's form, so a value that passes one cannot fail the
 * other, and no ARN gets through either.
 */
import fc from "fast-check";
import { modelIdFault } from "../../contract/model-id";
import { loadConfig } from "../../functions/chat/core/config";
import { ChatConfigError } from "../../functions/chat/core/errors";
import { allowedNewModelsProblems, modelsProblems } from "../../modules/core/model-ids";
import { KNOWN_FOUNDATION_MODELS, KNOWN_INFERENCE_PROFILES } from "../../policies/catalogue/bedrock-models";

/** The function's verdict: its configuration loads with this MODEL_ID. */
function functionAccepts(modelId: string): boolean {
  try {
    loadConfig({ MODEL_ID: modelId });
    return true;
  } catch (error) {
    if (error instanceof ChatConfigError && error.variable === "MODEL_ID") return false;
    throw error;
  }
}

/** Synth's verdict on the form alone: the list is stepped past with allowedNewModels, which is itself held to the form. */
function synthAcceptsForm(modelId: string): boolean {
  return modelsProblems([{ modelId }], "models", { allowedNewModels: [modelId] }).length === 0 && allowedNewModelsProblems("allowedNewModels", [modelId]).length === 0;
}

const SAMPLES = [
  "amazon.nova-lite-v1:0",
  "eu.anthropic.claude-sonnet-4-20250514-v1:0",
  "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-opus-4-6-v1",
  "deepseek.v3.2",
  "amazon.nova-lite-v1",
  "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
  "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-lite-v1:0",
  "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6",
  "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/a1b2c3d4e5f6",
  "Amazon.Nova-Lite-v1:0",
  "nova",
  "amazon.nova lite",
  "amazon.nova-lite-v1:0\n",
  "amazon..nova",
  ".amazon.nova",
  "amazon.nova-lite-v1:",
  `amazon.${"x".repeat(250)}`,
  "",
];

describe("the model id's form, one rule for the function and for synth", () => {
  test.each(SAMPLES.filter((sample) => sample !== "").map((sample) => [JSON.stringify(sample), sample]))("%s: the function and synth agree", (_label, sample) => {
    expect(functionAccepts(sample)).toBe(synthAcceptsForm(sample));
    expect(functionAccepts(sample)).toBe(modelIdFault(sample) === undefined);
  });

  test("they agree on any string (property)", () => {
    const idLike = fc.stringMatching(/^[a-z0-9.:-]{1,40}$/);
    fc.assert(
      fc.property(fc.oneof(idLike, fc.string({ maxLength: 60 }), fc.constantFrom(...SAMPLES)), (value) => {
        // An empty MODEL_ID is "absent" to the function (required); synth's list has no empty entries to compare.
        fc.pre(value !== "");
        return functionAccepts(value) === synthAcceptsForm(value);
      }),
      { numRuns: 500 },
    );
  });

  test("neither accepts an ARN of any kind, and both say to give the id", () => {
    for (const arn of SAMPLES.filter((sample) => sample.startsWith("arn:"))) {
      expect(functionAccepts(arn)).toBe(false);
      expect(modelIdFault(arn)).toMatch(/^give the model or inference-profile id, not its ARN/);
      expect(() => loadConfig({ MODEL_ID: arn })).toThrow(/^MODEL_ID give the model or inference-profile id, not its ARN/);
    }
  });

  test("the function accepts every id of the model list (synth can only ever write one of those, or an allowed new one)", () => {
    const refused = [...KNOWN_FOUNDATION_MODELS, ...KNOWN_INFERENCE_PROFILES].filter((id) => !functionAccepts(id));
    expect(refused).toEqual([]);
  });

  test("a model id of more than 256 characters is refused by both", () => {
    const long = `amazon.${"x".repeat(250)}`;
    expect(long.length).toBeGreaterThan(256);
    expect(functionAccepts(long)).toBe(false);
    expect(synthAcceptsForm(long)).toBe(false);
  });
});
