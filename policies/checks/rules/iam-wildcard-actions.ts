/**
 * No Allow statement uses a wildcard in an action (`bedrock:*`, `s3:Get*`) or `NotAction`: a
 * wildcard also matches whatever the service adds next. cdk-nag's IAM5 also covers resources;
 * iam-wildcard-resources judges those.
 */
import { asList } from "../../documents/statement";
import { identityPolicies, statementLabel } from "../iam-documents";
import type { Rule, RuleFinding } from "../types";

export const iamWildcardActions: Rule = {
  id: "iam-wildcard-actions",
  title: "IAM policies name their actions (no wildcards)",
  severity: "medium",
  upstream: ["AwsSolutions-IAM5", "AVD-AWS-0057"],
  resourceTypes: ["aws_iam_role", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_policy"],
  check: ({ stack, workspace }) => {
    const policies = identityPolicies(workspace, stack);
    const findings: RuleFinding[] = [];
    for (const policy of policies) {
      policy.statements.forEach((statement, index) => {
        if (statement.Effect !== "Allow") return;
        const wildcards = asList(statement.Action).filter((action) => action.includes("*") || action.includes("?"));
        if (wildcards.length === 0 && statement.NotAction === undefined) return;
        findings.push({
          resource: policy.resource,
          detail: statementLabel(policy, index),
          message: wildcards.length > 0 ? `Allow ${wildcards.join(", ")}${policy.boundary ? " (permissions boundary)" : ""}` : "Allow with NotAction",
          fix: "list the actions explicitly",
        });
      });
    }
    return { checked: policies.length, findings };
  },
};
