/**
 * A deployed chatbot as the proof sees it, offline: the stack's outputs, an IAM policy simulator
 * (aws-sdk-client-mock) that evaluates a small model of the application role's policies the way
 * the real one answers (one result per action, per-resource results, pages with Marker), STS,
 * and a CloudWatch Logs that serves the records the local chat function wrote.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand, type EvaluationResult, type SimulatePrincipalPolicyCommandInput } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import type { VerifyClients } from "../../../policies/verify/verify";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/chatbot-test-chat-app`;
export const GUARDRAIL_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:guardrail/abcd1234efgh`;
export const GUARDRAIL_ID = `${GUARDRAIL_ARN}:1`;
export const ENDPOINT_ID = "vpce-0123456789abcdef0";
export const VPC_ID = "vpc-0123456789abcdef0";
export const PROFILE = "eu.anthropic.claude-sonnet-4-20250514-v1:0";
export const FOUNDATION = "amazon.nova-lite-v1:0";
export const PROFILE_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${PROFILE}`;
export const ROUTED_ARN = `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0`;
export const FOUNDATION_ARN = `arn:aws:bedrock:${REGION}::foundation-model/${FOUNDATION}`;
export const CLOUDWATCH_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/chatbot-test-apigateway-cloudwatch`;

/** `terraform output -json` of a deployed data-plane stack (every output the proof reads). */
export function terraformOutputJson(overrides: Record<string, unknown> = {}): Record<string, { value: unknown; type: unknown; sensitive: boolean }> {
  const values: Record<string, unknown> = {
    app_role_arn: ROLE_ARN,
    chat_api_url: `https://abc123defg.execute-api.${REGION}.amazonaws.com/v1/chat`,
    chat_api_authorization: "AWS_IAM",
    chat_model_ids: [PROFILE, FOUNDATION],
    guardrail_arn: GUARDRAIL_ARN,
    guardrail_version: "1",
    bedrock_runtime_endpoint_id: ENDPOINT_ID,
    vpc_id: VPC_ID,
    chat_function_name: "chatbot-test-chat",
    chat_api_access_log_group_name: "/aws/apigateway/chatbot-test-chat/v1/access",
    chat_api_id: "abc123defg",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined).map(([name, value]) => [name, { value, type: Array.isArray(value) ? ["list", "string"] : "string", sensitive: false }]));
}

export function outputValues(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(terraformOutputJson(overrides)).map(([name, output]) => [name, output.value]));
}

export type Decision = "allowed" | "explicitDeny" | "implicitDeny";
export type Context = Readonly<Record<string, string>>;
export interface Decided {
  readonly decision: Decision;
  readonly policy?: string;
  /** Keys the deciding statements use that the context did not hold (the simulator's MissingContextValues). */
  readonly missing?: readonly string[];
}
export type Decide = (action: string, resource: string, context: Context) => Decided;

export interface RoleModel {
  /** The grants on the models and the guardrail hold only with the endpoint and VPC keys. */
  readonly requireSourceVpce?: boolean;
  /** The mandatory-guardrail Deny is in place. */
  readonly requireGuardrail?: boolean;
  /** Extra grants an operator attached later: action → resources ("*" matches any). */
  readonly extraAllows?: Readonly<Record<string, readonly string[]>>;
}

const INVOKE = new Set(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);

/** The chatbot's application role, modelled: what the real policies allow and deny (policies/documents/app-role-policy.ts). */
export function chatbotRole(model: RoleModel = {}): Decide {
  const { requireSourceVpce = true, requireGuardrail = true, extraAllows = {} } = model;
  const network = (context: Context) => !requireSourceVpce || (context["aws:SourceVpce"] === ENDPOINT_ID && context["aws:SourceVpc"] === VPC_ID);
  return (action, resource, context) => {
    if (action === "bedrock:CallWithBearerToken") return { decision: "explicitDeny", policy: "chatbot-test-chat-app-bedrock" };
    if (requireGuardrail && INVOKE.has(action) && context["bedrock:GuardrailIdentifier"] !== GUARDRAIL_ID) return { decision: "explicitDeny", policy: "chatbot-test-chat-app-bedrock" };
    const extra = extraAllows[action];
    if (extra && (extra.includes("*") || extra.includes(resource))) return { decision: "allowed", policy: "operator-attached" };
    const networkGrant = (INVOKE.has(action) && (resource === PROFILE_ARN || resource === FOUNDATION_ARN)) || (action === "bedrock:ApplyGuardrail" && resource === GUARDRAIL_ARN);
    if (networkGrant && network(context)) return { decision: "allowed", policy: "chatbot-test-chat-app-bedrock" };
    if (INVOKE.has(action) && resource === ROUTED_ARN && context["bedrock:InferenceProfileArn"] === PROFILE_ARN) return { decision: "allowed", policy: "chatbot-test-chat-app-bedrock" };
    if (networkGrant) return { decision: "implicitDeny", missing: ["aws:SourceVpce", "aws:SourceVpc"].filter((key) => context[key] === undefined) };
    return { decision: "implicitDeny" };
  };
}

const RESTRICTIVENESS: Readonly<Record<Decision, number>> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

/** One EvaluationResult per action, as IAM answers since 2025: the aggregate on top, each resource below. */
export function evaluationResults(input: SimulatePrincipalPolicyCommandInput, decide: Decide): EvaluationResult[] {
  const context: Context = Object.fromEntries((input.ContextEntries ?? []).map((entry) => [entry.ContextKeyName!, entry.ContextKeyValues![0]]));
  const resources = input.ResourceArns ?? ["*"];
  return (input.ActionNames ?? []).map((action) => {
    const each = resources.map((resource) => ({ resource, ...decide(action, resource, context) }));
    const worst = each.reduce((a, b) => (RESTRICTIVENESS[b.decision] > RESTRICTIVENESS[a.decision] ? b : a));
    const statements = (decided: Decided) => (decided.policy ? [{ SourcePolicyId: decided.policy, SourcePolicyType: "role" as const }] : []);
    return {
      EvalActionName: action,
      EvalResourceName: "*",
      EvalDecision: worst.decision,
      MatchedStatements: statements(worst),
      MissingContextValues: [...new Set(each.flatMap((entry) => entry.missing ?? []))],
      ...(input.ResourceArns
        ? { ResourceSpecificResults: each.map((entry) => ({ EvalResourceName: entry.resource, EvalResourceDecision: entry.decision, MatchedStatements: statements(entry), MissingContextValues: [...(entry.missing ?? [])] })) }
        : {}),
    };
  });
}

export interface FakeAccount {
  readonly clients: VerifyClients;
  readonly iam: ReturnType<typeof mockClient>;
  readonly sts: ReturnType<typeof mockClient>;
  readonly logs: ReturnType<typeof mockClient>;
  /** What the simulator was asked, request by request. */
  readonly simulatorCalls: () => SimulatePrincipalPolicyCommandInput[];
  readonly forgetSimulatorCalls: () => void;
  /** Log records the fake CloudWatch Logs serves: `logGroupName` → JSON records. */
  readonly logRecords: Map<string, Record<string, unknown>[]>;
}

export interface FakeAccountOptions {
  readonly decide?: Decide;
  /** Results per page (the real default is 100). */
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
  /** The account's API Gateway CloudWatch role's trust requires aws:SourceAccount. */
  readonly cloudWatchTrustRequiresSourceAccount?: boolean;
}

/** Real SDK clients (so the SDK's own paginators run) whose sends are mocked per instance. */
export function fakeAccount(options: FakeAccountOptions = {}): FakeAccount {
  const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret", sessionToken: "test-session" };
  const sts = new STSClient({ region: REGION, credentials });
  const iam = new IAMClient({ region: REGION, credentials });
  const logs = new CloudWatchLogsClient({ region: REGION, credentials });
  const stsMock = mockClient(sts);
  const iamMock = mockClient(iam);
  const logsMock = mockClient(logs);
  const decide = options.decide ?? chatbotRole();
  const pageSize = options.pageSize ?? 100;
  const logRecords = new Map<string, Record<string, unknown>[]>();

  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformTeam/alice`, UserId: "AROAEXAMPLE:alice" });
  // Copies: the SDK's paginator sends one input object, setting each page's Marker on it.
  const asked: SimulatePrincipalPolicyCommandInput[] = [];
  iamMock.on(SimulatePrincipalPolicyCommand).callsFake((input: SimulatePrincipalPolicyCommandInput) => {
    asked.push({ ...input });
    const all = evaluationResults(input, decide);
    const offset = input.Marker === undefined ? 0 : Number(input.Marker);
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize < all.length ? String(offset + pageSize) : undefined;
    return { EvaluationResults: page, IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}) };
  });
  const trust = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "apigateway.amazonaws.com" },
        Action: "sts:AssumeRole",
        ...(options.cloudWatchTrustRequiresSourceAccount === false ? {} : { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
      },
    ],
  };
  iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: "chatbot-test-apigateway-cloudwatch", Arn: CLOUDWATCH_ROLE_ARN, Path: "/", RoleId: "AROAEXAMPLE2", CreateDate: new Date(0), AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) } });
  logsMock.on(FilterLogEventsCommand).callsFake((input: { logGroupName: string; filterPattern: string }) => {
    const [, field, value] = /\{ \$\.(\w+) = "([^"]+)" \}/.exec(input.filterPattern) ?? [];
    const records = (logRecords.get(input.logGroupName) ?? []).filter((record) => record[field] === value);
    return { events: records.map((record, index) => ({ eventId: String(index), timestamp: 0, message: JSON.stringify(record) })) };
  });

  // API Gateway's GET /account answers with the account's CloudWatch role; everything else goes to the network (loopback).
  const realFetch = options.fetch ?? fetch;
  const routedFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname.startsWith("apigateway.") && url.pathname === "/account") {
      return new Response(JSON.stringify({ cloudwatchRoleArn: CLOUDWATCH_ROLE_ARN }), { status: 200, headers: { "content-type": "application/json" } });
    }
    return realFetch(input, init);
  };

  return {
    clients: {
      sts,
      iam,
      logs,
      credentials: async () => credentials,
      fetch: routedFetch,
      now: Date.now,
      sleep: async () => undefined,
    },
    iam: iamMock,
    sts: stsMock,
    logs: logsMock,
    simulatorCalls: () => [...asked],
    forgetSimulatorCalls: () => void asked.splice(0),
    logRecords,
  };
}
