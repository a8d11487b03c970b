/**
 * Bundle-only stand-in for `@aws-sdk/token-providers` (see modules/function/bundling/chat-bundle.ts).
 *
 * The function authenticates with its IAM role (SigV4) only. Bedrock API keys (bearer tokens,
 * `AWS_BEARER_TOKEN_BEDROCK`) are deliberately never picked up: they would bypass the role's
 * least-privilege policy.
 */
function noToken(): never {
  throw Object.assign(new Error("Bearer-token auth is disabled in the chat function"), { name: "TokenProviderError", tryNextLink: false });
}

export const fromEnvSigningName = (_init?: unknown) => async (): Promise<never> => noToken();
export const nodeProvider = (_init?: unknown) => async (): Promise<never> => noToken();
