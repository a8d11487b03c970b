/**
 * Property-based tests over arbitrary requests and arbitrary upstream failures: the function
 * always answers, client mistakes are always 4xx, and no body carries a stack trace or an ARN.
 */
import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import fc from "fast-check";
import { createChatHandlers, fallbackHttpResponseStreamFrom } from "../../functions/chat/app";
import { DEFAULT_LIMITS, loadConfig } from "../../functions/chat/core/config";
import { parseSse } from "../../functions/chat/core/sse";
import { CapturedResponse, lambdaContext } from "../../dev/lambda-runtime";

const CLIENT_CODES = new Set(["METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "REQUEST_TOO_LARGE", "INVALID_ENCODING", "INVALID_JSON", "INVALID_REQUEST", "UNKNOWN_FIELD", "EMPTY_MESSAGE", "MESSAGE_TOO_LONG", "INVALID_HISTORY", "TOO_MANY_TURNS"]);
const LEAKS = /arn:aws|\d{12}|\n\s+at |Error:|\.ts:\d|\.js:\d/;
const config = loadConfig({ MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0", SYSTEM_PROMPT: "Rules.", MAX_MESSAGE_CHARS: "200", MAX_HISTORY_TURNS: "4", MAX_REQUEST_BYTES: "2048" });

function fakeClient(answer: () => Promise<unknown>) {
  let calls = 0;
  return {
    client: {
      send: (() => {
        calls += 1;
        return answer();
      }) as never,
    },
    calls: () => calls,
  };
}

const role = fc.oneof(fc.constantFrom("user", "assistant"), fc.string({ maxLength: 12 }), fc.integer());
const turn = fc.oneof(
  fc.record({ role, content: fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue()) }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }),
  fc.jsonValue(),
);
const chatish = fc.record(
  {
    message: fc.oneof(fc.string({ maxLength: 260 }), fc.string({ unit: "binary", maxLength: 30 }), fc.jsonValue()),
    history: fc.oneof(fc.array(turn, { maxLength: 6 }), fc.jsonValue()),
    extra: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()),
  },
  { requiredKeys: [] },
).map(({ extra, ...body }) => (extra === undefined ? body : { ...body, [extra[0]]: extra[1] }));

/** Raw HTTP pieces as API Gateway could deliver them. */
const rawRequest = fc.record({
  httpMethod: fc.oneof(fc.constant("POST"), fc.constantFrom("GET", "PUT", "post", "")),
  headers: fc.oneof(
    fc.constant({ "content-type": "application/json" }),
    fc.constant({}),
    fc.constant(null),
    fc.record({ "Content-Type": fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "") }),
  ),
  payload: fc.oneof(
    chatish.map((body) => ({ body: JSON.stringify(body), isBase64Encoded: false })),
    fc.jsonValue().map((value) => ({ body: JSON.stringify(value) ?? "", isBase64Encoded: false })),
    fc.string({ maxLength: 300 }).map((body) => ({ body, isBase64Encoded: false })),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ body: Buffer.from(bytes).toString("base64"), isBase64Encoded: true })),
    chatish.map((body) => ({ body: Buffer.from(JSON.stringify(body)).toString("base64"), isBase64Encoded: true })),
    fc.constant({ body: null as unknown as string, isBase64Encoded: false }),
    fc.constant({ body: JSON.stringify({ message: "x".repeat(3000) }), isBase64Encoded: false }),
  ),
});

const answer = () => Promise.resolve({ output: { message: { role: "assistant", content: [{ text: "ok" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
// No jitter: retried failures wait 0 ms, so that hundreds of runs stay fast.
const handlersFor = (client: { send: never }) =>
  createChatHandlers({ config, client, log: () => undefined, now: () => 0, httpResponseStreamFrom: () => fallbackHttpResponseStreamFrom, random: () => 0 });
/** The events that end every complete answer. */
const ending: ConverseStreamOutput[] = [{ messageStop: { stopReason: "end_turn" } }, { metadata: { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 1 } } }];

describe("arbitrary requests", () => {
  it("buffered: always answers; 200 only after calling Bedrock, otherwise a 4xx with a client code; no leaks", async () => {
    await fc.assert(
      fc.asyncProperty(rawRequest, async ({ httpMethod, headers, payload }) => {
        const fake = fakeClient(answer);
        const result = await handlersFor(fake.client).buffered({ httpMethod, headers, ...payload, requestContext: { requestId: "r" } }, lambdaContext());
        const body = JSON.parse(result.body);
        if (result.statusCode === 200) {
          expect(fake.calls()).toBe(1);
          expect(body.content).toBe("ok");
        } else {
          expect(result.statusCode).toBeGreaterThanOrEqual(400);
          expect(result.statusCode).toBeLessThan(500);
          expect(fake.calls()).toBe(0);
          expect(CLIENT_CODES.has(body.error.code)).toBe(true);
          expect(typeof body.error.message).toBe("string");
        }
        expect(result.body).not.toMatch(LEAKS);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts every well-formed request within the limits", async () => {
    const text = fc.string({ minLength: 1, maxLength: 50 }).filter((value) => value.trim().length > 0);
    const wellFormed = fc.record({
      message: text,
      history: fc.array(fc.tuple(text, text), { maxLength: 2 }).map((pairs) => pairs.flatMap(([question, reply]) => [{ role: "user", content: question }, { role: "assistant", content: reply }])),
    });
    await fc.assert(
      fc.asyncProperty(wellFormed, async (body) => {
        const result = await handlersFor(fakeClient(answer).client).buffered({ httpMethod: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, lambdaContext());
        expect(result.statusCode).toBe(200);
      }),
    );
  });

  it("streaming: always ends the stream with a prelude; 4xx JSON for mistakes, SSE otherwise", async () => {
    await fc.assert(
      fc.asyncProperty(rawRequest, async ({ httpMethod, headers, payload }) => {
        const fake = fakeClient(() => Promise.resolve({ stream: (async function* () { yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "ok" } } }; yield* ending; })() }));
        const response = new CapturedResponse();
        await handlersFor(fake.client).streaming({ httpMethod, headers, ...payload }, response.stream, lambdaContext());
        await response.finished;
        const { statusCode, body } = response.result();
        if (statusCode === 200) expect(parseSse(body).map((event) => event.event)).toEqual(["start", "delta", "done"]);
        else {
          expect(statusCode).toBeGreaterThanOrEqual(400);
          expect(statusCode).toBeLessThan(500);
          expect(CLIENT_CODES.has(JSON.parse(body).error.code)).toBe(true);
        }
        expect(body).not.toMatch(LEAKS);
      }),
      { numRuns: 150 },
    );
  });
});

describe("arbitrary upstream failures", () => {
  const upstreamName = fc.oneof(
    fc.constantFrom("ThrottlingException", "ServiceQuotaExceededException", "ValidationException", "ModelTimeoutException", "ModelNotReadyException", "ServiceUnavailableException", "AccessDeniedException", "ResourceNotFoundException", "ModelErrorException", "ModelStreamErrorException", "InternalServerException", "AbortError", "TypeError"),
    fc.string({ maxLength: 20 }),
  );
  const leakyMessage = fc.oneof(
    fc.constant("User: arn:aws:sts::123456789012:assumed-role/chat/fn is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/x"),
    fc.string({ maxLength: 40 }).map((text) => `${text} arn:aws:bedrock:eu-west-1:210987654321:inference-profile/eu.model`),
  );
  const thrown = fc.tuple(upstreamName, leakyMessage).map(([name, message]) => Object.assign(new Error(message), { name }));

  it("buffered: every failure gets an error body naming no ARN, account or stack", async () => {
    await fc.assert(
      fc.asyncProperty(thrown, async (error) => {
        const result = await handlersFor(fakeClient(() => Promise.reject(error)).client).buffered({ httpMethod: "POST", body: '{"message":"hi"}' }, lambdaContext());
        expect(result.statusCode).toBeGreaterThanOrEqual(400);
        expect(Object.keys(JSON.parse(result.body))).toEqual(["error"]);
        expect(result.body).not.toMatch(LEAKS);
      }),
    );
  });

  it("streaming: a failure at any point ends with exactly one terminal event and no leaks", async () => {
    const piece = fc.string({ minLength: 1, maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 5 }), fc.option(thrown, { nil: undefined }), async (pieces, failure) => {
        async function* source(): AsyncGenerator<ConverseStreamOutput> {
          yield { messageStart: { role: "assistant" } };
          for (const text of pieces) yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text } } };
          if (failure !== undefined) throw failure;
          yield* ending;
        }
        const response = new CapturedResponse();
        await handlersFor(fakeClient(() => Promise.resolve({ stream: source() })).client).streaming({ httpMethod: "POST", body: '{"message":"hi"}' }, response.stream, lambdaContext());
        await response.finished;
        const events = parseSse(response.result().body);
        const names = events.map((event) => event.event);
        expect(names[0]).toBe("start");
        expect(names.slice(1, -1).every((name) => name === "delta")).toBe(true);
        expect(names.at(-1)).toBe(failure === undefined ? "done" : "error");
        expect(events.filter((event) => event.event === "delta").map((event) => (event.data as { text: string }).text).join("")).toBe(pieces.join(""));
        expect(response.result().body).not.toMatch(LEAKS);
      }),
    );
  });
});

describe("arbitrary cuts of a stream", () => {
  it("streaming: an answer is done only when messageStop and metadata both arrived, whatever else did", async () => {
    const piece = fc.string({ minLength: 1, maxLength: 10 }).map((text): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } }));
    const event = fc.oneof(piece, fc.constant<ConverseStreamOutput>({ messageStart: { role: "assistant" } }), fc.constant<ConverseStreamOutput>({ contentBlockStop: { contentBlockIndex: 0 } }), ...ending.map((item) => fc.constant(item)));
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 8 }), async (items) => {
        const response = new CapturedResponse();
        await handlersFor(fakeClient(() => Promise.resolve({ stream: (async function* () { yield* items; })() })).client).streaming({ httpMethod: "POST", body: '{"message":"hi"}' }, response.stream, lambdaContext());
        await response.finished;
        const last = parseSse(response.result().body).at(-1);
        const ended = items.some((item) => item.messageStop !== undefined) && items.some((item) => item.metadata !== undefined);
        expect(last?.event).toBe(ended ? "done" : "error");
        if (!ended) expect(last?.data).toEqual({ error: { code: "UPSTREAM_INCOMPLETE", message: expect.any(String) } });
      }),
      { numRuns: 200 },
    );
  });
});

it("uses the limits it was configured with", () => {
  expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxMessageChars: 200, maxHistoryTurns: 4, maxRequestBytes: 2048 });
});
