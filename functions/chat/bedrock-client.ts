/**
 * The one Bedrock Runtime client: SigV4, HTTP/2, standard retry mode with bounded attempts.
 * In AWS the default regional endpoint resolves to the VPC endpoint's private addresses
 * (private DNS); BEDROCK_ENDPOINT overrides it for the local stand-in and tests.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import type { ChatConfig } from "./core/config";

/** `overrides` is for local tools (dev server credentials/region); the Lambda passes none. */
export function createBedrockClient(config: Pick<ChatConfig, "bedrockEndpoint" | "maxAttempts">, overrides: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    maxAttempts: config.maxAttempts,
    retryMode: "standard",
    ...(config.bedrockEndpoint === undefined ? {} : { endpoint: config.bedrockEndpoint }),
    ...overrides,
  });
}
