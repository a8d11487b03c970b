/** The API's optional protection and its logging: CORS, usage plan, WAF, access/execution logs, X-Ray, the account's CloudWatch role. */
import { API_FIX } from "../../../modules/api/api-formats";
import { ChatApiCors, type ChatApiCorsProps, preflightOriginTemplate } from "../../../modules/api/chat-api-cors";
import { ChatApiUsagePlan } from "../../../modules/api/chat-api-usage-plan";
import { ChatApiWaf } from "../../../modules/api/chat-api-waf";
import { redeploymentGaps } from "../../../policies/deployability";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { list, only, resources, resourceTypes, statementsOf, synthApi, synthScope } from "../../helpers/terraform";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const WEB_ACL = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab";


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

describe("ChatApi usage plan", () => {
  const json = synthApi({ usagePlan: { quotaLimit: 5000, quotaPeriod: "WEEK", apiKeyNames: ["web", "partner"], throttleRatePerSecond: 2 } });

  test("the method then requires an API key, on top of its authorization", () => {
    expect(only(json, "aws_api_gateway_method")).toMatchObject({ api_key_required: true, authorization: "AWS_IAM" });
  });

  test("the plan applies its quota (and per-key throttling) to the stage", () => {
    const plan = only(json, "aws_api_gateway_usage_plan");
    expect(plan).toMatchObject({ quota_settings: { limit: 5000, period: "WEEK" }, throttle_settings: { rate_limit: 2 } });
    expect(plan.api_stages).toEqual([{ api_id: expect.stringMatching(/rest_api/), stage: expect.stringMatching(/aws_api_gateway_stage\..+\.stage_name/) }]);
  });

  test("one API key per client, each in the plan; no key value is in the configuration", () => {
    expect(resources(json, "aws_api_gateway_api_key").map((k) => k.name).sort()).toEqual(["chatbot-test-chat-partner", "chatbot-test-chat-web"]);
    expect(resources(json, "aws_api_gateway_api_key").every((k) => k.value === undefined)).toBe(true);
    expect(resources(json, "aws_api_gateway_usage_plan_key")).toHaveLength(2);
  });

  test("without per-key limits only the stage's throttling applies", () => {
    expect(only(synthApi({ usagePlan: { quotaLimit: 10 } }), "aws_api_gateway_usage_plan").throttle_settings).toBeUndefined();
  });

  test("ChatApiUsagePlan on its own runs ChatApi's check of usagePlan, under its own props' names", () => {
    expect(() => synthScope((scope) => new ChatApiUsagePlan(scope, "plan", { apiName: "a", restApiId: "id", stageName: "v1", quotaLimit: 1, apiKeyNames: ["web", "web"] }))).toThrow(
      `ChatApiUsagePlan 'plan': apiKeyNames[1]: is listed twice; give each client its own name (got "web")`,
    );
  });
});

describe("ChatApi WAF", () => {
  test("no web ACL by default", () => {
    const types = resourceTypes(synthApi());
    expect(types).not.toContain("aws_wafv2_web_acl");
    expect(types).not.toContain("aws_wafv2_web_acl_association");
  });

  test("a created web ACL blocks an IP over its 5-minute rate and is associated with the stage", () => {
    const json = synthApi({ waf: { rateLimitPer5Minutes: 300 } });
    const acl = only(json, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "REGIONAL", default_action: { allow: {} } });
    expect(acl.rule).toEqual([
      expect.objectContaining({ action: { block: {} }, statement: { rate_based_statement: { limit: 300, aggregate_key_type: "IP", evaluation_window_sec: 300 } } }),
    ]);
    expect(only(json, "aws_wafv2_web_acl_association")).toMatchObject({
      resource_arn: expect.stringMatching(/aws_api_gateway_stage\..+\.arn/),
      web_acl_arn: expect.stringMatching(/aws_wafv2_web_acl\..+\.arn/),
    });
  });

  test("the common rule set is opt-in, and its 8 KB body rule only counts", () => {
    const rules = only(synthApi({ waf: { rateLimitPer5Minutes: 300, commonRuleSet: true } }), "aws_wafv2_web_acl").rule as Array<Record<string, unknown>>;
    expect(rules[1]).toMatchObject({
      override_action: { none: {} },
      statement: {
        managed_rule_group_statement: {
          vendor_name: "AWS",
          name: "AWSManagedRulesCommonRuleSet",
          rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }],
        },
      },
    });
  });

  test("an existing web ACL is associated, none is created", () => {
    const json = synthApi({ waf: { webAclArn: WEB_ACL } });
    expect(resources(json, "aws_wafv2_web_acl")).toHaveLength(0);
    expect(only(json, "aws_wafv2_web_acl_association").web_acl_arn).toBe(WEB_ACL);
  });

  test("ChatApiWaf on its own runs ChatApi's check of waf, under the same names", () => {
    expect(() => synthScope((scope) => new ChatApiWaf(scope, "waf", { name: "a", stageArn: "arn", waf: { rateLimitPer5Minutes: 5 } }))).toThrow(
      "ChatApiWaf 'waf': waf.rateLimitPer5Minutes: must be a whole number 10–2000000000: the requests one IP address may make in 5 minutes (got 5)",
    );
  });
});

describe("ChatApi logging and tracing", () => {
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

  test("data traces only when asked for, at INFO", () => {
    expect(only(synthApi({ executionLogLevel: "INFO", dataTraceEnabled: true }), "aws_api_gateway_method_settings").settings).toMatchObject({ logging_level: "INFO", data_trace_enabled: true });
  });

  test("X-Ray tracing is on by default and can be turned off", () => {
    expect(only(json, "aws_api_gateway_stage").xray_tracing_enabled).toBe(true);
    expect(only(synthApi({ xrayTracing: false }), "aws_api_gateway_stage").xray_tracing_enabled).toBe(false);
  });

  test("the account's CloudWatch role (a singleton) is not touched unless asked for", () => {
    expect(resourceTypes(json)).not.toContain("aws_api_gateway_account");
    expect(resourceTypes(json)).not.toContain("aws_iam_role");
    expect(only(json, "aws_api_gateway_stage").depends_on).toBeUndefined();
  });

  test("when asked for, it is set with a role API Gateway of this account alone may assume, before the stage logs", () => {
    const withAccount = synthApi({ accountCloudWatchRole: true });
    expect(only(withAccount, "aws_api_gateway_account").cloudwatch_role_arn).toMatch(/aws_iam_role\..+\.arn/);
    const [trust] = statementsOf(only(withAccount, "aws_iam_role").assume_role_policy);
    expect(trust).toMatchObject({ Principal: { Service: "apigateway.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) } } });
    const [logs] = statementsOf(only(withAccount, "aws_iam_role_policy").policy);
    expect(list(logs.Action).every((action) => action.startsWith("logs:"))).toBe(true);
    expect(list(logs.Resource)).toEqual([expect.stringMatching(/^arn:.+:logs:.+:.+:log-group:\*$/)]);
    expect(only(withAccount, "aws_api_gateway_stage").depends_on).toEqual([expect.stringMatching(/^aws_api_gateway_account\./)]);
  });
});
