/**
 * The chat flow as two functions over injected dependencies: `buffered` (proxy event → proxy
 * result) and `streaming` (proxy event → SSE on a Lambda response stream). `handler.ts` wires
 * them to module-scope dependencies; tests and the dev server can wire their own.
 */
import { type BedrockRuntimeClient, ConverseCommand, type ConverseStreamOutput, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { Writable } from "node:stream";
import { type ChatConfig, publicModelId } from "./core/config";
import { buildConverseInput, buildConverseStreamInput, GUARDRAIL_INTERVENED, shapeConverseOutput, StreamAccumulator } from "./core/converse";
import { type Deadline, deadlineBudgetMs, startDeadline } from "./core/deadline";
import { ChatConfigError, DeadlineExceededError, type ErrorResponse, errorBody, errorName, toErrorResponse } from "./core/errors";
import { BASE_HEADERS, corsHeaders, errorHeaders, errorResult, type HttpResult, JSON_CONTENT_TYPE, jsonResult } from "./core/http";
import { levelFor, type Logger, type Outcome, type RequestLog, outcomeFor } from "./core/log";
import { type ChatRequest, parseChatRequest, type RawHttpRequest } from "./core/request";
import { SSE_CONTENT_TYPE, sseEvent } from "./core/sse";

/** The parts of an API Gateway REST proxy event the function reads. */
export interface ChatEvent extends RawHttpRequest {
  readonly requestContext?: { readonly requestId?: string } | null;
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

/** Races a promise against the deadline; a deadline expiry wins even if the SDK saw an abort. */
async function withinDeadline<T>(deadline: Deadline, work: Promise<T>): Promise<T> {
  try {
    return await Promise.race([work, deadline.expired]);
  } catch (error) {
    if (deadline.isExpired()) throw new DeadlineExceededError(deadline.budgetMs);
    throw error;
  }
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
  const safeLog = (record: RequestLog): void => {
    try {
      deps.log(record);
    } catch {
      // a broken logger must never break an answer
    }
  };

  const baseLog = (mode: RequestLog["mode"], event: ChatEvent | undefined, context: ChatContext | undefined) => ({
    msg: "chat.request" as const,
    mode,
    ...(typeof context?.awsRequestId === "string" ? { requestId: context.awsRequestId } : {}),
    ...(typeof event?.requestContext?.requestId === "string" ? { apiRequestId: event.requestContext.requestId } : {}),
    ...(deps.config instanceof ChatConfigError ? {} : { modelId: deps.config.modelId }),
  });

  const errorLog = (error: unknown, mapped: ErrorResponse) => ({
    status: mapped.status,
    code: mapped.code,
    errorName: errorName(error),
    ...(error instanceof Error && mapped.status >= 500 ? { errorMessage: error.message } : {}),
    ...(error instanceof ChatConfigError ? { configVariable: error.variable } : {}),
  });

  const contentLog = (config: ChatConfig | undefined, request: ChatRequest | undefined, answer?: string) =>
    config?.logContent === true && request !== undefined ? { prompt: request.message, ...(answer === undefined ? {} : { answer }) } : {};

  const record = (base: ReturnType<typeof baseLog>, outcome: Outcome, fields: Omit<RequestLog, "msg" | "mode" | "level" | "outcome">): void =>
    safeLog({ level: levelFor(outcome), ...base, outcome, ...fields });

  async function buffered(event: ChatEvent, context: ChatContext): Promise<HttpResult> {
    const started = deps.now();
    const base = baseLog("buffered", event, context);
    let config: ChatConfig | undefined;
    let request: ChatRequest | undefined;
    let deadline: Deadline | undefined;
    try {
      config = configOrThrow(deps.config);
      request = parseChatRequest(event ?? {}, config.limits);
      deadline = startDeadline(deadlineBudgetMs(remainingMs(context), config.requestTimeoutMs));
      const output = await withinDeadline(deadline, deps.client.send(new ConverseCommand(buildConverseInput(request, config)), { abortSignal: deadline.signal }));
      const answer = shapeConverseOutput(output, config);
      record(base, answer.guardrailIntervened ? "guardrail_intervened" : "ok", {
        status: 200,
        latencyMs: deps.now() - started,
        stopReason: answer.stopReason,
        inputTokens: answer.usage.inputTokens,
        outputTokens: answer.usage.outputTokens,
        ...contentLog(config, request, answer.content),
      });
      return jsonResult(200, answer, corsHeaders(config.cors, event?.headers));
    } catch (error) {
      const mapped = toErrorResponse(error);
      record(base, outcomeFor(mapped.status, mapped.code), { latencyMs: deps.now() - started, ...errorLog(error, mapped), ...contentLog(config, request) });
      return errorResult(mapped, corsHeaders(config?.cors, event?.headers));
    } finally {
      deadline?.clear();
    }
  }

  async function streaming(event: ChatEvent, responseStream: ResponseStream, context: ChatContext): Promise<void> {
    const started = deps.now();
    const base = baseLog("streaming", event, context);
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
      record(base, outcomeFor(mapped.status, mapped.code), { latencyMs: deps.now() - started, ...errorLog(error, mapped), ...contentLog(config, request) });
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
      deadline = startDeadline(deadlineBudgetMs(remainingMs(context), config.requestTimeoutMs));
      const response = await withinDeadline(deadline, deps.client.send(new ConverseStreamCommand(buildConverseStreamInput(request, config)), { abortSignal: deadline.signal }));
      if (response.stream === undefined) throw new Error("ConverseStream returned no stream");
      stream = response.stream;
    } catch (error) {
      try {
        await answerWithError(error);
      } finally {
        finished = true;
        deadline?.clear();
        responseStream.end();
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
    try {
      for (;;) {
        const next = await withinDeadline(activeDeadline, iterator.next());
        if (next.done === true) break;
        const step = accumulator.accept(next.value);
        if (step.kind === "error") throw Object.assign(new Error("exception event in the stream"), { name: step.errorName });
        if (step.kind === "text" && !(await write(body, sseEvent("delta", { text: step.text })))) {
          throw Object.assign(new Error("response stream closed"), { name: "ClientDisconnected" });
        }
      }
      const summary = accumulator.summary();
      await write(body, sseEvent("done", summary));
      record(base, summary.stopReason === GUARDRAIL_INTERVENED ? "guardrail_intervened" : "ok", {
        status: 200,
        latencyMs: deps.now() - started,
        firstByteMs,
        stopReason: summary.stopReason,
        inputTokens: summary.usage.inputTokens,
        outputTokens: summary.usage.outputTokens,
        ...contentLog(activeConfig, request, accumulator.text()),
      });
    } catch (error) {
      // Not awaited: an iterator stuck on a dead connection must not hold the answer open.
      void Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => undefined);
      if (disconnected) {
        record(base, "client_disconnected", { status: 200, latencyMs: deps.now() - started, firstByteMs, errorName: errorName(error), ...contentLog(activeConfig, request, accumulator.text()) });
      } else {
        const mapped = toErrorResponse(error);
        record(base, outcomeFor(mapped.status, mapped.code), {
          latencyMs: deps.now() - started,
          firstByteMs,
          ...errorLog(error, mapped),
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
