/** The remaining prop guards of the protection and operations constructs: the bad value, and the error that names it. */
import { ApiGatewayAccountLogging } from "../../modules/api/api-gateway-account-logging";
import { BedrockModelAlarms } from "../../modules/observability/bedrock-model-alarms";
import { ChatApiLogGroups } from "../../modules/api/chat-api-log-groups";
import { DataPlaneKey } from "../../modules/encryption/data-plane-key";
import { logsKeyPolicy } from "../../policies/documents/kms-key-policy";
import { synthScope, withContext } from "../helpers/terraform";

describe("protection and operations guards", () => {
  test.each([
    [{ namePrefix: "Chat_Bot" }, "DataPlaneKey 'key': namePrefix is invalid, got \"Chat_Bot\""],
    [{ namePrefix: "chatbot", deletionWindowInDays: 3 }, "DataPlaneKey 'key': deletionWindowInDays must be an integer 7–30, got 3"],
  ])("DataPlaneKey rejects %j", (props, message) => {
    expect(() => withContext((scope, context) => new DataPlaneKey(scope, "key", { context, ...props }))).toThrow(message);
  });

  test("ApiGatewayAccountLogging rejects a bad name prefix", () => {
    expect(() => withContext((scope, context) => new ApiGatewayAccountLogging(scope, "account", { namePrefix: "x", context }))).toThrow(
      "ApiGatewayAccountLogging 'account': namePrefix is invalid, got \"x\"",
    );
  });

  test.each([
    [{ retentionDays: 10 }, "ChatApiLogGroups 'logs': retentionDays must be one of 1, 3, 5, 7, 14, 30,"],
    [{ kmsKeyArn: "alias/logs" }, "ChatApiLogGroups 'logs': kmsKeyArn is invalid, got \"alias/logs\""],
  ])("ChatApiLogGroups rejects %j", (props, message) => {
    expect(() =>
      synthScope((scope) => new ChatApiLogGroups(scope, "logs", { apiName: "a", restApiId: "id", stageName: "v1", accessLogs: true, executionLogs: true, ...props })),
    ).toThrow(message);
  });

  test("BedrockModelAlarms rejects a zero token threshold", () => {
    expect(() =>
      synthScope((scope) => new BedrockModelAlarms(scope, "m", { namePrefix: "t", modelId: "amazon.nova-lite-v1:0", actions: [], inputTokensPerHour: 0, outputTokensPerHour: 1 })),
    ).toThrow("BedrockModelAlarms 'm': inputTokensPerHour must be an integer 1–");
  });

  test("logsKeyPolicy refuses to admit CloudWatch without an alarm name pattern (it would admit every alarm)", () => {
    expect(() => logsKeyPolicy({ partition: "aws", region: "r", accountId: "a", logsServicePrincipal: "logs", cloudWatchServicePrincipal: "cloudwatch" })).toThrow(
      "alarmNamePattern is required with cloudWatchServicePrincipal",
    );
  });
});
