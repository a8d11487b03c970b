/**
 * Which roles are application roles, and why: a role that compute runs as, that a compute
 * service, a workload outside AWS (Roles Anywhere, IoT, SSM hybrid activations) or a workload's
 * web identity may assume, whose trust policy cannot be read (fail
 * closed), that is tagged as the data plane's, or that an application role may assume.
 */
import { followRemoteState, type PolicyResolution, type Workspace } from "./resolve";
import { ROLE_ARN } from "./role-index";
import type { ExtractedRole } from "./roles";
import { parseReference } from "./terraform-json";
import type { TrustedPrincipals } from "./trust";

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

/**
 * Service principals through which a workload outside AWS gets the role's credentials: IAM Roles
 * Anywhere (X.509 certificates), the IoT credentials provider (devices, through a role alias) and
 * Systems Manager hybrid activations (on-premises servers, ECS Anywhere, EKS hybrid nodes). Such
 * a role runs application code as surely as a Lambda's, only not on AWS.
 */
const OUTSIDE_AWS_SERVICE = /^(rolesanywhere|credentials\.iot|ssm)\./i;

export function isOutsideAwsPrincipal(service: string): boolean {
  return OUTSIDE_AWS_SERVICE.test(service);
}

export const PLANE_TAG = "BedrockPlane";

/** What a role's own definition tells about it: the compute running as it, its trust policy, its tags. */
export interface RoleEvidence {
  readonly usedBy: ReadonlySet<string>;
  readonly trust: PolicyResolution;
  readonly principals: TrustedPrincipals;
  readonly planeTag: string | undefined;
}

/** Why the role is an application role by its own definition; empty when it is not (yet: see chainApplicationRoles). */
export function applicationReasons({ usedBy, trust, principals, planeTag }: RoleEvidence): string[] {
  const reasons: string[] = [];
  if (usedBy.size > 0) reasons.push(`runs ${[...usedBy].join(", ")}`);
  const compute = principals.services.filter(isComputeServicePrincipal);
  if (compute.length > 0) reasons.push(`trust policy admits ${compute.join(", ")}`);
  const outside = principals.services.filter(isOutsideAwsPrincipal);
  if (outside.length > 0) reasons.push(`trust policy admits ${outside.join(", ")} (workloads outside AWS)`);
  const workloads = principals.webIdentities.filter((identity) => !identity.ci).map((identity) => identity.provider);
  if (workloads.length > 0) reasons.push(`trust policy admits web identity ${workloads.join(", ")}`);
  // A service or federated principal that is an expression may be a workload's: fail closed.
  if (principals.unknown.length > 0) reasons.push(`trust policy admits principals it names by expression (${principals.unknown.join(", ")})`);
  // An unreadable trust policy might admit compute: fail closed.
  if (trust.kind === "unresolvable") reasons.push(`trust policy unresolvable (${trust.reason})`);
  if (planeTag?.toLowerCase() === "data") reasons.push(`tagged ${PLANE_TAG} = ${planeTag}`);
  return reasons;
}

/**
 * A role that an application role may assume (its trust policy names one, by reference, ARN or
 * name) runs application code too; repeated until nothing changes, for chains.
 */
export function chainApplicationRoles(workspace: Workspace, roles: ExtractedRole[]): ExtractedRole[] {
  const result = [...roles];
  for (let changed = true; changed; ) {
    changed = false;
    result.forEach((role, index) => {
      if (role.applicationReasons.length > 0) return;
      for (const principal of role.trustedAws) {
        const source = trustedApplicationRole(workspace, result, role, principal);
        if (!source) continue;
        result[index] = { ...role, applicationReasons: [`trust policy admits application role ${source.address}`] };
        changed = true;
        return;
      }
    });
  }
  return result;
}

/** The application role, other than `role` itself, that `principal` (an `AWS` principal of `role`'s trust policy) designates. */
function trustedApplicationRole(workspace: Workspace, roles: readonly ExtractedRole[], role: ExtractedRole, principal: string): ExtractedRole | undefined {
  const stack = workspace.byName.get(role.stack);
  const followed = stack ? followRemoteState(workspace, stack, principal) : { stack: undefined, value: principal };
  const reference = parseReference(followed.value);
  const isApplication = (candidate: ExtractedRole) => candidate !== role && candidate.applicationReasons.length > 0;
  if (reference?.mode === "resource" && reference.type === "aws_iam_role") {
    return roles.find((candidate) => isApplication(candidate) && candidate.stack === followed.stack?.name && candidate.address === reference.address);
  }
  const name = ROLE_ARN.exec(followed.value)?.[1];
  return name === undefined ? undefined : roles.find((candidate) => isApplication(candidate) && candidate.roleName === name);
}
