/**
 * The HCL expression reader (policies/extract/hcl): the parser, the evaluator, property tests over
 * generated expressions and junk, and a differential test against @cdktf/hcl2json, which is
 * HashiCorp's own parser compiled to WASM: both must agree on what parses and on the references
 * (`aws_s3_bucket.b.arn`) an expression contains.
 */
import fc from "fast-check";
import { getExpressionAst, getReferencesInExpression, wrapTerraformExpression } from "@cdktf/hcl2json";
import {
  HclSyntaxError,
  type BinaryOp,
  type CallExpr,
  type ObjectExpr,
  type TupleExpr,
  objectKeyName,
  parseExpression,
  parseTemplate,
  type Expression,
  type Step,
  type TemplateExpr,
  type TemplatePart,
} from "../../../policies/extract/hcl/syntax";
import { evaluateTemplateString, isSymbolic, type HclScope } from "../../../policies/extract/hcl/evaluate";
import type { TerraformValue } from "../../../policies/extract/terraform-json";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A node without its spans and parentheses: what a printed-and-reparsed expression must keep. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record.kind === "parens") return shape(record.expression);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) if (key !== "start" && key !== "end" && value !== undefined) out[key] = shape(value);
    return out;
  }
  return node;
}

const slice = (text: string, node: { start: number; end: number }) => text.slice(node.start, node.end);

function syntaxError(run: () => unknown): HclSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
  throw new Error("expected an HclSyntaxError");
}

/** HCL source for a quoted string whose value is `value`. */
function quote(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] as string);
  return `"${escaped.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

const LOCALS: Record<string, TerraformValue> = {
  bucket: "chat-logs",
  count: 3,
  actions: ["s3:GetObject", "s3:PutObject"],
  more: ["s3:ListBucket"],
  cfg: { actions: ["bedrock:InvokeModel"], region: "eu-west-1", nested: { arn: "${aws_s3_bucket.b.arn}" } },
  tags: { team: "ml" },
  // What the caller hands back for a local that is itself unknown, and for a partly known one.
  sym: "${var.zed}",
  partial: "arn:aws:s3:::${var.bucket}/*",
  enabled: true,
};
const FILES: Record<string, string> = {
  "/mod/policy.json": '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${bucket_arn}/*"}]}',
  "/mod/plain.json": '{"Action": "s3:*", "Resource": "${aws:username}"}',
  "/mod/list.tmpl": "%{ for a in actions ~}\n${a},\n%{ endfor ~}",
  "/mod/value.tmpl": "${actions}",
};
const scope: HclScope = {
  local: (name) => (Object.prototype.hasOwnProperty.call(LOCALS, name) ? LOCALS[name] : undefined),
  readFile: (path) => FILES[path],
  pathModule: "/mod",
};
const ev = (text: string) => evaluateTemplateString(text, scope);

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

describe("parseExpression", () => {
  test("literals", () => {
    expect(shape(parseExpression("1"))).toEqual({ kind: "literal", value: 1 });
    expect(shape(parseExpression("1.5"))).toEqual({ kind: "literal", value: 1.5 });
    expect(shape(parseExpression("1e3"))).toEqual({ kind: "literal", value: 1000 });
    expect(shape(parseExpression("2E-1"))).toEqual({ kind: "literal", value: 0.2 });
    expect(shape(parseExpression("1.e5"))).toEqual({ kind: "literal", value: 100000 });
    expect(shape(parseExpression("true"))).toEqual({ kind: "literal", value: true });
    expect(shape(parseExpression("false"))).toEqual({ kind: "literal", value: false });
    expect(shape(parseExpression("null"))).toEqual({ kind: "literal", value: null });
    for (const bad of ["1..2", "1.2.3", "1e5e5", "0x10"]) expect(() => parseExpression(bad)).toThrow(HclSyntaxError);
  });

  test("quoted strings and their escapes", () => {
    const literal = (text: string) => (parseExpression(text) as TemplateExpr).parts[0];
    expect(literal('"a\\nb\\rc\\td\\"e\\\\f"')).toMatchObject({ kind: "literal", value: 'a\nb\rc\td"e\\f' });
    expect(literal('"\\u00e9\\U0001F600"')).toMatchObject({ value: "é😀" });
    expect(literal('"$${x} %%{y} $ % $$"')).toMatchObject({ value: "${x} %{y} $ % $$" });
    expect(literal('""')).toMatchObject({ kind: "literal", value: "" });
    expect(syntaxError(() => parseExpression('"a\\qb"')).offset).toBe(2);
    for (const bad of ['"\\u00e"', '"\\uD800"', '"\\U00110000"', '"a\nb"', '"abc', '"a\\']) expect(() => parseExpression(bad)).toThrow(HclSyntaxError);
  });

  test("a quoted string with interpolations is a template; exactly one interpolation passes its value through", () => {
    const text = '"arn:${var.p}:s3:::${local.b}/*"';
    const template = parseExpression(text) as TemplateExpr;
    expect(template.wrap).toBe(false);
    expect(template.parts.map((part) => slice(text, part))).toEqual(["arn:", "var.p", ":s3:::", "local.b", "/*"]);
    expect((parseExpression('"${x}"') as TemplateExpr).wrap).toBe(true);
    expect((parseExpression('" ${x}"') as TemplateExpr).wrap).toBe(false);
    expect(shape(parseExpression('"${"${a}"}"'))).toEqual({
      kind: "template",
      wrap: true,
      hasDirective: false,
      parts: [{ kind: "template", wrap: true, hasDirective: false, parts: [{ kind: "traversal", root: "a", steps: [] }] }],
    });
  });

  test("heredocs, plain and indented", () => {
    const value = (text: string) => (parseExpression(text) as TemplateExpr).parts.map((part) => (part.kind === "literal" ? part.value : `<${part.kind}>`)).join("");
    expect(value("<<EOT\nhello\n  world\nEOT\n")).toBe("hello\n  world\n");
    expect(value("<<-EOT\n    hello\n      world\n    EOT\n")).toBe("hello\n  world\n");
    expect(value("<<-EOT\n  a\n\n    ${b}\n  EOT\n")).toBe("a\n\n  <traversal>\n"); // blank lines do not count
    expect(value("<<EOT\r\nx\r\nEOT\r\n")).toBe("x\r\n");
    expect(value("<<EOT\n  EOT\n")).toBe(""); // the closing marker may be indented
    expect(value('<<EOT\n{"a": "\\n", "b": $${c}}\nEOT\n')).toBe('{"a": "\\n", "b": ${c}}\n'); // no backslash escapes in heredocs
    expect(() => parseExpression("<<EOT\nno end\n")).toThrow(HclSyntaxError);
    expect(() => parseExpression("<<EOT\nx\nEOT")).toThrow(HclSyntaxError); // the marker line needs its newline
  });

  test("identifiers may contain dashes; a spaced dash is subtraction", () => {
    expect(shape(parseExpression("aws_s3_bucket.my-bucket.arn"))).toEqual({
      kind: "traversal",
      root: "aws_s3_bucket",
      steps: [
        { kind: "attr", name: "my-bucket" },
        { kind: "attr", name: "arn" },
      ],
    });
    expect(parseExpression("a-b")).toMatchObject({ kind: "traversal", root: "a-b" });
    expect(parseExpression("a - b")).toMatchObject({ kind: "binary", op: "-" });
    expect(parseExpression("é.x")).toMatchObject({ kind: "traversal", root: "é" });
  });

  test("traversals: attributes, indexes, legacy indexes", () => {
    const text = 'local.cfg["k"][0].name.0';
    const node = parseExpression(text);
    expect(shape(node)).toEqual({
      kind: "traversal",
      root: "local",
      steps: [
        { kind: "attr", name: "cfg" },
        { kind: "key", key: "k" },
        { kind: "key", key: 0 },
        { kind: "attr", name: "name" },
        { kind: "key", key: 0 },
      ],
    });
    expect((node as { steps: Step[] }).steps.map((step) => slice(text, step))).toEqual([".cfg", '["k"]', "[0]", ".name", ".0"]);
    expect(() => parseExpression("a.0.1")).toThrow(/legacy index/);
    expect(parseExpression("a[b.c]")).toMatchObject({ kind: "index", collection: { kind: "traversal" }, key: { kind: "traversal" } });
    expect(parseExpression("a[-1]")).toMatchObject({ kind: "index", key: { kind: "unary" } });
    expect(parseExpression('a["${b}"]')).toMatchObject({ kind: "index", key: { kind: "template", wrap: true } });
    expect(parseExpression("f(x)[0].y")).toMatchObject({ kind: "relative", source: { kind: "call" }, steps: [{ key: 0 }, { name: "y" }] });
    expect(() => parseExpression("a.")).toThrow(HclSyntaxError);
    expect(() => parseExpression("a[")).toThrow(HclSyntaxError);
  });

  test("splats: attribute-only a.*.b and full a[*].b", () => {
    expect(shape(parseExpression("a[*].b[0]"))).toEqual({
      kind: "splat",
      attrOnly: false,
      source: { kind: "traversal", root: "a", steps: [] },
      each: { kind: "relative", source: { kind: "anon" }, steps: [{ kind: "attr", name: "b" }, { kind: "key", key: 0 }] },
    });
    // The attribute-only splat takes only `.name` steps; `[0]` then indexes its result.
    expect(shape(parseExpression("a.*.b[0]"))).toEqual({
      kind: "relative",
      source: { kind: "splat", attrOnly: true, source: { kind: "traversal", root: "a", steps: [] }, each: { kind: "relative", source: { kind: "anon" }, steps: [{ kind: "attr", name: "b" }] } },
      steps: [{ kind: "key", key: 0 }],
    });
    expect(parseExpression("a[*]")).toMatchObject({ kind: "splat", each: { kind: "anon" } });
    expect(() => parseExpression("a.*.*")).toThrow(/Nested splat/);
    expect(() => parseExpression("a[*")).toThrow(HclSyntaxError);
  });

  test("function calls, expansion, provider functions", () => {
    const text = "f(a.b, [1, 2], c...)";
    const node = parseExpression(text);
    expect(node).toMatchObject({ kind: "call", name: "f", expandFinal: true });
    expect((node as CallExpr).args.map((arg) => slice(text, arg))).toEqual(["a.b", "[1, 2]", "c"]);
    expect(parseExpression("provider::aws::arn_parse(x)")).toMatchObject({ kind: "call", name: "provider::aws::arn_parse" });
    expect(parseExpression("f(a,)")).toMatchObject({ args: [{ root: "a" }] });
    expect(parseExpression("f(\n  a,\n  b\n)")).toMatchObject({ args: [{ root: "a" }, { root: "b" }] });
    for (const bad of ["f(a..., b)", "f(,)", "f(a b)", "provider::(x)", "a::b", "f("]) expect(() => parseExpression(bad)).toThrow(HclSyntaxError);
  });

  test("tuples and objects: separators, key forms, newlines", () => {
    expect(shape(parseExpression("[a, 1,]"))).toEqual({ kind: "tuple", items: [{ kind: "traversal", root: "a", steps: [] }, { kind: "literal", value: 1 }] });
    expect(shape(parseExpression("[]"))).toEqual({ kind: "tuple", items: [] });
    const object = parseExpression('{\n  a = 1, "b" = 2\n  c: 3\n  (d) = 4,\n  e.f = 5 # comment\n  g = [\n    6,\n  ]\n}') as ObjectExpr;
    expect(object.items.map(objectKeyName)).toEqual(["a", undefined, "c", undefined, undefined, "g"]);
    expect(object.items.map((item) => item.forceNonLiteral)).toEqual([false, false, false, true, false, false]);
    expect(shape(object.items[1].key)).toEqual({ kind: "template", wrap: false, hasDirective: false, parts: [{ kind: "literal", value: "b" }] });
    expect(shape(parseExpression("{}"))).toEqual({ kind: "object", items: [] });
    expect(parseExpression("{a = (1\n + 2)}")).toMatchObject({ kind: "object" });
    // Object items end at a newline, so an operator cannot start the next line; a comma or newline must separate items.
    for (const bad of ["{a = 1 +\n 2}", "{a = 1\n + 2}", "{a = 1 b = 2}", "{a}", "{a =\n 1}", "{,}", "[a b]", "[,]", "{for = 1}"]) expect(() => parseExpression(bad)).toThrow(HclSyntaxError);
  });

  test("for expressions", () => {
    expect(shape(parseExpression("[for x in xs : f(x) if x != null]"))).toMatchObject({ kind: "for", valueVar: "x", collection: { root: "xs" }, valueExpr: { kind: "call" }, condition: { kind: "binary" }, group: false });
    expect(parseExpression("{for k, v in m : k => v...}")).toMatchObject({ kind: "for", keyVar: "k", valueVar: "v", keyExpr: { root: "k" }, group: true });
    expect(parseExpression("[for x in a ? b : c : x]")).toMatchObject({ collection: { kind: "conditional" } });
    expect(parseExpression("[\n  for x in xs :\n  x\n]")).toMatchObject({ kind: "for" });
    for (const bad of ["[for]", "[for x xs : x]", "[for x in xs x]", "[for k, v in m : k => v]", "[for v in m : v...]", "{for v in m : v}", "[for x in xs : x if]"]) {
      expect(() => parseExpression(bad)).toThrow(HclSyntaxError);
    }
  });

  test("operators: precedence, associativity, unary, conditional", () => {
    expect(shape(parseExpression("1 + 2 * 3 - 4"))).toEqual({
      kind: "binary",
      op: "-",
      left: { kind: "binary", op: "+", left: { kind: "literal", value: 1 }, right: { kind: "binary", op: "*", left: { kind: "literal", value: 2 }, right: { kind: "literal", value: 3 } } },
      right: { kind: "literal", value: 4 },
    });
    expect(parseExpression("a || b && c == d > e + f * g")).toMatchObject({ op: "||", right: { op: "&&", right: { op: "==", right: { op: ">", right: { op: "+", right: { op: "*" } } } } } });
    expect(parseExpression("a - b - c")).toMatchObject({ op: "-", left: { op: "-" } });
    expect(parseExpression("-a.b + 1")).toMatchObject({ op: "+", left: { kind: "unary", op: "-", operand: { kind: "traversal", steps: [{ name: "b" }] } } });
    expect(parseExpression("!!a")).toMatchObject({ kind: "unary", operand: { kind: "unary" } });
    expect(parseExpression("a ? b : c ? d : e")).toMatchObject({ kind: "conditional", falseResult: { kind: "conditional" } });
    expect(parseExpression("(a ? b : c) ? d : e")).toMatchObject({ kind: "conditional", condition: { kind: "parens" } });
    expect(parseExpression("a ? b\n: c")).toMatchObject({ kind: "conditional" });
    for (const bad of ["a ? b", "1 +", "* 2", "(a", "a)", "-", "a b", "a = b", "a ~ b", "a & b", "a;"]) expect(() => parseExpression(bad)).toThrow(HclSyntaxError);
  });

  test("comments and newlines between tokens", () => {
    expect(shape(parseExpression("a /* c */ . /* d */ b"))).toEqual({ kind: "traversal", root: "a", steps: [{ kind: "attr", name: "b" }] });
    expect(parseExpression("[1, // one\n 2 # two\n, 3]")).toMatchObject({ items: [{ value: 1 }, { value: 2 }, { value: 3 }] });
    expect(parseExpression("\n  a\n  + b\n")).toMatchObject({ kind: "binary" });
    expect(parseExpression("a /* } */")).toMatchObject({ kind: "traversal" });
    expect(() => parseExpression("a /* unterminated")).toThrow(HclSyntaxError);
    expect(parseExpression("\ufeffa")).toMatchObject({ kind: "traversal", root: "a", start: 1 });
  });

  test("spans give back the exact source of every sub-expression", () => {
    const text = 'jsonencode({ Statement = [{ Action = var.c ? "s3:*" : "s3:Get", Resource = "arn:${x.y}/*" }] })';
    const call = parseExpression(text) as CallExpr;
    const object = call.args[0] as ObjectExpr;
    const statement = (object.items[0].value as TupleExpr).items[0] as ObjectExpr;
    expect(slice(text, statement.items[0].value)).toBe('var.c ? "s3:*" : "s3:Get"');
    expect(slice(text, statement.items[1].value)).toBe('"arn:${x.y}/*"');
    expect(slice(text, (statement.items[1].value as TemplateExpr).parts[1])).toBe("x.y");
    expect(slice(text, parseExpression(text))).toBe(text);
  });

  test("deep nesting is a syntax error, not a stack overflow", () => {
    for (const open of ["(", "[", "{a = ", "f(", "-", "!", '"${']) {
      const close = { "(": ")", "[": "]", "{a = ": "}", "f(": ")", "-": "", "!": "", '"${': '}"' }[open] as string;
      const text = open.repeat(5000) + "1" + close.repeat(5000);
      expect(syntaxError(() => parseExpression(text)).message).toMatch(/too deeply/);
    }
    expect(parseExpression("(".repeat(100) + "1" + ")".repeat(100))).toMatchObject({ kind: "parens" });
  });
});

describe("hostile input", () => {
  test("long and repetitive inputs are handled in about linear time, without stack overflows", () => {
    const inputs = [
      "/*".repeat(20_000),
      "a" + ".b".repeat(20_000),
      "a" + "[0]".repeat(20_000),
      "a" + "[*]".repeat(20_000),
      '"' + " ".repeat(40_000) + 'x${~a}"',
      "1" + " + 1".repeat(20_000),
      "#\n".repeat(20_000) + "a",
      "[" + "1,".repeat(20_000) + "]",
      "{" + "a = 1\n".repeat(20_000) + "}",
      '"' + "$".repeat(40_000) + '"',
      "<<EOT\n" + "x\n".repeat(20_000) + "EOT\n",
      `tonumber("${"1".repeat(40_000)}x")`,
      `trimspace("${" ".repeat(40_000)}x")`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      try {
        parseExpression(input);
      } catch (error) {
        expect(error).toBeInstanceOf(HclSyntaxError);
      }
      for (const text of [input, `\${${input}}`, `x \${${input}} y`]) expect(evaluateTemplateString(text, scope)).toBeDefined();
      expect([input.slice(0, 20), performance.now() - started < 1_500]).toEqual([input.slice(0, 20), true]);
    }
  });
});

describe("parseTemplate", () => {
  const literalOf = (text: string) => {
    const template = parseTemplate(text);
    expect(template.parts).toHaveLength(1);
    return (template.parts[0] as { value: unknown }).value;
  };

  test("literal text, with $${ and %%{ escapes; backslashes are literal (JSON already decoded them)", () => {
    expect(literalOf("plain")).toBe("plain");
    expect(literalOf("")).toBe("");
    expect(literalOf("a $${b} %%{c} $ % \\n")).toBe("a ${b} %{c} $ % \\n");
    expect(literalOf("multi\nline\r\n")).toBe("multi\nline\r\n");
    expect(literalOf("ends with $")).toBe("ends with $");
  });

  test("interpolations, strip markers, and the single-interpolation case", () => {
    const text = "arn:${ var.p }:s3:::${local.b}/*";
    const template = parseTemplate(text);
    expect(template).toMatchObject({ wrap: false, hasDirective: false, start: 0, end: text.length });
    expect(template.parts.map((part) => slice(text, part))).toEqual(["arn:", "var.p", ":s3:::", "local.b", "/*"]);
    expect(parseTemplate("${x}").wrap).toBe(true);
    expect(parseTemplate("${x} ").wrap).toBe(false);
    // As in hclsyntax, a strip marker trims the neighbouring literal *line*: whitespace on the next line stays.
    expect(shape(parseTemplate("a \n ${~ x ~}  \n b").parts)).toEqual([
      { kind: "literal", value: "a \n" },
      { kind: "traversal", root: "x", steps: [] },
      { kind: "literal", value: " b" },
    ]);
    expect(parseTemplate('${jsonencode({a = "}"})}').wrap).toBe(true);
    for (const bad of ["${", "${}", "${a", "${a b}", "${a ~ }", "x ${ {a = 1 } y"]) expect(() => parseTemplate(bad)).toThrow(HclSyntaxError);
    expect(literalOf("a}")).toBe("a}");
    expect(parseTemplate("${a}}").parts).toHaveLength(2); // the second brace is text
  });

  test("hclsyntax's own template test vectors (expression_template_test.go)", () => {
    const cases: [string, TerraformValue][] = [
      ["1", "1"],
      ["(1)", "(1)"],
      ["true", "true"],
      ["\nhello world\n", "\nhello world\n"],
      ['hello ${"world"}', "hello world"],
      ["hello\\nworld", "hello\\nworld"],
      ["hello ${12.5}", "hello 12.5"],
      ['silly ${"${"nesting"}"}', "silly nesting"],
      ['silly ${"${true}"}', "silly true"],
      ["hello $${escaped}", "hello ${escaped}"],
      ["hello $$nonescape", "hello $$nonescape"],
      ['hello %${"world"}', "hello %world"],
      ["${true}", true],
      ['trim ${~ "trim"}', "trimtrim"],
      ['${"trim" ~} trim', "trimtrim"],
      ['trim\n${~"trim"~}\ntrim', "trimtrimtrim"],
      [" ${~ true ~} ", "true"],
      ['${"hello "}${~"trim"~}${" hello"}', "hello trim hello"],
      ['${true}${~"trim"~}${true}', "truetrimtrue"],
      ["%{ if true ~} hello %{~ endif }", "hello"],
      ["%{ if false ~} hello %{~ endif}", ""],
      ["%{ if true ~} hello %{~ else ~} goodbye %{~ endif }", "hello"],
      ["%{ if false ~} hello %{~ else ~} goodbye %{~ endif }", "goodbye"],
      ["%{ if true ~} %{~ if false ~} hello %{~ else ~} goodbye %{~ endif ~} %{~ endif }", "goodbye"],
      ["%{ if false ~} %{~ if false ~} hello %{~ else ~} goodbye %{~ endif ~} %{~ endif }", ""],
      ['%{ for v in ["a", "b", "c"] }${v}%{ endfor }', "abc"],
      ['%{ for v in ["a", "b", "c"] } ${v} %{ endfor }', " a  b  c "],
      ['%{ for v in ["a", "b", "c"] ~} ${v} %{~ endfor }', "abc"],
      ["%{ for v in [] }${v}%{ endfor }", ""],
      ['%{ for i, v in ["a", "b", "c"] }${i}${v}%{ endfor }', "0a1b2c"],
      ['%{ for k, v in {"A" = "a", "B" = "b", "C" = "c"} }${k}${v}%{ endfor }', "AaBbCc"],
      ["\\uu1234", "\\uu1234"],
      ["$", "$"],
      ["$$", "$$"],
      ["%", "%"],
      ["%%", "%%"],
      ["hello %%{ if true }world%%{ endif }", "hello %{ if true }world%{ endif }"],
      ["hello $%{ if true }world%{ endif }", "hello $world"],
    ];
    for (const [text, expected] of cases) expect([text, evaluateTemplateString(text)]).toEqual([text, expected]);
    for (const text of ["%{ of true ~} hello %{~ endif}", "%{ endif }", "%{ endfor }"]) expect(() => parseTemplate(text)).toThrow(HclSyntaxError);
  });

  test("directives are parsed and mark the template", () => {
    const template = parseTemplate("%{ if a }yes%{ else }no%{ endif }");
    expect(template.hasDirective).toBe(true);
    expect(shape(template.parts)).toEqual([
      {
        kind: "ifDirective",
        condition: { kind: "traversal", root: "a", steps: [] },
        then: { kind: "template", wrap: false, hasDirective: false, parts: [{ kind: "literal", value: "yes" }] },
        else: { kind: "template", wrap: false, hasDirective: false, parts: [{ kind: "literal", value: "no" }] },
      },
    ]);
    expect(parseTemplate("%{for k, v in m}${k}=${v}%{endfor}").parts[0]).toMatchObject({ kind: "forDirective", keyVar: "k", valueVar: "v", body: { parts: [{}, { value: "=" }, {}] } });
    expect(parseTemplate("%{if a}%{for x in y}%{if b}c%{endif}%{endfor}%{endif}").parts[0]).toMatchObject({ kind: "ifDirective", then: { hasDirective: true } });
    expect(parseTemplate("%{if a}%{endif}").parts[0]).toMatchObject({ then: { parts: [{ value: "" }] }, else: { parts: [{ value: "" }] } });
    for (const bad of ["%{if a}", "%{endif}", "%{else}", "%{if a}%{else}%{else}%{endif}", "%{if a}%{endfor}", "%{for x in y}%{else}%{endfor}", "%{bogus}", "%{ }", "%{for in y}%{endfor}", "%{if a b}%{endif}"]) {
      expect(() => parseTemplate(bad)).toThrow(HclSyntaxError);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Evaluator
// ---------------------------------------------------------------------------------------------

describe("evaluateTemplateString", () => {
  test("strings without ${ or %{ come back as they are, cheaply", () => {
    const plain = "arn:aws:s3:::bucket/*";
    expect(ev(plain)).toBe(plain);
    expect(ev("100% {not a template} $ {x}")).toBe("100% {not a template} $ {x}");
    const started = performance.now();
    for (let i = 0; i < 200_000; i++) evaluateTemplateString(`arn:aws:iam::123456789012:role/r${i}`, scope);
    expect(performance.now() - started).toBeLessThan(500);
  });

  test("a single interpolation keeps its type", () => {
    expect(ev("${local.count}")).toBe(3);
    expect(ev("${local.actions}")).toEqual(["s3:GetObject", "s3:PutObject"]);
    expect(ev("${local.cfg.actions[0]}")).toBe("bedrock:InvokeModel");
    expect(ev('${local.cfg["region"]}')).toBe("eu-west-1");
    expect(ev("${local.tags}")).toEqual({ team: "ml" });
    expect(ev("${local.enabled}")).toBe(true);
    expect(ev("${null}")).toBeNull();
    expect(ev("${~ local.bucket ~}")).toBe("chat-logs");
    expect(ev("${ ~local.bucket }")).toBe("${ ~local.bucket }"); // a strip marker must touch the brace
  });

  test("mixed templates concatenate; unknown parts stay as ${source}", () => {
    expect(ev("arn:${var.p}:s3:::${local.bucket}/*")).toBe("arn:${var.p}:s3:::chat-logs/*");
    expect(ev("arn:${data.aws_partition.p.partition}:s3:::${ local.missing }/*")).toBe("arn:${data.aws_partition.p.partition}:s3:::${local.missing}/*");
    expect(ev("n=${local.count}, b=${local.enabled}")).toBe("n=3, b=true");
    expect(ev("${local.partial}-x")).toBe("arn:aws:s3:::${var.bucket}/*-x");
    // An interpolation Terraform would reject stays symbolic on its own.
    expect(ev("a ${local.actions} b ${local.bucket}")).toBe("a ${local.actions} b chat-logs");
    expect(ev("a ${null} b")).toBe("a ${null} b");
  });

  test("references that cannot be known offline stay symbolic, exactly as written", () => {
    for (const text of ["${var.x}", "${ var.x }", "${aws_s3_bucket.b.arn}", "${data.aws_iam_policy_document.d.json}", "${module.m.out}", "${each.value}", "${count.index}", "${self.id}", "${terraform.workspace}", "${local.missing}", "${path.cwd}", "${x}"]) {
      expect(ev(text)).toBe(text);
    }
    // A local that the caller evaluated to a symbol names the original expression.
    expect(ev("${local.sym}")).toBe("${var.zed}");
    expect(ev("${local.sym.arn}")).toBe("${var.zed.arn}");
    expect(ev("${local.cfg.nested.arn}")).toBe("${aws_s3_bucket.b.arn}");
    expect(ev("${local.cfg.nested}")).toEqual({ arn: "${aws_s3_bucket.b.arn}" });
    expect(ev("${[for b in [var.a, var.b] : b.arn]}")).toEqual(["${var.a.arn}", "${var.b.arn}"]);
  });

  test("path.module and path.root, when known", () => {
    expect(ev("${path.module}/policy.json")).toBe("/mod/policy.json");
    expect(ev("${path.root}")).toBe("/mod");
    expect(evaluateTemplateString("${path.module}/p.json", {})).toBe("${path.module}/p.json");
  });

  test("a template that does not parse comes back unchanged", () => {
    for (const text of ["${", "${1 +}", "${a b}", "x ${ y", "%{ if }", "%{ bogus }", "${\"\\q\"}", "${(".repeat(300) + "1" + ")".repeat(300) + "}"]) expect(ev(text)).toBe(text);
  });

  test("the $${ escape gives a literal ${, which reads as symbolic (documented)", () => {
    expect(ev("$${aws:username}")).toBe("${aws:username}");
    expect(isSymbolic(ev("$${aws:username}") as string)).toBe(true);
    expect(isSymbolic("arn:aws:s3:::b/*")).toBe(false);
  });

  test("jsonencode: sorted keys, JSON numbers, Go's escaping, symbolic parts as strings", () => {
    const text = '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["bedrock:InvokeModel"], Resource = aws_s3_bucket.b.arn }] })}';
    expect(ev(text)).toBe('{"Statement":[{"Action":["bedrock:InvokeModel"],"Effect":"Allow","Resource":"${aws_s3_bucket.b.arn}"}],"Version":"2012-10-17"}');
    expect(ev('${jsonencode({b = 1.5, a = [true, null, 1e21], c = "<&>"})}')).toBe('{"a":[true,null,1000000000000000000000],"b":1.5,"c":"\\u003c\\u0026\\u003e"}');
    expect(ev('${jsonencode("${var.x}-suffix")}')).toBe('"${var.x}-suffix"');
    expect(ev("${jsonencode(var.policy)}")).toBe("${jsonencode(var.policy)}");
    expect(ev('${jsonencode({Action = var.c ? "s3:*" : "s3:GetObject"})}')).toBe('{"Action":"${var.c ? \\"s3:*\\" : \\"s3:GetObject\\"}"}');
    expect(JSON.parse(ev('${jsonencode({"k\\"ey" = "v\\nal"})}') as string)).toEqual({ 'k"ey': "v\nal" });
  });

  test("real-world policy shapes", () => {
    // cdktf's Fn.jsonencode with locals, merge and concat of action lists, and a resource reference.
    const policy = `\${jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "Invoke" # the model
          Effect   = "Allow"
          Action   = concat(local.actions, local.more, ["s3:GetObjectVersion"])
          Resource = ["\${aws_s3_bucket.logs.arn}/*", "arn:aws:s3:::\${local.bucket}"]
        },
        merge({ Effect = "Allow" }, { Action = local.cfg.actions, Resource = "*" }),
      ]
    })}`;
    expect(JSON.parse(ev(policy) as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Invoke", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetObjectVersion"], Resource: ["${aws_s3_bucket.logs.arn}/*", "arn:aws:s3:::chat-logs"] },
        { Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: "*" },
      ],
    });
    // A heredoc policy as hcl2json keeps it: JSON text with interpolations.
    const heredoc = '{\n  "Statement": [{\n    "Action": "s3:*",\n    "Resource": ["${var.arn}", "arn:aws:s3:::${local.bucket}/*"]\n  }]\n}\n';
    expect(JSON.parse(ev(heredoc) as string)).toEqual({ Statement: [{ Action: "s3:*", Resource: ["${var.arn}", "arn:aws:s3:::chat-logs/*"] }] });
    // A conditional Action stays symbolic, so the review fails closed on it.
    const conditional = JSON.parse(ev('${jsonencode({Statement = [{Action = var.admin ? ["*"] : local.actions, Resource = "*"}]})}') as string);
    expect(conditional.Statement[0].Action).toBe('${var.admin ? ["*"] : local.actions}');
    // A provider function stays symbolic where it stands.
    expect(JSON.parse(ev('${jsonencode({Resource = provider::aws::arn_build("aws", "s3", "", "", local.bucket)})}') as string)).toEqual({
      Resource: '${provider::aws::arn_build("aws", "s3", "", "", local.bucket)}',
    });
    // Comments and newlines inside objects and lists.
    expect(ev('${{\n  a = 1 // one\n  /* two */ b = [\n    2, # two\n  ]\n  c = { d = 3 }\n}}')).toEqual({ a: 1, b: [2], c: { d: 3 } });
  });

  test("functions", () => {
    const cases: [string, TerraformValue][] = [
      ['${jsondecode("{\\"a\\": [1, {\\"b\\": null}]}")}', { a: [1, { b: null }] }],
      ['${concat(["a"], [], ["b", "c"])}', ["a", "b", "c"]],
      ["${flatten([[1, [2]], [], 3])}", [1, 2, 3]],
      ["${merge({a = 1, b = 2}, null, {b = 3})}", { a: 1, b: 3 }],
      ['${distinct(["a", "b", "a"])}', ["a", "b"]],
      ['${compact(["a", "", null, "b"])}', ["a", "b"]],
      ["${tolist([1, 2])}", [1, 2]],
      ['${toset(["b", "a", "b"])}', ["a", "b"]],
      ["${toset([3, 1, 2, 1])}", [1, 2, 3]],
      ['${toset(["a", 1])}', ["1", "a"]],
      ["${tomap({a = 1})}", { a: 1 }],
      ["${tostring(1.5)}", "1.5"],
      ["${tostring(true)}", "true"],
      ['${tonumber("42")}', 42],
      ['${tobool("true")}', true],
      ['${join(", ", ["a", 1, true])}', "a, 1, true"],
      ['${join("-", ["a"], ["b"])}', "a-b"],
      ['${split(",", "a,b,,c")}', ["a", "b", "", "c"]],
      ['${format("arn:%s:%d:%q:%v:%t:%%", "x", 42, "q", [1], false)}', 'arn:x:42:"q":[1]:false:%'],
      ['${format("%s/*", var.arn)}', "${var.arn}/*"],
      ['${lower("AbC")}', "abc"],
      ['${upper("AbC")}', "ABC"],
      ['${trimspace("  a b \\n")}', "a b"],
      ['${replace("a.b.c", ".", "/")}', "a/b/c"],
      ['${coalesce(null, "", "x", "y")}', "x"],
      ["${coalescelist([], [1], [2])}", [1]],
      ['${lookup({a = 1}, "a")}', 1],
      ['${lookup({a = 1}, "b", "d")}', "d"],
      ['${element(["a", "b"], 3)}', "b"],
      ['${length(["a", var.b])}', 2],
      ['${length({a = 1, b = 2})}', 2],
      ['${length("héllo👍🏽")}', 6],
      ["${keys({b = 1, a = 2})}", ["a", "b"]],
      ["${values({b = 1, a = 2})}", [2, 1]],
      ['${contains(["a", "b"], "b")}', true],
      ['${contains(["a", var.x], "a")}', true],
      ['${contains(["a"], "b")}', false],
      ['${try(local.cfg.missing, local.cfg.nested.none, "fallback")}', "fallback"],
      ['${try(local.cfg.region, "fallback")}', "eu-west-1"],
      ["${concat([local.actions, local.more]...)}", ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]],
      ['${file("${path.module}/policy.json")}', FILES["/mod/policy.json"]],
      // file() is not a template: an IAM policy variable in it stays as written (and reads as symbolic).
      ['${jsondecode(file("/mod/plain.json"))}', { Action: "s3:*", Resource: "${aws:username}" }],
      ['${jsondecode("{\\"Resource\\": \\"${var.arn}\\"}")}', { Resource: "${var.arn}" }],
      ['${templatefile("${path.module}/policy.json", {bucket_arn = "arn:aws:s3:::b"})}', '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'],
      ['${templatefile("/mod/policy.json", {bucket_arn = aws_s3_bucket.b.arn})}', '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${aws_s3_bucket.b.arn}/*"}]}'],
      ['${templatefile("/mod/list.tmpl", {actions = ["a", "b"]})}', "a,\nb,\n"],
      ['${templatefile("/mod/value.tmpl", {actions = ["a", "b"]})}', ["a", "b"]],
    ];
    for (const [text, expected] of cases) expect([text, ev(text)]).toEqual([text, expected]);
  });

  test("functions whose answer depends on something unknown stay symbolic", () => {
    for (const text of [
      "${concat(var.a, [1])}",
      "${concat(local.sym, [1])}",
      "${flatten([var.a])}",
      "${merge(var.tags, {a = 1})}",
      '${distinct(["a", var.b])}',
      '${toset(["a", var.b])}',
      '${compact(["a", var.b])}',
      "${upper(var.x)}",
      "${upper(local.partial)}",
      '${split(",", var.x)}',
      '${replace(local.bucket, "/-/", "_")}',
      '${coalesce(var.x, "y")}',
      '${lookup(var.m, "a")}',
      '${lookup({a = 1}, var.k)}',
      '${contains(["a", var.x], "b")}',
      '${try(var.x, "fallback")}',
      '${try(local.missing, "fallback")}', // a missing local is unknown, not an error
      "${can(local.cfg.region)}",
      '${format("%d", var.n)}',
      '${format("%5s", "x")}',
      "${jsonencode(var.p)}",
      "${jsondecode(var.doc)}",
      '${jsondecode("{\\"Action\\": ${var.actions}}")}', // a symbolic part outside a JSON string
      '${jsondecode("{\\"${var.field}\\": \\"*\\"}")}', // or in a key
      "${length(var.list)}",
      '${file("/nope.json")}',
      '${templatefile("/mod/policy.json", var.vars)}',
      '${templatefile("/mod/list.tmpl", {actions = var.actions})}',
      "${provider::aws::arn_parse(var.x)}",
      "${range(3)}",
      '${element(var.list, 0)}',
      "${concat(var.lists...)}",
    ]) {
      expect([text, ev(text)]).toEqual([text, text]);
    }
    expect(evaluateTemplateString('${file("/mod/policy.json")}', {})).toBe('${file("/mod/policy.json")}');
  });

  test("errors Terraform would report leave that interpolation symbolic; try() skips them", () => {
    for (const text of ["${local.cfg.missing}", "${local.actions[5]}", '${local.bucket["x"]}', "${1 / 0}", '${tonumber("x")}', '${lookup({}, "a")}', "${element([], 0)}", '${{a = 1, "a" = 2}}', "${-true}", '${[for x in "s" : x]}']) {
      expect([text, ev(text)]).toEqual([text, text]);
    }
    expect(ev("ok ${local.cfg.missing} ${local.bucket}")).toBe("ok ${local.cfg.missing} chat-logs");
  });

  test("operators and conditionals evaluate when known; an unknown condition never picks a branch", () => {
    const cases: [string, TerraformValue][] = [
      ["${1 + 2 * 3 - 4 / 2}", 5],
      ["${7 % 3}", 1],
      ["${-local.count}", -3],
      ['${"2" + 1}', 3],
      ["${1 < 2 && 2 >= 2}", true],
      ["${!local.enabled || false}", false],
      ['${local.bucket == "chat-logs"}', true],
      ["${[1, {a = 2}] == [1, {a = 2}]}", true],
      ['${1 == "1"}', false],
      ['${local.count > 2 ? "big" : "small"}', "big"],
      ['${local.enabled ? local.actions : ["*"]}', ["s3:GetObject", "s3:PutObject"]],
      ["${false && var.x}", false],
      ["${true || var.x}", true],
      ['${false ? var.x : "known"}', "known"],
    ];
    for (const [text, expected] of cases) expect([text, ev(text)]).toEqual([text, expected]);
    for (const text of ['${var.admin ? "*" : "s3:GetObject"}', "${var.n + 1}", '${local.partial == "x"}', "${true && var.x}", '${local.sym ? "a" : "b"}']) {
      expect(ev(text)).toBe(text);
    }
    expect(ev('${[local.bucket, var.a ? "x" : "y"]}')).toEqual(["chat-logs", '${var.a ? "x" : "y"}']);
  });

  test("for expressions and splats", () => {
    const cases: [string, TerraformValue][] = [
      ["${[for a in local.actions : upper(a)]}", ["S3:GETOBJECT", "S3:PUTOBJECT"]],
      ['${[for i, a in local.actions : "${i}:${a}" if i > 0]}', ["1:s3:PutObject"]],
      ["${{for k, v in {b = 1, a = 2} : v => k}}", { "2": "a", "1": "b" }],
      ['${{for s in ["a", "b", "a"] : s => s...}}', { a: ["a", "a"], b: ["b"] }],
      ["${[for k, v in local.tags : k]}", ["team"]],
      ['${[{n = "a"}, {n = "b"}][*].n}', ["a", "b"]],
      ['${[{n = "a"}, {n = "b"}].*.n}', ["a", "b"]],
      ['${{n = "a"}[*].n}', ["a"]],
      ["${null[*]}", []],
    ];
    for (const [text, expected] of cases) expect([text, ev(text)]).toEqual([text, expected]);
    for (const text of ["${[for a in var.list : a]}", "${[for a in local.actions : a if var.keep]}", "${{for a in local.actions : var.k => a}}", "${var.list[*].arn}"]) {
      expect(ev(text)).toBe(text);
    }
    expect(ev("${[for a in concat(local.actions, [var.extra]) : a]}")).toEqual(["s3:GetObject", "s3:PutObject", "${var.extra}"]);
  });

  test("directives render when their condition or collection is known; otherwise the whole string stays", () => {
    expect(ev("%{ if local.enabled }on%{ else }off%{ endif }")).toBe("on");
    expect(ev("%{ for a in local.actions ~}\n${a}\n%{ endfor ~}")).toBe("s3:GetObject\ns3:PutObject\n");
    expect(ev("%{ for k, v in local.tags }${k}=${v};%{ endfor }${var.x}")).toBe("team=ml;${var.x}");
    expect(ev('${"%{ if true }yes%{ endif }"}')).toBe("yes");
    for (const text of ["%{ if var.on }on%{ endif } ${local.bucket}", "%{ for a in var.list }${a}%{ endfor }", '%{ if local.sym == "x" }a%{ endif }']) expect(ev(text)).toBe(text);
    expect(ev('x ${"%{ if var.on }y%{ endif }"} z')).toBe('x ${"%{ if var.on }y%{ endif }"} z');
  });

  test("runaway input falls back to the string as written", () => {
    const ten = "[0,1,2,3,4,5,6,7,8,9]";
    const huge = `\${[for a in ${ten} : [for b in ${ten} : [for c in ${ten} : [for d in ${ten} : [for e in ${ten} : a + b + c + d + e]]]]]}`;
    expect(ev(huge)).toBe(huge);
    const long = '${join("", [for i in [' + Array.from({ length: 2000 }, (_, i) => i).join(",") + '] : join("", [for j in [' + Array.from({ length: 600 }, (_, i) => i).join(",") + '] : "x"])])}';
    expect(ev(long)).toBe(long);
    const recursive = "${templatefile(\"/loop.tmpl\", {})}";
    const loop: HclScope = { readFile: () => recursive };
    expect(evaluateTemplateString(recursive, loop)).toBe(recursive);
  });

  test("a local named like an Object.prototype member is not found by accident", () => {
    expect(ev("${local.toString}")).toBe("${local.toString}");
    expect(ev("${local.tags.constructor}")).toBe("${local.tags.constructor}");
    expect(ev("${{__proto__ = 1}}")).toEqual(JSON.parse('{"__proto__": 1}'));
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------------

/** `HCL_FUZZ_SCALE=50 npx jest __tests__/policies/extract/hcl.test.ts` runs every property (and the oracle) 50 times longer. */
const SCALE = Math.max(1, Number(process.env.HCL_FUZZ_SCALE) || 1);
const runs = (n: number) => n * SCALE;

/** A small deterministic generator, so printing choices (spacing, comments) follow fast-check's seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRECEDENCE: Record<string, number> = { "||": 1, "&&": 2, "==": 3, "!=": 3, ">": 4, ">=": 4, "<": 4, "<=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };

/** Prints a syntax tree as HCL, with as few parentheses as precedence allows and (when `fancy`) random spacing and comments. */
class Printer {
  private readonly next: () => number;
  constructor(
    seed: number,
    private readonly fancy: boolean,
  ) {
    this.next = random(seed);
  }

  private pick<T>(options: readonly T[]): T {
    return options[Math.floor(this.next() * options.length)];
  }

  /** Optional whitespace; `newlines` where newlines are ignored (brackets, parentheses, interpolations). */
  private ws(newlines: boolean): string {
    if (!this.fancy) return "";
    return this.pick(newlines ? ["", " ", " /* c */ ", "\n  ", " # c\n", " // c\n"] : ["", " ", " /* c */ "]);
  }

  print(node: Expression, newlines = true): string {
    const ws = () => this.ws(newlines);
    switch (node.kind) {
      case "literal":
        return typeof node.value === "string" ? quote(node.value) : String(node.value);
      case "template":
        return this.template(node);
      case "traversal":
        return node.root + this.steps(node.steps);
      case "relative":
        return this.operand(node.source, ["traversal", "relative", "splat", "unary", "binary", "conditional"]) + this.steps(node.steps);
      case "index":
        return `${this.operand(node.collection, ["splat", "unary", "binary", "conditional"])}[${this.ws(true)}${this.print(node.key)}${this.ws(true)}]`;
      case "splat": {
        const source = this.operand(node.source, ["splat", "unary", "binary", "conditional"]);
        const steps = node.each.kind === "relative" ? node.each.steps : [];
        return node.attrOnly ? `${source}.*${steps.map((step) => `.${(step as { name: string }).name}`).join("")}` : `${source}[*]${this.steps(steps)}`;
      }
      case "anon":
        return "";
      case "call": {
        const args = node.args.map((arg) => this.ws(true) + this.print(arg) + this.ws(true));
        const trailing = !node.expandFinal && args.length > 0 && this.fancy && this.next() < 0.3 ? "," : "";
        return `${node.name}(${args.join(",")}${node.expandFinal ? "..." : trailing}${this.ws(true)})`;
      }
      case "tuple": {
        const items = node.items.map((item) => this.ws(true) + this.print(item) + this.ws(true));
        const trailing = items.length > 0 && this.fancy && this.next() < 0.3 ? "," : "";
        return `[${items.join(",")}${trailing}${this.ws(true)}]`;
      }
      case "object": {
        const items = node.items.map((item) => {
          const name = objectKeyName(item);
          const key = name ?? (item.forceNonLiteral ? `(${this.ws(true)}${this.print(item.key)}${this.ws(true)})` : this.print(item.key, false));
          return `${key} ${this.ws(false)}${this.pick(["=", ":"])} ${this.ws(false)}${this.print(item.value, false)}`;
        });
        if (!this.fancy) return `{${items.join(", ")}}`;
        let out = `{${this.pick(["", " ", "\n  "])}`;
        items.forEach((item, i) => {
          out += item + (i < items.length - 1 ? this.pick([", ", "\n  ", ",\n  ", " # c\n  "]) : this.pick(["", ",", "\n", " // c\n"]));
        });
        return `${out}}`;
      }
      case "for": {
        const object = node.keyExpr !== undefined;
        const names = node.keyVar === undefined ? node.valueVar : `${node.keyVar},${this.ws(true)} ${node.valueVar}`;
        const key = node.keyExpr ? `${this.print(node.keyExpr)} ${this.ws(true)}=> ` : "";
        const condition = node.condition ? ` ${this.ws(true)}if ${this.print(node.condition)}` : "";
        const body = `for ${this.ws(true)}${names} in ${this.print(node.collection)} ${this.ws(true)}: ${key}${this.print(node.valueExpr)}${node.group ? "..." : ""}${condition}${this.ws(true)}`;
        return object ? `{${this.ws(true)}${body}}` : `[${this.ws(true)}${body}]`;
      }
      case "unary":
        return node.op + this.operand(node.operand, ["binary", "conditional"], newlines);
      case "binary": {
        const precedence = PRECEDENCE[node.op];
        const side = (child: Expression, right: boolean) =>
          child.kind === "conditional" || (child.kind === "binary" && (right ? PRECEDENCE[child.op] <= precedence : PRECEDENCE[child.op] < precedence)) ? `(${this.print(child)})` : this.print(child, newlines);
        // Always a space before and after: `a-b` would be one identifier.
        return `${side(node.left, false)} ${ws()}${node.op} ${ws()}${side(node.right, true)}`;
      }
      case "conditional": {
        const condition = node.condition.kind === "conditional" ? `(${this.print(node.condition)})` : this.print(node.condition, newlines);
        return `${condition} ${ws()}? ${ws()}${this.print(node.trueResult, newlines)} ${ws()}: ${ws()}${this.print(node.falseResult, newlines)}`;
      }
      case "parens":
        return `(${this.print(node.expression)})`;
    }
  }

  private operand(node: Expression, parenthesize: readonly string[], newlines = true): string {
    return parenthesize.includes(node.kind) ? `(${this.ws(true)}${this.print(node)}${this.ws(true)})` : this.print(node, newlines);
  }

  private steps(steps: readonly Step[]): string {
    let out = "";
    let legacy = false;
    for (const step of steps) {
      if (step.kind === "attr") {
        out += `.${step.name}`;
        legacy = false;
      } else if (typeof step.key === "number" && !legacy && this.fancy && this.next() < 0.3) {
        out += `.${step.key}`; // `a.0`; never twice in a row, since `a.0.1` reads as the number 0.1
        legacy = true;
      } else {
        out += `[${typeof step.key === "string" ? quote(step.key) : String(step.key)}]`;
        legacy = false;
      }
    }
    return out;
  }

  private template(node: TemplateExpr): string {
    let out = '"';
    for (const part of node.parts) {
      if (isText(part)) out += quote(part.value).slice(1, -1);
      else out += "${" + this.ws(true) + this.print(part as Expression) + this.ws(true) + "}";
    }
    return `${out}"`;
  }
}

// --- generated syntax trees (spans are zero; `shape` ignores them) ---

const Z = { start: 0, end: 0 };
const NAMES = ["a", "b", "x", "aws_s3_bucket", "my-bucket", "local", "var", "each", "é"];
const FUNCTIONS = ["f", "concat", "jsonencode", "provider::aws::arn_parse", "ns::g"];
const name = fc.constantFrom(...NAMES);
/** Literal text next to interpolations: no `$`/`%`, which would merge with a following `${`. */
const plainText = fc.string({ unit: fc.constantFrom("a", "B", " ", '"', "\\", "\n", "\t", "é", "日", "{", "}", ":", "/", "*", "#", "~"), maxLength: 6 });
/** Text for a string that is a single literal: anything, escapes included. */
const anyText = fc.string({ unit: fc.constantFrom("a", "$", "%", "{", "}", '"', "\\", "\n", "~", "é", "\u2028"), maxLength: 8 });

const literalString = (value: string): TemplateExpr => ({ kind: "template", parts: [{ kind: "literal", value, ...Z }], wrap: false, hasDirective: false, ...Z });
const isLiteralKey = (node: Expression) => node.kind === "literal" || (node.kind === "template" && !node.wrap && node.parts.length === 1 && node.parts[0].kind === "literal");

const attrStep: fc.Arbitrary<Step> = name.map((n) => ({ kind: "attr", name: n, ...Z }));
const keyStep: fc.Arbitrary<Step> = fc.oneof(fc.nat(20), plainText).map((key) => ({ kind: "key", key, ...Z }));
const anyStep = fc.oneof(attrStep, keyStep);

/** Literal text of a template (an interpolated literal such as `${0}` is an expression part). */
const isText = (part: TemplatePart): part is TemplatePart & { kind: "literal"; value: string } => part.kind === "literal" && typeof part.value === "string";

function meldParts(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const part of parts) {
    const previous = out[out.length - 1];
    if (isText(part) && previous !== undefined && isText(previous)) out[out.length - 1] = { kind: "literal", value: `${previous.value}${part.value}`, ...Z };
    else out.push(part);
  }
  return out;
}

const depth = fc.createDepthIdentifier();
const { expression: generatedExpression } = fc.letrec<{ expression: Expression; leaf: Expression; composite: Expression }>((tie) => ({
  expression: fc.oneof({ maxDepth: 3, depthIdentifier: depth, depthSize: "small" }, tie("leaf"), tie("composite")),
  leaf: fc.oneof(
    fc.oneof(fc.nat(1000), fc.nat(1000).map((n) => n + 0.5), fc.boolean(), fc.constant(null)).map((value): Expression => ({ kind: "literal", value, ...Z })),
    anyText.map(literalString),
    fc.record({ root: name, steps: fc.array(anyStep, { maxLength: 3 }) }).map(({ root, steps }): Expression => ({ kind: "traversal", root, steps, ...Z })),
  ),
  composite: fc.oneof(
    // A template with interpolations.
    fc.array(fc.oneof(plainText.filter((s) => s.length > 0).map((value): TemplatePart => ({ kind: "literal", value, ...Z })), tie("expression")), { minLength: 1, maxLength: 3 }).map((raw): Expression => {
      const parts = meldParts(raw);
      return { kind: "template", parts, wrap: parts.length === 1 && !isText(parts[0]), hasDirective: false, ...Z };
    }),
    fc.record({ source: fc.oneof(tie("composite").filter((e) => ["call", "tuple", "object", "template", "for"].includes(e.kind))), steps: fc.array(anyStep, { minLength: 1, maxLength: 2 }) }).map(({ source, steps }): Expression => ({ kind: "relative", source, steps, ...Z })),
    fc.record({ collection: tie("expression"), key: tie("expression").filter((e) => !isLiteralKey(e)) }).map(({ collection, key }): Expression => ({ kind: "index", collection, key, ...Z })),
    fc.record({ source: tie("leaf").filter((e) => e.kind === "traversal"), attrOnly: fc.boolean(), steps: fc.array(attrStep, { maxLength: 2 }), fullSteps: fc.array(anyStep, { maxLength: 2 }) }).map(({ source, attrOnly, steps, fullSteps }): Expression => {
      const chosen = attrOnly ? steps : fullSteps;
      const anon: Expression = { kind: "anon", ...Z };
      return { kind: "splat", source, attrOnly, each: chosen.length === 0 ? anon : { kind: "relative", source: anon, steps: chosen, ...Z }, ...Z };
    }),
    fc.record({ name: fc.constantFrom(...FUNCTIONS), args: fc.array(tie("expression"), { maxLength: 3 }), expand: fc.boolean() }).map(({ name: callee, args, expand }): Expression => ({ kind: "call", name: callee, args, expandFinal: expand && args.length > 0, ...Z })),
    fc.array(tie("expression"), { maxLength: 3 }).map((items): Expression => ({ kind: "tuple", items, ...Z })),
    fc
      .uniqueArray(
        fc.record({
          key: fc.oneof(
            name.map((n): [Expression, boolean] => [{ kind: "traversal", root: n, steps: [], ...Z }, false]),
            plainText.map((s): [Expression, boolean] => [literalString(s), false]),
            tie("expression").map((e): [Expression, boolean] => [e, true]),
          ),
          value: tie("expression"),
        }),
        { maxLength: 3, selector: (item) => JSON.stringify(shape(item.key[0])) },
      )
      .map((items): Expression => ({ kind: "object", items: items.map(({ key: [key, forceNonLiteral], value }) => ({ key, forceNonLiteral, value })), ...Z })),
    fc
      .record({
        names: fc.uniqueArray(name, { minLength: 2, maxLength: 2 }),
        withKey: fc.boolean(),
        collection: tie("expression"),
        keyExpr: fc.option(tie("expression"), { nil: undefined }),
        valueExpr: tie("expression"),
        condition: fc.option(tie("expression"), { nil: undefined }),
        group: fc.boolean(),
      })
      .map(({ names, withKey, collection, keyExpr, valueExpr, condition, group }): Expression => ({
        kind: "for",
        keyVar: withKey ? names[0] : undefined,
        valueVar: names[1],
        collection,
        keyExpr,
        valueExpr,
        condition,
        group: keyExpr !== undefined && group,
        ...Z,
      })),
    fc.record({ op: fc.constantFrom("!" as const, "-" as const), operand: tie("expression") }).map(({ op, operand }): Expression => ({ kind: "unary", op, operand, ...Z })),
    fc
      .record({ op: fc.constantFrom(...(Object.keys(PRECEDENCE) as (keyof typeof PRECEDENCE)[])), left: tie("expression"), right: tie("expression") })
      .map(({ op, left, right }): Expression => ({ kind: "binary", op: op as BinaryOp, left, right, ...Z })),
    fc.record({ condition: tie("expression"), trueResult: tie("expression"), falseResult: tie("expression") }).map((parts): Expression => ({ kind: "conditional", ...parts, ...Z })),
  ),
}));

/** A generated tree with the printer's seed and style. */
const printed = fc.record({ tree: generatedExpression, seed: fc.integer(), fancy: fc.boolean() }).map(({ tree, seed, fancy }) => ({ tree, text: new Printer(seed, fancy).print(tree) }));

// --- a model of known and symbolic values, with the answer computed independently ---

/** `value` is the evaluated value when `known`, else how the unknown is written back (`${...}`). */
interface Model {
  readonly text: string;
  readonly type: "string" | "number" | "bool" | "null" | "list" | "object";
  readonly known: boolean;
  readonly value: TerraformValue;
}

const unknown = (text: string, type: Model["type"]): Model => ({ text, type, known: false, value: `\${${text}}` });
const known = (text: string, type: Model["type"], value: TerraformValue): Model => ({ text, type, known: true, value });
/** How a model reads inside a string. */
const asText = (m: Model) => (m.known ? (typeof m.value === "string" ? m.value : String(m.value)) : (m.value as string));

/** Reference jsonencode: sorted keys and Go's escaping of <, >, &. */
function referenceJson(value: TerraformValue): string {
  if (Array.isArray(value)) return `[${value.map(referenceJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${referenceJson(key)}:${referenceJson(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const modelText = fc.string({ unit: fc.constantFrom("a", "B", " ", '"', "\\", "\n", "é", "<", "&", "日"), maxLength: 6 });
const modelDepth = fc.createDepthIdentifier();
const o = { maxDepth: 3, depthIdentifier: modelDepth, depthSize: "small" } as const;
const models = fc.letrec<{ any: Model; str: Model; num: Model; bool: Model; list: Model; object: Model }>((tie) => ({
  any: fc.oneof(o, tie("str"), tie("num"), tie("bool"), tie("list"), tie("object"), fc.constant(known("null", "null", null))),
  str: fc.oneof(
    o,
    modelText.map((s) => known(quote(s), "string", s)),
    fc.constant(known("local.bucket", "string", "chat-logs")),
    fc.constant(known("local.partial", "string", "arn:aws:s3:::${var.bucket}/*")),
    fc.constantFrom("var.s", "aws_s3_bucket.b.arn", "data.aws_region.r.name").map((t) => unknown(t, "string")),
    fc.constant<Model>({ text: "local.sym", type: "string", known: false, value: "${var.zed}" }),
    tie("str").map((s): Model => (s.known && !isSymbolic(s.value as string) ? known(`upper(${s.text})`, "string", (s.value as string).toUpperCase()) : unknown(`upper(${s.text})`, "string"))),
    fc.tuple(tie("str"), tie("num"), tie("bool")).map(([s, n, b]) => known(`"<\${${s.text}}|\${${n.text}}|\${${b.text}}>"`, "string", `<${asText(s)}|${asText(n)}|${asText(b)}>`)),
    // join takes strings, numbers and bools (an unknown item is written in place); anything else would be an error.
    fc.oneof(fc.array(fc.oneof(tie("str"), tie("num"), tie("bool")), { maxLength: 3 }), fc.constant(null)).map((items): Model => {
      if (items === null) return unknown('join(",", var.list)', "string");
      return known(`join(",", [${items.map((item) => item.text).join(", ")}])`, "string", items.map(asText).join(","));
    }),
    fc.tuple(tie("str"), tie("num")).map(([s, n]): Model => {
      const text = `format("%s-%d", ${s.text}, ${n.text})`;
      return n.known ? known(text, "string", `${asText(s)}-${n.value as number}`) : unknown(text, "string");
    }),
    tie("any").map((x): Model => (x.known ? known(`jsonencode(${x.text})`, "string", referenceJson(x.value)) : unknown(`jsonencode(${x.text})`, "string"))),
  ),
  num: fc.oneof(
    o,
    fc.nat(100).map((n) => known(String(n), "number", n)),
    fc.constant(known("local.count", "number", 3)),
    fc.constant(unknown("var.n", "number")),
    fc.tuple(tie("num"), tie("num")).map(([a, b]): Model => (a.known && b.known ? known(`${a.text} + ${b.text}`, "number", (a.value as number) + (b.value as number)) : unknown(`${a.text} + ${b.text}`, "number"))),
    tie("list").map((l): Model => (l.known ? known(`length(${l.text})`, "number", (l.value as TerraformValue[]).length) : unknown(`length(${l.text})`, "number"))),
  ),
  bool: fc.oneof(
    o,
    fc.boolean().map((b) => known(String(b), "bool", b)),
    fc.constant(unknown("var.flag", "bool")),
    tie("bool").map((b): Model => (b.known ? known(`!(${b.text})`, "bool", !(b.value as boolean)) : unknown(`!(${b.text})`, "bool"))),
    fc.tuple(tie("num"), tie("num")).map(([a, b]): Model => (a.known && b.known ? known(`(${a.text}) == (${b.text})`, "bool", a.value === b.value) : unknown(`(${a.text}) == (${b.text})`, "bool"))),
  ),
  list: fc.oneof(
    o,
    fc.array(tie("any"), { maxLength: 3 }).map((items) => known(`[${items.map((item) => item.text).join(", ")}]`, "list", items.map((item) => item.value))),
    fc.constant(known("local.actions", "list", LOCALS.actions)),
    fc.constant(unknown("var.list", "list")),
    fc.tuple(tie("list"), tie("list")).map(([a, b]): Model => {
      const text = `concat(${a.text}, ${b.text})`;
      return a.known && b.known ? known(text, "list", [...(a.value as TerraformValue[]), ...(b.value as TerraformValue[])]) : unknown(text, "list");
    }),
    tie("list").map((l): Model => (l.known ? known(`[for v in ${l.text} : v]`, "list", l.value) : unknown(`[for v in ${l.text} : v]`, "list"))),
    fc.tuple(tie("bool"), tie("list"), tie("list")).map(([c, a, b]): Model => {
      const text = `${c.text} ? ${a.text} : ${b.text}`;
      if (!c.known) return unknown(text, "list");
      // A known condition picks a branch; an unknown branch is written as its own source.
      return { ...(c.value ? a : b), text };
    }),
  ),
  object: fc.oneof(
    o,
    fc.uniqueArray(fc.tuple(fc.constantFrom("k", "Effect", "Action", "my-key"), tie("any")), { maxLength: 3, selector: ([key]) => key }).map((entries) =>
      known(`{${entries.map(([key, m]) => `${key} = ${m.text}`).join(", ")}}`, "object", Object.fromEntries(entries.map(([key, m]) => [key, m.value]))),
    ),
    fc.constant(known("local.tags", "object", LOCALS.tags)),
    fc.constant(unknown("var.tags", "object")),
    fc.tuple(tie("object"), tie("object")).map(([a, b]): Model => {
      const text = `merge(${a.text}, ${b.text})`;
      return a.known && b.known ? known(text, "object", { ...(a.value as object), ...(b.value as object) } as TerraformValue) : unknown(text, "object");
    }),
  ),
}));

/** Random edits of a valid expression: mostly invalid, sometimes still valid. */
const JUNK = ["$", "{", "}", "%", "~", '"', "\\", "\n", "\r", "[", "]", "(", ")", "a", "1", ".", "*", "?", ":", "=", ">", "<", "!", "-", "+", "#", "/", ",", " ", "`", "é", "<<EOT\n", "\nEOT\n", "for ", " in ", "${", "%{", "...", "::"];
const mutated = fc.record({ base: printed, edits: fc.array(fc.record({ at: fc.nat(), what: fc.constantFrom(...JUNK), kind: fc.constantFrom("insert", "delete", "replace") }), { minLength: 1, maxLength: 3 }) }).map(({ base, edits }) => {
  let text = base.text;
  for (const edit of edits) {
    const at = text.length === 0 ? 0 : edit.at % text.length;
    if (edit.kind === "insert") text = text.slice(0, at) + edit.what + text.slice(at);
    else if (edit.kind === "delete") text = text.slice(0, at) + text.slice(at + 1);
    else text = text.slice(0, at) + edit.what + text.slice(at + 1);
  }
  return text;
});
const junk = fc.oneof(fc.string({ unit: fc.constantFrom(...JUNK), maxLength: 30 }), mutated);

describe("properties", () => {
  test("printing a generated tree and parsing it back gives the same tree", () => {
    fc.assert(
      fc.property(printed, ({ tree, text }) => {
        expect(shape(parseExpression(text))).toEqual(shape(tree));
        // ... and the same inside an interpolation of a string value.
        const template = parseTemplate(`\${${text}}`);
        expect(template.wrap).toBe(true);
        expect(shape(template.parts[0])).toEqual(shape(tree));
      }),
      { numRuns: runs(400) },
    );
  });

  test("every span is the exact source of its node (reparsing a node's source gives that node)", () => {
    fc.assert(
      fc.property(printed, ({ text }) => {
        const visit = (node: TemplatePart) => {
          if (node.kind === "ifDirective" || node.kind === "forDirective" || node.kind === "anon" || node.kind === "literal") return;
          // A splat's per-element part (`[*].b`, `.b`) is not an expression on its own.
          if (node.kind !== "relative" || node.source.kind !== "anon") expect(shape(parseExpression(slice(text, node)))).toEqual(shape(node));
          for (const child of children(node)) visit(child);
        };
        visit(parseExpression(text));
      }),
      { numRuns: runs(150) },
    );
  });

  test("quoted strings and template escapes round-trip any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("$", "%", "{", "}", "~", '"', "\\", "\n", "\r", "\t"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 20 }), (value) => {
        expect(shape(parseExpression(quote(value)))).toEqual(shape(literalString(value)));
        const escaped = value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
        const template = parseTemplate(escaped);
        expect(template.parts).toHaveLength(1);
        expect(template.parts[0]).toMatchObject({ kind: "literal", value: value.includes("\r") ? expect.any(String) : value });
        if (!value.includes("${") && !value.includes("%{")) expect(evaluateTemplateString(value, scope)).toBe(value);
      }),
      { numRuns: runs(300) },
    );
  });

  test("evaluated values match an independent model, known and symbolic parts alike", () => {
    fc.assert(
      fc.property(models.any, (m) => {
        const result = evaluateTemplateString(`\${${m.text}}`, scope);
        expect(result).toEqual(m.value);
        if (m.type === "string" || m.type === "number" || m.type === "bool") {
          expect(evaluateTemplateString(`<\${${m.text}}>`, scope)).toBe(`<${asText(m)}>`);
        }
      }),
      { numRuns: runs(500) },
    );
  });

  test("junk: the parsers either return or throw HclSyntaxError; the evaluator never throws", () => {
    const started = performance.now();
    fc.assert(
      fc.property(junk, (text) => {
        for (const parse of [parseExpression, parseTemplate]) {
          try {
            parse(text);
          } catch (error) {
            if (!(error instanceof HclSyntaxError)) throw error;
            expect(error.offset).toBeGreaterThanOrEqual(0);
            expect(error.offset).toBeLessThanOrEqual(text.length);
          }
        }
        const value = evaluateTemplateString(text, scope);
        expect(value).not.toBeUndefined();
      }),
      { numRuns: runs(3000) },
    );
    expect(performance.now() - started).toBeLessThan(10_000 * SCALE);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential test against hcl2json (HashiCorp's parser, in WASM)
// ---------------------------------------------------------------------------------------------

function children(node: TemplatePart): TemplatePart[] {
  switch (node.kind) {
    case "literal":
    case "anon":
    case "traversal":
      return [];
    case "template":
      return [...node.parts];
    case "ifDirective":
      return [node.condition, node.then, node.else];
    case "forDirective":
      return [node.collection, node.body];
    case "relative":
      return [node.source];
    case "index":
      return [node.collection, node.key];
    case "splat":
      return [node.source, node.each];
    case "call":
      return [...node.args];
    case "tuple":
      return [...node.items];
    case "object":
      return node.items.flatMap((item) => (objectKeyName(item) === undefined ? [item.key, item.value] : [item.value]));
    case "for":
      return [node.collection, ...(node.keyExpr ? [node.keyExpr] : []), node.valueExpr, ...(node.condition ? [node.condition] : [])];
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "conditional":
      return [node.condition, node.trueResult, node.falseResult];
    case "parens":
      return [node.expression];
  }
}

interface Reference {
  value: string;
  startPosition: number;
  endPosition: number;
}

/**
 * The references hcl2json's getReferencesInExpression reports, computed from our tree: each name
 * traversal up to its first step that is not a name, string or number. It also copies hcl2json's
 * quirks: inside a `for` only the collection and condition are searched, found among the children
 * by their source text (children without metadata, such as parentheses, never match), and a
 * traversal is skipped when *any* of its segments, not only the first, is a for variable.
 */
function referencesOf(node: TemplatePart | undefined, text: string, locals: readonly string[] = []): { value: string; start: number; end: number }[] {
  if (!node) return [];
  if (node.kind === "traversal") {
    const segments = [node.root];
    let end = node.start + node.root.length;
    for (const step of node.steps) {
      if (step.kind === "attr") segments.push(step.name);
      else if (typeof step.key === "string") segments.push(`"${step.key}"`);
      else if (typeof step.key === "number") segments.push(String(step.key));
      else break;
      end = step.end;
    }
    if (segments.some((segment) => locals.includes(segment))) return [];
    return [{ value: segments.join("."), start: node.start, end }];
  }
  if (node.kind === "for" || node.kind === "forDirective") {
    const inner = [node.keyVar ?? "", node.valueVar, ...locals];
    const withMeta = children(node).filter((child) => child.kind !== "parens" && child.kind !== "anon");
    const find = (target: TemplatePart | undefined) => (target ? withMeta.find((child) => slice(text, child) === slice(text, target)) : undefined);
    return [...referencesOf(find(node.collection), text, inner), ...referencesOf(find(node.kind === "for" ? node.condition : undefined), text, inner)];
  }
  return children(node).flatMap((child) => referencesOf(child, text, locals));
}

/** Our side of the comparison: parse the exact text hcl2json parses, report positions as it does (bytes, relative to the input). */
function ourReferences(expression: string): Reference[] | "error" {
  const input = '"${' + expression + '}"';
  const { wrap, wrapOffset } = wrapTerraformExpression(input);
  let tree: Expression;
  try {
    tree = parseExpression(wrap);
  } catch (error) {
    if (error instanceof HclSyntaxError) return "error";
    throw error;
  }
  const bytes = (offset: number) => Buffer.byteLength(wrap.slice(0, offset)) - wrapOffset;
  return sortReferences(referencesOf(tree, wrap).map((ref) => ({ value: ref.value, startPosition: bytes(ref.start), endPosition: bytes(ref.end) })));
}

async function oracleReferences(expression: string): Promise<Reference[] | "error" | "crash"> {
  const input = '"${' + expression + '}"';
  try {
    return sortReferences(await getReferencesInExpression("expression.tf", input));
  } catch (error) {
    if (/getExpressionAst errors/.test(String(error))) return "error";
    // hcl2json's own walk can trip over some trees; then ask only whether it parses.
    try {
      await getExpressionAst("expression.tf", wrapTerraformExpression(input).wrap);
      return "crash";
    } catch {
      return "error";
    }
  }
}

function sortReferences(refs: readonly Reference[]): Reference[] {
  return [...refs].map(({ value, startPosition, endPosition }) => ({ value, startPosition, endPosition })).sort((a, b) => a.startPosition - b.startPosition || a.endPosition - b.endPosition || a.value.localeCompare(b.value));
}

const HAND_WRITTEN = [
  "aws_s3_bucket.b.arn",
  "aws_s3_bucket.my-bucket.arn",
  "a-b",
  "a - b",
  "a.0.b",
  "a.0.1",
  'a[0]["k"].c',
  'a["x y"]["q\\"r"]',
  "a[true].b",
  "a[null]",
  "a[1e3]",
  "a[1.5].c",
  "a.*.b[0]",
  "a[*].b[0]",
  "a.*[0]",
  "a.*.*",
  "a[*][0]",
  "f(x)[0].y",
  "provider::aws::arn_parse(x.y)",
  "a::b()",
  "a::(x)",
  "f(a..., b)",
  "f(a,)",
  "f(,)",
  "[a,]",
  "[,]",
  "{a = 1, b = c.d}",
  "{a = 1 b = 2}",
  "{a = 1\n b = c}",
  "{a = 1 +\n 2}",
  "{a = (1\n + 2)}",
  '{(k.v) = 1, "q" = w, x.y = 2, (z) = 3}',
  "{for = 1}",
  "[for]",
  "[for x in xs : x.a if x.b]",
  "{for k, v in m : k => v.x... if v.y}",
  "[for k, v in m : k => v]",
  "{for v in m : v}",
  "[for v in m : v...]",
  "[for x in (xs) : x]",
  "[for x in [for y in ys : y] : z.w if q]",
  "!a && b || c == -d",
  "a ? b : c ? d : e",
  "a ? b",
  '"\\q"',
  '"\\u00e9\\U0001F600"',
  '"\\uD800"',
  "1.e5",
  "1..2",
  "1.2.3",
  "0x10",
  '"${a}${b}"',
  '"a$${b}"',
  '"%{if a}b%{else}c%{endif}"',
  '"%{for x in xs}${x.y}${z}%{endfor}"',
  '"%{if a}b"',
  '"%{endif}"',
  '"%{bogus}"',
  "<<EOT\n${a.b}\nEOT\n",
  "<<-EOT\n  ${a}\n  EOT\n",
  "<<EOT\nx\n  EOT\n",
  "<<EOT\nx\nEOT",
  "a /* c */ . b",
  "a # c\n.b",
  "[1 // c\n, 2]",
  "a /* unterminated",
  "~a",
  "a ~",
  "a}",
  "{",
  "(a",
  "-",
  "a.",
  "a[",
  "a[*",
  '"${"${a}"}"',
  'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["bedrock:InvokeModel"], Resource = aws_s3_bucket.b.arn }] })',
  "merge(local.a, { b = var.c })",
  "x ? [for s in y : s.z] : []",
  "é.x",
  'local.cfg["key"][1].d',
  "a[b][c.d]",
  "(a.b).c",
  "-a.b",
  "!!a",
  "a == b != c",
  "a\tb",
  '"a\n b"',
  "a\r\nb",
  "a\rb",
  "a.b\n",
  "\ufeffa",
];

describe("differential test against @cdktf/hcl2json", () => {
  test("both parsers accept the same expressions and find the same references", async () => {
    const generated = fc.sample(printed, { numRuns: runs(80), seed: 42 * SCALE }).map(({ text }) => text);
    const broken = fc.sample(mutated, { numRuns: runs(40), seed: 7 * SCALE });
    const disagreements: string[] = [];
    let oracleCalls = 0;
    let crashes = 0;
    for (const expression of [...HAND_WRITTEN, ...generated, ...broken]) {
      const ours = ourReferences(expression);
      const theirs = await oracleReferences(expression);
      oracleCalls++;
      if (theirs === "crash") {
        crashes++;
        if (ours === "error") disagreements.push(`${JSON.stringify(expression)}: hcl2json parses it, we do not`);
        continue;
      }
      if ((ours === "error") !== (theirs === "error")) {
        disagreements.push(`${JSON.stringify(expression)}: ours ${ours === "error" ? "rejects" : "accepts"}, hcl2json ${theirs === "error" ? "rejects" : "accepts"}`);
      } else if (ours !== "error" && theirs !== "error" && JSON.stringify(ours) !== JSON.stringify(theirs)) {
        disagreements.push(`${JSON.stringify(expression)}: references ${JSON.stringify(ours)} vs hcl2json ${JSON.stringify(theirs)}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(oracleCalls).toBeGreaterThan(150);
    expect(crashes).toBeLessThan(oracleCalls / 10);
  });
});
