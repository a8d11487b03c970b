/**
 * Tests sit beside their subject's name, so the tests of a file are found without searching: every
 * modules/<path>.ts has __tests__/modules/<path>.test.ts, and every test file there is named after
 * a module, or is one of the few cross-cutting files listed below with the reason it spans several.
 * The same holds for config/*.ts and __tests__/config, with the config files tested through
 * others listed with their reason.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ROOT = join(__dirname, "..");

/** Test files under __tests__/modules named after no single module, each with why it spans several. */
const CROSS_CUTTING_MODULE_TESTS: Readonly<Record<string, string>> = {
  "construct-guards.test.ts": "every construct's check is a pure …Problems function that a caller runs under its own path",
  "function/function-guards.test.ts": "the chat function's guards (ChatFunction, chat options, model list, LambdaBundle) refuse alike through the construct, ChatbotDataPlane and the config",
  "stacks/bring-your-own.test.ts": "each brought resource used across both stacks of one configuration, nothing created next to it",
};

/** config/*.ts without a same-named test, each with where its behaviour is tested. */
const CONFIG_TESTED_ELSEWHERE: Readonly<Record<string, string>> = {
  "checker.ts": "the field-by-field reader behind parseConfig: every problem it words is asserted in schema.test.ts and chatbot-fields.test.ts",
  "fields.ts": "the types and helpers of the field declaration: chatbot-fields.test.ts holds the declaration to the loader and the docs",
  "load.ts": "reading the file CHATBOT_CONFIG names: main.test.ts runs it end to end (unreadable file, invalid JSON), environments.test.ts on every shipped file",
};

/** Test files under __tests__/config named after no config file, each with what they span. */
const CROSS_CUTTING_CONFIG_TESTS: Readonly<Record<string, string>> = {
  "api-and-alarm-guards.test.ts": "each api and alarms guard run through its construct and through the config alike",
  "environments.test.ts": "every shipped environment file (config/*.json) synthesizes, passes the review and is kept apart from the others",
};

/** Files under `dir` (relative to the repository) ending in `suffix`, as `/`-separated paths relative to `dir`. */
function filesUnder(dir: string, suffix: string, recursive = true): string[] {
  const base = join(ROOT, dir);
  return readdirSync(base, { recursive, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix) && !entry.name.endsWith(".d.ts"))
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

const asTest = (source: string) => source.replace(/\.ts$/, ".test.ts");
const asSource = (test: string) => test.replace(/\.test\.ts$/, ".ts");

describe("tests beside their subject's name", () => {
  const modules = filesUnder("modules", ".ts");
  const moduleTests = filesUnder("__tests__/modules", ".test.ts");

  test("every module has __tests__/modules/<same path>.test.ts", () => {
    expect(modules.length).toBeGreaterThan(30);
    expect(modules.filter((source) => !moduleTests.includes(asTest(source)))).toEqual([]);
  });

  test("every test file under __tests__/modules is named after a module, or is a listed cross-cutting file", () => {
    expect(moduleTests.filter((test) => !modules.includes(asSource(test)) && !(test in CROSS_CUTTING_MODULE_TESTS))).toEqual([]);
  });

  test("the cross-cutting list is short and current: each entry exists and is named after no module", () => {
    const listed = Object.keys(CROSS_CUTTING_MODULE_TESTS);
    expect(listed.length).toBeLessThanOrEqual(5);
    expect(listed.filter((test) => !moduleTests.includes(test) || modules.includes(asSource(test)))).toEqual([]);
  });

  test("every config/*.ts has __tests__/config/<name>.test.ts, or is listed with where it is tested", () => {
    const configs = filesUnder("config", ".ts", false);
    const configTests = filesUnder("__tests__/config", ".test.ts");
    expect(configs.filter((source) => !configTests.includes(asTest(source)) && !(source in CONFIG_TESTED_ELSEWHERE))).toEqual([]);
    expect(Object.keys(CONFIG_TESTED_ELSEWHERE).filter((source) => !configs.includes(source) || configTests.includes(asTest(source)))).toEqual([]);
    expect(configTests.filter((test) => !configs.includes(asSource(test)) && !(test in CROSS_CUTTING_CONFIG_TESTS))).toEqual([]);
    expect(Object.keys(CROSS_CUTTING_CONFIG_TESTS).filter((test) => !configTests.includes(test) || configs.includes(asSource(test)))).toEqual([]);
  });
});
