/**
 * The chat function's environment and Lambda's 4 KB: systemPromptSizeProblems measures a prompt
 * against what the other variables take at their longest, in bytes, and names the room left.
 * Through ChatbotDataPlane and the configuration: chatbot-data-plane.test.ts.
 */
import { Lazy } from "cdktf";
import { LONGEST, LONGEST_GUARDRAIL_ARN } from "../../../policies/deployability/aws-limits";
import { environmentBytes } from "../../../modules/function/chat-function";
import { type FunctionEnvironmentProps, functionEnvironment, systemPromptSizeProblems } from "../../../modules/stacks/chat-function-environment";

const base: FunctionEnvironmentProps = { models: [{ modelId: "amazon.nova-lite-v1:0" }] };
// MODEL_ID=amazon.nova-lite-v1:0 (8 + 21) and, buffered, REQUEST_TIMEOUT_MS=28000 (18 + 5).
const BASE_SHARE = 52;
const token = () => Lazy.stringValue({ produce: () => "resolved later" });

describe("systemPromptSizeProblems", () => {
  test("the longest prompt that fits passes; one byte more names its size, the others' share, the limit and the room", () => {
    expect(systemPromptSizeProblems({ ...base, systemPrompt: "x".repeat(4031) }, "systemPrompt")).toEqual([]);
    expect(environmentBytes(functionEnvironment({ ...base, systemPrompt: "x".repeat(4031) }, { responseMode: "BUFFERED", integrationTimeoutMs: 29000 }))).toBe(4096);
    expect(systemPromptSizeProblems({ ...base, systemPrompt: "x".repeat(4032) }, "systemPrompt")).toEqual([
      {
        field: "systemPrompt",
        value: 4032,
        fix:
          `is 4,032 bytes; with the function's other variables (model id, guardrail, limits, CORS origins: up to ${BASE_SHARE} bytes) its environment would reach 4,097 bytes, ` +
          "over Lambda's 4,096-byte limit on all names and values: shorten the prompt to at most 4,031 bytes (UTF-8)",
      },
    ]);
  });

  test("bytes are counted, not characters: 2,016 two-byte characters do not fit", () => {
    expect(systemPromptSizeProblems({ ...base, systemPrompt: "é".repeat(2016) }, "systemPrompt")).toEqual([expect.objectContaining({ value: 4032 })]);
  });

  test("the other variables count as the function will get them: limits, CORS origins, no buffered deadline when streaming", () => {
    const shareOf = (props: Partial<Parameters<typeof systemPromptSizeProblems>[0]>) =>
      Number(/up to ([\d,]+) bytes/.exec(systemPromptSizeProblems({ ...base, ...props, systemPrompt: "x".repeat(5000) }, "p")[0].fix)?.[1].replace(/,/g, ""));
    expect(shareOf({})).toBe(BASE_SHARE);
    expect(shareOf({ chat: { maxOutputTokens: 2048 } })).toBe(BASE_SHARE + "MAX_OUTPUT_TOKENS".length + 4);
    expect(shareOf({ api: { cors: { allowedOrigins: ["https://chat.example.com"] } } })).toBe(BASE_SHARE + "CORS_ALLOWED_ORIGINS".length + "https://chat.example.com".length);
    expect(shareOf({ api: { responseMode: "STREAM" } })).toBe(BASE_SHARE - "REQUEST_TIMEOUT_MS".length - 5);
  });

  test("a guardrail that is still a token (the control plane's output) counts at its longest ARN and version", () => {
    const [problem] = systemPromptSizeProblems({ ...base, systemPrompt: "x".repeat(4000), guardrail: { guardrailArn: token(), guardrailVersion: token() } }, "systemPrompt");
    const longest = BASE_SHARE + "GUARDRAIL_IDENTIFIER".length + LONGEST_GUARDRAIL_ARN.length + "GUARDRAIL_VERSION".length + LONGEST.guardrailVersion.length;
    expect(problem.fix).toContain(`up to ${longest} bytes`);
  });

  test("nothing to say about no prompt, a blank one (its own check), a token, or props wrong elsewhere (their own checks say so)", () => {
    expect(systemPromptSizeProblems(base, "systemPrompt")).toEqual([]);
    expect(systemPromptSizeProblems({ ...base, systemPrompt: "   " }, "systemPrompt")).toEqual([]);
    expect(systemPromptSizeProblems({ ...base, systemPrompt: token() }, "systemPrompt")).toEqual([]);
    const wrong = { models: "nova", chat: null, guardrail: 42, api: { cors: { allowedOrigins: "*" } }, systemPrompt: "x".repeat(5000) } as unknown as FunctionEnvironmentProps;
    expect(systemPromptSizeProblems(wrong, "systemPrompt")).toEqual([expect.objectContaining({ field: "systemPrompt", value: 5000 })]);
  });
});
