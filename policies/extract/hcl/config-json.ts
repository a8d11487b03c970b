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
import { objectKeyName, parseConfig, type Body, type BodyBlock, type Comment, type Expression, type TemplateExpr, type TemplatePart } from "./syntax";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ConvertedFile {
  /** The Terraform JSON document (hcl2json's shape). */
  readonly document: JsonObject;
  /** Line (1-based) of each top-level block by address: `aws_iam_role.app`, `data.aws_iam_policy_document.x`, `module.m`, `local.name`. */
  readonly lines: ReadonlyMap<string, number>;
}

/** A `# bedrock-plane-review:skip=…` comment that cannot be honoured (no reason, outside any resource). */
export class SkipCommentError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "SkipCommentError";
  }
}

const SKIP = /^(?:#|\/\/|\/\*)\s*bedrock-plane-review:skip=([^\s*]+)(?:[ \t]+(.*?))?\s*(?:\*\/)?$/;

/**
 * The rule skips written as comments, per resource block: a comment inside the block, or in the
 * comment lines right above it (`# bedrock-plane-review:skip=lambda-dlq <reason>`). They become
 * the block's `"//": { "checks": { "skip": { "<rule>": "<reason>" } } }`, the JSON form the rule
 * pack reads (`suppress` there is the hand-written JSON marker).
 */
function skipsByBlock(text: string, blocks: readonly BodyBlock[], comments: readonly Comment[]): Map<BodyBlock, Record<string, string>> {
  const skips = new Map<BodyBlock, Record<string, string>>();
  for (const comment of comments) {
    const match = SKIP.exec(comment.text);
    if (!match) continue;
    const [, rule, reason] = match;
    if (reason === undefined || reason.trim() === "") throw new SkipCommentError(`bedrock-plane-review:skip=${rule} needs a reason after the rule id (# bedrock-plane-review:skip=${rule} <why this is accepted>)`, comment.start);
    const target = blocks.find((block) => block.start <= comment.start && comment.end <= block.end) ?? blocks.find((block) => block.start >= comment.end && directlyAbove(text.slice(comment.end, block.start), comment.text.startsWith("/*")));
    if (!target || target.type !== "resource" || target.labels.length !== 2) throw new SkipCommentError(`bedrock-plane-review:skip=${rule} must be inside a resource block, or on the lines right above one`, comment.start);
    skips.set(target, { ...skips.get(target), [rule]: reason.trim() });
  }
  return skips;
}

/**
 * Between a comment and a block: only other comment lines, no blank line, no code. A line
 * comment ends with its newline, so `between` starts on the next line; after a block comment it
 * starts with the rest of the comment's own line, which may be empty.
 */
function directlyAbove(between: string, blockComment: boolean): boolean {
  const lines = between.split("\n");
  const [first, ...rest] = lines.slice(0, -1);
  const isComment = (line: string) => /^\s*(#|\/\/)/.test(line);
  return (first === undefined || isComment(first) || (blockComment && first.trim() === "")) && rest.every(isComment) && lines[lines.length - 1].trim() === "";
}

/** Parses a `.tf` file; throws HclSyntaxError on invalid HCL, SkipCommentError on a skip comment it cannot honour. */
export function convertConfigFile(text: string): ConvertedFile {
  const { body, comments } = parseConfig(text);
  const skips = skipsByBlock(text, body.blocks, comments);
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
  return { document: new Converter(text, skips).body(body, undefined), lines };
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
  constructor(
    private readonly text: string,
    private readonly skips: ReadonlyMap<BodyBlock, Record<string, string>> = new Map(),
  ) {}

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
      const skip = this.skips.get(block);
      if (skip) converted["//"] = { checks: { skip } };
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
