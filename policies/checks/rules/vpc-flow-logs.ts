/** Every VPC records its flow logs. (The module's isolated VPC carries a known suppression; see docs/permission-review.md, Rule pack.) */
import { mentions, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const vpcFlowLogs: Rule = {
  id: "vpc-flow-logs",
  title: "VPCs have flow logs",
  severity: "low",
  upstream: ["CKV2_AWS_11", "AVD-AWS-0178", "AwsSolutions-VPC7"],
  resourceTypes: ["aws_vpc"],
  check: ({ stack }) => {
    const vpcs = resources(stack, "aws_vpc");
    const flowLogs = resources(stack, "aws_flow_log");
    const findings: RuleFinding[] = vpcs
      .filter((vpc) => !flowLogs.some((flowLog) => mentions(flowLog.block.vpc_id, vpc.address)))
      .map((vpc) => ({ resource: vpc.address, message: "no aws_flow_log records this VPC's traffic", fix: "add an aws_flow_log (traffic_type = REJECT or ALL) with vpc_id = this VPC, to a log group with retention" }));
    return { checked: vpcs.length, findings };
  },
};
