/**
 * Every way a policy reaches a role in a synth output, and which roles are application roles.
 *
 * Paths: `aws_iam_role` (`inline_policy`, `managed_policy_arns`, `permissions_boundary`,
 * `assume_role_policy`), `aws_iam_role_policy`, `aws_iam_policy` through
 * `aws_iam_role_policy_attachment`, `aws_iam_policy_attachment` and
 * `aws_iam_role_policy_attachments_exclusive`, with policies given inline, by
 * `data.aws_iam_policy_document`, by `aws_iam_policy` or by managed-policy ARN. Roles are named
 * by Terraform address; an attachment whose role cannot be identified is kept (as
 * `UnattachedPolicy`) so that the rule can still judge it.
 */
import { awsManagedPolicy, awsManagedPolicyName } from "./managed-policies";
import { followRemoteState, resolvePolicyValue, type PolicyResolution, type Workspace } from "./resolve";
import { trustedPrincipals } from "./trust";
import {
  blocksOf,
  dataSourcesOf,
  isExpression,
  parseReference,
  resourcesOf,
  stringOf,
  stringsOf,
  type Located,
  type SynthStack,
  type TerraformBlock,
  type TerraformValue,
} from "./terraform-json";

export interface PolicyAttachment {
  /** Human-readable origin, starting with a Terraform address: `aws_iam_role_policy.x`, `aws_iam_role.r inline_policy "name"`, … */
  readonly source: string;
  readonly kind: "inline-policy" | "role-policy" | "managed-policy-arns" | "policy-attachment" | "exclusive-attachments";
  readonly resolution: PolicyResolution;
}

export type ExtractedBoundary =
  | { readonly kind: "none" }
  | { readonly kind: "resolved"; readonly source: string; readonly resolution: Extract<PolicyResolution, { kind: "resolved" }> }
  | { readonly kind: "unresolvable"; readonly source: string; readonly reason: string };

export interface ExtractedRole {
  readonly stack: string;
  /** `aws_iam_role.<name>` */
  readonly address: string;
  /** The role's `name` attribute, when it is a literal. */
  readonly roleName?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Value of the `BedrockPlane` tag, when present. */
  readonly planeTag?: string;
  readonly trust: PolicyResolution;
  /** Service principals the trust policy admits (`lambda.amazonaws.com`, …). */
  readonly trustedServices: readonly string[];
  /** `AWS` principals the trust policy admits (role ARNs, accounts, references), for role chaining. */
  readonly trustedAws: readonly string[];
  readonly attachments: readonly PolicyAttachment[];
  readonly boundary: ExtractedBoundary;
  /** Compute resources that run with this role (`aws_lambda_function.chat_…`). */
  readonly usedBy: readonly string[];
  /** Why it is an application role; empty when it is not one. */
  readonly applicationReasons: readonly string[];
}

/** A policy attached to something that cannot be identified as a role of this synth output. */
export interface UnattachedPolicy {
  readonly stack: string;
  readonly source: string;
  /** The role expression as written (`${data.terraform_remote_state…}`, a variable, …). */
  readonly target: string;
  readonly resolution: PolicyResolution;
}

/**
 * Resources that run code, or call AWS for someone, as a role, and the attributes naming it
 * (dotted paths enter nested blocks). An instance profile is followed to its role.
 */
export const COMPUTE_ROLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_lambda_function: ["role"],
  aws_ecs_task_definition: ["task_role_arn", "execution_role_arn"],
  aws_sfn_state_machine: ["role_arn"],
  aws_codebuild_project: ["service_role"],
  aws_glue_job: ["role_arn"],
  aws_sagemaker_notebook_instance: ["role_arn"],
  aws_sagemaker_model: ["execution_role_arn"],
  aws_sagemaker_domain: ["default_user_settings.execution_role"],
  aws_sagemaker_user_profile: ["user_settings.execution_role"],
  aws_apprunner_service: ["instance_configuration.instance_role_arn"],
  aws_eks_pod_identity_association: ["role_arn"],
  aws_eks_node_group: ["node_role_arn"],
  aws_eks_fargate_profile: ["pod_execution_role_arn"],
  aws_batch_compute_environment: ["compute_resources.instance_role"],
  aws_instance: ["iam_instance_profile"],
  aws_launch_template: ["iam_instance_profile.name", "iam_instance_profile.arn"],
  aws_launch_configuration: ["iam_instance_profile"],
  aws_emr_cluster: ["ec2_attributes.instance_profile"],
  aws_mwaa_environment: ["execution_role_arn"],
  aws_kinesisanalyticsv2_application: ["service_execution_role"],
  aws_appsync_datasource: ["service_role_arn"],
  // API Gateway's AWS integrations call the service (Bedrock Runtime included) with these credentials.
  aws_api_gateway_integration: ["credentials"],
  aws_apigatewayv2_integration: ["credentials_arn"],
};

/**
 * Service principals of compute that runs application code, or that calls AWS APIs on behalf of
 * application users (AppSync resolvers, API Gateway's AWS-service integrations, which can call
 * Bedrock Runtime directly). `bedrock.amazonaws.com` is not here: Bedrock's own service roles
 * (agents, knowledge bases, model customization) are configured by the admin side.
 */
const COMPUTE_SERVICE =
  /^(lambda|edgelambda|ecs-tasks|ec2|states|codebuild|glue|batch|sagemaker|pods\.eks|eks-fargate-pods|tasks\.apprunner|appsync|apigateway|airflow-env|airflow|emr-serverless|elasticmapreduce|emr-containers|kinesisanalytics|bedrock-agentcore|amplify)\./i;

export function isComputeServicePrincipal(service: string): boolean {
  return COMPUTE_SERVICE.test(service);
}

export const PLANE_TAG = "BedrockPlane";

interface RoleEntry {
  readonly stack: SynthStack;
  readonly located: Located<TerraformBlock>;
  readonly attachments: PolicyAttachment[];
  readonly usedBy: Set<string>;
  readonly reasons: string[];
}

const roleKey = (stack: string, address: string) => `${stack}/${address}`;

const ROLE_ARN = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/;
const INSTANCE_PROFILE_ARN = /^arn:[^:]+:iam::[^:]*:instance-profile\/(?:.*\/)?([^/]+)$/;
const POLICY_ARN = /^arn:[^:]+:iam::[^:]*:policy\/(?:.*\/)?([^/]+)$/;

export function extractRoles(workspace: Workspace): { roles: ExtractedRole[]; unattached: UnattachedPolicy[] } {
  const entries = new Map<string, RoleEntry>();
  const byLiteralName = new Map<string, RoleEntry>();
  for (const stack of workspace.stacks) {
    for (const located of resourcesOf(stack.config, "aws_iam_role")) {
      const entry: RoleEntry = { stack, located, attachments: [], usedBy: new Set(), reasons: [] };
      entries.set(roleKey(stack.name, located.address), entry);
      const name = stringOf(located.block.name);
      if (name && !isExpression(name)) byLiteralName.set(name, entry);
    }
  }
  const unattached: UnattachedPolicy[] = [];

  /** The role a `role` / `role_arn` / `role_name` value designates: by reference (also across stacks), literal name or ARN. */
  /**
   * The role a `role` / `role_arn` / `role_name` value designates: by reference (also across
   * stacks), literal name or ARN, or through a `data.aws_iam_role` lookup whose name is one of
   * this input's roles. With `profile` (an `iam_instance_profile` attribute), a name or ARN is an
   * instance profile's, followed to its role.
   */
  const findRole = (stack: SynthStack, value: string, profile = false, depth = 0): RoleEntry | undefined => {
    if (depth > 8) return undefined;
    const followed = followRemoteState(workspace, stack, value);
    const reference = parseReference(followed.value);
    if (reference) {
      if (reference.mode === "resource" && reference.type === "aws_iam_role") return entries.get(roleKey(followed.stack.name, reference.address));
      if (reference.mode === "data" && reference.type === "aws_iam_role") {
        const lookup = dataSourcesOf(followed.stack.config, "aws_iam_role").find((candidate) => candidate.name === reference.name);
        const name = stringOf(lookup?.block.name);
        return name === undefined ? undefined : findRole(followed.stack, name, false, depth + 1);
      }
      if (reference.mode === "resource" && reference.type === "aws_iam_instance_profile") {
        const instanceProfile = resourcesOf(followed.stack.config, "aws_iam_instance_profile").find((candidate) => candidate.name === reference.name);
        const role = stringOf(instanceProfile?.block.role);
        return role ? findRole(followed.stack, role, false, depth + 1) : undefined;
      }
      return undefined;
    }
    if (isExpression(followed.value)) return undefined;
    if (profile) {
      const profileName = INSTANCE_PROFILE_ARN.exec(followed.value)?.[1] ?? followed.value;
      const found = workspace.stacks.flatMap((candidate) => resourcesOf(candidate.config, "aws_iam_instance_profile").map((located) => ({ candidate, located }))).find(({ located }) => stringOf(located.block.name) === profileName);
      const profileRole = stringOf(found?.located.block.role);
      return found && profileRole ? findRole(found.candidate, profileRole, false, depth + 1) : undefined;
    }
    return byLiteralName.get(ROLE_ARN.exec(followed.value)?.[1] ?? followed.value);
  };

  const attach = (stack: SynthStack, roleValue: TerraformValue | undefined, attachment: PolicyAttachment) => {
    const target = stringOf(roleValue);
    const role = target === undefined ? undefined : findRole(stack, target);
    if (role) role.attachments.push(attachment);
    else unattached.push({ stack: stack.name, source: attachment.source, target: target ?? JSON.stringify(roleValue ?? null), resolution: attachment.resolution });
  };

  for (const stack of workspace.stacks) {
    const config = stack.config;
    for (const { address, block } of resourcesOf(config, "aws_iam_role")) {
      const entry = entries.get(roleKey(stack.name, address))!;
      blocksOf(block.inline_policy).forEach((inline, index) => {
        const name = stringOf(inline.name);
        entry.attachments.push({
          source: `${address} inline_policy[${index}]${name ? ` "${name}"` : ""}`,
          kind: "inline-policy",
          resolution: resolvePolicyValue(workspace, stack, inline.policy),
        });
      });
      for (const arn of listOrExpression(block.managed_policy_arns)) {
        const { label, resolution } = resolvePolicyArn(workspace, stack, arn);
        entry.attachments.push({ source: `${address} managed_policy_arns ${label}`, kind: "managed-policy-arns", resolution });
      }
    }
    for (const { address, block } of resourcesOf(config, "aws_iam_role_policy")) {
      attach(stack, block.role, { source: address, kind: "role-policy", resolution: resolvePolicyValue(workspace, stack, block.policy) });
    }
    for (const { address, block } of resourcesOf(config, "aws_iam_role_policy_attachment")) {
      const arn = stringOf(block.policy_arn) ?? "";
      const { label, resolution } = resolvePolicyArn(workspace, stack, arn);
      attach(stack, block.role, { source: `${address} → ${label}`, kind: "policy-attachment", resolution });
    }
    for (const { address, block } of resourcesOf(config, "aws_iam_policy_attachment")) {
      const { label, resolution } = resolvePolicyArn(workspace, stack, stringOf(block.policy_arn) ?? "");
      for (const role of listOrExpression(block.roles)) attach(stack, role, { source: `${address} → ${label}`, kind: "policy-attachment", resolution });
    }
    for (const { address, block } of resourcesOf(config, "aws_iam_role_policy_attachments_exclusive")) {
      for (const arn of listOrExpression(block.policy_arns)) {
        const { label, resolution } = resolvePolicyArn(workspace, stack, arn);
        attach(stack, block.role_name, { source: `${address} → ${label}`, kind: "exclusive-attachments", resolution });
      }
    }
    // Compute that runs as a role makes it an application role.
    for (const [type, attributes] of Object.entries(COMPUTE_ROLE_ATTRIBUTES)) {
      for (const { address, block } of resourcesOf(config, type)) {
        for (const path of attributes) {
          for (const value of valuesAt(block, path)) {
            const role = findRole(stack, value, path.includes("instance_profile"));
            if (role) role.usedBy.add(`${stack.name === role.stack.name ? "" : `${stack.name}:`}${address}`);
          }
        }
      }
    }
    for (const { address, block } of resourcesOf(config, "aws_iam_instance_profile")) {
      const role = stringOf(block.role) && findRole(stack, stringOf(block.role)!);
      if (role) role.usedBy.add(`${address} (EC2 instance profile)`);
    }
  }

  const roles = chainApplicationRoles(workspace, [...entries.values()].map((entry) => toRole(workspace, entry)));
  return { roles, unattached };
}

/**
 * A role that an application role may assume (its trust policy names one, by reference, ARN or
 * name) runs application code too; repeated until nothing changes, for chains.
 */
function chainApplicationRoles(workspace: Workspace, roles: ExtractedRole[]): ExtractedRole[] {
  const result = [...roles];
  const applicationTarget = (role: ExtractedRole, principal: string): ExtractedRole | undefined => {
    const stack = workspace.byName.get(role.stack);
    const followed = stack ? followRemoteState(workspace, stack, principal) : { stack: undefined, value: principal };
    const reference = parseReference(followed.value);
    const isApplication = (candidate: ExtractedRole) => candidate !== role && candidate.applicationReasons.length > 0;
    if (reference?.mode === "resource" && reference.type === "aws_iam_role") {
      return result.find((candidate) => isApplication(candidate) && candidate.stack === followed.stack?.name && candidate.address === reference.address);
    }
    const name = ROLE_ARN.exec(followed.value)?.[1];
    return name === undefined ? undefined : result.find((candidate) => isApplication(candidate) && candidate.roleName === name);
  };
  for (let changed = true; changed; ) {
    changed = false;
    result.forEach((role, index) => {
      if (role.applicationReasons.length > 0) return;
      for (const principal of role.trustedAws) {
        const source = applicationTarget(role, principal);
        if (!source) continue;
        result[index] = { ...role, applicationReasons: [`trust policy admits application role ${source.address}`] };
        changed = true;
        return;
      }
    });
  }
  return result;
}

/** A list attribute's strings; a string where a list belongs is an expression, kept as one unresolvable value. */
function listOrExpression(value: TerraformValue | undefined): string[] {
  return typeof value === "string" ? [value] : stringsOf(value);
}

function valuesAt(block: TerraformBlock, path: string): string[] {
  const [head, ...rest] = path.split(".");
  if (rest.length === 0) return stringsOf(block[head]);
  return blocksOf(block[head]).flatMap((nested) => valuesAt(nested, rest.join(".")));
}

function tagsOf(block: TerraformBlock): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const key of ["tags_all", "tags"]) {
    const value = block[key];
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [name, tag] of Object.entries(value)) if (typeof tag === "string") tags[name] = tag;
    }
  }
  return tags;
}

function toRole(workspace: Workspace, entry: RoleEntry): ExtractedRole {
  const { block, address } = entry.located;
  const stack = entry.stack;
  const tags = tagsOf(block);
  const planeTag = tags[PLANE_TAG];
  const trust = resolvePolicyValue(workspace, stack, block.assume_role_policy);
  const principals = trustedPrincipals(workspace, stack, trust);
  const trustedServices = principals.services;
  const reasons: string[] = [];
  if (entry.usedBy.size > 0) reasons.push(`runs ${[...entry.usedBy].join(", ")}`);
  const compute = trustedServices.filter(isComputeServicePrincipal);
  if (compute.length > 0) reasons.push(`trust policy admits ${compute.join(", ")}`);
  const workloads = principals.webIdentities.filter((identity) => !identity.ci).map((identity) => identity.provider);
  if (workloads.length > 0) reasons.push(`trust policy admits web identity ${workloads.join(", ")}`);
  // A service or federated principal that is an expression may be a workload's: fail closed.
  if (principals.unknown.length > 0) reasons.push(`trust policy admits principals it names by expression (${principals.unknown.join(", ")})`);
  // An unreadable trust policy might admit compute: fail closed.
  if (trust.kind === "unresolvable") reasons.push(`trust policy unresolvable (${trust.reason})`);
  if (planeTag?.toLowerCase() === "data") reasons.push(`tagged ${PLANE_TAG} = ${planeTag}`);

  const boundaryValue = stringOf(block.permissions_boundary);
  let boundary: ExtractedBoundary = { kind: "none" };
  if (boundaryValue) {
    const policyArnResolution = resolvePolicyArn(workspace, stack, boundaryValue);
    boundary =
      policyArnResolution.resolution.kind === "resolved"
        ? { kind: "resolved", source: policyArnResolution.label, resolution: policyArnResolution.resolution }
        : {
            kind: "unresolvable",
            source: policyArnResolution.label,
            reason: policyArnResolution.resolution.kind === "unresolvable" ? policyArnResolution.resolution.reason : "empty boundary policy",
          };
  }
  const roleName = stringOf(block.name);
  return {
    stack: stack.name,
    address,
    ...(roleName && !isExpression(roleName) ? { roleName } : {}),
    tags,
    ...(planeTag !== undefined ? { planeTag } : {}),
    trust,
    trustedServices,
    trustedAws: principals.aws,
    attachments: entry.attachments,
    boundary,
    usedBy: [...entry.usedBy],
    applicationReasons: reasons,
  };
}

/** Statements behind a policy ARN value: an `aws_iam_policy` (by reference or literal name), an AWS managed policy, … */
export function resolvePolicyArn(workspace: Workspace, stack: SynthStack, value: string): { label: string; resolution: PolicyResolution } {
  const followed = followRemoteState(workspace, stack, value);
  const reference = parseReference(followed.value);
  if (reference?.mode === "resource" && reference.type === "aws_iam_policy") {
    const policy = resourcesOf(followed.stack.config, "aws_iam_policy").find((candidate) => candidate.name === reference.name);
    if (!policy) return { label: reference.address, resolution: { kind: "unresolvable", reason: `${reference.address} is not defined in stack ${followed.stack.name}` } };
    return { label: reference.address, resolution: resolvePolicyValue(workspace, followed.stack, policy.block.policy) };
  }
  if (reference?.mode === "data" && reference.type === "aws_iam_policy") {
    const lookup = dataSourcesOf(followed.stack.config, "aws_iam_policy").find((candidate) => candidate.name === reference.name);
    const arn = stringOf(lookup?.block.arn) ?? (stringOf(lookup?.block.name) ? `arn:aws:iam::aws:policy/${stringOf(lookup?.block.name)}` : undefined);
    if (arn && awsManagedPolicy(arn)) return managed(arn);
    return { label: reference.address, resolution: { kind: "unresolvable", reason: `${reference.address} looks up an existing policy the guard cannot see` } };
  }
  if (reference) return { label: followed.value, resolution: { kind: "unresolvable", reason: `policy ARN ${followed.value} cannot be followed` } };
  if (awsManagedPolicyName(followed.value)) return managed(followed.value);
  const customerName = POLICY_ARN.exec(followed.value)?.[1];
  for (const candidateStack of workspace.stacks) {
    const policy = resourcesOf(candidateStack.config, "aws_iam_policy").find((candidate) => customerName !== undefined && stringOf(candidate.block.name) === customerName);
    if (policy) return { label: policy.address, resolution: resolvePolicyValue(workspace, candidateStack, policy.block.policy) };
  }
  return { label: followed.value, resolution: { kind: "unresolvable", reason: `policy ${followed.value} is not defined in this synth output` } };
}

function managed(arn: string): { label: string; resolution: PolicyResolution } {
  const name = awsManagedPolicyName(arn)!;
  const statements = awsManagedPolicy(arn);
  return statements
    ? { label: `aws-managed:${name}`, resolution: { kind: "resolved", statements, via: arn } }
    : { label: `aws-managed:${name}`, resolution: { kind: "unresolvable", reason: `AWS managed policy ${name} is not in the guard's built-in table` } };
}
