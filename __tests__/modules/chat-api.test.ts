import { ChatApi, type ChatApiProps } from "../../modules/chat-api";
import { only, resources, withContext } from "../helpers/terraform";

function synthApi(props: Partial<ChatApiProps> = {}) {
  return withContext((scope, context) => {
    new ChatApi(scope, "chat-api", {
      name: "chatbot-test-chat",
      context,
      functionName: "chatbot-test-chat",
      functionArn: "${aws_lambda_function.chat.arn}",
      functionInvokeArn: "${aws_lambda_function.chat.invoke_arn}",
      ...props,
    });
  });
}

describe("ChatApi", () => {
  const json = synthApi();

  test("POST /chat is a Lambda proxy route that requires SigV4 (AWS_IAM) by default", () => {
    expect(only(json, "aws_api_gateway_resource")).toMatchObject({ path_part: "chat" });
    expect(only(json, "aws_api_gateway_method")).toMatchObject({ http_method: "POST", authorization: "AWS_IAM" });
    expect(only(json, "aws_api_gateway_integration")).toMatchObject({
      type: "AWS_PROXY",
      integration_http_method: "POST",
      uri: "${aws_lambda_function.chat.invoke_arn}",
      response_transfer_mode: "BUFFERED",
    });
  });

  test("anonymous access exists only when asked for explicitly", () => {
    expect(resources(json, "aws_api_gateway_method").every((m) => m.authorization !== "NONE")).toBe(true);
    expect(only(synthApi({ authorization: "NONE" }), "aws_api_gateway_method")).toMatchObject({ authorization: "NONE" });
  });

  test("STREAM mode uses the response-streaming invocation path", () => {
    const integration = only(synthApi({ responseMode: "STREAM" }), "aws_api_gateway_integration");
    expect(integration.response_transfer_mode).toBe("STREAM");
    expect(integration.uri).toMatch(/^arn:\$\{data\.aws_partition\..+\}:apigateway:\$\{data\.aws_region\..+\}:lambda:path\/2021-11-15\/functions\/\$\{aws_lambda_function\.chat\.arn\}\/response-streaming-invocations$/);
  });

  test("the Lambda permission admits only this API's stage and route", () => {
    const permission = only(json, "aws_lambda_permission");
    expect(permission).toMatchObject({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", function_name: "chatbot-test-chat" });
    expect(permission.source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\..+\.execution_arn\}\/\$\{aws_api_gateway_stage\..+\.stage_name\}\/POST\/chat$/);
  });

  test("a stage is deployed, redeployed when the route changes, and throttled", () => {
    expect(only(json, "aws_api_gateway_stage")).toMatchObject({ stage_name: "v1" });
    const deployment = only(json, "aws_api_gateway_deployment");
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    const trigger = (deployment.triggers as { redeployment: string }).redeployment;
    expect(trigger).toMatch(/^\$\{sha1\(jsonencode\(/);
    expect((only(synthApi({ responseMode: "STREAM" }), "aws_api_gateway_deployment").triggers as { redeployment: string }).redeployment).not.toBe(trigger);
    expect(only(json, "aws_api_gateway_method_settings")).toMatchObject({ method_path: "*/*", settings: { throttling_rate_limit: 10, throttling_burst_limit: 20 } });
  });

  test.each([
    [{ authorization: "OPEN" as never }, /ChatApi 'chat-api': authorization must be one of "AWS_IAM", "COGNITO_USER_POOLS", "NONE", got "OPEN"/],
    [{ responseMode: "SSE" as never }, /ChatApi 'chat-api': responseMode must be one of "BUFFERED", "STREAM", got "SSE"/],
    [{ stageName: "v 1" }, /ChatApi 'chat-api': stageName is invalid, got "v 1"/],
    [{ throttleRatePerSecond: 0 }, /ChatApi 'chat-api': throttleRatePerSecond must be an integer 1–10000, got 0/],
    [{ integrationTimeoutMs: 900000 }, /ChatApi 'chat-api': integrationTimeoutMs must be an integer 50–300000, got 900000/],
  ])("rejects %j", (props, message) => {
    expect(() => synthApi(props)).toThrow(message);
  });
});
