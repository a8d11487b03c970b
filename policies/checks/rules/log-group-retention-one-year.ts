/** checkov's CIS-derived rule: log groups keep events for at least a year. */
import { numberOf, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const ONE_YEAR_DAYS = 365;

export const logGroupRetentionOneYear: Rule = {
  id: "log-group-retention-one-year",
  title: "Log groups keep events for at least one year",
  severity: "low",
  upstream: ["CKV_AWS_338"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: ({ stack }) => {
    const groups = resources(stack, "aws_cloudwatch_log_group");
    const findings: RuleFinding[] = [];
    for (const group of groups) {
      const value = group.block.retention_in_days;
      const days = numberOf(value);
      // 0 (never expire) keeps events longer than a year: log-group-retention judges that.
      if ((days !== undefined && (days === 0 || days >= ONE_YEAR_DAYS)) || (typeof value === "string" && value.includes("${"))) continue;
      findings.push({ resource: group.address, message: `retention_in_days is ${value === undefined ? "not set" : value}, under ${ONE_YEAR_DAYS} days`, fix: `set retention_in_days to ${ONE_YEAR_DAYS} or more where an audit requires it` });
    }
    return { checked: groups.length, findings };
  },
};
