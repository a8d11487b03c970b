/**
 * The Lambda response stream a streamed answer is written to: its prelude, writes that wait for
 * a slow reader, and the caller at the other end, who may leave at any time.
 */
import type { Writable } from "node:stream";
import type { StreamPrelude } from "./core/http";

/** A Lambda response stream (a Writable; the runtime's also has `setContentType`). */
export type ResponseStream = Writable & { setContentType?: (contentType: string) => void };

/** `awslambda.HttpResponseStream.from`: writes the status/headers prelude, returns the body stream. */
export type HttpResponseStreamFrom = (stream: ResponseStream, prelude: StreamPrelude) => ResponseStream;

const HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";

/**
 * What the Lambda runtime's `HttpResponseStream.from` does: a JSON prelude and 8 NUL bytes before
 * the body, which API Gateway turns into the status line and headers. Used outside Lambda only.
 */
export const fallbackHttpResponseStreamFrom: HttpResponseStreamFrom = (stream, prelude) => {
  stream.setContentType?.(HTTP_INTEGRATION_CONTENT_TYPE);
  stream.write(JSON.stringify(prelude));
  stream.write(new Uint8Array(8));
  return stream;
};

/** Writes, waiting for the consumer when the stream is full; resolves false if the stream is gone. */
export function write(stream: Writable, chunk: string): Promise<boolean> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      if (stream.write(chunk)) return resolve(true);
    } catch {
      return resolve(false);
    }
    const done = (ok: boolean) => () => {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    stream.once("drain", onDrain);
    stream.once("close", onClose);
  });
}

/**
 * The caller's end of a streamed answer. A stream that closes before the answer is finished
 * means the caller left: `onLeave` runs (the function aborts Bedrock's call, to stop paying for
 * tokens nobody will read), and the failure that follows is logged as theirs, not as an error.
 */
export class CallerConnection {
  private hasLeft = false;
  private finished = false;
  private readonly onClose = (): void => {
    if (!this.finished) this.leave();
  };

  constructor(
    private readonly stream: ResponseStream,
    private readonly onLeave: () => void,
  ) {
    stream.once("close", this.onClose);
  }

  /** The caller is gone: the stream closed, or a write found it closed. */
  get left(): boolean {
    return this.hasLeft;
  }

  /**
   * The caller is gone. Called on "close", and by a writer that found the stream gone before its
   * "close" event has run.
   */
  leave(): void {
    this.hasLeft = true;
    this.onLeave();
  }

  /** The answer is over: a close from now on is no one leaving; the stream is ended, once. */
  finish(): void {
    this.finished = true;
    this.stream.off("close", this.onClose);
    if (!this.stream.writableEnded) this.stream.end();
  }
}
