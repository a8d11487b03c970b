/**
 * Template expressions inside Terraform JSON strings, and the addresses they reference. In HCL's
 * JSON syntax every string is a template: `${…}` interpolates, `$${` is a literal `${`, and `%{…}`
 * is a directive. Nothing here imports cdktf: the checks run on any synthesized stack.
 */
import type { TerraformValue } from "../extract/terraform-json";

/** A template segment: literal text, or the body of one `${…}` interpolation. */
export type TemplatePart = { readonly kind: "text"; readonly text: string } | { readonly kind: "expression"; readonly expression: string };

/** Splits a JSON string into literal text and `${…}` expression bodies (nested braces and quoted strings inside are skipped over). */
export function templateParts(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let index = 0;
  while (index < value.length) {
    if (value.startsWith("$${", index) || value.startsWith("%%{", index)) {
      text += value.slice(index + 1, index + 3);
      index += 3;
      continue;
    }
    if (value.startsWith("${", index) || value.startsWith("%{", index)) {
      const end = closingBrace(value, index + 2);
      if (end < 0) {
        text += value.slice(index);
        break;
      }
      if (text) parts.push({ kind: "text", text });
      text = "";
      parts.push({ kind: "expression", expression: value.slice(index + 2, end).trim() });
      index = end + 1;
      continue;
    }
    text += value[index];
    index += 1;
  }
  if (text) parts.push({ kind: "text", text });
  return parts;
}

/** Index of the `}` closing a template opened just before `start`, or -1. */
function closingBrace(value: string, start: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = start; index < value.length; index++) {
    const char = value[index];
    if (quoted) {
      if (char === "\\") index += 1;
      else if (char === '"') quoted = false;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      if (depth === 0) return index;
      depth -= 1;
    }
  }
  return -1;
}

/** Every `${…}` expression body in a value, at any depth; the keys named in `skipKeys` are not entered. */
export function expressionsIn(value: TerraformValue | undefined, skipKeys: readonly string[] = []): string[] {
  if (typeof value === "string") return templateParts(value).flatMap((part) => (part.kind === "expression" ? [part.expression] : []));
  if (Array.isArray(value)) return value.flatMap((item) => expressionsIn(item, skipKeys));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => (skipKeys.includes(key) ? [] : expressionsIn(item, skipKeys)));
  }
  return [];
}

/**
 * Candidate addresses a traversal in an expression could name: `aws_x.name`, `data.aws_x.name`,
 * `local.name`, `module.name`, `var.name`. Callers keep those the configuration defines (a string
 * literal inside an expression may match too; it then names nothing).
 */
// Not inside a name: after a letter, a dot, a quote, or a hyphen that continues a name (`chat-api_x`);
// a hyphen after anything else is subtraction or negation (`${-aws_x.y.n}`), and a traversal may follow it.
const TRAVERSAL = /(?<![\w."])(?<!\w-)(data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*|[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)/g;

export function referencedAddresses(expression: string, defined: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const match of expression.matchAll(TRAVERSAL)) {
    if (defined.has(match[1])) found.add(match[1]);
  }
  return [...found];
}
