/**
 * Roles, users and groups use customer managed or inline policies, not AWS managed ones: AWS
 * managed policies mostly grant on `*` and change when AWS decides (and the permission review can
 * read only the few it knows).
 */
import { attachedPolicyArns } from "../managed-policy-attachments";
import { resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const AWS_MANAGED = /^arn:[^:]*:iam::aws:policy\//;

export const iamManagedPolicies: Rule = {
  id: "iam-managed-policies",
  title: "No AWS managed policies are attached",
  severity: "low",
  upstream: ["AwsSolutions-IAM4"],
  resourceTypes: ["aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_role_policy_attachments_exclusive"],
  check: ({ stack }) => {
    const arns = attachedPolicyArns(stack);
    const findings: RuleFinding[] = arns
      .filter((entry) => AWS_MANAGED.test(entry.arn.replace(/\$\{[^}]+\}/g, "aws")))
      .map((entry) => ({ resource: entry.resource, message: `attaches the AWS managed policy ${entry.arn}`, fix: "write an inline or customer managed policy with the statements the role needs" }));
    const principals = ["aws_iam_role", "aws_iam_user", "aws_iam_group"].reduce((count, type) => count + resources(stack, type).length, 0);
    return { checked: principals, findings };
  },
};
