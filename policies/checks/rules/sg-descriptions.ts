/** Security groups and each of their rules say what they are for (the provider's default "Managed by Terraform" does not count). */
import { stringOf } from "../../extract/terraform-json";
import { securityGroupRules } from "../security-group-rules";
import { resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const DEFAULT_DESCRIPTION = "Managed by Terraform";
const meaningful = (text: string | undefined) => text !== undefined && text.trim() !== "" && text !== DEFAULT_DESCRIPTION;

export const sgDescriptions: Rule = {
  id: "sg-descriptions",
  title: "Security groups and their rules have descriptions",
  severity: "low",
  upstream: ["CKV_AWS_23", "AVD-AWS-0099", "AVD-AWS-0124", "AwsSolutions-EC27"],
  resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  check: ({ stack }) => {
    const groups = resources(stack, "aws_security_group");
    const rules = securityGroupRules(stack);
    const findings: RuleFinding[] = [];
    for (const group of groups) {
      if (meaningful(stringOf(group.block.description))) continue;
      findings.push({ resource: group.address, message: `the security group has ${group.block.description === undefined ? "no description" : `the description ${JSON.stringify(group.block.description)}`}`, fix: "set description to what the group admits and why" });
    }
    for (const rule of rules) {
      if (meaningful(rule.description)) continue;
      findings.push({ resource: rule.resource, ...(rule.detail ? { detail: rule.detail } : {}), message: `the ${rule.direction} rule (${rule.ports}) has no description`, fix: "set description on the rule" });
    }
    return { checked: groups.length + rules.length, findings };
  },
};
