/**
 * A configuration file holds literal values. Two kinds of text would not stay literal on the way
 * to Terraform, and both pass the constructs' checks (which let plan-time values through):
 * - `${…}` and `%{…}` are Terraform template syntax in every string of the synthesized JSON, so a
 *   system prompt or a tag holding them would be evaluated (or fail to parse) at plan time;
 * - cdktf's encoded tokens (`${TfToken[TOKEN.1]}`, and the numbers it reserves for them) would be
 *   resolved at synth to some unrelated value, or crash it.
 * So the loader refuses them everywhere in the file, keys included, before any section is read.
 */
import { Token } from "cdktf";
import type { Problem } from "../modules/core/validate";

const TEMPLATE_SEQUENCE = /[$%]\{/;

/** Every string, key or number in `value` that is not a literal, with its path (`tags.Team`, `models[0]`). */
export function nonLiteralProblems(value: unknown, path = ""): Problem[] {
  if (typeof value === "string") return isLiteralText(value) ? [] : [{ field: path, value, fix: TEXT_FIX }];
  if (typeof value === "number") return Token.isUnresolved(value) ? [{ field: path, value, fix: "is a number cdktf reserves for its tokens; give a plain number" }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nonLiteralProblems(item, `${path}[${index}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const where = path === "" ? key : `${path}.${key}`;
    return [...(isLiteralText(key) ? [] : [{ field: where, value: key, fix: `(a key) ${TEXT_FIX}` }]), ...nonLiteralProblems(item, where)];
  });
}

const TEXT_FIX = 'holds "${" or "%{", which Terraform reads as a template (a configuration file holds literal text only); write "$ {" if you mean the characters';

function isLiteralText(text: string): boolean {
  return !TEMPLATE_SEQUENCE.test(text) && !Token.isUnresolved(text);
}
