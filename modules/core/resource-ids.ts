/**
 * Formats of the AWS identifiers a caller can bring (existing VPC, subnets, security group, IAM
 * role, guardrail, KMS key). Plain regular expressions with no imports, shared by the constructs'
 * guards (modules/core/refs.ts) and the configuration schema (config/schema.ts).
 */
const PARTITION = "aws[a-z-]*";
const REGION = "(?:[a-z]{2}(?:-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-\\d";
const ACCOUNT = "\\d{12}";

/** An AWS region code: `eu-west-1`, `us-gov-west-1`, `us-isob-east-1`, `eusc-de-east-1`. Whether it exists: aws-regions.ts. */
export const REGION_PATTERN = new RegExp(`^${REGION}$`);

export const VPC_ID_PATTERN = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const SUBNET_ID_PATTERN = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const SECURITY_GROUP_ID_PATTERN = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
/** A managed prefix list: `pl-0a1b2c3d` (AWS-managed lists have the short form). */
export const PREFIX_LIST_ID_PATTERN = /^pl-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
/** An IAM role ARN, with or without a path: `arn:aws:iam::111122223333:role/team/BedrockAdmin`. */
export const ROLE_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`);
/** A KMS key ARN (not an alias: CloudWatch Logs and Bedrock want the key itself). Group 1 is the key's region. */
export const KMS_KEY_ARN_PATTERN = new RegExp(
  `^arn:${PARTITION}:kms:(${REGION}):${ACCOUNT}:key/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`,
);
/**
 * The key id Terraform's S3 backend accepts in `kms_key_id` (internal/backend/remote-state/s3/validate.go):
 * an RFC 4122 UUID of version 1–5 and variant 8, 9, a or b, or a multi-Region `mrk-` id. Every key
 * KMS creates has one; an invented id such as AWS's documentation example
 * `1234abcd-12ab-34cd-56ef-1234567890ab` does not, and `terraform init` refuses it ("Invalid KMS Key ARN").
 */
export const S3_BACKEND_KMS_KEY_ID_PATTERN = /:key\/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;
/** A guardrail ARN; group 1 is the guardrail id. */
export const GUARDRAIL_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:bedrock:${REGION}:${ACCOUNT}:guardrail/([a-z0-9]+)$`);
/** Any Bedrock ARN; group 1 is its region. */
export const BEDROCK_ARN_REGION_PATTERN = new RegExp(`^arn:${PARTITION}:bedrock:(${REGION}):`);
export const GUARDRAIL_ID_PATTERN = /^[a-z0-9]{1,64}$/;
/** A published guardrail version. `DRAFT` is refused: it changes under the running application. */
export const GUARDRAIL_VERSION_PATTERN = /^[1-9][0-9]{0,7}$/;

/** An S3 bucket name (the state bucket). */
export const BUCKET_PATTERN = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A folder inside a bucket: segments without leading, trailing or doubled "/". */
export const KEY_PREFIX_PATTERN = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;

export const FIX = {
  vpcId: 'give the id of an existing VPC, e.g. "vpc-0a1b2c3d4e5f67890"',
  subnetId: 'give the id of an existing subnet, e.g. "subnet-0a1b2c3d4e5f67890"',
  subnetCount: "list at least two subnet ids in different availability zones, so that the function and the endpoint survive the loss of a zone",
  securityGroupId: 'give the id of an existing security group in the same VPC, e.g. "sg-0a1b2c3d4e5f67890"',
  roleArn: 'give an IAM role ARN, e.g. "arn:aws:iam::111122223333:role/BedrockAdmin"',
  kmsKeyArn: 'give a KMS key ARN (not an alias), e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
  stateKmsKeyArn:
    'give the key\'s ARN as KMS shows it (aws kms describe-key --key-id <id> --query KeyMetadata.Arn), e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-4cd3-9ef0-1234567890ab": ' +
    "Terraform's S3 backend takes a key id that is an RFC 4122 UUID (version 1–5, variant 8, 9, a or b) or a multi-Region mrk- id",
  guardrailArn: 'give a guardrail ARN, e.g. "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh"',
  guardrailId: 'give the guardrail id (lower-case letters and digits), e.g. "abcd1234efgh"',
  region: 'use a region code such as "eu-west-1"',
  bucket: 'give the name of an existing S3 bucket, e.g. "acme-terraform-state"',
  keyPrefix: 'use a folder path without leading or trailing "/", e.g. "platform/chatbot"',
  guardrailVersion: 'give a published version number, e.g. "1" (not "DRAFT", which changes under the running app)',
} as const;

/** The role name of a literal role ARN: its last path segment. */
export function roleNameOfArn(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}
