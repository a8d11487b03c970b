/**
 * Integration: the BUNDLED handler (the bytes Lambda would load as index.js), with the real SDK
 * client, against the bedrock-runtime stand-in on loopback (HTTP/1.1 as the function speaks it, eventstream frames, AWS error
 * shapes). Bundles once for the whole file. Never calls AWS.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSse } from "../../functions/chat/core/sse";
import { type BedrockStandIn, DEFAULT_ANSWER, startBedrockStandIn } from "../../dev/bedrock-stand-in";
import { CapturedResponse, installAwsLambdaGlobal, isStreamifiedHandler, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";
import { bundleChatFunction, CHAT_FUNCTION_ENTRY } from "../../modules/function/bundling/chat-bundle";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const GUARDRAIL_ARN = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456";
const ENV = {
  MODEL_ID: MODEL,
  SYSTEM_PROMPT: "You are a helpful assistant.",
  GUARDRAIL_IDENTIFIER: GUARDRAIL_ARN,
  GUARDRAIL_VERSION: "4",
  MAX_OUTPUT_TOKENS: "400",
  BEDROCK_MAX_ATTEMPTS: "2",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIDINTEGRATION",
  AWS_SECRET_ACCESS_KEY: "integration-secret",
  AWS_SESSION_TOKEN: "integration-token",
};

interface BundledModule {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;
  streamingHandler: (event: unknown, stream: unknown, context: unknown) => Promise<void>;
}

let code: Buffer;
let dir: string;
let standIn: BedrockStandIn;
let bundled: BundledModule;
let uninstall: () => void;
const savedEnv: Record<string, string | undefined> = {};
const stdout: string[] = [];

beforeAll(async () => {
  code = bundleChatFunction().code;
  dir = mkdtempSync(join(tmpdir(), "chat-bundle-"));
  writeFileSync(join(dir, "index.js"), code);
  standIn = await startBedrockStandIn();
  for (const [key, value] of Object.entries({ ...ENV, BEDROCK_ENDPOINT: standIn.url })) {
    savedEnv[key] = process.env[key];
    process.env[key] = value;
  }
  uninstall = installAwsLambdaGlobal();
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  bundled = require(join(dir, "index.js")) as BundledModule;
});

afterAll(async () => {
  jest.restoreAllMocks();
  uninstall?.();
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await standIn?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  standIn.requests.length = 0;
  standIn.setDefault({ type: "answer" });
  stdout.length = 0;
});

const chat = (body: unknown) => proxyEvent({ body: JSON.stringify(body) });

async function streamed(body: unknown, timeoutMs = 30_000) {
  const response = new CapturedResponse();
  await bundled.streamingHandler(chat(body), response.stream, lambdaContext(timeoutMs));
  await response.finished;
  return { response, ...response.result() };
}

describe("the bundle", () => {
  it("is one CommonJS file under 250 KB, with no absolute paths, exporting both entry points", () => {
    expect(code.length).toBeLessThanOrEqual(250 * 1024);
    expect(code.includes(Buffer.from(join(CHAT_FUNCTION_ENTRY, "..", "..", "..")))).toBe(false);
    expect(typeof bundled.handler).toBe("function");
    expect(isStreamifiedHandler(bundled.streamingHandler)).toBe(true);
  });
});

describe("buffered, against the stand-in", () => {
  it("answers from Converse over signed HTTP/1.1 with the server-side prompt, guardrail and limits", async () => {
    const result = await bundled.handler(chat({ message: "Hello?", history: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hey" }] }), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      content: DEFAULT_ANSWER,
      stopReason: "end_turn",
      completeness: "complete",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), totalTokens: expect.any(Number) },
      metrics: { latencyMs: 1 },
      modelId: MODEL,
      guardrailIntervened: false,
    });
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request).toMatchObject({ operation: "converse", modelId: MODEL, httpVersion: "1.1" });
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDINTEGRATION\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
    expect(request!.headers["x-amz-security-token"]).toBe("integration-token");
    expect(request!.body).toEqual({
      system: [{ text: "You are a helpful assistant." }],
      messages: [
        { role: "user", content: [{ text: "Hi" }] },
        { role: "assistant", content: [{ text: "Hey" }] },
        { role: "user", content: [{ text: "Hello?" }] },
      ],
      inferenceConfig: { maxTokens: 400 },
      guardrailConfig: { guardrailIdentifier: GUARDRAIL_ARN, guardrailVersion: "4", trace: "disabled" },
    });
  });

  it("answers 429 with Retry-After once the bounded retries are spent on throttling", async () => {
    standIn.setDefault({ type: "error", status: 429, errorType: "ThrottlingException", message: "Too many tokens, please wait." });
    const result = await bundled.handler(chat({ message: "Hi" }), lambdaContext());
    expect(result.statusCode).toBe(429);
    expect(result.headers?.["retry-after"]).toMatch(/^\d+$/);
    expect(JSON.parse(result.body)).toEqual({ error: { code: "THROTTLED", message: expect.any(String) } });
    expect(standIn.requests).toHaveLength(2); // BEDROCK_MAX_ATTEMPTS
  });

  it("answers a generic 502 for access denied, naming no ARN", async () => {
    standIn.enqueue({ type: "error", status: 403, errorType: "AccessDeniedException", message: `User is not authorized to perform bedrock:InvokeModel on ${GUARDRAIL_ARN}` });
    const result = await bundled.handler(chat({ message: "Hi" }), lambdaContext());
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body).error.code).toBe("UPSTREAM_ERROR");
    expect(result.body).not.toMatch(/arn:|123456789012/);
  });

  it("answers 504 when a slow model runs past the deadline", async () => {
    standIn.enqueue({ type: "answer", delayMs: 10_000 });
    const result = await bundled.handler(chat({ message: "Hi" }), lambdaContext(1_500));
    expect(result.statusCode).toBe(504);
    expect(JSON.parse(result.body).error.code).toBe("DEADLINE_EXCEEDED");
    const log = stdout.map((line) => JSON.parse(line)).find((record) => record.code === "DEADLINE_EXCEEDED");
    expect(log).toMatchObject({ msg: "chat.request", outcome: "deadline", modelId: MODEL });
  });

  it("reports a guardrail intervention", async () => {
    standIn.enqueue({ type: "guardrail", text: "Sorry, that topic is blocked." });
    const body = JSON.parse((await bundled.handler(chat({ message: "Hi" }), lambdaContext())).body);
    expect(body).toMatchObject({ content: "Sorry, that topic is blocked.", stopReason: "guardrail_intervened", guardrailIntervened: true });
  });
});

describe("streamed, against the stand-in", () => {
  it("streams the answer as SSE from ConverseStream event-stream frames", async () => {
    standIn.enqueue({ type: "answer", text: "Streaming works, one piece at a time.", chunkChars: 5 });
    const { statusCode, headers, body, response } = await streamed({ message: "Hi" });
    expect(statusCode).toBe(200);
    expect(headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(body);
    expect(events[0]).toEqual({ event: "start", data: { modelId: MODEL } });
    expect(events.filter((event) => event.event === "delta").length).toBe(8);
    expect(events.filter((event) => event.event === "delta").map((event) => (event.data as { text: string }).text).join("")).toBe("Streaming works, one piece at a time.");
    expect(events.at(-1)).toEqual({
      event: "done",
      data: { stopReason: "end_turn", completeness: "complete", usage: { inputTokens: expect.any(Number), outputTokens: 10, totalTokens: expect.any(Number) }, metrics: { latencyMs: 1 }, modelId: MODEL, guardrailIntervened: false },
    });
    expect(response.stream.writableEnded).toBe(true);
    expect(standIn.requests[0]).toMatchObject({ operation: "converse-stream", body: expect.objectContaining({ guardrailConfig: expect.objectContaining({ streamProcessingMode: "sync" }) }) });
  });

  it("turns a mid-stream exception frame into an error event and a clean end", async () => {
    standIn.enqueue({ type: "midStreamError", text: "half an answer", exceptionMember: "modelStreamErrorException", message: `failed on ${GUARDRAIL_ARN}` });
    const { statusCode, body, response } = await streamed({ message: "Hi" });
    expect(statusCode).toBe(200);
    const events = parseSse(body);
    expect(events.map((event) => event.event)).toEqual(["start", "delta", "delta", "error"]);
    expect(events.at(-1)).toEqual({ event: "error", data: { error: { code: "MODEL_ERROR", message: expect.any(String) } } });
    expect(body).not.toMatch(/arn:|123456789012/);
    expect(response.stream.writableEnded).toBe(true);
  });

  it("answers 429 JSON when throttled before the stream starts", async () => {
    standIn.setDefault({ type: "error", status: 429, errorType: "ThrottlingException" });
    const { statusCode, headers, body } = await streamed({ message: "Hi" });
    expect(statusCode).toBe(429);
    expect(headers["retry-after"]).toMatch(/^\d+$/);
    expect(JSON.parse(body).error.code).toBe("THROTTLED");
  });

  it("answers 504 JSON when the model is too slow to start (the SDK yields the stream with its first event)", async () => {
    standIn.enqueue({ type: "answer", text: "never arrives", delayMs: 10_000 });
    const { statusCode, body, response } = await streamed({ message: "Hi" }, 1_500);
    expect(statusCode).toBe(504);
    expect(JSON.parse(body)).toEqual({ error: { code: "DEADLINE_EXCEEDED", message: expect.any(String) } });
    expect(response.stream.writableEnded).toBe(true);
  });

  it("ends with a DEADLINE_EXCEEDED error event when the model stalls mid-stream", async () => {
    standIn.enqueue({ type: "answer", text: "first, then silence", chunkChars: 6, chunkDelayMs: 10_000 });
    const { statusCode, body, response } = await streamed({ message: "Hi" }, 1_500);
    expect(statusCode).toBe(200);
    expect(parseSse(body)).toEqual([
      { event: "start", data: { modelId: MODEL } },
      { event: "delta", data: { text: "first," } },
      { event: "error", data: { error: { code: "DEADLINE_EXCEEDED", message: expect.any(String) } } },
    ]);
    expect(response.stream.writableEnded).toBe(true);
  });

  it("reports a guardrail intervention in the done event", async () => {
    standIn.enqueue({ type: "guardrail", text: "Blocked by policy." });
    const events = parseSse((await streamed({ message: "Hi" })).body);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { stopReason: "guardrail_intervened", guardrailIntervened: true } });
  });
});
