/**
 * The chat flow as two functions over injected dependencies: `buffered` (proxy event → proxy
 * result) and `streaming` (proxy event → SSE on a Lambda response stream). `handler.ts` wires
 * them to module-scope dependencies; tests and the dev server can wire their own.
 */
import { type BedrockRuntimeClient, ConverseCommand, type ConverseStreamOutput, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { Writable } from "node:stream";
import { type ChatConfig, publicModelId } from "./core/config";
import { type AnswerSummary, buildConverseInput, buildConverseStreamInput, GUARDRAIL_INTERVENED, shapeConverseOutput, StreamAccumulator } from "./core/converse";
import { type Deadline, deadlineBudgetMs, startDeadline } from "./core/deadline";
import { ChatConfigError, type ErrorResponse, errorBody, errorName, toErrorResponse, UpstreamStreamError } from "./core/errors";
import { BASE_HEADERS, checkResultFits, corsHeaders, errorHeaders, errorResult, type HttpResult, JSON_CONTENT_TYPE, jsonResult } from "./core/http";
import { levelFor, type Logger, type Outcome, type RequestLog, outcomeFor } from "./core/log";
import { type ChatRequest, parseChatRequest, type RawHttpRequest } from "./core/request";
import { type Attempts, withinDeadline, withRetries } from "./core/retry";
import { SSE_CONTENT_TYPE, sseEvent } from "./core/sse";

/** The parts of an API Gateway REST proxy event the function reads. */
export interface ChatEvent extends RawHttpRequest {
  readonly requestContext?: unknown;
}

/** The parts of the Lambda context the function reads. */
export interface ChatContext {
  readonly awsRequestId?: string;
  readonly getRemainingTimeInMillis?: () => number;
}

/** A Lambda response stream (a Writable; the runtime's also has `setContentType`). */
export type ResponseStream = Writable & { setContentType?: (contentType: string) => void };

/** `awslambda.HttpResponseStream.from`: writes the status/headers prelude, returns the body stream. */
export type HttpResponseStreamFrom = (stream: ResponseStream, prelude: { statusCode: number; headers: Record<string, string> }) => ResponseStream;

export interface ChatDependencies {
  /** The configuration, or the error that reading it raised (reported as 500 CONFIG_ERROR). */
  readonly config: ChatConfig | ChatConfigError;
  readonly client: Pick<BedrockRuntimeClient, "send">;
  readonly log: Logger;
  /** Milliseconds clock, for latency figures. */
  readonly now: () => number;
  /** Resolved per request so that the Lambda global is looked up lazily. */
  readonly httpResponseStreamFrom: () => HttpResponseStreamFrom;
  /** Jitter for the retry back-off, a number in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** Used when the context has no clock (dev server without a timeout, odd test contexts). */
const DEFAULT_REMAINING_MS = 30_000;
const HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";

/**
 * What the Lambda runtime's `HttpResponseStream.from` does: a JSON prelude and 8 NUL bytes before
 * the body, which API Gateway turns into the status line and headers. Used outside Lambda only.
 */
export const fallbackHttpResponseStreamFrom: HttpResponseStreamFrom = (stream, prelude) => {
  stream.setContentType?.(HTTP_INTEGRATION_CONTENT_TYPE);
  stream.write(JSON.stringify(prelude));
  stream.write(new Uint8Array(8));
  return stream;
};

function remainingMs(context: ChatContext | undefined): number {
  const clock = context?.getRemainingTimeInMillis;
  if (typeof clock !== "function") return DEFAULT_REMAINING_MS;
  const value = clock.call(context);
  return typeof value === "number" && Number.isFinite(value) ? value : DEFAULT_REMAINING_MS;
}

function configOrThrow(config: ChatConfig | ChatConfigError): ChatConfig {
  if (config instanceof ChatConfigError) throw config;
  return config;
}

/** The API Gateway request id, when the event has one (a direct invocation may have anything there). */
function apiRequestId(event: unknown): string | undefined {
  const context = typeof event === "object" && event !== null ? (event as { requestContext?: unknown }).requestContext : undefined;
  const id = typeof context === "object" && context !== null ? (context as { requestId?: unknown }).requestId : undefined;
  return typeof id === "string" ? id : undefined;
}

/** The log fields of an answer Bedrock finished: stop reason, what it means, usage, Bedrock's latency. */
function answerLog(summary: AnswerSummary): Partial<RequestLog> {
  const { usage } = summary;
  return {
    stopReason: summary.stopReason,
    completeness: summary.completeness,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
    ...(summary.metrics === undefined ? {} : { bedrockLatencyMs: summary.metrics.latencyMs }),
  };
}

function attemptsLog(attempts: Attempts): Partial<RequestLog> {
  return attempts.count === 0 ? {} : { attempts: attempts.count, ...(attempts.waitedMs > 0 ? { retryWaitMs: attempts.waitedMs } : {}) };
}

/** Writes, waiting for the consumer when the stream is full; resolves false if the stream is gone. */
function write(stream: Writable, chunk: string): Promise<boolean> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      if (stream.write(chunk)) return resolve(true);
    } catch {
      return resolve(false);
    }
    const done = (ok: boolean) => () => {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    stream.once("drain", onDrain);
    stream.once("close", onClose);
  });
}

export function createChatHandlers(deps: ChatDependencies): {
  buffered: (event: ChatEvent, context: ChatContext) => Promise<HttpResult>;
  streaming: (event: ChatEvent, responseStream: ResponseStream, context: ChatContext) => Promise<void>;
} {
  const random = deps.random ?? Math.random;
  const safeLog = (record: RequestLog): void => {
    try {
      deps.log(record);
    } catch {
      // a broken logger must never break an answer
    }
  };

  const baseLog = (mode: RequestLog["mode"], event: ChatEvent | undefined, context: ChatContext | undefined) => {
    const apiId = apiRequestId(event);
    return {
      msg: "chat.request" as const,
      mode,
      ...(typeof context?.awsRequestId === "string" ? { requestId: context.awsRequestId } : {}),
      ...(apiId === undefined ? {} : { apiRequestId: apiId }),
      ...(deps.config instanceof ChatConfigError ? {} : { modelId: deps.config.modelId }),
    };
  };

  const errorLog = (thrown: unknown, mapped: ErrorResponse) => {
    // A failure read from the event stream is logged as what the upstream threw (its name says the most).
    const error = thrown instanceof UpstreamStreamError ? thrown.upstream : thrown;
    return {
      status: mapped.status,
      code: mapped.code,
      errorName: errorName(error),
      ...(error instanceof Error && mapped.status >= 500 ? { errorMessage: error.message } : {}),
      ...(error instanceof ChatConfigError ? { configVariable: error.variable } : {}),
    };
  };

  const contentLog = (config: ChatConfig | undefined, request: ChatRequest | undefined, answer?: string) =>
    config?.logContent === true && request !== undefined ? { prompt: request.message, ...(answer === undefined ? {} : { answer }) } : {};

  const record = (base: ReturnType<typeof baseLog>, outcome: Outcome, fields: Omit<RequestLog, "msg" | "mode" | "level" | "outcome">): void =>
    safeLog({ level: levelFor(outcome), ...base, outcome, ...fields });

  /** Bedrock, with the function's retry policy: the same input, a fresh command per attempt. */
  const retrying = <T>(config: ChatConfig, deadline: Deadline, attempts: Attempts, call: () => Promise<T>): Promise<T> =>
    withRetries(call, { deadline, maxAttempts: config.maxAttempts, random, attempts });

  async function buffered(event: ChatEvent, context: ChatContext): Promise<HttpResult> {
    const started = deps.now();
    const base = baseLog("buffered", event, context);
    const attempts: Attempts = { count: 0, waitedMs: 0 };
    let config: ChatConfig | undefined;
    let request: ChatRequest | undefined;
    let deadline: Deadline | undefined;
    try {
      config = configOrThrow(deps.config);
      request = parseChatRequest(event ?? {}, config.limits);
      const active = startDeadline(deadlineBudgetMs(remainingMs(context), config.requestTimeoutMs));
      deadline = active;
      const input = buildConverseInput(request, config);
      const output = await retrying(config, active, attempts, () => deps.client.send(new ConverseCommand(input), { abortSignal: active.signal }));
      const answer = shapeConverseOutput(output, config);
      const result = jsonResult(200, answer, corsHeaders(config.cors, event?.headers));
      checkResultFits(result);
      record(base, answer.guardrailIntervened ? "guardrail_intervened" : "ok", {
        status: 200,
        latencyMs: deps.now() - started,
        ...answerLog(answer),
        ...attemptsLog(attempts),
        ...contentLog(config, request, answer.content),
      });
      return result;
    } catch (error) {
      const mapped = toErrorResponse(error);
      record(base, outcomeFor(mapped.status, mapped.code), { latencyMs: deps.now() - started, ...errorLog(error, mapped), ...attemptsLog(attempts), ...contentLog(config, request) });
      return errorResult(mapped, corsHeaders(config?.cors, event?.headers));
    } finally {
      deadline?.clear();
    }
  }

  async function streaming(event: ChatEvent, responseStream: ResponseStream, context: ChatContext): Promise<void> {
    const started = deps.now();
    const base = baseLog("streaming", event, context);
    const attempts: Attempts = { count: 0, waitedMs: 0 };
    let config: ChatConfig | undefined;
    let request: ChatRequest | undefined;
    let deadline: Deadline | undefined;
    let finished = false;
    let disconnected = false;
    const onClose = (): void => {
      if (finished) return;
      disconnected = true;
      deadline?.abort(); // stop paying for tokens nobody will read
    };
    responseStream.once("close", onClose);

    const answerWithError = async (error: unknown): Promise<void> => {
      const mapped = toErrorResponse(error);
      record(base, outcomeFor(mapped.status, mapped.code), { latencyMs: deps.now() - started, ...errorLog(error, mapped), ...attemptsLog(attempts), ...contentLog(config, request) });
      const body = deps.httpResponseStreamFrom()(responseStream, {
        statusCode: mapped.status,
        headers: { ...BASE_HEADERS, "content-type": JSON_CONTENT_TYPE, ...corsHeaders(config?.cors, event?.headers), ...errorHeaders(mapped) },
      });
      await write(body, JSON.stringify(errorBody(mapped)));
    };

    // Phase 1: until Bedrock accepts the request, failures are ordinary HTTP errors (4xx/5xx + JSON).
    let stream: AsyncIterable<ConverseStreamOutput> | undefined;
    try {
      config = configOrThrow(deps.config);
      request = parseChatRequest(event ?? {}, config.limits);
      const active = startDeadline(deadlineBudgetMs(remainingMs(context), config.requestTimeoutMs));
      deadline = active;
      // The client may have gone while the request was parsed: nobody is left to answer.
      if (disconnected) active.abort();
      const input = buildConverseStreamInput(request, config);
      const response = await retrying(config, active, attempts, () => deps.client.send(new ConverseStreamCommand(input), { abortSignal: active.signal }));
      if (response.stream === undefined) throw new UpstreamStreamError(new Error("ConverseStream answered without an event stream"));
      stream = response.stream;
    } catch (error) {
      try {
        if (disconnected) {
          // Whatever the abort surfaced as (AbortError, a cut retry wait), the cause is the caller.
          // Nothing was sent: 499 is the usual log status for "client closed the request".
          record(base, "client_disconnected", { status: 499, latencyMs: deps.now() - started, errorName: errorName(error), ...attemptsLog(attempts), ...contentLog(config, request) });
        } else {
          await answerWithError(error);
        }
      } finally {
        finished = true;
        deadline?.clear();
        responseStream.off("close", onClose);
        if (!responseStream.writableEnded) responseStream.end();
      }
      return;
    }

    // Phase 2: the status is 200 and committed; failures become an `error` event and a clean end.
    const activeConfig = config;
    const activeDeadline = deadline;
    const body = deps.httpResponseStreamFrom()(responseStream, { statusCode: 200, headers: { ...BASE_HEADERS, "content-type": SSE_CONTENT_TYPE, ...corsHeaders(activeConfig.cors, event?.headers) } });
    await write(body, sseEvent("start", { modelId: publicModelId(activeConfig.modelId) }));
    const firstByteMs = deps.now() - started;
    const accumulator = new StreamAccumulator(activeConfig);
    const iterator = stream[Symbol.asyncIterator]();
    // Whatever reading the stream throws is the upstream's doing (see UpstreamStreamError).
    const nextEvent = () => iterator.next().catch((error: unknown) => Promise.reject(new UpstreamStreamError(error)));
    try {
      for (;;) {
        let next: IteratorResult<ConverseStreamOutput>;
        try {
          next = await withinDeadline(activeDeadline, nextEvent());
        } catch (error) {
          // Bedrock had said the answer ended (messageStop, metadata): a connection lost after that loses nothing.
          if (error instanceof UpstreamStreamError && accumulator.isComplete()) break;
          throw error;
        }
        if (next.done === true) break;
        const step = accumulator.accept(next.value);
        if (step.kind === "error") throw new UpstreamStreamError(Object.assign(new Error("exception event in the stream"), { name: step.errorName }));
        if (step.kind === "text" && !(await write(body, sseEvent("delta", { text: step.text })))) {
          // The stream can be gone before its "close" event has run: the caller left all the same.
          disconnected = true;
          activeDeadline.abort();
          throw Object.assign(new Error("response stream closed"), { name: "ClientDisconnected" });
        }
      }
      // Throws UpstreamIncompleteError unless Bedrock said the answer ended.
      const summary = accumulator.summary();
      await write(body, sseEvent("done", summary));
      record(base, summary.stopReason === GUARDRAIL_INTERVENED ? "guardrail_intervened" : "ok", {
        status: 200,
        latencyMs: deps.now() - started,
        firstByteMs,
        ...answerLog(summary),
        ...attemptsLog(attempts),
        ...contentLog(activeConfig, request, accumulator.text()),
      });
    } catch (error) {
      // Not awaited: an iterator stuck on a dead connection must not hold the answer open.
      void Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => undefined);
      if (disconnected) {
        record(base, "client_disconnected", { status: 200, latencyMs: deps.now() - started, firstByteMs, errorName: errorName(error), ...attemptsLog(attempts), ...contentLog(activeConfig, request, accumulator.text()) });
      } else {
        const mapped = toErrorResponse(error);
        record(base, outcomeFor(mapped.status, mapped.code), {
          latencyMs: deps.now() - started,
          firstByteMs,
          ...errorLog(error, mapped),
          ...attemptsLog(attempts),
          ...contentLog(activeConfig, request, accumulator.text()),
        });
        await write(body, sseEvent("error", errorBody(mapped)));
      }
    } finally {
      finished = true;
      activeDeadline.clear();
      responseStream.off("close", onClose);
      if (!responseStream.writableEnded) responseStream.end();
    }
  }

  return { buffered, streaming };
}
