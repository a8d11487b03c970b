/**
 * Reads a `text/event-stream` body as it arrives: chunks in (split anywhere, even inside a
 * character or a line), whole events out. Pure. The chat API's events carry one JSON line of
 * `data` (docs/chat-api.md); an event whose data is not JSON is kept with its raw text, so the
 * report can say what arrived instead of throwing.
 */
export interface SseEvent {
  readonly event: string;
  /** The parsed JSON of `data`, or undefined when there was none or it was not JSON. */
  readonly data: unknown;
  /** The raw `data` text. */
  readonly raw: string;
}

export class SseReader {
  private pending = "";
  private readonly decoder = new TextDecoder("utf-8");

  /** Feeds bytes (or text); returns the events they complete. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.pending += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    this.pending = this.pending.replace(/\r\n?/g, "\n");
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.pending.indexOf("\n\n")) !== -1) {
      const frame = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const event = parseFrame(frame);
      if (event) events.push(event);
    }
    return events;
  }

  /** At the end of the body: the last event, when the stream ended without its blank line. */
  end(): SseEvent[] {
    this.pending += this.decoder.decode();
    const frame = this.pending.replace(/\n+$/, "");
    this.pending = "";
    const event = frame === "" ? undefined : parseFrame(frame);
    return event ? [event] : [];
  }
}

function parseFrame(frame: string): SseEvent | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line === "" || line.startsWith(":")) continue; // comments keep connections alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0 && event === "message") return undefined;
  const raw = data.join("\n");
  return { event, data: parseJson(raw), raw };
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
