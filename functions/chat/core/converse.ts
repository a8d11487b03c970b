/**
 * Converse request building and response shaping. Pure: SDK types only, no client.
 */
import type { ConverseRequest, ConverseResponse, ConverseStreamOutput, ConverseStreamRequest, Message } from "@aws-sdk/client-bedrock-runtime";
import { type ChatConfig, publicModelId } from "./config";
import type { ChatRequest } from "./request";

export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The buffered answer: `{ content, stopReason, usage, modelId, guardrailIntervened }`. */
export interface ChatAnswer {
  readonly content: string;
  readonly stopReason: string;
  readonly usage: Usage;
  readonly modelId: string;
  /** True when the guardrail intervened: `content` is then the guardrail's message, not a model answer. */
  readonly guardrailIntervened: boolean;
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

function count(value: number | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Shapes a Converse response into the buffered answer. Non-text blocks are ignored. */
export function shapeConverseOutput(output: Pick<ConverseResponse, "output" | "stopReason" | "usage">, config: ChatConfig): ChatAnswer {
  const blocks = output.output?.message?.content ?? [];
  const content = blocks.map((block) => (typeof block.text === "string" ? block.text : "")).join("");
  const stopReason = output.stopReason ?? "unknown";
  return {
    content,
    stopReason,
    usage: { inputTokens: count(output.usage?.inputTokens), outputTokens: count(output.usage?.outputTokens) },
    modelId: publicModelId(config.modelId),
    guardrailIntervened: stopReason === GUARDRAIL_INTERVENED,
  };
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
  private inputTokens = 0;
  private outputTokens = 0;
  private readonly parts: string[] = [];

  constructor(private readonly config: ChatConfig) {}

  accept(event: ConverseStreamOutput): StreamStep {
    if (event.contentBlockDelta?.delta?.text !== undefined) {
      const text = event.contentBlockDelta.delta.text;
      this.parts.push(text);
      return text.length === 0 ? { kind: "none" } : { kind: "text", text };
    }
    if (event.messageStop !== undefined) {
      this.stopReason = event.messageStop.stopReason ?? this.stopReason;
      return { kind: "none" };
    }
    if (event.metadata !== undefined) {
      this.inputTokens = count(event.metadata.usage?.inputTokens);
      this.outputTokens = count(event.metadata.usage?.outputTokens);
      return { kind: "none" };
    }
    for (const [member, errorName] of Object.entries(EXCEPTION_MEMBERS)) {
      if ((event as unknown as Record<string, unknown>)[member] !== undefined) return { kind: "error", errorName };
    }
    return { kind: "none" };
  }

  /** The final summary (the `done` event), once the stream has ended. */
  summary(): Omit<ChatAnswer, "content"> {
    const stopReason = this.stopReason ?? "unknown";
    return {
      stopReason,
      usage: { inputTokens: this.inputTokens, outputTokens: this.outputTokens },
      modelId: publicModelId(this.config.modelId),
      guardrailIntervened: stopReason === GUARDRAIL_INTERVENED,
    };
  }

  /** Everything streamed so far (for content logging only). */
  text(): string {
    return this.parts.join("");
  }
}
