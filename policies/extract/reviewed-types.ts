/**
 * The resource types the permission review reads: roles and every way a policy reaches one, the
 * compute that runs as a role, the identity providers a trust names, and VPC endpoints with their
 * policies. The rule pack's report counts them as checked, beside the types its own rules judge.
 */
import { COMPUTE_ROLE_ATTRIBUTES } from "./role-usage";

export const REVIEWED_RESOURCE_TYPES: readonly string[] = [
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_policy_attachment",
  "aws_iam_role_policy_attachments_exclusive",
  "aws_iam_role_policies_exclusive",
  "aws_iam_instance_profile",
  "aws_iam_openid_connect_provider",
  "aws_vpc_endpoint",
  "aws_vpc_endpoint_policy",
  ...Object.keys(COMPUTE_ROLE_ATTRIBUTES),
];
