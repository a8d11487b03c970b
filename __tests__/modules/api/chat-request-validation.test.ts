/**
 * ChatRequestValidation: API Gateway checks the body of POST /chat against the ChatRequest model
 * (built from the function's limits) and answers a malformed one with a 400 in the function's own
 * error format, without calling Lambda; limits the function would refuse are refused at synth.
 */
import { ChatRequestValidation, type ChatRequestValidationProps, INVALID_BODY_RESPONSE } from "../../../modules/api/chat-request-validation";
import { chatRequestSchema } from "../../../modules/api/chat-request-schema";
import { PropError } from "../../../modules/core/validate";
import { only, synthApi, synthScope } from "../../helpers/terraform";

describe("ChatRequestValidation in ChatApi", () => {
  const json = synthApi();

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
});

describe("ChatRequestValidation on its own", () => {
  const build = (props: Partial<ChatRequestValidationProps> = {}) =>
    synthScope((scope) => new ChatRequestValidation(scope, "validation", { restApiId: "api", ...props }));

  test("the model is the request schema of the limits given, and the validator checks the body only", () => {
    const json = build({ limits: { maxHistoryTurns: 3, maxMessageChars: 100 } });
    expect(JSON.parse(String(only(json, "aws_api_gateway_model").schema))).toEqual(chatRequestSchema({ maxHistoryTurns: 3, maxMessageChars: 100 }));
    expect(JSON.parse(String(only(build(), "aws_api_gateway_model").schema))).toEqual(chatRequestSchema({}));
    expect(only(json, "aws_api_gateway_request_validator")).toMatchObject({ rest_api_id: "api", validate_request_body: true, validate_request_parameters: false });
  });

  test("the 400 answer is never cached and carries the extra headers it is given", () => {
    const response = only(build({ responseParameters: { "gatewayresponse.header.Vary": "'Origin'" } }), "aws_api_gateway_gateway_response");
    expect(response).toMatchObject({ response_type: "BAD_REQUEST_BODY", status_code: "400" });
    expect(response.response_parameters).toEqual({ "gatewayresponse.header.Cache-Control": "'no-store'", "gatewayresponse.header.Vary": "'Origin'" });
    expect(JSON.parse((response.response_templates as Record<string, string>)["application/json"])).toEqual(INVALID_BODY_RESPONSE);
  });

  test("limits the function would refuse are refused, every one at once, under `limits`", () => {
    try {
      build({ limits: { maxMessageChars: 0, maxOutputTokens: 1.5 } });
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(PropError);
      expect((error as PropError).problems.map((p) => [p.field, p.value])).toEqual([["limits.maxMessageChars", 0], ["limits.maxOutputTokens", 1.5]]);
      expect((error as Error).message).toMatch(/^ChatRequestValidation 'validation' has 2 problems:\n {2}- limits\.maxMessageChars: must be a whole number 1–1000000 \(got 0\)/);
    }
  });
});
