/**
 * Every identity policy a stack defines, resolved to statements with the readers of the policy
 * guard (`data.aws_iam_policy_document`, cross-stack outputs, …), and the roles each one reaches
 * in that stack: as an inline or role policy, through an attachment, or as a permissions
 * boundary. The IAM rules judge statements; the known suppressions judge the roles behind them.
 */
import { resolvePolicyValue, type Workspace } from "../extract/resolve";
import { blocksOf, parseReference, type SynthStack, type TerraformValue } from "../extract/terraform-json";
import type { PolicyStatement } from "../documents/statement";
import { mentions, resources, type Resource } from "./terraform";

export interface IdentityPolicy {
  /** Address of the resource that holds the document (`aws_iam_role_policy.x`, `aws_iam_policy.y`, `aws_iam_role.z`). */
  readonly resource: string;
  /** Where in that resource, for inline policies: `inline_policy[0]`. */
  readonly part?: string;
  readonly statements: readonly PolicyStatement[];
  /** Roles of this stack the policy grants to (or bounds). */
  readonly roles: readonly Resource[];
  /** True when the document is used as a permissions boundary (it grants nothing by itself). */
  readonly boundary: boolean;
}

/** `#2 (Sid)`: how a statement is named in findings, as the permission review names it. */
export function statementLabel(policy: IdentityPolicy, index: number): string {
  const sid = policy.statements[index]?.Sid;
  return `${policy.part ? `${policy.part} ` : ""}#${index}${sid ? ` (${sid})` : ""}`;
}

function roleByReference(stack: SynthStack, value: TerraformValue | undefined): Resource | undefined {
  const reference = typeof value === "string" ? parseReference(value) : undefined;
  if (!reference || reference.mode !== "resource" || reference.type !== "aws_iam_role") return undefined;
  return resources(stack, "aws_iam_role").find((role) => role.name === reference.name);
}

function resolved(workspace: Workspace, stack: SynthStack, value: TerraformValue | undefined): readonly PolicyStatement[] | undefined {
  const resolution = resolvePolicyValue(workspace, stack, value);
  return resolution.kind === "resolved" ? resolution.statements : undefined;
}

/** Memoizes per workspace and stack: four rules and the suppressions read the same policies. */
function perWorkspaceStack<T>(compute: (workspace: Workspace, stack: SynthStack) => T): (workspace: Workspace, stack: SynthStack) => T {
  const cache = new WeakMap<Workspace, WeakMap<SynthStack, T>>();
  return (workspace, stack) => {
    let byStack = cache.get(workspace);
    if (!byStack) cache.set(workspace, (byStack = new WeakMap()));
    if (!byStack.has(stack)) byStack.set(stack, compute(workspace, stack));
    return byStack.get(stack)!;
  };
}

/**
 * Policies whose document cannot be resolved are left out: the permission review already
 * reports unresolvable grants of application roles, and a rule cannot judge what it cannot read.
 */
export const identityPolicies = perWorkspaceStack((workspace: Workspace, stack: SynthStack): readonly IdentityPolicy[] => {
  const policies: IdentityPolicy[] = [];
  const roles = resources(stack, "aws_iam_role");
  for (const role of roles) {
    blocksOf(role.block.inline_policy).forEach((inline, index) => {
      const statements = resolved(workspace, stack, inline.policy);
      if (statements) policies.push({ resource: role.address, part: `inline_policy[${index}]`, statements, roles: [role], boundary: false });
    });
  }
  for (const type of ["aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]) {
    for (const holder of resources(stack, type)) {
      const statements = resolved(workspace, stack, holder.block.policy);
      const role = type === "aws_iam_role_policy" ? roleByReference(stack, holder.block.role) : undefined;
      if (statements) policies.push({ resource: holder.address, statements, roles: role ? [role] : [], boundary: false });
    }
  }
  const attachments = [...resources(stack, "aws_iam_role_policy_attachment"), ...resources(stack, "aws_iam_policy_attachment")];
  for (const policy of resources(stack, "aws_iam_policy")) {
    const statements = resolved(workspace, stack, policy.block.policy);
    if (!statements) continue;
    const boundaryOf = roles.filter((role) => mentions(role.block.permissions_boundary, policy.address));
    const attachedTo = attachments
      .filter((attachment) => mentions(attachment.block.policy_arn, policy.address))
      .flatMap((attachment) => [attachment.block.role, ...(Array.isArray(attachment.block.roles) ? attachment.block.roles : [])])
      .map((value) => roleByReference(stack, value))
      .filter((role): role is Resource => role !== undefined);
    const grants = attachedTo.length > 0 || boundaryOf.length === 0;
    policies.push({ resource: policy.address, statements, roles: [...new Set([...attachedTo, ...boundaryOf])], boundary: !grants });
  }
  return policies;
});

/** Trust policies (`assume_role_policy`) of the stack's roles. */
export const trustPolicies = perWorkspaceStack((workspace: Workspace, stack: SynthStack): readonly IdentityPolicy[] =>
  resources(stack, "aws_iam_role").flatMap((role) => {
    const statements = resolved(workspace, stack, role.block.assume_role_policy);
    return statements ? [{ resource: role.address, part: "assume_role_policy", statements, roles: [role], boundary: false }] : [];
  }),
);
