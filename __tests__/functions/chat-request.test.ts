/**
 * Request validation at the edges: every proxy-event shape a caller could send (API Gateway, a
 * console test, another service invoking directly), byte order marks, and the history turn cap.
 */
import fc from "fast-check";
import { maxHistoryTurnChars } from "../../contract/chat-limits";
import { DEFAULT_LIMITS } from "../../functions/chat/core/config";
import { ChatRequestError } from "../../functions/chat/core/errors";
import { parseChatRequest, validateChatBody } from "../../functions/chat/core/request";

const body = '{"message":"Hi"}';

function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (error instanceof ChatRequestError) return `${error.status} ${error.code}`;
    throw error; // a TypeError here is the bug these tests are about
  }
}

describe("odd proxy events", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["httpMethod null (a direct invocation)", { httpMethod: null, body }, "ok"],
    ["httpMethod a number", { httpMethod: 7, body }, "405 METHOD_NOT_ALLOWED"],
    ["a numeric content-type", { headers: { "content-type": 42 }, body }, "415 UNSUPPORTED_MEDIA_TYPE"],
    ["a content-type list", { headers: { "Content-Type": ["application/json"] }, body }, "415 UNSUPPORTED_MEDIA_TYPE"],
    ["a null content-type", { headers: { "content-type": null }, body }, "ok"],
    ["headers as a string", { headers: "content-type: application/json", body }, "ok"],
    ["headers as an array", { headers: ["content-type"], body }, "ok"],
    ["the body as an object", { body: { message: "Hi" } }, "400 INVALID_JSON"],
    ["the body as a number", { body: 42 }, "400 INVALID_JSON"],
    ["isBase64Encoded as the string 'true'", { body, isBase64Encoded: "true" }, "ok"],
  ])("%s → %s", (_label, event, expected) => {
    expect(outcome(() => parseChatRequest(event, DEFAULT_LIMITS))).toBe(expected);
  });

  it("never throws anything but a ChatRequestError, whatever the event's fields hold", () => {
    const anything = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(null), fc.object());
    fc.assert(
      fc.property(fc.record({ httpMethod: anything, headers: fc.oneof(anything, fc.dictionary(fc.constantFrom("content-type", "Content-Type", "x"), anything)), body: fc.oneof(anything, fc.constant(body)), isBase64Encoded: anything }, { requiredKeys: [] }), (event) => {
        outcome(() => parseChatRequest(event, DEFAULT_LIMITS));
      }),
      { numRuns: 500 },
    );
  });
});

describe("byte order marks", () => {
  const withBom = `\ufeff${body}`;

  it("a plain body starting with U+FEFF is read like the same body base64-encoded", () => {
    expect(parseChatRequest({ httpMethod: "POST", body: withBom }, DEFAULT_LIMITS).message).toBe("Hi");
    expect(parseChatRequest({ httpMethod: "POST", body: Buffer.from(withBom).toString("base64"), isBase64Encoded: true }, DEFAULT_LIMITS).message).toBe("Hi");
  });

  it("only one leading mark is dropped, in either encoding", () => {
    const twice = `\ufeff${withBom}`;
    expect(outcome(() => parseChatRequest({ httpMethod: "POST", body: twice }, DEFAULT_LIMITS))).toBe("400 INVALID_JSON");
    expect(outcome(() => parseChatRequest({ httpMethod: "POST", body: Buffer.from(twice).toString("base64"), isBase64Encoded: true }, DEFAULT_LIMITS))).toBe("400 INVALID_JSON");
  });
});

describe("history turns", () => {
  const limits = { ...DEFAULT_LIMITS, maxMessageChars: 10, maxOutputTokens: 2 }; // turns up to max(10, 2 × 32) = 64
  const history = (content: string) => ({ message: "next", history: [{ role: "user", content: "q" }, { role: "assistant", content }] });

  it("may be as long as the longest message or answer the deployment produces", () => {
    expect(maxHistoryTurnChars(limits)).toBe(64);
    expect(maxHistoryTurnChars({ maxMessageChars: 100_000, maxOutputTokens: 1 })).toBe(100_000);
    expect(outcome(() => validateChatBody(history("x".repeat(64)), limits))).toBe("ok");
    expect(outcome(() => validateChatBody(history("😀".repeat(64)), limits))).toBe("ok"); // code points, as for message
  });

  it("is refused beyond that with TURN_TOO_LONG, naming the turn", () => {
    expect(outcome(() => validateChatBody(history("x".repeat(65)), limits))).toBe("400 TURN_TOO_LONG");
    try {
      validateChatBody(history("x".repeat(65)), limits);
    } catch (error) {
      expect((error as Error).message).toBe("history[1].content exceeds 64 characters.");
    }
  });
});
