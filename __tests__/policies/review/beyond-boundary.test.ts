/**
 * A policy granting more than the role's permissions boundary allows: IAM caps it, so it is no
 * violation, but the report says so and the `--base` diff shows the widening.
 */
import { diffReviews } from "../../../policies/review/diff";
import { renderMarkdown } from "../../../policies/review/markdown";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { allow, LAMBDA_TRUST, policyJson, review } from "../helpers";

const MODEL = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0";

function bounded(statements: Parameters<typeof policyJson>[0], boundary = [allow("bedrock:InvokeModel", { Resource: MODEL })]): TerraformConfig {
  return {
    resource: {
      aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, permissions_boundary: "${aws_iam_policy.boundary.arn}" } },
      aws_iam_policy: { boundary: { name: "boundary", policy: policyJson(boundary) } },
      aws_iam_role_policy: { app: { role: "${aws_iam_role.app.name}", policy: policyJson(statements) } },
    },
  };
}

const appRole = (config: TerraformConfig) => review(config).roles.find((role) => role.address === "aws_iam_role.app")!;

describe("grants beyond the permissions boundary", () => {
  it("bedrock:* behind a boundary that allows InvokeModel: no violation, and a note naming the statement and what the boundary caps", () => {
    const result = review(bounded([allow("bedrock:InvokeModel", { Resource: MODEL }), allow("bedrock:*")]));
    expect(result.violations).toEqual([]);
    expect(result.summary).toEqual(expect.objectContaining({ violations: 0, beyondBoundary: 1, failing: false }));
    const [beyond] = appRole(bounded([allow("bedrock:InvokeModel", { Resource: MODEL }), allow("bedrock:*")])).beyondBoundary!;
    expect(beyond).toEqual(expect.objectContaining({ statement: "aws_iam_role_policy.app #1", patterns: ["bedrock:*"], resources: ["*"] }));
    expect(beyond.actions).toEqual(expect.arrayContaining(["bedrock:CreateGuardrail", "bedrock:ListFoundationModels", "bedrock:*"]));
    // InvokeModel is within the boundary, whichever statement grants it.
    expect(beyond.actions).not.toContain("bedrock:InvokeModel");
    const markdown = renderMarkdown(result);
    expect(markdown).toContain("✅ **No violations.**");
    expect(markdown).toMatch(/⚠️ 1 role\(s\) hold policies that grant more than their permissions boundary allows/);
    expect(markdown).toMatch(/⚠️ \*\*Beyond the permissions boundary:\*\* `aws_iam_role_policy.app #1` grants \d+ action\(s\) that `aws_iam_policy.boundary` does not allow/);
  });

  it("says nothing when the policy stays inside the boundary, or when there is no boundary", () => {
    expect(appRole(bounded([allow("bedrock:InvokeModel", { Resource: MODEL })])).beyondBoundary).toBeUndefined();
    const unbounded = bounded([allow("bedrock:InvokeModel")]);
    delete (unbounded.resource!.aws_iam_role.app as Record<string, unknown>).permissions_boundary;
    expect(appRole(unbounded).beyondBoundary).toBeUndefined();
    expect(renderMarkdown(review(unbounded))).not.toContain("Beyond the permissions boundary");
  });

  it("only the part the boundary caps: InvokeModel on * is within a boundary allowing it on *, logs:* is not", () => {
    const config = bounded([allow(["bedrock:InvokeModel", "logs:*"])], [allow(["bedrock:InvokeModel", "logs:PutLogEvents"])]);
    expect(appRole(config).beyondBoundary).toEqual([expect.objectContaining({ actions: ["logs:*"] })]);
  });

  it("--base: a pull request widening the policy behind the boundary shows in the diff, though the effective actions are the same", () => {
    const base = review(bounded([allow("bedrock:InvokeModel", { Resource: MODEL })]));
    const head = review(bounded([allow("bedrock:InvokeModel", { Resource: MODEL }), allow("bedrock:Create*")]));
    const actionsOf = (result: typeof base) => result.roles.find((role) => role.address === "aws_iam_role.app")!.grants.map((grant) => grant.action);
    expect(actionsOf(head)).toEqual(actionsOf(base));
    expect(diffReviews(base, head).roles).toEqual([
      expect.objectContaining({ address: "aws_iam_role.app", status: "changed", added: ["bedrock:Create* on * (beyond the permissions boundary)"], removed: [] }),
    ]);
  });
});
