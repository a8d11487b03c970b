/**
 * The function's configuration, read from the environment the construct sets. Pure: takes an
 * env record, returns a frozen config or throws a ChatConfigError naming the variable.
 * The variables' names, and the limits' and settings' defaults and ranges, come from the contract
 * (contract/chat-environment.ts, contract/chat-limits.ts), which synth checks the configuration
 * against too.
 */
import { CHAT_ENV, CHAT_SETTINGS } from "../../../contract/chat-environment";
import { modelIdFault } from "../../../contract/model-id";
import { CHAT_LIMIT_NAMES, CHAT_LIMITS, type ChatLimits, chatLimitProblem, DEFAULT_CHAT_LIMITS } from "../../../contract/chat-limits";
import { ChatConfigError } from "./errors";

export type { ChatLimits } from "../../../contract/chat-limits";

export interface GuardrailRef {
  /** Guardrail ARN (or id). */
  readonly identifier: string;
  /** A published version number, or `DRAFT`. */
  readonly version: string;
}

/** Browser origins allowed to read answers (CORS); API Gateway answers the preflight itself. */
export interface CorsConfig {
  /** Exact origins (`https://chat.example.com`), or `["*"]`. */
  readonly allowedOrigins: readonly string[];
  readonly allowCredentials: boolean;
}

export interface ChatConfig {
  /** Foundation model id or inference profile id (`us.anthropic.…`), as sent to Converse; never an ARN (contract/model-id.ts), so it can be shown to clients as it is. */
  readonly modelId: string;
  readonly systemPrompt?: string;
  readonly guardrail?: GuardrailRef;
  /** Log prompt and answer text. Off unless `LOG_CONTENT=true`. */
  readonly logContent: boolean;
  readonly limits: ChatLimits;
  /** Endpoint override (local stand-in, tests). In AWS the VPC endpoint's private DNS is used. */
  readonly bedrockEndpoint?: string;
  /** Attempts per Bedrock call, first one included (the function's own retry policy, core/retry.ts). */
  readonly maxAttempts: number;
  /** Optional cap on a request's total time, below the Lambda's own remaining time. */
  readonly requestTimeoutMs?: number;
  /** CORS headers on answers; absent: none. */
  readonly cors?: CorsConfig;
}

/** Safe defaults when a limit variable is absent. */
export const DEFAULT_LIMITS: ChatLimits = DEFAULT_CHAT_LIMITS;
export const DEFAULT_MAX_ATTEMPTS = CHAT_SETTINGS.maxAttempts.default;

/** Every variable the function reads (the contract's). Anything else in the environment is ignored. */
const ENV = CHAT_ENV;

type Env = Readonly<Record<string, string | undefined>>;

function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number;
function integer(env: Env, name: string, fallback: undefined, min: number, max: number): number | undefined;
function integer(env: Env, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new ChatConfigError(name, `${name} must be a whole number ${min}–${max}, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new ChatConfigError(name, `${name} must be ${min}–${max}, got ${value}`);
  return value;
}

/** Each limit from its variable, checked against the shared table (the same words synth uses). */
function readLimits(env: Env): ChatLimits {
  const limits: Partial<Record<keyof ChatLimits, number>> = {};
  for (const name of CHAT_LIMIT_NAMES) {
    const variable = CHAT_LIMITS[name].env;
    const raw = present(env, variable);
    const value = raw === undefined ? DEFAULT_CHAT_LIMITS[name] : /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
    const problem = chatLimitProblem(name, value);
    if (problem !== undefined) throw new ChatConfigError(variable, `${variable} ${problem}`);
    limits[name] = value as number;
  }
  return limits as ChatLimits;
}

const GUARDRAIL_ID = /^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:guardrail\/[a-z0-9]+|[a-z0-9]+)$/;
const GUARDRAIL_VERSION = /^(([1-9][0-9]{0,7})|DRAFT)$/;

const CORS_ORIGIN = /^(\*|https?:\/\/[^\s,/]+)$/;

/** `CORS_ALLOWED_ORIGINS` is a comma-separated list; `*` never goes with credentials. */
function readCors(env: Env): CorsConfig | undefined {
  const origins = present(env, ENV.corsAllowedOrigins);
  const credentials = present(env, ENV.corsAllowCredentials);
  if (credentials !== undefined && credentials !== "true" && credentials !== "false") {
    throw new ChatConfigError(ENV.corsAllowCredentials, `${ENV.corsAllowCredentials} must be 'true' or 'false', got '${credentials}'`);
  }
  if (origins === undefined) return undefined;
  const allowedOrigins = origins.split(",").map((origin) => origin.trim());
  if (allowedOrigins.some((origin) => !CORS_ORIGIN.test(origin))) {
    throw new ChatConfigError(ENV.corsAllowedOrigins, `${ENV.corsAllowedOrigins} must be a comma-separated list of origins like https://chat.example.com, or *`);
  }
  const allowCredentials = credentials === "true";
  if (allowCredentials && allowedOrigins.includes("*")) {
    throw new ChatConfigError(ENV.corsAllowCredentials, `${ENV.corsAllowCredentials} cannot be true with a * origin`);
  }
  return { allowedOrigins, allowCredentials };
}

/** Reads and validates the configuration. Throws ChatConfigError naming the variable at fault. */
export function loadConfig(env: Env): ChatConfig {
  const modelId = present(env, ENV.modelId);
  if (modelId === undefined) throw new ChatConfigError(ENV.modelId, `${ENV.modelId} is required (a foundation model id or inference profile id)`);
  // The rule synth holds `models` to (contract/model-id.ts): what one refuses, the other refuses too.
  const modelIdProblem = modelIdFault(modelId);
  if (modelIdProblem !== undefined) throw new ChatConfigError(ENV.modelId, `${ENV.modelId} ${modelIdProblem}, got '${modelId}'`);

  const guardrailIdentifier = present(env, ENV.guardrailIdentifier);
  const guardrailVersion = present(env, ENV.guardrailVersion);
  if ((guardrailIdentifier === undefined) !== (guardrailVersion === undefined)) {
    const missing = guardrailIdentifier === undefined ? ENV.guardrailIdentifier : ENV.guardrailVersion;
    throw new ChatConfigError(missing, `${ENV.guardrailIdentifier} and ${ENV.guardrailVersion} must be set together; ${missing} is missing`);
  }
  if (guardrailIdentifier !== undefined && !GUARDRAIL_ID.test(guardrailIdentifier)) {
    throw new ChatConfigError(ENV.guardrailIdentifier, `${ENV.guardrailIdentifier} must be a guardrail ARN or id`);
  }
  if (guardrailVersion !== undefined && !GUARDRAIL_VERSION.test(guardrailVersion)) {
    throw new ChatConfigError(ENV.guardrailVersion, `${ENV.guardrailVersion} must be a version number or DRAFT, got '${guardrailVersion}'`);
  }

  const logContentRaw = present(env, ENV.logContent);
  if (logContentRaw !== undefined && logContentRaw !== "true" && logContentRaw !== "false") {
    throw new ChatConfigError(ENV.logContent, `${ENV.logContent} must be 'true' or 'false', got '${logContentRaw}'`);
  }

  const bedrockEndpoint = present(env, ENV.bedrockEndpoint);
  if (bedrockEndpoint !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(bedrockEndpoint)) {
    throw new ChatConfigError(ENV.bedrockEndpoint, `${ENV.bedrockEndpoint} must be an http(s) URL`);
  }

  const systemPrompt = present(env, ENV.systemPrompt);
  const { maxAttempts, requestTimeoutMs: timeout } = CHAT_SETTINGS;
  const requestTimeoutMs = integer(env, timeout.env, undefined, timeout.min, timeout.max);
  const cors = readCors(env);
  const config: ChatConfig = {
    modelId,
    ...(systemPrompt === undefined ? {} : { systemPrompt }),
    ...(guardrailIdentifier === undefined || guardrailVersion === undefined ? {} : { guardrail: { identifier: guardrailIdentifier, version: guardrailVersion } }),
    logContent: logContentRaw === "true",
    limits: readLimits(env),
    ...(bedrockEndpoint === undefined ? {} : { bedrockEndpoint }),
    maxAttempts: integer(env, maxAttempts.env, maxAttempts.default, maxAttempts.min, maxAttempts.max),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(cors === undefined ? {} : { cors }),
  };
  return config;
}
