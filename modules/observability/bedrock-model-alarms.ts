import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { type Problem, fieldPath, integerRangeProblems, throwProblems } from "../core/validate";

export interface BedrockModelAlarmsProps {
  /** Prefix of the alarm names (`<namePrefix>-bedrock-…`). */
  readonly namePrefix: string;
  /** The model or inference-profile id, as the `ModelId` dimension of `AWS/Bedrock` metrics. */
  readonly modelId: string;
  /** SNS topics notified on alarm and on recovery. */
  readonly actions: readonly string[];
  /** Alarm when the input tokens of one hour reach this. */
  readonly inputTokensPerHour: number;
  /** Alarm when the output tokens of one hour reach this. */
  readonly outputTokensPerHour: number;
}

/** At least one token: a threshold of 0 (alarming at or above it) would fire on any traffic at all. */
const TOKENS_PER_HOUR_RANGE = { min: 1, max: Number.MAX_SAFE_INTEGER };

/**
 * The hourly token thresholds: whole numbers of at least one. Tokens pass. `at` prefixes the
 * fields (the config's `alarms`).
 */
export function bedrockModelAlarmsProblems(props: Pick<BedrockModelAlarmsProps, "inputTokensPerHour" | "outputTokensPerHour">, at = ""): Problem[] {
  return [
    ...integerRangeProblems(fieldPath(at, "inputTokensPerHour"), props.inputTokensPerHour, TOKENS_PER_HOUR_RANGE, "the input tokens per hour on one model that raise the alarm"),
    ...integerRangeProblems(fieldPath(at, "outputTokensPerHour"), props.outputTokensPerHour, TOKENS_PER_HOUR_RANGE, "the output tokens per hour on one model that raise the alarm"),
  ];
}

/**
 * Bedrock alarms for one model: throttled invocations (quota too low for the traffic) and token
 * counts per hour (the bill, and a runaway or abusive client). Bedrock publishes these in the
 * calling region, under the id the application calls — the profile id for an inference profile.
 */
export class BedrockModelAlarms extends Construct {
  constructor(scope: Construct, id: string, props: BedrockModelAlarmsProps) {
    super(scope, id);
    throwProblems(this, bedrockModelAlarmsProblems(props));
    const common = {
      namespace: "AWS/Bedrock",
      dimensions: { ModelId: props.modelId },
      statistic: "Sum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmActions: [...props.actions],
      okActions: [...props.actions],
    };
    // Alarm names may not hold ':' or '/' reliably in every console; model ids carry ':'.
    const slug = props.modelId.replace(/[^A-Za-z0-9.-]/g, "-");
    new CloudwatchMetricAlarm(this, "throttles", {
      ...common,
      alarmName: `${props.namePrefix}-bedrock-throttles-${slug}`,
      alarmDescription: `Bedrock throttled calls to ${props.modelId}: raise the model's quota or lower the function's concurrency`,
      metricName: "InvocationThrottles",
      period: 300,
      threshold: 1,
    });
    const tokenAlarms = [
      { id: "input-tokens", kind: "input", metricName: "InputTokenCount", perHour: props.inputTokensPerHour },
      { id: "output-tokens", kind: "output", metricName: "OutputTokenCount", perHour: props.outputTokensPerHour },
    ];
    for (const { id, kind, metricName, perHour } of tokenAlarms) {
      new CloudwatchMetricAlarm(this, id, {
        ...common,
        alarmName: `${props.namePrefix}-bedrock-${kind}-tokens-${slug}`,
        alarmDescription: `More than ${perHour} ${kind} tokens in an hour on ${props.modelId}`,
        metricName,
        period: 3600,
        threshold: perHour,
      });
    }
  }
}
