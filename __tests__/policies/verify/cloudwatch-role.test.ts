import { GetRoleCommand } from "@aws-sdk/client-iam";
import { cloudWatchRoleEvidence, type CloudWatchRoleOptions, trustRequiresSourceAccount } from "../../../policies/verify/cloudwatch-role";
import { ACCOUNT, CLOUDWATCH_ROLE_ARN, fakeAccount, REGION } from "./helpers";

const trust = (statements: unknown[]) => encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
const apigateway = { Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" };

describe("trustRequiresSourceAccount", () => {
  it("true when every statement admitting API Gateway holds an aws:SourceAccount condition, whatever the operator or the key's case", () => {
    expect(trustRequiresSourceAccount(trust([{ ...apigateway, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }]))).toBe(true);
    expect(trustRequiresSourceAccount(trust([{ ...apigateway, Principal: { Service: ["apigateway.amazonaws.com"] }, Condition: { StringLike: { "AWS:SourceAccount": ACCOUNT } } }]))).toBe(true);
  });

  it("false without the condition, when one admitting statement lacks it, when nothing admits API Gateway, or on no JSON", () => {
    expect(trustRequiresSourceAccount(trust([apigateway]))).toBe(false);
    expect(trustRequiresSourceAccount(trust([{ ...apigateway, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }, apigateway]))).toBe(false);
    expect(trustRequiresSourceAccount(trust([{ ...apigateway, Principal: { Service: "lambda.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }]))).toBe(false);
    expect(trustRequiresSourceAccount("%%%")).toBe(false);
  });
});

describe("cloudWatchRoleEvidence", () => {
  const options = (account: ReturnType<typeof fakeAccount>, overrides: Partial<CloudWatchRoleOptions> = {}): CloudWatchRoleOptions => ({
    region: REGION,
    partition: "aws",
    credentials: account.clients.credentials,
    accessLogGroupName: "/access",
    apiRequestId: "req-1",
    startTime: 0,
    fetch: account.clients.fetch!,
    search: { waitMs: 0, pollMs: 1, sleep: async () => undefined, now: Date.now },
    ...overrides,
  });

  it("names the role, reads its trust, finds the request in the access log", async () => {
    const account = fakeAccount();
    account.logRecords.set("/access", [{ requestId: "req-1", status: "200" }]);
    expect(await cloudWatchRoleEvidence(account.clients.iam, account.clients.logs, options(account))).toEqual({ roleArn: CLOUDWATCH_ROLE_ARN, requiresSourceAccount: true, accessLogged: true });
    expect(account.iam.commandCalls(GetRoleCommand)[0].args[0].input).toEqual({ RoleName: "chatbot-test-apigateway-cloudwatch" });
  });

  it("does not search the log when the trust does not require the key: the entry would prove nothing", async () => {
    const account = fakeAccount({ cloudWatchTrustRequiresSourceAccount: false });
    expect(await cloudWatchRoleEvidence(account.clients.iam, account.clients.logs, options(account))).toEqual({ roleArn: CLOUDWATCH_ROLE_ARN, requiresSourceAccount: false });
    expect(account.logs.calls()).toHaveLength(0);
  });

  it("signs GET /account for apigateway in the region, and reports a refusal as the reason, not an error", async () => {
    const account = fakeAccount();
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const refusing: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), headers: init?.headers as Record<string, string> });
      return new Response('{"message":"forbidden"}', { status: 403 });
    };
    expect(await cloudWatchRoleEvidence(account.clients.iam, account.clients.logs, options(account, { fetch: refusing }))).toEqual({ unavailable: "apigateway:GET on /account was refused (add it to the runner's policy)" });
    expect(seen[0].url).toBe(`https://apigateway.${REGION}.amazonaws.com/account`);
    expect(seen[0].headers.authorization).toContain(`/${REGION}/apigateway/aws4_request`);
  });

  it("an account without a CloudWatch role, and a role IAM will not show, are reasons too", async () => {
    const account = fakeAccount();
    const none: typeof fetch = async () => new Response("{}", { status: 200 });
    expect((await cloudWatchRoleEvidence(account.clients.iam, account.clients.logs, options(account, { fetch: none }))).unavailable).toBe("the account has no API Gateway CloudWatch role in this region");
    account.iam.on(GetRoleCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    expect(await cloudWatchRoleEvidence(account.clients.iam, account.clients.logs, options(account))).toEqual({ roleArn: CLOUDWATCH_ROLE_ARN, unavailable: `iam:GetRole on ${CLOUDWATCH_ROLE_ARN} failed: AccessDenied` });
  });
});
