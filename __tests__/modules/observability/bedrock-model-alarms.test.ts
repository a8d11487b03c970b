/**
 * BedrockModelAlarms: for one model, under the id the application calls, an alarm on any
 * throttled call (5 minutes) and one on each hourly token count at its threshold, notifying the
 * topics on alarm and on recovery, with names any console shows. A threshold of 0, which would
 * fire on any traffic, is refused.
 */
import { BedrockModelAlarms } from "../../../modules/observability/bedrock-model-alarms";
import { resources, synthScope } from "../../helpers/terraform";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:ops-alarms";

describe("BedrockModelAlarms", () => {
  test("throttles over 5 minutes and tokens per hour, under the model id, notifying on alarm and recovery", () => {
    const modelId = "eu.anthropic.claude-3-haiku-20240307-v1:0";
    const json = synthScope((scope) => new BedrockModelAlarms(scope, "m", { namePrefix: "chatbot-test", modelId, actions: [TOPIC], inputTokensPerHour: 500, outputTokensPerHour: 200 }));
    const alarms = resources(json, "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => [a.metric_name, a.period, a.threshold]).sort()).toEqual([
      ["InputTokenCount", 3600, 500],
      ["InvocationThrottles", 300, 1],
      ["OutputTokenCount", 3600, 200],
    ]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ namespace: "AWS/Bedrock", dimensions: { ModelId: modelId }, statistic: "Sum", alarm_actions: [TOPIC], ok_actions: [TOPIC], treat_missing_data: "notBreaching" });
      // The model id's ':' is not carried into the alarm's name.
      expect(alarm.alarm_name).toMatch(/^chatbot-test-bedrock-[a-z-]+-eu\.anthropic\.claude-3-haiku-20240307-v1-0$/);
    }
  });
});

describe("BedrockModelAlarms guards", () => {
  test("BedrockModelAlarms rejects a zero token threshold", () => {
    expect(() =>
      synthScope((scope) => new BedrockModelAlarms(scope, "m", { namePrefix: "t", modelId: "amazon.nova-lite-v1:0", actions: [], inputTokensPerHour: 0, outputTokensPerHour: 1 })),
    ).toThrow(/^BedrockModelAlarms 'm': inputTokensPerHour: must be a whole number of at least 1\b.*\(got 0\)$/);
  });

  test("BedrockModelAlarms on its own runs the thresholds' check of ChatAlarms", () => {
    const build = () => synthScope((scope) => new BedrockModelAlarms(scope, "m", { namePrefix: "t", modelId: "amazon.nova-lite-v1:0", actions: [], inputTokensPerHour: 0, outputTokensPerHour: 1 }));
    expect(build).toThrow("BedrockModelAlarms 'm': inputTokensPerHour: must be a whole number of at least 1: the input tokens per hour on one model that raise the alarm (got 0)");
  });
});
