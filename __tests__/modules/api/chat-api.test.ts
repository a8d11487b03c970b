/**
 * ChatApi: POST /chat as a Lambda proxy route behind SigV4 by default (anonymous or Cognito only
 * when asked), buffered or streaming, a Lambda permission for this stage and route alone, a
 * throttled stage redeployed on change, execution-log data traces and X-Ray tracing as
 * configured, and the props the configuration does not set refused. ChatApi.grantInvoke: an
 * inline policy allowing execute-api:Invoke on POST /chat of the deployed stage, for AWS_IAM APIs
 * only, and the offline permission review still passes on the result. Its parts have their own
 * files: chat-api-cors, chat-api-usage-plan, chat-api-waf, chat-api-log-groups,
 * chat-request-validation, api-redeployment, api-gateway-account-logging.
 */
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";
import type { ChatApi, ChatApiProps } from "../../../modules/api/chat-api";
import { runChecks } from "../../../policies/checks";
import { reviewStacks } from "../../../policies/review/review";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { list, only, placeholderApi, resources, statementsOf, synthApi, withContext, type TerraformJson } from "../../helpers/terraform";

const USER_POOL = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

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
    expect(triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_resource\.[\w-]+\.id, .*aws_api_gateway_integration\.[\w-]+\.id\]\)\)\}$/);
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

  test("no API key is required unless a usage plan exists", () => {
    expect(only(json, "aws_api_gateway_method").api_key_required).toBe(false);
    for (const type of ["aws_api_gateway_usage_plan", "aws_api_gateway_api_key", "aws_api_gateway_usage_plan_key"]) expect(resources(json, type)).toHaveLength(0);
  });

  // The guards the configuration shares are run through both entry points in __tests__/config/api-and-alarm-guards.test.ts.
  test.each([
    [{ integrationTimeoutMs: 900000 }, "ChatApi 'chat-api': integrationTimeoutMs: must be a whole number 50–300000: the milliseconds API Gateway waits for the function (got 900000)"],
    [{ requestLimits: { maxHistoryTurns: -1 } }, "ChatRequestValidation 'validation': limits.maxHistoryTurns: must be a whole number 0–1000 (got -1)"],
  ])("rejects %j, a prop the configuration does not set", (props, message) => {
    expect(() => synthApi(props)).toThrow(message);
  });
});

describe("ChatApi integration timeout and the Regional quota", () => {
  const timeoutOf = (props: Partial<ChatApiProps>) => only(synthApi(props), "aws_api_gateway_integration").timeout_milliseconds;

  test("a BUFFERED timeout above 29000 ms is refused until the caller says the quota was raised, and the fix says how", () => {
    expect(() => synthApi({ integrationTimeoutMs: 29001 })).toThrow(
      "ChatApi 'chat-api': integrationTimeoutMs: is above 29000 ms, the longest a BUFFERED REST integration may wait unless the Region's quota is raised: " +
        'request an increase of "Maximum integration timeout in milliseconds" (Service Quotas, Amazon API Gateway; it may lower the account\'s throttle quota), ' +
        'then set integrationTimeoutQuotaRaised to true; or stay at 29000, or use responseMode "STREAM" (got 29001)',
    );
    expect(() => synthApi({ integrationTimeoutMs: 120000, integrationTimeoutQuotaRaised: false })).toThrow(/integrationTimeoutMs: is above 29000 ms/);
  });

  test("with the acknowledgement, the longer timeout is what the integration gets", () => {
    expect(timeoutOf({ integrationTimeoutMs: 120000, integrationTimeoutQuotaRaised: true })).toBe(120000);
  });

  test("29000 itself, and STREAM timeouts up to 300000, need no acknowledgement", () => {
    expect(timeoutOf({ integrationTimeoutMs: 29000 })).toBe(29000);
    expect(timeoutOf({ responseMode: "STREAM", integrationTimeoutMs: 300000 })).toBe(300000);
  });

  test("the acknowledgement is refused where it changes nothing, so that it never outlives its reason unnoticed", () => {
    expect(() => synthApi({ integrationTimeoutQuotaRaised: true })).toThrow(
      "ChatApi 'chat-api': integrationTimeoutQuotaRaised: only matters with a BUFFERED integrationTimeoutMs above 29000 (it is the default, responseMode \"BUFFERED\"); remove it (got true)",
    );
    expect(() => synthApi({ responseMode: "STREAM", integrationTimeoutMs: 120000, integrationTimeoutQuotaRaised: true })).toThrow(/integrationTimeoutQuotaRaised: only matters/);
  });
});

describe("ChatApi logging and tracing", () => {
  const json = synthApi({ kmsKeyArn: KEY, logRetentionDays: 90 });

  test("data traces only when asked for, at INFO", () => {
    expect(only(synthApi({ executionLogLevel: "INFO", dataTraceEnabled: true }), "aws_api_gateway_method_settings").settings).toMatchObject({ logging_level: "INFO", data_trace_enabled: true });
  });

  test("X-Ray tracing is on by default and can be turned off", () => {
    expect(only(json, "aws_api_gateway_stage").xray_tracing_enabled).toBe(true);
    expect(only(synthApi({ xrayTracing: false }), "aws_api_gateway_stage").xray_tracing_enabled).toBe(false);
  });
});

const EXISTING = { roleArn: "arn:aws:iam::111122223333:role/frontend", roleName: "frontend" };
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });

const api = placeholderApi;

/** The API with the given grants made by `grant`. */
function synthGrant(grant: (chat: ChatApi, scope: Construct) => void, props: Partial<ChatApiProps> = {}): TerraformJson {
  return withContext((scope, context) => grant(api(scope, context, props), scope));
}

const review = (json: TerraformJson) => reviewStacks([{ name: "s", file: "s.tf.json", config: json as TerraformConfig }]);

describe("ChatApi.grantInvoke", () => {
  const json = synthGrant((chat, scope) => {
    chat.grantInvoke(EXISTING);
    chat.grantInvoke(new IamRole(scope, "caller", { name: "chatbot-test-caller", assumeRolePolicy: TRUST }));
  });

  test("allows execute-api:Invoke on POST /chat of the deployed stage only, for each role", () => {
    const policies = resources(json, "aws_iam_role_policy");
    expect(policies.map((policy) => policy.role).sort()).toEqual(["${aws_iam_role.caller.name}", "frontend"]);
    for (const policy of policies) {
      expect(policy.name).toBe("chatbot-test-chat-invoke");
      const [statement, ...rest] = statementsOf(policy.policy);
      expect(rest).toEqual([]);
      expect(statement).toMatchObject({ Effect: "Allow", Action: "execute-api:Invoke" });
      expect(list(statement.Resource)).toEqual([expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[\w-]+\.execution_arn\}\/\$\{aws_api_gateway_stage\.[\w-]+\.stage_name\}\/POST\/chat$/)]);
    }
    // The same ARN the Lambda permission admits: the route and stage, no wildcard.
    expect(list(statementsOf(policies[0].policy)[0].Resource)).toEqual([only(json, "aws_lambda_permission").source_arn]);
  });

  test("adds new construct ids only, named after the role, and a second grant to a role reuses the first", () => {
    const names = Object.keys(json.resource!.aws_iam_role_policy).sort();
    expect(names).toEqual([expect.stringMatching(/^chat-api_invoke-grant-caller_[0-9A-F]{8}$/), expect.stringMatching(/^chat-api_invoke-grant-frontend_[0-9A-F]{8}$/)]);
    const again = synthGrant((chat) => {
      const first = chat.grantInvoke(EXISTING);
      expect(chat.grantInvoke(EXISTING)).toBe(first);
    });
    expect(resources(again, "aws_iam_role_policy")).toHaveLength(1);
    // Without a grant the API synthesizes as before: no policy at all.
    expect(resources(synthGrant(() => undefined), "aws_iam_role_policy")).toEqual([]);
  });

  test("the offline permission review passes on the result, and the rule pack finds nothing new", () => {
    const result = review(json);
    expect(result.violations).toEqual([]);
    expect(result.summary.failing).toBe(false);
    // Both roles reviewed (the existing one as a role the review cannot identify), each granted execute-api:Invoke only.
    expect(result.roles).toHaveLength(2);
    for (const role of result.roles) expect(role.grants.map((grant) => grant.action)).toEqual(["execute-api:Invoke"]);
    const failed = (config: TerraformJson) =>
      runChecks([{ name: "s", file: "s.tf.json", config: config as TerraformConfig }]).results.flatMap((rule) => rule.findings.filter((f) => f.status === "failed").map((f) => `${f.ruleId} ${f.resource}`));
    expect(failed(json)).toEqual(failed(synthGrant(() => undefined)));
  });

  test.each([
    ["NONE", {}, /grantInvoke needs authorization "AWS_IAM", got "NONE": with authorization "NONE" anyone who reaches the stage may call it already/],
    [
      "COGNITO_USER_POOLS",
      { cognitoUserPoolArns: ["arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123"] },
      /grantInvoke needs authorization "AWS_IAM", got "COGNITO_USER_POOLS": .*user pool token, not IAM/,
    ],
  ] as const)("refuses an API with authorization %s, naming the fix", (authorization, extra, message) => {
    expect(() => synthGrant((chat) => chat.grantInvoke(EXISTING), { authorization, ...extra })).toThrow(message);
  });

  test("checks a literal RoleRef, and asks for an id when the role's name is a token", () => {
    expect(() => synthGrant((chat) => chat.grantInvoke({ roleArn: "arn:aws:iam:111122223333:role/frontend", roleName: "frontend" }))).toThrow(/grantInvoke principal\.roleArn/);
    // A role of the caller's own stack, read by name: tokens pass the checks but give no id.
    const tokenRef = (scope: Construct) => {
      const role = new DataAwsIamRole(scope, "frontend", { name: "frontend" });
      return { roleArn: role.arn, roleName: role.name };
    };
    expect(() => synthGrant((chat, scope) => chat.grantInvoke(tokenRef(scope)))).toThrow(/pass an id/);
    const named = synthGrant((chat, scope) => chat.grantInvoke(tokenRef(scope), "invoke-grant-frontend"));
    expect(only(named, "aws_iam_role_policy").role).toBe("${data.aws_iam_role.frontend.name}");
    expect(() =>
      synthGrant((chat) => {
        chat.grantInvoke(EXISTING);
        chat.grantInvoke({ ...EXISTING });
      }),
    ).toThrow(/already has a construct with id "invoke-grant-frontend": pass a distinct id/);
  });
});
