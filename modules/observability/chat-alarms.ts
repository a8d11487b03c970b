import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Construct } from "constructs";
import { API_FIX, INTEGRATION_TIMEOUT_RANGE, SNS_TOPIC_ARN_PATTERN } from "../api/api-formats";
import { BedrockModelAlarms, bedrockModelAlarmsProblems } from "./bedrock-model-alarms";
import { FIX, KMS_KEY_ARN_PATTERN } from "../core/resource-ids";
import { type Problem, fieldPath, integerRangeProblems, listProblems, namePrefixProblems, objectProblems, patternProblems, sameRegionProblems, switchProblems, throwProblems } from "../core/validate";

/** Where alarms go, and the token thresholds. */
export interface AlarmOptions {
  /**
   * An existing standard SNS topic in the stack's region. If it is KMS-encrypted, its key must let
   * `cloudwatch.amazonaws.com` use it (kms:Decrypt, kms:GenerateDataKey*).
   * @default - none: give this or createTopic, exactly one
   */
  readonly topicArn?: string;
  /** Create a KMS-encrypted topic `<namePrefix>-alarms` (subscribe to it yourself). @default false */
  readonly createTopic?: boolean;
  /** Alarm when one model's input tokens in an hour reach this. @default 1000000 */
  readonly inputTokensPerHour?: number;
  /** Alarm when one model's output tokens in an hour reach this. @default 200000 */
  readonly outputTokensPerHour?: number;
}

export interface ChatAlarmsProps extends AlarmOptions {
  /** Prefix of every alarm name (`<namePrefix>-…`). */
  readonly namePrefix: string;
  /** The chat function (the `FunctionName` dimension). */
  readonly functionName: string;
  /** The REST API's name (the `ApiName` dimension). */
  readonly apiName: string;
  /** The API's stage (the `Stage` dimension). */
  readonly stageName: string;
  /** API Gateway's integration timeout: the p99 latency alarm fires at 90 % of it. */
  readonly integrationTimeoutMs: number;
  /** Model or inference-profile ids the function calls; each gets Bedrock alarms. */
  readonly modelIds: readonly string[];
  /** The key of a created topic; required with createTopic (AWS's managed SNS key does not admit CloudWatch). */
  readonly kmsKeyArn?: string;
}

const FIVE_MINUTES = 300;
/** AlarmOptions' defaults, for a threshold not given. */
const DEFAULT_TOKENS_PER_HOUR = { input: 1_000_000, output: 200_000 };

/**
 * Where the alarms go and when the token alarms fire: exactly one topic, an existing standard
 * one (in the deployment's region, when `region` is known) or one to create; token thresholds of
 * at least one. Tokens pass. `at` prefixes the fields (the config's `alarms`); `region` is the
 * config's literal region (CloudWatch notifies topics of its own region only).
 */
export function alarmOptionsProblems(options: AlarmOptions, at = "", region?: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const shape = objectProblems(at === "" ? "alarms" : at, options);
  if (shape.length > 0) return shape;
  const problems: Problem[] = switchProblems(options, ["createTopic"], at);
  if ((options.topicArn === undefined) === (options.createTopic !== true)) {
    const fix = "give either topicArn (an existing SNS topic) or createTopic: true, exactly one (for no alarms, leave the alarms out)";
    problems.push({ field: field("topicArn"), value: { topicArn: options.topicArn, createTopic: options.createTopic }, fix });
  }
  if (options.topicArn !== undefined) {
    problems.push(...patternProblems(field("topicArn"), options.topicArn, SNS_TOPIC_ARN_PATTERN, API_FIX.snsTopicArn));
    problems.push(...sameRegionProblems(field("topicArn"), options.topicArn, SNS_TOPIC_ARN_PATTERN, region, "CloudWatch alarms notify topics of their own region only"));
  }
  // Only an absent threshold takes the default: a null one is a mistake to name, not a default to apply.
  const thresholds = {
    inputTokensPerHour: options.inputTokensPerHour === undefined ? DEFAULT_TOKENS_PER_HOUR.input : options.inputTokensPerHour,
    outputTokensPerHour: options.outputTokensPerHour === undefined ? DEFAULT_TOKENS_PER_HOUR.output : options.outputTokensPerHour,
  };
  return [...problems, ...bedrockModelAlarmsProblems(thresholds, at)];
}

/**
 * Everything ChatAlarms checks before it builds: a name prefix for the alarm names, at least one
 * model, the integration timeout the latency alarm derives from, a KMS key ARN (required for a
 * created topic), and the alarm options. Tokens pass; `at` and `region` as alarmOptionsProblems.
 */
export function chatAlarmsProblems(props: ChatAlarmsProps, at = "", region?: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems = namePrefixProblems(field("namePrefix"), props.namePrefix);
  problems.push(...listProblems(field("modelIds"), props.modelIds, { count: { min: 1, fix: "name the models the function calls (each gets Bedrock alarms)" } }));
  problems.push(...integerRangeProblems(field("integrationTimeoutMs"), props.integrationTimeoutMs, INTEGRATION_TIMEOUT_RANGE, "API Gateway's integration timeout, which the latency alarm fires at 90 % of"));
  if (props.kmsKeyArn !== undefined) problems.push(...patternProblems(field("kmsKeyArn"), props.kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn));
  if (props.createTopic === true && props.kmsKeyArn === undefined) {
    problems.push({ field: field("kmsKeyArn"), value: undefined, fix: "is required with createTopic: CloudWatch cannot publish to a topic under AWS's managed SNS key; give a key whose policy admits cloudwatch.amazonaws.com" });
  }
  return [...problems, ...alarmOptionsProblems(props, at, region)];
}

/**
 * The chatbot's alarms, to one SNS topic: the function's errors (crashes and timeouts; handled
 * errors are answers) and throttles (reserved concurrency exhausted: API Gateway answers 500),
 * the API's 5xx answers and its p99 latency against the integration timeout, and per model
 * Bedrock throttling and hourly token counts. Created only with a topic: an alarm nobody receives
 * is a dashboard, not an alarm.
 */
export class ChatAlarms extends Construct {
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: ChatAlarmsProps) {
    super(scope, id);
    throwProblems(this, chatAlarmsProblems(props));

    this.topicArn =
      props.topicArn ??
      new SnsTopic(this, "topic", { name: `${props.namePrefix}-alarms`, displayName: `${props.namePrefix} alarms`, kmsMasterKeyId: props.kmsKeyArn }).arn;
    const actions = [this.topicArn];
    const alarm = (alarmId: string, config: Omit<ConstructorParameters<typeof CloudwatchMetricAlarm>[2], "alarmActions" | "okActions" | "treatMissingData">) =>
      new CloudwatchMetricAlarm(this, alarmId, { treatMissingData: "notBreaching", alarmActions: actions, okActions: actions, ...config });

    const lambda = { namespace: "AWS/Lambda", dimensions: { FunctionName: props.functionName }, statistic: "Sum", period: FIVE_MINUTES, evaluationPeriods: 1 };
    alarm("function-errors", {
      ...lambda,
      alarmName: `${props.namePrefix}-chat-function-errors`,
      alarmDescription: "The chat function crashed or timed out (handled errors are answers, not errors)",
      metricName: "Errors",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    });
    alarm("function-throttles", {
      ...lambda,
      alarmName: `${props.namePrefix}-chat-function-throttles`,
      alarmDescription: "The chat function's reserved concurrency is exhausted: API Gateway answers 500",
      metricName: "Throttles",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    });
    const api = { namespace: "AWS/ApiGateway", dimensions: { ApiName: props.apiName, Stage: props.stageName }, period: FIVE_MINUTES };
    alarm("api-5xx", {
      ...api,
      alarmName: `${props.namePrefix}-chat-api-5xx`,
      alarmDescription: "POST /chat answered 5xx (Bedrock unavailable or timing out, function failures)",
      metricName: "5XXError",
      statistic: "Sum",
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 5,
    });
    alarm("api-latency", {
      ...api,
      alarmName: `${props.namePrefix}-chat-api-latency-p99`,
      alarmDescription: `p99 latency of POST /chat above 90 % of the ${props.integrationTimeoutMs} ms integration timeout for 10 minutes: answers are about to time out`,
      metricName: "Latency",
      extendedStatistic: "p99",
      evaluationPeriods: 2,
      comparisonOperator: "GreaterThanThreshold",
      threshold: Math.floor(props.integrationTimeoutMs * 0.9),
    });
    for (const modelId of props.modelIds) {
      new BedrockModelAlarms(this, `bedrock-${modelId}`, {
        namePrefix: props.namePrefix,
        modelId,
        actions,
        inputTokensPerHour: props.inputTokensPerHour ?? DEFAULT_TOKENS_PER_HOUR.input,
        outputTokensPerHour: props.outputTokensPerHour ?? DEFAULT_TOKENS_PER_HOUR.output,
      });
    }
  }
}
