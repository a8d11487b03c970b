/**
 * Guards and type tests for the references a caller passes instead of letting a construct create
 * the resource: NetworkRef, RoleRef, GuardrailRef, and plain security-group and KMS key ids.
 * Literal values are checked against AWS's formats; tokens (resolved at plan time) are skipped,
 * so refs to resources of the caller's own stack pass through untouched.
 */
import { Token } from "cdktf";
import type { Construct } from "constructs";
import type { GuardrailRef } from "./bedrock-guardrail";
import type { RoleRef } from "./chat-app-role";
import type { NetworkRef } from "./private-network";
import {
  FIX,
  GUARDRAIL_ARN_PATTERN,
  GUARDRAIL_ID_PATTERN,
  GUARDRAIL_VERSION_PATTERN,
  KMS_KEY_ARN_PATTERN,
  ROLE_ARN_PATTERN,
  SECURITY_GROUP_ID_PATTERN,
  SUBNET_ID_PATTERN,
  VPC_ID_PATTERN,
} from "./resource-ids";
import { PropError, checkPattern } from "./validate";

export function isNetworkRef(value: object): value is NetworkRef {
  return "vpcId" in value;
}

export function isRoleRef(value: object): value is RoleRef {
  return "roleArn" in value;
}

export function isGuardrailRef(value: object): value is GuardrailRef {
  return "guardrailArn" in value;
}

export function checkNetworkRef(construct: Construct, prop: string, network: NetworkRef): void {
  checkPattern(construct, `${prop}.vpcId`, network.vpcId, VPC_ID_PATTERN, FIX.vpcId);
  if (Token.isUnresolved(network.subnetIds)) return;
  if (network.subnetIds.length < 2) {
    throw new PropError(construct, `${prop}.subnetIds`, `must list at least two subnets, got ${network.subnetIds.length}: ${FIX.subnetCount}`);
  }
  network.subnetIds.forEach((subnetId, index) => checkPattern(construct, `${prop}.subnetIds[${index}]`, subnetId, SUBNET_ID_PATTERN, FIX.subnetId));
  const literal = network.subnetIds.filter((id) => !Token.isUnresolved(id));
  const duplicate = literal.find((id, index) => literal.indexOf(id) !== index);
  if (duplicate) throw new PropError(construct, `${prop}.subnetIds`, `lists "${duplicate}" twice: ${FIX.subnetCount}`);
}

export function checkRoleRef(construct: Construct, prop: string, role: RoleRef): void {
  checkPattern(construct, `${prop}.roleArn`, role.roleArn, ROLE_ARN_PATTERN, FIX.roleArn);
  checkPattern(construct, `${prop}.roleName`, role.roleName, /^[\w+=,.@-]{1,64}$/, "give the role's name (the last part of its ARN)");
}

export function checkGuardrailRef(construct: Construct, prop: string, guardrail: GuardrailRef): void {
  checkPattern(construct, `${prop}.guardrailArn`, guardrail.guardrailArn, GUARDRAIL_ARN_PATTERN, FIX.guardrailArn);
  checkPattern(construct, `${prop}.guardrailId`, guardrail.guardrailId, GUARDRAIL_ID_PATTERN, FIX.guardrailId);
  checkPattern(construct, `${prop}.guardrailVersion`, guardrail.guardrailVersion, GUARDRAIL_VERSION_PATTERN, FIX.guardrailVersion);
  if (Token.isUnresolved(guardrail.guardrailArn) || Token.isUnresolved(guardrail.guardrailId)) return;
  const idInArn = GUARDRAIL_ARN_PATTERN.exec(guardrail.guardrailArn)?.[1];
  if (idInArn !== guardrail.guardrailId) {
    throw new PropError(construct, `${prop}.guardrailId`, `is "${guardrail.guardrailId}" but the ARN names guardrail "${idInArn}": give the id and ARN of the same guardrail`);
  }
}

export function checkSecurityGroupId(construct: Construct, prop: string, securityGroupId: string | undefined): void {
  if (securityGroupId !== undefined) checkPattern(construct, prop, securityGroupId, SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId);
}

export function checkKmsKeyArn(construct: Construct, prop: string, kmsKeyArn: string | undefined): void {
  if (kmsKeyArn !== undefined) checkPattern(construct, prop, kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn);
}
