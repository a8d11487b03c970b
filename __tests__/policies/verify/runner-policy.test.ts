import { docSection } from "../../helpers/docs";
import { chatInvokeArn, runnerPolicy } from "../../../policies/verify/runner-policy";
import { verifyTarget } from "../../../policies/verify/target";
import { outputValues } from "./helpers";

/** The example deployment of docs/deploying.md: chatbot-prod in eu-west-1. */
const PROD = verifyTarget(
  outputValues({
    app_role_arn: "arn:aws:iam::111122223333:role/chatbot-prod-chat-app",
    chat_function_name: "chatbot-prod-chat",
    chat_api_access_log_group_name: "/aws/apigateway/chatbot-prod-chat/v1/access",
  }),
  {},
  "docs",
);

describe("runnerPolicy", () => {
  it("is the policy docs/deploying.md shows", () => {
    const section = docSection("deploying", "## After the first deploy: prove the split on your account");
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toEqual(runnerPolicy(PROD));
  });

  it("grants nothing that writes, beyond calling the chat route", () => {
    const actions = runnerPolicy(PROD).Statement.flatMap((statement) => [statement.Action ?? []].flat());
    expect(actions.sort()).toEqual(["apigateway:GET", "execute-api:Invoke", "iam:GetRole", "iam:SimulatePrincipalPolicy", "logs:FilterLogEvents"]);
    for (const statement of runnerPolicy(PROD).Statement) expect(statement.Effect).toBe("Allow");
  });

  it("names the chat route itself; a custom domain, which hides the API's id, leaves it open", () => {
    expect(chatInvokeArn(PROD)).toBe("arn:aws:execute-api:eu-west-1:111122223333:abc123defg/v1/POST/chat");
    expect(chatInvokeArn({ ...PROD, apiUrl: "https://chat.example.com/chat" })).toBe("arn:aws:execute-api:eu-west-1:111122223333:*/*/POST/chat");
  });

  it("no execute-api:Invoke when the API does not use IAM authorization; no logs grant without log groups", () => {
    const cognito = runnerPolicy({ ...PROD, authorization: "COGNITO_USER_POOLS", functionName: undefined, accessLogGroupName: undefined } as typeof PROD);
    const actions = cognito.Statement.flatMap((statement) => [statement.Action ?? []].flat());
    expect(actions).not.toContain("execute-api:Invoke");
    expect(actions).not.toContain("logs:FilterLogEvents");
  });
});
