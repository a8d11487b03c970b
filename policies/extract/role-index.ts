/**
 * The roles of a synth output, and the role a `role` / `role_arn` / `role_name` value designates.
 * Attachments and compute name their role in many ways (a reference, also across stacks; a
 * literal name or ARN; a `data.aws_iam_role` lookup; an instance profile): all lead here.
 */
import { followRemoteState, type Workspace } from "./resolve";
import type { PolicyAttachment } from "./roles";
import { dataSourcesOf, isExpression, parseReference, resourcesOf, stringOf, type Located, type SynthStack, type TerraformBlock } from "./terraform-json";

/** One `aws_iam_role`, and what the later steps find about it. */
export interface RoleEntry {
  readonly stack: SynthStack;
  readonly located: Located<TerraformBlock>;
  readonly attachments: PolicyAttachment[];
  /** Compute resources that run with this role. */
  readonly usedBy: Set<string>;
}

export interface RoleIndex {
  /** Every `aws_iam_role` of every stack, in stack then resource order. */
  readonly entries: readonly RoleEntry[];
  /** The entry of `stack`'s `aws_iam_role` at `address`. */
  at(stack: SynthStack, address: string): RoleEntry | undefined;
  /**
   * The role `value` designates, found in `stack`. With `profile` (an `iam_instance_profile`
   * attribute), a name or ARN is an instance profile's, followed to its role.
   */
  find(stack: SynthStack, value: string, profile?: boolean): RoleEntry | undefined;
}

export const ROLE_ARN = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/;
const INSTANCE_PROFILE_ARN = /^arn:[^:]+:iam::[^:]*:instance-profile\/(?:.*\/)?([^/]+)$/;
/** Lookups that lead to lookups (a data source naming a role through an instance profile, …) stop here. */
const MAX_HOPS = 8;

const roleKey = (stack: string, address: string) => `${stack}/${address}`;

function collectRoles(workspace: Workspace): { byKey: Map<string, RoleEntry>; byLiteralName: Map<string, RoleEntry> } {
  const byKey = new Map<string, RoleEntry>();
  // Two roles of one literal name (in two stacks): the name designates the later stack's.
  const byLiteralName = new Map<string, RoleEntry>();
  for (const stack of workspace.stacks) {
    for (const located of resourcesOf(stack.config, "aws_iam_role")) {
      const entry: RoleEntry = { stack, located, attachments: [], usedBy: new Set() };
      byKey.set(roleKey(stack.name, located.address), entry);
      const name = stringOf(located.block.name);
      if (name && !isExpression(name)) byLiteralName.set(name, entry);
    }
  }
  return { byKey, byLiteralName };
}

export function indexRoles(workspace: Workspace): RoleIndex {
  const { byKey, byLiteralName } = collectRoles(workspace);

  /** By reference (also across stacks), literal name or ARN, or through a `data.aws_iam_role` lookup whose name is one of this input's roles. */
  const findRole = (stack: SynthStack, value: string, profile = false, depth = 0): RoleEntry | undefined => {
    if (depth > MAX_HOPS) return undefined;
    const followed = followRemoteState(workspace, stack, value);
    const reference = parseReference(followed.value);
    if (reference) {
      if (reference.mode === "resource" && reference.type === "aws_iam_role") return byKey.get(roleKey(followed.stack.name, reference.address));
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
      const found = workspace.stacks
        .flatMap((candidate) => resourcesOf(candidate.config, "aws_iam_instance_profile").map((located) => ({ candidate, located })))
        .find(({ located }) => stringOf(located.block.name) === profileName);
      const profileRole = stringOf(found?.located.block.role);
      return found && profileRole ? findRole(found.candidate, profileRole, false, depth + 1) : undefined;
    }
    return byLiteralName.get(ROLE_ARN.exec(followed.value)?.[1] ?? followed.value);
  };

  return {
    entries: [...byKey.values()],
    at: (stack, address) => byKey.get(roleKey(stack.name, address)),
    find: (stack, value, profile = false) => findRole(stack, value, profile),
  };
}
