/**
 * One validation path for the chat function: each guard of ChatFunction, of the chat options, of
 * the model list (ChatAppRole) and of LambdaBundle refuses a value through the construct itself,
 * through ChatbotDataPlane and through the config file alike: the same field (under each entry
 * point's prefix), the same value, the same fix. What one entry point accepts, the others accept.
 */
import { App, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import type { AwsContext } from "../../../modules/core/aws-context";
import { ChatAppRole } from "../../../modules/function/chat-app-role";
import { ChatFunction, type ChatFunctionOptions, type ChatFunctionProps, chatFunctionProblems } from "../../../modules/function/chat-function";
import { chatOptionsProblems } from "../../../modules/function/chat-options";
import { LambdaBundle, lambdaBundleProblems } from "../../../modules/function/lambda-bundle";
import { ChatbotDataPlane, type ChatbotDataPlaneProps, chatbotDataPlaneProblems } from "../../../modules/stacks/chatbot-data-plane";
import { DataPlaneStack, type DataPlaneStackProps } from "../../../modules/stacks/data-plane-stack";
import { type Problem, PropError, describeProblem } from "../../../modules/core/validate";
import type { ModelAccess } from "../../../policies/documents/model-arns";
import { CHAT_LIMITS, CHAT_LIMIT_NAMES, chatLimitProblem } from "../../../contract/chat-limits";
import { chatRequestValidationProblems } from "../../../modules/api/chat-request-validation";
import { BASE_MODEL, PLACEHOLDER_FUNCTION_PROPS, config, fakeBundler, problemsOf, synthScope, withContext } from "../../helpers/terraform";

const dataPlaneProps: ChatbotDataPlaneProps = {
  namePrefix: "chatbot-test",
  models: [{ modelId: "amazon.nova-lite-v1:0" }],
  network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
  bundler: fakeBundler,
};

/** The problems a construct refuses its props with; fails unless it throws a PropError whose message names it, each field and each value. */
function refusal(construct: string, build: (scope: Construct, context: AwsContext) => void): Problem[] {
  try {
    withContext(build);
  } catch (error) {
    expect(error).toBeInstanceOf(PropError);
    const { problems, message } = error as PropError;
    expect(message).toMatch(new RegExp(`^${construct} '`));
    for (const problem of problems) expect(message).toContain(describeProblem(problem));
    return [...problems];
  }
  throw new Error(`expected ${construct} to refuse its props`);
}

const chatFunction = (props: Partial<ChatFunctionProps> | Record<string, unknown>) => (scope: Construct) =>
  new ChatFunction(scope, "chat", { ...PLACEHOLDER_FUNCTION_PROPS, ...props } as ChatFunctionProps);
const dataPlane = (props: Partial<ChatbotDataPlaneProps> | Record<string, unknown>) => (scope: Construct) =>
  new ChatbotDataPlane(scope, "chatbot", { ...dataPlaneProps, ...props } as ChatbotDataPlaneProps);
const appRole = (models: unknown) => (scope: Construct, context: AwsContext) =>
  new ChatAppRole(scope, "app", { namePrefix: "t", context, models: models as ModelAccess[], functionName: "f" });
const prefixed = (problem: Problem, prefix: string): Problem => ({ ...problem, field: `${prefix}.${problem.field}` });

describe("ChatFunction's options: the construct, ChatbotDataPlane's `function` and the config's `function` refuse alike", () => {
  test.each<[ChatFunctionOptions | Record<string, unknown>]>([
    [{ memorySizeMiB: 64 }],
    [{ memorySizeMiB: 10241 }],
    [{ timeoutSeconds: 0 }],
    [{ timeoutSeconds: 901 }],
    [{ reservedConcurrency: 0 }],
    [{ reservedConcurrency: 1001 }],
    [{ logRetentionDays: 10 }],
    [{ securityGroupId: "default" }],
    [{ securityGroupId: "sg-xyz" }],
    [{ xrayTracing: "yes" }],
  ])("%j", (options) => {
    const [key, value] = Object.entries(options)[0];
    const own = refusal("ChatFunction", chatFunction(options));
    expect(own).toEqual([{ field: key, value, fix: expect.any(String) }]);
    expect(refusal("ChatbotDataPlane", dataPlane({ function: options }))).toEqual([prefixed(own[0], "function")]);
    expect(problemsOf({ function: options })).toEqual([describeProblem(prefixed(own[0], "function"))]);
  });

  test.each<[ChatFunctionOptions]>([
    [{ memorySizeMiB: 128, timeoutSeconds: 1, reservedConcurrency: 1, logRetentionDays: 1 }],
    [{ memorySizeMiB: 10240, timeoutSeconds: 900, reservedConcurrency: 1000, logRetentionDays: 3653 }],
    [{ securityGroupId: "sg-0a1b2c3d", xrayTracing: false }],
  ])("the ends of each range are accepted by all three: %j", (options) => {
    expect(chatFunctionProblems(options)).toEqual([]);
    expect(() => synthScope(chatFunction(options))).not.toThrow();
    expect(chatbotDataPlaneProblems({ ...dataPlaneProps, function: options })).toEqual([]);
    expect(config({ function: options }).function).toMatchObject(options);
  });

  test("a bad option in a config file is reported with every other problem of the file, before anything is built", () => {
    const lines = problemsOf({ region: "Europe", function: { memorySizeMiB: 64, timeoutSeconds: 901 } });
    expect(lines).toEqual([
      expect.stringMatching(/^region: /),
      "function.memorySizeMiB: must be a whole number of MiB 128–10240 (Lambda's range) (got 64)",
      "function.timeoutSeconds: must be a whole number of seconds 1–900 (Lambda's limit) (got 901)",
    ]);
  });

  test("ChatbotDataPlane refuses a bad option before it builds anything, with its other problems", () => {
    const problems = refusal("ChatbotDataPlane", dataPlane({ namePrefix: "Bad_Name", function: { memorySizeMiB: 64 } }));
    expect(problems.map((p) => p.field)).toEqual(["namePrefix", "function.memorySizeMiB"]);
  });

  test.each<[string, Partial<ChatFunctionProps>, string]>([
    ["a name Lambda refuses", { functionName: "chat bot" }, "functionName"],
    ["an environment over Lambda's 4 KB", { environment: { SYSTEM_PROMPT: "x".repeat(5000) } }, "environment"],
    ["a KMS alias instead of a key", { kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/chatbot" }, "kmsKeyArn"],
  ])("props the config never sets are the construct's alone: %s", (_case, props, field) => {
    expect(refusal("ChatFunction", chatFunction(props)).map((p) => p.field)).toEqual([field]);
  });

  test("every problem is reported at once", () => {
    const problems = refusal("ChatFunction", chatFunction({ functionName: "chat bot", memorySizeMiB: 64, logRetentionDays: 10 }));
    expect(problems.map((p) => p.field)).toEqual(["functionName", "memorySizeMiB", "logRetentionDays"]);
  });

  test("values known only at plan time (tokens) are not judged", () => {
    synthScope((scope) => {
      const number = new TerraformVariable(scope, "number", { type: "number" }).numberValue;
      const text = new TerraformVariable(scope, "text", { type: "string" }).stringValue;
      // A boolean token is an IResolvable, not a boolean: the props' type cannot say so.
      const flag = new TerraformVariable(scope, "flag", { type: "bool" }).booleanValue as unknown as boolean;
      const options = { memorySizeMiB: number, timeoutSeconds: number, reservedConcurrency: number, logRetentionDays: number, securityGroupId: text, xrayTracing: flag };
      expect(chatFunctionProblems({ ...options, functionName: text, kmsKeyArn: text })).toEqual([]);
      expect(chatOptionsProblems({ maxMessageChars: number, maxOutputTokens: number, logContent: flag })).toEqual([]);
    });
  });
});

describe("the chat options: ChatbotDataPlane's `chat` and the config's `chat` refuse alike, by the function's own table", () => {
  test.each<[Record<string, unknown>]>([
    [{ maxMessageChars: 0 }],
    [{ maxHistoryTurns: 1001 }],
    [{ maxRequestBytes: 32 }],
    [{ maxOutputTokens: 2_000_000 }],
    [{ logContent: "yes" }],
  ])("%j", (chat) => {
    const [key, value] = Object.entries(chat)[0];
    const viaDataPlane = refusal("ChatbotDataPlane", dataPlane({ chat }));
    expect(viaDataPlane).toEqual([{ field: `chat.${key}`, value, fix: expect.any(String) }]);
    expect(chatOptionsProblems(chat, "chat")).toEqual(viaDataPlane);
    expect(problemsOf({ chat })).toEqual([describeProblem(viaDataPlane[0])]);
  });

  test.each(CHAT_LIMIT_NAMES)("%s is refused in the function's own words (chatLimitProblem), and by the API's request model alike", (name) => {
    const value = CHAT_LIMITS[name].min - 1;
    const [problem] = chatOptionsProblems({ [name]: value });
    expect(chatLimitProblem(name, value)).toBe(`${problem.fix}, got ${value}`);
    if (name !== "maxRequestBytes") expect(chatRequestValidationProblems({ limits: { [name]: value } })).toEqual([{ ...problem, field: `limits.${name}` }]);
  });

  test("a limit the function accepts passes all three and reaches its environment", () => {
    const chat = { maxMessageChars: 1, maxHistoryTurns: 0, maxRequestBytes: 64, maxOutputTokens: 1_000_000, logContent: true };
    expect(chatOptionsProblems(chat, "chat")).toEqual([]);
    expect(config({ chat }).chat).toEqual(chat);
    const json = synthScope(dataPlane({ chat }));
    const fn = Object.values(json.resource!.aws_lambda_function)[0] as { environment: { variables: Record<string, string> } };
    expect(fn.environment.variables).toMatchObject({ MAX_MESSAGE_CHARS: "1", MAX_HISTORY_TURNS: "0", MAX_REQUEST_BYTES: "64", MAX_OUTPUT_TOKENS: "1000000", LOG_CONTENT: "true" });
  });
});

describe("model ids: ChatAppRole, ChatbotDataPlane and the config's `models` refuse alike", () => {
  const ARN = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0";
  test.each<[string, ModelAccess[], unknown[], string, string]>([
    ["an ARN instead of an id", [{ modelId: ARN }], [ARN], "models[0].modelId", "models[0].id"],
    ["an ARN in the object form", [{ modelId: ARN }], [{ id: ARN }], "models[0].modelId", "models[0].id"],
    ["a display name", [{ modelId: "Nova Lite" }], ["Nova Lite"], "models[0].modelId", "models[0].id"],
    ["an upper-case id", [{ modelId: BASE_MODEL }, { modelId: "Amazon.Nova-Lite-v1:0" }], [BASE_MODEL, "Amazon.Nova-Lite-v1:0"], "models[1].modelId", "models[1].id"],
    ["a model listed twice", [{ modelId: BASE_MODEL }, { modelId: BASE_MODEL }], [BASE_MODEL, { id: BASE_MODEL }], "models[1]", "models[1]"],
  ])("%s", (_case, models, configModels, field, configField) => {
    const own = refusal("ChatAppRole", appRole(models));
    expect(own).toEqual([{ field, value: own[0].value, fix: expect.any(String) }]);
    expect(refusal("ChatbotDataPlane", dataPlane({ models }))).toEqual(own);
    expect(problemsOf({ models: configModels })).toEqual([describeProblem({ ...own[0], field: configField })]);
  });

  test("an empty list is refused by all three, each naming `models`", () => {
    expect(refusal("ChatAppRole", appRole([])).map((p) => p.field)).toEqual(["models"]);
    expect(refusal("ChatbotDataPlane", dataPlane({ models: [] })).map((p) => p.field)).toEqual(["models"]);
    expect(problemsOf({ models: [] })).toEqual([expect.stringMatching(/^models: list at least one Bedrock model id/)]);
  });

  test("an entry of the wrong shape is named, not a TypeError", () => {
    expect(refusal("ChatAppRole", appRole(["amazon.nova-lite-v1:0"]))).toEqual([{ field: "models[0]", value: "amazon.nova-lite-v1:0", fix: expect.stringMatching(/modelId/) }]);
    expect(problemsOf({ models: [5] })).toEqual([expect.stringMatching(/^models\[0\]: must be a Bedrock model id .*\(got 5\)$/)]);
  });

  test("foundation models and every kind of system profile pass all three, each in a region that offers it; a duplicate of a bad id is named once", () => {
    const inEuWest1 = [BASE_MODEL, "eu.anthropic.claude-sonnet-4-20250514-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"];
    const elsewhere = ["apac.amazon.nova-pro-v1:0", "us.amazon.nova-lite-v1:0", "jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "au.anthropic.claude-sonnet-4-5-20250929-v1:0"];
    const models = [...inEuWest1, ...elsewhere].map((modelId) => ({ modelId }));
    // The constructs see the region as a token: every region's ids are the judge.
    expect(() => withContext(appRole(models))).not.toThrow();
    expect(chatbotDataPlaneProblems({ ...dataPlaneProps, models })).toEqual([]);
    expect(config({ models: inEuWest1 }).models).toEqual(inEuWest1.map((modelId) => ({ modelId })));
    for (const [region, id] of [["ap-southeast-1", elsewhere[0]], ["us-east-1", elsewhere[1]], ["ap-northeast-1", elsewhere[2]], ["ap-southeast-2", elsewhere[3]]]) {
      expect(config({ region, models: [id] }).models).toEqual([{ modelId: id }]);
    }
    expect(problemsOf({ models: ["Nova Lite", "Nova Lite"] })).toEqual([expect.stringMatching(/^models\[0\]\.id: /), expect.stringMatching(/^models\[1\]\.id: /)]);
  });
});

describe("model ids by region: the config and DataPlaneStack judge by the stacks' region, the constructs (a token region) by every region's ids", () => {
  const stack = (props: Record<string, unknown>) => () =>
    new DataPlaneStack(new App(), "data", { ...dataPlaneProps, namePrefix: "chatbot-test", region: "eu-west-1", ...props } as DataPlaneStackProps);
  const stackProblems = (props: Record<string, unknown>): Problem[] => {
    try {
      stack(props)();
    } catch (error) {
      return [...(error as PropError).problems];
    }
    throw new Error("expected DataPlaneStack to refuse its props");
  };

  test("a foundation model served in eu-west-1 only through the eu. profile: the config and DataPlaneStack refuse it alike, naming the profile", () => {
    const fix = expect.stringMatching(/^is not invokable on demand in eu-west-1, only through a cross-region inference profile: did you mean "eu\.amazon\.nova-lite-v1:0"\? if Bedrock offers it there since the model list was taken .*allowedNewModels: \["amazon\.nova-lite-v1:0"\]/);
    const own = stackProblems({ models: [{ modelId: "amazon.nova-lite-v1:0" }] });
    expect(own).toEqual([{ field: "models[0].modelId", value: "amazon.nova-lite-v1:0", fix }]);
    expect(problemsOf({ models: ["amazon.nova-lite-v1:0"] })).toEqual([describeProblem({ ...own[0], field: "models[0].id" })]);
    // Where the region is a token, the id is known in some region: it passes (availability is left to the first request).
    expect(() => withContext(appRole([{ modelId: "amazon.nova-lite-v1:0" }]))).not.toThrow();
    expect(chatbotDataPlaneProblems({ ...dataPlaneProps, models: [{ modelId: "amazon.nova-lite-v1:0" }] })).toEqual([]);
  });

  test("a profile of another geography: refused in the stacks' region with the prefix that region uses", () => {
    expect(problemsOf({ region: "us-east-1", models: ["eu.amazon.nova-lite-v1:0"] })).toEqual([
      expect.stringMatching(/^models\[0\]\.id: the eu\. inference profile is not offered from us-east-1: did you mean "us\.amazon\.nova-lite-v1:0"\?/),
    ]);
    expect(stackProblems({ region: "us-east-1", models: [{ modelId: "eu.amazon.nova-lite-v1:0" }] })).toEqual([
      { field: "models[0].modelId", value: "eu.amazon.nova-lite-v1:0", fix: expect.stringMatching(/did you mean "us\.amazon\.nova-lite-v1:0"\?/) },
    ]);
  });

  test("a typo is refused by all four entry points, with the id meant: the region's form where the region is known", () => {
    const typo = [{ modelId: "amazon.nova-lite-v1" }];
    expect(refusal("ChatAppRole", appRole(typo))).toEqual([{ field: "models[0].modelId", value: "amazon.nova-lite-v1", fix: expect.stringMatching(/did you mean "amazon\.nova-lite-v1:0"\?/) }]);
    expect(refusal("ChatbotDataPlane", dataPlane({ models: typo }))).toEqual(refusal("ChatAppRole", appRole(typo)));
    expect(stackProblems({ models: typo })).toEqual([{ field: "models[0].modelId", value: "amazon.nova-lite-v1", fix: expect.stringMatching(/did you mean "eu\.amazon\.nova-lite-v1:0"\?/) }]);
    expect(problemsOf({ models: ["amazon.nova-lite-v1"] })).toEqual([expect.stringMatching(/^models\[0\]\.id: is not a model id Bedrock offers in eu-west-1: did you mean "eu\.amazon\.nova-lite-v1:0"\?/)]);
  });

  test("allowedNewModels lets a model newer than the list through all four, and nothing else", () => {
    const models = [{ modelId: "vendor.model-v9:0" }];
    const allowedNewModels = ["vendor.model-v9:0"];
    expect(() => withContext((scope, context) => new ChatAppRole(scope, "app", { namePrefix: "t", context, models, allowedNewModels, functionName: "f" }))).not.toThrow();
    expect(chatbotDataPlaneProblems({ ...dataPlaneProps, models, allowedNewModels })).toEqual([]);
    expect(stack({ models, allowedNewModels })).not.toThrow();
    expect(config({ models: ["vendor.model-v9:0"], allowedNewModels }).models).toEqual(models);
    // It admits exactly the ids it lists: another unknown id beside it is still refused.
    expect(problemsOf({ models: ["vendor.model-v9:0", "vendor.model-v8:0"], allowedNewModels })).toEqual([expect.stringMatching(/^models\[1\]\.id: is not a model id Bedrock offers/)]);
  });

  test("a malformed allowedNewModels entry is refused, so that it cannot hide a typo", () => {
    expect(problemsOf({ allowedNewModels: ["Vendor Model"] })).toEqual([expect.stringMatching(/^allowedNewModels\[0\]: must be a Bedrock model id .*\(got "Vendor Model"\)$/)]);
    expect(problemsOf({ allowedNewModels: "vendor.model-v9:0" })).toEqual([expect.stringMatching(/^allowedNewModels: list model ids/)]);
    expect(refusal("ChatbotDataPlane", dataPlane({ allowedNewModels: ["arn:aws:bedrock:eu-west-1::foundation-model/x.y"] })).map((p) => p.field)).toEqual(["allowedNewModels[0]"]);
  });

  test("a region the list does not cover (GovCloud, a region newer than the list) judges by every region's ids: a us-gov. profile of a known model passes, a typo does not", () => {
    const govCloud = { region: "us-gov-west-1", admin: { principalArns: ["arn:aws-us-gov:iam::111122223333:role/PlatformTeam"] } };
    expect(config({ ...govCloud, models: ["us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0"] }).models).toEqual([{ modelId: "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0" }]);
    expect(problemsOf({ ...govCloud, models: ["us-gov.anthropic.claude-sonnet-4-5"] })).toEqual([
      expect.stringMatching(/^models\[0\]\.id: is not a model id Bedrock offers in any region of the model list \(the model list does not cover us-gov-west-1: .*did you mean "us-gov\.anthropic\.claude-sonnet-4-5-20250929-v1:0"\?/),
    ]);
  });

  test("a model id that is a token passes everywhere (its value is known at plan time)", () => {
    const token = (scope: Construct) => new TerraformVariable(scope, "model", { type: "string" }).stringValue;
    expect(() => withContext((scope, context) => new ChatAppRole(scope, "app", { namePrefix: "t", context, models: [{ modelId: token(scope) }], functionName: "f" }))).not.toThrow();
  });
});

describe("LambdaBundle: the construct and ChatbotDataPlane's `bundler` (the config has no bundle settings)", () => {
  test("a bundler that is not a function is refused by both before anything is bundled", () => {
    const own = refusal("LambdaBundle", (scope) => new LambdaBundle(scope, "bundle", { bundler: "esbuild" as never }));
    expect(own).toEqual([{ field: "bundler", value: "esbuild", fix: expect.stringMatching(/function/) }]);
    expect(refusal("ChatbotDataPlane", dataPlane({ bundler: "esbuild" }))).toEqual(own);
  });

  test.each([
    [{ fileName: "src/index.js" }, "fileName"],
    [{ fileName: "index.ts" }, "fileName"],
    [{ workDir: "" }, "workDir"],
  ])("%j is refused", (props, field) => {
    let bundled = false;
    const bundler = () => ((bundled = true), { code: Buffer.from("exports.handler = 1;") });
    expect(refusal("LambdaBundle", (scope) => new LambdaBundle(scope, "bundle", { bundler, ...props })).map((p) => p.field)).toEqual([field]);
    expect(bundled).toBe(false);
  });

  test("index.mjs and the default name pass", () => {
    expect(lambdaBundleProblems({ bundler: fakeBundler, fileName: "index.mjs" })).toEqual([]);
    expect(lambdaBundleProblems({ bundler: fakeBundler })).toEqual([]);
  });
});
