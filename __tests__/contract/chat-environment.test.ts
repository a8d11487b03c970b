/**
 * The function's environment has one table (contract/chat-environment.ts): the data plane writes
 * only its names, the function reads every one of them, and what the data plane writes is a
 * configuration the function runs with. Settings and limits keep the contract's ranges on both
 * sides; the chat page, which cannot import the contract, keeps its default.
 */
import { CHAT_ENV, CHAT_SETTINGS, type ChatEnvField } from "../../contract/chat-environment";
import { CHAT_LIMITS } from "../../contract/chat-limits";
import { type ChatConfig, loadConfig } from "../../functions/chat/core/config";
import { ChatbotDataPlane, type ChatbotDataPlaneProps } from "../../modules/stacks/chatbot-data-plane";
import { FUNCTION_LIMIT_DEFAULTS } from "../../modules/api/chat-request-schema";
import { DEFAULT_MAX_HISTORY_TURNS } from "../../web/chat-core.js";
import { fakeBundler, only, synthScope } from "../helpers/terraform";

const MODEL = "amazon.nova-lite-v1:0";
const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abc123def456";

/** The chat function's environment as the data plane synthesizes it. */
function synthesizedEnvironment(extra: Partial<ChatbotDataPlaneProps> = {}): Record<string, string> {
  const json = synthScope((scope) => {
    new ChatbotDataPlane(scope, "Default", {
      namePrefix: "chatbot-test",
      models: [{ modelId: MODEL }],
      network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
      bundler: fakeBundler,
      ...extra,
    });
  });
  return (only(json, "aws_lambda_function").environment as { variables: Record<string, string> }).variables;
}

const everything: Partial<ChatbotDataPlaneProps> = {
  systemPrompt: "Be brief.",
  guardrail: { guardrailId: "abc123def456", guardrailArn: GUARDRAIL_ARN, guardrailVersion: "3" },
  chat: { maxMessageChars: 4000, maxHistoryTurns: 10, maxRequestBytes: 32768, maxOutputTokens: 2048, logContent: true },
  api: { responseMode: "BUFFERED", integrationTimeoutMs: 20000, cors: { allowedOrigins: ["https://chat.example.com"], allowCredentials: true } },
};

describe("the data plane writes the function's environment by the contract's names", () => {
  test("every variable it sets is one the function reads", () => {
    const names = new Set<string>(Object.values(CHAT_ENV));
    for (const props of [{}, everything, { api: { responseMode: "STREAM" as const } }]) {
      expect(Object.keys(synthesizedEnvironment(props)).filter((name) => !names.has(name))).toEqual([]);
    }
  });

  test("the function runs with what it writes, and reads back every option", () => {
    const config = loadConfig(synthesizedEnvironment(everything));
    expect(config).toEqual<ChatConfig>({
      modelId: MODEL,
      systemPrompt: "Be brief.",
      guardrail: { identifier: GUARDRAIL_ARN, version: "3" },
      logContent: true,
      limits: { maxMessageChars: 4000, maxHistoryTurns: 10, maxRequestBytes: 32768, maxOutputTokens: 2048 },
      maxAttempts: CHAT_SETTINGS.maxAttempts.default,
      requestTimeoutMs: 19000,
      cors: { allowedOrigins: ["https://chat.example.com"], allowCredentials: true },
    });
  });

  test("the shortest integration timeout still gives the function a deadline it accepts", () => {
    const env = synthesizedEnvironment({ api: { integrationTimeoutMs: 50 } });
    expect(Number(env[CHAT_ENV.requestTimeoutMs])).toBe(CHAT_SETTINGS.requestTimeoutMs.min);
    expect(() => loadConfig(env)).not.toThrow();
  });
});

describe("the function reads every variable of the contract", () => {
  /** A valid, non-default value of each variable (with what it needs alongside). */
  const SAMPLES: Record<ChatEnvField, Record<string, string>> = {
    modelId: { [CHAT_ENV.modelId]: "amazon.nova-pro-v1:0" },
    systemPrompt: { [CHAT_ENV.systemPrompt]: "Be kind." },
    guardrailIdentifier: { [CHAT_ENV.guardrailIdentifier]: "abc123", [CHAT_ENV.guardrailVersion]: "1" },
    guardrailVersion: { [CHAT_ENV.guardrailIdentifier]: "abc123", [CHAT_ENV.guardrailVersion]: "DRAFT" },
    logContent: { [CHAT_ENV.logContent]: "true" },
    maxMessageChars: { [CHAT_ENV.maxMessageChars]: "9" },
    maxHistoryTurns: { [CHAT_ENV.maxHistoryTurns]: "9" },
    maxRequestBytes: { [CHAT_ENV.maxRequestBytes]: "999" },
    maxOutputTokens: { [CHAT_ENV.maxOutputTokens]: "9" },
    bedrockEndpoint: { [CHAT_ENV.bedrockEndpoint]: "http://127.0.0.1:9" },
    maxAttempts: { [CHAT_ENV.maxAttempts]: "1" },
    requestTimeoutMs: { [CHAT_ENV.requestTimeoutMs]: "5000" },
    corsAllowedOrigins: { [CHAT_ENV.corsAllowedOrigins]: "https://a.example.com" },
    corsAllowCredentials: { [CHAT_ENV.corsAllowedOrigins]: "https://a.example.com", [CHAT_ENV.corsAllowCredentials]: "true" },
  };
  const base = { [CHAT_ENV.modelId]: MODEL };

  /** The configuration, or the refusal, that an environment gives. */
  const outcome = (env: Record<string, string>): ChatConfig | string => {
    try {
      return loadConfig(env);
    } catch (error) {
      return String(error);
    }
  };

  test.each(Object.keys(CHAT_ENV) as ChatEnvField[])("%s matters: with it the function runs otherwise than without it", (field) => {
    const withVariable = outcome({ ...base, ...SAMPLES[field] });
    const without = outcome({ ...base, ...Object.fromEntries(Object.entries(SAMPLES[field]).filter(([name]) => name !== CHAT_ENV[field])) });
    expect(typeof withVariable).toBe("object");
    expect(withVariable).not.toEqual(without);
  });

  test("a variable outside the contract is ignored", () => {
    expect(loadConfig({ ...base, MAX_MESAGE_CHARS: "1" })).toEqual(loadConfig(base));
  });
});

describe("the settings keep the contract's ranges", () => {
  test.each(Object.entries(CHAT_SETTINGS))("%s: %o", (_name, spec) => {
    const at = (value: number) => () => loadConfig({ [CHAT_ENV.modelId]: MODEL, [spec.env]: String(value) });
    expect(at(spec.min)).not.toThrow();
    expect(at(spec.max)).not.toThrow();
    expect(at(spec.min - 1)).toThrow(spec.env);
    expect(at(spec.max + 1)).toThrow(spec.env);
  });

  test("an absent setting takes the contract's default", () => {
    expect(loadConfig({ [CHAT_ENV.modelId]: MODEL })).toMatchObject({ maxAttempts: CHAT_SETTINGS.maxAttempts.default });
    expect(loadConfig({ [CHAT_ENV.modelId]: MODEL }).requestTimeoutMs).toBeUndefined();
  });
});

describe("the defaults outside the function are the contract's", () => {
  test("the API's request model", () => {
    expect(FUNCTION_LIMIT_DEFAULTS).toEqual({
      maxMessageChars: CHAT_LIMITS.maxMessageChars.default,
      maxHistoryTurns: CHAT_LIMITS.maxHistoryTurns.default,
      maxOutputTokens: CHAT_LIMITS.maxOutputTokens.default,
    });
  });

  test("the chat page's history length (web/chat-core.js cannot import the contract)", () => {
    expect(DEFAULT_MAX_HISTORY_TURNS).toBe(CHAT_LIMITS.maxHistoryTurns.default);
  });
});
