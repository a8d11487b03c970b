/**
 * The one Bedrock Runtime client: SigV4, HTTP/1.1 with keep-alive, and no retries of its own.
 * HTTP/1.1 rather than the SDK's default HTTP/2: Converse and ConverseStream need nothing HTTP/2
 * gives (the function serves one request at a time, so there is nothing to multiplex), and not
 * loading node:http2 takes ~8 ms off every cold start (see modules/function/bundling/sdk-source-rewrites.ts).
 * In AWS the default regional endpoint resolves to the VPC endpoint's private addresses
 * (private DNS); BEDROCK_ENDPOINT overrides it for the local stand-in and tests.
 *
 * One attempt per `send`: the function retries itself (core/retry.ts), within its deadline. The
 * SDK's back-off sleeps without knowing that deadline and waits out an upstream Retry-After, so a
 * throttled request could spend its whole budget asleep and end in a bare 504.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ChatConfig } from "./core/config";

/** `overrides` is for local tools (dev server credentials/region); the Lambda passes none. */
export function createBedrockClient(config: Pick<ChatConfig, "bedrockEndpoint">, overrides: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
    ...(config.bedrockEndpoint === undefined ? {} : { endpoint: config.bedrockEndpoint }),
    ...overrides,
  });
}
