/**
 * The bundled handler at the edges, against the stand-in's fault modes: answers cut short, the
 * network and proxies failing, odd proxy events, the retry policy against the deadline, the
 * limits, and usage. Each case is one of the findings of the black-box review (the describe
 * names say which); each fails on the function as it was before the fix.
 */
import { parseSse } from "../../functions/chat/core/sse";
import { type Behaviour, type BedrockStandIn, DEFAULT_ANSWER, type Fault, startBedrockStandIn } from "../../dev/bedrock-stand-in";
import { CapturedResponse, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";
import { type BundledChat, type LoadedBundle, loadBundledChat, streamFrom } from "../helpers/bundled-chat";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const LEAKS = /arn:aws|\d{12}|\n\s+at |Error:|\.ts:\d|\.js:\d|stand-in|checksum|InternalFailure/;

let standIn: BedrockStandIn;
let loaded: LoadedBundle;
let bundled: BundledChat;

beforeAll(async () => {
  standIn = await startBedrockStandIn();
  loaded = loadBundledChat({
    MODEL_ID: MODEL,
    MAX_OUTPUT_TOKENS: "400",
    BEDROCK_MAX_ATTEMPTS: "2",
    BEDROCK_ENDPOINT: standIn.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDFAULTS",
    AWS_SECRET_ACCESS_KEY: "faults-secret",
  });
  bundled = loaded.bundled;
});

afterAll(async () => {
  loaded?.unload();
  await standIn?.close();
});

beforeEach(() => {
  standIn.requests.length = 0;
  standIn.setDefault({ type: "answer" });
  loaded.clearLogs();
});

const chat = (body: unknown) => proxyEvent({ body: JSON.stringify(body) });
const hi = () => chat({ message: "Hi" });
const lastLog = () => loaded.logs().at(-1) ?? {};

describe("1. an answer is done only when Bedrock said it ended", () => {
  it.each<[string, Fault, string]>([
    ["a stream that ends cleanly after three deltas, without messageStop or metadata", "endAfterText", "UPSTREAM_INCOMPLETE"],
    ["an empty event stream", "emptyBody", "UPSTREAM_INCOMPLETE"],
    ["messageStop without metadata", "noMetadata", "UPSTREAM_INCOMPLETE"],
  ])("streamed: %s ends with an error event, not done", async (_label, fault, code) => {
    standIn.enqueue({ type: "fault", fault, text: "one two three four five six seven" });
    const { statusCode, body } = await streamFrom(bundled, hi());
    expect(statusCode).toBe(200);
    const events = parseSse(body);
    expect(events[0]?.event).toBe("start");
    expect(events.map((event) => event.event)).not.toContain("done");
    expect(events.at(-1)).toEqual({ event: "error", data: { error: { code, message: expect.any(String) } } });
    expect(lastLog()).toMatchObject({ level: "error", outcome: "upstream_error", code, errorName: "UpstreamIncompleteError", errorMessage: expect.stringMatching(/ended without (messageStop|metadata)/) });
  });

  it("streamed: the deltas that did arrive are still delivered before the error", async () => {
    standIn.enqueue({ type: "fault", fault: "endAfterText", text: "abcdefgh12345678ABCDEFGH" });
    const events = parseSse((await streamFrom(bundled, hi())).body);
    expect(events.map((event) => event.event)).toEqual(["start", "delta", "delta", "delta", "error"]);
  });

  it.each<[string, Fault]>([
    ["an empty 200 body", "emptyBody"],
    ["a body cut half-way", "cutBody"],
  ])("buffered: %s answers 502 UPSTREAM_INCOMPLETE, logged as an error with the cause", async (_label, fault) => {
    standIn.setDefault({ type: "fault", fault });
    const result = await bundled.handler(hi(), lambdaContext());
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body)).toEqual({ error: { code: "UPSTREAM_INCOMPLETE", message: expect.any(String) } });
    expect(lastLog()).toMatchObject({ level: "error", outcome: "upstream_error", code: "UPSTREAM_INCOMPLETE" });
    // A cut answer may have been billed: it is not retried.
    expect(standIn.requests).toHaveLength(1);
  });
});

describe("2. network and upstream failures are UPSTREAM_*, never INTERNAL_ERROR", () => {
  const cases: [string, Behaviour, number, string][] = [
    ["a socket reset on every attempt", { type: "fault", fault: "reset" }, 502, "UPSTREAM_UNREACHABLE"],
    ["an HTML 502 without x-amzn-ErrorType", { type: "fault", fault: "html", status: 502 }, 502, "UPSTREAM_BAD_RESPONSE"],
    ["an HTML 503 without x-amzn-ErrorType", { type: "fault", fault: "html", status: 503 }, 503, "UPSTREAM_UNAVAILABLE"],
    ["an HTML 504 without x-amzn-ErrorType", { type: "fault", fault: "html", status: 504 }, 504, "UPSTREAM_TIMEOUT"],
    ["a 200 whose body is not JSON", { type: "fault", fault: "notJson" }, 502, "UPSTREAM_BAD_RESPONSE"],
    ["an exception type the SDK does not know (SomeNewException, 400)", { type: "error", status: 400, errorType: "SomeNewException", message: "arn:aws:bedrock:us-east-1:123456789012:x" }, 502, "UPSTREAM_ERROR"],
  ];

  it.each(cases)("buffered: %s", async (_label, behaviour, status, code) => {
    standIn.setDefault(behaviour);
    const result = await bundled.handler(hi(), lambdaContext());
    expect({ status: result.statusCode, code: JSON.parse(result.body).error.code }).toEqual({ status, code });
    if (status === 503) expect(result.headers?.["retry-after"]).toMatch(/^\d+$/);
    expect(result.body).not.toMatch(LEAKS);
    expect(lastLog()).toMatchObject({ level: "error", outcome: "upstream_error", code, errorName: expect.any(String) });
  });

  it.each(cases.filter(([, behaviour]) => !(behaviour.type === "fault" && behaviour.fault === "notJson")))("streamed, before the stream: %s", async (_label, behaviour, status, code) => {
    standIn.setDefault(behaviour);
    const { statusCode, body } = await streamFrom(bundled, hi());
    expect({ status: statusCode, code: JSON.parse(body).error.code }).toEqual({ status, code });
    expect(body).not.toMatch(LEAKS);
    expect(lastLog()).toMatchObject({ level: "error", outcome: "upstream_error", code });
  });

  it("retries a reset connection within the attempts, then answers UPSTREAM_UNREACHABLE", async () => {
    standIn.setDefault({ type: "fault", fault: "reset" });
    await bundled.handler(hi(), lambdaContext());
    expect(standIn.requests).toHaveLength(2); // BEDROCK_MAX_ATTEMPTS
    expect(lastLog()).toMatchObject({ attempts: 2 });
  });

  it.each<[string, Fault, string]>([
    ["a corrupt message checksum", "badMessageCrc", "UPSTREAM_BAD_RESPONSE"],
    ["a corrupt prelude checksum", "badPreludeCrc", "UPSTREAM_BAD_RESPONSE"],
    ["garbage bytes", "garbage", "UPSTREAM_BAD_RESPONSE"],
    ["a destroyed socket", "destroyMidStream", "UPSTREAM_INCOMPLETE"],
    ["a :message-type: error frame", "errorFrame", "UPSTREAM_ERROR"],
  ])("streamed, mid-stream: %s ends with an error event %s", async (_label, fault, code) => {
    standIn.enqueue({ type: "fault", fault, text: "a partial answer" });
    const { statusCode, body } = await streamFrom(bundled, hi());
    expect(statusCode).toBe(200);
    const events = parseSse(body);
    expect(events.slice(0, 2).map((event) => event.event)).toEqual(["start", "delta"]);
    expect(events.at(-1)).toEqual({ event: "error", data: { error: { code, message: expect.any(String) } } });
    expect(body).not.toMatch(LEAKS);
    expect(lastLog()).toMatchObject({ level: "error", outcome: "upstream_error", code });
  });
});

describe("3. a client that leaves while the function waits for Bedrock", () => {
  it("is logged as client_disconnected, not as an internal error", async () => {
    standIn.enqueue({ type: "answer", text: "too late", delayMs: 5_000 });
    const response = new CapturedResponse();
    const done = bundled.streamingHandler(hi(), response.stream, lambdaContext());
    await new Promise((resolve) => setTimeout(resolve, 100));
    response.stream.destroy();
    await done;
    expect(lastLog()).toMatchObject({ level: "info", outcome: "client_disconnected" });
    expect(lastLog()).not.toHaveProperty("code");
  });
});

describe("4. odd proxy events and byte order marks", () => {
  it.each<[string, Record<string, unknown>, number, string]>([
    ["httpMethod null", { httpMethod: null }, 200, ""],
    ["a numeric content-type", { headers: { "content-type": 42 } }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["the body as an object", { body: { message: "Hi" } }, 400, "INVALID_JSON"],
    ["headers as a string", { headers: "content-type: application/json" }, 200, ""],
    ["requestContext as a number", { requestContext: 7 }, 200, ""],
  ])("%s is answered without a TypeError", async (_label, override, status, code) => {
    const event = { ...hi(), ...override };
    const result = await bundled.handler(event, lambdaContext());
    expect(result.statusCode).toBe(status);
    if (code !== "") expect(JSON.parse(result.body).error.code).toBe(code);
    expect(loaded.logs().some((line) => line.code === "INTERNAL_ERROR")).toBe(false);
    const streamed = await streamFrom(bundled, event);
    expect(streamed.statusCode).toBe(status);
  });

  it("accepts a plain body starting with a byte order mark, as it does a base64 one", async () => {
    const text = `\ufeff${JSON.stringify({ message: "Hi" })}`;
    expect((await bundled.handler(proxyEvent({ body: text }), lambdaContext())).statusCode).toBe(200);
    const base64 = { ...proxyEvent({ body: "" }), body: Buffer.from(text).toString("base64"), isBase64Encoded: true };
    expect((await bundled.handler(base64, lambdaContext())).statusCode).toBe(200);
  });
});

describe("5. retries that respect the deadline and the upstream", () => {
  it("answers 429 with the upstream's Retry-After at once when it asks for longer than the function would wait", async () => {
    standIn.setDefault({ type: "error", status: 429, errorType: "ThrottlingException", retryAfter: "3600" });
    const started = Date.now();
    const result = await bundled.handler(hi(), lambdaContext());
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.statusCode).toBe(429);
    expect(result.headers?.["retry-after"]).toBe("3600");
    expect(standIn.requests).toHaveLength(1);
  });

  it("answers 429 with Retry-After, not 504, when the time left cannot cover the back-off", async () => {
    standIn.setDefault({ type: "error", status: 429, errorType: "ThrottlingException", retryAfter: "1" });
    const result = await bundled.handler(hi(), lambdaContext(1_500));
    expect(result.statusCode).toBe(429);
    expect(JSON.parse(result.body).error.code).toBe("THROTTLED");
    expect(result.headers?.["retry-after"]).toBe("1");
    const streamed = await streamFrom(bundled, hi(), lambdaContext(1_500));
    expect(streamed.statusCode).toBe(429);
    expect(streamed.headers["retry-after"]).toBe("1");
  });

  it("retries a throttle when there is time, and logs the attempts", async () => {
    standIn.enqueue({ type: "error", status: 429, errorType: "ThrottlingException" });
    const result = await bundled.handler(hi(), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(standIn.requests).toHaveLength(2);
    expect(lastLog()).toMatchObject({ outcome: "ok", attempts: 2 });
  });
});

describe("6. limits on history turns and on the buffered answer", () => {
  it("refuses a history turn longer than any message or answer this deployment produces, before calling Bedrock", async () => {
    // MAX_OUTPUT_TOKENS 400: an answer is at most 400 × 32 = 12,800 characters; 8,000 for a message.
    const long = "x".repeat(12_801);
    const result = await bundled.handler(chat({ message: "Hi", history: [{ role: "user", content: "a" }, { role: "assistant", content: long }] }), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error).toEqual({ code: "TURN_TOO_LONG", message: "history[1].content exceeds 12800 characters." });
    expect(standIn.requests).toHaveLength(0);
  });

  it("answers 502 ANSWER_TOO_LARGE rather than a buffered answer over Lambda's 6 MB response limit", async () => {
    standIn.enqueue({ type: "answer", text: "\"".repeat(3_300_000) }); // every quote is escaped twice on the way out
    const result = await bundled.handler(hi(), lambdaContext());
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body).error.code).toBe("ANSWER_TOO_LARGE");
    expect(lastLog()).toMatchObject({ level: "error", code: "ANSWER_TOO_LARGE", errorMessage: expect.stringMatching(/over Lambda's 6291456-byte/) });
  });
});

describe("7. usage, metrics and what the stop reason means", () => {
  const usage = { inputTokens: 10, outputTokens: 4, totalTokens: 26, cacheReadInputTokens: 5, cacheWriteInputTokens: 7 };

  it("buffered: the answer and the log carry the whole usage and Bedrock's latency", async () => {
    standIn.enqueue({ type: "answer", usage });
    const body = JSON.parse((await bundled.handler(hi(), lambdaContext())).body);
    expect(body).toMatchObject({ content: DEFAULT_ANSWER, completeness: "complete", usage, metrics: { latencyMs: 1 } });
    expect(lastLog()).toMatchObject({ inputTokens: 10, outputTokens: 4, totalTokens: 26, cacheReadInputTokens: 5, cacheWriteInputTokens: 7, bedrockLatencyMs: 1, completeness: "complete" });
  });

  it("streamed: done carries them too", async () => {
    standIn.enqueue({ type: "answer", usage });
    const events = parseSse((await streamFrom(bundled, hi())).body);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { usage, metrics: { latencyMs: 1 } } });
  });

  it.each([
    ["max_tokens", "truncated"],
    ["model_context_window_exceeded", "truncated"],
    ["content_filtered", "withheld"],
    ["tool_use", "incomplete"],
    ["malformed_model_output", "incomplete"],
    ["a_reason_from_the_future", "incomplete"],
  ])("says what stop reason %s means (%s), in both modes", async (stopReason, completeness) => {
    standIn.enqueue({ type: "answer", stopReason }, { type: "answer", stopReason });
    expect(JSON.parse((await bundled.handler(hi(), lambdaContext())).body)).toMatchObject({ stopReason, completeness, guardrailIntervened: false });
    expect(parseSse((await streamFrom(bundled, hi())).body).at(-1)).toMatchObject({ event: "done", data: { stopReason, completeness } });
  });
});
