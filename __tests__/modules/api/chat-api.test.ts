import { redeploymentGaps } from "../../../policies/deployability";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { only, resources, synthApi } from "../../helpers/terraform";

const USER_POOL = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123";


describe("ChatApi", () => {
  const json = synthApi();

  test("POST /chat is a Lambda proxy route that requires SigV4 (AWS_IAM) by default", () => {
    expect(only(json, "aws_api_gateway_resource")).toMatchObject({ path_part: "chat" });
    expect(only(json, "aws_api_gateway_rest_api").lifecycle).toEqual({ create_before_destroy: true });
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
    const triggers = deployment.triggers as { redeployment: string; configuration: string };
    // Ids redeploy on replacement; the configuration's hash on an in-place change (a STREAM switch).
    expect(triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_resource\.[\w-]+\.id,.*aws_api_gateway_integration\.[\w-]+\.id\]\)\)\}$/);
    expect(triggers.configuration).toMatch(/^[0-9a-f]{64}$/);
    expect((only(synthApi({ responseMode: "STREAM" }), "aws_api_gateway_deployment").triggers as { configuration: string }).configuration).not.toBe(triggers.configuration);
    expect(only(json, "aws_api_gateway_method_settings")).toMatchObject({ method_path: "*/*", settings: { throttling_rate_limit: 10, throttling_burst_limit: 20 } });
  });

  test("only a Cognito authorization creates an authorizer, naming the configured user pools", () => {
    expect(resources(json, "aws_api_gateway_authorizer")).toHaveLength(0);
    expect(only(json, "aws_api_gateway_method").authorizer_id).toBeUndefined();
    const cognito = synthApi({ authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: [USER_POOL] });
    expect(only(cognito, "aws_api_gateway_authorizer")).toMatchObject({
      type: "COGNITO_USER_POOLS",
      provider_arns: [USER_POOL],
      identity_source: "method.request.header.Authorization",
    });
    expect(only(cognito, "aws_api_gateway_method")).toMatchObject({ authorization: "COGNITO_USER_POOLS", authorizer_id: expect.stringMatching(/aws_api_gateway_authorizer\..+\.id/) });
  });

  test("the body is validated against the ChatRequest model before Lambda runs", () => {
    expect(only(json, "aws_api_gateway_request_validator")).toMatchObject({ validate_request_body: true, validate_request_parameters: false });
    const model = only(json, "aws_api_gateway_model");
    expect(model).toMatchObject({ name: "ChatRequest", content_type: "application/json" });
    expect(only(json, "aws_api_gateway_method")).toMatchObject({
      request_validator_id: expect.stringMatching(/aws_api_gateway_request_validator\..+\.id/),
      request_models: { "application/json": expect.stringMatching(/aws_api_gateway_model\..+\.name/) },
    });
    const schema = JSON.parse(String(model.schema));
    expect(schema.properties.history.maxItems).toBe(20);
    expect(JSON.parse(String(only(synthApi({ requestLimits: { maxHistoryTurns: 6 } }), "aws_api_gateway_model").schema)).properties.history.maxItems).toBe(6);
  });

  test("a body the model rejects gets a 400 in the function's error format, without CORS headers by default", () => {
    const response = only(json, "aws_api_gateway_gateway_response");
    expect(response).toMatchObject({ response_type: "BAD_REQUEST_BODY", status_code: "400" });
    expect(JSON.parse((response.response_templates as Record<string, string>)["application/json"])).toEqual({ error: { code: "INVALID_REQUEST", message: expect.any(String) } });
    expect(JSON.stringify(response.response_parameters)).not.toContain("Access-Control");
  });

  test("no API key is required unless a usage plan exists", () => {
    expect(only(json, "aws_api_gateway_method").api_key_required).toBe(false);
    for (const type of ["aws_api_gateway_usage_plan", "aws_api_gateway_api_key", "aws_api_gateway_usage_plan_key"]) expect(resources(json, type)).toHaveLength(0);
  });

  test("every resource the stage serves is in the deployment's trigger, the BAD_REQUEST_BODY answer included", () => {
    for (const api of [json, synthApi({ authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: [USER_POOL], cors: { allowedOrigins: ["https://a.example.com"] } })]) {
      expect(redeploymentGaps(api as TerraformConfig)).toEqual([]);
    }
    const trigger = (only(json, "aws_api_gateway_deployment").triggers as { redeployment: string }).redeployment;
    expect(trigger).toMatch(/aws_api_gateway_gateway_response\.[\w-]*bad-request-body[\w-]*\.id[,\]]/);
    expect(trigger).toMatch(/aws_api_gateway_model\.[\w-]+\.id[,\]]/);
  });

  test("an in-place change to a served resource (a new request model) redeploys; a change elsewhere does not", () => {
    const configuration = (api: ReturnType<typeof synthApi>) => (only(api, "aws_api_gateway_deployment").triggers as { configuration: string }).configuration;
    expect(configuration(synthApi({ requestLimits: { maxMessageChars: 100 } }))).not.toBe(configuration(json));
    expect(configuration(synthApi({ throttleRatePerSecond: 99 }))).toBe(configuration(json));
  });

  // The guards the configuration shares are run through both entry points in __tests__/config/api-and-alarm-guards.test.ts.
  test.each([
    [{ integrationTimeoutMs: 900000 }, "ChatApi 'chat-api': integrationTimeoutMs: must be a whole number 50–300000: the milliseconds API Gateway waits for the function (got 900000)"],
    [{ requestLimits: { maxHistoryTurns: -1 } }, "ChatRequestValidation 'validation': limits.maxHistoryTurns: must be a whole number 0–1000 (got -1)"],
  ])("rejects %j, a prop the configuration does not set", (props, message) => {
    expect(() => synthApi(props)).toThrow(message);
  });
});
