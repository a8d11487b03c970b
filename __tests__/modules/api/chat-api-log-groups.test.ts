/**
 * ChatApiLogGroups: the API's access log (one JSON line per request, no headers and no body) and
 * the execution log group API Gateway writes to, created by Terraform with a retention and the
 * key, none when logging is off; a retention CloudWatch refuses and a key alias are refused.
 */
import { ChatApiLogGroups } from "../../../modules/api/chat-api-log-groups";
import { list, only, resources, synthApi, synthScope } from "../../helpers/terraform";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("ChatApiLogGroups in ChatApi", () => {
  const json = synthApi({ kmsKeyArn: KEY, logRetentionDays: 90 });
  const group = (prefix: string) => resources(json, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith(prefix));

  test("access logging is on by default, to a dedicated group with retention and the key", () => {
    expect(group("/aws/apigateway/")).toEqual({ name: "/aws/apigateway/chatbot-test-chat/v1/access", retention_in_days: 90, kms_key_id: KEY });
    const settings = only(json, "aws_api_gateway_stage").access_log_settings as { destination_arn: string; format: string };
    expect(settings.destination_arn).toMatch(/aws_cloudwatch_log_group\..*access.*\.arn/);
    expect(Object.keys(JSON.parse(settings.format))).toEqual(expect.arrayContaining(["requestId", "sourceIp", "status", "integrationLatency"]));
  });

  test("the access log records no headers and no body", () => {
    const format = (only(json, "aws_api_gateway_stage").access_log_settings as { format: string }).format;
    expect(format).not.toMatch(/\$input|requestOverride|header\.Authorization|\$context\.authorizer\.principalId/);
  });

  test("execution logging is at ERROR by default, never with data traces, into a pre-created encrypted group", () => {
    expect(only(json, "aws_api_gateway_method_settings").settings).toMatchObject({ logging_level: "ERROR", data_trace_enabled: false, metrics_enabled: true });
    expect(group("API-Gateway-Execution-Logs_")).toMatchObject({ name: expect.stringMatching(/^API-Gateway-Execution-Logs_\$\{aws_api_gateway_rest_api\..+\.id\}\/v1$/), kms_key_id: KEY });
    expect(list(only(json, "aws_api_gateway_method_settings").depends_on as string[])).toEqual(expect.arrayContaining([expect.stringMatching(/aws_cloudwatch_log_group\..*execution/)]));
  });

  test("logging off means no log groups and no access log settings", () => {
    const quiet = synthApi({ accessLogging: false, executionLogLevel: "OFF" });
    expect(resources(quiet, "aws_cloudwatch_log_group")).toHaveLength(0);
    expect(only(quiet, "aws_api_gateway_stage").access_log_settings).toBeUndefined();
    expect(only(quiet, "aws_api_gateway_method_settings").settings).toMatchObject({ logging_level: "OFF" });
  });
});

describe("ChatApiLogGroups guards", () => {
  test.each([
    [{ retentionDays: 10 }, "ChatApiLogGroups 'logs': retentionDays: must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30,"],
    [{ kmsKeyArn: "alias/logs" }, `ChatApiLogGroups 'logs': kmsKeyArn: give a KMS key ARN (not an alias), e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" (got "alias/logs")`],
  ])("ChatApiLogGroups rejects %j", (props, message) => {
    expect(() =>
      synthScope((scope) => new ChatApiLogGroups(scope, "logs", { apiName: "a", restApiId: "id", stageName: "v1", accessLogs: true, executionLogs: true, ...props })),
    ).toThrow(message);
  });
});
