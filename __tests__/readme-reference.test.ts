/**
 * The API reference (docs/reference.md) is generated from the sources (npm run docs): it must be
 * current, and every prop of every exported construct must say what it means.
 */
import { readFileSync } from "node:fs";
import { REFERENCE_PATH, renderReference, spliceReference } from "../scripts/api-reference";
import { stackOutputs } from "../scripts/stack-outputs";

const outputs = stackOutputs();
const reference = renderReference(outputs);

describe("the API reference, docs/reference.md", () => {
  test("is up to date with the sources (run `npm run docs` when this fails)", () => {
    const page = readFileSync(REFERENCE_PATH, "utf8");
    expect(spliceReference(page, reference)).toBe(page);
  });

  test("documents every prop's meaning and every output's description", () => {
    const rows = reference.split("\n").filter((line) => /^\| `/.test(line));
    expect(rows.length).toBeGreaterThan(50);
    const undocumented = rows.filter((row) => /\|\s*\|$/.test(row)).map((row) => row.split("|").slice(1, 3).join("|"));
    expect(undocumented).toEqual([]);
  });

  test("lists the outputs of both stacks, named <resource>_<attribute>", () => {
    expect(outputs.map((o) => o.name)).toEqual(expect.arrayContaining(["admin_role_arn", "guardrail_id", "chat_api_url", "chat_function_arn", "vpc_id", "bedrock_endpoint_id"]));
    for (const output of outputs) expect(output.name).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
  });
});
