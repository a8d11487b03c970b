/**
 * A synchronous reader for HCL native-syntax expressions and templates
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md), so the review can look inside the
 * `${...}` strings that cdktf and hcl2json write into Terraform JSON.
 *
 * It follows hclsyntax closely rather than the prose spec, because the prose leaves out what decides
 * whether Terraform accepts a string: the scanner's modes (expression, quoted string, heredoc, bare
 * template) with brace counting across them, newlines that end object items but are ignored inside
 * brackets and parentheses, `#`/`//` comments that swallow their newline, the legacy `a.0` index, and
 * the `~` strip markers. Unlike hclsyntax it stops at the first error (the caller fails closed on any
 * error, so recovery would buy nothing) and it limits nesting, so hostile input cannot exhaust the stack.
 *
 * Every node carries `start`/`end`: offsets (UTF-16, as JavaScript indexes strings) into the text it
 * was parsed from, so the evaluator can write an unknown sub-expression back exactly as it was written.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    /** Where in the parsed text the problem was found. */
    readonly offset: number,
  ) {
    super(`${message} (at offset ${offset})`);
    this.name = "HclSyntaxError";
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------

export interface LiteralExpr extends Span {
  readonly kind: "literal";
  readonly value: string | number | boolean | null;
}

/** A quoted string, a heredoc, or (from parseTemplate) a whole string value. */
export interface TemplateExpr extends Span {
  readonly kind: "template";
  readonly parts: readonly TemplatePart[];
  /** Exactly one interpolation and nothing else: the value passes through unconverted (`"${list}"` is a list). */
  readonly wrap: boolean;
  /** Some part is an `%{if}` or `%{for}` directive. */
  readonly hasDirective: boolean;
}

export interface IfDirective extends Span {
  readonly kind: "ifDirective";
  readonly condition: Expression;
  readonly then: TemplateExpr;
  readonly else: TemplateExpr;
}

export interface ForDirective extends Span {
  readonly kind: "forDirective";
  readonly keyVar?: string;
  readonly valueVar: string;
  readonly collection: Expression;
  readonly body: TemplateExpr;
}

export type TemplatePart = Expression | IfDirective | ForDirective;

export interface AttrStep extends Span {
  readonly kind: "attr";
  readonly name: string;
}

/** `[0]`, `["k"]` or the legacy `.0`: an index whose key is a literal. */
export interface KeyStep extends Span {
  readonly kind: "key";
  readonly key: string | number | boolean | null;
}

export type Step = AttrStep | KeyStep;

/** `aws_s3_bucket.b.arn`, `local.cfg.actions[0]`: a name and literal steps. */
export interface TraversalExpr extends Span {
  readonly kind: "traversal";
  readonly root: string;
  readonly steps: Step[];
}

/** Literal steps after something that is not a name: `f(x).arn`, `[a, b][0]`. */
export interface RelativeTraversalExpr extends Span {
  readonly kind: "relative";
  readonly source: Expression;
  readonly steps: Step[];
}

/** An index whose key is an expression: `m[var.k]`. */
export interface IndexExpr extends Span {
  readonly kind: "index";
  readonly collection: Expression;
  readonly key: Expression;
}

/** `a[*].b` (attrOnly false) or `a.*.b` (attrOnly true); `each` is evaluated per element with `anon` bound to it. */
export interface SplatExpr extends Span {
  readonly kind: "splat";
  readonly source: Expression;
  readonly each: Expression;
  readonly attrOnly: boolean;
}

/** The element placeholder inside a splat's `each`. */
export interface AnonSymbolExpr extends Span {
  readonly kind: "anon";
}

export interface CallExpr extends Span {
  readonly kind: "call";
  /** `jsonencode`, or `provider::aws::arn_parse` for provider functions. */
  readonly name: string;
  readonly args: readonly Expression[];
  /** The last argument was written `list...`. */
  readonly expandFinal: boolean;
}

export interface TupleExpr extends Span {
  readonly kind: "tuple";
  readonly items: readonly Expression[];
}

export interface ObjectItem {
  /** A bare name (`Effect = ...`) is a traversal with no steps; see objectKeyName. */
  readonly key: Expression;
  /** The key was written in parentheses, so even a bare name is evaluated. */
  readonly forceNonLiteral: boolean;
  readonly value: Expression;
}

export interface ObjectExpr extends Span {
  readonly kind: "object";
  readonly items: readonly ObjectItem[];
}

export interface ForExpr extends Span {
  readonly kind: "for";
  readonly keyVar?: string;
  readonly valueVar: string;
  readonly collection: Expression;
  /** Present exactly when the result is an object (`{for k, v in m : k => v}`). */
  readonly keyExpr?: Expression;
  readonly valueExpr: Expression;
  readonly condition?: Expression;
  /** `{for ... : k => v...}`: values with the same key are grouped into lists. */
  readonly group: boolean;
}

export interface UnaryExpr extends Span {
  readonly kind: "unary";
  readonly op: "!" | "-";
  readonly operand: Expression;
}

export type BinaryOp = "*" | "/" | "%" | "+" | "-" | ">" | ">=" | "<" | "<=" | "==" | "!=" | "&&" | "||";

export interface BinaryExpr extends Span {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly left: Expression;
  readonly right: Expression;
}

export interface ConditionalExpr extends Span {
  readonly kind: "conditional";
  readonly condition: Expression;
  readonly trueResult: Expression;
  readonly falseResult: Expression;
}

export interface ParensExpr extends Span {
  readonly kind: "parens";
  readonly expression: Expression;
}

export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TraversalExpr
  | RelativeTraversalExpr
  | IndexExpr
  | SplatExpr
  | AnonSymbolExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  | ForExpr
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | ParensExpr;

/** A whole string value as Terraform JSON holds it. */
export type Template = TemplateExpr;

/** `name = expression`, in a body. */
export interface BodyAttribute extends Span {
  readonly name: string;
  readonly expression: Expression;
}

/** `type "label" label { … }`, in a body. */
export interface BodyBlock extends Span {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
}

/** A configuration file, or the inside of a block: attributes and blocks in the order written. */
export interface Body extends Span {
  readonly attributes: readonly BodyAttribute[];
  readonly blocks: readonly BodyBlock[];
}

/** A `#`, `//` or `/* … *\/` comment of a configuration file (never text inside a string or heredoc). */
export interface Comment extends Span {
  readonly text: string;
}

export interface ConfigFile {
  readonly body: Body;
  readonly comments: readonly Comment[];
}

/** The literal name of an object key written as a bare identifier (`Effect = ...`), else undefined (the key is evaluated). */
export function objectKeyName(item: ObjectItem): string | undefined {
  return !item.forceNonLiteral && item.key.kind === "traversal" && item.key.steps.length === 0 ? item.key.root : undefined;
}

/** Parses a string value as HCL JSON holds it: literal text with `${...}` interpolations and `%{...}` directives. */
export function parseTemplate(text: string): Template {
  const parser = new Parser(text, scan(text, "bare"));
  return parser.parseTemplate("EOF", false, 0, 0);
}

/** Parses a whole native-syntax configuration file (a `.tf` file), as hclsyntax.ParseConfig does, with its comments. */
export function parseConfig(text: string): ConfigFile {
  const tokens = scan(text, "main");
  const body = new Parser(text, tokens).parseConfigFile();
  const comments = tokens.filter((token) => token.type === "COMMENT").map((token) => ({ start: token.start, end: token.end, text: text.slice(token.start, token.end).trimEnd() }));
  return { body, comments };
}

/** Parses one native-syntax expression; newlines are insignificant at the top, as in hclsyntax.ParseExpression. */
export function parseExpression(text: string): Expression {
  const parser = new Parser(text, scan(text, "main"));
  return parser.parseWholeExpression();
}

// ---------------------------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------------------------

/** Punctuation and operators are their own text; the rest: */
type Named =
  | "NUMBER"
  | "IDENT"
  | "COMMENT"
  | "NL"
  | "OQUOTE"
  | "CQUOTE"
  | "OHEREDOC"
  | "CHEREDOC"
  | "LIT"
  | "INTERP"
  | "CONTROL"
  | "SEQEND"
  | "EOF";

interface Token {
  readonly type: Named | string;
  readonly start: number;
  readonly end: number;
  /** LIT: the text after escapes; IDENT/NUMBER: the source. */
  readonly value?: string;
  /** INTERP/CONTROL written `${~`/`%{~`, SEQEND written `~}`. */
  readonly strip?: boolean;
  /** COMMENT: a line comment that swallowed its newline. */
  readonly newline?: boolean;
  /** OHEREDOC: `<<-`, which strips common leading whitespace. */
  readonly flush?: boolean;
}

type ScanState = { mode: "main" } | { mode: "quoted" } | { mode: "bare" } | { mode: "heredoc"; marker: string; startOfLine: boolean };

const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const HEREDOC_START = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)\r?\n/uy;
const THREE_CHAR = new Set(["..."]);
const TWO_CHAR = new Set(["==", "!=", ">=", "<=", "&&", "||", "::", "=>"]);
const ONE_CHAR = new Set("[]().,*/%+-=<>!?:&|^;`'~");
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const HEX8 = /^[0-9A-Fa-f]{8}$/;

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * Splits the whole text into tokens up front, keeping hclsyntax's stack of modes: `${` and `%{` enter
 * expression mode until the `}` at the same brace depth, `"` enters a quoted string, `<<EOT` a heredoc.
 * Anything hclsyntax would mark invalid fails here at once: an invalid token can never be part of a
 * successful parse, so reporting it early changes nothing but the message.
 */
function scan(text: string, root: "main" | "bare"): Token[] {
  const tokens: Token[] = [];
  const stack: ScanState[] = [root === "main" ? { mode: "main" } : { mode: "bare" }];
  let braces = 0;
  const returnBraces: number[] = [];
  let unterminatedComment = Infinity;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at: number): never => {
    throw new HclSyntaxError(message, at);
  };

  const openSequence = (at: number, type: "INTERP" | "CONTROL", state: ScanState) => {
    const strip = text[at + 2] === "~";
    tokens.push({ type, start: at, end: at + (strip ? 3 : 2), strip });
    braces++;
    returnBraces.push(braces);
    if (state.mode === "heredoc") state.startOfLine = false;
    stack.push({ mode: "main" });
    return at + (strip ? 3 : 2);
  };

  /** `}` or `~}`: closes a template sequence when the brace depth is the one it opened at. */
  const closeBrace = (at: number, strip: boolean) => {
    const width = strip ? 2 : 1;
    if (returnBraces.length > 0 && returnBraces[returnBraces.length - 1] === braces) {
      tokens.push({ type: "SEQEND", start: at, end: at + width, strip });
      returnBraces.pop();
      stack.pop();
    } else {
      // A stray `~}` is still a sequence end, so the parser rejects it rather than reading a brace.
      tokens.push({ type: strip ? "SEQEND" : "}", start: at, end: at + width, strip });
    }
    braces--;
    return at + width;
  };

  /** Literal text of a quoted string, heredoc or bare template, up to a sequence, a quote or the end of the line. */
  const literal = (state: ScanState): number => {
    const begin = i;
    let j = i;
    let value = "";
    let endOfLine = false;
    while (j < n) {
      const c = text[j];
      if (c === "$" || c === "%") {
        if (text[j + 1] === c && text[j + 2] === "{") {
          value += c + "{"; // `$${` and `%%{` are escapes for a literal `${` / `%{`
          j += 3;
          continue;
        }
        if (text[j + 1] === "{") break;
        value += c;
        j++;
        continue;
      }
      if (state.mode === "quoted") {
        if (c === '"') break;
        if (c === "\n" || c === "\r") break;
        if (c === "\\") {
          const [decoded, width] = escape(text, j);
          value += decoded;
          j += width;
          continue;
        }
        value += c;
        j++;
        continue;
      }
      if (c === "\n") {
        value += c;
        j++;
        endOfLine = true;
        break;
      }
      if (c === "\r") {
        if (text[j + 1] === "\n") {
          value += "\r\n";
          j += 2;
          endOfLine = true;
          break;
        }
        // hclsyntax's scanner cannot match a lone CR: in a top-level bare template it keeps the rest as
        // literal text, anywhere else it is an error.
        if (state.mode === "bare") {
          value += text.slice(j);
          j = n;
          break;
        }
        fail("Invalid character in heredoc", j);
      }
      value += c;
      j++;
    }
    if (state.mode === "heredoc") state.startOfLine = endOfLine;
    tokens.push({ type: "LIT", start: begin, end: j, value });
    return j;
  };

  while (i < n) {
    const state = stack[stack.length - 1];
    const c = text[i];

    if (state.mode !== "main") {
      if ((c === "$" || c === "%") && text[i + 1] === "{") {
        i = openSequence(i, c === "$" ? "INTERP" : "CONTROL", state);
        continue;
      }
      if (state.mode === "quoted") {
        if (c === '"') {
          tokens.push({ type: "CQUOTE", start: i, end: i + 1 });
          stack.pop();
          i++;
          continue;
        }
        if (c === "\n" || c === "\r") fail("Unterminated template string: quoted strings cannot contain newlines", i);
      }
      if (state.mode === "heredoc" && state.startOfLine) {
        const newline = text.indexOf("\n", i);
        if (newline >= 0 && trimSpace(text.slice(i, newline)) === state.marker) {
          const lineEnd = text[newline - 1] === "\r" ? newline - 1 : newline;
          tokens.push({ type: "CHEREDOC", start: i, end: lineEnd });
          tokens.push({ type: "NL", start: lineEnd, end: newline + 1 });
          stack.pop();
          i = newline + 1;
          continue;
        }
      }
      i = literal(state);
      continue;
    }

    // Expression mode.
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      for (;;) {
        const d = text[j];
        if (isDigit(d) || d === ".") j++;
        else if ((d === "e" || d === "E") && (isDigit(text[j + 1]) || ((text[j + 1] === "+" || text[j + 1] === "-") && isDigit(text[j + 2])))) j += isDigit(text[j + 1]) ? 2 : 3;
        else break;
      }
      while (text[j - 1] === ".") j--; // a number never ends with a dot: `1.` is `1` then `.`
      tokens.push({ type: "NUMBER", start: i, end: j, value: text.slice(i, j) });
      i = j;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) {
      tokens.push({ type: "IDENT", start: i, end: i + ident[0].length, value: ident[0] });
      i += ident[0].length;
      continue;
    }
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      const newline = text.indexOf("\n", i);
      const end = newline < 0 ? n : newline + 1;
      tokens.push({ type: "COMMENT", start: i, end, newline: newline >= 0 });
      i = end;
      continue;
    }
    if (c === "/" && text[i + 1] === "*" && i < unterminatedComment) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) unterminatedComment = i; // no later `/*` can be closed either: do not search again
      if (close >= 0) {
        tokens.push({ type: "COMMENT", start: i, end: close + 2 });
        i = close + 2;
        continue;
      }
      // Unterminated: hclsyntax's scanner falls back to `/` and `*`, which no expression accepts.
    }
    if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      const width = c === "\n" ? 1 : 2;
      tokens.push({ type: "NL", start: i, end: i + width });
      i += width;
      continue;
    }
    if (c === '"') {
      tokens.push({ type: "OQUOTE", start: i, end: i + 1 });
      stack.push({ mode: "quoted" });
      i++;
      continue;
    }
    if (c === "<") {
      HEREDOC_START.lastIndex = i;
      const heredoc = HEREDOC_START.exec(text);
      if (heredoc) {
        const end = i + heredoc[0].length;
        tokens.push({ type: "OHEREDOC", start: i, end, flush: heredoc[1] === "-", value: heredoc[2] });
        stack.push({ mode: "heredoc", marker: heredoc[2], startOfLine: true });
        i = end;
        continue;
      }
    }
    if (c === "{") {
      tokens.push({ type: "{", start: i, end: i + 1 });
      braces++;
      i++;
      continue;
    }
    if (c === "}") {
      i = closeBrace(i, false);
      continue;
    }
    if (c === "~" && text[i + 1] === "}") {
      i = closeBrace(i, true);
      continue;
    }
    const three = text.slice(i, i + 3);
    if (THREE_CHAR.has(three)) {
      tokens.push({ type: three, start: i, end: i + 3 });
      i += 3;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      tokens.push({ type: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR.has(c)) {
      tokens.push({ type: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    fail(`Invalid character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ type: "EOF", start: n, end: n });
  return tokens;
}

/** One backslash escape of a quoted string at `at`: the decoded text and how many characters it used. */
function escape(text: string, at: number): [string, number] {
  const selector = text[at + 1];
  switch (selector) {
    case "n":
      return ["\n", 2];
    case "r":
      return ["\r", 2];
    case "t":
      return ["\t", 2];
    case '"':
      return ['"', 2];
    case "\\":
      return ["\\", 2];
    case "u":
    case "U": {
      const digits = selector === "u" ? 4 : 8;
      const hex = text.slice(at + 2, at + 2 + digits);
      if (!(selector === "u" ? HEX4 : HEX8).test(hex)) {
        throw new HclSyntaxError(`Invalid escape sequence: \\${selector} must be followed by ${digits} hexadecimal digits`, at);
      }
      const codePoint = parseInt(hex, 16);
      if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
        throw new HclSyntaxError(`Invalid escape sequence: cannot encode U+${hex} in UTF-8`, at);
      }
      return [String.fromCodePoint(codePoint), 2 + digits];
    }
    default:
      throw new HclSyntaxError(selector === undefined || selector === "\n" || selector === "\r" ? "Invalid escape sequence: backslash at end of line" : `Invalid escape sequence \\${selector}`, at);
  }
}

/** Go's unicode.IsSpace, which hclsyntax uses for `~` stripping and heredoc indentation. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

// Loops rather than /\s+$/, which takes quadratic time on a long run of spaces followed by text.
function trimLeft(s: string): string {
  let start = 0;
  while (start < s.length && SPACE.test(s[start])) start++;
  return s.slice(start);
}

function trimRight(s: string): string {
  let end = s.length;
  while (end > 0 && SPACE.test(s[end - 1])) end--;
  return s.slice(0, end);
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/** Beyond this nesting the input is treated as invalid: no real policy comes close, and the stack stays safe. */
const MAX_DEPTH = 200;

/** Binary operators from the loosest to the tightest binding; all are left-associative. */
const PRECEDENCE: readonly (readonly BinaryOp[])[] = [["||"], ["&&"], ["==", "!="], [">", ">=", "<", "<="], ["+", "-"], ["*", "/", "%"]];

/** Number literals as Go's big.Float accepts them (`1.e5` is fine, `1.2.3` is not). */
const NUMBER = /^\d+(\.\d*)?([eE][+-]?\d+)?$/;

type RawPart =
  | { readonly t: "lit"; value: string; readonly start: number; end: number }
  | { readonly t: "interp"; readonly expr: Expression; readonly start: number; readonly end: number }
  | { readonly t: "if"; readonly condition: Expression; readonly start: number; readonly end: number }
  | { readonly t: "for"; readonly keyVar?: string; readonly valueVar: string; readonly collection: Expression; readonly start: number; readonly end: number }
  | { readonly t: "else" | "endif" | "endfor"; readonly start: number; readonly end: number };

class Parser {
  private position = 0;
  /** hclsyntax's peeker stack: whether newlines are tokens (object bodies) or ignored (brackets, parentheses). */
  private readonly newlines: boolean[] = [true];
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseWholeExpression(): Expression {
    this.newlines.push(false);
    const expression = this.parseExpression();
    const next = this.peek();
    if (next.type !== "EOF") this.fail("Extra characters after expression", next);
    return expression;
  }

  parseConfigFile(): Body {
    return this.parseBody("EOF", 0);
  }

  // --- bodies -------------------------------------------------------------------------------------

  /**
   * Attributes and blocks up to `end` (EOF, or the `}` of a block, left unread), as hclsyntax's
   * ParseBody: newlines separate items, an attribute is defined once per body.
   */
  private parseBody(end: "EOF" | "}", start: number): Body {
    const attributes: BodyAttribute[] = [];
    const blocks: BodyBlock[] = [];
    const names = new Set<string>();
    for (;;) {
      const next = this.peek();
      if (next.type === end) return { attributes, blocks, start, end: next.start };
      if (next.type === "NL") {
        this.read();
        continue;
      }
      if (next.type !== "IDENT") this.fail("Argument or block definition required: an argument or block definition must start with a name", next);
      const item = this.parseBodyItem(false);
      if ("expression" in item) {
        if (names.has(item.name)) this.fail(`Attribute redefined: the argument "${item.name}" was already set`, next);
        names.add(item.name);
        attributes.push(item);
      } else {
        blocks.push(item);
      }
    }
  }

  /** One `name = expression` or `type labels { … }`; `singleLine`: inside `{ … }` on one line, where only an attribute may stand. */
  private parseBodyItem(singleLine: boolean): BodyAttribute | BodyBlock {
    const name = this.read();
    const after = this.peek();
    if (after.type === "=") {
      this.read();
      this.enter(name);
      try {
        const expression = this.parseExpression();
        if (!singleLine) this.endOfItem("Missing newline after argument: an argument definition must end with a newline");
        return { name: name.value as string, expression, start: name.start, end: expression.end };
      } finally {
        this.depth--;
      }
    }
    if (singleLine) this.fail("Invalid single-argument block definition: a single-line block may hold one argument only", name);
    if (after.type === "OQUOTE" || after.type === "{" || after.type === "IDENT") return this.finishBlock(name);
    return this.fail("Argument or block definition required: an equals sign introduces an argument, a brace a block", after);
  }

  private finishBlock(type: Token): BodyBlock {
    const labels: string[] = [];
    for (;;) {
      const next = this.peek();
      if (next.type === "{") break;
      if (next.type === "IDENT") labels.push(this.read().value as string);
      else if (next.type === "OQUOTE") labels.push(this.quotedLabel());
      else this.fail("Invalid block definition: either a quoted string block label or an opening brace is expected here", next);
    }
    const open = this.read();
    this.enter(open);
    try {
      let body: Body;
      if (this.peek().type === "NL" || this.peek().type === "}") {
        body = this.withNewlines(true, () => this.parseBody("}", open.end));
      } else {
        // `resource "x" "y" { name = "z" }`: one argument on the line.
        const attribute = this.parseBodyItem(true) as BodyAttribute;
        body = { attributes: [attribute], blocks: [], start: open.end, end: attribute.end };
        if (this.peek().type !== "}") this.fail("Invalid single-argument block definition: the block must end after its one argument", this.peek());
      }
      const close = this.read();
      this.endOfItem("Missing newline after block definition: a block definition must end with a newline");
      return { type: type.value as string, labels, body, start: type.start, end: close.end };
    } finally {
      this.depth--;
    }
  }

  /** A block label in quotes: a plain string, no template sequence. */
  private quotedLabel(): string {
    this.read(); // the opening quote
    let value = "";
    for (let next = this.read(); next.type !== "CQUOTE"; next = this.read()) {
      if (next.type !== "LIT") this.fail("Invalid block label: template sequences are not allowed in a block label", next);
      value += next.value as string;
    }
    return value;
  }

  /** After an argument or a block: a newline (or a comment ending the line), or the end of the file. */
  private endOfItem(message: string): void {
    const next = this.peek();
    if (next.type === "EOF") return;
    if (next.type !== "NL") this.fail(message, next);
    this.read();
  }

  // --- peeker -----------------------------------------------------------------------------------

  private nextToken(): [Token, number] {
    const includeNewlines = this.newlines[this.newlines.length - 1];
    for (let i = this.position; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token.type === "COMMENT") {
        // A line comment ends its line, so where newlines matter it counts as one.
        if (includeNewlines && token.newline) return [{ type: "NL", start: token.start, end: token.end }, i + 1];
        continue;
      }
      if (token.type === "NL" && !includeNewlines) continue;
      return [token, i + 1];
    }
    return [this.tokens[this.tokens.length - 1], this.tokens.length];
  }

  private peek(): Token {
    return this.nextToken()[0];
  }

  private read(): Token {
    const [token, next] = this.nextToken();
    this.position = next;
    return token;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.type === "IDENT" && token.value === word;
  }

  private expect(type: string, message: string): Token {
    const token = this.read();
    if (token.type !== type) this.fail(message, token);
    return token;
  }

  private fail(message: string, token: Token): never {
    throw new HclSyntaxError(token.type === "EOF" ? `${message}: unexpected end of input` : message, token.start);
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail("Expression nests too deeply", token);
  }

  private withNewlines<T>(include: boolean, body: () => T): T {
    this.newlines.push(include);
    try {
      return body();
    } finally {
      this.newlines.pop();
    }
  }

  // --- expressions --------------------------------------------------------------------------------

  parseExpression(): Expression {
    const first = this.peek();
    this.enter(first);
    try {
      const condition = this.parseBinary(0);
      if (this.peek().type !== "?") return condition;
      this.read();
      const trueResult = this.parseExpression();
      this.expect(":", "Missing false expression in conditional");
      const falseResult = this.parseExpression();
      return { kind: "conditional", condition, trueResult, falseResult, start: condition.start, end: falseResult.end };
    } finally {
      this.depth--;
    }
  }

  private parseBinary(level: number): Expression {
    if (level === PRECEDENCE.length) return this.parseTermWithTraversals();
    const operators = PRECEDENCE[level];
    let left = this.parseBinary(level + 1);
    for (;;) {
      const op = this.peek().type as BinaryOp;
      if (!operators.includes(op)) return left;
      this.read();
      const right = this.parseBinary(level + 1);
      left = { kind: "binary", op, left, right, start: left.start, end: right.end };
    }
  }

  private parseTermWithTraversals(): Expression {
    return this.parseTraversals(this.parseTerm());
  }

  private parseTraversals(from: Expression): Expression {
    let result = from;
    // Literal steps are collected and attached once, so a long `a.b.c...` chain costs linear time.
    let steps: Step[] = [];
    const attach = () => {
      if (steps.length > 0) result = extend(result, steps);
      steps = [];
      return result;
    };
    for (;;) {
      const next = this.peek();
      if (next.type === ".") {
        const dot = this.read();
        const after = this.peek();
        if (after.type === "IDENT") {
          const name = this.read();
          steps.push({ kind: "attr", name: name.value as string, start: dot.start, end: name.end });
        } else if (after.type === "NUMBER") {
          steps.push(this.legacyIndex(dot));
        } else if (after.type === "*") {
          result = this.finishAttrSplat(attach(), dot);
        } else {
          this.fail("Invalid attribute name: an attribute name is required after a dot", after);
        }
      } else if (next.type === "[") {
        const open = this.read();
        if (this.peek().type === "*") {
          this.read();
          const close = this.expect("]", "Missing close bracket on splat index");
          // A full splat applies every following step to each element.
          const source = attach();
          const item: AnonSymbolExpr = { kind: "anon", start: open.start, end: close.end };
          this.enter(next);
          try {
            const each = this.parseTraversals(item);
            result = { kind: "splat", source, each, attrOnly: false, start: source.start, end: each.end };
          } finally {
            this.depth--;
          }
        } else {
          const [key, close] = this.withNewlines(false, () => {
            const keyExpression = this.parseExpression();
            return [keyExpression, this.expect("]", "Missing close bracket on index")] as const;
          });
          const literal = literalKey(key);
          if (literal) {
            steps.push({ kind: "key", key: literal.value, start: open.start, end: close.end });
          } else {
            const collection = attach();
            result = { kind: "index", collection, key, start: collection.start, end: close.end };
          }
        }
      } else {
        return attach();
      }
    }
  }

  /** `.0` after a name: HIL's old way of writing `[0]`. `a.0.1` scans as the number 0.1, which hclsyntax rejects. */
  private legacyIndex(dot: Token): KeyStep {
    const number = this.read();
    const text = number.value as string;
    if (text.includes(".")) this.fail("Invalid legacy index syntax: chaining two indexes together is not permitted", number);
    return { kind: "key", key: this.numberValue(number), start: dot.start, end: number.end };
  }

  /** `a.*.b.c`: only attribute (and legacy index) steps belong to the splat; anything after applies to the result. */
  private finishAttrSplat(source: Expression, dot: Token): Expression {
    const star = this.read();
    const item: AnonSymbolExpr = { kind: "anon", start: dot.start, end: star.end };
    const steps: Step[] = [];
    while (this.peek().type === ".") {
      const stepDot = this.read();
      const after = this.peek();
      if (after.type === "NUMBER") {
        steps.push(this.legacyIndex(stepDot));
      } else if (after.type === "IDENT") {
        const name = this.read();
        steps.push({ kind: "attr", name: name.value as string, start: stepDot.start, end: name.end });
      } else {
        this.fail(after.type === "*" ? "Nested splat expression not allowed" : "Invalid attribute name", after);
      }
    }
    const each: Expression = steps.length === 0 ? item : { kind: "relative", source: item, steps, start: steps[0].start, end: steps[steps.length - 1].end };
    return { kind: "splat", source, each, attrOnly: true, start: source.start, end: each.end };
  }

  private parseTerm(): Expression {
    const start = this.peek();
    switch (start.type) {
      case "(": {
        this.read();
        return this.withNewlines(false, () => {
          const expression = this.parseExpression();
          const close = this.expect(")", "Unbalanced parentheses");
          return { kind: "parens", expression, start: start.start, end: close.end } as ParensExpr;
        });
      }
      case "NUMBER":
        this.read();
        return { kind: "literal", value: this.numberValue(start), start: start.start, end: start.end };
      case "IDENT": {
        this.read();
        const after = this.peek().type;
        if (after === "(" || after === "::") return this.finishCall(start);
        const name = start.value as string;
        if (name === "true" || name === "false") return { kind: "literal", value: name === "true", start: start.start, end: start.end };
        if (name === "null") return { kind: "literal", value: null, start: start.start, end: start.end };
        return { kind: "traversal", root: name, steps: [], start: start.start, end: start.end };
      }
      case "OQUOTE":
      case "OHEREDOC":
        this.read();
        return this.parseTemplate(start.type === "OQUOTE" ? "CQUOTE" : "CHEREDOC", start.flush === true, start.start, start.end);
      case "-":
      case "!": {
        this.read();
        this.enter(start);
        try {
          // Binds tighter than any binary operator but takes the traversals: `-a.b` is `-(a.b)`, `-1+2` is `(-1)+2`.
          const operand = this.parseTermWithTraversals();
          return { kind: "unary", op: start.type as "!" | "-", operand, start: start.start, end: operand.end };
        } finally {
          this.depth--;
        }
      }
      case "[":
        return this.parseTuple();
      case "{":
        return this.parseObject();
      default:
        return this.fail("Invalid expression: expected the start of an expression", start);
    }
  }

  private numberValue(token: Token): number {
    const text = token.value as string;
    const value = Number(text);
    if (!NUMBER.test(text) || !Number.isFinite(value)) this.fail("Invalid number literal", token);
    return value;
  }

  private finishCall(nameToken: Token): CallExpr {
    let name = nameToken.value as string;
    let open = this.read();
    while (open.type === "::") {
      const part = this.read();
      if (part.type !== "IDENT") this.fail("Missing function name after ::", part);
      name += `::${part.value as string}`;
      open = this.read();
    }
    if (open.type !== "(") this.fail("Missing open parenthesis after function name", open);
    return this.withNewlines(false, () => {
      const args: Expression[] = [];
      let expandFinal = false;
      let close: Token;
      for (;;) {
        if (this.peek().type === ")") {
          close = this.read();
          break;
        }
        args.push(this.parseExpression());
        const separator = this.read();
        if (separator.type === ")") {
          close = separator;
          break;
        }
        if (separator.type === "...") {
          expandFinal = true;
          close = this.expect(")", "Missing closing parenthesis: an expanded argument (...) must be the last");
          break;
        }
        if (separator.type !== ",") this.fail("Missing argument separator: a comma is required between arguments", separator);
        if (this.peek().type === ")") {
          close = this.read();
          break;
        }
      }
      return { kind: "call", name, args, expandFinal, start: nameToken.start, end: close.end };
    });
  }

  private parseTuple(): Expression {
    const open = this.read();
    return this.withNewlines(false, () => {
      if (this.isKeyword(this.peek(), "for")) return this.finishFor(open);
      const items: Expression[] = [];
      for (;;) {
        if (this.peek().type === "]") break;
        items.push(this.parseExpression());
        if (this.peek().type === "]") break;
        this.expect(",", "Missing item separator: expected a comma");
      }
      const close = this.read();
      return { kind: "tuple", items, start: open.start, end: close.end };
    });
  }

  private parseObject(): Expression {
    const open = this.read();
    // `for` is looked for with newlines ignored, since for expressions are not newline-sensitive.
    if (this.withNewlines(false, () => this.isKeyword(this.peek(), "for"))) return this.withNewlines(false, () => this.finishFor(open));
    return this.withNewlines(true, () => {
      const items: ObjectItem[] = [];
      let close: Token;
      for (;;) {
        const next = this.peek();
        if (next.type === "NL") {
          this.read();
          continue;
        }
        if (next.type === "}") {
          close = this.read();
          break;
        }
        const forceNonLiteral = next.type === "(";
        const key = this.parseExpression();
        const separator = this.read();
        if (separator.type !== "=" && separator.type !== ":") this.fail("Missing key/value separator: expected an equals sign", separator);
        const value = this.parseExpression();
        items.push({ key, forceNonLiteral, value });
        const after = this.peek();
        if (after.type === "}") {
          close = this.read();
          break;
        }
        if (after.type !== "," && after.type !== "NL") this.fail("Missing attribute separator: expected a newline or comma", after);
        this.read();
      }
      return { kind: "object", items, start: open.start, end: close.end };
    });
  }

  /** The `for` keyword is next; `open` is the `[` or `{` already read. */
  private finishFor(open: Token): ForExpr {
    const object = open.type === "{";
    this.read(); // for
    let valueVar = this.expect("IDENT", "Invalid 'for' expression: a variable name is required after 'for'").value as string;
    let keyVar: string | undefined;
    if (this.peek().type === ",") {
      this.read();
      keyVar = valueVar;
      valueVar = this.expect("IDENT", "Invalid 'for' expression: a value variable name is required after the comma").value as string;
    }
    const inKeyword = this.read();
    if (!this.isKeyword(inKeyword, "in")) this.fail("Invalid 'for' expression: 'in' is required after the variable names", inKeyword);
    const collection = this.parseExpression();
    this.expect(":", "Invalid 'for' expression: a colon is required after the collection");
    let keyExpr: Expression | undefined;
    let valueExpr = this.parseExpression();
    if (this.peek().type === "=>") {
      this.read();
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
    }
    let group = false;
    if (this.peek().type === "...") {
      this.read();
      group = true;
    }
    let condition: Expression | undefined;
    if (this.isKeyword(this.peek(), "if")) {
      this.read();
      condition = this.parseExpression();
    }
    const close = this.expect(object ? "}" : "]", "Invalid 'for' expression: extra characters after the end");
    if (!object && keyExpr) this.fail("Invalid 'for' expression: a key expression is not valid when building a tuple", open);
    if (!object && group) this.fail("Invalid 'for' expression: grouping (...) cannot be used when building a tuple", open);
    if (object && !keyExpr) this.fail("Invalid 'for' expression: a key expression is required when building an object", open);
    return { kind: "for", keyVar, valueVar, collection, keyExpr, valueExpr, condition, group, start: open.start, end: close.end };
  }

  // --- templates ---------------------------------------------------------------------------------

  /** Reads template tokens up to `end` (already past the opening quote or heredoc marker), as hclsyntax's parseTemplateInner. */
  parseTemplate(end: "EOF" | "CQUOTE" | "CHEREDOC", flush: boolean, start: number, contentStart: number): TemplateExpr {
    const raw: RawPart[] = [];
    let trimNext = false;
    let previousWasLiteral = false;
    let close: Token;
    for (;;) {
      const next = this.read();
      if (next.type === end) {
        close = next;
        break;
      }
      const trimThis = trimNext;
      trimNext = false;
      const canTrimPrevious = previousWasLiteral;
      previousWasLiteral = false;
      switch (next.type) {
        case "LIT":
          raw.push({ t: "lit", value: trimThis ? trimLeft(next.value as string) : (next.value as string), start: next.start, end: next.end });
          previousWasLiteral = true;
          break;
        case "INTERP":
        case "CONTROL": {
          // `${~` strips the whitespace that ends the literal before it.
          const previous = raw[raw.length - 1];
          if (next.strip && canTrimPrevious && previous?.t === "lit") previous.value = trimRight(previous.value);
          const [part, sequenceEnd] = this.withNewlines(false, () => (next.type === "INTERP" ? this.interpolation(next) : this.directive(next)));
          raw.push(part);
          trimNext = sequenceEnd.strip === true;
          break;
        }
        default:
          this.fail("Unterminated template string: no closing marker was found", next);
      }
    }
    // An empty template is one empty literal, just after the opening marker.
    if (raw.length === 0) raw.push({ t: "lit", value: "", start: contentStart, end: contentStart });
    if (flush) flushHeredoc(raw);
    const melded = meld(raw);
    const wrap = melded.length === 1 && melded[0].t === "interp";
    const builder = new TemplateBuilder(melded, this.text);
    const parts = builder.build();
    return { kind: "template", parts, wrap, hasDirective: builder.sawDirective, start, end: end === "EOF" ? this.text.length : close.end };
  }

  private interpolation(open: Token): [RawPart, Token] {
    const expr = this.parseExpression();
    const close = this.read();
    if (close.type !== "SEQEND") this.fail("Extra characters after interpolation expression: expected a closing brace", close);
    return [{ t: "interp", expr, start: open.start, end: close.end }, close];
  }

  private directive(open: Token): [RawPart, Token] {
    const keyword = this.read();
    if (keyword.type !== "IDENT") this.fail('Invalid template directive: a keyword ("if", "for", ...) is expected after %{', keyword);
    let finish: (end: number) => RawPart;
    switch (keyword.value) {
      case "if": {
        const condition = this.parseExpression();
        finish = (end) => ({ t: "if", condition, start: open.start, end });
        break;
      }
      case "else":
      case "endif":
      case "endfor": {
        const t = keyword.value;
        finish = (end) => ({ t, start: open.start, end });
        break;
      }
      case "for": {
        let valueVar = this.expect("IDENT", "Invalid 'for' directive: a variable name is required after 'for'").value as string;
        let keyVar: string | undefined;
        if (this.peek().type === ",") {
          this.read();
          keyVar = valueVar;
          valueVar = this.expect("IDENT", "Invalid 'for' directive: a value variable name is required after the comma").value as string;
        }
        const inKeyword = this.read();
        if (!this.isKeyword(inKeyword, "in")) this.fail("Invalid 'for' directive: 'in' is required after the variable names", inKeyword);
        const collection = this.parseExpression();
        finish = (end) => ({ t: "for", keyVar, valueVar, collection, start: open.start, end });
        break;
      }
      default:
        return this.fail(`Invalid template control keyword ${JSON.stringify(keyword.value)}`, keyword);
    }
    const close = this.read();
    if (close.type !== "SEQEND") this.fail(`Extra characters in ${keyword.value as string} directive: expected a closing brace`, close);
    return [finish(close.end), close];
  }
}

/** Adds literal steps to a traversal, or starts a relative traversal from any other expression. */
function extend(expression: Expression, steps: Step[]): Expression {
  const end = steps[steps.length - 1].end;
  if (expression.kind === "traversal" || expression.kind === "relative") {
    return { ...expression, steps: [...expression.steps, ...steps], end };
  }
  return { kind: "relative", source: expression, steps, start: expression.start, end };
}

/** A constant index key (`[0]`, `["k"]`, `[true]`) makes a traversal step, as in hclsyntax; anything else is an IndexExpr. */
function literalKey(key: Expression): { value: string | number | boolean | null } | undefined {
  if (key.kind === "literal") return { value: key.value };
  if (key.kind === "template" && !key.wrap && key.parts.length === 1 && key.parts[0].kind === "literal") return { value: key.parts[0].value };
  return undefined;
}

/**
 * `<<-` heredocs: finds the line with the fewest leading whitespace characters and removes that many
 * from every line. Like hclsyntax it looks only at literal text that starts a line (an interpolation
 * at the start of a line counts as no indentation) and skips blank lines.
 */
function flushHeredoc(raw: RawPart[]): void {
  let minimum = Infinity;
  let atLineStart = true;
  const adjust: { t: "lit"; value: string }[] = [];
  for (const part of raw) {
    if (atLineStart) {
      atLineStart = false;
      let spaces = 0;
      if (part.t === "lit") {
        const trimmed = trimLeft(part.value);
        if (trimmed.length === 0 && part.value.endsWith("\n")) {
          spaces = Infinity;
        } else {
          spaces = Array.from(part.value.slice(0, part.value.length - trimmed.length)).length;
          adjust.push(part);
        }
      }
      minimum = Math.min(minimum, spaces);
    }
    if (part.t === "lit" && part.value.endsWith("\n")) atLineStart = true;
  }
  for (const part of adjust) part.value = Array.from(part.value).slice(minimum).join("");
}

/** Joins neighbouring literal pieces (the scanner splits them at line ends and sequences). */
function meld(raw: RawPart[]): RawPart[] {
  const out: RawPart[] = [];
  for (const part of raw) {
    const previous = out[out.length - 1];
    if (part.t === "lit" && previous?.t === "lit") {
      out[out.length - 1] = { t: "lit", value: previous.value + part.value, start: previous.start, end: part.end };
    } else {
      out.push(part);
    }
  }
  return out;
}

/** Turns the flat list of template pieces into a tree, pairing `%{if}`/`%{else}`/`%{endif}` and `%{for}`/`%{endfor}`. */
class TemplateBuilder {
  private position = 0;
  private depth = 0;
  sawDirective = false;

  constructor(
    private readonly raw: readonly RawPart[],
    private readonly text: string,
  ) {}

  build(): TemplatePart[] {
    const { parts, terminator } = this.sequence();
    if (terminator) throw new HclSyntaxError(`Unexpected ${terminator.t} directive`, terminator.start);
    return parts;
  }

  /** Parts up to the next else/endif/endfor (returned, not consumed) or the end. */
  private sequence(): { parts: TemplatePart[]; terminator?: RawPart } {
    const parts: TemplatePart[] = [];
    while (this.position < this.raw.length) {
      const part = this.raw[this.position];
      if (part.t === "else" || part.t === "endif" || part.t === "endfor") return { parts, terminator: part };
      this.position++;
      switch (part.t) {
        case "lit":
          parts.push({ kind: "literal", value: part.value, start: part.start, end: part.end });
          break;
        case "interp":
          parts.push(part.expr);
          break;
        case "if":
          parts.push(this.finishIf(part));
          break;
        case "for":
          parts.push(this.finishFor(part));
          break;
      }
    }
    return { parts };
  }

  private enter(at: number): void {
    this.sawDirective = true;
    if (++this.depth > MAX_DEPTH) throw new HclSyntaxError("Template directives nest too deeply", at);
  }

  private finishIf(open: Extract<RawPart, { t: "if" }>): IfDirective {
    this.enter(open.start);
    const thenBranch = this.sequence();
    let elseParts: TemplatePart[] = [];
    let end = this.take(thenBranch.terminator, open, ["else", "endif"]);
    if (end.t === "else") {
      const elseBranch = this.sequence();
      elseParts = elseBranch.parts;
      end = this.take(elseBranch.terminator, open, ["endif"]);
    }
    this.depth--;
    return {
      kind: "ifDirective",
      condition: open.condition,
      then: this.body(thenBranch.parts, open.end),
      else: this.body(elseParts, end.start),
      start: open.start,
      end: end.end,
    };
  }

  private finishFor(open: Extract<RawPart, { t: "for" }>): ForDirective {
    this.enter(open.start);
    const content = this.sequence();
    const end = this.take(content.terminator, open, ["endfor"]);
    this.depth--;
    return { kind: "forDirective", keyVar: open.keyVar, valueVar: open.valueVar, collection: open.collection, body: this.body(content.parts, open.end), start: open.start, end: end.end };
  }

  private take(terminator: RawPart | undefined, open: RawPart, allowed: readonly string[]): RawPart {
    if (!terminator) throw new HclSyntaxError(`Unexpected end of template: the ${open.t} directive is missing its end${open.t}`, this.text.length);
    if (!allowed.includes(terminator.t)) throw new HclSyntaxError(`Unexpected ${terminator.t} directive`, terminator.start);
    this.position++;
    return terminator;
  }

  private body(parts: TemplatePart[], emptyAt: number): TemplateExpr {
    const filled: TemplatePart[] = parts.length > 0 ? parts : [{ kind: "literal", value: "", start: emptyAt, end: emptyAt }];
    return {
      kind: "template",
      parts: filled,
      wrap: false,
      hasDirective: filled.some((part) => part.kind === "ifDirective" || part.kind === "forDirective"),
      start: filled[0].start,
      end: filled[filled.length - 1].end,
    };
  }
}

/** Go's strings.TrimSpace, which Terraform's trimspace() uses. */
export function trimSpace(s: string): string {
  return trimRight(trimLeft(s));
}
