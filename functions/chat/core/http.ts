/**
 * Response shaping for API Gateway REST proxy results (buffered) and streamed preludes.
 */
import { LAMBDA_PAYLOAD_MAX_BYTES } from "../../../contract/chat-limits";
import type { CorsConfig } from "./config";
import { AnswerTooLargeError, type ErrorResponse, errorBody } from "./errors";
import { SSE_CONTENT_TYPE } from "./sse";

export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Headers on every response: nothing cacheable, nothing sniffable. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...BASE_HEADERS, "content-type": JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** Extra headers an error carries (`Retry-After` on 429/503). */
export function errorHeaders(error: ErrorResponse): Record<string, string> {
  return error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) };
}

export function errorResult(error: ErrorResponse, headers: Record<string, string> = {}): HttpResult {
  return jsonResult(error.status, errorBody(error), { ...headers, ...errorHeaders(error) });
}

/**
 * The status and headers written before a streamed body (`HttpResponseStream.from`'s prelude).
 * A type, not an interface: the runtime's typings take the prelude as a `Record<string, unknown>`.
 */
export type StreamPrelude = {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
};

/** The prelude of a streamed answer: 200 and Server-Sent Events. */
export function ssePrelude(headers: Record<string, string> = {}): StreamPrelude {
  return { statusCode: 200, headers: { ...BASE_HEADERS, "content-type": SSE_CONTENT_TYPE, ...headers } };
}

/** The prelude of an error answered before streaming began: the status and headers `errorResult` has. */
export function errorPrelude(error: ErrorResponse, headers: Record<string, string> = {}): StreamPrelude {
  return { statusCode: error.status, headers: { ...BASE_HEADERS, "content-type": JSON_CONTENT_TYPE, ...headers, ...errorHeaders(error) } };
}

/**
 * CORS headers for an answer to a page on `origin`: the origin echoed only when it is allowed
 * (`*` as such), `Vary: Origin` whenever CORS is on, so that caches keep answers per origin.
 */
export function corsHeaders(cors: CorsConfig | undefined, requestHeaders: unknown): Record<string, string> {
  if (cors === undefined) return {};
  const headers = typeof requestHeaders === "object" && requestHeaders !== null ? (requestHeaders as Record<string, unknown>) : {};
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === "origin")?.[1];
  // Only a string is an origin: a direct invocation may put anything in headers.
  const origin = typeof value === "string" ? value : undefined;
  const allowAny = cors.allowedOrigins.includes("*");
  const allowed = allowAny || (origin !== undefined && cors.allowedOrigins.includes(origin));
  if (!allowed) return { vary: "Origin" };
  return {
    "access-control-allow-origin": allowAny ? "*" : (origin as string),
    "access-control-expose-headers": "Retry-After",
    ...(cors.allowCredentials ? { "access-control-allow-credentials": "true" } : {}),
    vary: "Origin",
  };
}

const HEADERS_ALLOWANCE_BYTES = 16 * 1024;

/**
 * Throws AnswerTooLargeError when a buffered result would not fit in Lambda's response payload
 * (the result is sent as JSON, its body escaped once more). Counting the bytes exactly costs a
 * second serialization, so it runs only when the cheap bound (a UTF-16 unit of an already
 * serialized body is at most 3 bytes once escaped again: `"` → `\"`, or a 3-byte character) says
 * it could matter.
 */
export function checkResultFits(result: HttpResult, limitBytes = LAMBDA_PAYLOAD_MAX_BYTES): void {
  // The headers are the function's own few (CORS at most): well under this allowance.
  if (result.body.length * 3 + HEADERS_ALLOWANCE_BYTES <= limitBytes) return;
  const bytes = Buffer.byteLength(JSON.stringify(result), "utf8");
  if (bytes > limitBytes) throw new AnswerTooLargeError(bytes, limitBytes);
}
