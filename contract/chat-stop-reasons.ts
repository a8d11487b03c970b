/**
 * What each Bedrock stop reason means for the person reading the answer: complete, cut short by
 * a limit, withheld by a filter, or not a finished plain answer. The function reports it as
 * `completeness` in `done` and in the buffered answer; the stop-reason table in docs/chat-api.md and the
 * chat page are checked against this table.
 *
 * Pure TypeScript with no imports (bundled into the function, built with the constructs).
 */

export type Completeness = "complete" | "truncated" | "withheld" | "incomplete";

/** Converse's `StopReason` values (SDK 3.1164), each with its completeness. */
export const STOP_REASONS = {
  /** The model finished its answer. */
  end_turn: "complete",
  /** The model reached a stop sequence (the function sets none; a model may have its own). */
  stop_sequence: "complete",
  /** The answer reached the output-token limit (`chat.maxOutputTokens`). */
  max_tokens: "truncated",
  /** The conversation filled the model's context window before the answer ended. */
  model_context_window_exceeded: "truncated",
  /** The guardrail blocked the prompt or the answer; the text is the guardrail's message. */
  guardrail_intervened: "withheld",
  /** The model provider's own content filter stopped the answer; the text may be partial. */
  content_filtered: "withheld",
  /** The model asked to call a tool; the function offers none, so the answer did not finish. */
  tool_use: "incomplete",
  /** The model's output could not be read as an answer. */
  malformed_model_output: "incomplete",
  /** The model asked to call a tool with malformed input. */
  malformed_tool_use: "incomplete",
} as const satisfies Readonly<Record<string, Completeness>>;

export type KnownStopReason = keyof typeof STOP_REASONS;

/** A stop reason this table does not know (a newer Bedrock) is not vouched for: incomplete. */
export function completenessOf(stopReason: string): Completeness {
  return Object.prototype.hasOwnProperty.call(STOP_REASONS, stopReason) ? STOP_REASONS[stopReason as KnownStopReason] : "incomplete";
}
