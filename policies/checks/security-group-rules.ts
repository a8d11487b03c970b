/**
 * Every security group rule of a stack in one shape, whichever of the provider's four ways wrote
 * it: inline `ingress`/`egress` blocks of `aws_security_group` and `aws_default_security_group`,
 * `aws_security_group_rule`, and `aws_vpc_security_group_ingress_rule` / `..._egress_rule`.
 */
import { blocksOf, stringOf, stringsOf, type SynthStack, type TerraformBlock } from "../extract/terraform-json";
import { perStack, resources } from "./terraform";

export interface SecurityGroupRule {
  /** The resource that holds the rule. */
  readonly resource: string;
  /** `ingress[0]` for inline blocks. */
  readonly detail?: string;
  readonly direction: "ingress" | "egress";
  /** IPv4 and IPv6 CIDRs the rule opens to (security-group and prefix-list sources are not CIDRs). */
  readonly cidrs: readonly string[];
  readonly description?: string;
  /** `from_port`–`to_port` as written, for messages. */
  readonly ports: string;
}

function ports(block: TerraformBlock): string {
  const protocol = stringOf(block.ip_protocol) ?? stringOf(block.protocol) ?? String(block.protocol ?? block.ip_protocol ?? "?");
  if (protocol === "-1" || protocol === "all") return "all traffic";
  return `${protocol} ${String(block.from_port ?? "?")}${block.to_port !== undefined && block.to_port !== block.from_port ? `-${String(block.to_port)}` : ""}`;
}

export const securityGroupRules = perStack((stack: SynthStack): readonly SecurityGroupRule[] => {
  const rules: SecurityGroupRule[] = [];
  for (const type of ["aws_security_group", "aws_default_security_group"]) {
    for (const group of resources(stack, type)) {
      for (const direction of ["ingress", "egress"] as const) {
        blocksOf(group.block[direction]).forEach((inline, index) => {
          rules.push({
            resource: group.address,
            detail: `${direction}[${index}]`,
            direction,
            cidrs: [...stringsOf(inline.cidr_blocks), ...stringsOf(inline.ipv6_cidr_blocks)],
            ...(stringOf(inline.description) ? { description: stringOf(inline.description) } : {}),
            ports: ports(inline),
          });
        });
      }
    }
  }
  for (const rule of resources(stack, "aws_security_group_rule")) {
    rules.push({
      resource: rule.address,
      direction: rule.block.type === "egress" ? "egress" : "ingress",
      cidrs: [...stringsOf(rule.block.cidr_blocks), ...stringsOf(rule.block.ipv6_cidr_blocks)],
      ...(stringOf(rule.block.description) ? { description: stringOf(rule.block.description) } : {}),
      ports: ports(rule.block),
    });
  }
  for (const direction of ["ingress", "egress"] as const) {
    for (const rule of resources(stack, `aws_vpc_security_group_${direction}_rule`)) {
      rules.push({
        resource: rule.address,
        direction,
        cidrs: [...stringsOf(rule.block.cidr_ipv4), ...stringsOf(rule.block.cidr_ipv6)],
        ...(stringOf(rule.block.description) ? { description: stringOf(rule.block.description) } : {}),
        ports: ports(rule.block),
      });
    }
  }
  return rules;
});
