/**
 * JSON text with Terraform interpolations in it, as heredoc and template policies are written:
 * `"Resource": "${aws_s3_bucket.b.arn}/*"` is fine for JSON.parse, but an interpolation whose
 * own source has quotes (`"${var.arn != "" ? var.arn : "*"}"`) is not. Each `${…}` (braces and
 * quoted strings inside it balanced) is swapped for a plain token before parsing and put back in
 * every string and key after. One outside a JSON string (`"Action": ${jsonencode(var.x)}`)
 * leaves a bare token, which is invalid JSON: the policy stays unreadable, as it must. Each
 * masked piece must parse as an HCL template on its own, so that a stray brace in a string cannot
 * make one token swallow the statements after it; `$${` (a literal `${`) is not an interpolation.
 */
import { parseTemplate } from "./hcl/syntax";

const token = (index: number) => `__terraform_expression_${index}__`;
const TOKEN = /__terraform_expression_(\d+)__/g;

/** The end (exclusive) of the interpolation starting at `start` (at its `${`), or -1 when unbalanced. */
function interpolationEnd(text: string, start: number): number {
  let depth = 0;
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      // A quoted string inside the expression: skip to its closing quote (escapes honoured).
      for (at++; at < text.length && text[at] !== '"'; at++) if (text[at] === "\\") at++;
    } else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return at + 1;
  }
  return -1;
}

function restore(value: unknown, expressions: readonly string[]): unknown {
  if (typeof value === "string") return value.replace(TOKEN, (_, index: string) => expressions[Number(index)]);
  if (Array.isArray(value)) return value.map((item) => restore(item, expressions));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [restore(key, expressions) as string, restore(item, expressions)]));
  }
  return value;
}

/**
 * JSON.parse for JSON with Terraform interpolations; throws like JSON.parse when it is not JSON.
 * Text that parses as it is (jsonencode's output, where an interpolation's quotes are escaped)
 * is taken as it is; only raw template text is masked.
 */
export function parseJsonWithInterpolations(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!text.includes("${")) throw error;
  }
  const expressions: string[] = [];
  let masked = "";
  let at = 0;
  for (let start = text.indexOf("${"); start !== -1; start = text.indexOf("${", Math.max(at, start + 2))) {
    if (text[start - 1] === "$") continue; // `$${`: a literal, escaped
    const end = interpolationEnd(text, start);
    if (end === -1) break;
    const expression = text.slice(start, end);
    parseTemplate(expression); // throws on anything that is not one interpolation's worth of HCL
    masked += text.slice(at, start) + token(expressions.length);
    expressions.push(expression);
    at = end;
  }
  masked += text.slice(at);
  return restore(JSON.parse(masked), expressions);
}
