// @ts-check
/**
 * The chat page's logic that needs no DOM: settings, the request body, reading the answer
 * (Server-Sent Events or buffered JSON) and turning failures into plain words.
 *
 * Runs unchanged in the browser (an ES module served as-is) and in jest (no browser): it uses
 * only `fetch`-era globals (Response, ReadableStream, TextDecoder, URL, URLSearchParams).
 * The wire contract is docs/chat-api.md.
 */

/** @typedef {{ role: "user" | "assistant", content: string }} Turn */
/**
 * One exchange as the page keeps it. Only `ok` exchanges become history: a failed, stopped
 * or cut-off answer is not something the model said, a blocked (withheld) one would make the
 * guardrail or filter block every later turn (it evaluates the whole conversation), and an
 * `incomplete` one (a tool call, malformed output) is not a finished answer. An answer cut at a
 * limit (`truncated`) is still the model's words: it stays `ok`.
 * @typedef {{ user: string, assistant: string, outcome: "ok" | "blocked" | "incomplete" | "failed" | "stopped" | "pending" }} Exchange
 */
/** @typedef {{ inputTokens?: number, outputTokens?: number, totalTokens?: number, cacheReadInputTokens?: number, cacheWriteInputTokens?: number }} Usage */
/**
 * What the stop reason means for the reader (the API's `completeness`).
 * @typedef {"complete" | "truncated" | "withheld" | "incomplete"} Completeness
 */
/**
 * The answer as it builds up. `status` is `streaming` until a terminal event arrives.
 * @typedef {{
 *   text: string,
 *   status: "streaming" | "done" | "error",
 *   modelId?: string,
 *   stopReason?: string,
 *   completeness?: Completeness,
 *   usage?: Usage,
 *   latencyMs?: number,
 *   guardrailIntervened: boolean,
 *   error?: { code: string, message: string },
 * }} Answer
 */
/**
 * A failure in plain words: `summary` for people, `technical` (status and code) for bug reports.
 * @typedef {{ summary: string, technical: string, retryAfterSeconds?: number }} ErrorWords
 */
/**
 * The outcome of one request: an answer (possibly one the guardrail replaced), or a failure,
 * with whatever text had streamed before it failed.
 * @typedef {{ kind: "answer", answer: Answer } | { kind: "error", words: ErrorWords, partial?: Answer }} Outcome
 */
/**
 * What the page lets people configure. `apiBase` empty means "the page's own origin".
 * @typedef {{ apiBase: string, authHeaderName: string, authHeaderValue: string }} Settings
 */

/**
 * The API's default `chat.maxHistoryTurns`; older turns are dropped (whole exchanges) beyond it.
 * The API's contract/chat-limits.ts; a test keeps the two equal.
 */
export const DEFAULT_MAX_HISTORY_TURNS = 20;
export const DEFAULT_AUTH_HEADER_NAME = "Authorization";

// ---------------------------------------------------------------- settings

/** RFC 9110 token: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Merges stored settings with the page's query string (`?api=` wins, so a link can point the
 * page at a stage). Tokens are never read from the URL: URLs end up in history, logs and
 * Referer headers.
 * @param {Partial<Settings>} stored
 * @param {string} search  `location.search`
 * @returns {Settings}
 */
export function resolveSettings(stored, search) {
  const query = new URLSearchParams(search);
  const api = query.get("api");
  return {
    apiBase: (api ?? stored.apiBase ?? "").trim(),
    authHeaderName: (stored.authHeaderName ?? "").trim() || DEFAULT_AUTH_HEADER_NAME,
    authHeaderValue: stored.authHeaderValue ?? "",
  };
}

/**
 * Problems with settings, each naming the field, the value and the fix (empty when usable).
 * @param {Settings} settings
 * @returns {string[]}
 */
export function settingsProblems(settings) {
  const problems = [];
  if (settings.apiBase !== "") {
    let url;
    try {
      url = new URL(settings.apiBase);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
      problems.push(`API URL: use the stage's https:// address (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/v1), or leave it empty for this page's server; got "${settings.apiBase}".`);
    }
  }
  if (!HEADER_NAME.test(settings.authHeaderName)) {
    problems.push(`Header name: letters, digits and - only (e.g. Authorization); got "${settings.authHeaderName}".`);
  }
  if (/[\r\n\0]/.test(settings.authHeaderValue)) {
    problems.push("Header value: paste the token on one line (it contains a line break).");
  }
  return problems;
}

/**
 * The `POST /chat` URL for an API base (a stage URL, with or without `/chat`), relative to
 * the page when the base is empty.
 * @param {string} apiBase
 * @param {string} pageHref  `location.href`
 */
export function chatEndpoint(apiBase, pageHref) {
  if (apiBase === "") return new URL("/chat", pageHref).href;
  const base = new URL(apiBase);
  const path = base.pathname.replace(/\/+$/, "");
  base.pathname = path.endsWith("/chat") ? path : `${path}/chat`;
  base.search = "";
  base.hash = "";
  return base.href;
}

/**
 * Request headers: JSON in, either answer format out, plus the auth header when set.
 * @param {Settings} settings
 * @returns {Record<string, string>}
 */
export function requestHeaders(settings) {
  /** @type {Record<string, string>} */
  const headers = { "content-type": "application/json", accept: "text/event-stream, application/json" };
  const value = settings.authHeaderValue.trim();
  if (value !== "") headers[settings.authHeaderName] = value;
  return headers;
}

// ---------------------------------------------------------------- the request

/**
 * The API's `history`: the completed exchanges, oldest first, as alternating user/assistant
 * turns, trimmed to the newest `maxTurns` (whole exchanges, so it still starts with `user`).
 * @param {readonly Exchange[]} exchanges
 * @param {number} [maxTurns]
 * @returns {Turn[]}
 */
export function buildHistory(exchanges, maxTurns = DEFAULT_MAX_HISTORY_TURNS) {
  /** @type {Turn[]} */
  const turns = [];
  for (const exchange of exchanges) {
    // The API rejects empty turns; an answer that streamed no text is not worth keeping anyway.
    if (exchange.outcome !== "ok" || exchange.user.trim() === "" || exchange.assistant.trim() === "") continue;
    turns.push({ role: "user", content: exchange.user }, { role: "assistant", content: exchange.assistant });
  }
  const keep = Math.max(0, Math.floor(maxTurns / 2) * 2);
  return keep === 0 ? [] : turns.slice(-keep);
}

/**
 * The JSON body of `POST /chat`; `history` only when there is some.
 * @param {string} message
 * @param {readonly Exchange[]} exchanges
 * @param {number} [maxTurns]
 */
export function buildRequestBody(message, exchanges, maxTurns) {
  const history = buildHistory(exchanges, maxTurns);
  return history.length === 0 ? { message } : { message, history };
}

// ---------------------------------------------------------------- Server-Sent Events

/**
 * An incremental `text/event-stream` parser (WHATWG HTML "event stream interpretation"):
 * feed it text as it arrives, in pieces split anywhere (mid-line, between CR and LF), and it
 * returns the events completed so far. `data` lines join with "\n"; comments (`:`) are
 * skipped; an event without data is not dispatched; an unfinished event at the end of the
 * stream is discarded, as the standard says.
 */
export class SseParser {
  #pending = "";
  /** The previous piece ended with CR: a LF starting the next piece belongs to it. */
  #skipLineFeed = false;
  #eventType = "";
  /** @type {string[]} */
  #data = [];
  lastEventId = "";
  /** @type {number | undefined} */
  retryMs = undefined;

  /**
   * @param {string} piece
   * @returns {{ event: string, data: string, id: string }[]}
   */
  push(piece) {
    let text = piece;
    if (this.#skipLineFeed && text.length > 0) {
      if (text.startsWith("\n")) text = text.slice(1);
      this.#skipLineFeed = false;
    }
    const buffer = this.#pending + text;
    /** @type {{ event: string, data: string, id: string }[]} */
    const events = [];
    let lineStart = 0;
    for (let i = 0; i < buffer.length; i++) {
      const char = buffer.charCodeAt(i);
      if (char !== 0x0a && char !== 0x0d) continue;
      const line = buffer.slice(lineStart, i);
      if (char === 0x0d) {
        if (i + 1 < buffer.length) {
          if (buffer.charCodeAt(i + 1) === 0x0a) i++;
        } else {
          this.#skipLineFeed = true;
        }
      }
      lineStart = i + 1;
      this.#line(line, events);
    }
    this.#pending = buffer.slice(lineStart);
    return events;
  }

  /**
   * @param {string} line
   * @param {{ event: string, data: string, id: string }[]} events
   */
  #line(line, events) {
    if (line === "") {
      if (this.#data.length > 0) events.push({ event: this.#eventType || "message", data: this.#data.join("\n"), id: this.lastEventId });
      this.#data = [];
      this.#eventType = "";
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.#eventType = value;
    else if (field === "data") this.#data.push(value);
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
  }
}

/**
 * The events of a response body, as they arrive. UTF-8 is decoded in streaming mode, so a
 * character split across two network chunks survives. Stopping early cancels the body.
 * @param {ReadableStream<Uint8Array>} body
 */
export async function* readSseEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

// ---------------------------------------------------------------- the answer

/** @returns {Answer} */
export function emptyAnswer() {
  return { text: "", status: "streaming", guardrailIntervened: false };
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const USAGE_FIELDS = /** @type {const} */ (["inputTokens", "outputTokens", "totalTokens", "cacheReadInputTokens", "cacheWriteInputTokens"]);

/** @param {unknown} value @returns {Usage | undefined} */
function usageFrom(value) {
  if (!isObject(value)) return undefined;
  /** @type {Usage} */
  const usage = {};
  for (const field of USAGE_FIELDS) {
    const count = value[field];
    if (typeof count === "number") usage[field] = count;
  }
  return usage;
}

/**
 * What each Bedrock stop reason means (the API's contract/chat-stop-reasons.ts; a test keeps the
 * two equal). The page reads the API's own `completeness` first and falls back on this table
 * for an API that does not send it.
 */
export const STOP_REASON_COMPLETENESS = /** @type {Readonly<Record<string, Completeness>>} */ ({
  end_turn: "complete",
  stop_sequence: "complete",
  max_tokens: "truncated",
  model_context_window_exceeded: "truncated",
  guardrail_intervened: "withheld",
  content_filtered: "withheld",
  tool_use: "incomplete",
  malformed_model_output: "incomplete",
  malformed_tool_use: "incomplete",
});

/**
 * Every `completeness` the API reports (contract/chat-stop-reasons.ts); a test holds the page to
 * each one the function can send: kept as sent, and said plainly under the answer.
 */
const COMPLETENESS = ["complete", "truncated", "withheld", "incomplete"];

/**
 * The finished answer's completeness: the API's word, else the stop reason's, else (a stop
 * reason nobody knows) incomplete, as the API would say.
 * @param {Record<string, unknown>} data  the `done` event's data or the buffered answer
 * @returns {{ completeness?: Completeness }}
 */
function completenessFrom(data) {
  if (typeof data.completeness === "string" && COMPLETENESS.includes(data.completeness)) return { completeness: /** @type {Completeness} */ (data.completeness) };
  if (typeof data.stopReason !== "string") return {};
  return { completeness: Object.prototype.hasOwnProperty.call(STOP_REASON_COMPLETENESS, data.stopReason) ? STOP_REASON_COMPLETENESS[data.stopReason] : "incomplete" };
}

/**
 * The fields every finished answer shares, from `done` or the buffered JSON.
 * @param {Record<string, unknown>} data
 */
function finishedFields(data) {
  const usage = usageFrom(data.usage);
  const latencyMs = isObject(data.metrics) && typeof data.metrics.latencyMs === "number" ? data.metrics.latencyMs : undefined;
  return {
    ...(typeof data.stopReason === "string" ? { stopReason: data.stopReason } : {}),
    ...completenessFrom(data),
    ...(typeof data.modelId === "string" ? { modelId: data.modelId } : {}),
    ...(usage === undefined ? {} : { usage }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    guardrailIntervened: data.guardrailIntervened === true || data.stopReason === "guardrail_intervened",
  };
}

/**
 * The events of the chat stream (the API's functions/chat/core/sse.ts; a test keeps the two
 * equal, so that an event the function starts sending is one this page reads).
 */
export const SSE_EVENTS = Object.freeze(["start", "delta", "done", "error"]);

/**
 * Applies one SSE event of the chat stream to the answer. Events after the terminal one and
 * event names this page does not know are ignored (the API may add events).
 * @param {Answer} answer
 * @param {{ event: string, data: string }} sse
 * @returns {Answer}
 */
export function applySseEvent(answer, sse) {
  if (answer.status !== "streaming") return answer;
  if (!SSE_EVENTS.includes(sse.event)) return answer;
  let data;
  try {
    data = JSON.parse(sse.data);
  } catch {
    data = undefined;
  }
  if (!isObject(data)) return { ...answer, status: "error", error: { code: "BAD_EVENT", message: `The "${sse.event}" event carried no JSON object.` } };
  switch (sse.event) {
    case "start":
      return typeof data.modelId === "string" ? { ...answer, modelId: data.modelId } : answer;
    case "delta":
      return typeof data.text === "string" ? { ...answer, text: answer.text + data.text } : answer;
    case "done":
      return { ...answer, status: "done", ...finishedFields(data) };
    default: {
      const error = isObject(data.error) ? data.error : {};
      return {
        ...answer,
        status: "error",
        error: { code: typeof error.code === "string" ? error.code : "STREAM_ERROR", message: typeof error.message === "string" ? error.message : "" },
      };
    }
  }
}

/**
 * A buffered answer (`application/json`) in the same shape as a finished stream.
 * @param {unknown} body
 * @returns {Answer | undefined} undefined when the body is not a chat answer
 */
export function answerFromJson(body) {
  if (!isObject(body) || typeof body.content !== "string") return undefined;
  return { text: body.content, status: "done", ...finishedFields(body) };
}

/**
 * What a finished answer becomes in the conversation: `ok` (sent as history later: complete, or
 * cut at a limit), `blocked` (withheld by the guardrail or a filter) or `incomplete`.
 * @param {Answer} answer
 * @returns {Exchange["outcome"]}
 */
export function exchangeOutcome(answer) {
  if (answer.guardrailIntervened || answer.completeness === "withheld") return "blocked";
  if (answer.completeness === "incomplete") return "incomplete";
  return "ok";
}

/**
 * Reads a `POST /chat` response to the end: streamed (calling `onUpdate` after every event
 * that changed the answer) or buffered, success or failure. Never throws for anything the
 * server sent; rethrows only the caller's abort (AbortError) so the page can say "stopped".
 * @param {Response} response
 * @param {{ onUpdate?: (answer: Answer) => void, now?: number }} [options]
 * @returns {Promise<Outcome>}
 */
export async function readChatResponse(response, options = {}) {
  const now = options.now ?? Date.now();
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    // The chat function answers { error: { code, message } }; API Gateway itself answers { message }.
    const error = isObject(body) && isObject(body.error) ? body.error : isObject(body) ? body : {};
    return {
      kind: "error",
      words: describeError({
        status: response.status,
        code: typeof error.code === "string" ? error.code : undefined,
        message: typeof error.message === "string" ? error.message : undefined,
        retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after"), now),
      }),
    };
  }
  const contentType = (response.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("text/event-stream")) {
    if (response.body === null) return { kind: "error", words: describeError({ status: response.status, code: "EMPTY_STREAM" }) };
    let answer = emptyAnswer();
    try {
      for await (const sse of readSseEvents(response.body)) {
        const next = applySseEvent(answer, sse);
        if (next === answer) continue;
        answer = next;
        options.onUpdate?.(answer);
        if (answer.status !== "streaming") break;
      }
    } catch (error) {
      if (isAbort(error)) throw error;
      return { kind: "error", words: describeError({ code: "STREAM_CUT" }), partial: answer };
    }
    if (answer.status === "done") return { kind: "answer", answer };
    if (answer.status === "error") return { kind: "error", words: describeError({ code: answer.error?.code, message: answer.error?.message }), partial: answer };
    return { kind: "error", words: describeError({ code: "STREAM_CUT" }), partial: answer };
  }
  if (contentType.startsWith("application/json")) {
    const answer = answerFromJson(await response.json().catch(() => undefined));
    if (answer !== undefined) {
      options.onUpdate?.(answer);
      return { kind: "answer", answer };
    }
  }
  return { kind: "error", words: describeError({ status: response.status, code: "UNEXPECTED_RESPONSE", message: contentType || "no content type" }) };
}

/** @param {unknown} error */
export function isAbort(error) {
  return typeof error === "object" && error !== null && /** @type {{ name?: unknown }} */ (error).name === "AbortError";
}

// ---------------------------------------------------------------- words

/**
 * `Retry-After` as whole seconds: delay-seconds or an HTTP date (RFC 9110), at least 1.
 * @param {string | null | undefined} header
 * @param {number} now  epoch milliseconds, for the date form
 * @returns {number | undefined}
 */
export function parseRetryAfter(header, now) {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

/** @param {number | undefined} seconds */
function retryHint(seconds) {
  if (seconds === undefined) return "Try again in a moment.";
  if (seconds < 90) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minutes.`;
}

/** @param {string | undefined} message */
function sentence(message) {
  const text = (message ?? "").trim();
  if (text === "") return "";
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Every error code the API answers with, by whose fault it is: the caller's request (the API's
 * message says what to fix), Bedrock or the way to it, or the chat function. What the page needs
 * of the API's contract/chat-errors.ts, which a browser module cannot import; a test keeps the
 * two equal, so a new code is one more name here (its words follow from its source unless
 * `describeError` has better ones). Statuses and `Retry-After` come with each response.
 * @type {Readonly<{ request: readonly string[], upstream: readonly string[], function: readonly string[] }>}
 */
export const ERROR_CODES = Object.freeze({
  request: ["METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE", "REQUEST_TOO_LARGE", "INVALID_ENCODING", "INVALID_JSON", "INVALID_REQUEST", "UNKNOWN_FIELD", "EMPTY_MESSAGE", "MESSAGE_TOO_LONG", "INVALID_HISTORY", "TOO_MANY_TURNS", "TURN_TOO_LONG"],
  upstream: ["MODEL_VALIDATION_ERROR", "THROTTLED", "QUOTA_EXCEEDED", "UPSTREAM_ERROR", "MODEL_ERROR", "MODEL_NOT_READY", "SERVICE_UNAVAILABLE", "MODEL_TIMEOUT", "UPSTREAM_UNREACHABLE", "UPSTREAM_BAD_RESPONSE", "UPSTREAM_INCOMPLETE", "UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "ANSWER_TOO_LARGE"],
  function: ["DEADLINE_EXCEEDED", "CONFIG_ERROR", "INTERNAL_ERROR"],
});

/** Codes of request mistakes: the API's message is written for people and safe to show. */
export const REQUEST_CODES = new Set(ERROR_CODES.request);

/**
 * A failure in plain words: what happened, whether it is the user's to fix, and when to retry.
 * Works from whatever is known: an HTTP status, an error code (also a mid-stream `error`
 * event, which has no status), the API's message, a `Retry-After`.
 * @param {{ status?: number, code?: string, message?: string, retryAfterSeconds?: number, endpoint?: string }} failure
 * @returns {ErrorWords}
 */
export function describeError(failure) {
  const { status, code, message, retryAfterSeconds: retry } = failure;
  const technical = [status === undefined ? undefined : `HTTP ${status}`, code].filter(Boolean).join(" · ") || "no response";
  /** @param {string} summary @param {number} [retryAfterSeconds] @returns {ErrorWords} */
  const words = (summary, retryAfterSeconds) => (retryAfterSeconds === undefined ? { summary, technical } : { summary, technical, retryAfterSeconds });

  switch (code) {
    case "NETWORK":
      return words(`Could not reach the chat API${failure.endpoint ? ` at ${failure.endpoint}` : ""}. Check that it is running and the API URL in Settings; a deployed stage must also allow this page's origin (CORS).`);
    case "STREAM_CUT":
      return words("The answer was cut off: the connection closed before it finished. Try again.");
    case "EMPTY_STREAM":
    case "BAD_EVENT":
    case "UNEXPECTED_RESPONSE":
      return words(`The API sent something this page does not understand${code === "UNEXPECTED_RESPONSE" && message ? ` (${message})` : ""}. Check the API URL in Settings.`);
    case "THROTTLED":
      return words(`The model is busy: too many requests right now. ${retryHint(retry)}`, retry);
    case "QUOTA_EXCEEDED":
      return words(`The model's usage quota is used up for now. ${retryHint(retry)}`, retry);
    case "MESSAGE_TOO_LONG":
    case "REQUEST_TOO_LARGE":
      return words(`Your message is too long to send: ${sentence(message) || "shorten it."} Shorten it and send again.`);
    case "TOO_MANY_TURNS":
      return words(`This conversation is longer than the API accepts: ${sentence(message) || "too many turns."} Start a new conversation.`);
    case "TURN_TOO_LONG":
      return words(`An earlier turn of this conversation is longer than the API accepts: ${sentence(message) || "a turn is too long."} Start a new conversation.`);
    case "MODEL_VALIDATION_ERROR":
      return words("The model rejected this conversation. Rephrase your message, or start a new conversation.");
    case "MODEL_NOT_READY":
    case "SERVICE_UNAVAILABLE":
    case "UPSTREAM_UNAVAILABLE":
      return words(`The model is not available right now. ${retryHint(retry)}`, retry);
    case "MODEL_TIMEOUT":
    case "DEADLINE_EXCEEDED":
    case "UPSTREAM_TIMEOUT":
      return words("The model took too long to answer. Try again, or ask for a shorter answer.");
    case "MODEL_ERROR":
      return words("The model failed while answering. Try again.");
    case "UPSTREAM_INCOMPLETE":
      return words("The answer was cut off on its way from the model, before the model finished it. Try again.");
    case "UPSTREAM_BAD_RESPONSE":
      return words("The model service sent an answer the chat service could not read. This is not your message's fault; try again.");
    case "ANSWER_TOO_LARGE":
      return words("The answer was too long to send in one piece. Ask for a shorter answer.");
    case "UPSTREAM_ERROR":
    case "UPSTREAM_UNREACHABLE":
      return words("The chat service could not reach the model. This is not your message's fault; try again later.");
    case "CONFIG_ERROR":
    case "INTERNAL_ERROR":
      return words("The chat service is misconfigured or failed. This is not your message's fault; try again later.");
    default:
      break;
  }
  // A code without words of its own above: what its source (and a Retry-After) say.
  if (code !== undefined && REQUEST_CODES.has(code)) return words(`The API did not accept the message: ${sentence(message) || "the request was invalid."}`);
  if (code !== undefined && ERROR_CODES.upstream.includes(code)) {
    if (retry !== undefined) return words(`The model is not available right now. ${retryHint(retry)}`, retry);
    return words("The chat service could not get an answer from the model. This is not your message's fault; try again later.");
  }
  if (code !== undefined && ERROR_CODES.function.includes(code)) return words("The chat service failed. This is not your message's fault; try again later.");
  if (status === 401 || status === 403) {
    return words("The API refused the request: not signed in, or not allowed. Check the auth header in Settings (a Cognito-authorized stage needs a current ID token).");
  }
  if (status === 404) return words("There is no chat API at this address. Check the API URL in Settings.");
  if (status === 429) return words(`Too many requests right now. ${retryHint(retry)}`, retry);
  if (status === 503) return words(`The chat service is not available right now. ${retryHint(retry)}`, retry);
  if (status === 504) return words("The chat service took too long to answer. Try again.");
  if (status !== undefined && status >= 500) return words("The chat service failed. This is not your message's fault; try again later.");
  if (status !== undefined && status >= 400) return words(`The API did not accept the message${message ? `: ${sentence(message)}` : "."}`);
  return words(`Something went wrong${message ? `: ${sentence(message)}` : "."} Try again.`);
}

/** Plain words for the stop reasons Bedrock's Converse API reports (contract/chat-stop-reasons.ts; a test keeps the two in step). */
export const STOP_REASON_WORDS = /** @type {Readonly<Record<string, string>>} */ ({
  end_turn: "finished",
  stop_sequence: "finished at a stop sequence",
  max_tokens: "cut at the output-token limit",
  model_context_window_exceeded: "cut when the conversation filled the model's context window",
  guardrail_intervened: "blocked by the guardrail",
  content_filtered: "stopped by a content filter",
  tool_use: "asked to use a tool",
  malformed_model_output: "the model's output could not be read",
  malformed_tool_use: "asked to use a tool, malformed",
});

/**
 * The line under an answer: stop reason, token usage (with cache reads), model.
 * @param {Answer} answer
 */
export function describeAnswerMeta(answer) {
  const parts = [];
  if (answer.stopReason !== undefined) parts.push(`Stop reason: ${answer.stopReason}${STOP_REASON_WORDS[answer.stopReason] ? ` (${STOP_REASON_WORDS[answer.stopReason]})` : ""}`);
  const usage = answer.usage;
  if (usage !== undefined && (usage.inputTokens !== undefined || usage.outputTokens !== undefined)) {
    const cached = usage.cacheReadInputTokens ? ` (${usage.cacheReadInputTokens} from cache)` : "";
    parts.push(`Tokens: ${usage.inputTokens ?? "?"} in${cached}, ${usage.outputTokens ?? "?"} out`);
  }
  if (answer.modelId !== undefined) parts.push(`Model: ${answer.modelId}`);
  return parts.join(" · ");
}

/** The status line after each kind of notice. */
const NOTICE_STATUS = { truncated: "Answer cut short.", withheld: "Answer withheld.", incomplete: "Answer incomplete." };

/**
 * The plain-words notice for an answer that did not end as a whole, unblocked answer: cut short
 * by a limit, withheld by the guardrail or a filter, or not finished; with the status line to
 * show. Undefined for a complete answer.
 * @param {Answer} answer
 * @returns {{ kind: "truncated" | "withheld" | "incomplete", text: string, status: string } | undefined}
 */
export function describeCompleteness(answer) {
  /** @param {"truncated" | "withheld" | "incomplete"} kind @param {string} text @param {string} [status] */
  const notice = (kind, text, status = NOTICE_STATUS[kind]) => ({ kind, text, status });
  if (answer.guardrailIntervened) return notice("withheld", "Guardrail intervened: the answer above is the guardrail's message, not the model's.", "The guardrail intervened.");
  switch (answer.stopReason) {
    case "max_tokens":
      return notice("truncated", "Cut short: the answer reached the output-token limit and stops mid-way; it is not the whole answer.");
    case "model_context_window_exceeded":
      return notice("truncated", "Cut short: the conversation filled the model's context window before the answer ended. Start a new conversation to go on.");
    case "content_filtered":
      return notice("withheld", "Withheld: a content filter stopped this answer; what is shown may be only part of it.");
    case "tool_use":
    case "malformed_tool_use":
      return notice("incomplete", "Incomplete: the model asked to use a tool, which this chat does not offer, so the answer did not finish.");
    case "malformed_model_output":
      return notice("incomplete", "Incomplete: the model's output could not be read as a whole answer. Try again.");
    default:
      break;
  }
  if (answer.completeness === "truncated") return notice("truncated", "Cut short: the answer stopped at a limit; it is not the whole answer.");
  if (answer.completeness === "withheld") return notice("withheld", "Withheld: a filter stopped this answer; what is shown may be only part of it.");
  if (answer.completeness === "incomplete") return notice("incomplete", `Incomplete: the model stopped${answer.stopReason ? ` (${answer.stopReason})` : ""} before a whole answer.`);
  return undefined;
}
