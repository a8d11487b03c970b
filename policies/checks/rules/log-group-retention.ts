/** Log groups expire their events (a set retention; 0 or unset keeps logs forever, and bills for them forever). */
import { numberOf, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const logGroupRetention: Rule = {
  id: "log-group-retention",
  title: "Log groups set a retention period",
  severity: "medium",
  upstream: ["CKV_AWS_66", "Serverless-CloudWatchLogGroupRetentionPeriod"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: ({ stack }) => {
    const groups = resources(stack, "aws_cloudwatch_log_group");
    const findings: RuleFinding[] = [];
    for (const group of groups) {
      const value = group.block.retention_in_days;
      const days = numberOf(value);
      if ((days !== undefined && days > 0) || (typeof value === "string" && value.includes("${"))) continue;
      findings.push({ resource: group.address, message: `retention_in_days is ${value === undefined ? "not set" : JSON.stringify(value)}: events are kept forever`, fix: "set retention_in_days to one of CloudWatch's retention values", moduleOption: "function.logRetentionDays" });
    }
    return { checked: groups.length, findings };
  },
};
