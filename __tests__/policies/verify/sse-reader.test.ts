import fc from "fast-check";
import { SseReader } from "../../../policies/verify/sse-reader";

const STREAM = 'event: start\ndata: {"modelId":"m"}\n\nevent: delta\ndata: {"text":"Grüße, 世界 🌍"}\n\n: keep-alive\n\nevent: done\ndata: {"stopReason":"end_turn"}\n\n';
const EVENTS = [
  { event: "start", data: { modelId: "m" }, raw: '{"modelId":"m"}' },
  { event: "delta", data: { text: "Grüße, 世界 🌍" }, raw: '{"text":"Grüße, 世界 🌍"}' },
  { event: "done", data: { stopReason: "end_turn" }, raw: '{"stopReason":"end_turn"}' },
];

function readAll(chunks: readonly Uint8Array[]) {
  const reader = new SseReader();
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.end()];
}

describe("SseReader", () => {
  it("reads whole events and skips comments", () => {
    expect(readAll([Buffer.from(STREAM)])).toEqual(EVENTS);
  });

  it("gives the same events however the bytes are split, even inside a character", () => {
    const bytes = Buffer.from(STREAM);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index], end));
        expect(readAll(chunks)).toEqual(EVENTS);
      }),
    );
  });

  it("reads CRLF line ends and a last event without its blank line", () => {
    expect(readAll([Buffer.from('event: done\r\ndata: {"a":1}\r\n\r\nevent: error\ndata: {"b":2}')])).toEqual([
      { event: "done", data: { a: 1 }, raw: '{"a":1}' },
      { event: "error", data: { b: 2 }, raw: '{"b":2}' },
    ]);
  });

  it("keeps an event whose data is not JSON, raw, instead of throwing", () => {
    expect(readAll([Buffer.from("event: delta\ndata: {not json\n\n")])).toEqual([{ event: "delta", data: undefined, raw: "{not json" }]);
  });
});
