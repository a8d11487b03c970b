/**
 * chatOptionsProblems: the chat limits a deployment sets are held to the function's own ranges
 * (contract/chat-limits.ts) and logContent to a boolean, so a value the function would refuse at
 * run time stops synth instead. Absent options are left to the function's defaults; every problem
 * is reported at once, under the caller's prefix. That ChatbotDataPlane, the config and the API's
 * request model refuse alike: function-guards.test.ts.
 */
import { CHAT_LIMITS, CHAT_LIMIT_NAMES } from "../../../contract/chat-limits";
import { chatOptionsProblems } from "../../../modules/function/chat-options";

describe("chatOptionsProblems", () => {
  test("no options, and every limit at either end of the function's range, pass", () => {
    expect(chatOptionsProblems({})).toEqual([]);
    for (const end of ["min", "max"] as const) {
      const options = Object.fromEntries(CHAT_LIMIT_NAMES.map((name) => [name, CHAT_LIMITS[name][end]]));
      expect(chatOptionsProblems({ ...options, logContent: end === "max" })).toEqual([]);
    }
  });

  test.each(CHAT_LIMIT_NAMES)("%s is refused just outside its range, or when not a whole number, in the range's words", (name) => {
    const { min, max } = CHAT_LIMITS[name];
    const fix = `must be a whole number ${min}–${max}`;
    for (const value of [min - 1, max + 1, min + 0.5, String(min)]) {
      expect(chatOptionsProblems({ [name]: value } as never)).toEqual([{ field: name, value, fix }]);
    }
  });

  test("logContent must be true or false", () => {
    expect(chatOptionsProblems({ logContent: "yes" } as never)).toEqual([{ field: "logContent", value: "yes", fix: "must be true or false" }]);
  });

  test("every problem at once, in the contract's order, under the caller's prefix", () => {
    const problems = chatOptionsProblems({ logContent: 1, maxOutputTokens: 0, maxMessageChars: 0 } as never, "chat");
    expect(problems.map((p) => p.field)).toEqual(["chat.maxMessageChars", "chat.maxOutputTokens", "chat.logContent"]);
  });
});
