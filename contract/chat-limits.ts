/**
 * The chat API's limits: the one table that the function (functions/chat/core/config.ts reads
 * each limit from its environment variable), the configuration (config/schema.ts), the data plane
 * (modules/stacks/chatbot-data-plane.ts sets the variables) and the API's request model
 * (modules/api/chat-request-schema.ts) all read. Written once, so that synth refuses exactly what the
 * function would refuse at run time (a deployed stack answering every request with 500
 * CONFIG_ERROR is the failure this prevents).
 *
 * Pure TypeScript with no imports: esbuild bundles it into the function, tsc builds it with the
 * constructs, and neither side imports the other.
 */

export interface ChatLimitSpec {
  /** The function's environment variable. */
  readonly env: string;
  /** Used when the variable (and the config field) is absent. */
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** What the number counts, for messages and docs. */
  readonly unit: string;
}

/**
 * Lambda's payload limit for a synchronous invocation, request and response alike (6 MB). The
 * request carries the whole proxy event (headers, and the body as a JSON string, escaped again);
 * the buffered answer is the whole proxy result, its body escaped again.
 */
export const LAMBDA_PAYLOAD_MAX_BYTES = 6 * 1024 * 1024;

export const CHAT_LIMITS = {
  /** Unicode code points in `message`. */
  maxMessageChars: { env: "MAX_MESSAGE_CHARS", default: 8000, min: 1, max: 1_000_000, unit: "code points" },
  /** Entries in `history`. */
  maxHistoryTurns: { env: "MAX_HISTORY_TURNS", default: 20, min: 0, max: 1000, unit: "turns" },
  /**
   * Bytes of the request body (after base64 decoding). At most 4 MiB: a bigger body could not
   * reach the function anyway, since the proxy event that carries it (headers, the body escaped
   * as a JSON string) must fit in Lambda's 6 MB request payload.
   */
  maxRequestBytes: { env: "MAX_REQUEST_BYTES", default: 65536, min: 64, max: 4 * 1024 * 1024, unit: "bytes" },
  /** `maxTokens` sent to Bedrock on every call: the answer's ceiling. */
  maxOutputTokens: { env: "MAX_OUTPUT_TOKENS", default: 1024, min: 1, max: 1_000_000, unit: "tokens" },
} as const satisfies Readonly<Record<string, ChatLimitSpec>>;

export type ChatLimitName = keyof typeof CHAT_LIMITS;
export type ChatLimits = { readonly [K in ChatLimitName]: number };

export const CHAT_LIMIT_NAMES = Object.keys(CHAT_LIMITS) as readonly ChatLimitName[];

export const DEFAULT_CHAT_LIMITS: ChatLimits = {
  maxMessageChars: CHAT_LIMITS.maxMessageChars.default,
  maxHistoryTurns: CHAT_LIMITS.maxHistoryTurns.default,
  maxRequestBytes: CHAT_LIMITS.maxRequestBytes.default,
  maxOutputTokens: CHAT_LIMITS.maxOutputTokens.default,
};

/** "a whole number 64–4194304": the allowed values of limit `name`, in words. */
export function chatLimitRange(name: ChatLimitName): string {
  return `a whole number ${CHAT_LIMITS[name].min}–${CHAT_LIMITS[name].max}`;
}

export function isValidChatLimit(name: ChatLimitName, value: unknown): value is number {
  const { min, max } = CHAT_LIMITS[name];
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Why `value` is not a valid setting of limit `name` ("must be a whole number 64–4194304, got
 * 32"), or undefined when it is. The same words at synth and at run time.
 */
export function chatLimitProblem(name: ChatLimitName, value: unknown): string | undefined {
  if (isValidChatLimit(name, value)) return undefined;
  return `must be ${chatLimitRange(name)}, got ${typeof value === "string" ? `'${value}'` : String(value)}`;
}

/**
 * A generous ceiling on characters per output token. Answers average about four characters a
 * token; 32 leaves room for code, whitespace runs and long words, so that no answer this
 * deployment produced is ever refused when the client sends it back as history.
 */
export const MAX_CHARS_PER_OUTPUT_TOKEN = 32;

/**
 * The longest `history` turn (code points): as long as the longest message a client may send
 * or the longest answer the model may give, whichever is more. Derived rather than configured,
 * so that a turn the deployment itself produced always fits, and no setting can contradict it.
 */
export function maxHistoryTurnChars(limits: Pick<ChatLimits, "maxMessageChars" | "maxOutputTokens">): number {
  return Math.max(limits.maxMessageChars, limits.maxOutputTokens * MAX_CHARS_PER_OUTPUT_TOKEN);
}
