/**
 * Lambda entry points (bundled as `index.js`):
 * - `handler`: buffered, API Gateway REST proxy event → proxy result (`index.handler`);
 * - `streamingHandler`: REST API response streaming, SSE body (`index.streamingHandler`).
 *
 * Thin adapter: configuration and the Bedrock client are created once per execution
 * environment, at module scope; the flow lives in `app.ts` (buffered.ts, streaming.ts), the rules
 * in `core/`.
 * Importing this module never throws: a bad environment becomes a 500 CONFIG_ERROR per request.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { createChatHandlers, type ChatDependencies, fallbackHttpResponseStreamFrom, type HttpResponseStreamFrom, type ResponseStream } from "./app";
import { createBedrockClient } from "./bedrock-client";
import { type ChatConfig, loadConfig } from "./core/config";
import { ChatConfigError } from "./core/errors";
import { stdoutLogger } from "./core/log";

/** The Lambda Node runtime's global (absent outside Lambda). */
interface AwsLambdaGlobal {
  streamifyResponse<T>(handler: T): T;
  HttpResponseStream: { from: HttpResponseStreamFrom };
}

function awslambda(): AwsLambdaGlobal | undefined {
  return (globalThis as { awslambda?: AwsLambdaGlobal }).awslambda;
}

function readConfig(): ChatConfig | ChatConfigError {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ChatConfigError) return error;
    throw error;
  }
}

const config = readConfig();
const dependencies: ChatDependencies = {
  config,
  client: createBedrockClient(config instanceof ChatConfigError ? {} : config),
  log: stdoutLogger,
  now: () => Date.now(),
  httpResponseStreamFrom: () => {
    const runtime = awslambda()?.HttpResponseStream;
    return runtime === undefined ? fallbackHttpResponseStreamFrom : (stream, prelude) => runtime.from(stream, prelude);
  },
};
const chat = createChatHandlers(dependencies);

export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  return chat.buffered(event, context);
}

async function streamChat(event: APIGatewayProxyEvent, responseStream: ResponseStream, context: Context): Promise<void> {
  return chat.streaming(event, responseStream, context);
}

/**
 * Wrapped by `awslambda.streamifyResponse` when the runtime provides it (at load time, as the
 * runtime requires); elsewhere the plain `(event, responseStream, context)` function.
 */
export const streamingHandler: typeof streamChat = awslambda()?.streamifyResponse?.(streamChat) ?? streamChat;
