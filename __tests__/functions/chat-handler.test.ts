/**
 * The Lambda entry points with aws-sdk-client-mock: buffered and streamed answers, the error map,
 * errors thrown mid-stream, the deadline, logs, and the `awslambda` global.
 */
import { BedrockRuntimeClient, ConverseCommand, type ConverseStreamOutput, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { createChatHandlers, fallbackHttpResponseStreamFrom } from "../../functions/chat/app";
import { loadConfig } from "../../functions/chat/core/config";
import { ChatConfigError } from "../../functions/chat/core/errors";
import type { RequestLog } from "../../functions/chat/core/log";
import { parseSse } from "../../functions/chat/core/sse";
import { CapturedResponse, installAwsLambdaGlobal, isStreamifiedHandler, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const GUARDRAIL_ARN = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456";
const ARN_IN_MESSAGE = "User arn:aws:iam::123456789012:role/chat is not authorized on arn:aws:bedrock:us-east-1::foundation-model/x";

const bedrock = mockClient(BedrockRuntimeClient);
let uninstall: () => void;
let entry: typeof import("../../functions/chat/handler");
const stdout: string[] = [];

beforeAll(() => {
  Object.assign(process.env, {
    MODEL_ID: MODEL,
    SYSTEM_PROMPT: "You are a helpful assistant.",
    GUARDRAIL_IDENTIFIER: GUARDRAIL_ARN,
    GUARDRAIL_VERSION: "1",
    MAX_OUTPUT_TOKENS: "512",
    // One attempt: the retry policy has its own tests (chat-retry.test.ts); here a throttle answers at once.
    BEDROCK_MAX_ATTEMPTS: "1",
    AWS_REGION: "us-east-1",
  });
  uninstall = installAwsLambdaGlobal();
  // Loaded after the environment and the runtime global exist, as in Lambda.
  entry = require("../../functions/chat/handler");
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterAll(() => {
  jest.restoreAllMocks();
  uninstall();
});

beforeEach(() => {
  bedrock.reset();
  stdout.length = 0;
});

const chatEvent = (body: unknown) => proxyEvent({ body: JSON.stringify(body) });
const logs = (): RequestLog[] => stdout.map((line) => JSON.parse(line) as RequestLog);

/** A streaming request whose client goes away 20 ms in; resolves when the handler has finished. */
async function leaveAfter20Ms(): Promise<void> {
  const response = new CapturedResponse();
  const done = entry.streamingHandler(chatEvent({ message: "Hi" }) as never, response.stream, lambdaContext() as never);
  await new Promise((resolve) => setTimeout(resolve, 20));
  response.stream.destroy();
  await done;
}
const named = (name: string, message = ARN_IN_MESSAGE) => Object.assign(new Error(message), { name, $fault: "client", $metadata: {} });

async function* events(...items: (ConverseStreamOutput | Error)[]): AsyncGenerator<ConverseStreamOutput> {
  for (const item of items) {
    await Promise.resolve();
    if (item instanceof Error) throw item;
    yield item;
  }
}

const answerEvents = (text: string[]): ConverseStreamOutput[] => [
  { messageStart: { role: "assistant" } },
  ...text.map((piece) => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: piece } } })),
  { contentBlockStop: { contentBlockIndex: 0 } },
  { messageStop: { stopReason: "end_turn" } },
  { metadata: { usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 }, metrics: { latencyMs: 5 } } },
];

async function stream(body: unknown, context = lambdaContext()) {
  const response = new CapturedResponse();
  await entry.streamingHandler(chatEvent(body) as never, response.stream, context as never);
  await response.finished;
  return response;
}

describe("buffered handler", () => {
  it("answers with content, stop reason, usage and model id", async () => {
    bedrock.on(ConverseCommand).resolves({
      output: { message: { role: "assistant", content: [{ text: "Hello there." }] } },
      stopReason: "end_turn",
      usage: { inputTokens: 20, outputTokens: 4, totalTokens: 24 },
      metrics: { latencyMs: 10 },
    });
    const result = await entry.handler(chatEvent({ message: "Hi" }) as never, lambdaContext() as never);
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    expect(JSON.parse(result.body)).toEqual({
      content: "Hello there.",
      stopReason: "end_turn",
      completeness: "complete",
      usage: { inputTokens: 20, outputTokens: 4, totalTokens: 24 },
      metrics: { latencyMs: 10 },
      modelId: MODEL,
      guardrailIntervened: false,
    });
  });

  it("calls Converse with the server-side system prompt, guardrail, maxTokens and an abort signal", async () => {
    bedrock.on(ConverseCommand).resolves({ output: { message: { role: "assistant", content: [{ text: "ok" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
    await entry.handler(chatEvent({ message: "Hi", history: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }) as never, lambdaContext() as never);
    const call = bedrock.commandCalls(ConverseCommand)[0]!;
    expect(call.args[0].input).toEqual({
      modelId: MODEL,
      system: [{ text: "You are a helpful assistant." }],
      messages: [
        { role: "user", content: [{ text: "a" }] },
        { role: "assistant", content: [{ text: "b" }] },
        { role: "user", content: [{ text: "Hi" }] },
      ],
      inferenceConfig: { maxTokens: 512 },
      guardrailConfig: { guardrailIdentifier: GUARDRAIL_ARN, guardrailVersion: "1", trace: "disabled" },
    });
    expect(((call.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it("reports a guardrail intervention as such", async () => {
    bedrock.on(ConverseCommand).resolves({ output: { message: { role: "assistant", content: [{ text: "I can't discuss that." }] } }, stopReason: "guardrail_intervened", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
    const body = JSON.parse((await entry.handler(chatEvent({ message: "Hi" }) as never, lambdaContext() as never)).body);
    expect(body).toMatchObject({ stopReason: "guardrail_intervened", guardrailIntervened: true });
    expect(logs()[0]).toMatchObject({ outcome: "guardrail_intervened" });
  });

  it("never calls Bedrock for a client mistake", async () => {
    const result = await entry.handler(chatEvent({ message: "Hi", role: "system" }) as never, lambdaContext() as never);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: { code: "UNKNOWN_FIELD", message: expect.any(String) } });
    expect(bedrock.calls()).toHaveLength(0);
  });

  it.each([
    ["ThrottlingException", 429, "THROTTLED"],
    ["ServiceQuotaExceededException", 429, "QUOTA_EXCEEDED"],
    ["ValidationException", 400, "MODEL_VALIDATION_ERROR"],
    ["ModelTimeoutException", 504, "MODEL_TIMEOUT"],
    ["ModelNotReadyException", 503, "MODEL_NOT_READY"],
    ["ServiceUnavailableException", 503, "SERVICE_UNAVAILABLE"],
    ["AccessDeniedException", 502, "UPSTREAM_ERROR"],
    ["ResourceNotFoundException", 502, "UPSTREAM_ERROR"],
    ["Error", 500, "INTERNAL_ERROR"],
  ])("maps %s to %d %s, naming no ARN", async (name, status, code) => {
    bedrock.on(ConverseCommand).rejects(named(name));
    const result = await entry.handler(chatEvent({ message: "Hi" }) as never, lambdaContext() as never);
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body).error.code).toBe(code);
    expect(result.body).not.toMatch(/arn:|123456789012|at .*\.(js|ts):\d+/);
    if (status === 429 || status === 503) expect(result.headers?.["retry-after"]).toMatch(/^\d+$/);
  });

  it("answers 504 when the deadline passes before Bedrock does, and aborts the call", async () => {
    let aborted = false;
    // aws-sdk-client-mock does not hand the abort signal to its fakes; observe it through send.
    const send = jest.spyOn(BedrockRuntimeClient.prototype, "send").mockImplementation(((_command: unknown, options?: { abortSignal?: AbortSignal }) =>
      new Promise((_, reject) => {
        options?.abortSignal?.addEventListener("abort", () => {
          aborted = true;
          reject(Object.assign(new Error("Request aborted"), { name: "AbortError" }));
        });
      })) as never);
    try {
      const result = await entry.handler(chatEvent({ message: "Hi" }) as never, lambdaContext(60) as never);
      expect(result.statusCode).toBe(504);
      expect(JSON.parse(result.body).error.code).toBe("DEADLINE_EXCEEDED");
      expect(aborted).toBe(true);
      expect(logs()[0]).toMatchObject({ outcome: "deadline", code: "DEADLINE_EXCEEDED", level: "warn" });
    } finally {
      send.mockRestore();
    }
  });

  it("logs one structured record per request without prompt or answer text", async () => {
    bedrock.on(ConverseCommand).resolves({ output: { message: { role: "assistant", content: [{ text: "secret answer" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } });
    const context = lambdaContext();
    const event = chatEvent({ message: "secret prompt" });
    await entry.handler(event as never, context as never);
    expect(stdout).toHaveLength(1);
    expect(logs()[0]).toMatchObject({
      level: "info",
      msg: "chat.request",
      mode: "buffered",
      requestId: context.awsRequestId,
      apiRequestId: event.requestContext.requestId,
      modelId: MODEL,
      outcome: "ok",
      status: 200,
      latencyMs: expect.any(Number),
      inputTokens: 1,
      outputTokens: 2,
      stopReason: "end_turn",
    });
    expect(stdout[0]).not.toMatch(/secret/);
  });
});

describe("streaming handler", () => {
  it("is wrapped by awslambda.streamifyResponse when the runtime provides it", () => {
    expect(isStreamifiedHandler(entry.streamingHandler)).toBe(true);
  });

  it("streams start, deltas and done as Server-Sent Events", async () => {
    bedrock.on(ConverseStreamCommand).resolves({ stream: events(...answerEvents(["Hel", "lo", "!"])) });
    const response = await stream({ message: "Hi" });
    const { statusCode, headers, body } = response.result();
    expect(statusCode).toBe(200);
    expect(headers).toMatchObject({ "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store" });
    expect(parseSse(body)).toEqual([
      { event: "start", data: { modelId: MODEL } },
      { event: "delta", data: { text: "Hel" } },
      { event: "delta", data: { text: "lo" } },
      { event: "delta", data: { text: "!" } },
      {
        event: "done",
        data: { stopReason: "end_turn", completeness: "complete", usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 }, metrics: { latencyMs: 5 }, modelId: MODEL, guardrailIntervened: false },
      },
    ]);
    expect(response.stream.contentType).toBe("application/vnd.awslambda.http-integration-response");
    expect(response.stream.writableEnded).toBe(true);
  });

  it("calls ConverseStream with the guardrail in sync mode", async () => {
    bedrock.on(ConverseStreamCommand).resolves({ stream: events(...answerEvents(["x"])) });
    await stream({ message: "Hi" });
    expect(bedrock.commandCalls(ConverseStreamCommand)[0]!.args[0].input.guardrailConfig).toEqual({
      guardrailIdentifier: GUARDRAIL_ARN,
      guardrailVersion: "1",
      trace: "disabled",
      streamProcessingMode: "sync",
    });
  });

  it("turns an error thrown mid-stream into an error event and a clean end", async () => {
    bedrock.on(ConverseStreamCommand).resolves({ stream: events({ messageStart: { role: "assistant" } }, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "partial" } } }, named("ModelStreamErrorException")) });
    const response = await stream({ message: "Hi" });
    const { statusCode, body } = response.result();
    expect(statusCode).toBe(200);
    expect(parseSse(body)).toEqual([
      { event: "start", data: { modelId: MODEL } },
      { event: "delta", data: { text: "partial" } },
      { event: "error", data: { error: { code: "MODEL_ERROR", message: expect.any(String) } } },
    ]);
    expect(body).not.toMatch(/arn:|123456789012/);
    expect(response.stream.writableEnded).toBe(true);
    expect(logs()[0]).toMatchObject({ mode: "streaming", outcome: "upstream_error", code: "MODEL_ERROR", errorName: "ModelStreamErrorException" });
  });

  it("maps a throttling error thrown mid-stream to a THROTTLED error event", async () => {
    bedrock.on(ConverseStreamCommand).resolves({ stream: events({ messageStart: { role: "assistant" } }, named("ThrottlingException")) });
    const events_ = parseSse((await stream({ message: "Hi" })).result().body);
    expect(events_.at(-1)).toEqual({ event: "error", data: { error: { code: "THROTTLED", message: expect.any(String) } } });
  });

  it("answers a plain HTTP error when Bedrock refuses before the stream starts", async () => {
    bedrock.on(ConverseStreamCommand).rejects(named("ThrottlingException"));
    const { statusCode, headers, body } = (await stream({ message: "Hi" })).result();
    expect(statusCode).toBe(429);
    expect(headers).toMatchObject({ "content-type": "application/json; charset=utf-8", "retry-after": "2" });
    expect(JSON.parse(body)).toEqual({ error: { code: "THROTTLED", message: expect.any(String) } });
  });

  it("answers 400 JSON for a client mistake", async () => {
    const { statusCode, body } = (await stream({ message: 42 })).result();
    expect(statusCode).toBe(400);
    expect(JSON.parse(body).error.code).toBe("INVALID_REQUEST");
    expect(bedrock.calls()).toHaveLength(0);
  });

  it("ends with a DEADLINE_EXCEEDED error event when the model stalls mid-stream", async () => {
    async function* stalls(): AsyncGenerator<ConverseStreamOutput> {
      yield { messageStart: { role: "assistant" } };
      yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "slow" } } };
      await new Promise(() => undefined);
    }
    bedrock.on(ConverseStreamCommand).resolves({ stream: stalls() });
    const response = await stream({ message: "Hi" }, lambdaContext(80));
    expect(parseSse(response.result().body).at(-1)).toEqual({ event: "error", data: { error: { code: "DEADLINE_EXCEEDED", message: expect.any(String) } } });
    expect(response.stream.writableEnded).toBe(true);
  });

  it("stops reading and aborts Bedrock when the client goes away", async () => {
    let signal: AbortSignal | undefined;
    const send = jest.spyOn(BedrockRuntimeClient.prototype, "send").mockImplementation(((_command: unknown, options?: { abortSignal?: AbortSignal }) => {
      signal = options?.abortSignal;
      async function* forever(): AsyncGenerator<ConverseStreamOutput> {
        yield { messageStart: { role: "assistant" } };
        await new Promise((_, reject) => signal?.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" }))));
      }
      return Promise.resolve({ stream: forever() });
    }) as never);
    try {
      await leaveAfter20Ms();
      expect(signal?.aborted).toBe(true);
      expect(logs()[0]).toMatchObject({ outcome: "client_disconnected" });
    } finally {
      send.mockRestore();
    }
  });
});

describe("a client that leaves", () => {
  it("while the function waits for Bedrock is logged as client_disconnected, and Bedrock's call is aborted", async () => {
    let signal: AbortSignal | undefined;
    const send = jest.spyOn(BedrockRuntimeClient.prototype, "send").mockImplementation(((_command: unknown, options?: { abortSignal?: AbortSignal }) => {
      signal = options?.abortSignal;
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(Object.assign(new Error("Request aborted"), { name: "AbortError" }))));
    }) as never);
    try {
      await leaveAfter20Ms();
      expect(signal?.aborted).toBe(true);
      expect(logs()).toEqual([expect.objectContaining({ level: "info", outcome: "client_disconnected", status: 499, errorName: "AbortError" })]);
    } finally {
      send.mockRestore();
    }
  });

  it("mid-stream, before the stream has said it closed, is still logged as client_disconnected", async () => {
    const response = new CapturedResponse();
    async function* leaves(): AsyncGenerator<ConverseStreamOutput> {
      yield { messageStart: { role: "assistant" } };
      response.stream.destroy(); // its "close" event comes a tick later
      yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "nobody reads this" } } };
    }
    bedrock.on(ConverseStreamCommand).resolves({ stream: leaves() });
    await entry.streamingHandler(chatEvent({ message: "Hi" }) as never, response.stream, lambdaContext() as never);
    expect(logs()).toEqual([expect.objectContaining({ outcome: "client_disconnected", errorName: "ClientDisconnected" })]);
  });
});

describe("injected dependencies", () => {
  const base = {
    client: new BedrockRuntimeClient({ region: "us-east-1" }),
    now: () => 0,
    httpResponseStreamFrom: () => fallbackHttpResponseStreamFrom,
  };

  it("answers 500 CONFIG_ERROR for a bad environment and logs the variable", async () => {
    const records: RequestLog[] = [];
    const chat = createChatHandlers({ ...base, config: new ChatConfigError("MODEL_ID", "MODEL_ID is required"), log: (record) => records.push(record) });
    const result = await chat.buffered(chatEvent({ message: "Hi" }), lambdaContext());
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: { code: "CONFIG_ERROR", message: "The chat function is misconfigured." } });
    expect(records[0]).toMatchObject({ level: "error", outcome: "config_error", configVariable: "MODEL_ID", errorMessage: "MODEL_ID is required" });
    expect(bedrock.calls()).toHaveLength(0);
  });

  it("logs prompt and answer text only when LOG_CONTENT=true", async () => {
    bedrock.on(ConverseCommand).resolves({ output: { message: { role: "assistant", content: [{ text: "the answer" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
    const records: RequestLog[] = [];
    const chat = createChatHandlers({ ...base, config: loadConfig({ MODEL_ID: MODEL, LOG_CONTENT: "true" }), log: (record) => records.push(record) });
    await chat.buffered(chatEvent({ message: "the prompt" }), lambdaContext());
    expect(records[0]).toMatchObject({ prompt: "the prompt", answer: "the answer" });
  });

  it("still answers when the logger throws", async () => {
    bedrock.on(ConverseCommand).resolves({ output: { message: { role: "assistant", content: [{ text: "ok" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
    const chat = createChatHandlers({ ...base, config: loadConfig({ MODEL_ID: MODEL }), log: () => { throw new Error("log sink down"); } });
    expect((await chat.buffered(chatEvent({ message: "Hi" }), lambdaContext())).statusCode).toBe(200);
  });
});

describe("outside Lambda", () => {
  it("imports without the awslambda global and still streams with the runtime's prelude format", async () => {
    const restore = (globalThis as { awslambda?: unknown }).awslambda;
    delete (globalThis as { awslambda?: unknown }).awslambda;
    try {
      let plain: typeof import("../../functions/chat/handler") | undefined;
      jest.isolateModules(() => {
        plain = require("../../functions/chat/handler");
      });
      expect(isStreamifiedHandler(plain!.streamingHandler)).toBe(false);
      const response = new CapturedResponse();
      await plain!.streamingHandler(chatEvent({}) as never, response.stream, lambdaContext() as never);
      expect(response.result().statusCode).toBe(400);
    } finally {
      (globalThis as { awslambda?: unknown }).awslambda = restore;
    }
  });
});
