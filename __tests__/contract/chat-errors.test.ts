/**
 * The error codes have one table (contract/chat-errors.ts). Whatever cannot import it is held to
 * it here, code by code, so that a code added to the contract fails this file until it is also
 * in the API page's error table (docs/chat-api.md), in the chat page's table and answered by the
 * function:
 *
 * - the API page's error table: the code once, with the contract's status and `Retry-After`;
 * - the chat page (web/chat-core.js `ERROR_CODES`, what the page needs of the contract: each code
 *   by its source, since the page cannot import TypeScript; statuses and `Retry-After` come with
 *   each response): under the contract's source, and with words of its own;
 * - the function: some place in functions/chat answers with it, and (the `ANSWERED_BY` table
 *   below) a real failure maps to it, with the contract's status and `Retry-After` on the wire;
 * - the API Gateway request model: its own 400 uses a contract code, with the contract's status.
 *
 * Statuses themselves are never written outside the contract: the function takes them from it
 * (core/errors.ts, core/request.ts through ChatRequestError).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CHAT_ERROR_CODES, CHAT_ERRORS, type ChatErrorCode } from "../../contract/chat-errors";
import { DEFAULT_LIMITS, loadConfig } from "../../functions/chat/core/config";
import { AnswerTooLargeError, DeadlineExceededError, type ErrorResponse, toErrorResponse, UpstreamIncompleteError, UpstreamStreamError } from "../../functions/chat/core/errors";
import { errorResult } from "../../functions/chat/core/http";
import { parseChatRequest, type RawHttpRequest } from "../../functions/chat/core/request";
import { ChatRequestValidation, INVALID_BODY_RESPONSE } from "../../modules/api/chat-request-validation";
import { describeError, ERROR_CODES as PAGE_ERROR_CODES } from "../../web/chat-core.js";
import { docSection } from "../helpers/docs";
import { only, synthScope } from "../helpers/terraform";

const ROOT = join(__dirname, "..", "..");

// ------------------------------------------------------------------ the API page's error table

/** The API itself: docs/chat-api.md down to its "Local development" and "Chat page" sections. */
const chatApi = docSection("chat-api", "# Chat API").split("\n## ")[0]!;

/** Each code of the `| Status | Code | Cause |` table, with every row it appears in. */
function documentedErrorRows(): Map<string, { status: number; retryAfter: boolean }[]> {
  const lines = chatApi.split("\n");
  const at = lines.indexOf("| Status | Code | Cause |");
  if (at < 0) throw new Error('no "| Status | Code | Cause |" table in docs/chat-api.md');
  const rows = new Map<string, { status: number; retryAfter: boolean }[]>();
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith("|")) break;
    const [status, codes] = line.split("|").slice(1, -1).map((cell) => cell.trim());
    for (const [, code] of codes!.matchAll(/`([A-Z_]+)`/g)) {
      rows.set(code!, [...(rows.get(code!) ?? []), { status: Number(/^\d{3}/.exec(status!)?.[0]), retryAfter: status!.includes("Retry-After") }]);
    }
  }
  return rows;
}

// ------------------------------------------------------------------ the chat page's codes

/** The page's source of each code it knows, from its `ERROR_CODES` lists. */
const pageSources = new Map<string, string[]>();
for (const [source, codes] of Object.entries(PAGE_ERROR_CODES)) {
  for (const code of codes) pageSources.set(code, [...(pageSources.get(code) ?? []), source]);
}

// ------------------------------------------------------------------ the function's sources

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
  });
}
const functionSource = sources(join(ROOT, "functions", "chat")).join("\n");

// ------------------------------------------------------------------ a real failure for each code

const post = (body: string, extra: Partial<RawHttpRequest> = {}): RawHttpRequest => ({ httpMethod: "POST", headers: { "content-type": "application/json" }, body, ...extra });
const json = (value: unknown) => post(JSON.stringify(value));
/** A history of `turns` alternating turns, ending with the assistant's. */
const history = (turns: number) => Array.from({ length: turns }, (_, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content: "words" }));

/** An error as the SDK rejects with: its name, and the raw response's status when there was one. */
function sdkError(name: string, extra: { status?: number; code?: string } = {}) {
  return Object.assign(new Error("upstream"), {
    name,
    ...(extra.code === undefined ? {} : { code: extra.code }),
    ...(extra.status === undefined ? {} : { $metadata: { httpStatusCode: extra.status }, $response: { statusCode: extra.status, headers: {} } }),
  });
}

/** What the function answers when `run` throws (or undefined when it does not). */
function answerTo(run: () => unknown): ErrorResponse | undefined {
  try {
    run();
  } catch (error) {
    return toErrorResponse(error);
  }
  return undefined;
}
const request = (raw: RawHttpRequest) => answerTo(() => parseChatRequest(raw, DEFAULT_LIMITS));
const failure = (error: unknown) => answerTo(() => {
  throw error;
});

/**
 * One real failure per code, through the function's own code: request validation, the
 * configuration, the error map. Typed by the contract, so a new code is a compile error here too.
 */
const ANSWERED_BY: Record<ChatErrorCode, () => ErrorResponse | undefined> = {
  METHOD_NOT_ALLOWED: () => request(post("{}", { httpMethod: "GET" })),
  UNSUPPORTED_MEDIA_TYPE: () => request(post("{}", { headers: { "content-type": "text/plain" } })),
  REQUEST_TOO_LARGE: () => request(json({ message: "x".repeat(DEFAULT_LIMITS.maxRequestBytes) })),
  INVALID_ENCODING: () => request(post(Buffer.from([0x7b, 0xff, 0x7d]).toString("base64"), { isBase64Encoded: true })),
  INVALID_JSON: () => request(post("{")),
  INVALID_REQUEST: () => request(post("[]")),
  UNKNOWN_FIELD: () => request(json({ message: "Hi", extra: 1 })),
  EMPTY_MESSAGE: () => request(json({ message: "   " })),
  MESSAGE_TOO_LONG: () => request(json({ message: "x".repeat(DEFAULT_LIMITS.maxMessageChars + 1) })),
  INVALID_HISTORY: () => request(json({ message: "Hi", history: "earlier" })),
  TOO_MANY_TURNS: () => request(json({ message: "Hi", history: history(DEFAULT_LIMITS.maxHistoryTurns + 2) })),
  TURN_TOO_LONG: () => request(json({ message: "Hi", history: [{ role: "user", content: "x".repeat(33_000) }, { role: "assistant", content: "Hello" }] })),
  MODEL_VALIDATION_ERROR: () => failure(sdkError("ValidationException")),
  THROTTLED: () => failure(sdkError("ThrottlingException")),
  QUOTA_EXCEEDED: () => failure(sdkError("ServiceQuotaExceededException")),
  UPSTREAM_ERROR: () => failure(sdkError("AccessDeniedException")),
  MODEL_ERROR: () => failure(new UpstreamStreamError(sdkError("ModelStreamErrorException"))),
  MODEL_NOT_READY: () => failure(sdkError("ModelNotReadyException")),
  SERVICE_UNAVAILABLE: () => failure(sdkError("ServiceUnavailableException")),
  MODEL_TIMEOUT: () => failure(sdkError("ModelTimeoutException")),
  UPSTREAM_UNREACHABLE: () => failure(sdkError("Error", { code: "ECONNREFUSED" })),
  UPSTREAM_BAD_RESPONSE: () => failure(sdkError("SyntaxError", { status: 502 })),
  UPSTREAM_INCOMPLETE: () => failure(new UpstreamIncompleteError("no metadata")),
  UPSTREAM_UNAVAILABLE: () => failure(sdkError("SyntaxError", { status: 503 })),
  UPSTREAM_TIMEOUT: () => failure(sdkError("SyntaxError", { status: 504 })),
  ANSWER_TOO_LARGE: () => failure(new AnswerTooLargeError(7_000_000, 6_291_456)),
  DEADLINE_EXCEEDED: () => failure(new DeadlineExceededError(1000)),
  CONFIG_ERROR: () => answerTo(() => loadConfig({})),
  INTERNAL_ERROR: () => failure(new TypeError("x is undefined")),
};

// ------------------------------------------------------------------ the checks

describe("every error code of the contract", () => {
  test("the contract's codes are the API page's, the chat page's and those this file checks: none missing, none extra", () => {
    expect([...documentedErrorRows().keys()].sort()).toEqual([...CHAT_ERROR_CODES].sort());
    expect([...pageSources.keys()].sort()).toEqual([...CHAT_ERROR_CODES].sort());
    expect(Object.keys(ANSWERED_BY).sort()).toEqual([...CHAT_ERROR_CODES].sort());
  });

  describe.each(CHAT_ERROR_CODES)("%s", (code) => {
    const spec: { status: number; source: string; retryAfter?: true } = CHAT_ERRORS[code];

    test("has one row in the API page's error table, with the contract's status and Retry-After", () => {
      expect(documentedErrorRows().get(code)).toEqual([{ status: spec.status, retryAfter: spec.retryAfter === true }]);
    });

    test("is in the chat page's list of its source, once, and the page has words for it", () => {
      expect(pageSources.get(code)).toEqual([spec.source]);
      const words = describeError({ code });
      expect(words.summary).not.toMatch(/^Something went wrong/);
      expect(words.technical).toBe(code);
    });

    test("is answered by the function: named in functions/chat, and a real failure maps to it with the contract's status", () => {
      expect(functionSource).toMatch(new RegExp(`["']${code}["']`));
      const answer = ANSWERED_BY[code]();
      expect(answer).toMatchObject({ code, status: spec.status });
      const result = errorResult(answer!);
      expect(result.statusCode).toBe(spec.status);
      expect(JSON.parse(result.body)).toEqual({ error: { code, message: expect.any(String) } });
      expect("retry-after" in result.headers).toBe(spec.retryAfter === true);
    });
  });
});

describe("the API Gateway request model's own answer", () => {
  test("uses a contract code, with the contract's status", () => {
    const code = INVALID_BODY_RESPONSE.error.code as ChatErrorCode;
    expect(CHAT_ERROR_CODES).toContain(code);
    const json = synthScope((scope) => new ChatRequestValidation(scope, "validation", { restApiId: "api" }));
    const response = only(json, "aws_api_gateway_gateway_response");
    expect(response.status_code).toBe(String(CHAT_ERRORS[code].status));
    expect(JSON.parse((response.response_templates as Record<string, string>)["application/json"]!)).toEqual(INVALID_BODY_RESPONSE);
  });
});
