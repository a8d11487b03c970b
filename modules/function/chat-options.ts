/**
 * The chat function's request limits and content logging as a deployment sets them
 * (ChatbotDataPlane's `chat`, the config's `chat` section), judged by the function's own table
 * (contract/chat-limits.ts): a value the function would refuse at run time, answering every
 * request with a 500 CONFIG_ERROR, stops synth instead.
 */
import { CHAT_LIMITS, CHAT_LIMIT_NAMES, type ChatLimitName } from "../../contract/chat-limits";
import { type Problem, booleanProblems, fieldPath, integerRangeProblems, objectProblems } from "../core/validate";

/**
 * Each limit of contract/chat-limits.ts (absent: the function's default, in the range the contract
 * gives), and whether prompt and answer text is logged.
 */
export interface ChatOptions {
  /** Longest `message` a client may send, in Unicode code points. */
  readonly maxMessageChars?: number;
  /** Most `history` turns a request may carry. A turn may hold up to `max(maxMessageChars, 32 × maxOutputTokens)` code points. */
  readonly maxHistoryTurns?: number;
  /** Largest request body, in bytes (after base64 decoding). */
  readonly maxRequestBytes?: number;
  /** `maxTokens` sent to Bedrock on every call: the answer's ceiling. */
  readonly maxOutputTokens?: number;
  /** Log prompt and answer text. @default false - sizes, timings and ids only */
  readonly logContent?: boolean;
}

/** Compile-time: the limit options are exactly the contract's limits (a new limit needs its option and JSDoc here). */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const LIMIT_OPTIONS_ARE_THE_CONTRACTS: SameKeys<Exclude<keyof ChatOptions, "logContent">, ChatLimitName> = true;
void LIMIT_OPTIONS_ARE_THE_CONTRACTS;

/**
 * Every problem of the chat options: each limit a whole number in the function's range, in the
 * words the function refuses it with (chatLimitRange), logContent a boolean. Tokens pass. `at`
 * prefixes the fields (`chat`; ChatRequestValidation's `limits`).
 */
export function chatOptionsProblems(chat: ChatOptions, at = ""): Problem[] {
  const shape = objectProblems(at === "" ? "chat" : at, chat);
  if (shape.length > 0) return shape;
  const problems = CHAT_LIMIT_NAMES.flatMap((name) => {
    // The bounds alone: the function's words name no unit ("must be a whole number 64–4194304").
    const { min, max } = CHAT_LIMITS[name];
    return chat[name] === undefined ? [] : integerRangeProblems(fieldPath(at, name), chat[name], { min, max });
  });
  if (chat.logContent !== undefined) problems.push(...booleanProblems(fieldPath(at, "logContent"), chat.logContent));
  return problems;
}
