/** The remaining prop guards of the protection and operations constructs: the bad value, and the error that names it. */
import { ApiGatewayAccountLogging, apiGatewayAccountLoggingProblems } from "../../modules/api/api-gateway-account-logging";
import { BedrockEndpoints, bedrockEndpointsProblems } from "../../modules/network/bedrock-endpoints";
import { BedrockModelAlarms } from "../../modules/observability/bedrock-model-alarms";
import { ChatApiLogGroups, chatApiLogGroupsProblems } from "../../modules/api/chat-api-log-groups";
import { chatRequestValidationProblems } from "../../modules/api/chat-request-validation";
import { FIX } from "../../modules/core/resource-ids";
import { DataPlaneKey } from "../../modules/encryption/data-plane-key";
import { logsKeyPolicy } from "../../policies/documents/kms-key-policy";
import { synthScope, withContext } from "../helpers/terraform";

describe("protection and operations guards", () => {
  test.each([
    [{ namePrefix: "Chat_Bot" }, "DataPlaneKey 'key': namePrefix: use 3–30 lower-case letters, digits or hyphens, starting with a letter, e.g. \"chatbot-dev\" (got \"Chat_Bot\")"],
    [{ namePrefix: "chatbot", deletionWindowInDays: 3 }, "DataPlaneKey 'key': deletionWindowInDays: must be a whole number of days 7–30 (KMS's range) (got 3)"],
  ])("DataPlaneKey rejects %j", (props, message) => {
    expect(() => withContext((scope, context) => new DataPlaneKey(scope, "key", { context, ...props }))).toThrow(message);
  });

  test("ApiGatewayAccountLogging rejects a bad name prefix", () => {
    expect(() => withContext((scope, context) => new ApiGatewayAccountLogging(scope, "account", { namePrefix: "x", context }))).toThrow(
      "ApiGatewayAccountLogging 'account': namePrefix: use 3–30 lower-case letters, digits or hyphens, starting with a letter, e.g. \"chatbot-dev\" (got \"x\")",
    );
  });

  test.each([
    [{ retentionDays: 10 }, "ChatApiLogGroups 'logs': retentionDays: must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30,"],
    [{ kmsKeyArn: "alias/logs" }, `ChatApiLogGroups 'logs': kmsKeyArn: give a KMS key ARN (not an alias), e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" (got "alias/logs")`],
  ])("ChatApiLogGroups rejects %j", (props, message) => {
    expect(() =>
      synthScope((scope) => new ChatApiLogGroups(scope, "logs", { apiName: "a", restApiId: "id", stageName: "v1", accessLogs: true, executionLogs: true, ...props })),
    ).toThrow(message);
  });

  test("BedrockEndpoints rejects a security group given by name", () => {
    const network = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d", "subnet-1a2b3c4d"] };
    const runtimePolicy = { Version: "2012-10-17", Statement: [] } as const;
    expect(() =>
      withContext((scope, context) => new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network, clientSecurityGroupId: "sg-0a1b2c3d", securityGroupId: "default", runtimePolicy })),
    ).toThrow(`BedrockEndpoints 'endpoints': securityGroupId: ${FIX.securityGroupId} (got "default")`);
  });

  test("the checks of these constructs are pure functions too, under their caller's path", () => {
    const fields = (problems: { field: string }[]) => problems.map((p) => p.field);
    expect(fields(apiGatewayAccountLoggingProblems({ namePrefix: "x" }, "api"))).toEqual(["api.namePrefix"]);
    expect(fields(bedrockEndpointsProblems({ securityGroupId: "default" }, "endpoints"))).toEqual(["endpoints.securityGroupId"]);
    expect(fields(chatApiLogGroupsProblems({ retentionDays: 10, kmsKeyArn: "alias/logs" }, "api"))).toEqual(["api.retentionDays", "api.kmsKeyArn"]);
    expect(fields(chatRequestValidationProblems({ limits: { maxMessageChars: 0, maxOutputTokens: 0 } }, "api"))).toEqual(["api.limits.maxMessageChars", "api.limits.maxOutputTokens"]);
    expect(chatApiLogGroupsProblems({ retentionDays: 30 })).toEqual([]);
    expect(bedrockEndpointsProblems({})).toEqual([]);
  });

  test("BedrockModelAlarms rejects a zero token threshold", () => {
    expect(() =>
      synthScope((scope) => new BedrockModelAlarms(scope, "m", { namePrefix: "t", modelId: "amazon.nova-lite-v1:0", actions: [], inputTokensPerHour: 0, outputTokensPerHour: 1 })),
    ).toThrow(/^BedrockModelAlarms 'm': inputTokensPerHour: must be a whole number of at least 1\b.*\(got 0\)$/);
  });

  test("logsKeyPolicy refuses to admit CloudWatch without an alarm name pattern (it would admit every alarm)", () => {
    expect(() => logsKeyPolicy({ partition: "aws", region: "r", accountId: "a", logsServicePrincipal: "logs", cloudWatchServicePrincipal: "cloudwatch" })).toThrow(
      "alarmNamePattern is required with cloudWatchServicePrincipal",
    );
  });
});
