/**
 * Response shaping for API Gateway REST proxy results (buffered) and streamed preludes.
 */
import type { CorsConfig } from "./config";
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

export function errorResult(error: ErrorResponse, headers: Record<string, string> = {}): HttpResult {
  return jsonResult(error.status, errorBody(error), { ...headers, ...errorHeaders(error) });
}

/**
 * CORS headers for an answer to a page on `origin`: the origin echoed only when it is allowed
 * (`*` as such), `Vary: Origin` whenever CORS is on, so that caches keep answers per origin.
 */
export function corsHeaders(cors: CorsConfig | undefined, requestHeaders: Readonly<Record<string, string | undefined>> | null | undefined): Record<string, string> {
  if (cors === undefined) return {};
  const origin = Object.entries(requestHeaders ?? {}).find(([name]) => name.toLowerCase() === "origin")?.[1];
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
