/**
 * AWS's size limits for the policy documents this module writes, and how each is counted. IAM
 * does not count whitespace; VPC endpoint and KMS key policies count every character. Checked
 * against the values AWS sees, i.e. after Terraform interpolates the references.
 */
export interface PolicyLimit {
  /** What the limit applies to, as an error names it. */
  readonly label: string;
  readonly maxCharacters: number;
  readonly countsWhitespace: boolean;
}

export const POLICY_LIMITS = {
  managedPolicy: { label: "managed policy (IAM, e.g. a permissions boundary)", maxCharacters: 6_144, countsWhitespace: false },
  roleInlinePolicies: { label: "inline policies of one role, together (IAM)", maxCharacters: 10_240, countsWhitespace: false },
  trustPolicy: { label: "role trust policy (IAM default quota)", maxCharacters: 2_048, countsWhitespace: false },
  vpcEndpointPolicy: { label: "VPC endpoint policy", maxCharacters: 20_480, countsWhitespace: true },
  kmsKeyPolicy: { label: "KMS key policy (32 KB)", maxCharacters: 32_768, countsWhitespace: true },
} as const satisfies Record<string, PolicyLimit>;

export type PolicyKind = keyof typeof POLICY_LIMITS;

/** The size AWS measures: every character, or every character that is not whitespace. */
export function measuredSize(text: string, limit: PolicyLimit): number {
  return limit.countsWhitespace ? Buffer.byteLength(text, "utf8") : text.replace(/\s/g, "").length;
}

/**
 * The longest values the interpolated references can take, so that a size measured with them
 * holds in every partition and region: `aws-us-gov` is the longest partition, `us-isof-south-1`
 * the longest region name, account ids have 12 digits.
 */
export const LONGEST = {
  partition: "aws-us-gov",
  region: "us-isof-south-1",
  accountId: "9".repeat(12),
  /** Guardrail ids have 12 characters; a published version is a number. */
  guardrailId: "abcdefghijkl",
  guardrailVersion: "9999999999",
  vpcId: "vpc-0123456789abcdef0",
  vpcEndpointId: "vpce-0123456789abcdef0",
  /** IAM role names have at most 64 characters. */
  roleNameLength: 64,
} as const;

/** A guardrail ARN of the longest length, for measuring a policy before its guardrail exists. */
export const LONGEST_GUARDRAIL_ARN = `arn:${LONGEST.partition}:bedrock:${LONGEST.region}:${LONGEST.accountId}:guardrail/${LONGEST.guardrailId}`;

/** An IAM role ARN of the longest length (a 64-character name, default path). */
export const LONGEST_ROLE_ARN = `arn:${LONGEST.partition}:iam::${LONGEST.accountId}:role/${"r".repeat(LONGEST.roleNameLength)}`;

/** Digits grouped for an error message: 6,144. */
export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}
