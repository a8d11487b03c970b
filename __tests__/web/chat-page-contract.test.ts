/**
 * The chat page against the API's contract (contract/chat-errors.ts, contract/chat-stop-reasons.ts)
 * and against what the function sends: web/chat-core.js cannot import either, so every value it
 * copies is held to its source here, and a stop reason, completeness, event or answer field added
 * on the API's side fails this file until the page handles it.
 *
 * The API's message is shown only for the caller's own mistakes, every stop reason and every
 * completeness has its meaning, an answer cut short or withheld is said to be so and kept out of
 * the history, and the page reads every field of the function's real answer, streamed or buffered.
 * That the page's error table is the contract's, and has words for every code, is checked code
 * by code in __tests__/contract/chat-errors.test.ts; its history length in
 * __tests__/contract/chat-environment.test.ts.
 */
import { ConverseCommand, type ConverseStreamOutput, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { CHAT_ERROR_CODES, CHAT_ERRORS } from "../../contract/chat-errors";
import { completenessOf, STOP_REASONS } from "../../contract/chat-stop-reasons";
import { CapturedResponse, lambdaContext, proxyEvent } from "../../dev/lambda-runtime";
import { createChatHandlers, fallbackHttpResponseStreamFrom } from "../../functions/chat/app";
import { loadConfig } from "../../functions/chat/core/config";
import type { AnswerSummary, Usage } from "../../functions/chat/core/converse";
import { parseSse, SSE_EVENT_NAMES } from "../../functions/chat/core/sse";
import {
  type Answer,
  applySseEvent,
  buildHistory,
  describeCompleteness,
  describeError,
  emptyAnswer,
  exchangeOutcome,
  readChatResponse,
  SSE_EVENTS,
  STOP_REASON_COMPLETENESS,
  STOP_REASON_WORDS,
} from "../../web/chat-core.js";

const finished = (stopReason: string, extra: Partial<Answer> = {}): Answer => ({
  ...emptyAnswer(),
  status: "done",
  text: "Some words",
  stopReason,
  completeness: (STOP_REASONS as Record<string, Answer["completeness"]>)[stopReason] ?? "incomplete",
  guardrailIntervened: stopReason === "guardrail_intervened",
  ...extra,
});

describe("error codes", () => {
  test.each(CHAT_ERROR_CODES)("%s: the API's message is shown only for the caller's own mistakes", (code) => {
    const { status, source } = CHAT_ERRORS[code];
    const summary = describeError({ status, code, message: "UNIQUE-API-MESSAGE" }).summary;
    if (source === "request") expect(summary).toContain("UNIQUE-API-MESSAGE");
    else expect(summary).not.toContain("UNIQUE-API-MESSAGE");
  });

  test.each(CHAT_ERROR_CODES.filter((code) => "retryAfter" in CHAT_ERRORS[code]))("%s passes Retry-After on as a hint", (code) => {
    expect(describeError({ status: CHAT_ERRORS[code].status, code, retryAfterSeconds: 7 })).toMatchObject({ summary: expect.stringContaining("Try again in 7 seconds."), retryAfterSeconds: 7 });
  });
});

describe("stop reasons", () => {
  test("the page's table of what each stop reason means is the API's", () => {
    expect(STOP_REASON_COMPLETENESS).toEqual(STOP_REASONS);
    expect(Object.keys(STOP_REASON_WORDS).sort()).toEqual(Object.keys(STOP_REASONS).sort());
  });

  test.each(Object.entries(STOP_REASONS))("%s (%s) is said plainly under the answer", (stopReason, completeness) => {
    const notice = describeCompleteness(finished(stopReason));
    if (completeness === "complete") expect(notice).toBeUndefined();
    else expect(notice).toMatchObject({ kind: completeness, text: expect.stringMatching(/^(Cut short|Withheld|Incomplete|Guardrail intervened): /) });
  });

  test("a stop reason the page does not know still gets a notice, from the API's completeness", () => {
    expect(describeCompleteness(finished("brand_new_reason", { completeness: "truncated" }))).toMatchObject({ kind: "truncated" });
    expect(describeCompleteness(finished("brand_new_reason"))).toMatchObject({ kind: "incomplete", text: expect.stringContaining("brand_new_reason") });
  });

  test("cut-short answers stay in the history; withheld and unfinished ones do not", () => {
    const exchanges = Object.keys(STOP_REASONS).map((stopReason) => ({ user: `about ${stopReason}`, assistant: "words", outcome: exchangeOutcome(finished(stopReason)) }));
    const sent = buildHistory(exchanges).filter((turn) => turn.role === "user").map((turn) => turn.content.replace("about ", ""));
    expect(sent.sort()).toEqual(Object.entries(STOP_REASONS).filter(([, completeness]) => completeness === "complete" || completeness === "truncated").map(([reason]) => reason).sort());
  });
});

describe("completeness", () => {
  /** Every completeness the function can report: its table's, and what it says of a stop reason it does not know. */
  const reported = [...new Set([...Object.values(STOP_REASONS), completenessOf("a_stop_reason_bedrock_adds_later")])];

  test.each(reported)("%s, as the API reports it, is kept as sent and said plainly, whatever the stop reason", (completeness) => {
    const answer = applySseEvent(emptyAnswer(), { event: "done", data: JSON.stringify({ stopReason: "a_stop_reason_the_page_does_not_know", completeness }) });
    expect(answer.completeness).toBe(completeness);
    const notice = describeCompleteness(answer);
    if (completeness === "complete") expect(notice).toBeUndefined();
    else expect(notice).toEqual({ kind: completeness, text: expect.stringMatching(/\S/), status: expect.stringMatching(/\S/) });
  });

  test("a completeness that is not the API's is not taken for one: the stop reason says it", () => {
    expect(applySseEvent(emptyAnswer(), { event: "done", data: JSON.stringify({ stopReason: "max_tokens", completeness: "mostly" }) }).completeness).toBe("truncated");
  });
});

describe("the stream's events", () => {
  test("the page reads exactly the events the function sends", () => {
    expect([...SSE_EVENTS].sort()).toEqual([...SSE_EVENT_NAMES].sort());
  });
});

describe("the function's answer, as the page reads it", () => {
  /** Every usage figure the function reports: a figure added to its Usage is a compile error here. */
  const usage: Required<Usage> = { inputTokens: 11, outputTokens: 7, totalTokens: 30, cacheReadInputTokens: 5, cacheWriteInputTokens: 7 };
  const latencyMs = 42;
  const pieces = ["Hel", "lo"];

  /**
   * Where the page keeps each field of the function's answer summary (the `done` event, the
   * buffered answer without its text): a field added to AnswerSummary is a compile error here
   * until the page reads it.
   */
  const KEPT_AS: { readonly [Field in keyof AnswerSummary]-?: (answer: Answer) => unknown } = {
    stopReason: (answer) => answer.stopReason,
    completeness: (answer) => answer.completeness,
    usage: (answer) => answer.usage,
    metrics: (answer) => ({ latencyMs: answer.latencyMs }),
    modelId: (answer) => answer.modelId,
    guardrailIntervened: (answer) => answer.guardrailIntervened,
  };

  /** A Bedrock that answers "Hello", cut at the token limit, with every usage figure and its latency. */
  const bedrock = {
    send: (command: unknown) => {
      if (command instanceof ConverseCommand) {
        return Promise.resolve({ output: { message: { role: "assistant", content: [{ text: pieces.join("") }] } }, stopReason: "max_tokens", usage, metrics: { latencyMs } });
      }
      if (command instanceof ConverseStreamCommand) {
        const events: ConverseStreamOutput[] = [
          { messageStart: { role: "assistant" } },
          ...pieces.map((text) => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } })),
          { messageStop: { stopReason: "max_tokens" } },
          { metadata: { usage, metrics: { latencyMs } } },
        ];
        return Promise.resolve({ stream: (async function* () { yield* events; })() });
      }
      return Promise.reject(new Error(`unexpected command ${String(command)}`));
    },
  };
  const chat = createChatHandlers({
    config: loadConfig({ MODEL_ID: "amazon.nova-pro-v1:0" }),
    client: bedrock as never,
    log: () => undefined,
    now: () => 0,
    httpResponseStreamFrom: () => fallbackHttpResponseStreamFrom,
  });
  const event = () => proxyEvent({ body: JSON.stringify({ message: "Hi" }) });

  /** What the function sent (its summary, parsed from the wire) and what the page made of it. */
  async function exchange(mode: "streamed" | "buffered"): Promise<{ sent: Record<string, unknown>; text: string; answer: Answer }> {
    if (mode === "buffered") {
      const result = await chat.buffered(event(), lambdaContext());
      const { content, ...sent } = JSON.parse(result.body) as Record<string, unknown>;
      const outcome = await readChatResponse(new Response(result.body, { status: result.statusCode, headers: result.headers }));
      if (outcome.kind !== "answer") throw new Error(`the page read no answer: ${outcome.words.technical}`);
      return { sent, text: String(content), answer: outcome.answer };
    }
    const response = new CapturedResponse();
    await chat.streaming(event(), response.stream, lambdaContext());
    const result = response.result();
    const events = parseSse(result.body);
    const sent = events.find((item) => item.event === "done")?.data as Record<string, unknown>;
    const text = events.flatMap((item) => (item.event === "delta" ? [(item.data as { text: string }).text] : [])).join("");
    const outcome = await readChatResponse(new Response(result.body, { status: result.statusCode, headers: result.headers }));
    if (outcome.kind !== "answer") throw new Error(`the page read no answer: ${outcome.words.technical}`);
    return { sent, text, answer: outcome.answer };
  }

  test.each(["streamed", "buffered"] as const)("%s: the page keeps every field the function sends, as sent", async (mode) => {
    const { sent, text, answer } = await exchange(mode);
    // The function did send every field, each usage figure included, so that each is checked.
    expect(Object.keys(sent).sort()).toEqual(Object.keys(KEPT_AS).sort());
    expect(sent.usage).toEqual(usage);
    for (const [field, keptAs] of Object.entries(KEPT_AS)) expect([field, keptAs(answer)]).toEqual([field, sent[field]]);
    expect(answer.text).toBe(pieces.join(""));
    expect(text).toBe(pieces.join(""));
  });
});
