/**
 * Converse request building and response shaping. Pure: SDK types only, no client.
 *
 * An answer is reported as finished only when Bedrock said it finished: a Converse body with its
 * message, stop reason and usage; a stream with `messageStop` and `metadata`. Anything short of
 * that throws UpstreamIncompleteError, so that a cut connection never passes for an answer.
 */
import type { ConverseRequest, ConverseResponse, ConverseStreamOutput, ConverseStreamRequest, Message, TokenUsage } from "@aws-sdk/client-bedrock-runtime";
import { type Completeness, completenessOf } from "../../../contract/chat-stop-reasons";
import type { ChatConfig } from "./config";
import { UpstreamIncompleteError } from "./errors";
import type { ChatRequest } from "./request";

/** Token counts as Bedrock reported them; the cache counts only when Bedrock sent them. */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
}

/** Bedrock's own latency figure for the call. */
export interface Metrics {
  readonly latencyMs: number;
}

/** How an answer ended: `done` and the buffered answer without the text. */
export interface AnswerSummary {
  readonly stopReason: string;
  /** What the stop reason means for the reader (contract/chat-stop-reasons.ts). */
  readonly completeness: Completeness;
  readonly usage: Usage;
  /** Absent when Bedrock sent no latency figure. */
  readonly metrics?: Metrics;
  readonly modelId: string;
  /** True when the guardrail intervened: `content` is then the guardrail's message, not a model answer. */
  readonly guardrailIntervened: boolean;
}

/** The buffered answer: `{ content, stopReason, completeness, usage, metrics, modelId, guardrailIntervened }`. */
export interface ChatAnswer extends AnswerSummary {
  readonly content: string;
}

export const GUARDRAIL_INTERVENED = "guardrail_intervened";

function messages(request: ChatRequest): Message[] {
  return [...request.history, { role: "user" as const, content: request.message }].map((turn) => ({ role: turn.role, content: [{ text: turn.content }] }));
}

/** The Converse input: server-side system prompt, the configured model, maxTokens and guardrail. */
export function buildConverseInput(request: ChatRequest, config: ChatConfig): ConverseRequest {
  return {
    modelId: config.modelId,
    messages: messages(request),
    ...(config.systemPrompt === undefined ? {} : { system: [{ text: config.systemPrompt }] }),
    inferenceConfig: { maxTokens: config.limits.maxOutputTokens },
    ...(config.guardrail === undefined ? {} : { guardrailConfig: { guardrailIdentifier: config.guardrail.identifier, guardrailVersion: config.guardrail.version, trace: "disabled" } }),
  };
}

/**
 * The ConverseStream input. The guardrail runs in `sync` mode: text is checked before it is
 * streamed, so a blocked answer never reaches the client in pieces.
 */
export function buildConverseStreamInput(request: ChatRequest, config: ChatConfig): ConverseStreamRequest {
  const { guardrailConfig, ...rest } = buildConverseInput(request, config);
  return guardrailConfig === undefined ? rest : { ...rest, guardrailConfig: { ...guardrailConfig, streamProcessingMode: "sync" } };
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function count(value: unknown): number {
  return isCount(value) ? value : 0;
}

function usageOf(usage: TokenUsage): Usage {
  const inputTokens = count(usage.inputTokens);
  const outputTokens = count(usage.outputTokens);
  return {
    inputTokens,
    outputTokens,
    totalTokens: isCount(usage.totalTokens) ? usage.totalTokens : inputTokens + outputTokens,
    ...(isCount(usage.cacheReadInputTokens) ? { cacheReadInputTokens: usage.cacheReadInputTokens } : {}),
    ...(isCount(usage.cacheWriteInputTokens) ? { cacheWriteInputTokens: usage.cacheWriteInputTokens } : {}),
  };
}

function metricsOf(metrics: { latencyMs?: number } | undefined): { metrics?: Metrics } {
  return isCount(metrics?.latencyMs) ? { metrics: { latencyMs: metrics.latencyMs } } : {};
}

function summaryOf(stopReason: string, usage: TokenUsage, metrics: { latencyMs?: number } | undefined, config: ChatConfig): AnswerSummary {
  return {
    stopReason,
    completeness: completenessOf(stopReason),
    usage: usageOf(usage),
    ...metricsOf(metrics),
    modelId: config.modelId,
    guardrailIntervened: stopReason === GUARDRAIL_INTERVENED,
  };
}

/**
 * Shapes a Converse response into the buffered answer. Non-text blocks are ignored. Throws
 * UpstreamIncompleteError when the body lacks what every complete answer has (AWS documents the
 * message, `stopReason` and `usage` as always present): an empty 200 is not an empty answer.
 */
export function shapeConverseOutput(output: Partial<Pick<ConverseResponse, "output" | "stopReason" | "usage" | "metrics">>, config: ChatConfig): ChatAnswer {
  const blocks = output.output?.message?.content;
  const missing = [
    ...(Array.isArray(blocks) ? [] : ["output.message"]),
    ...(typeof output.stopReason === "string" ? [] : ["stopReason"]),
    ...(typeof output.usage === "object" && output.usage !== null ? [] : ["usage"]),
  ];
  if (missing.length > 0) throw new UpstreamIncompleteError(`Converse answered 200 without ${missing.join(", ")}`);
  const content = (blocks ?? []).map((block) => (typeof block.text === "string" ? block.text : "")).join("");
  return { content, ...summaryOf(output.stopReason as string, output.usage as TokenUsage, output.metrics, config) };
}

/** What one ConverseStream event means to the chat: text to forward, the end, or an error. */
export type StreamStep = { readonly kind: "text"; readonly text: string } | { readonly kind: "error"; readonly errorName: string } | { readonly kind: "none" };

const EXCEPTION_MEMBERS: Readonly<Record<string, string>> = {
  internalServerException: "InternalServerException",
  modelStreamErrorException: "ModelStreamErrorException",
  serviceUnavailableException: "ServiceUnavailableException",
  throttlingException: "ThrottlingException",
  validationException: "ValidationException",
};

/**
 * Folds ConverseStream events into the final summary while telling the caller what to forward.
 * Exceptions normally surface as thrown errors while iterating; an exception delivered as an
 * event member is reported the same way.
 */
export class StreamAccumulator {
  private stopReason: string | undefined;
  private sawMessageStop = false;
  private usage: TokenUsage | undefined;
  private metrics: { latencyMs?: number } | undefined;
  private deltas = 0;
  private sawMessageStart = false;
  private readonly parts: string[] = [];

  constructor(private readonly config: ChatConfig) {}

  accept(event: ConverseStreamOutput): StreamStep {
    if (event.contentBlockDelta?.delta?.text !== undefined) {
      const text = event.contentBlockDelta.delta.text;
      this.parts.push(text);
      this.deltas += 1;
      return text.length === 0 ? { kind: "none" } : { kind: "text", text };
    }
    if (event.messageStart !== undefined) {
      this.sawMessageStart = true;
      return { kind: "none" };
    }
    if (event.messageStop !== undefined) {
      this.sawMessageStop = true;
      if (typeof event.messageStop.stopReason === "string") this.stopReason = event.messageStop.stopReason;
      return { kind: "none" };
    }
    if (event.metadata !== undefined) {
      if (typeof event.metadata.usage === "object" && event.metadata.usage !== null) this.usage = event.metadata.usage;
      this.metrics = event.metadata.metrics;
      return { kind: "none" };
    }
    for (const [member, errorName] of Object.entries(EXCEPTION_MEMBERS)) {
      if ((event as unknown as Record<string, unknown>)[member] !== undefined) return { kind: "error", errorName };
    }
    return { kind: "none" };
  }

  /** Bedrock said the answer ended: `messageStop` with its stop reason, and `metadata` with usage. */
  isComplete(): boolean {
    return this.stopReason !== undefined && this.usage !== undefined;
  }

  /**
   * The final summary (the `done` event), once the stream has ended. Throws
   * UpstreamIncompleteError when Bedrock never said the answer ended.
   */
  summary(): AnswerSummary {
    if (this.stopReason === undefined || this.usage === undefined) {
      const missing = [...(this.stopReason === undefined ? [this.sawMessageStop ? "messageStop.stopReason" : "messageStop"] : []), ...(this.usage === undefined ? ["metadata"] : [])];
      const seen = `${this.sawMessageStart ? "messageStart, " : ""}${this.deltas} text delta${this.deltas === 1 ? "" : "s"}`;
      throw new UpstreamIncompleteError(`ConverseStream ended without ${missing.join(" and ")} (after ${seen})`);
    }
    return summaryOf(this.stopReason, this.usage, this.metrics, this.config);
  }

  /** Everything streamed so far (for content logging only). */
  text(): string {
    return this.parts.join("");
  }
}
