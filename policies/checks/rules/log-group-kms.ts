/** Log groups are encrypted with a customer managed KMS key, so that reading them also needs kms:Decrypt. */
import { present, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const logGroupKms: Rule = {
  id: "log-group-kms",
  title: "Log groups are encrypted with a KMS key",
  severity: "medium",
  upstream: ["CKV_AWS_158", "AVD-AWS-0017"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  check: ({ stack }) => {
    const groups = resources(stack, "aws_cloudwatch_log_group");
    const findings: RuleFinding[] = groups
      .filter((group) => present(group.block.kms_key_id) === undefined)
      .map((group) => ({ resource: group.address, message: "no kms_key_id: events are encrypted with a CloudWatch-owned key only", fix: "set kms_key_id to a customer managed key whose policy lets logs.<region>.amazonaws.com use it for this log group" }));
    return { checked: groups.length, findings };
  },
};
