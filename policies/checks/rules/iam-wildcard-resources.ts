/**
 * No Allow statement grants an action that supports resource-level permissions on `Resource: "*"`:
 * name the resources instead. Actions AWS accepts only on `*` (Describe calls, X-Ray, Marketplace
 * subscriptions, …) pass. Conditions do not excuse a `*` here, as with cloudsplaining (checkov);
 * a condition that makes it acceptable is the reason of a written suppression.
 */
import { asList } from "../../documents/statement";
import { identityPolicies, statementLabel } from "../iam-documents";
import { isUnrestrictable } from "../unrestrictable-actions";
import type { Rule, RuleFinding } from "../types";

export const iamWildcardResources: Rule = {
  id: "iam-wildcard-resources",
  title: "IAM policies name their resources (no * for restrictable actions)",
  severity: "medium",
  upstream: ["CKV_AWS_355", "CKV_AWS_290", "AwsSolutions-IAM5", "Serverless-IAMNoWildcardPermissions"],
  resourceTypes: ["aws_iam_role", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_policy"],
  check: ({ stack, workspace }) => {
    const policies = identityPolicies(workspace, stack);
    const findings: RuleFinding[] = [];
    for (const policy of policies) {
      policy.statements.forEach((statement, index) => {
        if (statement.Effect !== "Allow" || !asList(statement.Resource).includes("*")) return;
        const restrictable = statement.NotAction !== undefined ? ["(NotAction)"] : asList(statement.Action).filter((action) => !isUnrestrictable(action));
        if (restrictable.length === 0) return;
        findings.push({
          resource: policy.resource,
          detail: statementLabel(policy, index),
          message: `Resource "*" for ${restrictable.join(", ")}${statement.Condition ? " (conditional)" : ""}${policy.boundary ? " (permissions boundary)" : ""}`,
          fix: "name the ARNs the actions apply to",
        });
      });
    }
    return { checked: policies.length, findings };
  },
};
