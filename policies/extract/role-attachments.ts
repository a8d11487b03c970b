/**
 * Every way a policy reaches a role: `aws_iam_role` (`inline_policy`, `managed_policy_arns`),
 * `aws_iam_role_policy`, `aws_iam_policy` through `aws_iam_role_policy_attachment`,
 * `aws_iam_policy_attachment` and `aws_iam_role_policy_attachments_exclusive`, with policies
 * given inline, by `data.aws_iam_policy_document`, by `aws_iam_policy` or by managed-policy ARN.
 * An attachment whose role cannot be identified is kept (as `UnattachedPolicy`) so that the rule
 * can still judge it.
 */
import { resolvePolicyArn } from "./policy-arn";
import { resolvePolicyValue, type Workspace } from "./resolve";
import type { RoleIndex } from "./role-index";
import type { PolicyAttachment, UnattachedPolicy } from "./roles";
import { blocksOf, resourcesOf, stringOf, stringsOf, type SynthStack, type TerraformValue } from "./terraform-json";

/** An attachment resource's policy, and the value naming the role it goes to. */
interface SeparateAttachment {
  readonly roleValue: TerraformValue | undefined;
  readonly attachment: PolicyAttachment;
}

/** Adds each policy to its role's attachments; returns those whose role is not one of `roles`. */
export function attachPolicies(workspace: Workspace, roles: RoleIndex): UnattachedPolicy[] {
  const unattached: UnattachedPolicy[] = [];
  for (const stack of workspace.stacks) {
    attachRolesOwnPolicies(workspace, stack, roles);
    for (const { roleValue, attachment } of separateAttachments(workspace, stack)) {
      const target = stringOf(roleValue);
      const role = target === undefined ? undefined : roles.find(stack, target);
      if (role) role.attachments.push(attachment);
      else unattached.push({ stack: stack.name, source: attachment.source, target: target ?? JSON.stringify(roleValue ?? null), resolution: attachment.resolution });
    }
  }
  return unattached;
}

/** The policies an `aws_iam_role` carries itself: `inline_policy` blocks and `managed_policy_arns`. */
function attachRolesOwnPolicies(workspace: Workspace, stack: SynthStack, roles: RoleIndex): void {
  for (const { address, block } of resourcesOf(stack.config, "aws_iam_role")) {
    const entry = roles.at(stack, address)!;
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
}

/** The policies `stack` attaches by resources of their own, each with the role value it names. */
function* separateAttachments(workspace: Workspace, stack: SynthStack): Generator<SeparateAttachment> {
  const config = stack.config;
  for (const { address, block } of resourcesOf(config, "aws_iam_role_policy")) {
    yield { roleValue: block.role, attachment: { source: address, kind: "role-policy", resolution: resolvePolicyValue(workspace, stack, block.policy) } };
  }
  for (const { address, block } of resourcesOf(config, "aws_iam_role_policy_attachment")) {
    const { label, resolution } = resolvePolicyArn(workspace, stack, stringOf(block.policy_arn) ?? "");
    yield { roleValue: block.role, attachment: { source: `${address} → ${label}`, kind: "policy-attachment", resolution } };
  }
  for (const { address, block } of resourcesOf(config, "aws_iam_policy_attachment")) {
    const { label, resolution } = resolvePolicyArn(workspace, stack, stringOf(block.policy_arn) ?? "");
    for (const role of listOrExpression(block.roles)) yield { roleValue: role, attachment: { source: `${address} → ${label}`, kind: "policy-attachment", resolution } };
  }
  for (const { address, block } of resourcesOf(config, "aws_iam_role_policy_attachments_exclusive")) {
    for (const arn of listOrExpression(block.policy_arns)) {
      const { label, resolution } = resolvePolicyArn(workspace, stack, arn);
      yield { roleValue: block.role_name, attachment: { source: `${address} → ${label}`, kind: "exclusive-attachments", resolution } };
    }
  }
}

/** A list attribute's strings; a string where a list belongs is an expression, kept as one unresolvable value. */
function listOrExpression(value: TerraformValue | undefined): string[] {
  return typeof value === "string" ? [value] : stringsOf(value);
}
