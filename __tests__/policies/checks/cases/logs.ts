/** Passing and failing Terraform JSON for the log-group rules. */
import { logGroupKms } from "../../../../policies/checks/rules/log-group-kms";
import { logGroupRetention } from "../../../../policies/checks/rules/log-group-retention";
import { logGroupRetentionOneYear } from "../../../../policies/checks/rules/log-group-retention-one-year";
import type { RuleCase } from "./types";

const group = (extra: Record<string, unknown> = {}) => ({ aws_cloudwatch_log_group: { logs: { name: "/aws/lambda/chat", ...extra } } });

export const LOG_CASES: readonly RuleCase[] = [
  {
    rule: logGroupRetention,
    passing: [["30 days", group({ retention_in_days: 30 })]],
    failing: [
      ["unset", group(), /not set: events are kept forever/],
      ["0 (never expire)", group({ retention_in_days: 0 }), /kept forever/],
    ],
  },
  {
    rule: logGroupRetentionOneYear,
    passing: [["400 days", group({ retention_in_days: 400 })]],
    failing: [["30 days", group({ retention_in_days: 30 }), /30, under 365 days/]],
  },
  {
    rule: logGroupKms,
    passing: [["a customer managed key", group({ kms_key_id: "${aws_kms_key.logs.arn}" })]],
    failing: [["no key", group(), /no kms_key_id/]],
  },
];
