/**
 * Answers are finished only when Bedrock says so (functions/chat/core/converse.ts): the Converse
 * body and the ConverseStream events, shaped with the whole usage, metrics and completeness.
 */
import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import fc from "fast-check";
import { STOP_REASONS } from "../../contract/chat-stop-reasons";
import { loadConfig } from "../../functions/chat/core/config";
import { shapeConverseOutput, StreamAccumulator } from "../../functions/chat/core/converse";
import { UpstreamIncompleteError } from "../../functions/chat/core/errors";

const config = loadConfig({ MODEL_ID: "amazon.nova-lite-v1:0" });
const message = { message: { role: "assistant" as const, content: [{ text: "Hi" }] } };
const usage = { inputTokens: 3, outputTokens: 1, totalTokens: 4 };

describe("the buffered answer", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["an empty body", {}, /without output\.message, stopReason, usage/],
    ["no usage", { output: message, stopReason: "end_turn" }, /without usage/],
    ["no stop reason", { output: message, usage }, /without stopReason/],
    ["no message", { stopReason: "end_turn", usage }, /without output\.message/],
  ])("with %s is incomplete, not an empty answer", (_label, output, missing) => {
    expect(() => shapeConverseOutput(output, config)).toThrow(UpstreamIncompleteError);
    expect(() => shapeConverseOutput(output, config)).toThrow(missing);
  });

  it("carries total and cache tokens and Bedrock's latency when Bedrock sent them", () => {
    const answer = shapeConverseOutput({ output: message, stopReason: "end_turn", usage: { ...usage, cacheReadInputTokens: 2, cacheWriteInputTokens: 0 }, metrics: { latencyMs: 12 } }, config);
    expect(answer).toMatchObject({ usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4, cacheReadInputTokens: 2, cacheWriteInputTokens: 0 }, metrics: { latencyMs: 12 } });
    const bare = shapeConverseOutput({ output: message, stopReason: "end_turn", usage: { inputTokens: 3, outputTokens: 1, totalTokens: undefined } }, config);
    expect(bare.usage).toEqual({ inputTokens: 3, outputTokens: 1, totalTokens: 4 });
    expect(bare).not.toHaveProperty("metrics");
  });

  it.each(Object.entries(STOP_REASONS))("says what %s means: %s; guardrailIntervened only for the guardrail", (stopReason, completeness) => {
    const answer = shapeConverseOutput({ output: message, stopReason: stopReason as never, usage }, config);
    expect(answer.completeness).toBe(completeness);
    expect(answer.guardrailIntervened).toBe(stopReason === "guardrail_intervened");
  });
});

describe("the streamed answer", () => {
  const full: ConverseStreamOutput[] = [
    { messageStart: { role: "assistant" } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "a" } } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "b" } } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { messageStop: { stopReason: "end_turn" } },
    { metadata: { usage, metrics: { latencyMs: 5 } } },
  ];

  it("is complete only with messageStop (its stop reason) and metadata (its usage)", () => {
    const accumulator = new StreamAccumulator(config);
    for (const event of full) accumulator.accept(event);
    expect(accumulator.isComplete()).toBe(true);
    expect(accumulator.summary()).toMatchObject({ stopReason: "end_turn", completeness: "complete", usage, metrics: { latencyMs: 5 } });
  });

  it("cut anywhere before its end, it is incomplete and says what was missing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: full.length - 1 }), (cut) => {
        const accumulator = new StreamAccumulator(config);
        for (const event of full.slice(0, cut)) accumulator.accept(event);
        expect(accumulator.isComplete()).toBe(false);
        expect(() => accumulator.summary()).toThrow(/^ConverseStream ended without (messageStop and metadata|metadata) \(after (messageStart, )?\d text deltas?\)$/);
      }),
    );
  });

  it("a messageStop without its stop reason, or metadata without usage, does not count", () => {
    const accumulator = new StreamAccumulator(config);
    accumulator.accept({ messageStop: {} as never });
    accumulator.accept({ metadata: { metrics: { latencyMs: 1 } } as never });
    expect(() => accumulator.summary()).toThrow("ConverseStream ended without messageStop.stopReason and metadata (after 0 text deltas)");
  });
});
