/**
 * The chat page against the API's contract (contract/chat-errors.ts, contract/chat-stop-reasons.ts):
 * the API's message is shown only for the caller's own mistakes, every stop reason has its
 * meaning, and an answer cut short or withheld is said to be so and kept out of the history.
 * That the page's error table is the contract's, and has words for every code, is checked code
 * by code in __tests__/contract/chat-errors.test.ts.
 */
import { CHAT_ERROR_CODES, CHAT_ERRORS } from "../../contract/chat-errors";
import { STOP_REASONS } from "../../contract/chat-stop-reasons";
import { type Answer, buildHistory, describeCompleteness, describeError, emptyAnswer, exchangeOutcome, STOP_REASON_COMPLETENESS, STOP_REASON_WORDS } from "../../web/chat-core.js";

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
