/**
 * The error map for failures below Bedrock's error model, as the SDK surfaces them (shapes taken
 * from the SDK against a faulty endpoint): only bugs in the function are INTERNAL_ERROR.
 */
import { CHAT_ERRORS } from "../../contract/chat-errors";
import { AnswerTooLargeError, toErrorResponse, UpstreamIncompleteError, UpstreamStreamError } from "../../functions/chat/core/errors";

/** An error as the SDK rejects with: the raw response and metadata attached. */
function sdkError(name: string, message: string, extra: { status?: number; code?: string; fault?: string; headers?: Record<string, string> } = {}) {
  return Object.assign(new Error(message), {
    name,
    ...(extra.code === undefined ? {} : { code: extra.code }),
    ...(extra.fault === undefined ? {} : { $fault: extra.fault }),
    ...(extra.status === undefined ? {} : { $metadata: { httpStatusCode: extra.status }, $response: { statusCode: extra.status, headers: extra.headers ?? {} } }),
  });
}

describe("failures of the call (before anything streamed)", () => {
  it.each<[string, unknown, number, string]>([
    ["a socket reset (the SDK calls it TimeoutError)", sdkError("TimeoutError", "socket hang up", { code: "ECONNRESET" }), 502, "UPSTREAM_UNREACHABLE"],
    ["a refused connection", sdkError("Error", "connect ECONNREFUSED 10.0.0.1:443", { code: "ECONNREFUSED" }), 502, "UPSTREAM_UNREACHABLE"],
    ["a name that does not resolve", sdkError("Error", "getaddrinfo ENOTFOUND bedrock-runtime", { code: "ENOTFOUND" }), 502, "UPSTREAM_UNREACHABLE"],
    ["a 200 body cut mid-way", sdkError("Error", "aborted", { code: "ECONNRESET", status: 200 }), 502, "UPSTREAM_INCOMPLETE"],
    ["an HTML 502 (no error type: the SDK fails to parse it)", sdkError("SyntaxError", "Unexpected token '<'", { status: 502 }), 502, "UPSTREAM_BAD_RESPONSE"],
    ["an HTML 500", sdkError("SyntaxError", "Unexpected token '<'", { status: 500 }), 502, "UPSTREAM_BAD_RESPONSE"],
    ["an HTML 503", sdkError("SyntaxError", "Unexpected token '<'", { status: 503 }), 503, "UPSTREAM_UNAVAILABLE"],
    ["an HTML 504", sdkError("SyntaxError", "Unexpected token '<'", { status: 504 }), 504, "UPSTREAM_TIMEOUT"],
    ["an HTML 429", sdkError("SyntaxError", "Unexpected token '<'", { status: 429 }), 429, "THROTTLED"],
    ["a 200 that is not JSON", sdkError("SyntaxError", "Unexpected token '<'", { status: 200 }), 502, "UPSTREAM_BAD_RESPONSE"],
    ["an exception type the SDK does not know", sdkError("SomeNewException", "new", { status: 400, fault: "client" }), 502, "UPSTREAM_ERROR"],
    ["an unknown exception at 503", sdkError("SomeNewException", "new", { status: 503, fault: "server" }), 503, "UPSTREAM_UNAVAILABLE"],
  ])("%s → %d %s", (_label, error, status, code) => {
    expect(toErrorResponse(error)).toMatchObject({ status, code });
  });

  it("passes a 503's Retry-After on, or sends the default", () => {
    expect(toErrorResponse(sdkError("SyntaxError", "<", { status: 503, headers: { "retry-after": "9" } })).retryAfterSeconds).toBe(9);
    expect(toErrorResponse(sdkError("SyntaxError", "<", { status: 503 })).retryAfterSeconds).toBe(2);
  });

  it("keeps the function's own failures internal: a TypeError, a credentials error, an abort", () => {
    for (const error of [new TypeError("x is undefined"), sdkError("CredentialsProviderError", "no credentials"), sdkError("AbortError", "aborted")]) {
      expect(toErrorResponse(error)).toMatchObject({ status: 500, code: "INTERNAL_ERROR" });
    }
  });
});

describe("failures read from the event stream", () => {
  it.each<[string, unknown, string]>([
    ["a bad message checksum", new Error("The message checksum (320441991) did not match the expected value of 320441976"), "UPSTREAM_BAD_RESPONSE"],
    ["a bad prelude checksum", new Error("The prelude checksum specified in the message (1) does not match the calculated CRC32 checksum (2)"), "UPSTREAM_BAD_RESPONSE"],
    ["garbage bytes", new Error("Truncated event message received."), "UPSTREAM_BAD_RESPONSE"],
    ["a payload that is not JSON", new SyntaxError("Unexpected token"), "UPSTREAM_BAD_RESPONSE"],
    ["a destroyed socket", sdkError("Error", "aborted", { code: "ECONNRESET" }), "UPSTREAM_INCOMPLETE"],
    ["an error frame (:message-type: error)", sdkError("InternalFailure", "boom"), "UPSTREAM_ERROR"],
    ["an exception frame of an unknown type", sdkError("someNewException", "{}"), "UPSTREAM_ERROR"],
    ["a known exception frame", sdkError("ModelStreamErrorException", "x"), "MODEL_ERROR"],
    ["a throttle frame", sdkError("ThrottlingException", "x"), "THROTTLED"],
  ])("%s → %s", (_label, error, code) => {
    expect(toErrorResponse(new UpstreamStreamError(error)).code).toBe(code);
  });
});

describe("the function's own verdicts", () => {
  it("an answer that never said it ended is UPSTREAM_INCOMPLETE, one too large for Lambda ANSWER_TOO_LARGE", () => {
    expect(toErrorResponse(new UpstreamIncompleteError("no metadata"))).toMatchObject({ status: 502, code: "UPSTREAM_INCOMPLETE" });
    expect(toErrorResponse(new AnswerTooLargeError(7_000_000, 6_291_456))).toMatchObject({ status: 502, code: "ANSWER_TOO_LARGE" });
  });

  it("every status comes from the contract's table", () => {
    const samples = [new UpstreamIncompleteError("x"), new AnswerTooLargeError(1, 0), sdkError("TimeoutError", "x", { code: "ECONNRESET" }), sdkError("ThrottlingException", "x")];
    for (const error of samples) {
      const mapped = toErrorResponse(error);
      expect(mapped.status).toBe(CHAT_ERRORS[mapped.code].status);
      expect(mapped.retryAfterSeconds !== undefined).toBe("retryAfter" in CHAT_ERRORS[mapped.code]);
    }
  });
});
