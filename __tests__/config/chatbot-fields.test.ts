/**
 * config/chatbot-fields.ts declares every field once; the loader's accepted keys, the way each
 * section is read and docs/configuration.md's table all come from it. These tests hold the three
 * together: the page is current, every declared field is read (a value of the wrong type is a
 * problem named after it, whichever check catches it), and nothing undeclared is accepted.
 */
import { readFileSync } from "node:fs";
import { CONFIG_FIELDS } from "../../config/chatbot-fields";
import type { Field, JsonKind, PropsSection } from "../../config/fields";
import { CONFIGURATION_PAGE, renderConfigurationTable, spliceTable } from "../../scripts/config-reference";
import { BASE_CONFIG, problemsOf } from "../helpers/terraform";

interface Leaf {
  readonly path: string;
  readonly kind: JsonKind | "hand";
}

function leavesOf(path: string, field: Field): Leaf[] {
  if (field.kind === "hand") {
    const nested = Object.entries(field.fields ?? {});
    return nested.length === 0 ? [{ path, kind: "hand" }] : nested.flatMap(([key, sub]) => leavesOf(`${path}.${key}`, sub));
  }
  const own = (Object.entries(field.fields) as [string, JsonKind | PropsSection][]).flatMap(([key, kind]) =>
    typeof kind === "string" ? [{ path: `${path}.${key}`, kind }] : leavesOf(`${path}.${key}`, kind),
  );
  return [...own, ...Object.entries(field.extra ?? {}).flatMap(([key, sub]) => leavesOf(`${path}.${key}`, sub))];
}

const LEAVES = Object.entries(CONFIG_FIELDS).flatMap(([key, field]) => leavesOf(key, field));

/** A value no field of that kind accepts. */
const WRONG: Record<Leaf["kind"], unknown> = { string: 12345, integer: "12", boolean: "yes", strings: "not-a-list", hand: 12345 };

/** An existing network, for the fields that only exist beside it. */
const EXISTING_NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] };

/** BASE_CONFIG with `path` set to `value` (sections created as needed). */
function withValue(path: string, value: unknown): Record<string, unknown> {
  const config = structuredClone(BASE_CONFIG) as Record<string, unknown>;
  if (/^network\.(vpcId|subnetIds)$/.test(path)) config.network = { ...EXISTING_NETWORK };
  const keys = path.split(".");
  let at = config;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys[keys.length - 1]] = value;
  return config;
}

describe("docs/configuration.md", () => {
  test("has the table config/chatbot-fields.ts and the props' JSDoc give (run `npm run docs` when this fails)", () => {
    const page = readFileSync(CONFIGURATION_PAGE, "utf8");
    expect(spliceTable(page, renderConfigurationTable())).toBe(page);
  });

  test("has one row per declared field, each with a type, a default and a meaning", () => {
    const rows = renderConfigurationTable().split("\n").slice(2);
    expect(rows.map((row) => /^\| `([^`]+)` \|/.exec(row)?.[1])).toEqual(LEAVES.map((leaf) => leaf.path));
    for (const row of rows) expect(row.split(" | ").every((cell) => cell.trim() !== "")).toBe(true);
  });
});

describe("every declared field is read", () => {
  test("the declaration covers the file's sections", () => {
    expect(LEAVES.length).toBeGreaterThan(50);
    expect(LEAVES.map((leaf) => leaf.path)).toEqual(expect.arrayContaining(["function.memorySizeMiB", "api.cors.allowedOrigins", "api.waf.rateLimitPer5Minutes", "alarms.topicArn", "chat.maxOutputTokens"]));
  });

  // Whichever check catches it (the loader's JSON types or the construct's own), the problem names the field.
  test.each(LEAVES.map((leaf) => [leaf.path, leaf] as const))("%s: a value of the wrong type is a problem named after it", (path, leaf) => {
    const problems = problemsOf(withValue(path, WRONG[leaf.kind]));
    expect(problems.some((problem) => /^[:.[]/.test(problem.slice(path.length)) && problem.startsWith(path))).toBe(true);
  });

  test.each(["function", "chat", "api", "api.cors", "api.usagePlan", "api.waf", "alarms", "admin", "guardrail", "network"])("%s: an undeclared key is refused as a typo", (section) => {
    const problems = problemsOf(withValue(`${section}.notAField`, true));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${section.replace(".", "\\.")}\\.notAField: unknown field`))]));
  });
});
