/**
 * Every body shape HCL JSON allows reads the same as the object shape, and anything else is
 * refused with its path: a configuration must never be half-read.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalBodies } from "../../../policies/extract/hcl-json-bodies";
import { loadSynthOutput, UnusableInputError } from "../../../policies/extract/load";
import { reviewStacks } from "../../../policies/review/review";
import { LAMBDA_TRUST, policyJson, allow } from "../helpers";

const ROLE = { name: "app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: policyJson([allow("bedrock:CreateGuardrail")]) }] };
const OBJECT_SHAPE = { resource: { aws_iam_role: { app: ROLE } }, locals: { a: 1, b: 2 } };

/** The same configuration with an array wherever HCL JSON allows one. */
const SHAPES: Record<string, unknown> = {
  "object bodies": OBJECT_SHAPE,
  "hcl2json (array bodies)": { resource: { aws_iam_role: { app: [ROLE] } }, locals: [{ a: 1 }, { b: 2 }] },
  "array of block types": { resource: [{ aws_iam_role: { app: ROLE } }], locals: [{ a: 1, b: 2 }] },
  "array of names": { resource: { aws_iam_role: [{ app: ROLE }] }, locals: { a: 1, b: 2 } },
  "arrays at every level": { resource: [{ aws_iam_role: [{ app: [ROLE] }] }], locals: [{ a: 1 }, { b: 2 }] },
};

describe("HCL JSON body shapes", () => {
  it.each(Object.keys(SHAPES))("%s read as the object shape", (shape) => {
    expect(canonicalBodies(SHAPES[shape], "main.tf.json")).toEqual(OBJECT_SHAPE);
  });

  it.each(Object.keys(SHAPES))("%s: the review finds the violation on the right role", (shape) => {
    const review = reviewStacks([{ name: "s", file: "s.tf.json", config: canonicalBodies(SHAPES[shape], "s.tf.json") }]);
    expect(review.violations.map((violation) => [violation.role, violation.action])).toEqual([["aws_iam_role.app", "bedrock:CreateGuardrail"]]);
  });

  it("skips cdktf's // comments at label levels", () => {
    expect(canonicalBodies({ "//": { metadata: 1 }, resource: { "//": "x", aws_iam_role: { "//": "y", app: ROLE } } }, "f")).toEqual({ "//": { metadata: 1 }, resource: { aws_iam_role: { app: ROLE } } });
  });

  it.each([
    [{ resource: "aws_iam_role" }, /f: resource: expected an object or an array of objects, got the string "aws_iam_role"/],
    [{ resource: { aws_iam_role: 3 } }, /f: resource\.aws_iam_role: expected an object or an array of objects, got a number/],
    [{ resource: { aws_iam_role: { app: [ROLE, "x"] } } }, /f: resource\.aws_iam_role\.app\[1\]: expected an object, got the string "x"/],
    [{ resource: [{ aws_iam_role: { app: null } }] }, /f: resource\[0\]\.aws_iam_role\.app: expected an object or an array of objects, got null/],
    [{ locals: [{ a: 1 }, { a: 2 }] }, /f: locals\[1\]\.a: local value defined twice/],
    [{ resource: { aws_iam_role: { app: [ROLE, ROLE] } } }, /a second body for aws_iam_role\.app/],
    [{ resource: [{ aws_iam_role: { app: ROLE } }, { aws_iam_role: { app: ROLE } }] }, /resource\[1\]\.aws_iam_role\.app: a second body for aws_iam_role\.app \(the first is at f: resource\[0\]\.aws_iam_role\.app\)/],
    [[{ resource: {} }], /the root of a Terraform JSON file must be an object, got an array/],
  ])("refuses %j naming the path", (document, message) => {
    expect(() => canonicalBodies(document, "f")).toThrow(UnusableInputError);
    expect(() => canonicalBodies(document, "f")).toThrow(message);
  });
});

describe("a folder of .tf.json files", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "tf-json-module-"));

  it("is one module, as Terraform reads it", () => {
    const dir = folder();
    writeFileSync(join(dir, "iam.tf.json"), JSON.stringify({ resource: { aws_iam_role: { app: [{ name: "app", assume_role_policy: LAMBDA_TRUST }] } } }));
    writeFileSync(join(dir, "policy.tf.json"), JSON.stringify({ resource: [{ aws_iam_role_policy: { extra: [{ role: "${aws_iam_role.app.name}", policy: policyJson([allow("bedrock:*")]) }] } }] }));
    writeFileSync(join(dir, "notes.json"), "not terraform");
    const stacks = loadSynthOutput(dir);
    expect(stacks).toHaveLength(1);
    const review = reviewStacks(stacks);
    expect(review.violations.map((violation) => [violation.role, violation.statement])).toEqual([["aws_iam_role.app", "aws_iam_role_policy.extra #0"]]);
  });

  it("refuses an address defined in two files", () => {
    const dir = folder();
    writeFileSync(join(dir, "a.tf.json"), JSON.stringify({ resource: { aws_iam_role: { app: ROLE } } }));
    writeFileSync(join(dir, "b.tf.json"), JSON.stringify({ resource: { aws_iam_role: { app: ROLE } } }));
    expect(() => loadSynthOutput(dir)).toThrow(/b\.tf\.json: resource\.aws_iam_role\.app is also defined in .*a\.tf\.json/);
  });

  it("reads .tf files beside them as the same module: an address in both is refused", () => {
    const dir = folder();
    writeFileSync(join(dir, "a.tf.json"), JSON.stringify({ resource: { aws_iam_role: { app: ROLE } } }));
    writeFileSync(join(dir, "main.tf"), 'resource "aws_iam_role" "app" {\n  name = "app"\n}\n');
    expect(() => loadSynthOutput(dir)).toThrow(/main\.tf: resource\.aws_iam_role\.app is also defined in .*a\.tf\.json/);
  });
});
