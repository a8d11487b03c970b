/** Functions run inside a VPC (subnets and security groups), where their egress is controlled. */
import { block, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const nonEmpty = (value: unknown) => (Array.isArray(value) && value.length > 0) || (typeof value === "string" && value.includes("${"));

export const lambdaInVpc: Rule = {
  id: "lambda-in-vpc",
  title: "Lambda functions run in a VPC",
  severity: "medium",
  upstream: ["CKV_AWS_117"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const functions = resources(stack, "aws_lambda_function");
    const findings: RuleFinding[] = [];
    for (const fn of functions) {
      const vpc = block(fn.block.vpc_config);
      if (vpc && nonEmpty(vpc.subnet_ids) && nonEmpty(vpc.security_group_ids)) continue;
      findings.push({
        resource: fn.address,
        message: vpc ? "vpc_config has no subnet_ids or no security_group_ids" : "no vpc_config: the function reaches the internet and AWS APIs directly",
        fix: "set vpc_config { subnet_ids, security_group_ids } to isolated subnets and a security group with only the egress it needs",
      });
    }
    return { checked: functions.length, findings };
  },
};
