/**
 * Policies written as templates: interpolations whose own source has quotes, and `%{if}`
 * branches on values only known at apply. Every rendering is judged: an Allow from any of them
 * may be granted, a Deny counts only when all of them have it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTemplateVariants } from "../../../policies/extract/hcl/evaluate";
import { parseJsonWithInterpolations } from "../../../policies/extract/masked-json";
import { reviewStacks } from "../../../policies/review/review";
import { LAMBDA_TRUST } from "../helpers";

describe("JSON with interpolations", () => {
  it("parses an interpolation whose source has quotes, and puts it back", () => {
    const text = '{"Resource": "${var.arn != "" ? var.arn : "*"}", "Condition": {"StringEquals": {"${var.oidc}:sub": "x"}}}';
    expect(parseJsonWithInterpolations(text)).toEqual({ Resource: '${var.arn != "" ? var.arn : "*"}', Condition: { StringEquals: { "${var.oidc}:sub": "x" } } });
  });

  it("takes jsonencode's output as it is (its inner quotes are escaped)", () => {
    const text = JSON.stringify({ Resource: '${concat(["a"], var.b ? ["c"] : [])}' });
    expect(parseJsonWithInterpolations(text)).toEqual({ Resource: '${concat(["a"], var.b ? ["c"] : [])}' });
  });

  it("refuses an interpolation outside a string: what it stands for is unknown", () => {
    expect(() => parseJsonWithInterpolations('{"Action": ${jsonencode(var.actions)}}')).toThrow(SyntaxError);
  });
});

describe("template variants", () => {
  it("gives one rendering per branch of an unknown %{if}, and one value when the condition is known", () => {
    expect(evaluateTemplateVariants('a%{ if var.x }b%{ endif }c')).toEqual(["ac", "abc"]);
    expect(evaluateTemplateVariants('a%{ if true }b%{ endif }c')).toEqual(["abc"]);
    expect(evaluateTemplateVariants("${var.x}")).toEqual(["${var.x}"]);
  });

  it("gives up (the string as written) beyond four unknown directives", () => {
    const text = Array.from({ length: 5 }, (_, index) => `%{ if var.c${index} }x%{ endif }`).join("");
    expect(evaluateTemplateVariants(text)).toEqual([text]);
  });
});

describe("a policy template with branches on unknown values", () => {
  const template = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*" }%{ if extra != "" },
    { "Effect": "Allow", "Action": "\${extra}", "Resource": "\${arn}" }%{ endif }%{ if lock },
    { "Effect": "Deny", "Action": "bedrock:CreateGuardrail", "Resource": "*" }%{ endif }
  ]
}`;

  function reviewWith(extra: string) {
    const dir = mkdtempSync(join(tmpdir(), "template-policy-"));
    writeFileSync(join(dir, "policy.json.tpl"), template);
    const policy = `\${templatefile("\${path.module}/policy.json.tpl", { extra = ${extra}, arn = var.arn != "" ? var.arn : "*", lock = var.lock })}`;
    const config = {
      resource: {
        aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST } },
        aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy } },
      },
    };
    return reviewStacks([{ name: "s", file: join(dir, "main.tf.json"), config, directory: dir }]);
  }

  it("judges what any rendering may grant", () => {
    const review = reviewWith('var.enabled ? "bedrock:CreateGuardrail" : ""');
    // The branch's action is unknown (it depends on var.enabled): that rendering fails closed.
    expect(review.violations.map((violation) => violation.kind)).toEqual(["unresolvable"]);
  });

  it("a statement added in one branch is granted; a Deny in one branch only is not relied on", () => {
    const review = reviewWith('"bedrock:CreateGuardrail"');
    expect(review.violations).toEqual([expect.objectContaining({ role: "aws_iam_role.app", actions: ["bedrock:CreateGuardrail"] })]);
  });

  it("a clean template stays clean in every rendering", () => {
    const review = reviewWith('"bedrock:InvokeModelWithResponseStream"');
    expect(review.violations).toEqual([]);
  });
});
