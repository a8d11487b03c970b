/**
 * The JSON schema (draft-04, the dialect API Gateway models use) of a `POST /chat` body. API
 * Gateway checks it before invoking the function, so that malformed requests never reach (or
 * bill) Lambda. It is a coarse gate, deliberately never stricter than the function, which still
 * validates every request exactly (functions/chat/core/request.ts): what the function accepts,
 * this schema accepts — a test checks that on arbitrary bodies. Both take their limits from the
 * same table (contract/chat-limits.ts).
 *
 * Where the two cannot agree exactly, the schema errs on the lenient side:
 * - `maxLength` counts characters, and API Gateway's validator may count UTF-16 units where the
 *   function counts code points (an emoji is one code point, two units): so twice the limit;
 * - blank text: the schema asks for one non-whitespace character (`\S`), the function trims
 *   Unicode whitespace too and answers EMPTY_MESSAGE;
 * - turn order (user, assistant, …) cannot be written in draft-04: the function checks it;
 * - the body's size in bytes has no draft-04 keyword: the function checks it (REQUEST_TOO_LARGE).
 */
import { CHAT_LIMITS, maxHistoryTurnChars } from "../../contract/chat-limits";

export interface ChatRequestLimits {
  /** @default 8000 - the function's default (MAX_MESSAGE_CHARS) */
  readonly maxMessageChars?: number;
  /** @default 20 - the function's default (MAX_HISTORY_TURNS) */
  readonly maxHistoryTurns?: number;
  /**
   * The answer's ceiling: a history turn may be as long as an answer (see maxHistoryTurnChars).
   * @default 1024 - the function's default (MAX_OUTPUT_TOKENS)
   */
  readonly maxOutputTokens?: number;
}

/** The function's own defaults (contract/chat-limits.ts). */
export const FUNCTION_LIMIT_DEFAULTS = {
  maxMessageChars: CHAT_LIMITS.maxMessageChars.default,
  maxHistoryTurns: CHAT_LIMITS.maxHistoryTurns.default,
  maxOutputTokens: CHAT_LIMITS.maxOutputTokens.default,
} as const;

/** A UTF-16 unit count that is never below the function's code-point limit. */
export function lenientMaxLength(maxChars: number): number {
  return maxChars * 2;
}

export function chatRequestSchema(limits: ChatRequestLimits = {}): Record<string, unknown> {
  const maxMessageChars = limits.maxMessageChars ?? FUNCTION_LIMIT_DEFAULTS.maxMessageChars;
  const maxHistoryTurns = limits.maxHistoryTurns ?? FUNCTION_LIMIT_DEFAULTS.maxHistoryTurns;
  const maxOutputTokens = limits.maxOutputTokens ?? FUNCTION_LIMIT_DEFAULTS.maxOutputTokens;
  const text = (maxLength: number) => ({ type: "string", minLength: 1, pattern: "\\S", maxLength });
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
          properties: { role: { type: "string", enum: ["user", "assistant"] }, content: text(lenientMaxLength(maxHistoryTurnChars({ maxMessageChars, maxOutputTokens }))) },
        },
      },
    },
  };
}
