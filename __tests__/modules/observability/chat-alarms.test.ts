/** ChatAlarms: none without a topic; with one, the function, the API and each model's Bedrock metrics (BedrockModelAlarms, bedrock-model-alarms.test.ts); the guards of props the configuration does not set. */
import { ChatAlarms, type ChatAlarmsProps } from "../../../modules/observability/chat-alarms";
import { BASE_MODEL, config, only, resources, resourceTypes, statementsOf, synthApp, synthScope } from "../../helpers/terraform";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:ops-alarms";
const MODELS = ["eu.anthropic.claude-sonnet-4-20250514-v1:0", BASE_MODEL];

type Alarm = Record<string, unknown> & { alarm_name: string; namespace: string; metric_name: string; dimensions: Record<string, string> };
const alarms = (json: ReturnType<typeof synthScope>) => resources(json, "aws_cloudwatch_metric_alarm") as Alarm[];
const byMetric = (json: ReturnType<typeof synthScope>, namespace: string, metric: string) => alarms(json).filter((a) => a.namespace === namespace && a.metric_name === metric);

describe("ChatAlarms in the data-plane stack", () => {
  test("no alarm, no topic and no topic output without an alarms section", () => {
    const { data } = synthApp();
    expect(resourceTypes(data)).not.toContain("aws_cloudwatch_metric_alarm");
    expect(resourceTypes(data)).not.toContain("aws_sns_topic");
    expect(data.output).not.toHaveProperty("alarm_topic_arn");
  });

  describe("with an existing topic", () => {
    const { data } = synthApp(config({ models: MODELS, alarms: { topicArn: TOPIC, inputTokensPerHour: 500000 } }));

    test("every alarm notifies the topic on alarm and on recovery; no topic is created", () => {
      expect(alarms(data).length).toBe(4 + 3 * MODELS.length);
      for (const alarm of alarms(data)) expect(alarm).toMatchObject({ alarm_actions: [TOPIC], ok_actions: [TOPIC], alarm_name: expect.stringMatching(/^chatbot-test-/) });
      expect(resourceTypes(data)).not.toContain("aws_sns_topic");
      expect(data.output?.alarm_topic_arn.value).toBe(TOPIC);
    });

    test("the function's errors and throttles", () => {
      for (const metric of ["Errors", "Throttles"]) {
        expect(byMetric(data, "AWS/Lambda", metric)).toEqual([
          expect.objectContaining({ dimensions: { FunctionName: "chatbot-test-chat" }, statistic: "Sum", threshold: 1, treat_missing_data: "notBreaching" }),
        ]);
      }
    });

    test("the API's 5xx answers, and its p99 latency against 90 % of the 29 s integration timeout", () => {
      const dimensions = { ApiName: expect.stringMatching(/aws_api_gateway_rest_api\..+\.name/), Stage: expect.stringMatching(/stage_name/) };
      expect(byMetric(data, "AWS/ApiGateway", "5XXError")).toEqual([expect.objectContaining({ dimensions, statistic: "Sum" })]);
      expect(byMetric(data, "AWS/ApiGateway", "Latency")).toEqual([expect.objectContaining({ dimensions, extended_statistic: "p99", threshold: 26100, evaluation_periods: 2 })]);
    });

    test("per configured model: Bedrock throttles and hourly input/output tokens, under the id the function calls", () => {
      for (const [metric, threshold] of [["InvocationThrottles", 1], ["InputTokenCount", 500000], ["OutputTokenCount", 200000]] as const) {
        const found = byMetric(data, "AWS/Bedrock", metric);
        expect(found.map((a) => a.dimensions.ModelId).sort()).toEqual([...MODELS].sort());
        for (const alarm of found) expect(alarm.threshold).toBe(threshold);
      }
      expect(byMetric(data, "AWS/Bedrock", "InputTokenCount")[0].period).toBe(3600);
    });

    test("in STREAM mode the latency alarm follows the 300 s integration timeout", () => {
      const { data: streaming } = synthApp(config({ api: { responseMode: "STREAM" }, alarms: { topicArn: TOPIC } }));
      expect(byMetric(streaming, "AWS/ApiGateway", "Latency")[0].threshold).toBe(270000);
    });
  });

  test("a created topic is encrypted with the data-plane key, which then admits CloudWatch for this stack's alarms only", () => {
    const { data } = synthApp(config({ alarms: { createTopic: true } }));
    expect(only(data, "aws_sns_topic")).toMatchObject({ name: "chatbot-test-alarms", kms_master_key_id: expect.stringMatching(/aws_kms_key\..+\.arn/) });
    const statement = statementsOf(only(data, "aws_kms_key").policy).find((s) => s.Sid === "CloudWatchAlarmsPublishToEncryptedTopic")!;
    expect(statement).toMatchObject({ Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Principal: { Service: expect.stringMatching(/aws_service_principal/) } });
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) },
      ArnLike: { "aws:SourceArn": expect.stringMatching(/:cloudwatch:.+:alarm:chatbot-test-\*$/) },
    });
    for (const alarm of alarms(data)) expect(alarm.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\..+\.arn/)]);
  });
});

// The topic and threshold guards the configuration shares are run through both entry points in __tests__/config/api-and-alarm-guards.test.ts.
describe("ChatAlarms guards of props the configuration does not set", () => {
  const props: ChatAlarmsProps = { namePrefix: "t-bot", functionName: "f", apiName: "a", stageName: "v1", integrationTimeoutMs: 29000, modelIds: ["amazon.nova-lite-v1:0"], topicArn: TOPIC };
  test.each([
    [{ createTopic: true, topicArn: undefined }, "ChatAlarms 'alarms': kmsKeyArn: is required with createTopic: CloudWatch cannot publish to a topic under AWS's managed SNS key"],
    [{ kmsKeyArn: "alias/chatbot" }, 'ChatAlarms \'alarms\': kmsKeyArn: give a KMS key ARN (not an alias), e.g. "arn:aws:kms:'],
    [{ modelIds: [] }, "ChatAlarms 'alarms': modelIds: name the models the function calls (each gets Bedrock alarms) (got [])"],
    [{ namePrefix: "T_Bot" }, 'ChatAlarms \'alarms\': namePrefix: use 3–30 lower-case letters'],
    [{ integrationTimeoutMs: 10 }, "ChatAlarms 'alarms': integrationTimeoutMs: must be a whole number 50–300000: API Gateway's integration timeout, which the latency alarm fires at 90 % of (got 10)"],
  ])("rejects %j", (extra, message) => {
    expect(() => synthScope((scope) => new ChatAlarms(scope, "alarms", { ...props, ...extra }))).toThrow(message);
  });

  test("every problem at once, before any alarm exists", () => {
    expect(() => synthScope((scope) => new ChatAlarms(scope, "alarms", { ...props, modelIds: [], outputTokensPerHour: 0 }))).toThrow(
      /^ChatAlarms 'alarms' has 2 problems:\n {2}- modelIds: .*\n {2}- outputTokensPerHour: must be a whole number of at least 1/,
    );
  });
});
