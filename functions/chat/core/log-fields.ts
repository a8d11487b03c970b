/**
 * The fields of the request log record (core/log.ts), from what the request got to: who asked,
 * how the answer ended, what failed, how many Bedrock calls it took, and (only with
 * LOG_CONTENT=true) the text. Pure: both modes build their one record from these.
 */
import type { ChatConfig } from "./config";
import type { AnswerSummary } from "./converse";
import { ChatConfigError, type ErrorResponse, errorName, UpstreamStreamError } from "./errors";
import type { Outcome, RequestLog } from "./log";
import type { ChatRequest } from "./request";
import type { Attempts } from "./retry";

/** The fields every record of a request starts with, known before anything is read. */
export type RequestLogBase = Pick<RequestLog, "msg" | "mode" | "requestId" | "apiRequestId" | "modelId">;

/** The API Gateway request id, when the event has one (a direct invocation may have anything there). */
export function apiRequestId(event: unknown): string | undefined {
  const context = typeof event === "object" && event !== null ? (event as { requestContext?: unknown }).requestContext : undefined;
  const id = typeof context === "object" && context !== null ? (context as { requestId?: unknown }).requestId : undefined;
  return typeof id === "string" ? id : undefined;
}

export function requestLogBase(mode: RequestLog["mode"], event: unknown, context: { readonly awsRequestId?: string } | undefined, config: ChatConfig | ChatConfigError): RequestLogBase {
  const apiId = apiRequestId(event);
  return {
    msg: "chat.request" as const,
    mode,
    ...(typeof context?.awsRequestId === "string" ? { requestId: context.awsRequestId } : {}),
    ...(apiId === undefined ? {} : { apiRequestId: apiId }),
    ...(config instanceof ChatConfigError ? {} : { modelId: config.modelId }),
  };
}

/** A finished answer is `ok`, unless what the reader got is the guardrail's message. */
export function answeredOutcome(summary: AnswerSummary): Outcome {
  return summary.guardrailIntervened ? "guardrail_intervened" : "ok";
}

/** The log fields of an answer Bedrock finished: stop reason, what it means, usage, Bedrock's latency. */
export function answerLog(summary: AnswerSummary): Partial<RequestLog> {
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

/** Nothing when Bedrock was never called (a refused request); the wait only when there was one. */
export function attemptsLog(attempts: Attempts): Partial<RequestLog> {
  return attempts.count === 0 ? {} : { attempts: attempts.count, ...(attempts.waitedMs > 0 ? { retryWaitMs: attempts.waitedMs } : {}) };
}

/** The log fields of a failure answered as `mapped`; the error's own message for 5xx answers only. */
export function errorLog(thrown: unknown, mapped: ErrorResponse): Pick<RequestLog, "status" | "code" | "errorName" | "errorMessage" | "configVariable"> {
  // A failure read from the event stream is logged as what the upstream threw (its name says the most).
  const error = thrown instanceof UpstreamStreamError ? thrown.upstream : thrown;
  return {
    status: mapped.status,
    code: mapped.code,
    errorName: errorName(error),
    ...(error instanceof Error && mapped.status >= 500 ? { errorMessage: error.message } : {}),
    ...(error instanceof ChatConfigError ? { configVariable: error.variable } : {}),
  };
}

/** Prompt and answer text, only when the deployment asked for it (LOG_CONTENT=true) and a request was read. */
export function contentLog(config: ChatConfig | undefined, request: ChatRequest | undefined, answer?: string): Pick<RequestLog, "prompt" | "answer"> {
  return config?.logContent === true && request !== undefined ? { prompt: request.message, ...(answer === undefined ? {} : { answer }) } : {};
}
