/**
 * The JSON schema (draft-04, the dialect API Gateway models use) of a `POST /chat` body. API
 * Gateway checks it before invoking the function, so that malformed requests never reach (or
 * bill) Lambda. It is a coarse gate, deliberately never stricter than the function, which still
 * validates every request exactly (functions/chat/core/request.ts): what the function accepts,
 * this schema accepts — a test checks that on arbitrary bodies.
 *
 * Where the two cannot agree exactly, the schema errs on the lenient side:
 * - `maxLength` counts characters, and API Gateway's validator may count UTF-16 units where the
 *   function counts code points (an emoji is one code point, two units): so twice the limit;
 * - blank text: the schema asks for one non-whitespace character (`\S`), the function trims
 *   Unicode whitespace too and answers EMPTY_MESSAGE;
 * - turn order (user, assistant, …) cannot be written in draft-04: the function checks it.
 */

export interface ChatRequestLimits {
  /** @default 8000 - the function's default (MAX_MESSAGE_CHARS) */
  readonly maxMessageChars?: number;
  /** @default 20 - the function's default (MAX_HISTORY_TURNS) */
  readonly maxHistoryTurns?: number;
}

/** The function's own defaults (functions/chat/core/config.ts DEFAULT_LIMITS); a test keeps them equal. */
export const FUNCTION_LIMIT_DEFAULTS = { maxMessageChars: 8000, maxHistoryTurns: 20 } as const;

/** A UTF-16 unit count that is never below the function's code-point limit. */
export function lenientMaxLength(maxChars: number): number {
  return maxChars * 2;
}

export function chatRequestSchema(limits: ChatRequestLimits = {}): Record<string, unknown> {
  const maxMessageChars = limits.maxMessageChars ?? FUNCTION_LIMIT_DEFAULTS.maxMessageChars;
  const maxHistoryTurns = limits.maxHistoryTurns ?? FUNCTION_LIMIT_DEFAULTS.maxHistoryTurns;
  const text = (maxLength?: number) => ({ type: "string", minLength: 1, pattern: "\\S", ...(maxLength === undefined ? {} : { maxLength }) });
  return {
    $schema: "http://json-schema.org/draft-04/schema#",
    title: "ChatRequest",
    type: "object",
    required: ["message"],
    additionalProperties: false,
    properties: {
      message: text(lenientMaxLength(maxMessageChars)),
      history: {
        type: "array",
        maxItems: maxHistoryTurns,
        items: {
          type: "object",
          required: ["role", "content"],
          additionalProperties: false,
          properties: { role: { type: "string", enum: ["user", "assistant"] }, content: text() },
        },
      },
    },
  };
}
