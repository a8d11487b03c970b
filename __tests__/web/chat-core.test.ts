/** The chat page's DOM-free logic (web/chat-core.js): SSE parsing, answers, history, settings, words. */
import fc from "fast-check";
import { sseEvent } from "../../functions/chat/core/sse";
import {
  type Answer,
  type Exchange,
  applySseEvent,
  buildHistory,
  buildRequestBody,
  chatEndpoint,
  describeAnswerMeta,
  describeError,
  emptyAnswer,
  parseRetryAfter,
  readChatResponse,
  readSseEvents,
  requestHeaders,
  resolveSettings,
  settingsProblems,
  SseParser,
} from "../../web/chat-core.js";

const encoder = new TextEncoder();

/** A body that delivers `pieces` as separate chunks, like a network would. */
function streamOf(pieces: readonly (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === "string" ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

function sseResponse(pieces: readonly (string | Uint8Array)[], status = 200): Response {
  return new Response(streamOf(pieces), { status, headers: { "content-type": "text/event-stream; charset=utf-8" } });
}

function jsonResponse(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

const ok = (user: string, assistant: string): Exchange => ({ user, assistant, outcome: "ok" });

describe("SseParser", () => {
  it("parses the events the chat function writes", () => {
    const parser = new SseParser();
    const events = parser.push(sseEvent("start", { modelId: "m" }) + sseEvent("delta", { text: "Hi" }));
    expect(events).toEqual([
      { event: "start", data: '{"modelId":"m"}', id: "" },
      { event: "delta", data: '{"text":"Hi"}', id: "" },
    ]);
  });

  it("gives the same events however the text is split, CR LF and CR line ends included", () => {
    const wire = `: comment\r\nevent: delta\r\ndata: {"text":"a\\nb"}\r\n\r\nevent:done\rdata:{}\r\rdata: one\ndata: two\nid: 7\n\n`;
    const whole = new SseParser().push(wire);
    expect(whole).toEqual([
      { event: "delta", data: '{"text":"a\\nb"}', id: "" },
      { event: "done", data: "{}", id: "" },
      { event: "message", data: "one\ntwo", id: "7" },
    ]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 12 }), (cuts) => {
        const parser = new SseParser();
        const points = [0, ...[...cuts].sort((a, b) => a - b), wire.length];
        const events = points.slice(1).flatMap((end, index) => parser.push(wire.slice(points[index], end)));
        expect(events).toEqual(whole);
      }),
    );
  });

  it("does not dispatch an event without data, nor one the stream ended in the middle of", () => {
    const parser = new SseParser();
    expect(parser.push("event: start\n\n")).toEqual([]);
    expect(parser.push("event: delta\ndata: {}")).toEqual([]);
    expect(parser.push("\n")).toEqual([]);
  });

  it("keeps field values verbatim apart from one leading space, and reads retry", () => {
    const parser = new SseParser();
    expect(parser.push("data:  two spaces\nretry: 1500\nretry: soon\ndata\n\n")).toEqual([{ event: "message", data: " two spaces\n", id: "" }]);
    expect(parser.retryMs).toBe(1500);
  });
});

describe("readSseEvents", () => {
  it("decodes a character split across network chunks", async () => {
    const bytes = encoder.encode(sseEvent("delta", { text: "héllo 👋" }));
    const cut = bytes.indexOf(0xf0) + 2; // inside the emoji's four bytes
    const events = [];
    for await (const event of readSseEvents(streamOf([bytes.slice(0, cut), bytes.slice(cut)]))) events.push(event);
    expect(events.map((event) => JSON.parse(event.data))).toEqual([{ text: "héllo 👋" }]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode(sseEvent("delta", { text: "x" })));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readSseEvents(body)) {
      expect(event.event).toBe("delta");
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe("applySseEvent", () => {
  const apply = (events: [string, unknown][]): Answer => events.reduce((answer, [event, data]) => applySseEvent(answer, { event, data: JSON.stringify(data) }), emptyAnswer());

  it("builds the answer from start, deltas and done", () => {
    expect(
      apply([
        ["start", { modelId: "m" }],
        ["delta", { text: "Hel" }],
        ["delta", { text: "lo" }],
        ["done", { stopReason: "end_turn", usage: { inputTokens: 3, outputTokens: 2 }, modelId: "m", guardrailIntervened: false }],
      ]),
    ).toEqual({ text: "Hello", status: "done", modelId: "m", stopReason: "end_turn", completeness: "complete", usage: { inputTokens: 3, outputTokens: 2 }, guardrailIntervened: false });
  });

  it("keeps the whole usage, Bedrock's latency and the API's completeness from done", () => {
    const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 9, cacheReadInputTokens: 4, cacheWriteInputTokens: 0 };
    expect(apply([["done", { stopReason: "max_tokens", completeness: "truncated", usage, metrics: { latencyMs: 42 }, modelId: "m", guardrailIntervened: false }]])).toMatchObject({
      completeness: "truncated",
      usage,
      latencyMs: 42,
    });
    // An API that sends no completeness: the stop reason says it; an unknown one is not vouched for.
    expect(apply([["done", { stopReason: "content_filtered" }]]).completeness).toBe("withheld");
    expect(apply([["done", { stopReason: "something_new" }]]).completeness).toBe("incomplete");
  });

  it("ends with the error event's code and message, keeping the text so far", () => {
    expect(apply([["delta", { text: "Part" }], ["error", { error: { code: "MODEL_ERROR", message: "The model failed." } }]])).toMatchObject({
      text: "Part",
      status: "error",
      error: { code: "MODEL_ERROR", message: "The model failed." },
    });
  });

  it("ignores unknown events and anything after the terminal event", () => {
    const answer = apply([
      ["delta", { text: "A" }],
      ["ping", {}],
      ["done", { stopReason: "end_turn" }],
      ["delta", { text: "B" }],
      ["error", { error: { code: "X", message: "" } }],
    ]);
    expect(answer).toMatchObject({ text: "A", status: "done" });
  });

  it("treats a known event without a JSON object as a broken stream, not as text", () => {
    expect(applySseEvent(emptyAnswer(), { event: "delta", data: "not json" })).toMatchObject({ status: "error", error: { code: "BAD_EVENT" }, text: "" });
  });

  it("marks a guardrail intervention", () => {
    expect(apply([["delta", { text: "Sorry." }], ["done", { stopReason: "guardrail_intervened", guardrailIntervened: true }]]).guardrailIntervened).toBe(true);
  });
});

describe("readChatResponse", () => {
  it("reports each update of a streamed answer and returns the finished one", async () => {
    const updates: string[] = [];
    const outcome = await readChatResponse(
      sseResponse([sseEvent("start", { modelId: "m" }), sseEvent("delta", { text: "Hel" }).slice(0, 9), sseEvent("delta", { text: "Hel" }).slice(9), sseEvent("delta", { text: "lo" }), sseEvent("done", { stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 2 }, modelId: "m", guardrailIntervened: false })]),
      { onUpdate: (answer) => updates.push(`${answer.status}:${answer.text}`) },
    );
    expect(updates).toEqual(["streaming:", "streaming:Hel", "streaming:Hello", "done:Hello"]);
    expect(outcome).toMatchObject({ kind: "answer", answer: { text: "Hello", stopReason: "end_turn" } });
  });

  it("turns a mid-stream error event into words and keeps the partial answer", async () => {
    const outcome = await readChatResponse(sseResponse([sseEvent("delta", { text: "Half" }), sseEvent("error", { error: { code: "MODEL_ERROR", message: "The model failed." } })]));
    expect(outcome).toMatchObject({ kind: "error", words: { technical: "MODEL_ERROR" }, partial: { text: "Half" } });
    expect(outcome.kind === "error" && outcome.words.summary).toMatch(/model failed while answering/);
  });

  it("calls a stream that ends without done or error cut off, not finished", async () => {
    const outcome = await readChatResponse(sseResponse([sseEvent("delta", { text: "Half" })]));
    expect(outcome).toMatchObject({ kind: "error", partial: { text: "Half", status: "streaming" } });
    expect(outcome.kind === "error" && outcome.words.summary).toMatch(/cut off/);
  });

  it("reads a buffered JSON answer", async () => {
    const outcome = await readChatResponse(jsonResponse({ content: "Hi", stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1 }, modelId: "m", guardrailIntervened: false }, 200));
    expect(outcome).toEqual({ kind: "answer", answer: { text: "Hi", status: "done", stopReason: "end_turn", completeness: "complete", usage: { inputTokens: 1, outputTokens: 1 }, modelId: "m", guardrailIntervened: false } });
  });

  it("reads a 429 with its Retry-After into a retry hint", async () => {
    const outcome = await readChatResponse(jsonResponse({ error: { code: "THROTTLED", message: "Too many requests; retry later." } }, 429, { "retry-after": "2" }));
    expect(outcome).toEqual({
      kind: "error",
      words: { summary: "The model is busy: too many requests right now. Try again in 2 seconds.", technical: "HTTP 429 · THROTTLED", retryAfterSeconds: 2 },
    });
  });

  it("shows a validation error's own message", async () => {
    const outcome = await readChatResponse(jsonResponse({ error: { code: "EMPTY_MESSAGE", message: "message must not be empty." } }, 400));
    expect(outcome.kind === "error" && outcome.words.summary).toBe("The API did not accept the message: message must not be empty.");
  });

  it("understands API Gateway's own error body ({ message })", async () => {
    const outcome = await readChatResponse(jsonResponse({ message: "Forbidden" }, 403));
    expect(outcome.kind === "error" && outcome.words).toMatchObject({ technical: "HTTP 403", summary: expect.stringMatching(/auth header in Settings/) });
  });

  it("does not show a 5xx body that is not the API's (an HTML error page, say)", async () => {
    const outcome = await readChatResponse(new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }));
    expect(outcome.kind === "error" && outcome.words.summary).toBe("The chat service failed. This is not your message's fault; try again later.");
  });

  it("refuses a 200 that is neither SSE nor a chat answer", async () => {
    const outcome = await readChatResponse(new Response("<html></html>", { status: 200, headers: { "content-type": "text/html" } }));
    expect(outcome).toMatchObject({ kind: "error", words: { technical: "HTTP 200 · UNEXPECTED_RESPONSE" } });
  });

  it("rethrows the caller's abort so the page can say it stopped", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(sseEvent("delta", { text: "x" })));
        controller.error(new DOMException("The operation was aborted.", "AbortError"));
      },
    });
    await expect(readChatResponse(new Response(body, { headers: { "content-type": "text/event-stream" } }))).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("history", () => {
  it("sends only completed exchanges, as alternating turns", () => {
    const exchanges: Exchange[] = [
      ok("Explain Lambda.", "It runs code."),
      { user: "Blocked?", assistant: "Sorry, I can't help.", outcome: "blocked" },
      { user: "Failed", assistant: "", outcome: "failed" },
      { user: "Stopped", assistant: "Half", outcome: "stopped" },
      ok("Cost?", "Per request."),
    ];
    expect(buildRequestBody("And limits?", exchanges)).toEqual({
      message: "And limits?",
      history: [
        { role: "user", content: "Explain Lambda." },
        { role: "assistant", content: "It runs code." },
        { role: "user", content: "Cost?" },
        { role: "assistant", content: "Per request." },
      ],
    });
  });

  it("omits history on the first turn", () => {
    expect(buildRequestBody("Hi", [])).toEqual({ message: "Hi" });
  });

  it("drops the oldest whole exchanges beyond the turn limit, so it still starts with the user", () => {
    const exchanges = Array.from({ length: 15 }, (_, i) => ok(`q${i}`, `a${i}`));
    const history = buildHistory(exchanges, 7);
    expect(history).toHaveLength(6);
    expect(history[0]).toEqual({ role: "user", content: "q12" });
    expect(history.at(-1)).toEqual({ role: "assistant", content: "a14" });
    expect(buildHistory(exchanges)).toHaveLength(20);
  });

  it("always satisfies the API's history rules", () => {
    const outcome = fc.constantFrom<Exchange["outcome"]>("ok", "blocked", "failed", "stopped", "pending");
    fc.assert(
      fc.property(fc.array(fc.record({ user: fc.string(), assistant: fc.string(), outcome })), fc.integer({ min: 0, max: 30 }), (exchanges, max) => {
        const history = buildHistory(exchanges, max);
        expect(history.length).toBeLessThanOrEqual(max);
        expect(history.length % 2).toBe(0);
        history.forEach((turn, index) => {
          expect(turn.role).toBe(index % 2 === 0 ? "user" : "assistant");
          expect(turn.content.trim()).not.toBe("");
        });
      }),
    );
  });
});

describe("settings", () => {
  it("takes ?api= over the stored URL, but never a token from the URL", () => {
    const settings = resolveSettings({ apiBase: "https://old.example/v1", authHeaderValue: "stored-token" }, "?api=https%3A%2F%2Fnew.example%2Fv1&token=leaked&authHeaderValue=leaked");
    expect(settings).toEqual({ apiBase: "https://new.example/v1", authHeaderName: "Authorization", authHeaderValue: "stored-token" });
  });

  it("builds the chat URL from a stage URL, with or without /chat, or from the page's origin", () => {
    expect(chatEndpoint("https://abc.execute-api.eu-west-1.amazonaws.com/v1", "http://127.0.0.1:8787/")).toBe("https://abc.execute-api.eu-west-1.amazonaws.com/v1/chat");
    expect(chatEndpoint("https://abc.execute-api.eu-west-1.amazonaws.com/v1/chat/", "http://x/")).toBe("https://abc.execute-api.eu-west-1.amazonaws.com/v1/chat");
    expect(chatEndpoint("https://api.example.com/?x=1#y", "http://x/")).toBe("https://api.example.com/chat");
    expect(chatEndpoint("", "http://127.0.0.1:8787/index.html?api=")).toBe("http://127.0.0.1:8787/chat");
  });

  it("names the field, the value and the fix for unusable settings", () => {
    expect(settingsProblems({ apiBase: "", authHeaderName: "Authorization", authHeaderValue: "" })).toEqual([]);
    const problems = settingsProblems({ apiBase: "javascript:alert(1)", authHeaderName: "Bad Header", authHeaderValue: "a\nb" });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^API URL: use the stage's https:\/\/ address .*got "javascript:alert\(1\)"/);
    expect(problems[1]).toMatch(/^Header name: .*got "Bad Header"/);
    expect(problems[2]).toMatch(/^Header value: /);
  });

  it("sends the auth header only when it has a value", () => {
    expect(requestHeaders({ apiBase: "", authHeaderName: "Authorization", authHeaderValue: " " })).toEqual({ "content-type": "application/json", accept: "text/event-stream, application/json" });
    expect(requestHeaders({ apiBase: "", authHeaderName: "Authorization", authHeaderValue: "eyJ.token.sig" })).toMatchObject({ Authorization: "eyJ.token.sig" });
  });
});

describe("words", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it("reads Retry-After as seconds or as an HTTP date, and ignores nonsense", () => {
    expect(parseRetryAfter("2", now)).toBe(2);
    expect(parseRetryAfter("0", now)).toBe(1);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it.each([
    [{ status: 429, code: "QUOTA_EXCEEDED", retryAfterSeconds: 120 }, "The model's usage quota is used up for now. Try again in 2 minutes."],
    [{ status: 429 }, "Too many requests right now. Try again in a moment."],
    [{ code: "THROTTLED" }, "The model is busy: too many requests right now. Try again in a moment."],
    [{ status: 503, code: "MODEL_NOT_READY", retryAfterSeconds: 1 }, "The model is not available right now. Try again in 1 second."],
    [{ status: 400, code: "MESSAGE_TOO_LONG", message: "message exceeds 50 characters." }, "Your message is too long to send: message exceeds 50 characters. Shorten it and send again."],
    [{ status: 400, code: "TOO_MANY_TURNS", message: "history exceeds 4 turns." }, "This conversation is longer than the API accepts: history exceeds 4 turns. Start a new conversation."],
    [{ status: 504, code: "DEADLINE_EXCEEDED" }, "The model took too long to answer. Try again, or ask for a shorter answer."],
    [{ status: 502, code: "UPSTREAM_ERROR", message: "arn:aws:bedrock:…" }, "The chat service could not reach the model. This is not your message's fault; try again later."],
    [{ status: 404, message: "Not Found" }, "There is no chat API at this address. Check the API URL in Settings."],
    [{ code: "NETWORK", endpoint: "https://api.example.com/chat" }, expect.stringMatching(/^Could not reach the chat API at https:\/\/api\.example\.com\/chat\. .*\(CORS\)\.$/)],
  ])("%j → plain words", (failure, summary) => {
    expect(describeError(failure).summary).toEqual(summary);
  });

  it("never repeats a 5xx message (the API's, or a proxy's) to the user", () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 599 }), fc.string({ minLength: 5 }).map((s) => `SECRET${s}`), (status, message) => {
        expect(describeError({ status, message }).summary).not.toContain("SECRET");
      }),
    );
  });

  it("describes stop reason, usage and model under an answer", () => {
    expect(describeAnswerMeta({ ...emptyAnswer(), status: "done", stopReason: "max_tokens", usage: { inputTokens: 12, outputTokens: 40 }, modelId: "m" })).toBe(
      "Stop reason: max_tokens (cut at the output-token limit) · Tokens: 12 in, 40 out · Model: m",
    );
    expect(describeAnswerMeta(emptyAnswer())).toBe("");
  });
});
