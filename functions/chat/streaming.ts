/**
 * The streamed chat (proxy event → SSE on a Lambda response stream), in two phases:
 * 1. until Bedrock accepts the request, a failure is an ordinary HTTP error (4xx/5xx + JSON);
 * 2. then the status is 200 and committed: `start`, the text as `delta` events, and `done` once
 *    Bedrock said the answer ended, or an `error` event; the stream always ends cleanly.
 * A caller that leaves at any point aborts Bedrock's call and is logged as such (CallerConnection).
 */
import { type ConverseStreamOutput, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { buildConverseStreamInput, StreamAccumulator } from "./core/converse";
import type { Deadline } from "./core/deadline";
import { errorBody, toErrorResponse, UpstreamStreamError } from "./core/errors";
import { errorPrelude, ssePrelude } from "./core/http";
import { withinDeadline } from "./core/retry";
import { sseEvent } from "./core/sse";
import type { ChatContext, ChatDependencies, ChatEvent } from "./dependencies";
import { type PreparedRequest, RequestRun } from "./request-run";
import { CallerConnection, type ResponseStream, write } from "./response-stream";

/** A request Bedrock accepted: its event stream. */
interface OpenedAnswer extends PreparedRequest {
  readonly events: AsyncIterable<ConverseStreamOutput>;
}

/**
 * Bedrock's event stream, read one event at a time. Whatever reading it throws is the
 * upstream's doing (see UpstreamStreamError).
 */
class UpstreamEvents {
  private readonly iterator: AsyncIterator<ConverseStreamOutput>;

  constructor(events: AsyncIterable<ConverseStreamOutput>) {
    this.iterator = events[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<ConverseStreamOutput>> {
    return this.iterator.next().catch((error: unknown) => Promise.reject(new UpstreamStreamError(error)));
  }

  /** Stops reading. Not awaited: an iterator stuck on a dead connection must not hold the answer open. */
  abandon(): void {
    void Promise.resolve()
      .then(() => this.iterator.return?.())
      .catch(() => undefined);
  }
}

export function createStreamingHandler(deps: ChatDependencies): (event: ChatEvent, responseStream: ResponseStream, context: ChatContext) => Promise<void> {
  return async function streaming(event, responseStream, context) {
    const run = new RequestRun(deps, "streaming", event, context);
    const caller = new CallerConnection(responseStream, () => run.deadline?.abort());
    let opened: OpenedAnswer;
    try {
      opened = await openAnswer(run, caller);
    } catch (error) {
      await answerBeforeStreaming(run, caller, responseStream, error);
      return;
    }
    await streamAnswer(run, caller, responseStream, opened);
  };

  /** Phase 1: reads the request and calls ConverseStream (with retries) until Bedrock accepts it. */
  async function openAnswer(run: RequestRun, caller: CallerConnection): Promise<OpenedAnswer> {
    const prepared = run.prepare();
    // The client may have gone while the request was parsed: nobody is left to answer.
    if (caller.left) prepared.deadline.abort();
    const input = buildConverseStreamInput(prepared.request, prepared.config);
    const response = await run.callBedrock(prepared, (abortSignal) => deps.client.send(new ConverseStreamCommand(input), { abortSignal }));
    if (response.stream === undefined) throw new UpstreamStreamError(new Error("ConverseStream answered without an event stream"));
    return { ...prepared, events: response.stream };
  }

  /** Phase 1 failed: nothing was sent, so the caller gets a plain HTTP error, unless they left. */
  async function answerBeforeStreaming(run: RequestRun, caller: CallerConnection, responseStream: ResponseStream, error: unknown): Promise<void> {
    try {
      if (caller.left) {
        run.logCallerLeft(error);
      } else {
        const mapped = toErrorResponse(error);
        run.logFailure(error, mapped);
        const body = deps.httpResponseStreamFrom()(responseStream, errorPrelude(mapped, run.corsHeaders()));
        await write(body, JSON.stringify(errorBody(mapped)));
      }
    } finally {
      run.end();
      caller.finish();
    }
  }

  /** Phase 2: `start`, the deltas, then `done`, or an `error` event for whatever ends it first. */
  async function streamAnswer(run: RequestRun, caller: CallerConnection, responseStream: ResponseStream, opened: OpenedAnswer): Promise<void> {
    const body = deps.httpResponseStreamFrom()(responseStream, ssePrelude(run.corsHeaders()));
    await write(body, sseEvent("start", { modelId: opened.config.modelId }));
    const firstByteMs = run.elapsedMs();
    const accumulator = new StreamAccumulator(opened.config);
    const upstream = new UpstreamEvents(opened.events);
    try {
      await relayText(upstream, accumulator, opened.deadline, body, caller);
      // Throws UpstreamIncompleteError unless Bedrock said the answer ended.
      const summary = accumulator.summary();
      await write(body, sseEvent("done", summary));
      run.logAnswer(summary, accumulator.text(), firstByteMs);
    } catch (error) {
      upstream.abandon();
      const streamed = { firstByteMs, text: accumulator.text() };
      if (caller.left) {
        run.logCallerLeft(error, streamed);
      } else {
        const mapped = toErrorResponse(error);
        run.logFailure(error, mapped, streamed);
        await write(body, sseEvent("error", errorBody(mapped)));
      }
    } finally {
      run.end();
      caller.finish();
    }
  }
}

/**
 * Forwards the answer's text as `delta` events until Bedrock's stream ends. Throws on an
 * exception event, the deadline, or a caller found gone (who is then marked as having left).
 */
async function relayText(upstream: UpstreamEvents, accumulator: StreamAccumulator, deadline: Deadline, body: ResponseStream, caller: CallerConnection): Promise<void> {
  for (;;) {
    const event = await nextEvent(upstream, accumulator, deadline);
    if (event === undefined) return;
    const step = accumulator.accept(event);
    if (step.kind === "error") throw new UpstreamStreamError(Object.assign(new Error("exception event in the stream"), { name: step.errorName }));
    if (step.kind === "text" && !(await write(body, sseEvent("delta", { text: step.text })))) {
      // The stream can be gone before its "close" event has run: the caller left all the same.
      caller.leave();
      throw Object.assign(new Error("response stream closed"), { name: "ClientDisconnected" });
    }
  }
}

/** Bedrock's next event within the deadline, or undefined once its stream is over. */
async function nextEvent(upstream: UpstreamEvents, accumulator: StreamAccumulator, deadline: Deadline): Promise<ConverseStreamOutput | undefined> {
  let next: IteratorResult<ConverseStreamOutput>;
  try {
    next = await withinDeadline(deadline, upstream.next());
  } catch (error) {
    // Bedrock had said the answer ended (messageStop, metadata): a connection lost after that loses nothing.
    if (error instanceof UpstreamStreamError && accumulator.isComplete()) return undefined;
    throw error;
  }
  return next.done === true ? undefined : next.value;
}
