import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { adminRoleStatements } from "../policies/admin-role-policy";
import { policyDocument } from "../policies/statement";
import { adminTrustPolicy } from "../policies/trust-policies";
import type { RoleRef } from "./chat-app-role";
import { LONGEST_ROLE_ARN } from "../policies/deployability/aws-limits";
import { checkPolicySize, longestIfToken } from "./policy-size-guard";
import { PropError, checkIntegerRange, checkNonEmpty, checkPattern } from "./validate";

/** Named IAM roles or users; never a wildcard or an account root (which would open the whole account). */
const ADMIN_PRINCIPAL_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

export interface BedrockAdminRoleProps {
  /** Prefix of the role's name (`<namePrefix>-bedrock-admin`). */
  readonly namePrefix: string;
  /** ARNs of the IAM roles or users allowed to assume the role. At least one; no `*`, no account root. */
  readonly principalArns: readonly string[];
  /** Require MFA in the trust policy (`aws:MultiFactorAuthPresent`). @default false - MFA is not required (set true when humans assume the role) */
  readonly requireMfa?: boolean;
  /** Longest session of the role, 3600–43200. @default 3600 - one-hour sessions */
  readonly maxSessionDurationSeconds?: number;
  /** Deny the role every data-plane action (strict two-way separation). @default false - the admin may also run inference, e.g. to test a guardrail */
  readonly denyInference?: boolean;
}

/**
 * The admin/DevOps role that configures Bedrock: guardrails, model access, inference profiles,
 * knowledge bases, agents and invocation logging. Assumable only by the principals named in
 * props. Tagged `BedrockPlane = control`.
 */
export class BedrockAdminRole extends Construct implements RoleRef {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: BedrockAdminRoleProps) {
    super(scope, id);
    const fix = "name IAM role or user ARNs, e.g. arn:aws:iam::<account>:role/PlatformTeam";
    checkNonEmpty(this, "principalArns", props.principalArns, fix);
    for (const arn of props.principalArns) {
      if (arn === "*") throw new PropError(this, "principalArns", `must not contain "*" (anyone could assume the admin role): ${fix}`);
      checkPattern(this, "principalArns", arn, ADMIN_PRINCIPAL_PATTERN, fix);
    }
    const maxSessionDuration = props.maxSessionDurationSeconds ?? 3600;
    checkIntegerRange(this, "maxSessionDurationSeconds", maxSessionDuration, 3600, 43200);

    const trust = (principalArns: readonly string[]) => adminTrustPolicy({ principalArns, requireMfa: props.requireMfa ?? false });
    const longestPrincipals = props.principalArns.map((arn) => longestIfToken(arn, LONGEST_ROLE_ARN));
    const fewerPrincipals =
      "name fewer principals (e.g. one platform-team role your people assume), or raise the account's trust-policy quota and bring the role yourself (admin.existingRoleArn)";
    checkPolicySize(this, "principalArns", `trust policy of role '${props.namePrefix}-bedrock-admin'`, "trustPolicy", trust(longestPrincipals), fewerPrincipals);

    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}-bedrock-admin`,
      description: "Configures Amazon Bedrock (control plane): guardrails, model access, knowledge bases, agents",
      assumeRolePolicy: JSON.stringify(trust(props.principalArns)),
      maxSessionDuration,
      tags: { BedrockPlane: "control" },
    });
    const policy = new IamRolePolicy(this, "control-plane", {
      name: "bedrock-control-plane",
      role: role.name,
      policy: JSON.stringify(policyDocument(adminRoleStatements({ denyInference: props.denyInference ?? false }))),
    });
    new IamRolePoliciesExclusive(this, "only-these-inline-policies", { roleName: role.name, policyNames: [policy.name] });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}
