/**
 * A `.tf` file as the Terraform JSON document it stands for, the shape `@cdktf/hcl2json` writes
 * (blocks as arrays of bodies under their labels, expressions as `${…}` strings of their source),
 * so that everything after the loader reads HCL and JSON alike; and the line each block starts on,
 * so that a finding can name `iam.tf:42`.
 *
 * It differs from hcl2json on purpose in two places: a variable's `type` is the type expression as
 * written (`"list(string)"`, as Terraform JSON has it, where hcl2json writes `"${list(string)}"`),
 * and an object key written as an expression (`(var.k) = …`, `var.k = …`) stays an expression.
 */
import { objectKeyName, parseConfig, type Body, type Expression, type TemplateExpr, type TemplatePart } from "./syntax";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ConvertedFile {
  /** The Terraform JSON document (hcl2json's shape). */
  readonly document: JsonObject;
  /** Line (1-based) of each top-level block by address: `aws_iam_role.app`, `data.aws_iam_policy_document.x`, `module.m`, `local.name`. */
  readonly lines: ReadonlyMap<string, number>;
}

/** Parses a `.tf` file; throws HclSyntaxError on invalid HCL. */
export function convertConfigFile(text: string): ConvertedFile {
  const body = parseConfig(text);
  const lineOf = lineIndex(text);
  const lines = new Map<string, number>();
  for (const block of body.blocks) {
    const [first, second] = block.labels;
    const address =
      block.type === "resource" && second !== undefined ? `${first}.${second}`
      : block.type === "data" && second !== undefined ? `data.${first}.${second}`
      : block.type === "module" || block.type === "output" || block.type === "variable" ? (first !== undefined ? `${block.type}.${first}` : undefined)
      : undefined;
    if (address !== undefined && !lines.has(address)) lines.set(address, lineOf(block.start));
    if (block.type === "locals") for (const attribute of block.body.attributes) lines.set(`local.${attribute.name}`, lineOf(attribute.start));
  }
  return { document: new Converter(text).body(body, undefined), lines };
}

/** Offset → 1-based line, by binary search over the newline offsets. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** `$${` and `%%{` in literal text: JSON strings are templates too. */
const escapeLiteral = (text: string) => text.replace(/[$%]\{/g, (sequence) => sequence[0] + sequence);

class Converter {
  constructor(private readonly text: string) {}

  private source(node: { start: number; end: number }): string {
    return this.text.slice(node.start, node.end);
  }

  private wrap(node: { start: number; end: number }): string {
    return `\${${this.source(node)}}`;
  }

  /** Blocks as `type → label… → [body, …]`, attributes as values; `within` is the enclosing block's type. */
  body(body: Body, within: string | undefined): JsonObject {
    const out: JsonObject = Object.create(null) as JsonObject;
    for (const block of body.blocks) {
      let target = out;
      let key = block.type;
      for (const label of block.labels) {
        const existing = target[key];
        target = (existing !== undefined && typeof existing === "object" && !Array.isArray(existing) && existing !== null ? existing : (target[key] = Object.create(null) as JsonObject)) as JsonObject;
        key = label;
      }
      const converted = this.body(block.body, block.type);
      const list = target[key];
      target[key] = Array.isArray(list) ? [...list, converted] : [converted];
    }
    for (const attribute of body.attributes) {
      // A variable's type is a type expression, written as a plain string in Terraform JSON.
      out[attribute.name] = within === "variable" && attribute.name === "type" ? this.source(attribute.expression) : this.value(attribute.expression);
    }
    return out;
  }

  value(node: Expression): Json {
    switch (node.kind) {
      case "literal":
        return node.value;
      case "template":
        return node.wrap ? this.value(node.parts[0] as Expression) : this.template(node);
      case "tuple":
        return node.items.map((item) => this.value(item));
      case "object": {
        const out = Object.create(null) as JsonObject;
        for (const item of node.items) {
          const key = objectKeyName(item) ?? (item.key.kind === "template" && !item.forceNonLiteral ? this.template(item.key) : this.wrap(item.key));
          out[key] = this.value(item.value);
        }
        return out;
      }
      case "unary":
        if (node.operand.kind === "literal") {
          if (node.op === "-" && typeof node.operand.value === "number") return -node.operand.value;
          if (node.op === "!" && typeof node.operand.value === "boolean") return !node.operand.value;
        }
        return this.wrap(node);
      default:
        return this.wrap(node);
    }
  }

  /** A quoted string or heredoc as a JSON template string. */
  private template(node: TemplateExpr): string {
    return node.parts.map((part) => this.part(part)).join("");
  }

  private part(part: TemplatePart): string {
    if (part.kind === "literal" && typeof part.value === "string") return escapeLiteral(part.value);
    if (part.kind === "ifDirective") {
      const otherwise = this.template(part.else);
      return `%{if ${this.source(part.condition)}}${this.template(part.then)}${otherwise !== "" ? `%{else}${otherwise}` : ""}%{endif}`;
    }
    if (part.kind === "forDirective") {
      return `%{for ${part.keyVar !== undefined ? `${part.keyVar}, ` : ""}${part.valueVar} in ${this.source(part.collection)}}${this.template(part.body)}%{endfor}`;
    }
    return this.wrap(part);
  }
}
