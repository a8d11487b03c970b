/**
 * config/literal-values.ts: a configuration file holds literal values. Terraform template syntax and
 * cdktf tokens would pass the constructs' checks as plan-time values, so the loader refuses them
 * first, and alone, naming where each is.
 */
import { nonLiteralProblems } from "../../config/literal-values";
import { config, problemsOf } from "../helpers/terraform";

describe("a configuration holds literal values only", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["a Terraform interpolation in the system prompt", { systemPrompt: "Answer as ${var.persona}." }, "systemPrompt"],
    ["a template directive in a tag", { tags: { Team: "%{ if true }x%{ endif }" } }, "tags.Team"],
    ["template syntax in a tag's key", { tags: { "${var.k}": "v" } }, "tags.${var.k}"],
    ["a cdktf token as the stage name", { api: { stageName: "${TfToken[TOKEN.1]}" } }, "api.stageName"],
    ["a cdktf token inside a list", { models: ["amazon.nova-lite-v1:0", "${TfToken[TOKEN.7]}"] }, "models[1]"],
    ["a number cdktf reserves for a token", { chat: { maxMessageChars: -8.10956221259138e298 } }, "chat.maxMessageChars"],
  ])("%s is refused before anything else is read, naming where it is", (_case, overrides, field) => {
    const problems = problemsOf(overrides);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${field}: `)).toBe(true);
  });

  test("a dollar sign or a percent sign on its own is literal text", () => {
    const systemPrompt = "Prices are in $ and %, {braces} too; $ { and % { are fine.";
    expect(config({ systemPrompt }).systemPrompt).toBe(systemPrompt);
  });
});

describe("nonLiteralProblems", () => {
  test("walks lists, objects and keys, and leaves booleans, null and plain numbers alone", () => {
    expect(nonLiteralProblems({ a: [true, null, 3, { "b${x}": 1 }], c: "%{x}" }).map((problem) => problem.field)).toEqual(["a[3].b${x}", "c"]);
  });
});
