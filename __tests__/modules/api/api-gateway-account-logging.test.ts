/**
 * ApiGatewayAccountLogging, the region's account-wide API Gateway CloudWatch role (a singleton):
 * ChatApi leaves it alone unless asked; when asked, only API Gateway of this account may assume the
 * role, it may write logs only, and the stage waits for the setting. A bad name prefix is refused.
 */
import { ApiGatewayAccountLogging } from "../../../modules/api/api-gateway-account-logging";
import { config, list, only, resourceTypes, statementsOf, synthApi, synthApp, withContext } from "../../helpers/terraform";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("ApiGatewayAccountLogging in ChatApi", () => {
  const json = synthApi({ kmsKeyArn: KEY, logRetentionDays: 90 });

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
    const statements = statementsOf(only(withAccount, "aws_iam_role_policy").policy);
    expect(statements.flatMap((s) => list(s.Action)).every((action) => action.startsWith("logs:"))).toBe(true);
    const [logs] = statements;
    expect(list(logs.Resource)).toEqual([expect.stringMatching(/^arn:.+:logs:.+:.+:log-group:\*$/)]);
    expect(only(withAccount, "aws_api_gateway_stage").depends_on).toEqual([expect.stringMatching(/^aws_api_gateway_account\./)]);
  });
});

describe("ApiGatewayAccountLogging's policy: each action on a resource it supports", () => {
  const statements = statementsOf(only(synthApi({ accountCloudWatchRole: true }), "aws_iam_role_policy").policy);
  const resourcesOf = (action: string) => statements.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource));

  test("logs:DescribeLogGroups supports no resource type, so it is granted on * (on a log-group ARN it would be granted nothing)", () => {
    expect(resourcesOf("logs:DescribeLogGroups")).toEqual(["*"]);
  });

  test("nothing else is granted on *: writing and reading stay on this account's log groups in the region", () => {
    const onAnything = statements.filter((s) => list(s.Resource).includes("*")).flatMap((s) => list(s.Action));
    expect(onAnything).toEqual(["logs:DescribeLogGroups"]);
    for (const action of ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]) {
      expect(resourcesOf(action)).toEqual([expect.stringMatching(/^arn:.+:logs:.+:.+:log-group:\*$/)]);
    }
  });
});

describe("ApiGatewayAccountLogging guards", () => {
  test("the longest configuration name (30) with the account role synthesizes: the role name stays within IAM's 64", () => {
    const name = "chatbot-production-eu-west-one";
    expect(name).toHaveLength(30);
    const { data } = synthApp(config({ name, api: { accountCloudWatchRole: true } }));
    expect(only(data, "aws_api_gateway_account")).toBeDefined();
    const roleNames = Object.values(data.resource?.aws_iam_role ?? {}).map((role) => String(role.name));
    expect(roleNames).toContain(`${name}-chat-apigw-cloudwatch`);
    for (const roleName of roleNames) expect(roleName.length).toBeLessThanOrEqual(64);
  });

  test("ApiGatewayAccountLogging rejects a bad name prefix", () => {
    expect(() => withContext((scope, context) => new ApiGatewayAccountLogging(scope, "account", { namePrefix: "x", context }))).toThrow(
      "ApiGatewayAccountLogging 'account': namePrefix: use 3–47 lower-case letters, digits or hyphens, starting with a letter (the role is <namePrefix>-apigw-cloudwatch, at most 64), e.g. \"chatbot-dev-chat\" (got \"x\")",
    );
  });
});
