import { LocalBackend, S3Backend, Token, type TerraformStack } from "cdktf";
import { regionProblems } from "../core/aws-regions";
import { BUCKET_PATTERN, FIX, KEY_PREFIX_PATTERN, KMS_KEY_ARN_PATTERN, S3_BACKEND_KMS_KEY_ID_PATTERN } from "../core/resource-ids";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

/** Where Terraform keeps a stack's state. */
export type StateBackend = LocalStateBackend | S3StateBackend;

/** State files next to cdktf.json: fine for one person, not for a team. */
export interface LocalStateBackend {
  readonly type: "local";
}

/**
 * An S3 bucket, one object per stack (`<keyPrefix>/<stack>.tfstate`), encrypted, and locked with
 * S3's native lock file (`use_lockfile`, Terraform ≥ 1.10): no DynamoDB table to create or pay for.
 */
export interface S3StateBackend {
  /** Selects this backend. */
  readonly type: "s3";
  /** The existing state bucket (versioning on, public access blocked: it holds every resource's attributes). */
  readonly bucket: string;
  /** Region of the bucket. @default - the region Terraform runs in (AWS_REGION) */
  readonly region?: string;
  /** Folder of the state objects in the bucket. @default "bedrock-chatbot" */
  readonly keyPrefix?: string;
  /**
   * A customer-managed KMS key for the state objects, by its ARN. Its key id must be one Terraform's
   * S3 backend accepts (an RFC 4122 UUID, as KMS gives every key, or a multi-Region `mrk-` id).
   * @default - SSE-S3
   */
  readonly kmsKeyArn?: string;
}

/** The S3 backend's bucket, region (a known one, or one of `allowedNewRegions`), key prefix and key. */
export function stateBackendProblems(backend: StateBackend, at = "stateBackend", allowedNewRegions: readonly string[] = []): Problem[] {
  if (backend.type === "local") return [];
  const field = (key: string) => fieldPath(at, key);
  const optional = (key: "keyPrefix" | "kmsKeyArn", pattern: RegExp, fix: string) =>
    backend[key] === undefined ? [] : patternProblems(field(key), backend[key], pattern, fix);
  const keyFormat = optional("kmsKeyArn", KMS_KEY_ARN_PATTERN, FIX.stateKmsKeyArn);
  return [
    ...patternProblems(field("bucket"), backend.bucket, BUCKET_PATTERN, FIX.bucket),
    ...regionProblems(field("region"), backend.region, allowedNewRegions),
    ...optional("keyPrefix", KEY_PREFIX_PATTERN, FIX.keyPrefix),
    ...(keyFormat.length > 0 ? keyFormat : backendKeyIdProblems(field("kmsKeyArn"), backend.kmsKeyArn)),
  ];
}

/**
 * A well-formed key ARN whose key id Terraform's S3 backend still refuses at init: stricter than
 * KMS's own format, so checked here rather than left to `terraform init` after synth.
 */
function backendKeyIdProblems(field: string, kmsKeyArn: string | undefined): Problem[] {
  if (kmsKeyArn === undefined || Token.isUnresolved(kmsKeyArn) || S3_BACKEND_KMS_KEY_ID_PATTERN.test(kmsKeyArn)) return [];
  const fix = `has a key id Terraform's S3 backend refuses at init ("Invalid KMS Key ARN"), although KMS's format allows it: ${FIX.stateKmsKeyArn}`;
  return [{ field, value: kmsKeyArn, fix }];
}

/** Configures the stack's backend; the local backend when none is given. */
export function useStateBackend(stack: TerraformStack, stackName: string, backend: StateBackend = { type: "local" }, allowedNewRegions: readonly string[] = []): void {
  if (backend.type === "local") {
    useLocalStateBackend(stack, stackName);
    return;
  }
  throwProblems(stack, stateBackendProblems(backend, "stateBackend", allowedNewRegions));
  const keyPrefix = backend.keyPrefix ?? "bedrock-chatbot";
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${keyPrefix}/${stackName}.tfstate`,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyArn,
  });
  // cdktf 0.21 predates the option; Terraform ≥ 1.10 reads it and S3 conditional writes do the locking.
  s3.addOverride("use_lockfile", true);
}

/**
 * cdktf's default local backend records an absolute path, which makes the synthesized JSON
 * differ between two clones. State files live at the project root, next to cdktf.json; the
 * path is relative to the stack's working directory `cdktf.out/stacks/<stack>`.
 */
function useLocalStateBackend(stack: TerraformStack, stackName: string): void {
  new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
}
