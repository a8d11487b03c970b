/**
 * One chat request through the deployed API, as a client of it would send it: `POST /chat` with
 * `{ "message" }`, signed with SigV4 for `AWS_IAM`, with a bearer token for Cognito, with the
 * usage plan's API key when there is one. The answer is read to its end: a streamed one event by
 * event until the stream closes, a buffered one as JSON. Nothing is judged here
 * (chat-diagnosis.ts does that): this records what came back.
 */
import { signedHeaders, type SigningCredentials } from "./sign-request";
import { type SseEvent, SseReader } from "./sse-reader";
import type { ApiAuthorization } from "./target";

export interface ChatCallOptions {
  readonly url: string;
  readonly message: string;
  readonly authorization: ApiAuthorization;
  readonly region: string;
  /** For AWS_IAM: the caller's credentials (the SDK's default chain). */
  readonly credentials?: () => Promise<SigningCredentials>;
  /** For COGNITO_USER_POOLS: an ID token of the pool. */
  readonly bearerToken?: string;
  /** The usage plan's API key (`x-api-key`). */
  readonly apiKey?: string;
  /** The whole call, the answer read to its end included. */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

export interface ChatCallResult {
  /** Undefined when no HTTP answer came (refused, unreachable, timed out before the headers). */
  readonly status?: number;
  readonly contentType?: string;
  /** API Gateway's request id (`x-amzn-RequestId`): the function logs it as `apiRequestId`. */
  readonly apiRequestId?: string;
  /** API Gateway's own error type (`x-amzn-ErrorType`), on answers the function did not give. */
  readonly gatewayErrorType?: string;
  /** A buffered answer or an error body, parsed. */
  readonly json?: unknown;
  /** The body when it was not JSON (cut to 500 characters). */
  readonly text?: string;
  /** A streamed answer's events, in order. */
  readonly events?: readonly SseEvent[];
  /** Why the call or the reading of the answer failed below HTTP. */
  readonly transportError?: string;
  readonly durationMs: number;
  /** Streaming: time to the first event. */
  readonly firstEventMs?: number;
}

const TEXT_LIMIT = 500;

function header(headers: Headers, name: string): string | undefined {
  return headers.get(name) ?? undefined;
}

async function requestHeaders(options: ChatCallOptions, url: URL, body: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "text/event-stream, application/json",
    ...(options.apiKey ? { "x-api-key": options.apiKey } : {}),
  };
  if (options.authorization === "COGNITO_USER_POOLS" && options.bearerToken) return { ...headers, authorization: options.bearerToken };
  if (options.authorization !== "AWS_IAM" || !options.credentials) return headers;
  return signedHeaders({ method: "POST", url, headers, body }, "execute-api", options.region, await options.credentials());
}

export async function callChat(options: ChatCallOptions): Promise<ChatCallResult> {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const started = now();
  const url = new URL(options.url);
  const body = JSON.stringify({ message: options.message });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  const elapsed = () => now() - started;
  let response: Response;
  try {
    response = await doFetch(url, { method: "POST", headers: await requestHeaders(options, url, body), body, signal: abort.signal });
  } catch (error) {
    clearTimeout(timer);
    return { transportError: describeTransportError(error), durationMs: elapsed() };
  }
  const base = {
    status: response.status,
    ...optional("contentType", header(response.headers, "content-type")),
    ...optional("apiRequestId", header(response.headers, "x-amzn-requestid")),
    ...optional("gatewayErrorType", header(response.headers, "x-amzn-errortype")?.split(":")[0]),
  };
  // Kept outside the try: a stream that breaks off keeps the events that did arrive.
  const events: SseEvent[] = [];
  let firstEventMs: number | undefined;
  const streamed = base.contentType?.startsWith("text/event-stream") === true && response.body !== null;
  try {
    if (streamed) {
      const reader = new SseReader();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const arrived = reader.push(chunk);
        if (arrived.length > 0 && firstEventMs === undefined) firstEventMs = elapsed();
        events.push(...arrived);
      }
      events.push(...reader.end());
      return { ...base, events, durationMs: elapsed(), ...optional("firstEventMs", firstEventMs) };
    }
    const text = await response.text();
    try {
      return { ...base, json: JSON.parse(text), durationMs: elapsed() };
    } catch {
      return { ...base, text: text.slice(0, TEXT_LIMIT), durationMs: elapsed() };
    }
  } catch (error) {
    return { ...base, ...(streamed ? { events } : {}), transportError: describeTransportError(error), durationMs: elapsed(), ...optional("firstEventMs", firstEventMs) };
  } finally {
    clearTimeout(timer);
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** fetch wraps the cause ("fetch failed" → ECONNREFUSED, ENOTFOUND …): name the cause. Duck-typed: the errors come from Node's own realm. */
function describeTransportError(error: unknown): string {
  const messageOf = (value: unknown) => (typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string" ? (value as { message: string }).message : undefined);
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const inner = messageOf(cause) !== undefined ? cause : error;
  const code = (inner as { code?: unknown } | undefined)?.code;
  const message = messageOf(inner) ?? String(inner);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}
