/**
 * The proof end to end on a mocked account (IAM's simulator, STS, CloudWatch Logs) and the
 * project's local chat API: the chat function behind the dev server, against the bedrock-runtime
 * stand-in, streamed and buffered, with the function's own log records served back as
 * CloudWatch Logs would.
 */
import { SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { Behaviour } from "../../../dev/bedrock-stand-in";
import { type DevServer, startDevServer } from "../../../dev/server";
import { renderVerifyMarkdown } from "../../../policies/verify/report-markdown";
import { forbiddenActions } from "../../../policies/verify/simulation-plan";
import { verifyTarget } from "../../../policies/verify/target";
import { type VerifyOptions, verifyDeployment } from "../../../policies/verify/verify";
import { ACCOUNT, chatbotRole, fakeAccount, type FakeAccount, FOUNDATION, GUARDRAIL_ARN, outputValues, PROFILE, PROFILE_ARN, REGION, ROUTED_ARN } from "./helpers";

const OPTIONS: VerifyOptions = { chat: true, message: "Reply with the single word: ready.", chatTimeoutMs: 10_000, logWaitMs: 0, logPollMs: 1 };

interface LocalApi {
  readonly server: DevServer;
  readonly url: string;
}

/** The chat API on loopback: the chat function (calling `modelId`) behind the dev server, its log records kept for the fake CloudWatch Logs. */
async function localApi(account: FakeAccount, mode: "stream" | "buffered", modelId = PROFILE): Promise<LocalApi> {
  const records: Record<string, unknown>[] = [];
  account.logRecords.set("/aws/lambda/chatbot-test-chat", records);
  account.logRecords.set("/aws/apigateway/chatbot-test-chat/v1/access", []);
  const server = await startDevServer({
    port: 0,
    responseMode: mode,
    env: { MODEL_ID: modelId, GUARDRAIL_IDENTIFIER: GUARDRAIL_ARN, GUARDRAIL_VERSION: "1", BEDROCK_MAX_ATTEMPTS: "1" },
    log: (record) => {
      records.push({ ...record });
      // API Gateway's access log of the same request (what API Gateway writes with the account's CloudWatch role).
      account.logRecords.get("/aws/apigateway/chatbot-test-chat/v1/access")!.push({ requestId: record.apiRequestId, status: String(record.status) });
    },
  });
  return { server, url: `${server.url}/chat` };
}

function targetFor(api: LocalApi | undefined, overrides: Record<string, unknown> = {}) {
  return verifyTarget(outputValues({ ...(api ? { chat_api_url: api.url } : {}), ...overrides }), { region: REGION }, "test outputs");
}

describe("the proof on a sound deployment", () => {
  let account: FakeAccount;
  let api: LocalApi;

  beforeAll(async () => {
    account = fakeAccount({ pageSize: 40 });
    api = await localApi(account, "stream");
  });
  afterAll(async () => api?.server.close());

  it("passes: no forbidden action is allowed, the chatbot's own calls are, and the streamed chat answers to its end", async () => {
    const report = await verifyDeployment(targetFor(api), OPTIONS, account.clients);
    expect(report.failures).toEqual([]);
    expect(report.verdict).toBe("pass");
    const forbidden = report.simulations.find((summary) => summary.id === "forbidden-any-resource")!;
    expect(forbidden.asked).toBeGreaterThan(250);
    expect(forbidden.decisions.allowed).toBe(0);
    expect(forbidden.decisions.explicitDeny).toBeGreaterThanOrEqual(1); // CallWithBearerToken
    expect(report.chat.diagnosis).toMatchObject({ status: "answered", mode: "stream", httpStatus: 200, answer: { text: "Hello from the Bedrock stand-in.", stopReason: "end_turn" } });
    expect(report.chat.notCallable).toEqual([FOUNDATION]);
    expect(report.caller).toMatch(/assumed-role\/PlatformTeam/);
  });

  it("asks the simulator in batches and follows every page", async () => {
    account.forgetSimulatorCalls();
    await verifyDeployment(targetFor(api), { ...OPTIONS, chat: false }, account.clients);
    const calls = account.simulatorCalls();
    expect(calls.every((input) => (input.ActionNames?.length ?? 0) <= 50)).toBe(true);
    // 40 results a page: a batch of 50 actions takes a second page, asked with the first page's Marker.
    expect(calls.filter((input) => input.Marker === "40").length).toBeGreaterThan(0);
    const onAnyResource = calls.filter((input) => input.ResourceArns === undefined && input.Marker === undefined).flatMap((input) => input.ActionNames ?? []);
    expect(new Set(onAnyResource)).toEqual(new Set(forbiddenActions({ guardrail: { arn: GUARDRAIL_ARN, version: "1" } })));
  });

  it("gives the simulator the request context of the application's real call", async () => {
    account.forgetSimulatorCalls();
    await verifyDeployment(targetFor(api), { ...OPTIONS, chat: false }, account.clients);
    const direct = account.simulatorCalls().find((input) => input.ActionNames?.[0] === "bedrock:InvokeModel" && input.ResourceArns?.length === 2)!;
    expect(direct.ContextEntries).toEqual(
      expect.arrayContaining([
        { ContextKeyName: "aws:SourceVpce", ContextKeyValues: ["vpce-0123456789abcdef0"], ContextKeyType: "string" },
        { ContextKeyName: "bedrock:GuardrailIdentifier", ContextKeyValues: [`${GUARDRAIL_ARN}:1`], ContextKeyType: "string" },
      ]),
    );
    const hop = account.simulatorCalls().find((input) => input.ResourceArns?.includes(ROUTED_ARN) && input.ActionNames?.length === 2)!;
    expect(hop.ContextEntries?.map((entry) => entry.ContextKeyName)).toEqual(["bedrock:InferenceProfileArn", "bedrock:GuardrailIdentifier"]);
  });

  it("settles the open questions the answered call shows: the guardrail key at the profile hop, ApplyGuardrail with aws:SourceVpce, API Gateway's aws:SourceAccount", async () => {
    const report = await verifyDeployment(targetFor(api), OPTIONS, account.clients);
    const byId = Object.fromEntries(report.openQuestions.map((answer) => [answer.id, answer]));
    expect(byId["guardrail-key-at-profile-hop"]).toMatchObject({ status: "settled", answer: "yes" });
    expect(byId["guardrail-check-carries-source-vpce"]).toMatchObject({ status: "settled", answer: "yes" });
    expect(byId["apigateway-sends-source-account"]).toMatchObject({ status: "settled", answer: "yes" });
    expect(byId["apigateway-sends-source-account"].evidence).toMatch(/^API Gateway wrote this request \([0-9a-f-]{36}\) to the access log with the account's CloudWatch role arn:aws:iam::111122223333:role\/chatbot-test-apigateway-cloudwatch, whose trust admits API Gateway only with aws:SourceAccount$/);
  });

  it("renders the report as Markdown with the verdict, the checks, the chat and the questions", async () => {
    const markdown = renderVerifyMarkdown(await verifyDeployment(targetFor(api), OPTIONS, account.clients));
    expect(markdown).toMatch(/^## Bedrock plane proof\n\n\*\*Result: PASS\*\*/);
    expect(markdown).toContain("### 1. What the application role may do (IAM policy simulator)");
    expect(markdown).toContain("✅ answered: “Hello from the Bedrock stand-in.”");
    expect(markdown).toContain("**Settled: yes.**");
    expect(markdown).not.toContain("❌");
  });
});

describe("the proof finds what is wrong", () => {
  it("fails, naming the action, the resource and the policy, when the role may reach a control-plane action", async () => {
    const account = fakeAccount({ decide: chatbotRole({ extraAllows: { "bedrock:CreateGuardrail": ["*"], "bedrock:GetGuardrail": [GUARDRAIL_ARN] } }) });
    const report = await verifyDeployment(targetFor(undefined), { ...OPTIONS, chat: false }, account.clients);
    expect(report.verdict).toBe("fail");
    expect(report.failures).toContain("the application role may call bedrock:CreateGuardrail on any resource (decided by operator-attached)");
    // "*" in a policy matches this deployment's own ARNs too: one line per resource.
    expect(report.failures).toContain(`the application role may call bedrock:CreateGuardrail on ${ROUTED_ARN} (decided by operator-attached)`);
    expect(report.failures.filter((line) => line.includes("bedrock:CreateGuardrail"))).toHaveLength(1 + 4);
    expect(report.failures.some((line) => line.startsWith(`the application role may call bedrock:GetGuardrail on ${GUARDRAIL_ARN}`))).toBe(true);
  });

  it("fails when the chatbot's own call is denied: the app cannot work, and the line says which key was missing", async () => {
    // The network keys unknown (no endpoint output): the grants that require them do not match.
    const account = fakeAccount();
    const target = verifyTarget(outputValues({ bedrock_runtime_endpoint_id: undefined }), { region: REGION, noChat: true }, "test outputs");
    const report = await verifyDeployment(target, { ...OPTIONS, chat: false }, account.clients);
    expect(report.verdict).toBe("fail");
    expect(report.failures).toContain(
      `the application role may not call bedrock:InvokeModel on ${PROFILE_ARN}: implicitDeny (the policies need aws:SourceVpce, which the proof was not given: pass --vpc-endpoint-id, or read them from the stack with --stack); the chatbot cannot work without it`,
    );
    expect(report.notes).toEqual(expect.arrayContaining([expect.stringMatching(/endpoint id is unknown/)]));
  });

  it("an explicit deny of the chatbot's own call is a failure too", async () => {
    const account = fakeAccount({ decide: (action, resource, context) => (action === "bedrock:ApplyGuardrail" ? { decision: "explicitDeny", policy: "scp-or-boundary" } : chatbotRole()(action, resource, context)) });
    const report = await verifyDeployment(targetFor(undefined), { ...OPTIONS, chat: false }, account.clients);
    expect(report.failures).toContain(`the application role may not call bedrock:ApplyGuardrail on ${GUARDRAIL_ARN}: explicitDeny (decided by scp-or-boundary); the chatbot cannot work without it`);
  });

  it("stops with one line on expired credentials, before asking the simulator anything", async () => {
    const account = fakeAccount();
    account.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredToken" }));
    await expect(verifyDeployment(targetFor(undefined), OPTIONS, account.clients)).rejects.toThrow(/^the AWS credentials have expired \(sts:GetCallerIdentity: ExpiredToken\): refresh them/);
    expect(account.iam.commandCalls(SimulatePrincipalPolicyCommand)).toHaveLength(0);
  });

  it("stops with one line when the credentials are for another account", async () => {
    const account = fakeAccount();
    account.sts.on(GetCallerIdentityCommand).resolves({ Account: "444455556666", Arn: "arn:aws:iam::444455556666:user/bob" });
    await expect(verifyDeployment(targetFor(undefined), OPTIONS, account.clients)).rejects.toThrow(`your credentials are for account 444455556666, the application role is in ${ACCOUNT}`);
  });

  it("stops with one line when the simulator is refused", async () => {
    const account = fakeAccount();
    account.iam.on(SimulatePrincipalPolicyCommand).rejects(Object.assign(new Error("User: bob is not authorized to perform: iam:SimulatePrincipalPolicy"), { name: "AccessDenied" }));
    await expect(verifyDeployment(targetFor(undefined), OPTIONS, account.clients)).rejects.toThrow(/^your identity may not call iam:SimulatePrincipalPolicy: User: bob/);
  });

  it("refuses to start a chat call it cannot authorize: Cognito without a token, a usage plan without a key", async () => {
    const account = fakeAccount();
    await expect(verifyDeployment(targetFor(undefined, { chat_api_authorization: "COGNITO_USER_POOLS" }), OPTIONS, account.clients)).rejects.toThrow(/BEDROCK_PLANE_VERIFY_TOKEN/);
    await expect(verifyDeployment(targetFor(undefined, { chat_api_key_ids: ["k1"] }), OPTIONS, account.clients)).rejects.toThrow(/BEDROCK_PLANE_VERIFY_API_KEY/);
    expect(account.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});

describe("the chat call against the local stand-in", () => {
  const scenarios: readonly ["stream" | "buffered"][] = [["stream"], ["buffered"]];

  it.each(scenarios)("%s: an answer, read to its end", async (mode) => {
    const account = fakeAccount();
    const api = await localApi(account, mode);
    try {
      api.server.standIn!.setDefault({ type: "answer", text: "ready", chunkChars: 2 });
      const report = await verifyDeployment(targetFor(api), OPTIONS, account.clients);
      expect(report.chat.diagnosis).toMatchObject({ status: "answered", mode, answer: { text: "ready", stopReason: "end_turn", completeness: "complete" } });
    } finally {
      await api.server.close();
    }
  });

  const MARKETPLACE =
    "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.";

  it.each(scenarios)("%s: AccessDenied for a model never enabled is named as model access, with AWS's exact error from the function's log", async (mode) => {
    const account = fakeAccount();
    const api = await localApi(account, mode, FOUNDATION);
    try {
      api.server.standIn!.setDefault({ type: "error", status: 403, errorType: "AccessDeniedException", message: MARKETPLACE });
      const report = await verifyDeployment(targetFor(api, { chat_model_ids: [FOUNDATION] }), OPTIONS, account.clients);
      expect(report.verdict).toBe("fail");
      expect(report.chat.diagnosis).toMatchObject({ status: "failed", httpStatus: 502, code: "UPSTREAM_ERROR", awsError: { name: "AccessDeniedException", message: MARKETPLACE }, cause: "model-access" });
      expect(report.failures).toEqual([expect.stringMatching(/^the chat call to amazon\.nova-lite-v1:0 failed \(502 UPSTREAM_ERROR AccessDeniedException\): model access is not enabled for amazon\.nova-lite-v1:0/)]);
    } finally {
      await api.server.close();
    }
  });

  it("an explicit deny of the profile's hop settles the guardrail-key question the other way, and names the fix", async () => {
    const account = fakeAccount();
    const api = await localApi(account, "stream");
    try {
      const denied: Behaviour = {
        type: "error",
        status: 403,
        errorType: "AccessDeniedException",
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/chatbot-test-chat-app/chatbot-test-chat is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0 with an explicit deny in an identity-based policy`,
      };
      api.server.standIn!.setDefault(denied);
      const report = await verifyDeployment(targetFor(api), OPTIONS, account.clients);
      expect(report.chat.diagnosis).toMatchObject({ cause: "guardrail-key-missing-at-hop", denied: { action: "bedrock:InvokeModelWithResponseStream", reason: "with an explicit deny in an identity-based policy" } });
      expect(report.chat.diagnosis?.likelyCause).toMatch(/guardrail\.required to false/);
      expect(report.openQuestions.find((answer) => answer.id === "guardrail-key-at-profile-hop")).toMatchObject({ status: "settled", answer: "no" });
    } finally {
      await api.server.close();
    }
  });

  it("throttling is inconclusive, a warning and not a failure: the split is still proved", async () => {
    const account = fakeAccount();
    const api = await localApi(account, "buffered");
    try {
      api.server.standIn!.setDefault({ type: "error", status: 429, errorType: "ThrottlingException", message: "Too many requests" });
      const report = await verifyDeployment(targetFor(api), OPTIONS, account.clients);
      expect(report.verdict).toBe("pass");
      expect(report.chat.diagnosis).toMatchObject({ status: "inconclusive", code: "THROTTLED", cause: "bedrock-quota" });
      expect(report.warnings).toEqual([expect.stringMatching(/was not answered .*run again later$/)]);
      expect(report.openQuestions.find((answer) => answer.id === "guardrail-key-at-profile-hop")).toMatchObject({ status: "not settled" });
    } finally {
      await api.server.close();
    }
  });

  it("without read access to the function's log, the report says so and still names the likely causes", async () => {
    const account = fakeAccount();
    const api = await localApi(account, "buffered", FOUNDATION);
    try {
      account.logs.rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
      api.server.standIn!.setDefault({ type: "error", status: 403, errorType: "AccessDeniedException", message: "You don't have access to the model with the specified model ID." });
      const report = await verifyDeployment(targetFor(api, { chat_model_ids: [FOUNDATION] }), OPTIONS, account.clients);
      expect(report.chat.diagnosis).toMatchObject({ status: "failed", code: "UPSTREAM_ERROR", logUnavailable: expect.stringMatching(/logs:FilterLogEvents on \/aws\/lambda\/chatbot-test-chat was refused/) });
      expect(report.chat.diagnosis?.awsError).toBeUndefined();
      expect(report.chat.diagnosis?.likelyCause).toMatch(/model access not enabled for amazon\.nova-lite-v1:0/);
    } finally {
      await api.server.close();
    }
  });
});
