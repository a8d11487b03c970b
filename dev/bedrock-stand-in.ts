/**
 * A small bedrock-runtime stand-in on loopback, speaking the real wire protocol, for tests,
 * the bench and `npm run dev`:
 * - `POST /model/{modelId}/converse`: JSON (restJson1);
 * - `POST /model/{modelId}/converse-stream`: `application/vnd.amazon.eventstream` frames
 *   (hand-encoded here: prelude, headers, CRC32s; independent of the SDK's own codec);
 * - errors: HTTP status, `x-amzn-ErrorType` header and `{ "message" }` body, like the service;
 * - HTTP/1.1 (the chat function's client, curl) and HTTP/2 cleartext (what the SDK's default
 *   NodeHttp2Handler speaks to an `http://` endpoint) on the same port.
 *
 * Scriptable: a default behaviour plus a queue of one-shot behaviours (answer, error, mid-stream
 * error, slow model, guardrail intervention, and the faults of the connection and of answers that
 * are not Bedrock's: see Fault). Every request is recorded. Bounded: timers are
 * cleared and sockets destroyed on `close()`, and the server closes itself after `maxLifetimeMs`.
 */
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { Duplex } from "node:stream";

export type Behaviour =
  | {
      readonly type: "answer";
      /** The answer text (streamed in `chunkChars` pieces). */
      readonly text?: string;
      readonly stopReason?: string;
      /** Delay before answering at all (buffered) / before the first event (streaming). */
      readonly delayMs?: number;
      /** Delay between streamed chunks. */
      readonly chunkDelayMs?: number;
      readonly chunkChars?: number;
      /** Token counts to report instead of the estimated ones (e.g. cache reads). */
      readonly usage?: Readonly<Record<string, number>>;
    }
  | {
      /** An AWS error response: status, `x-amzn-ErrorType`, JSON body. */
      readonly type: "error";
      readonly errorType: string;
      readonly status: number;
      readonly message?: string;
      readonly delayMs?: number;
      /** A `Retry-After` header, as given. */
      readonly retryAfter?: string;
    }
  | {
      /** Something goes wrong below Bedrock's error model (see Fault). */
      readonly type: "fault";
      readonly fault: Fault;
      /** Stream faults: the text streamed before the fault. */
      readonly text?: string;
      /** `html`: the status of the page. @default 502 */
      readonly status?: number;
    }
  | {
      /** Streams `text`, then an exception frame (`:message-type: exception`) and ends. */
      readonly type: "midStreamError";
      readonly text?: string;
      /** Union member name, as on the wire: modelStreamErrorException, throttlingException, … */
      readonly exceptionMember?: string;
      readonly message?: string;
    }
  | {
      /** A guardrail intervention: success, the guardrail's message, `stopReason: guardrail_intervened`. */
      readonly type: "guardrail";
      readonly text?: string;
    };

/**
 * Faults the service's error model does not describe, as black-box tests of the deployed bundle
 * found them. Either operation:
 * - `reset`: the socket is destroyed before any answer (every attempt, when it is the default);
 * - `html`: an HTML error page with `status`, no `x-amzn-ErrorType` (a proxy, a load balancer);
 * - `notJson`: a 200 whose body is not JSON;
 * - `emptyBody`: a 200 with an empty body (ConverseStream: an event stream with no events);
 * - `cutBody`: a 200 whose body stops half-way (its content-length promised more), then the socket closes.
 * Streams (`converse-stream`; `converse` answers these with `cutBody`), after `messageStart` and
 * the deltas of `text`:
 * - `endAfterText`: a clean end of the response, without `messageStop` or `metadata`;
 * - `noMetadata`: `messageStop`, then a clean end without `metadata`;
 * - `badMessageCrc` / `badPreludeCrc`: a frame whose message / prelude checksum is wrong;
 * - `garbage`: bytes that are no event-stream frame;
 * - `destroyMidStream`: the socket is destroyed;
 * - `errorFrame`: a `:message-type: error` frame (`:error-code`, `:error-message`).
 */
export type Fault =
  | "reset"
  | "html"
  | "notJson"
  | "emptyBody"
  | "cutBody"
  | "endAfterText"
  | "noMetadata"
  | "badMessageCrc"
  | "badPreludeCrc"
  | "garbage"
  | "destroyMidStream"
  | "errorFrame";

export interface RecordedRequest {
  readonly operation: "converse" | "converse-stream" | "other";
  readonly modelId: string;
  readonly httpVersion: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (undefined when it was not JSON). */
  readonly body: unknown;
}

export interface BedrockStandIn {
  /** `http://127.0.0.1:<port>`: pass as BEDROCK_ENDPOINT / the SDK's `endpoint`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queue one-shot behaviours, used in order by the next requests. */
  enqueue(...behaviours: Behaviour[]): void;
  /** Replace the behaviour used when the queue is empty. */
  setDefault(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export interface BedrockStandInOptions {
  readonly defaultBehaviour?: Behaviour;
  /** The server closes itself after this long, whatever happens. @default 600000 (10 min) */
  readonly maxLifetimeMs?: number;
  /** Reject unsigned requests like the service does. @default true */
  readonly requireSigV4?: boolean;
}

export const DEFAULT_ANSWER = "Hello from the Bedrock stand-in.";
const ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

// ---- event-stream encoding (application/vnd.amazon.eventstream) ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One event-stream message: prelude (lengths + CRC), string headers, payload, message CRC. */
export function encodeEventStreamMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const headerParts = Object.entries(headers).map(([name, value]) => {
    const nameBytes = Buffer.from(name, "utf8");
    const valueBytes = Buffer.from(value, "utf8");
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    part.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(part, 1);
    part.writeUInt8(7, 1 + nameBytes.length); // header value type 7: string
    part.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(part, 4 + nameBytes.length);
    return part;
  });
  const headerBytes = Buffer.concat(headerParts);
  const total = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  Buffer.from(payload).copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

function eventFrame(eventType: string, data: unknown): Buffer {
  return encodeEventStreamMessage({ ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" }, Buffer.from(JSON.stringify(data)));
}

function exceptionFrame(member: string, message: string): Buffer {
  return encodeEventStreamMessage({ ":exception-type": member, ":content-type": "application/json", ":message-type": "exception" }, Buffer.from(JSON.stringify({ message })));
}

// ---- the server ----

type Req = http.IncomingMessage | http2.Http2ServerRequest;
// The HTTP/2 compatibility API mirrors http.ServerResponse for everything used here.
type Res = http.ServerResponse;

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function inputTokens(body: unknown): number {
  return tokens(JSON.stringify((body as { messages?: unknown; system?: unknown } | undefined) ?? {}));
}

function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(""));
  return chunks;
}

export async function startBedrockStandIn(options: BedrockStandInOptions = {}): Promise<BedrockStandIn> {
  let fallback: Behaviour = options.defaultBehaviour ?? { type: "answer" };
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number, res: Res): Promise<boolean> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve(!closed);
      // One close listener per sleep, removed when the sleep ends: a long streamed answer must not pile them up.
      const onClose = (): void => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off("close", onClose);
        resolve(!closed && !res.destroyed);
      }, ms);
      timers.add(timer);
      res.once("close", onClose);
    });

  const sendError = (res: Res, status: number, errorType: string, message: string, retryAfter?: string): void => {
    res.writeHead(status, {
      "content-type": "application/json",
      "x-amzn-errortype": `${errorType}${ERROR_TYPE_SUFFIX}`,
      "x-amzn-requestid": "stand-in",
      ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }),
    });
    res.end(JSON.stringify({ message }));
  };

  /** The socket under a response, HTTP/1.1 or HTTP/2 (destroying the stream is what resets an HTTP/2 one). */
  const destroy = (res: Res): void => {
    const h2 = (res as unknown as { stream?: { destroy(): void } }).stream;
    if (h2 !== undefined) h2.destroy();
    else res.socket?.destroy();
  };

  /** Faults that look the same on both operations; true when it handled the response. */
  const commonFault = (res: Res, behaviour: Extract<Behaviour, { type: "fault" }>, streaming: boolean): boolean => {
    switch (behaviour.fault) {
      case "reset":
        destroy(res);
        return true;
      case "html": {
        const status = behaviour.status ?? 502;
        res.writeHead(status, { "content-type": "text/html" });
        res.end(`<html><head><title>${status}</title></head><body><h1>${status} ${http.STATUS_CODES[status] ?? "Error"}</h1></body></html>`);
        return true;
      }
      case "notJson":
        res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "stand-in" });
        res.end("<html><body>Service temporarily unavailable</body></html>");
        return true;
      case "emptyBody":
        res.writeHead(200, { "content-type": streaming ? "application/vnd.amazon.eventstream" : "application/json", "x-amzn-requestid": "stand-in" });
        res.end();
        return true;
      case "cutBody": {
        const body = Buffer.from(JSON.stringify({ output: { message: { role: "assistant", content: [{ text: behaviour.text ?? DEFAULT_ANSWER }] } }, stopReason: "end_turn" }));
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length), "x-amzn-requestid": "stand-in" });
        res.write(body.subarray(0, body.length >> 1));
        const timer = setTimeout(() => {
          timers.delete(timer);
          destroy(res);
        }, 20);
        timers.add(timer);
        return true;
      }
      default:
        return false;
    }
  };

  const converse = async (res: Res, behaviour: Behaviour, body: unknown): Promise<void> => {
    if (behaviour.type === "error") {
      if (!(await sleep(behaviour.delayMs ?? 0, res))) return;
      return sendError(res, behaviour.status, behaviour.errorType, behaviour.message ?? `${behaviour.errorType} from the stand-in`, behaviour.retryAfter);
    }
    if (behaviour.type === "fault") {
      // A stream fault has no stream to happen in here: the buffered analogue is a body cut short.
      if (!commonFault(res, behaviour, false)) commonFault(res, { ...behaviour, fault: "cutBody" }, false);
      return;
    }
    if (behaviour.type === "answer" && !(await sleep(behaviour.delayMs ?? 0, res))) return;
    const text = behaviour.type === "guardrail" ? (behaviour.text ?? "Sorry, I can't help with that.") : (behaviour.text ?? DEFAULT_ANSWER);
    if (behaviour.type === "midStreamError") {
      // A buffered call has no stream to fail in: the model error arrives as an ordinary error.
      return sendError(res, 424, "ModelErrorException", behaviour.message ?? "model error");
    }
    const stopReason = behaviour.type === "guardrail" ? "guardrail_intervened" : (behaviour.stopReason ?? "end_turn");
    const usage = { inputTokens: inputTokens(body), outputTokens: tokens(text), totalTokens: inputTokens(body) + tokens(text), ...(behaviour.type === "answer" ? behaviour.usage : {}) };
    res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "stand-in" });
    res.end(JSON.stringify({ output: { message: { role: "assistant", content: [{ text }] } }, stopReason, usage, metrics: { latencyMs: 1 } }));
  };

  const converseStream = async (res: Res, behaviour: Behaviour, body: unknown): Promise<void> => {
    if (behaviour.type === "error") {
      if (!(await sleep(behaviour.delayMs ?? 0, res))) return;
      return sendError(res, behaviour.status, behaviour.errorType, behaviour.message ?? `${behaviour.errorType} from the stand-in`, behaviour.retryAfter);
    }
    if (behaviour.type === "fault") return streamFault(res, behaviour);
    const delayMs = behaviour.type === "answer" ? (behaviour.delayMs ?? 0) : 0;
    const chunkDelayMs = behaviour.type === "answer" ? (behaviour.chunkDelayMs ?? 0) : 0;
    const chunkChars = behaviour.type === "answer" ? (behaviour.chunkChars ?? 8) : 8;
    const text = behaviour.type === "guardrail" ? (behaviour.text ?? "Sorry, I can't help with that.") : (behaviour.text ?? DEFAULT_ANSWER);
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "stand-in" });
    // Like the service: headers first, then the events as the model produces them.
    res.flushHeaders();
    if (!(await sleep(delayMs, res))) return;
    res.write(eventFrame("messageStart", { role: "assistant", p: "abcdefgh" }));
    for (const [index, chunk] of chunksOf(text, chunkChars).entries()) {
      if (index > 0 && !(await sleep(chunkDelayMs, res))) return;
      res.write(eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: chunk }, p: "abcd" }));
    }
    if (behaviour.type === "midStreamError") {
      res.end(exceptionFrame(behaviour.exceptionMember ?? "modelStreamErrorException", behaviour.message ?? "The model stream failed"));
      return;
    }
    res.write(eventFrame("contentBlockStop", { contentBlockIndex: 0 }));
    res.write(eventFrame("messageStop", { stopReason: behaviour.type === "guardrail" ? "guardrail_intervened" : ((behaviour.type === "answer" && behaviour.stopReason) || "end_turn") }));
    const usage = { inputTokens: inputTokens(body), outputTokens: tokens(text), totalTokens: inputTokens(body) + tokens(text), ...(behaviour.type === "answer" ? behaviour.usage : {}) };
    res.end(eventFrame("metadata", { usage, metrics: { latencyMs: 1 } }));
  };

  const streamFault = (res: Res, behaviour: Extract<Behaviour, { type: "fault" }>): void => {
    if (commonFault(res, behaviour, true)) return;
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "stand-in" });
    res.write(eventFrame("messageStart", { role: "assistant" }));
    for (const chunk of chunksOf(behaviour.text ?? DEFAULT_ANSWER, 8)) res.write(eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: chunk } }));
    const broken = (corrupt: (frame: Buffer) => void): Buffer => {
      const frame = eventFrame("contentBlockStop", { contentBlockIndex: 0 });
      corrupt(frame);
      return frame;
    };
    switch (behaviour.fault) {
      case "endAfterText":
        res.end();
        return;
      case "noMetadata":
        res.write(eventFrame("contentBlockStop", { contentBlockIndex: 0 }));
        res.end(eventFrame("messageStop", { stopReason: "end_turn" }));
        return;
      case "badMessageCrc":
        res.end(broken((frame) => frame.writeUInt32BE((frame.readUInt32BE(frame.length - 4) + 1) >>> 0, frame.length - 4)));
        return;
      case "badPreludeCrc":
        res.end(broken((frame) => frame.writeUInt32BE((frame.readUInt32BE(8) + 1) >>> 0, 8)));
        return;
      case "garbage":
        res.end(Buffer.from("this is not an event-stream frame, just bytes on the wire"));
        return;
      case "errorFrame":
        res.end(encodeEventStreamMessage({ ":message-type": "error", ":error-code": "InternalFailure", ":error-message": "The stand-in failed mid-stream" }, new Uint8Array(0)));
        return;
      case "destroyMidStream": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          destroy(res);
        }, 20);
        timers.add(timer);
        return;
      }
      default:
        res.end();
    }
  };

  const handle = (req: Req, res: Res): void => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(req.url ?? "");
      const operation = match ? (match[2] as "converse" | "converse-stream") : "other";
      const modelId = match ? decodeURIComponent(match[1]!) : "";
      requests.push({ operation, modelId, httpVersion: req.httpVersion, headers: { ...req.headers }, body });
      if (req.method !== "POST" || operation === "other") return sendError(res, 404, "UnknownOperationException", "Unknown operation");
      const auth = req.headers.authorization;
      if (options.requireSigV4 !== false && (typeof auth !== "string" || !auth.startsWith("AWS4-HMAC-SHA256 Credential="))) {
        return sendError(res, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
      }
      if (body === undefined) return sendError(res, 400, "SerializationException", "Body is not JSON");
      const behaviour = queue.shift() ?? fallback;
      const run = operation === "converse" ? converse(res, behaviour, body) : converseStream(res, behaviour, body);
      run.catch(() => res.destroy());
    });
  };

  const h1 = http.createServer(handle);
  const h2 = http2.createServer((req, res) => handle(req, res as unknown as Res));
  h2.on("sessionError", () => undefined);
  // Nagle off, as Node's own HTTP servers (and AWS's endpoints) have it: sockets handed over with
  // emit("connection") skip http.Server's setting, and small event-stream frames would wait ~40 ms
  // for the client's delayed ACK.
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.once("error", () => undefined);
    // Sniff the HTTP/2 connection preface ("PRI * HTTP/2.0"); anything else is HTTP/1.x.
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first.subarray(0, 3).toString("latin1") === "PRI") {
        // The HTTP/2 session reads from the socket's native handle and would miss the bytes
        // read here; a stream wrapper makes it read through the stream API, unshifted bytes included.
        h2.emit("connection", Duplex.from({ readable: socket, writable: socket }));
      } else {
        h1.emit("connection", socket);
      }
      socket.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const close = (): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    clearTimeout(lifetime);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  const lifetime = setTimeout(() => void close(), options.maxLifetimeMs ?? 600_000);
  lifetime.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    setDefault: (behaviour) => {
      fallback = behaviour;
    },
    close,
  };
}
