/**
 * The chat limits have one table (contract/chat-limits.ts): the configuration, the data plane
 * construct, the API's request model and the function accept exactly the same values, so that
 * synth refuses what the function would refuse at run time (where it means a 500 CONFIG_ERROR
 * on every request of a stack that deployed fine).
 */
import { Testing, TerraformStack } from "cdktf";
import { CHAT_LIMIT_NAMES, CHAT_LIMITS, type ChatLimitName, DEFAULT_CHAT_LIMITS, LAMBDA_PAYLOAD_MAX_BYTES } from "../../contract/chat-limits";
import { parseConfig } from "../../config/schema";
import { DEFAULT_LIMITS, loadConfig } from "../../functions/chat/core/config";
import { ChatbotDataPlane } from "../../modules/stacks/chatbot-data-plane";
import { ChatRequestValidation } from "../../modules/api/chat-request-validation";
import { BASE_CONFIG, fakeBundler } from "../helpers/terraform";

const accepts = (fn: () => unknown): boolean => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

const byConfig = (name: ChatLimitName, value: number) => accepts(() => parseConfig({ ...BASE_CONFIG, chat: { [name]: value } }, "limits"));
const byFunction = (name: ChatLimitName, value: number) => accepts(() => loadConfig({ MODEL_ID: "amazon.nova-lite-v1:0", [CHAT_LIMITS[name].env]: String(value) }));
const byConstruct = (name: ChatLimitName, value: number) =>
  accepts(() => new ChatbotDataPlane(new TerraformStack(Testing.app(), "limits"), "Default", { namePrefix: "chatbot-test", models: [{ modelId: "amazon.nova-lite-v1:0" }], network: BASE_CONFIG.network, chat: { [name]: value }, bundler: fakeBundler }));
const byRequestModel = (name: ChatLimitName, value: number) =>
  name === "maxRequestBytes" ? undefined : accepts(() => new ChatRequestValidation(new TerraformStack(Testing.app(), "limits"), "validation", { restApiId: "api", limits: { [name]: value } }));

describe("one table of chat limits", () => {
  test("the issue's cases stop synth: chat.maxRequestBytes 32, chat.maxOutputTokens 2000000", () => {
    expect(byFunction("maxRequestBytes", 32)).toBe(false);
    expect(byConfig("maxRequestBytes", 32)).toBe(false);
    expect(byConstruct("maxRequestBytes", 32)).toBe(false);
    expect(byFunction("maxOutputTokens", 2_000_000)).toBe(false);
    expect(byConfig("maxOutputTokens", 2_000_000)).toBe(false);
    expect(byConstruct("maxOutputTokens", 2_000_000)).toBe(false);
    expect(() => parseConfig({ ...BASE_CONFIG, chat: { maxRequestBytes: 32 } }, "limits")).toThrow("chat.maxRequestBytes: must be a whole number 64–4194304 (got 32)");
    expect(() =>
      new ChatbotDataPlane(new TerraformStack(Testing.app(), "limits"), "Default", { namePrefix: "chatbot-test", models: [{ modelId: "amazon.nova-lite-v1:0" }], network: BASE_CONFIG.network, chat: { maxOutputTokens: 2_000_000 }, bundler: fakeBundler }),
    ).toThrow("ChatbotDataPlane 'Default': chat.maxOutputTokens: must be a whole number 1–1000000 (got 2000000)");
  });

  test.each(CHAT_LIMIT_NAMES)("%s: config, construct, request model and function agree at and around both ends of the range", (name) => {
    const { min, max } = CHAT_LIMITS[name];
    for (const value of [min - 1, min, min + 0.5, Math.floor((min + max) / 2), max, max + 1]) {
      const expected = Number.isInteger(value) && value >= min && value <= max;
      // The function reads whole numbers from text; a fraction is refused there as text.
      expect({ value, function: byFunction(name, value) }).toEqual({ value, function: expected });
      expect({ value, config: byConfig(name, value) }).toEqual({ value, config: expected });
      expect({ value, construct: byConstruct(name, value) }).toEqual({ value, construct: expected });
      const model = byRequestModel(name, value);
      if (model !== undefined) expect({ value, model }).toEqual({ value, model: expected });
    }
  });

  test("the function's defaults are the table's", () => {
    expect(DEFAULT_LIMITS).toEqual(DEFAULT_CHAT_LIMITS);
    expect(loadConfig({ MODEL_ID: "amazon.nova-lite-v1:0" }).limits).toEqual(DEFAULT_CHAT_LIMITS);
  });

  test("a request body the function accepts can reach it through Lambda's 6 MB request payload", () => {
    // The proxy event carries the body as a JSON string next to the headers: room is left for both.
    expect(CHAT_LIMITS.maxRequestBytes.max * 1.4).toBeLessThan(LAMBDA_PAYLOAD_MAX_BYTES);
  });

  test("the names config and construct use are the function's variables", () => {
    expect(Object.fromEntries(CHAT_LIMIT_NAMES.map((name) => [name, CHAT_LIMITS[name].env]))).toEqual({
      maxMessageChars: "MAX_MESSAGE_CHARS",
      maxHistoryTurns: "MAX_HISTORY_TURNS",
      maxRequestBytes: "MAX_REQUEST_BYTES",
      maxOutputTokens: "MAX_OUTPUT_TOKENS",
    });
  });
});
