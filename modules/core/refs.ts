/**
 * Guards and type tests for the references a caller passes instead of letting a construct create
 * the resource: NetworkRef, RoleRef and GuardrailRef (a plain security-group id or KMS key ARN is
 * a patternProblems with resource-ids.ts's pattern). Literal values are checked against AWS's formats; tokens (resolved at plan time) are skipped,
 * so refs to resources of the caller's own stack pass through untouched.
 */
import { Token } from "cdktf";
import type { Construct } from "constructs";
import type { GuardrailRef } from "../bedrock/bedrock-guardrail";
import type { RoleRef } from "../function/chat-app-role";
import type { NetworkRef } from "../network/private-network";
import {
  FIX,
  GUARDRAIL_ARN_PATTERN,
  GUARDRAIL_ID_PATTERN,
  GUARDRAIL_VERSION_PATTERN,
  ROLE_ARN_PATTERN,
  SUBNET_ID_PATTERN,
  VPC_ID_PATTERN,
} from "./resource-ids";
import { type Problem, fieldPath, listProblems, patternProblems, throwProblems } from "./validate";

export function isNetworkRef(value: object): value is NetworkRef {
  return "vpcId" in value;
}

export function isRoleRef(value: object): value is RoleRef {
  return "roleArn" in value;
}

export function isGuardrailRef(value: object): value is GuardrailRef {
  return "guardrailArn" in value;
}

/**
 * An existing network: a VPC id and at least two distinct subnet ids. A missing or non-list
 * `subnetIds` is a problem, not a TypeError, for callers in plain JavaScript or with `as never`.
 */
export function networkRefProblems(network: NetworkRef, at: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  return [
    ...patternProblems(field("vpcId"), network.vpcId, VPC_ID_PATTERN, FIX.vpcId),
    ...listProblems(field("subnetIds"), network.subnetIds, {
      count: { min: 2, fix: FIX.subnetCount },
      entry: (where, subnetId) => patternProblems(where, subnetId as string, SUBNET_ID_PATTERN, FIX.subnetId),
      duplicates: { fix: "remove the duplicate (two subnets in different availability zones are needed)" },
    }),
  ];
}

export function roleRefProblems(role: RoleRef, at: string): Problem[] {
  return [
    ...patternProblems(fieldPath(at, "roleArn"), role.roleArn, ROLE_ARN_PATTERN, FIX.roleArn),
    ...patternProblems(fieldPath(at, "roleName"), role.roleName, /^[\w+=,.@-]{1,64}$/, "give the role's name (the last part of its ARN)"),
  ];
}

/** A published version (never DRAFT) of a guardrail whose id and ARN agree. */
export function guardrailRefProblems(guardrail: GuardrailRef, at: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems = [
    ...patternProblems(field("guardrailArn"), guardrail.guardrailArn, GUARDRAIL_ARN_PATTERN, FIX.guardrailArn),
    ...patternProblems(field("guardrailId"), guardrail.guardrailId, GUARDRAIL_ID_PATTERN, FIX.guardrailId),
    ...patternProblems(field("guardrailVersion"), guardrail.guardrailVersion, GUARDRAIL_VERSION_PATTERN, FIX.guardrailVersion),
  ];
  if (problems.length > 0 || Token.isUnresolved(guardrail.guardrailArn) || Token.isUnresolved(guardrail.guardrailId)) return problems;
  const idInArn = GUARDRAIL_ARN_PATTERN.exec(guardrail.guardrailArn)?.[1];
  if (idInArn === guardrail.guardrailId) return problems;
  return [{ field: field("guardrailId"), value: guardrail.guardrailId, fix: `the ARN names guardrail "${idInArn}": give the id and ARN of the same guardrail` }];
}

export function checkRoleRef(construct: Construct, prop: string, role: RoleRef): void {
  throwProblems(construct, roleRefProblems(role, prop));
}
