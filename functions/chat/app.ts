/**
 * The chat flow as two functions over injected dependencies: `buffered` (proxy event → proxy
 * result, buffered.ts) and `streaming` (proxy event → SSE on a Lambda response stream,
 * streaming.ts). `handler.ts` wires them to module-scope dependencies; tests and the dev server
 * can wire their own.
 */
import { createBufferedHandler } from "./buffered";
import type { HttpResult } from "./core/http";
import type { ChatContext, ChatDependencies, ChatEvent } from "./dependencies";
import type { ResponseStream } from "./response-stream";
import { createStreamingHandler } from "./streaming";

export type { ChatContext, ChatDependencies, ChatEvent } from "./dependencies";
export { fallbackHttpResponseStreamFrom, type HttpResponseStreamFrom, type ResponseStream } from "./response-stream";

export function createChatHandlers(deps: ChatDependencies): {
  buffered: (event: ChatEvent, context: ChatContext) => Promise<HttpResult>;
  streaming: (event: ChatEvent, responseStream: ResponseStream, context: ChatContext) => Promise<void>;
} {
  return { buffered: createBufferedHandler(deps), streaming: createStreamingHandler(deps) };
}
