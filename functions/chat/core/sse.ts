/**
 * Server-Sent Events encoding for the streamed answer (`text/event-stream`).
 *
 * Events, in order:
 * - `start`  `{ "modelId" }`: once, as soon as Bedrock accepted the request;
 * - `delta`  `{ "text" }`: zero or more pieces of the answer, to append in order;
 * - then exactly one of
 *   - `done`  `{ "stopReason", "completeness", "usage": { "inputTokens", "outputTokens", "totalTokens", … },
 *     "metrics"?: { "latencyMs" }, "modelId", "guardrailIntervened" }`, only once Bedrock sent
 *     `messageStop` and `metadata`;
 *   - `error` `{ "error": { "code", "message" } }` (the stream ends after it).
 */
export const SSE_EVENT_NAMES = ["start", "delta", "done", "error"] as const;
export type SseEventName = (typeof SSE_EVENT_NAMES)[number];

export const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

/**
 * One SSE event. `data` is JSON on a single line (JSON.stringify escapes newlines), so the
 * frame can never be split or spoofed by the text it carries.
 */
export function sseEvent(event: SseEventName, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Parses an SSE byte stream's text back into events (clients, tests, the dev tools). */
export function parseSse(text: string): { event: string; data: unknown }[] {
  const events: { event: string; data: unknown }[] = [];
  for (const frame of text.split("\n\n")) {
    if (frame.trim() === "") continue;
    let event = "message";
    const data: string[] = [];
    for (const line of frame.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    events.push({ event, data: data.length === 0 ? undefined : JSON.parse(data.join("\n")) });
  }
  return events;
}
