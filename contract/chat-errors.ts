/**
 * Every error code the chat API answers with, its HTTP status, and whether it carries
 * `Retry-After`: the one table the function's error map (functions/chat/core/errors.ts), the
 * error table in docs/chat-api.md and the chat page's words are checked against. Codes are API: clients
 * switch on them, so a code is never renamed or given another status.
 *
 * Pure TypeScript with no imports (bundled into the function, built with the constructs).
 */

export interface ChatErrorSpec {
  readonly status: number;
  /** Whose fault: the caller's request, Bedrock or the way to it, or the function itself. */
  readonly source: "request" | "upstream" | "function";
  /** Answered with `Retry-After` (seconds). */
  readonly retryAfter?: true;
}

export const CHAT_ERRORS = {
  // The caller's request (never retried as is; the message says what to fix).
  METHOD_NOT_ALLOWED: { status: 405, source: "request" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, source: "request" },
  REQUEST_TOO_LARGE: { status: 413, source: "request" },
  INVALID_ENCODING: { status: 400, source: "request" },
  INVALID_JSON: { status: 400, source: "request" },
  INVALID_REQUEST: { status: 400, source: "request" },
  UNKNOWN_FIELD: { status: 400, source: "request" },
  EMPTY_MESSAGE: { status: 400, source: "request" },
  MESSAGE_TOO_LONG: { status: 400, source: "request" },
  INVALID_HISTORY: { status: 400, source: "request" },
  TOO_MANY_TURNS: { status: 400, source: "request" },
  TURN_TOO_LONG: { status: 400, source: "request" },
  // Bedrock's own answers, by exception type.
  MODEL_VALIDATION_ERROR: { status: 400, source: "upstream" },
  THROTTLED: { status: 429, source: "upstream", retryAfter: true },
  QUOTA_EXCEEDED: { status: 429, source: "upstream", retryAfter: true },
  UPSTREAM_ERROR: { status: 502, source: "upstream" },
  MODEL_ERROR: { status: 502, source: "upstream" },
  MODEL_NOT_READY: { status: 503, source: "upstream", retryAfter: true },
  SERVICE_UNAVAILABLE: { status: 503, source: "upstream", retryAfter: true },
  MODEL_TIMEOUT: { status: 504, source: "upstream" },
  // The way to Bedrock, or an answer that is not one (no Bedrock exception type to go by).
  UPSTREAM_UNREACHABLE: { status: 502, source: "upstream" },
  UPSTREAM_BAD_RESPONSE: { status: 502, source: "upstream" },
  UPSTREAM_INCOMPLETE: { status: 502, source: "upstream" },
  UPSTREAM_UNAVAILABLE: { status: 503, source: "upstream", retryAfter: true },
  UPSTREAM_TIMEOUT: { status: 504, source: "upstream" },
  ANSWER_TOO_LARGE: { status: 502, source: "upstream" },
  // The function.
  DEADLINE_EXCEEDED: { status: 504, source: "function" },
  CONFIG_ERROR: { status: 500, source: "function" },
  INTERNAL_ERROR: { status: 500, source: "function" },
} as const satisfies Readonly<Record<string, ChatErrorSpec>>;

export type ChatErrorCode = keyof typeof CHAT_ERRORS;

export const CHAT_ERROR_CODES = Object.keys(CHAT_ERRORS) as readonly ChatErrorCode[];
