import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { adminRoleStatements } from "../../policies/documents/admin-role-policy";
import { policyDocument } from "../../policies/documents/statement";
import { adminTrustPolicy } from "../../policies/documents/trust-policies";
import type { RoleRef } from "../function/chat-app-role";
import { LONGEST_ROLE_ARN } from "../../policies/deployability/aws-limits";
import { checkPolicySize, longestIfToken } from "../core/policy-size-guard";
import { type IntegerRange, type Problem, fieldPath, integerRangeProblems, listProblems, patternProblems, switchProblems, throwProblems } from "../core/validate";

/** Named IAM roles or users; never a wildcard or an account root (which would open the whole account). */
const ADMIN_PRINCIPAL_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const SESSION_SECONDS: IntegerRange = { min: 3600, max: 43200, unit: "seconds", note: "IAM's range" };

/**
 * Who may assume the admin role, and for how long: named roles or users only (no `*`, no account
 * root), a session IAM accepts. Tokens pass. `at` prefixes the fields (the config's `admin`).
 */
export function bedrockAdminRoleProblems(props: Omit<BedrockAdminRoleProps, "namePrefix">, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems = listProblems(field("principalArns"), props.principalArns, {
    count: { min: 1, fix: "list at least one IAM role or user ARN that may assume the admin role, or bring an existing role" },
    entry: (where, arn) =>
      typeof arn === "string" && /:root$/.test(arn)
        ? [{ field: where, value: arn, fix: "an account root opens the admin role to every principal of that account; name a role or user" }]
        : patternProblems(where, arn as string, ADMIN_PRINCIPAL_PATTERN, 'must be an IAM role or user ARN like "arn:aws:iam::<account-id>:role/PlatformTeam" (no "*")'),
  });
  if (props.maxSessionDurationSeconds !== undefined) problems.push(...integerRangeProblems(field("maxSessionDurationSeconds"), props.maxSessionDurationSeconds, SESSION_SECONDS));
  problems.push(...switchProblems(props, ["requireMfa", "denyInference"], at));
  return problems;
}

export interface BedrockAdminRoleProps {
  /** Prefix of the role's name (`<namePrefix>-bedrock-admin`). */
  readonly namePrefix: string;
  /** ARNs of the IAM roles or users allowed to assume the role. At least one; no `*`, no account root. */
  readonly principalArns: readonly string[];
  /** Require MFA in the trust policy (`aws:MultiFactorAuthPresent`). @default false - MFA is not required (set true when humans assume the role) */
  readonly requireMfa?: boolean;
  /** Longest session of the role, 3600–43200. @default 3600 - one-hour sessions */
  readonly maxSessionDurationSeconds?: number;
  /**
   * Deny the role every action that makes a model generate, on any endpoint: inference, and the
   * control-plane jobs that run models (batch inference, evaluation, model customization, prompt
   * optimization, Automated Reasoning policy builds, the builders); and every other data-plane
   * action (strict two-way separation). Configuring Bedrock stays allowed, knowledge-base
   * ingestion included.
   * @default false - the admin may also run inference, e.g. to test a guardrail
   */
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
    throwProblems(this, bedrockAdminRoleProblems(props));
    const maxSessionDuration = props.maxSessionDurationSeconds ?? 3600;

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
