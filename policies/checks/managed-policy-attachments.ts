/**
 * Every managed-policy ARN a stack attaches to a role, user or group, whichever resource attaches
 * it; an ARN read through `data.aws_iam_policy` is replaced by the ARN (or name) the lookup names.
 */
import { dataSourcesOf, stringOf, stringsOf, type SynthStack } from "../extract/terraform-json";
import { resources } from "./terraform";

export function attachedPolicyArns(stack: SynthStack): { resource: string; arn: string }[] {
  const found: { resource: string; arn: string }[] = [];
  for (const role of resources(stack, "aws_iam_role")) for (const arn of stringsOf(role.block.managed_policy_arns)) found.push({ resource: role.address, arn });
  for (const type of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"]) {
    for (const attachment of resources(stack, type)) {
      const arn = stringOf(attachment.block.policy_arn);
      if (arn) found.push({ resource: attachment.address, arn });
    }
  }
  for (const exclusive of resources(stack, "aws_iam_role_policy_attachments_exclusive")) for (const arn of stringsOf(exclusive.block.policy_arns)) found.push({ resource: exclusive.address, arn });
  // A data.aws_iam_policy lookup stands for the ARN it reads.
  const lookups = new Map(dataSourcesOf(stack.config, "aws_iam_policy").map((lookup) => [lookup.address, stringOf(lookup.block.arn) ?? (stringOf(lookup.block.name) ? `arn:aws:iam::aws:policy/${stringOf(lookup.block.name)}` : undefined)]));
  return found.map((entry) => {
    const lookup = /^\$\{(data\.aws_iam_policy\.[\w-]+)\.arn\}$/.exec(entry.arn)?.[1];
    return lookup && lookups.get(lookup) ? { ...entry, arn: lookups.get(lookup)! } : entry;
  });
}
