/**
 * Every policy document a stack writes, measured as AWS will measure it (after interpolation, at
 * the longest the references can be) against its limit. A policy over its limit synthesizes and
 * plans, then fails at apply (`LimitExceeded`, `MalformedPolicyDocument`), after half the stack exists.
 */
import type { Workspace } from "../extract/resolve";
import { resourcesOf, stringOf, type SynthStack, type TerraformValue } from "../extract/terraform-json";
import { POLICY_LIMITS, type PolicyKind } from "./aws-limits";
import { maxTemplateLength } from "./value-lengths";

export interface PolicySize {
  /** The resource (and argument) holding the document; for a role's inline policies, the role. */
  readonly where: string;
  readonly kind: PolicyKind;
  /** The longest size AWS can measure. */
  readonly size: number;
  readonly limit: number;
  /** References with no known bound: the size is then a lower bound. */
  readonly unresolved: readonly string[];
}

/** Where each kind of document lives: resource type and argument. */
const DOCUMENTS: readonly { type: string; argument: string; kind: PolicyKind }[] = [
  { type: "aws_iam_policy", argument: "policy", kind: "managedPolicy" },
  { type: "aws_iam_role", argument: "assume_role_policy", kind: "trustPolicy" },
  { type: "aws_vpc_endpoint", argument: "policy", kind: "vpcEndpointPolicy" },
  { type: "aws_vpc_endpoint_policy", argument: "policy", kind: "vpcEndpointPolicy" },
  { type: "aws_kms_key", argument: "policy", kind: "kmsKeyPolicy" },
  { type: "aws_kms_key_policy", argument: "policy", kind: "kmsKeyPolicy" },
];

export function policySizes(workspace: Workspace, stack: SynthStack): PolicySize[] {
  const context = { workspace, stack };
  const measure = (value: TerraformValue | undefined, kind: PolicyKind) => maxTemplateLength(value, context, POLICY_LIMITS[kind].countsWhitespace);
  const sizes: PolicySize[] = [];
  for (const { type, argument, kind } of DOCUMENTS) {
    for (const resource of resourcesOf(stack.config, type)) {
      if (resource.block[argument] === undefined) continue;
      const { length, unresolved } = measure(resource.block[argument], kind);
      sizes.push({ where: `${resource.address}.${argument}`, kind, size: length, limit: POLICY_LIMITS[kind].maxCharacters, unresolved });
    }
  }
  // A role's inline policies count together: aws_iam_role_policy resources naming it, and its own inline_policy blocks.
  const inline = new Map<string, { size: number; unresolved: string[] }>();
  const add = (role: string, value: TerraformValue | undefined) => {
    const { length, unresolved } = measure(value, "roleInlinePolicies");
    const total = inline.get(role) ?? { size: 0, unresolved: [] };
    inline.set(role, { size: total.size + length, unresolved: [...total.unresolved, ...unresolved] });
  };
  for (const policy of resourcesOf(stack.config, "aws_iam_role_policy")) add(roleKey(stringOf(policy.block.role)), policy.block.policy);
  for (const role of resourcesOf(stack.config, "aws_iam_role")) {
    const blocks = Array.isArray(role.block.inline_policy) ? role.block.inline_policy : [];
    for (const block of blocks) if (typeof block === "object" && block !== null && !Array.isArray(block)) add(role.address, block.policy);
  }
  for (const [role, total] of inline) {
    sizes.push({
      where: `${role} (inline policies)`,
      kind: "roleInlinePolicies",
      size: total.size,
      limit: POLICY_LIMITS.roleInlinePolicies.maxCharacters,
      unresolved: total.unresolved,
    });
  }
  return sizes;
}

/** `${aws_iam_role.app.name}` / `.id` → `aws_iam_role.app`; a literal role name stays as written. */
function roleKey(role: string | undefined): string {
  const match = /^\$\{(aws_iam_role\.[\w-]+)\.(?:name|id)\}$/.exec(role ?? "");
  return match ? match[1] : role ?? "(unknown role)";
}
