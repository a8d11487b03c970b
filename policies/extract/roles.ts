/**
 * The roles of a synth output, every policy that reaches each (attached, inline, managed, its
 * trust policy and permissions boundary), and which roles are application roles. Roles are named
 * by Terraform address. The steps live beside this file: role-index (finding the role a value
 * designates), role-attachments (the paths a policy takes to a role), role-usage (the compute
 * that runs as a role), application-roles (why a role is an application role).
 */
import { applicationReasons, chainApplicationRoles, PLANE_TAG } from "./application-roles";
import { resolvePolicyArn } from "./policy-arn";
import { resolvePolicyValue, type PolicyResolution, type Workspace } from "./resolve";
import { attachPolicies } from "./role-attachments";
import { indexRoles, type RoleEntry } from "./role-index";
import { recordComputeUsage } from "./role-usage";
import { trustedPrincipals } from "./trust";
import { isExpression, stringOf, type SynthStack, type TerraformBlock } from "./terraform-json";

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

/** The roles of `workspace` with their policies and whether each is an application role, and the policies attached to no role of it. */
export function extractRoles(workspace: Workspace): { roles: ExtractedRole[]; unattached: UnattachedPolicy[] } {
  const index = indexRoles(workspace);
  const unattached = attachPolicies(workspace, index);
  recordComputeUsage(workspace, index);
  const roles = index.entries.map((entry) => toRole(workspace, entry));
  return { roles: chainApplicationRoles(workspace, roles), unattached };
}

function toRole(workspace: Workspace, entry: RoleEntry): ExtractedRole {
  const { block, address } = entry.located;
  const stack = entry.stack;
  const tags = tagsOf(block);
  const planeTag = tags[PLANE_TAG];
  const trust = resolvePolicyValue(workspace, stack, block.assume_role_policy);
  const principals = trustedPrincipals(workspace, stack, trust);
  const roleName = stringOf(block.name);
  return {
    stack: stack.name,
    address,
    ...(roleName && !isExpression(roleName) ? { roleName } : {}),
    tags,
    ...(planeTag !== undefined ? { planeTag } : {}),
    trust,
    trustedServices: principals.services,
    trustedAws: principals.aws,
    attachments: entry.attachments,
    boundary: boundaryOf(workspace, stack, block),
    usedBy: [...entry.usedBy],
    applicationReasons: applicationReasons({ usedBy: entry.usedBy, trust, principals, planeTag }),
  };
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

function boundaryOf(workspace: Workspace, stack: SynthStack, block: TerraformBlock): ExtractedBoundary {
  const boundaryValue = stringOf(block.permissions_boundary);
  if (!boundaryValue) return { kind: "none" };
  const { label, resolution } = resolvePolicyArn(workspace, stack, boundaryValue);
  if (resolution.kind === "resolved") return { kind: "resolved", source: label, resolution };
  return { kind: "unresolvable", source: label, reason: resolution.kind === "unresolvable" ? resolution.reason : "empty boundary policy" };
}
