/**
 * The chat function's environment: the variables it reads its configuration from (their names are
 * the function's own, contract/chat-environment.ts), and whether a system prompt leaves them
 * within Lambda's 4 KB, judged with the props rather than deep in synth.
 */
import { Token } from "cdktf";
import { CHAT_ENV, CHAT_SETTINGS } from "../../contract/chat-environment";
import { CHAT_LIMIT_NAMES, CHAT_LIMITS } from "../../contract/chat-limits";
import { LONGEST, LONGEST_GUARDRAIL_ARN, formatCount } from "../../policies/deployability/aws-limits";
import { type ChatApiOptions, type ResponseMode, defaultIntegrationTimeoutMs } from "../api/chat-api";
import type { GuardrailRef } from "../bedrock/bedrock-guardrail";
import { longestIfToken } from "../core/policy-size-guard";
import type { Problem } from "../core/validate";
import { MAX_ENVIRONMENT_BYTES, environmentBytes } from "../function/chat-function";
import type { ChatOptions } from "../function/chat-options";
import type { ModelAccess } from "../../policies/documents/model-arns";

/** What the environment is built from: ChatbotDataPlane's props, or the part of them that matters here. */
export interface FunctionEnvironmentProps {
  readonly models: readonly ModelAccess[];
  readonly systemPrompt?: string;
  readonly guardrail?: Pick<GuardrailRef, "guardrailArn" | "guardrailVersion">;
  readonly chat?: ChatOptions;
  readonly api?: Pick<ChatApiOptions, "cors">;
}

/** How the API calls the function: the function's deadline follows a buffered integration's timeout. */
export interface FunctionEnvironmentWiring {
  readonly responseMode: ResponseMode;
  readonly integrationTimeoutMs: number;
}

/** The function's configuration, in the variables it reads. */
export function functionEnvironment(props: FunctionEnvironmentProps, { responseMode, integrationTimeoutMs }: FunctionEnvironmentWiring): Record<string, string> {
  return {
    [CHAT_ENV.modelId]: props.models[0].modelId,
    ...(props.systemPrompt ? { [CHAT_ENV.systemPrompt]: props.systemPrompt } : {}),
    ...(props.guardrail ? { [CHAT_ENV.guardrailIdentifier]: props.guardrail.guardrailArn, [CHAT_ENV.guardrailVersion]: props.guardrail.guardrailVersion } : {}),
    ...chatEnvironment(props.chat),
    // Buffered: answer with the function's own 504 a second before API Gateway gives up with its own.
    ...(responseMode === "BUFFERED" ? { [CHAT_ENV.requestTimeoutMs]: String(requestTimeoutFor(integrationTimeoutMs)) } : {}),
    ...corsEnvironment(props.api?.cors),
  };
}

/**
 * A system prompt that would push the environment over Lambda's 4 KB (names and values, all
 * variables together), with the prompt's size, the other variables' share and the room left.
 * The share is estimated at its longest: a guardrail that is still a token (the control plane's
 * output) counts as the longest guardrail ARN and version. The props may be untyped and wrong
 * elsewhere (their own checks say so); only what can be measured is measured.
 */
export function systemPromptSizeProblems(props: FunctionEnvironmentProps & { readonly api?: Pick<ChatApiOptions, "responseMode" | "integrationTimeoutMs"> }, field: string): Problem[] {
  const prompt: unknown = props.systemPrompt;
  if (typeof prompt !== "string" || Token.isUnresolved(prompt) || prompt.trim() === "") return [];
  const responseMode = props.api?.responseMode === "STREAM" ? "STREAM" : "BUFFERED";
  const timeout = props.api?.integrationTimeoutMs;
  const wiring = { responseMode, integrationTimeoutMs: typeof timeout === "number" ? timeout : defaultIntegrationTimeoutMs(responseMode) } as const;
  const others = environmentBytes(functionEnvironment({ ...measurableProps(props), systemPrompt: undefined }, wiring));
  const promptBytes = Buffer.byteLength(prompt);
  const total = others + Buffer.byteLength(CHAT_ENV.systemPrompt) + promptBytes;
  if (total <= MAX_ENVIRONMENT_BYTES) return [];
  const room = Math.max(0, MAX_ENVIRONMENT_BYTES - others - Buffer.byteLength(CHAT_ENV.systemPrompt));
  const fix =
    `is ${formatCount(promptBytes)} bytes; with the function's other variables (model id, guardrail, limits, CORS origins: up to ${formatCount(others)} bytes) ` +
    `its environment would reach ${formatCount(total)} bytes, over Lambda's ${formatCount(MAX_ENVIRONMENT_BYTES)}-byte limit on all names and values: ` +
    `shorten the prompt to at most ${formatCount(room)} bytes (UTF-8)`;
  return [{ field, value: promptBytes, fix }];
}

/** The props with what cannot be measured left out and tokens at their longest. */
function measurableProps(props: FunctionEnvironmentProps): FunctionEnvironmentProps {
  const models: unknown = props.models;
  const first: unknown = Array.isArray(models) ? models[0] : undefined;
  const modelId = isObject(first) && typeof first.modelId === "string" ? first.modelId : "";
  const guardrail: unknown = props.guardrail;
  const cors: unknown = props.api?.cors;
  const origins: unknown = isObject(cors) ? cors.allowedOrigins : undefined;
  return {
    models: [{ modelId }],
    guardrail:
      isObject(guardrail) && typeof guardrail.guardrailArn === "string" && typeof guardrail.guardrailVersion === "string"
        ? { guardrailArn: longestIfToken(guardrail.guardrailArn, LONGEST_GUARDRAIL_ARN), guardrailVersion: longestIfToken(guardrail.guardrailVersion, LONGEST.guardrailVersion) }
        : undefined,
    chat: isObject(props.chat) ? props.chat : undefined,
    api: Array.isArray(origins) && origins.every((origin) => typeof origin === "string") ? { cors: props.api?.cors } : undefined,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The function adds CORS headers to its own answers for the same origins as the API (functions/chat/core/config.ts). */
function corsEnvironment(cors: ChatApiOptions["cors"]): Record<string, string> {
  if (!cors) return {};
  return { [CHAT_ENV.corsAllowedOrigins]: cors.allowedOrigins.join(","), ...(cors.allowCredentials ? { [CHAT_ENV.corsAllowCredentials]: "true" } : {}) };
}

/** The function's own deadline: a second inside API Gateway's, and never below what the function accepts. */
function requestTimeoutFor(integrationTimeoutMs: number): number {
  const { min, max } = CHAT_SETTINGS.requestTimeoutMs;
  return Math.min(max, Math.max(min, integrationTimeoutMs - 1000));
}

/**
 * The chat function reads its limits from these variables; their names are the function's own
 * (contract/chat-limits.ts), and their values were held to its ranges up front (chatOptionsProblems).
 */
function chatEnvironment(chat: ChatOptions = {}): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const name of CHAT_LIMIT_NAMES) {
    const value = chat[name];
    if (value === undefined) continue;
    variables[CHAT_LIMITS[name].env] = String(value);
  }
  if (chat.logContent !== undefined) variables[CHAT_ENV.logContent] = String(chat.logContent);
  return variables;
}
