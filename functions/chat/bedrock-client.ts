/**
 * The one Bedrock Runtime client: SigV4, HTTP/1.1 with keep-alive, standard retry mode with bounded attempts.
 * HTTP/1.1 rather than the SDK's default HTTP/2: Converse and ConverseStream need nothing HTTP/2
 * gives (the function serves one request at a time, so there is nothing to multiplex), and not
 * loading node:http2 takes ~8 ms off every cold start (see modules/bundling/sdk-source-rewrites.ts).
 * In AWS the default regional endpoint resolves to the VPC endpoint's private addresses
 * (private DNS); BEDROCK_ENDPOINT overrides it for the local stand-in and tests.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ChatConfig } from "./core/config";

/** `overrides` is for local tools (dev server credentials/region); the Lambda passes none. */
export function createBedrockClient(config: Pick<ChatConfig, "bedrockEndpoint" | "maxAttempts">, overrides: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    maxAttempts: config.maxAttempts,
    retryMode: "standard",
    requestHandler: new NodeHttpHandler(),
    ...(config.bedrockEndpoint === undefined ? {} : { endpoint: config.bedrockEndpoint }),
    ...overrides,
  });
}
