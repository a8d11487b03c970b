/**
 * ChatApi.grantInvoke: an inline policy allowing execute-api:Invoke on POST /chat of the deployed
 * stage, for AWS_IAM APIs only, and the offline permission review still passes on the result.
 */
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";
import type { ChatApi, ChatApiProps } from "../../../modules/api/chat-api";
import { runChecks } from "../../../policies/checks";
import { reviewStacks } from "../../../policies/review/review";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { list, only, placeholderApi, resources, statementsOf, withContext, type TerraformJson } from "../../helpers/terraform";

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
