/**
 * The proof, step by step, on clients it is given (the CLI makes real ones, tests mocks): who is
 * asking, the simulator's answers, one chat call through the API (and the function's log record
 * when it fails), the evidence on API Gateway's CloudWatch role, then the report. It reads and
 * calls; it changes nothing in the account.
 */
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { awsStepFailure } from "./aws-failures";
import { callChat, type ChatCallResult } from "./chat-call";
import { type ChatDiagnosis, diagnoseChat, type FunctionLogLookup, type FunctionLogRecord } from "./chat-diagnosis";
import { cloudWatchRoleEvidence, type CloudWatchRoleEvidence } from "./cloudwatch-role";
import { VerifyInputError } from "./errors";
import { findLogRecord } from "./log-search";
import { guardrailGrantNeedsNetwork, guardrailRequiredAtHop } from "./open-questions";
import { buildReport, type VerifyReport } from "./report";
import { type SimulationOutcome, simulationOutcome } from "./simulation-answers";
import { simulationPlan } from "./simulation-plan";
import { simulate } from "./simulator";
import type { SigningCredentials } from "./sign-request";
import type { VerifyTarget } from "./target";

export interface VerifyClients {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly logs: CloudWatchLogsClient;
  /** The credentials the clients use, for the two calls signed by hand (POST /chat, GET /account). */
  readonly credentials: () => Promise<SigningCredentials>;
  readonly fetch?: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** How many attempts the IAM client makes before a throttling error reaches the proof. */
  readonly iamMaxAttempts?: number;
}

export interface VerifyOptions {
  /** Make the chat call (`--no-chat`: simulator only). */
  readonly chat: boolean;
  readonly message: string;
  readonly bearerToken?: string;
  readonly apiKey?: string;
  readonly chatTimeoutMs: number;
  /** How long to wait for a log record to show in CloudWatch Logs. */
  readonly logWaitMs: number;
  readonly logPollMs: number;
}

/** What the chat call needs that the target cannot give: checked before any AWS call. */
export function chatInputProblem(target: VerifyTarget, options: VerifyOptions): string | undefined {
  if (!options.chat) return undefined;
  if (target.authorization === "COGNITO_USER_POOLS" && !options.bearerToken) {
    return "the API admits Cognito users only: give a user's ID token in BEDROCK_PLANE_VERIFY_TOKEN (or --token), or skip the call with --no-chat";
  }
  if (target.apiKeyRequired && !options.apiKey) {
    return "the stage's usage plan requires an API key: give it in BEDROCK_PLANE_VERIFY_API_KEY (aws apigateway get-api-key --api-key <id from chat_api_key_ids> --include-value), or skip the call with --no-chat";
  }
  return undefined;
}

async function step<T>(name: string, call: () => Promise<T>, attempts?: number): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw awsStepFailure(name, error, attempts) ?? error;
  }
}

/** The function's error code in a failed answer (a JSON body, or a stream's error event): the function ran and logged it. */
function functionErrorCode(result: ChatCallResult): string | undefined {
  const streamed = result.events?.find((event) => event.event === "error")?.data;
  const body = (streamed ?? result.json) as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === "string" ? body.error.code : undefined;
}

function logRecord(record: Record<string, unknown>): FunctionLogRecord {
  const pick = <T>(key: string, type: "string" | "number") => (typeof record[key] === type ? { [key]: record[key] as T } : {});
  return { ...pick("code", "string"), ...pick("status", "number"), ...pick("errorName", "string"), ...pick("errorMessage", "string"), ...pick("configVariable", "string"), ...pick("modelId", "string"), ...pick("attempts", "number") };
}

async function chatStep(target: VerifyTarget, options: VerifyOptions, clients: VerifyClients, simulations: readonly SimulationOutcome[]): Promise<{ diagnosis: ChatDiagnosis; startedAt: number }> {
  const startedAt = clients.now();
  const result = await callChat({
    url: target.apiUrl!,
    message: options.message,
    authorization: target.authorization,
    region: target.region,
    credentials: clients.credentials,
    ...(options.bearerToken ? { bearerToken: options.bearerToken } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    timeoutMs: options.chatTimeoutMs,
    ...(clients.fetch ? { fetch: clients.fetch } : {}),
    now: clients.now,
  });
  const functionLogGroup = target.functionName ? `/aws/lambda/${target.functionName}` : undefined;
  let log: FunctionLogLookup | undefined;
  if (functionErrorCode(result) !== undefined) {
    if (!functionLogGroup) log = { unavailable: "the function's name is unknown (no chat_function_name output, no --function-name)" };
    else if (!result.apiRequestId) log = { unavailable: "API Gateway sent no request id to find the record by" };
    else {
      const found = await findLogRecord(clients.logs, {
        logGroupName: functionLogGroup,
        field: "apiRequestId",
        value: result.apiRequestId,
        startTime: startedAt - 60_000,
        waitMs: options.logWaitMs,
        pollMs: options.logPollMs,
        sleep: clients.sleep,
        now: clients.now,
      });
      log = found.record ? { record: logRecord(found.record) } : { unavailable: found.unavailable ?? "no record" };
    }
  }
  const modelId = target.modelIds[0];
  const diagnosis = diagnoseChat(result, log, {
    modelId,
    guardrailRequired: guardrailRequiredAtHop(simulations, modelId),
    guardrailGrantNeedsNetwork: guardrailGrantNeedsNetwork(simulations),
    ...(functionLogGroup ? { functionLogGroup } : {}),
  });
  return { diagnosis, startedAt };
}

export async function verifyDeployment(target: VerifyTarget, options: VerifyOptions, clients: VerifyClients): Promise<VerifyReport> {
  const problem = chatInputProblem(target, options);
  if (problem) throw new VerifyInputError(problem);

  const identity = await step("sts:GetCallerIdentity", () => clients.sts.send(new GetCallerIdentityCommand({})));
  if (identity.Account !== target.accountId) {
    throw new VerifyInputError(`your credentials are for account ${identity.Account}, the application role is in ${target.accountId}: run with credentials of ${target.accountId}`);
  }

  const simulations: SimulationOutcome[] = [];
  for (const simulation of simulationPlan(target)) {
    const results = await step("iam:SimulatePrincipalPolicy", () => simulate(clients.iam, target.roleArn, simulation), clients.iamMaxAttempts);
    simulations.push(simulationOutcome(simulation, results));
  }

  let chat: ChatDiagnosis | undefined;
  let chatSkipped: string | undefined;
  let cloudWatchRole: CloudWatchRoleEvidence | undefined;
  if (!options.chat || target.apiUrl === undefined) chatSkipped = "--no-chat";
  else {
    const called = await chatStep(target, options, clients, simulations);
    chat = called.diagnosis;
    if (chat.apiRequestId && target.accessLogGroupName) {
      cloudWatchRole = await cloudWatchRoleEvidence(clients.iam, clients.logs, {
        region: target.region,
        partition: target.partition,
        credentials: clients.credentials,
        accessLogGroupName: target.accessLogGroupName,
        apiRequestId: chat.apiRequestId,
        startTime: called.startedAt - 60_000,
        ...(clients.fetch ? { fetch: clients.fetch } : {}),
        search: { waitMs: options.logWaitMs, pollMs: options.logPollMs, sleep: clients.sleep, now: clients.now },
      });
    }
  }

  return buildReport({
    target,
    caller: identity.Arn ?? "unknown",
    simulations,
    ...(chat ? { chat } : {}),
    ...(chatSkipped ? { chatSkipped } : {}),
    ...(cloudWatchRole ? { cloudWatchRole } : {}),
  });
}
