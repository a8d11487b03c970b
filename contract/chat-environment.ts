/**
 * The chat function's environment: the name of every variable it reads, and the settings that
 * are not request limits (those are in chat-limits.ts) with their defaults and ranges. The
 * function reads exactly these names (functions/chat/core/config.ts); the data plane writes them
 * (modules/stacks/chatbot-data-plane.ts). Anything else in the environment is ignored.
 *
 * Pure TypeScript that imports only its neighbours in contract/ (bundled into the function,
 * built with the constructs).
 */
import { CHAT_LIMITS } from "./chat-limits";

/** Every variable the function reads, by the field of its configuration it sets. */
export const CHAT_ENV = {
  /** Foundation model id or inference profile id, never an ARN (required; its form: contract/model-id.ts). */
  modelId: "MODEL_ID",
  systemPrompt: "SYSTEM_PROMPT",
  /** Set together with `guardrailVersion`, or neither. */
  guardrailIdentifier: "GUARDRAIL_IDENTIFIER",
  guardrailVersion: "GUARDRAIL_VERSION",
  /** `true` or `false`: log prompt and answer text. */
  logContent: "LOG_CONTENT",
  maxMessageChars: CHAT_LIMITS.maxMessageChars.env,
  maxHistoryTurns: CHAT_LIMITS.maxHistoryTurns.env,
  maxRequestBytes: CHAT_LIMITS.maxRequestBytes.env,
  maxOutputTokens: CHAT_LIMITS.maxOutputTokens.env,
  /** An http(s) URL: a local stand-in or tests; in AWS the VPC endpoint's private DNS is used. */
  bedrockEndpoint: "BEDROCK_ENDPOINT",
  maxAttempts: "BEDROCK_MAX_ATTEMPTS",
  requestTimeoutMs: "REQUEST_TIMEOUT_MS",
  /** Comma-separated origins, or `*`. */
  corsAllowedOrigins: "CORS_ALLOWED_ORIGINS",
  /** `true` or `false`; never `true` with a `*` origin. */
  corsAllowCredentials: "CORS_ALLOW_CREDENTIALS",
} as const;

export type ChatEnvField = keyof typeof CHAT_ENV;
export type ChatEnvName = (typeof CHAT_ENV)[ChatEnvField];

export interface ChatSettingSpec {
  readonly env: ChatEnvName;
  /** Used when the variable is absent; none: the setting is off unless set. */
  readonly default?: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** The function's numeric settings other than the request limits. */
export const CHAT_SETTINGS = {
  /** Attempts per Bedrock call, the first included (the function's own retry policy). */
  maxAttempts: { env: CHAT_ENV.maxAttempts, default: 3, min: 1, max: 10, unit: "attempts" },
  /** A cap on a request's total time, below the Lambda's own remaining time; absent: none. */
  requestTimeoutMs: { env: CHAT_ENV.requestTimeoutMs, min: 1000, max: 900_000, unit: "milliseconds" },
} as const satisfies Readonly<Record<string, ChatSettingSpec>>;
