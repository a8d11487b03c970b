/**
 * `.tf` files read by the review's own HCL parser: the blocks and attributes of a configuration
 * file as the Terraform JSON document @cdktf/hcl2json writes for it (HashiCorp's parser compiled
 * to WASM, the oracle here), and the line each block starts on. Differential: every `.tf` file of
 * the review corpus converts identically, and mutated copies of them are accepted or refused
 * alike, and converted alike when accepted.
 */
import fc from "fast-check";
import { parse } from "@cdktf/hcl2json";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { convertConfigFile } from "../../../../policies/extract/hcl/config-json";
import { HclSyntaxError } from "../../../../policies/extract/hcl/syntax";

const CORPUS = join(__dirname, "..", "..", "..", "fixtures", "review-corpus");
const corpusFiles = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith(".tf"))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

/** The document as JSON text would carry it; a variable's type left out (hcl2json wraps it as `${string}`, Terraform JSON has it bare). */
function comparable(document: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as { variable?: Record<string, Record<string, unknown>[]> };
  for (const bodies of Object.values(copy.variable ?? {})) for (const body of bodies) delete body.type;
  return copy;
}

const ours = (text: string) => comparable(convertConfigFile(text).document);

async function oracle(text: string): Promise<unknown> {
  try {
    return comparable(await parse("main.tf", text));
  } catch {
    return "error";
  }
}

function oursOrError(text: string): unknown {
  try {
    return ours(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) return "error";
    throw error;
  }
}

describe("a .tf file as Terraform JSON", () => {
  const text = [
    '# a comment',
    'resource "aws_iam_role" "app" {',
    '  name               = "app-${var.env}"',
    "  assume_role_policy = data.aws_iam_policy_document.trust.json",
    "  tags = { Team = \"ml\", (var.key) = 1 }",
    "",
    "  inline_policy {",
    '    name   = "p"',
    '    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })',
    "  }",
    "}",
    "",
    'data "aws_iam_policy_document" "trust" {',
    "  statement { actions = [\"sts:AssumeRole\"] }",
    '  dynamic "statement" {',
    "    for_each = var.extra",
    "    content {",
    "      actions = statement.value",
    "    }",
    "  }",
    "}",
    "",
    "locals {",
    "  literal = <<-EOT",
    "    costs $${amount} %%{x}",
    "    EOT",
    '  directive = "%{ if var.on }on%{ else }off%{ endif }"',
    "  negative  = -1",
    "}",
    "",
    'variable "names" {',
    "  type = list(string)",
    "}",
    "",
    'module "lambda" {',
    '  source = "./modules/lambda"',
    "}",
  ].join("\n");

  it("keeps hcl2json's shape: blocks as arrays under their labels, expressions as ${…} of their source", () => {
    const { document } = convertConfigFile(text);
    expect(JSON.parse(JSON.stringify(document))).toEqual({
      resource: {
        aws_iam_role: {
          app: [
            {
              name: "app-${var.env}",
              assume_role_policy: "${data.aws_iam_policy_document.trust.json}",
              tags: { Team: "ml", "${(var.key)}": 1 },
              inline_policy: [{ name: "p", policy: '${jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })}' }],
            },
          ],
        },
      },
      data: {
        aws_iam_policy_document: {
          trust: [{ statement: [{ actions: ["sts:AssumeRole"] }], dynamic: { statement: [{ for_each: "${var.extra}", content: [{ actions: "${statement.value}" }] }] } }],
        },
      },
      // A literal `${` stays escaped: in Terraform JSON it would otherwise be an interpolation.
      locals: [{ literal: "costs $${amount} %%{x}\n", directive: "%{if var.on}on%{else}off%{endif}", negative: -1 }],
      variable: { names: [{ type: "list(string)" }] },
      module: { lambda: [{ source: "./modules/lambda" }] },
    });
  });

  it("knows the line each block starts on", () => {
    expect(Object.fromEntries(convertConfigFile(text).lines)).toEqual({
      "aws_iam_role.app": 2,
      "data.aws_iam_policy_document.trust": 13,
      "local.literal": 24,
      "local.directive": 27,
      "local.negative": 28,
      "variable.names": 31,
      "module.lambda": 35,
    });
  });

  it.each([
    ['an argument set twice', 'resource "a" "b" {\n  x = 1\n  x = 2\n}\n', /Attribute redefined/],
    ["two arguments on one line", "x = 1 y = 2\n", /Missing newline after argument/],
    ["a label with a template", 'resource "a_${x}" "b" {}\n', /template sequences are not allowed in a block label/],
    ["a nested block on a block's first line", 'resource "a" "b" { c {} }\n', /single-line block may hold one argument only/],
    ["an unclosed block", 'resource "a" "b" {\n  x = 1\n', /unexpected end of input/],
  ])("refuses %s, saying where", (_name, source, message) => {
    expect(() => convertConfigFile(source)).toThrow(HclSyntaxError);
    expect(() => convertConfigFile(source)).toThrow(message);
  });
});

describe("differential test against @cdktf/hcl2json", () => {
  it("converts every .tf file of the review corpus exactly as hcl2json does", async () => {
    expect(corpusFiles.length).toBeGreaterThan(30);
    const differing: string[] = [];
    for (const file of corpusFiles) {
      const text = readFileSync(file, "utf8");
      // hcl2json writes keys in Go's map order (sorted); the parser in the order written.
      if (JSON.stringify(sortKeys(ours(text))) !== JSON.stringify(sortKeys(await oracle(text)))) differing.push(file);
    }
    expect(differing).toEqual([]);
  });

  it("accepts and refuses mutated files as hcl2json does, and converts the accepted ones alike", async () => {
    const texts = corpusFiles.map((file) => readFileSync(file, "utf8")).filter((text) => text.length < 5000);
    const PIECES = ['"', "{", "}", "[", "]", "(", ")", "=", "\n", " ", "${", "%{", "$${", "~", "#", "//", "/*", "*/", "<<EOT\n", "EOT\n", ",", ":", "?", "\\", "a", "1", ".", "-", "\r\n"];
    const edit = fc.record({ at: fc.nat(), length: fc.integer({ min: 0, max: 3 }), insert: fc.constantFrom("", ...PIECES) });
    const mutant = fc.record({ index: fc.nat(texts.length - 1), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) }).map(({ index, edits }) =>
      edits.reduce((text, { at, length, insert }) => {
        const position = at % (text.length + 1);
        return text.slice(0, position) + insert + text.slice(position + length);
      }, texts[index]),
    );
    const disagreements: string[] = [];
    let accepted = 0;
    for (const text of fc.sample(mutant, { numRuns: 300, seed: 22 })) {
      const mine = oursOrError(text);
      const theirs = await oracle(text);
      if (mine !== "error") accepted++;
      if (JSON.stringify(sortKeys(mine)) !== JSON.stringify(sortKeys(theirs))) disagreements.push(JSON.stringify(text).slice(0, 300));
    }
    expect(disagreements).toEqual([]);
    // The sample exercises both sides: most mutants of a valid file are still valid, many are not.
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(280);
  }, 120_000);
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  return value;
}
