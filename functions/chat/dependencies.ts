/**
 * What a chat handler is given: the parts of the Lambda invocation it reads, and the
 * dependencies it is built with (`handler.ts` wires Lambda's; tests and the dev server their own).
 */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { ChatConfig } from "./core/config";
import type { ChatConfigError } from "./core/errors";
import type { Logger } from "./core/log";
import type { RawHttpRequest } from "./core/request";
import type { HttpResponseStreamFrom } from "./response-stream";

/** The parts of an API Gateway REST proxy event the function reads. */
export interface ChatEvent extends RawHttpRequest {
  readonly requestContext?: unknown;
}

/** The parts of the Lambda context the function reads. */
export interface ChatContext {
  readonly awsRequestId?: string;
  readonly getRemainingTimeInMillis?: () => number;
}

export interface ChatDependencies {
  /** The configuration, or the error that reading it raised (reported as 500 CONFIG_ERROR). */
  readonly config: ChatConfig | ChatConfigError;
  readonly client: Pick<BedrockRuntimeClient, "send">;
  readonly log: Logger;
  /** Milliseconds clock, for latency figures. */
  readonly now: () => number;
  /** Resolved per request so that the Lambda global is looked up lazily. */
  readonly httpResponseStreamFrom: () => HttpResponseStreamFrom;
  /** Jitter for the retry back-off, a number in [0, 1). @default Math.random */
  readonly random?: () => number;
}
