/**
 * ChatApiCors: CORS for /chat only when origins are configured. The preflight is an
 * unauthenticated OPTIONS answered by a mock integration, one origin is named and several are
 * echoed only when they match, API Gateway's own error answers carry the headers too, every
 * CORS resource is in the redeploy trigger, and the construct on its own refuses what ChatApi does.
 */
import { API_FIX } from "../../../modules/api/api-formats";
import { ChatApiCors, type ChatApiCorsProps, preflightOriginTemplate } from "../../../modules/api/chat-api-cors";
import { redeploymentGaps } from "../../../policies/deployability";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { only, resources, synthApi, synthScope } from "../../helpers/terraform";

const methodOf = (json: ReturnType<typeof synthApi>, httpMethod: string) => resources(json, "aws_api_gateway_method").find((m) => m.http_method === httpMethod);
const gatewayResponse = (json: ReturnType<typeof synthApi>, type: string) => resources(json, "aws_api_gateway_gateway_response").find((r) => r.response_type === type);

describe("ChatApi CORS", () => {
  const plain = synthApi();
  const one = synthApi({ cors: { allowedOrigins: ["https://chat.example.com"] } });
  const two = synthApi({ cors: { allowedOrigins: ["https://chat.example.com", "http://localhost:3000"] } });

  test("without cors there is no preflight, no CORS header and no MOCK integration", () => {
    expect(methodOf(plain, "OPTIONS")).toBeUndefined();
    expect(resources(plain, "aws_api_gateway_integration").map((i) => i.type)).toEqual(["AWS_PROXY"]);
    expect(JSON.stringify(plain)).not.toContain("Access-Control-Allow-Origin");
  });

  test("the preflight is an unauthenticated OPTIONS answered by a mock integration (no Lambda call)", () => {
    expect(methodOf(one, "OPTIONS")).toMatchObject({ authorization: "NONE" });
    const mock = resources(one, "aws_api_gateway_integration").find((i) => i.type === "MOCK")!;
    expect(mock.http_method).toMatch(/aws_api_gateway_method\..*preflight.*\.http_method/);
    expect(resources(one, "aws_lambda_permission")).toHaveLength(1);
  });

  test("one origin is named as is; the methods and the SigV4/Cognito/API-key headers are allowed", () => {
    const headers = only(one, "aws_api_gateway_integration_response").response_parameters as Record<string, string>;
    expect(headers).toMatchObject({
      "method.response.header.Access-Control-Allow-Origin": "'https://chat.example.com'",
      "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,POST'",
      "method.response.header.Vary": "'Origin'",
    });
    expect(headers["method.response.header.Access-Control-Allow-Headers"]).toMatch(/Authorization.*Content-Type.*X-Amz-Date.*X-Amz-Security-Token.*X-Api-Key/);
    expect(headers).not.toHaveProperty("method.response.header.Access-Control-Allow-Credentials");
  });

  test("several origins are echoed only when the request's Origin is one of them", () => {
    const response = only(two, "aws_api_gateway_integration_response");
    expect(response.response_parameters).not.toHaveProperty("method.response.header.Access-Control-Allow-Origin");
    expect((response.response_templates as Record<string, string>)["application/json"]).toBe(preflightOriginTemplate(["https://chat.example.com", "http://localhost:3000"]));
    expect(preflightOriginTemplate(["https://a.example", "https://b.example"])).toContain("#if($origin == 'https://a.example' || $origin == 'https://b.example')");
  });

  test("API Gateway's own 4xx/5xx and validation errors carry the CORS headers too", () => {
    for (const type of ["DEFAULT_4XX", "DEFAULT_5XX", "BAD_REQUEST_BODY"]) {
      expect(gatewayResponse(one, type)?.response_parameters).toMatchObject({
        "gatewayresponse.header.Access-Control-Allow-Origin": "'https://chat.example.com'",
        "gatewayresponse.header.Vary": "'Origin'",
      });
    }
    expect(gatewayResponse(plain, "DEFAULT_4XX")).toBeUndefined();
  });

  test("allowCredentials adds Access-Control-Allow-Credentials to the preflight and the gateway responses", () => {
    const json = synthApi({ cors: { allowedOrigins: ["https://chat.example.com"], allowCredentials: true } });
    expect(only(json, "aws_api_gateway_integration_response").response_parameters).toMatchObject({ "method.response.header.Access-Control-Allow-Credentials": "'true'" });
    expect(gatewayResponse(json, "DEFAULT_4XX")?.response_parameters).toMatchObject({ "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'" });
  });

  test("the preflight method, its mock integration and responses, and the CORS gateway responses are all in the redeploy trigger", () => {
    expect(redeploymentGaps(one as TerraformConfig)).toEqual([]);
    const triggers = only(one, "aws_api_gateway_deployment").triggers as { redeployment: string; configuration: string };
    for (const type of ["aws_api_gateway_integration_response", "aws_api_gateway_method_response", "aws_api_gateway_gateway_response"]) expect(triggers.redeployment).toContain(`${type}.`);
    expect(triggers.configuration).not.toBe((only(two, "aws_api_gateway_deployment").triggers as { configuration: string }).configuration);
  });

  test("ChatApiCors on its own runs ChatApi's check of cors, under its own props' names", () => {
    const build = (props: Partial<ChatApiCorsProps>) => () => synthScope((scope) => new ChatApiCors(scope, "cors", { restApiId: "id", resourceId: "chat", allowedOrigins: [], ...props }));
    expect(build({ allowedOrigins: ["*"], allowCredentials: true })).toThrow(`ChatApiCors 'cors': allowCredentials: ${API_FIX.anyOriginWithCredentials} (got true)`);
    expect(build({})).toThrow(/^ChatApiCors 'cors': allowedOrigins: list 1–10 origins, .*; leave CORS out for no browser access \(got \[\]\)$/);
  });
});
