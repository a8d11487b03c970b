/**
 * The configuration's bring-your-own fields: an existing VPC and subnets, admin role, guardrail,
 * KMS key, and the remote state backend. Formats are shared with the constructs' own guards
 * (modules/resource-ids.ts), so a value the config accepts is one the constructs accept.
 */
import {
  BUCKET_PATTERN,
  FIX,
  GUARDRAIL_ARN_PATTERN,
  GUARDRAIL_VERSION_PATTERN,
  KEY_PREFIX_PATTERN,
  KMS_KEY_ARN_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
  SUBNET_ID_PATTERN,
  VPC_ID_PATTERN,
} from "../modules/resource-ids";
import type { StateBackend } from "../modules/state-backend";
import type { Checker, Json } from "./checker";

/** An existing guardrail's published version; its id is read from the ARN. */
export interface ExistingGuardrail {
  readonly arn: string;
  readonly id: string;
  readonly version: string;
}

export function readExistingNetwork(check: Checker, network: Json): { vpcId: string; subnetIds: string[] } {
  const vpcId = check.string(network, "vpcId", "network.vpcId", VPC_ID_PATTERN, FIX.vpcId, true) ?? "";
  const raw = network.subnetIds;
  if (!Array.isArray(raw) || raw.length < 2) {
    check.problem("network.subnetIds", raw, FIX.subnetCount);
    return { vpcId, subnetIds: [] };
  }
  const subnetIds: string[] = [];
  raw.forEach((id, index) => {
    if (typeof id !== "string" || !SUBNET_ID_PATTERN.test(id)) return check.problem(`network.subnetIds[${index}]`, id, FIX.subnetId);
    if (subnetIds.includes(id)) return check.problem(`network.subnetIds[${index}]`, id, "is listed twice; remove the duplicate");
    subnetIds.push(id);
  });
  return { vpcId, subnetIds };
}

export function readExistingGuardrail(check: Checker, guardrail: Json): ExistingGuardrail | undefined {
  const arn = check.string(guardrail, "arn", "guardrail.arn", GUARDRAIL_ARN_PATTERN, FIX.guardrailArn, true);
  const version = check.string(guardrail, "version", "guardrail.version", GUARDRAIL_VERSION_PATTERN, FIX.guardrailVersion, true);
  for (const key of ["enabled", "contentFilterStrength"]) {
    if (guardrail[key] !== undefined) check.problem(`guardrail.${key}`, guardrail[key], "applies to a guardrail the module creates; remove it, or remove guardrail.arn to create one");
  }
  if (arn === undefined || version === undefined) return undefined;
  return { arn, id: GUARDRAIL_ARN_PATTERN.exec(arn)?.[1] ?? "", version };
}

export function readExistingAdminRole(check: Checker, admin: Json): string | undefined {
  const roleArn = check.string(admin, "existingRoleArn", "admin.existingRoleArn", ROLE_ARN_PATTERN, FIX.roleArn, true);
  for (const key of ["principalArns", "requireMfa", "maxSessionDurationSeconds", "denyInference"]) {
    if (admin[key] !== undefined) check.problem(`admin.${key}`, admin[key], "configures an admin role the module creates; remove it, or remove admin.existingRoleArn to create one");
  }
  return roleArn;
}

export function readKmsKeyArn(check: Checker, raw: Json): string | undefined {
  return check.string(raw, "kmsKeyArn", "kmsKeyArn", KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn, false);
}

export function readStateBackend(check: Checker, raw: Json): StateBackend | undefined {
  const backend = check.object(raw, "stateBackend", "stateBackend", ["type", "bucket", "region", "keyPrefix", "kmsKeyArn"], false);
  if (backend === undefined) return undefined;
  const type = check.oneOf(backend, "type", "stateBackend.type", ["local", "s3"] as const);
  if (type === undefined) {
    if (backend.type === undefined) check.problem("stateBackend.type", undefined, 'is required: "s3" for a shared bucket, "local" for state files next to cdktf.json');
    return undefined;
  }
  if (type === "local") {
    const extra = Object.keys(backend).filter((key) => key !== "type");
    if (extra.length > 0) check.problem(`stateBackend.${extra[0]}`, backend[extra[0]], 'only applies to "type": "s3"; remove it');
    return { type };
  }
  const bucket = check.string(backend, "bucket", "stateBackend.bucket", BUCKET_PATTERN, FIX.bucket, true);
  const region = check.string(backend, "region", "stateBackend.region", REGION_PATTERN, FIX.region, false);
  const keyPrefix = check.string(backend, "keyPrefix", "stateBackend.keyPrefix", KEY_PREFIX_PATTERN, FIX.keyPrefix, false);
  const kmsKeyArn = check.string(backend, "kmsKeyArn", "stateBackend.kmsKeyArn", KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn, false);
  if (bucket === undefined) return undefined;
  return { type, bucket, region, keyPrefix, kmsKeyArn };
}
