/**
 * Bundle-only stand-in for `@aws-sdk/eventstream-handler-node` (see modules/function/bundling/chat-bundle.ts).
 *
 * That package signs *input* event streams (InvokeModelWithBidirectionalStream). Converse and
 * ConverseStream send a plain JSON body, so the payload handler is never called.
 */
export const eventStreamPayloadHandlerProvider = (_options?: unknown) => ({
  handle: (): never => {
    throw new Error("Input event streams are not supported by the chat function bundle");
  },
});
