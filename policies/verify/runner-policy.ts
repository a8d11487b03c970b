/**
 * The least the identity that runs the proof needs, for one deployment: the simulator on the
 * application role, `execute-api:Invoke` on `POST /chat`, and reading (never writing) two log
 * groups, API Gateway's account settings and the role those name. `sts:GetCallerIdentity` needs
 * no permission. Pure; `bedrock-plane-verify --print-policy` prints it for the deployment, and
 * docs/deploying.md shows it with placeholders (a test holds the two together).
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../documents/statement";
import type { VerifyTarget } from "./target";

const EXECUTE_API_URL = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

/** `arn:…:execute-api:<region>:<account>:<api-id>/<stage>/POST/chat`; `*` where a custom domain hides the id or the stage. */
export function chatInvokeArn(target: Pick<VerifyTarget, "partition" | "region" | "accountId" | "apiUrl">): string {
  const url = new URL(target.apiUrl ?? "https://unknown.invalid/");
  const apiId = EXECUTE_API_URL.exec(url.hostname)?.[1];
  const stage = apiId ? url.pathname.split("/").filter(Boolean)[0] : undefined;
  return `arn:${target.partition}:execute-api:${target.region}:${target.accountId}:${apiId ?? "*"}/${stage ?? "*"}/POST/chat`;
}

function logGroupArns(target: Pick<VerifyTarget, "partition" | "region" | "accountId">, name: string): string[] {
  const arn = `arn:${target.partition}:logs:${target.region}:${target.accountId}:log-group:${name}`;
  return [arn, `${arn}:*`];
}

export function runnerPolicy(target: VerifyTarget): PolicyDocument {
  const logGroups = [...(target.functionName ? [`/aws/lambda/${target.functionName}`] : []), ...(target.accessLogGroupName ? [target.accessLogGroupName] : [])];
  const statements: PolicyStatement[] = [
    { Sid: "SimulateTheApplicationRole", Effect: "Allow", Action: ["iam:SimulatePrincipalPolicy"], Resource: [target.roleArn] },
    ...(target.authorization === "AWS_IAM" ? [{ Sid: "CallTheChatApi", Effect: "Allow" as const, Action: ["execute-api:Invoke"], Resource: [chatInvokeArn(target)] }] : []),
    ...(logGroups.length > 0 ? [{ Sid: "FindTheRequestInItsLogs", Effect: "Allow" as const, Action: ["logs:FilterLogEvents"], Resource: logGroups.flatMap((name) => logGroupArns(target, name)) }] : []),
    { Sid: "ReadApiGatewayAccountSettings", Effect: "Allow", Action: ["apigateway:GET"], Resource: [`arn:${target.partition}:apigateway:${target.region}::/account`] },
    // GET /account names the role only at run time; narrow this to it once you know it.
    { Sid: "ReadApiGatewaysCloudWatchRole", Effect: "Allow", Action: ["iam:GetRole"], Resource: [`arn:${target.partition}:iam::${target.accountId}:role/*`] },
  ];
  return policyDocument(statements);
}
