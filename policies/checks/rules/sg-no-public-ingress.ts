/**
 * No security group admits traffic from every address (`0.0.0.0/0`, `::/0`), on any port: the
 * upstream rules single out SSH, RDP, HTTP and all-ports; nothing in this design is meant to be
 * reached from the internet except through API Gateway, so every port counts here.
 */
import { securityGroupRules } from "../security-group-rules";
import { isAnyAddress } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const sgNoPublicIngress: Rule = {
  id: "sg-no-public-ingress",
  title: "Security groups admit no traffic from 0.0.0.0/0 or ::/0",
  severity: "critical",
  upstream: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "AVD-AWS-0107", "AwsSolutions-EC23"],
  resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  check: ({ stack }) => {
    const ingress = securityGroupRules(stack).filter((rule) => rule.direction === "ingress");
    const findings: RuleFinding[] = ingress
      .filter((rule) => rule.cidrs.some(isAnyAddress))
      .map((rule) => ({
        resource: rule.resource,
        ...(rule.detail ? { detail: rule.detail } : {}),
        message: `ingress (${rule.ports}) from ${rule.cidrs.filter(isAnyAddress).join(", ")}: open to every address`,
        fix: "admit only a referenced security group (referenced_security_group_id) or the narrow CIDRs that need access",
      }));
    return { checked: ingress.length, findings };
  },
};
