/**
 * Response shaping for API Gateway REST proxy results (buffered) and streamed preludes.
 */
import { type ErrorResponse, errorBody } from "./errors";

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

export function errorResult(error: ErrorResponse): HttpResult {
  return jsonResult(error.status, errorBody(error), errorHeaders(error));
}
