/**
 * No policy grants administrator or full-IAM access: an Allow of `*` or `iam:*`, an Allow with
 * `NotAction` (everything but a few), or an attachment of the AWS managed AdministratorAccess or
 * IAMFullAccess policies.
 */
import { asList } from "../../documents/statement";
import { identityPolicies, statementLabel } from "../iam-documents";
import { attachedPolicyArns } from "../managed-policy-attachments";
import type { Rule, RuleFinding } from "../types";

const FULL_ACCESS_POLICY = /^arn:[^:]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess)$/;

export const iamNoAdminAccess: Rule = {
  id: "iam-no-admin-access",
  title: "No policy grants administrator or full IAM access",
  severity: "critical",
  upstream: ["CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40", "CKV_AWS_274", "CKV2_AWS_56"],
  resourceTypes: ["aws_iam_role", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_role_policy_attachments_exclusive"],
  check: ({ stack, workspace }) => {
    const policies = identityPolicies(workspace, stack).filter((policy) => !policy.boundary);
    const findings: RuleFinding[] = [];
    for (const policy of policies) {
      policy.statements.forEach((statement, index) => {
        if (statement.Effect !== "Allow") return;
        const actions = asList(statement.Action).map((action) => action.toLowerCase());
        const broad = actions.filter((action) => action === "*" || action === "*:*" || action === "iam:*");
        if (broad.length === 0 && statement.NotAction === undefined) return;
        findings.push({
          resource: policy.resource,
          detail: statementLabel(policy, index),
          message: broad.length > 0 ? `Allow ${broad.join(", ")}: administrator-level access` : `Allow with NotAction ${asList(statement.NotAction).join(", ")}: everything else, including actions AWS adds later`,
          fix: "grant the named actions the role needs, on named resources",
        });
      });
    }
    const arns = attachedPolicyArns(stack);
    for (const { resource, arn } of arns.filter((entry) => FULL_ACCESS_POLICY.test(entry.arn.replace(/\$\{[^}]+\}/g, "aws")))) {
      findings.push({ resource, message: `attaches ${arn}`, fix: "attach a customer managed policy with the actions the role needs instead" });
    }
    return { checked: policies.length + arns.length, findings };
  },
};
