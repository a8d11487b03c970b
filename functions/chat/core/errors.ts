/**
 * Named errors and the one map from any failure to an HTTP status and a stable code.
 *
 * User-facing messages are fixed strings chosen here: nothing from an upstream error message
 * (which may carry ARNs, account ids or model details) ever reaches a response body. Codes and
 * statuses come from contract/chat-errors.ts, which docs/chat-api.md and the chat page are checked
 * against.
 */
import { CHAT_ERRORS, type ChatErrorCode } from "../../../contract/chat-errors";

/** A stable, documented error code. Clients may switch on these; never rename one. */
export type ErrorCode = ChatErrorCode;

/** What a client sees: `{ "error": { "code", "message" } }` plus status and headers. */
export interface ErrorResponse {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** Seconds, sent as `Retry-After` (429 and 503 only). */
  readonly retryAfterSeconds?: number;
  /** Worth another attempt by the function itself (before anything was streamed). Never sent. */
  readonly retryable?: boolean;
}

/** The codes of the caller's own mistakes (source "request" in the contract). */
export type RequestErrorCode = { [K in ErrorCode]: (typeof CHAT_ERRORS)[K]["source"] extends "request" ? K : never }[ErrorCode];

/** A mistake in the client's request: always a 4xx (the contract's status for its code), with a message safe to show. */
export class ChatRequestError extends Error {
  override readonly name = "ChatRequestError";
  readonly status: number;
  constructor(
    readonly code: RequestErrorCode,
    message: string,
  ) {
    super(message);
    this.status = CHAT_ERRORS[code].status;
  }
}

/** The function's environment is wrong: a deployment bug, reported as a 500 CONFIG_ERROR. */
export class ChatConfigError extends Error {
  override readonly name = "ChatConfigError";
  constructor(
    /** The offending environment variable. */
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request's time budget ran out before Bedrock answered (our deadline, not the model's). */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";
  constructor(readonly budgetMs: number) {
    super(`deadline of ${budgetMs} ms exceeded`);
  }
}

/**
 * Bedrock's answer ended before Bedrock said it had: a stream without `messageStop` and
 * `metadata`, a Converse body without its message, stop reason or usage. The message (for logs
 * only) says what was missing and what had arrived.
 */
export class UpstreamIncompleteError extends Error {
  override readonly name = "UpstreamIncompleteError";
}

/**
 * Wraps whatever reading the event stream threw: everything that surfaces there comes from
 * Bedrock or the connection to it (exception and error frames, corrupt frames, a cut socket),
 * never from the function's own code, so it is mapped as an upstream failure.
 */
export class UpstreamStreamError extends Error {
  override readonly name = "UpstreamStreamError";
  constructor(readonly upstream: unknown) {
    super(`reading the event stream failed: ${errorName(upstream)}: ${upstream instanceof Error ? upstream.message : String(upstream)}`);
  }
}

/** The buffered answer would not fit in Lambda's response payload; streaming has no such limit. */
export class AnswerTooLargeError extends Error {
  override readonly name = "AnswerTooLargeError";
  constructor(
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`the buffered answer is ${bytes} bytes, over Lambda's ${limitBytes}-byte response payload`);
  }
}

/** Default `Retry-After` when Bedrock throttles and says nothing more precise. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

function response(code: ErrorCode, message: string, extra: { retryable?: boolean } = {}): ErrorResponse {
  const spec: { status: number; retryAfter?: true } = CHAT_ERRORS[code];
  return { status: spec.status, code, message, ...(spec.retryAfter ? { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS } : {}), ...extra };
}

const RETRY = { retryable: true };
const UPSTREAM = "The model service failed to answer.";

/**
 * Bedrock Runtime exception names (the Smithy shape names, which are also what the SDK puts in
 * `error.name` and what the wire carries in `x-amzn-ErrorType` / `:exception-type`) → response.
 * Retryable: what the SDK's standard mode retries (throttling, transient 5xx).
 */
const BEDROCK_ERRORS: ReadonlyMap<string, ErrorResponse> = new Map(
  Object.entries({
    ThrottlingException: response("THROTTLED", "Too many requests; retry later.", RETRY),
    ServiceQuotaExceededException: response("QUOTA_EXCEEDED", "The model's quota is exhausted; retry later."),
    ValidationException: response("MODEL_VALIDATION_ERROR", "The model rejected the conversation (too long, or malformed)."),
    ModelTimeoutException: response("MODEL_TIMEOUT", "The model took too long to answer."),
    ModelNotReadyException: response("MODEL_NOT_READY", "The model is not ready; retry later.", RETRY),
    ServiceUnavailableException: response("SERVICE_UNAVAILABLE", "The model service is unavailable; retry later.", RETRY),
    ModelErrorException: response("MODEL_ERROR", "The model failed to answer."),
    ModelStreamErrorException: response("MODEL_ERROR", "The model failed to answer."),
    InternalServerException: response("UPSTREAM_ERROR", UPSTREAM, RETRY),
    // Deployment problems: the client can do nothing, and the body must not say which ARN.
    AccessDeniedException: response("UPSTREAM_ERROR", UPSTREAM),
    ResourceNotFoundException: response("UPSTREAM_ERROR", UPSTREAM),
    UnrecognizedClientException: response("UPSTREAM_ERROR", UPSTREAM),
    InvalidSignatureException: response("UPSTREAM_ERROR", UPSTREAM),
    ExpiredTokenException: response("UPSTREAM_ERROR", UPSTREAM),
    ConflictException: response("UPSTREAM_ERROR", UPSTREAM),
  }),
);

const UNREACHABLE = response("UPSTREAM_UNREACHABLE", "The model service could not be reached.", RETRY);
const BAD_RESPONSE = response("UPSTREAM_BAD_RESPONSE", "The model service sent an answer that could not be read.");
const INCOMPLETE = response("UPSTREAM_INCOMPLETE", "The answer was cut off before the model finished it.");
const UNKNOWN_UPSTREAM = response("UPSTREAM_ERROR", UPSTREAM);
/** By HTTP status, for answers without a Bedrock error type (a proxy's or a load balancer's page). */
const BY_STATUS: ReadonlyMap<number, ErrorResponse> = new Map([
  [429, response("THROTTLED", "Too many requests; retry later.", RETRY)],
  [503, response("UPSTREAM_UNAVAILABLE", "The model service is unavailable; retry later.", RETRY)],
  [504, response("UPSTREAM_TIMEOUT", "The model service timed out.", RETRY)],
]);
const INTERNAL = response("INTERNAL_ERROR", "Internal error.");

/** Socket-level failures (Node's error codes, and the names the SDK's HTTP handler gives them). */
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "EHOSTDOWN", "ERR_STREAM_PREMATURE_CLOSE"]);
const NETWORK_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
/** Names that say nothing about the upstream: JavaScript's own error classes. */
const GENERIC_NAMES = new Set(["Error", "SyntaxError", "TypeError", "RangeError"]);

/** The name an error goes by, whatever shape it has (SDK exception, plain Error, anything). */
export function errorName(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name.length > 0) return name;
  }
  return typeof error;
}

function field(error: unknown, key: string): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

function isNetworkError(error: unknown): boolean {
  const code = field(error, "code");
  return (typeof code === "string" && NETWORK_CODES.has(code)) || NETWORK_NAMES.has(errorName(error));
}

/** The HTTP status of the upstream answer an SDK error came from, if there was one. */
function upstreamStatus(error: unknown): number | undefined {
  const status = field(field(error, "$metadata"), "httpStatusCode") ?? field(field(error, "$response"), "statusCode");
  return typeof status === "number" && Number.isInteger(status) ? status : undefined;
}

/** Reads a sane `Retry-After` (whole seconds, 1–3600) from an SDK error's raw HTTP response. */
export function upstreamRetryAfter(error: unknown): number | undefined {
  const raw = field(field(field(error, "$response"), "headers"), "retry-after");
  if (typeof raw !== "string" || !/^\d{1,4}$/.test(raw)) return undefined;
  const seconds = Number(raw);
  return seconds >= 1 && seconds <= 3600 ? seconds : undefined;
}

function withRetryAfter(mapped: ErrorResponse, error: unknown): ErrorResponse {
  const upstream = mapped.retryAfterSeconds === undefined ? undefined : upstreamRetryAfter(error);
  return upstream === undefined ? mapped : { ...mapped, retryAfterSeconds: upstream };
}

/**
 * A failure of the call to Bedrock (what `client.send` rejected with), or undefined when it is
 * none: a thrown TypeError, an abort, a credentials error are the function's own.
 */
function upstreamFailure(error: unknown): ErrorResponse | undefined {
  // A Map, not an object lookup: an error named "constructor" or "toString" must not find Object.prototype.
  const known = BEDROCK_ERRORS.get(errorName(error));
  if (known !== undefined) return withRetryAfter(known, error);
  const status = upstreamStatus(error);
  if (isNetworkError(error)) {
    // A 2xx whose body broke off is an answer cut short (and not retried: Bedrock may have billed it).
    return status !== undefined && status >= 200 && status < 300 ? INCOMPLETE : UNREACHABLE;
  }
  if (status === undefined) return undefined;
  const byStatus = BY_STATUS.get(status);
  if (byStatus !== undefined) return withRetryAfter(byStatus, error);
  // An exception type this SDK does not know (a newer service) vs. a body that is not Bedrock's at all.
  return field(error, "$fault") !== undefined && !GENERIC_NAMES.has(errorName(error)) ? UNKNOWN_UPSTREAM : BAD_RESPONSE;
}

/** What reading the event stream threw: always the upstream's doing (see UpstreamStreamError). */
function streamFailure(error: unknown): ErrorResponse {
  const known = BEDROCK_ERRORS.get(errorName(error));
  if (known !== undefined) return withRetryAfter(known, error);
  if (isNetworkError(error)) return INCOMPLETE;
  // Exception and error frames of types this function does not know carry their type as the name;
  // corrupt frames (checksums, truncated or garbage bytes) are plain Errors.
  return GENERIC_NAMES.has(errorName(error)) ? BAD_RESPONSE : UNKNOWN_UPSTREAM;
}

/** Maps any failure to the response a client sees. Total: every input gets an answer. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ChatRequestError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ChatConfigError) return response("CONFIG_ERROR", "The chat function is misconfigured.");
  if (error instanceof DeadlineExceededError) return response("DEADLINE_EXCEEDED", "The answer took too long.");
  if (error instanceof UpstreamIncompleteError) return INCOMPLETE;
  if (error instanceof UpstreamStreamError) return streamFailure(error.upstream);
  if (error instanceof AnswerTooLargeError) return response("ANSWER_TOO_LARGE", "The answer is too large to return in one response; ask for a shorter one.");
  return upstreamFailure(error) ?? INTERNAL;
}

/** `{ "error": { "code", "message" } }`: the only error body this API ever sends. */
export function errorBody(response: Pick<ErrorResponse, "code" | "message">): { error: { code: ErrorCode; message: string } } {
  return { error: { code: response.code, message: response.message } };
}
