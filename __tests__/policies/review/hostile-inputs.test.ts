/**
 * Inputs written to slip a control-plane grant past the review, or to crash it (found by a second
 * review of the real-world change). Each gives a Lambda role `bedrock:*` one way or another: the
 * review must fail (exit 1), or refuse the input (exit 2, one line naming it), never pass it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runReview } from "../../../policies/review-cli";
import { reviewStacks } from "../../../policies/review/review";
import { allow, LAMBDA_TRUST, policyJson, review } from "../helpers";

const BEDROCK_ALL = policyJson([allow("bedrock:*")]);

function exitOf(document: unknown, name = "main.tf.json"): { exitCode: number; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "hostile-"));
  writeFileSync(join(dir, name), typeof document === "string" ? document : JSON.stringify(document));
  const { exitCode, stderr } = runReview([join(dir, name), "--no-checks"]);
  return { exitCode, stderr };
}

const trustWith = (statement: Record<string, unknown>) => policyJson([{ Effect: "Allow", ...statement } as never]);
const roleWith = (assumeRolePolicy: string, extra: Record<string, unknown> = {}) => ({
  resource: { aws_iam_role: { r: { name: "r", assume_role_policy: assumeRolePolicy, inline_policy: [{ name: "p", policy: BEDROCK_ALL }] } }, ...extra },
});

describe("names", () => {
  it("a resource named __proto__ is reviewed like any other, in a configuration and in a plan, and pollutes nothing", () => {
    expect(exitOf({ resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST } }, aws_iam_role_policy: { ["__proto__"]: { role: "${aws_iam_role.app.name}", policy: BEDROCK_ALL } } } }).exitCode).toBe(1);
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: "aws_iam_role_policy.__proto__", mode: "managed", type: "aws_iam_role_policy", name: "__proto__", change: { actions: ["create"], after: { role: "app", policy: BEDROCK_ALL } } },
        { address: "aws_iam_role.app", mode: "managed", type: "aws_iam_role", name: "app", change: { actions: ["create"], after: { name: "app", assume_role_policy: LAMBDA_TRUST } } },
      ],
    };
    expect(exitOf(plan, "plan.json").exitCode).toBe(1);
    exitOf('{"resource":{"__proto__":{"polluted":{"x":1}}},"locals":{"__proto__":{"polluted":1}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("trust policies", () => {
  it.each([
    ["a Service principal from a variable", trustWith({ Principal: { Service: "${var.service}" }, Action: "sts:AssumeRole" })],
    ["a Principal that is not a map", '{"Statement":[{"Effect":"Allow","Principal":{"Federated":5},"Action":"sts:AssumeRoleWithWebIdentity"}]}'],
    ["IRSA with sts:AssumeRoleWith*", trustWith({ Principal: { Federated: "${aws_iam_openid_connect_provider.eks.arn}" }, Action: "sts:AssumeRoleWith*" })],
    ["IRSA through a provider resource named gitlab", trustWith({ Principal: { Federated: "${aws_iam_openid_connect_provider.gitlab.arn}" }, Action: "sts:AssumeRoleWithWebIdentity" })],
    [
      "IRSA with a GitHub claim only in a Null test",
      trustWith({ Principal: { Federated: "${var.oidc_provider_arn}" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { Null: { "token.actions.githubusercontent.com:sub": "true" } } }),
    ],
  ])("%s makes an application role", (_name, assumeRolePolicy) => {
    expect(review(roleWith(assumeRolePolicy)).roles[0].application).toBe(true);
  });

  it("a GitHub Actions role known by its provider's url stays a deploy role", () => {
    const config = roleWith(trustWith({ Principal: { Federated: "${aws_iam_openid_connect_provider.ci.arn}" }, Action: "sts:AssumeRoleWithWebIdentity" }), {
      aws_iam_openid_connect_provider: { ci: { url: "https://token.actions.githubusercontent.com" } },
    });
    expect(review(config).roles[0].application).toBe(false);
  });
});

describe("roles named indirectly", () => {
  it("a data.aws_iam_role lookup of the input's own role leads to that role", () => {
    const result = review({
      data: { aws_iam_role: { mine: { name: "${aws_iam_role.app.name}" } } },
      resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST } }, aws_iam_role_policy: { p: { role: "${data.aws_iam_role.mine.name}", policy: BEDROCK_ALL } } },
    });
    expect(result.violations.map((violation) => violation.role)).toEqual(["aws_iam_role.app"]);
  });

  it("a literal role name is a role's, never an instance profile's of the same name", () => {
    const result = review({
      resource: {
        aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST }, ops: { name: "ops", assume_role_policy: trustWith({ Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }) } },
        aws_iam_instance_profile: { p: { name: "app", role: "ops" } },
        aws_iam_role_policy: { p: { role: "app", policy: BEDROCK_ALL } },
      },
    });
    expect(result.violations.map((violation) => violation.role)).toEqual(["aws_iam_role.app"]);
  });
});

describe("policy text", () => {
  it("a %{…} left in an Action is never a literal action", () => {
    const policy = '{"Statement":[{"Effect":"Allow","Action":"%{for a in var.actions}${a}%{endfor}","Resource":"*"}]}';
    const local = { locals: { p: policy }, resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: "${local.p}" }] } } } };
    expect(review(local).violations).toEqual([expect.objectContaining({ kind: "unresolvable" })]);
  });

  it("a %{if} on an unknown value, in a local, is read in both renderings", () => {
    const policy = '{"Statement":[{"Effect":"Allow","Action":"%{if var.admin}bedrock:*%{else}s3:GetObject%{endif}","Resource":"*"}]}';
    const local = { locals: { p: policy }, resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: "${local.p}" }] } } } };
    expect(review(local).violations).toEqual([expect.objectContaining({ kind: "control-plane", kinds: expect.arrayContaining(["wildcard-bedrock"]) })]);
  });

  it("two templates alike in their first rendering keep every rendering of both", () => {
    const dir = mkdtempSync(join(tmpdir(), "variants-"));
    const base = '{"Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}%{ if on },{"Effect":"Allow","Action":"ACTION","Resource":"*"}%{ endif }]}';
    writeFileSync(join(dir, "a.tpl"), base.replace("ACTION", "bedrock:*"));
    writeFileSync(join(dir, "b.tpl"), base.replace("ACTION", "logs:CreateLogStream"));
    const role = (file: string, condition: string) => ({ name: file, assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: `\${templatefile("\${path.module}/${file}.tpl", { on = ${condition} })}` }] });
    const config = { resource: { aws_iam_role: { a: role("a", "var.admin"), b: role("b", "var.debug") } } };
    const result = reviewStacks([{ name: "s", file: join(dir, "main.tf.json"), config, directory: dir }]);
    expect(result.violations.map((violation) => violation.role)).toContain("aws_iam_role.a");
  });

  it("a brace in one string cannot make an interpolation swallow the statements after it", () => {
    const policy = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"$${"}}},{"Effect":"Allow","Action":"bedrock:*","Resource":"*","Condition":{"StringNotEquals":{"aws:userid":"}"}}},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"${var.b != "" ? var.b : "*"}"}]}';
    expect(review({ resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy }] } } } }).violations).not.toEqual([]);
  });
});

describe("what the review reads", () => {
  it("file() reads nothing under a dot-folder (.git holds CI's checkout token)", () => {
    const dir = mkdtempSync(join(tmpdir(), "dot-folder-"));
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, ".git", "config"), policyJson([allow("s3:GetObject")]));
    writeFileSync(join(dir, "policy.json"), policyJson([allow("s3:GetObject")]));
    const config = (path: string) => ({ resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: `\${file("\${path.module}/${path}")}` }] } } } });
    expect(reviewStacks([{ name: "s", file: join(dir, "main.tf.json"), config: config("policy.json"), directory: dir }]).violations).toEqual([]);
    expect(reviewStacks([{ name: "s", file: join(dir, "main.tf.json"), config: config(".git/config"), directory: dir }]).violations).toEqual([expect.objectContaining({ kind: "unresolvable" })]);
  });

  it("input nested deeper than any configuration is refused with its file, not a crash", () => {
    const result = exitOf('{"resource":{"aws_iam_role":{"r":{"tags":' + "[".repeat(20000) + "]".repeat(20000) + "}}}}");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^review: .*main\.tf\.json: values nested more than 256 levels deep\n$/);
  });
});
