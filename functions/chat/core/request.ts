/**
 * Request validation: turns the raw HTTP pieces of a `POST /chat` into a ChatRequest, or throws
 * a ChatRequestError (always 4xx, stable code, message safe to show). Pure, no I/O.
 *
 * Contract: `{ "message": string, "history"?: [{ "role": "user" | "assistant", "content": string }] }`.
 * Stateless: the client sends prior turns; history starts with a user turn, alternates, and ends
 * with an assistant turn (the new `message` is the next user turn).
 */
import { maxHistoryTurnChars } from "../../../contract/chat-limits";
import type { ChatLimits } from "./config";
import { ChatRequestError, type RequestErrorCode } from "./errors";

export type Role = "user" | "assistant";

export interface Turn {
  readonly role: Role;
  readonly content: string;
}

export interface ChatRequest {
  readonly message: string;
  readonly history: readonly Turn[];
}

/**
 * The parts of an HTTP request validation looks at (API Gateway proxy event fields). Typed
 * `unknown` on purpose: the function is also invoked directly (console tests, other callers), so
 * every shape is checked here rather than trusted (a `null` method, a numeric header, an object
 * as body).
 */
export interface RawHttpRequest {
  readonly httpMethod?: unknown;
  readonly headers?: unknown;
  readonly body?: unknown;
  readonly isBase64Encoded?: unknown;
}

const REQUEST_FIELDS = new Set(["message", "history"]);
const TURN_FIELDS = new Set(["role", "content"]);
// A lone UTF-16 surrogate: JSON can carry one ("\ud800") but it is not text and Bedrock rejects it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Refuses the request: the status is the contract's for `code` (contract/chat-errors.ts). */
function fail(code: RequestErrorCode, message: string): never {
  throw new ChatRequestError(code, message);
}

/** A header's value, whatever its type (API Gateway sends strings; a direct invocation may not). */
function header(headers: unknown, name: string): unknown {
  if (!isPlainObject(headers)) return undefined;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) return headers[key] ?? undefined;
  }
  return undefined;
}

/** Code points, not UTF-16 units: an emoji counts as one character. */
export function charCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkText(text: string, what: string): void {
  if (LONE_SURROGATE.test(text)) fail("INVALID_ENCODING", `${what} is not valid Unicode text.`);
}

const BYTE_ORDER_MARK = 0xfeff;

function decodeBody(raw: RawHttpRequest, limits: ChatLimits): string {
  const body = raw.body ?? "";
  if (typeof body !== "string") fail("INVALID_JSON", "The body must be JSON text.");
  if (raw.isBase64Encoded === true) {
    // Base64 is 4/3 of the bytes: refuse obviously oversized bodies before decoding them.
    if (body.length > Math.ceil(limits.maxRequestBytes / 3) * 4 + 4) fail("REQUEST_TOO_LARGE", `The request body exceeds ${limits.maxRequestBytes} bytes.`);
    const bytes = Buffer.from(body, "base64");
    if (bytes.length > limits.maxRequestBytes) fail("REQUEST_TOO_LARGE", `The request body exceeds ${limits.maxRequestBytes} bytes.`);
    try {
      return utf8.decode(bytes);
    } catch {
      return fail("INVALID_ENCODING", "The request body is not valid UTF-8.");
    }
  }
  // Cheap upper bound first (a UTF-16 unit is at most 3 UTF-8 bytes), exact count only near the limit.
  if (body.length * 3 > limits.maxRequestBytes && Buffer.byteLength(body, "utf8") > limits.maxRequestBytes) {
    fail("REQUEST_TOO_LARGE", `The request body exceeds ${limits.maxRequestBytes} bytes.`);
  }
  // One leading byte order mark is dropped, as the UTF-8 decoder drops it from a base64 body.
  return body.charCodeAt(0) === BYTE_ORDER_MARK ? body.slice(1) : body;
}

function parseTurn(value: unknown, index: number, maxChars: number): Turn {
  const where = `history[${index}]`;
  if (!isPlainObject(value)) fail("INVALID_HISTORY", `${where} must be an object with role and content.`);
  for (const key of Object.keys(value)) {
    if (!TURN_FIELDS.has(key)) fail("UNKNOWN_FIELD", `${where} has an unknown field; allowed: role, content.`);
  }
  const { role, content } = value;
  if (role !== "user" && role !== "assistant") fail("INVALID_HISTORY", `${where}.role must be "user" or "assistant".`);
  if (typeof content !== "string") fail("INVALID_HISTORY", `${where}.content must be a string.`);
  if (content.trim().length === 0) fail("INVALID_HISTORY", `${where}.content must not be empty.`);
  checkText(content, `${where}.content`);
  // UTF-16 length bounds the code points from above: count only when it could matter.
  if (content.length > maxChars && charCount(content) > maxChars) fail("TURN_TOO_LONG", `${where}.content exceeds ${maxChars} characters.`);
  return { role, content };
}

/** Validates a parsed JSON body against the contract and the limits. */
export function validateChatBody(parsed: unknown, limits: ChatLimits): ChatRequest {
  if (!isPlainObject(parsed)) fail("INVALID_REQUEST", "The body must be a JSON object.");
  for (const key of Object.keys(parsed)) {
    if (!REQUEST_FIELDS.has(key)) fail("UNKNOWN_FIELD", "The body has an unknown field; allowed: message, history.");
  }
  const { message, history } = parsed;
  if (message === undefined) fail("INVALID_REQUEST", "message is required.");
  if (typeof message !== "string") fail("INVALID_REQUEST", "message must be a string.");
  if (message.trim().length === 0) fail("EMPTY_MESSAGE", "message must not be empty.");
  checkText(message, "message");
  if (charCount(message) > limits.maxMessageChars) fail("MESSAGE_TOO_LONG", `message exceeds ${limits.maxMessageChars} characters.`);

  let turns: Turn[] = [];
  if (history !== undefined) {
    if (!Array.isArray(history)) fail("INVALID_HISTORY", "history must be an array.");
    if (history.length > limits.maxHistoryTurns) fail("TOO_MANY_TURNS", `history exceeds ${limits.maxHistoryTurns} turns.`);
    const maxTurnChars = maxHistoryTurnChars(limits);
    turns = history.map((turn, index) => parseTurn(turn, index, maxTurnChars));
    turns.forEach((turn, index) => {
      const expected: Role = index % 2 === 0 ? "user" : "assistant";
      if (turn.role !== expected) fail("INVALID_HISTORY", `history must alternate user, assistant, … starting with user; history[${index}] should be ${expected}.`);
    });
    if (turns.length % 2 !== 0) fail("INVALID_HISTORY", "history must end with an assistant turn.");
  }
  return { message, history: turns };
}

/** Validates the whole HTTP request: method, content type, size, encoding, JSON, contract. */
export function parseChatRequest(raw: RawHttpRequest, limits: ChatLimits): ChatRequest {
  // An absent (or null) method is a direct invocation with just a body; anything else must be POST.
  if (raw.httpMethod !== undefined && raw.httpMethod !== null && (typeof raw.httpMethod !== "string" || raw.httpMethod.toUpperCase() !== "POST")) {
    fail("METHOD_NOT_ALLOWED", "Use POST.");
  }
  const contentType = header(raw.headers, "content-type");
  if (contentType !== undefined && (typeof contentType !== "string" || !/^application\/json\s*(;|$)/i.test(contentType.trim()))) {
    fail("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  const text = decodeBody(raw, limits);
  if (text.trim().length === 0) fail("INVALID_JSON", "The body must be a JSON object.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail("INVALID_JSON", "The body is not valid JSON.");
  }
  return validateChatBody(parsed, limits);
}
