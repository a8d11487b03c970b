/** No security group lets traffic out to every address: egress goes to named security groups or narrow CIDRs. */
import { securityGroupRules } from "../security-group-rules";
import { isAnyAddress } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const sgNoPublicEgress: Rule = {
  id: "sg-no-public-egress",
  title: "Security groups allow no egress to 0.0.0.0/0 or ::/0",
  severity: "high",
  upstream: ["CKV_AWS_382", "AVD-AWS-0104"],
  resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  check: ({ stack }) => {
    const egress = securityGroupRules(stack).filter((rule) => rule.direction === "egress");
    const findings: RuleFinding[] = egress
      .filter((rule) => rule.cidrs.some(isAnyAddress))
      .map((rule) => ({
        resource: rule.resource,
        ...(rule.detail ? { detail: rule.detail } : {}),
        message: `egress (${rule.ports}) to ${rule.cidrs.filter(isAnyAddress).join(", ")}: data can leave to any address`,
        fix: "allow egress only to the security groups (VPC endpoints) the workload talks to",
      }));
    return { checked: egress.length, findings };
  },
};
