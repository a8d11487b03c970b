/**
 * Named errors and the one map from any failure to an HTTP status and a stable code.
 *
 * User-facing messages are fixed strings chosen here: nothing from an upstream error message
 * (which may carry ARNs, account ids or model details) ever reaches a response body.
 */

/** A stable, documented error code. Clients may switch on these; never rename one. */
export type ErrorCode =
  // client mistakes (4xx)
  | "METHOD_NOT_ALLOWED"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "REQUEST_TOO_LARGE"
  | "INVALID_ENCODING"
  | "INVALID_JSON"
  | "INVALID_REQUEST"
  | "UNKNOWN_FIELD"
  | "EMPTY_MESSAGE"
  | "MESSAGE_TOO_LONG"
  | "INVALID_HISTORY"
  | "TOO_MANY_TURNS"
  | "MODEL_VALIDATION_ERROR"
  | "THROTTLED"
  | "QUOTA_EXCEEDED"
  // upstream and server failures (5xx)
  | "UPSTREAM_ERROR"
  | "MODEL_ERROR"
  | "MODEL_NOT_READY"
  | "SERVICE_UNAVAILABLE"
  | "MODEL_TIMEOUT"
  | "DEADLINE_EXCEEDED"
  | "CONFIG_ERROR"
  | "INTERNAL_ERROR";

/** What a client sees: `{ "error": { "code", "message" } }` plus status and headers. */
export interface ErrorResponse {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** Seconds, sent as `Retry-After` (429 and 503 only). */
  readonly retryAfterSeconds?: number;
}

/** A mistake in the client's request: always a 4xx, with a message safe to show. */
export class ChatRequestError extends Error {
  override readonly name = "ChatRequestError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
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

/** Default `Retry-After` when Bedrock throttles and says nothing more precise. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

const UPSTREAM: Omit<ErrorResponse, "status"> = { code: "UPSTREAM_ERROR", message: "The model could not be reached." };

/**
 * Bedrock Runtime exception names (the Smithy shape names, which are also what the SDK puts in
 * `error.name` and what the wire carries in `x-amzn-ErrorType` / `:exception-type`) → response.
 */
const BEDROCK_ERRORS: ReadonlyMap<string, ErrorResponse> = new Map(Object.entries({
  ThrottlingException: { status: 429, code: "THROTTLED", message: "Too many requests; retry later.", retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
  ServiceQuotaExceededException: {
    status: 429,
    code: "QUOTA_EXCEEDED",
    message: "The model's quota is exhausted; retry later.",
    retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
  },
  ValidationException: { status: 400, code: "MODEL_VALIDATION_ERROR", message: "The model rejected the conversation (too long, or malformed)." },
  ModelTimeoutException: { status: 504, code: "MODEL_TIMEOUT", message: "The model took too long to answer." },
  ModelNotReadyException: { status: 503, code: "MODEL_NOT_READY", message: "The model is not ready; retry later.", retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
  ServiceUnavailableException: {
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    message: "The model service is unavailable; retry later.",
    retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
  },
  ModelErrorException: { status: 502, code: "MODEL_ERROR", message: "The model failed to answer." },
  ModelStreamErrorException: { status: 502, code: "MODEL_ERROR", message: "The model failed to answer." },
  // Deployment problems: the client can do nothing, and the body must not say which ARN.
  AccessDeniedException: { status: 502, ...UPSTREAM },
  ResourceNotFoundException: { status: 502, ...UPSTREAM },
  UnrecognizedClientException: { status: 502, ...UPSTREAM },
  InvalidSignatureException: { status: 502, ...UPSTREAM },
  ExpiredTokenException: { status: 502, ...UPSTREAM },
  InternalServerException: { status: 502, ...UPSTREAM },
  ConflictException: { status: 502, ...UPSTREAM },
}));

const INTERNAL: ErrorResponse = { status: 500, code: "INTERNAL_ERROR", message: "Internal error." };

/** The name an error goes by, whatever shape it has (SDK exception, plain Error, anything). */
export function errorName(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name.length > 0) return name;
  }
  return typeof error;
}

/** Reads a sane `Retry-After` (whole seconds, 1–3600) from an SDK error's raw HTTP response. */
function upstreamRetryAfter(error: unknown): number | undefined {
  const headers = (error as { $response?: { headers?: Record<string, unknown> } } | null)?.$response?.headers;
  const raw = headers?.["retry-after"];
  if (typeof raw !== "string" || !/^\d{1,4}$/.test(raw)) return undefined;
  const seconds = Number(raw);
  return seconds >= 1 && seconds <= 3600 ? seconds : undefined;
}

/** Maps any failure to the response a client sees. Total: every input gets an answer. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ChatRequestError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ChatConfigError) return { status: 500, code: "CONFIG_ERROR", message: "The chat function is misconfigured." };
  if (error instanceof DeadlineExceededError) return { status: 504, code: "DEADLINE_EXCEEDED", message: "The answer took too long." };
  // A Map, not an object lookup: an error named "constructor" or "toString" must not find Object.prototype.
  const known = BEDROCK_ERRORS.get(errorName(error));
  if (known === undefined) return INTERNAL;
  const retryAfter = known.retryAfterSeconds === undefined ? undefined : (upstreamRetryAfter(error) ?? known.retryAfterSeconds);
  return retryAfter === undefined ? known : { ...known, retryAfterSeconds: retryAfter };
}

/** `{ "error": { "code", "message" } }`: the only error body this API ever sends. */
export function errorBody(response: Pick<ErrorResponse, "code" | "message">): { error: { code: ErrorCode; message: string } } {
  return { error: { code: response.code, message: response.message } };
}
