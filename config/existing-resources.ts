/**
 * The configuration's bring-your-own fields: an existing admin role, guardrail, KMS key, and the
 * remote state backend (the network: config/schema.ts). Types are read here; formats are judged
 * by the constructs' own checks (modules/core/refs.ts, modules/stacks/state-backend.ts), so a value the config
 * accepts is one the constructs accept.
 */
import { guardrailRefProblems, roleRefProblems } from "../modules/core/refs";
import { BEDROCK_ARN_REGION_PATTERN, FIX, GUARDRAIL_ARN_PATTERN, KMS_KEY_ARN_PATTERN, roleNameOfArn } from "../modules/core/resource-ids";
import { sameRegionProblems } from "../modules/core/validate";
import { type StateBackend, stateBackendProblems } from "../modules/stacks/state-backend";
import type { Checker, Json } from "./checker";

/** An existing guardrail's published version; its id is read from the ARN. */
export interface ExistingGuardrail {
  readonly arn: string;
  readonly id: string;
  readonly version: string;
}

/** `region` is the configuration's: the function applies a guardrail of its own region only. */
export function readExistingGuardrail(check: Checker, guardrail: Json, region: string | undefined): ExistingGuardrail | undefined {
  const arn = check.string(guardrail, "arn", "guardrail.arn", undefined, FIX.guardrailArn, true);
  const version = check.string(guardrail, "version", "guardrail.version", undefined, FIX.guardrailVersion, true);
  for (const key of ["enabled", "contentFilterStrength"]) {
    if (guardrail[key] !== undefined) check.problem(`guardrail.${key}`, guardrail[key], "applies to a guardrail the module creates; remove it, or remove guardrail.arn to create one");
  }
  if (arn === undefined || version === undefined) return undefined;
  const id = GUARDRAIL_ARN_PATTERN.exec(arn)?.[1] ?? "";
  // The GuardrailRef's own check; its id is read from the ARN here, so only the ARN and version can be wrong.
  const problems = guardrailRefProblems({ guardrailArn: arn, guardrailId: id, guardrailVersion: version }, "guardrail").filter((p) => p.field !== "guardrail.guardrailId");
  problems.push(...sameRegionProblems("guardrail.guardrailArn", arn, BEDROCK_ARN_REGION_PATTERN, region, "Bedrock applies a guardrail in its own region only"));
  if (check.add(problems, { "guardrail.guardrailArn": "guardrail.arn", "guardrail.guardrailVersion": "guardrail.version" })) return undefined;
  return { arn, id, version };
}

export function readExistingAdminRole(check: Checker, admin: Json): string | undefined {
  const roleArn = check.string(admin, "existingRoleArn", "admin.existingRoleArn", undefined, FIX.roleArn, true);
  // The RoleRef's own check; the name is read from the ARN here, so only the ARN can be wrong.
  if (roleArn !== undefined) {
    const problems = roleRefProblems({ roleArn, roleName: roleNameOfArn(roleArn) }, "admin").filter((p) => p.field === "admin.roleArn");
    check.add(problems, { "admin.roleArn": "admin.existingRoleArn" });
  }
  for (const key of ["principalArns", "requireMfa", "maxSessionDurationSeconds", "denyInference"]) {
    if (admin[key] !== undefined) check.problem(`admin.${key}`, admin[key], "configures an admin role the module creates; remove it, or remove admin.existingRoleArn to create one");
  }
  return roleArn;
}

/** `region` is the configuration's: CloudWatch Logs, Lambda and Bedrock use a key of their own region only. */
export function readKmsKeyArn(check: Checker, raw: Json, region: string | undefined): string | undefined {
  const arn = check.string(raw, "kmsKeyArn", "kmsKeyArn", KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn, false);
  if (arn !== undefined && check.add(sameRegionProblems("kmsKeyArn", arn, KMS_KEY_ARN_PATTERN, region, "CloudWatch Logs, Lambda and Bedrock use a key of their own region only"))) return undefined;
  return arn;
}

export function readStateBackend(check: Checker, raw: Json, allowedNewRegions: readonly string[] | undefined): StateBackend | undefined {
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
  const bucket = check.string(backend, "bucket", "stateBackend.bucket", undefined, FIX.bucket, true);
  const region = check.string(backend, "region", "stateBackend.region", undefined, FIX.region, false);
  const keyPrefix = check.string(backend, "keyPrefix", "stateBackend.keyPrefix", undefined, FIX.keyPrefix, false);
  const kmsKeyArn = check.string(backend, "kmsKeyArn", "stateBackend.kmsKeyArn", undefined, FIX.stateKmsKeyArn, false);
  if (bucket === undefined) return undefined;
  const s3 = { type, bucket, region, keyPrefix, kmsKeyArn };
  // The stacks' own check (useStateBackend), under the same field names.
  return check.add(stateBackendProblems(s3, "stateBackend", allowedNewRegions)) ? undefined : s3;
}
