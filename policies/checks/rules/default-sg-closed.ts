/**
 * The default security group of every VPC admits nothing and lets nothing out. AWS creates it
 * with "all traffic from itself" in and "everything" out; Terraform empties it only when an
 * `aws_default_security_group` without rules manages it.
 */
import { blocksOf } from "../../extract/terraform-json";
import { mentions, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const defaultSgClosed: Rule = {
  id: "default-sg-closed",
  title: "Default security groups restrict all traffic",
  severity: "medium",
  upstream: ["CKV2_AWS_12"],
  resourceTypes: ["aws_vpc", "aws_default_security_group"],
  check: ({ stack }) => {
    const vpcs = resources(stack, "aws_vpc");
    const defaults = resources(stack, "aws_default_security_group");
    const findings: RuleFinding[] = [];
    for (const vpc of vpcs) {
      const managed = defaults.filter((group) => mentions(group.block.vpc_id, vpc.address));
      if (managed.length === 0) {
        findings.push({ resource: vpc.address, message: "the VPC's default security group is not managed, so it keeps AWS's allow-all rules", fix: "add an aws_default_security_group for the VPC with no ingress and no egress blocks" });
      }
    }
    for (const group of defaults) {
      const open = ["ingress", "egress"].filter((direction) => blocksOf(group.block[direction]).length > 0);
      if (open.length > 0) findings.push({ resource: group.address, message: `the default security group has ${open.join(" and ")} rules`, fix: "remove every ingress and egress block: nothing should use the default security group" });
    }
    return { checked: vpcs.length + defaults.length, findings };
  },
};
