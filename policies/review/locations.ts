/**
 * Where a finding is written: the file and line of the Terraform block it names. A statement's
 * source names the resource holding the policy and, for an attachment, the policy it attaches
 * (`aws_iam_role_policy_attachment.a → aws_iam_policy.p`): the policy is where the statement is
 * written, so the last address that can be found wins; the attachment otherwise (an AWS managed
 * policy is written nowhere in the input).
 */
import type { SourceLocation, SynthStack } from "../extract/terraform-json";

const ADDRESS = /(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*/g;

export type Locator = (stack: string, label: string) => SourceLocation | undefined;

/** A locator over `stacks`: the label's addresses looked up in its own stack first, then in the others (cross-stack policies). */
export function locator(stacks: readonly SynthStack[]): Locator {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  return (stackName, label) => {
    const home = byName.get(stackName);
    const candidates = [...(home ? [home] : []), ...stacks.filter((stack) => stack !== home)];
    const addresses = [...label.matchAll(ADDRESS)].map((match) => match[0]).reverse();
    for (const address of addresses) {
      for (const stack of candidates) {
        const found = stack.locate?.(address);
        if (found) return found;
      }
    }
    // No block found: a plan's stacks still know their file (they answer for any address).
    return home?.locate?.("");
  };
}
