/**
 * One structured JSON log record per request. Prompt and answer text only when LOG_CONTENT=true.
 */
export type Outcome = "ok" | "guardrail_intervened" | "client_error" | "throttled" | "upstream_error" | "deadline" | "config_error" | "internal_error" | "client_disconnected";

export interface RequestLog {
  readonly level: "info" | "warn" | "error";
  readonly msg: "chat.request";
  readonly requestId?: string;
  readonly apiRequestId?: string;
  readonly mode: "buffered" | "streaming";
  readonly modelId?: string;
  readonly outcome: Outcome;
  readonly status: number;
  readonly code?: string;
  readonly latencyMs: number;
  /** Streaming: time from invocation to the first SSE byte. */
  readonly firstByteMs?: number;
  readonly stopReason?: string;
  /** What the stop reason means for the reader: complete, truncated, withheld, incomplete. */
  readonly completeness?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
  /** Bedrock's own latency figure (`metrics.latencyMs`). */
  readonly bedrockLatencyMs?: number;
  /** Calls made to Bedrock for this request (retries included), and the time waited between them. */
  readonly attempts?: number;
  readonly retryWaitMs?: number;
  readonly errorName?: string;
  readonly errorMessage?: string;
  readonly configVariable?: string;
  readonly prompt?: string;
  readonly answer?: string;
}

export type Logger = (record: RequestLog) => void;

/** Lambda captures stdout line by line; one JSON object per line is a structured log. */
export const stdoutLogger: Logger = (record) => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

export function outcomeFor(status: number, code: string | undefined): Outcome {
  if (status < 400) return "ok";
  if (status === 429) return "throttled";
  if (code === "DEADLINE_EXCEEDED") return "deadline";
  if (code === "CONFIG_ERROR") return "config_error";
  if (code === "INTERNAL_ERROR") return "internal_error";
  if (status < 500) return "client_error";
  return "upstream_error";
}

export function levelFor(outcome: Outcome): RequestLog["level"] {
  if (outcome === "ok" || outcome === "guardrail_intervened" || outcome === "client_error" || outcome === "client_disconnected") return "info";
  if (outcome === "throttled" || outcome === "deadline") return "warn";
  return "error";
}
