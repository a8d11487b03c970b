/**
 * The statements behind a policy ARN value (`managed_policy_arns`, `policy_arn`,
 * `permissions_boundary`): a customer policy defined in this synth output, found by reference or
 * by name, or an AWS managed policy from the built-in table.
 */
import { awsManagedPolicy, awsManagedPolicyName } from "./managed-policies";
import { followRemoteState, resolvePolicyValue, type PolicyResolution, type Workspace } from "./resolve";
import { dataSourcesOf, parseReference, resourcesOf, stringOf, type SynthStack } from "./terraform-json";

const POLICY_ARN = /^arn:[^:]+:iam::[^:]*:policy\/(?:.*\/)?([^/]+)$/;

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
