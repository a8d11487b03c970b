/**
 * Policies written as templates: interpolations whose own source has quotes, and `%{if}`
 * branches and conditional expressions on values only known at apply. Every rendering is judged: an Allow from any of them
 * may be granted, a Deny counts only when all of them have it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateTemplateVariants } from "../../../policies/extract/hcl/evaluate";
import { parseJsonWithInterpolations } from "../../../policies/extract/masked-json";
import { readableStack } from "../../../policies/extract/readable-stack";
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

  it("judges what any rendering may grant, a conditional in the template's variables included", () => {
    const review = reviewWith('var.enabled ? "bedrock:CreateGuardrail" : ""');
    // var.enabled's two branches are two renderings: the one that adds the statement grants CreateGuardrail.
    expect(review.violations).toEqual([expect.objectContaining({ kind: "control-plane", actions: ["bedrock:CreateGuardrail"], statement: "aws_iam_role_policy.p #1" })]);
  });

  it("a choice the review cannot enumerate leaves the Action unreadable: it fails closed", () => {
    const review = reviewWith('join("", [for action in var.actions : action])');
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

describe("conditional expressions inside a policy's statement list", () => {
  const statement = (effect: string, action: string) => `{ Effect = "${effect}", Action = "${action}", Resource = "*" }`;
  const policy = (middle: string) => `\${jsonencode({ Version = "2012-10-17", Statement = concat([${statement("Allow", "bedrock:InvokeModel")}], ${middle}, [${statement("Allow", "logs:PutLogEvents")}]) })}`;
  const reviewOf = (value: string, locals: Record<string, string> = {}) =>
    reviewStacks([
      {
        name: "s",
        file: "main.tf.json",
        config: {
          locals,
          resource: {
            aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST } },
            aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy: value } },
          },
        },
      },
    ]);

  it("reads both branches: a Deny in one branch only is known lists, not an unreadable policy, and a clean role passes", () => {
    const review = reviewOf(policy(`var.enforce ? [${statement("Deny", "bedrock:CreateGuardrail")}] : []`));
    expect(review.violations).toEqual([]);
    expect(review.roles.find((role) => role.address === "aws_iam_role.app")?.unresolved).toEqual([]);
  });

  it("an Allow of either branch is granted, and numbered as it is in the file", () => {
    const review = reviewOf(policy(`var.debug ? [${statement("Allow", "bedrock:CreateGuardrail")}] : []`));
    expect(review.violations).toEqual([expect.objectContaining({ actions: ["bedrock:CreateGuardrail"], statement: "aws_iam_role_policy.p #1" })]);
  });

  it("a Deny of one branch does not take away what the other statements grant", () => {
    const review = reviewOf(policy(`var.enforce ? [${statement("Deny", "bedrock:CreateGuardrail")}] : [${statement("Allow", "bedrock:GetGuardrail")}]`).replace("bedrock:InvokeModel", "bedrock:CreateGuardrail"));
    expect(review.violations.flatMap((violation) => violation.actions).sort()).toEqual(["bedrock:CreateGuardrail", "bedrock:GetGuardrail"]);
  });

  it("a Deny that both branches have counts", () => {
    const deny = statement("Deny", "bedrock:CreateGuardrail");
    const review = reviewOf(policy(`var.strict ? [${deny}, ${statement("Allow", "s3:GetObject")}] : [${deny}]`).replace("bedrock:InvokeModel", "bedrock:CreateGuardrail"));
    expect(review.violations).toEqual([]);
  });

  it("the choice may sit in a local the policy reads, and is made once per rendering wherever the local is used", () => {
    const review = reviewOf(policy("local.extra"), { extra: `\${var.debug ? [${statement("Allow", "bedrock:CreateGuardrail")}] : []}` });
    expect(review.violations).toEqual([expect.objectContaining({ actions: ["bedrock:CreateGuardrail"] })]);
  });

  it("an attribute that is no policy keeps its choice unknown rather than a guessed branch", () => {
    const stack = { name: "s", file: "main.tf.json", config: { resource: { aws_api_gateway_method: { m: { http_method: "POST", authorization: '${var.public ? "NONE" : "AWS_IAM"}' } } } } };
    expect(readableStack(stack).config.resource?.aws_api_gateway_method.m.authorization).toBe('${var.public ? "NONE" : "AWS_IAM"}');
  });
});
