/**
 * The permission review's own findings as SARIF rules (the rule pack's rules are described by
 * the pack): one per kind of finding, with the help a reviewer needs to fix it. Ids are stable:
 * GitHub code scanning matches alerts across runs by rule id.
 */
import type { FindingKind } from "../evaluator/app-role-rule";
import type { Severity } from "../checks/types";

export interface GuardRule {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly fix: string;
}

const rule = (id: string, name: string, severity: Severity, title: string, description: string, fix: string): GuardRule => ({ id: `permissions/${id}`, name, severity, title, description, fix });

/** Application roles may hold bedrock:InvokeModel, InvokeModelWithResponseStream and ApplyGuardrail; these kinds are what else they are found to hold. */
export const GUARD_RULES: Readonly<Record<FindingKind | "module-not-reviewed" | "beyond-boundary", GuardRule>> = {
  "control-plane": rule(
    "control-plane",
    "ApplicationRoleReachesBedrockControlPlane",
    "critical",
    "An application role can reach the Bedrock control plane",
    "A role a workload runs as (Lambda, ECS, EC2, EKS, workloads outside AWS…) is granted Bedrock control-plane actions: it could change guardrails, model access, agents, knowledge bases or logging, or start jobs that run models.",
    "Grant the application role only bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the models it calls, and bedrock:ApplyGuardrail on its guardrail; give configuration rights to an admin role people assume.",
  ),
  "wildcard-bedrock": rule(
    "wildcard-bedrock",
    "ApplicationRoleHasBedrockWildcard",
    "critical",
    "An application role is granted a Bedrock wildcard or NotAction",
    "A wildcard (bedrock:*, bedrock:Invoke*) or a NotAction reaching into bedrock: matches actions the catalogue does not list, including whatever AWS adds next: they count as control plane until classified.",
    "List the Bedrock actions the role needs by name (bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream, bedrock:ApplyGuardrail).",
  ),
  "unlisted-bedrock": rule(
    "unlisted-bedrock",
    "ApplicationRoleHasUnlistedBedrockAction",
    "high",
    "An application role is granted a bedrock: action the catalogue does not list",
    "The action is not in the Bedrock action catalogue (a new action, or a name that is no IAM action such as bedrock:InvokeModelStream): it counts as control plane until classified.",
    "Use the IAM action that authorizes the call (Converse is bedrock:InvokeModel, ConverseStream bedrock:InvokeModelWithResponseStream), or remove it.",
  ),
  marketplace: rule(
    "marketplace",
    "ApplicationRoleHasMarketplaceAccess",
    "high",
    "An application role is granted aws-marketplace actions",
    "Model subscriptions (aws-marketplace:Subscribe and friends) belong to the administrators who enable models, not to the application.",
    "Remove aws-marketplace actions from the application role; enable third-party models from the admin side.",
  ),
  "pass-role": rule(
    "pass-role",
    "ApplicationRoleCanPassRoles",
    "high",
    "An application role is granted iam:PassRole",
    "iam:PassRole lets the application hand a role, and its reach, to another service.",
    "Remove iam:PassRole from the application role.",
  ),
  unresolvable: rule(
    "unresolvable",
    "ApplicationRolePolicyUnreadable",
    "high",
    "A policy of an application role cannot be read",
    "The review cannot tell what the policy grants (an Action from a variable, a policy from outside the input), so it fails closed.",
    "Write the actions as literals, review a plan (terraform show -json) where the value is known, or skip with a reason once reviewed.",
  ),
  "data-plane-outside-chatbot": rule(
    "data-plane-outside-chatbot",
    "ApplicationRoleHasOtherDataPlaneActions",
    "medium",
    "An application role is granted Bedrock data-plane actions outside the chatbot's set",
    "Runtime actions other than model inference and guardrails (agents, knowledge bases, flows, async invoke, token counting): they cannot change configuration, but widen what the workload can do.",
    "Keep them only if the workload calls those APIs; they fail the review with --fail-on-data-plane.",
  ),
  "module-not-reviewed": rule(
    "module-not-reviewed",
    "ModuleCallNotReviewed",
    "medium",
    "A module call the review cannot look into",
    "The roles a module creates from a registry or remote source are not in the input.",
    "Review a plan (terraform plan -out=tfplan && terraform show -json tfplan), or pass --accept-modules once the module is reviewed elsewhere.",
  ),
  "beyond-boundary": rule(
    "beyond-boundary",
    "PolicyGrantsBeyondPermissionsBoundary",
    "low",
    "A role's policy grants more than its permissions boundary allows",
    "IAM grants the intersection, so the boundary caps the grant today; it applies as soon as the boundary is removed or widened.",
    "Narrow the statement to what the boundary allows.",
  ),
};
