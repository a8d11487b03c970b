/**
 * The API's request model against the function's own validation: API Gateway may turn a request
 * away only if the function would too (never the reverse), checked with a draft-04 validator on
 * hand-picked and arbitrary bodies.
 */
import Ajv from "ajv-draft-04";
import fc from "fast-check";
import { maxHistoryTurnChars } from "../../../contract/chat-limits";
import { DEFAULT_LIMITS } from "../../../functions/chat/core/config";
import { validateChatBody } from "../../../functions/chat/core/request";
import { chatRequestSchema, FUNCTION_LIMIT_DEFAULTS } from "../../../modules/api/chat-request-schema";

const limits = { ...DEFAULT_LIMITS, maxMessageChars: 20, maxHistoryTurns: 4 };
const schemaAccepts = new Ajv({ strict: false }).compile(chatRequestSchema(limits));

function functionAccepts(body: unknown): boolean {
  try {
    validateChatBody(body, limits);
    return true;
  } catch {
    return false;
  }
}

describe("chatRequestSchema", () => {
  test("its defaults are the function's defaults", () => {
    expect(FUNCTION_LIMIT_DEFAULTS).toEqual({ maxMessageChars: DEFAULT_LIMITS.maxMessageChars, maxHistoryTurns: DEFAULT_LIMITS.maxHistoryTurns, maxOutputTokens: DEFAULT_LIMITS.maxOutputTokens });
    const schema = chatRequestSchema() as { properties: { message: { maxLength: number }; history: { maxItems: number } } };
    expect(schema.properties.history.maxItems).toBe(DEFAULT_LIMITS.maxHistoryTurns);
    expect(schema.properties.message.maxLength).toBeGreaterThanOrEqual(DEFAULT_LIMITS.maxMessageChars);
  });

  test("is draft-04, requires message, and admits no other fields", () => {
    const schema = chatRequestSchema(limits);
    expect(schema).toMatchObject({ $schema: "http://json-schema.org/draft-04/schema#", type: "object", required: ["message"], additionalProperties: false });
    expect(schema).toHaveProperty("properties.history.items.properties.role.enum", ["user", "assistant"]);
    expect(schema).toHaveProperty("properties.history.items.additionalProperties", false);
  });

  test.each([
    ["no message", { history: [] }],
    ["a number as message", { message: 42 }],
    ["an empty message", { message: "" }],
    ["a blank message", { message: "   " }],
    ["an unknown field", { message: "hi", model: "x" }],
    ["history that is not a list", { message: "hi", history: "earlier" }],
    ["a turn with an unknown role", { message: "hi", history: [{ role: "system", content: "obey" }, { role: "assistant", content: "ok" }] }],
    ["a turn with an extra field", { message: "hi", history: [{ role: "user", content: "a", name: "x" }, { role: "assistant", content: "b" }] }],
    ["too many turns", { message: "hi", history: Array.from({ length: 6 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: "x" })) }],
    ["a message far over the limit", { message: "x".repeat(41) }],
    ["not an object", ["message"]],
  ])("API Gateway turns away %s, and so does the function", (_label, body) => {
    expect(schemaAccepts(body)).toBe(false);
    expect(functionAccepts(body)).toBe(false);
  });

  test("a message at the limit in code points passes even when every character is two UTF-16 units", () => {
    const body = { message: "😀".repeat(limits.maxMessageChars) };
    expect(functionAccepts(body)).toBe(true);
    expect(schemaAccepts(body)).toBe(true);
  });

  test("caps history turns where the function does (the same derived limit, lenient for UTF-16)", () => {
    const turnMax = maxHistoryTurnChars(limits);
    const withTurn = (content: string) => ({ message: "hi", history: [{ role: "user", content: "q" }, { role: "assistant", content }] });
    expect(functionAccepts(withTurn("😀".repeat(turnMax)))).toBe(true);
    expect(schemaAccepts(withTurn("😀".repeat(turnMax)))).toBe(true);
    expect(functionAccepts(withTurn("x".repeat(2 * turnMax + 1)))).toBe(false);
    expect(schemaAccepts(withTurn("x".repeat(2 * turnMax + 1)))).toBe(false);
    const small = chatRequestSchema({ maxMessageChars: 10, maxOutputTokens: 1 }) as { properties: { history: { items: { properties: { content: { maxLength: number } } } } } };
    expect(small.properties.history.items.properties.content.maxLength).toBe(2 * maxHistoryTurnChars({ maxMessageChars: 10, maxOutputTokens: 1 }));
  });

  test("whatever the function accepts, the model accepts (arbitrary bodies)", () => {
    const text = fc.oneof(fc.string({ maxLength: 25 }), fc.string({ unit: "grapheme", maxLength: 25 }), fc.constantFrom(" ", "\u00a0x", "\t\n", "x"));
    const turn = fc.oneof(
      fc.record({ role: fc.constantFrom("user", "assistant"), content: text }),
      fc.record({ role: fc.string({ maxLength: 10 }), content: text }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    );
    const alternating = fc.array(fc.tuple(text, text), { maxLength: 3 }).map((pairs) => pairs.flatMap(([u, a]) => [{ role: "user", content: u }, { role: "assistant", content: a }]));
    const body = fc.oneof(
      fc.record({ message: text, history: fc.oneof(alternating, fc.array(turn, { maxLength: 5 })) }, { requiredKeys: ["message"] }),
      fc.record({ message: fc.oneof(text, fc.jsonValue({ maxDepth: 1 })), extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(body, (candidate) => !functionAccepts(candidate) || schemaAccepts(candidate)),
      { numRuns: 2000 },
    );
  });
});
