/**
 * What the chat call's answer means: answered, failed, or inconclusive (throttled, not ready),
 * and for a failure its likely cause in words. Pure.
 *
 * The API never tells a client AWS's error (docs/chat-api.md: an access denied is a plain 502
 * UPSTREAM_ERROR, the ARN stays out of the body), so the cause comes from the function's own log
 * record of the request (found by API Gateway's request id) when the runner may read it, and from
 * the API's code and API Gateway's error type otherwise. An AccessDenied message names the action,
 * the resource and the kind of policy that refused; that is what tells a model that was never
 * enabled from a policy that stops a cross-region profile's hop or a guardrail check.
 */
import { parseModelId } from "../documents/model-arns";
import type { ChatCallResult } from "./chat-call";

export type ChatStatus = "answered" | "failed" | "inconclusive";

export type CauseKind =
  | "model-access"
  | "bedrock-quota"
  | "gateway-throttle"
  | "bedrock-denied"
  | "guardrail-key-missing-at-hop"
  | "guardrail-check-without-network-keys"
  | "caller-denied"
  | "credentials-or-signature"
  | "cognito-token"
  | "api-key-or-waf"
  | "wrong-url"
  | "not-found"
  | "on-demand-unsupported"
  | "model-rejected"
  | "endpoint-unreachable"
  | "function-error"
  | "timeout"
  | "api-unreachable"
  | "incomplete"
  | "contract-mismatch"
  | "unknown";

/** The chat function's request log record (functions/chat/core/log.ts), as far as the diagnosis reads it. */
export interface FunctionLogRecord {
  readonly code?: string;
  readonly status?: number;
  readonly errorName?: string;
  readonly errorMessage?: string;
  readonly configVariable?: string;
  readonly modelId?: string;
  readonly attempts?: number;
}

/** The function's log record of the request, or why there is none. */
export interface FunctionLogLookup {
  readonly record?: FunctionLogRecord;
  readonly unavailable?: string;
}

/** What the diagnosis needs to know about the deployment (from the target and the simulator's probes). */
export interface ChatContext {
  /** The model the function calls (the first configured). */
  readonly modelId: string;
  /** The role denies inference that does not carry bedrock:GuardrailIdentifier (the probe said so). */
  readonly guardrailRequired: boolean;
  /** The role's ApplyGuardrail grant holds only with the endpoint/VPC keys (the probe said so). */
  readonly guardrailGrantNeedsNetwork: boolean;
  /** `/aws/lambda/<function>`, to point at it when the record could not be read. */
  readonly functionLogGroup?: string;
}

export interface ChatAnswer {
  readonly text: string;
  readonly stopReason?: string;
  readonly completeness?: string;
  readonly modelId?: string;
  readonly guardrailIntervened?: boolean;
  readonly outputTokens?: number;
}

/** An AccessDenied message, read: who may not do what on which resource, refused by which kind of policy. */
export interface DeniedCall {
  readonly action: string;
  readonly resource: string;
  /** "with an explicit deny in an identity-based policy", "because no VPC endpoint policy allows …", … */
  readonly reason?: string;
}

export interface ChatDiagnosis {
  readonly status: ChatStatus;
  readonly mode: "stream" | "buffered" | "none";
  readonly httpStatus?: number;
  readonly answer?: ChatAnswer;
  /** The API's error code, or API Gateway's error type. */
  readonly code?: string;
  readonly message?: string;
  /** AWS's exact error, from the function's log. */
  readonly awsError?: { readonly name: string; readonly message?: string };
  readonly denied?: DeniedCall;
  readonly cause?: CauseKind;
  readonly likelyCause?: string;
  /** Why AWS's exact error is not shown, when it is not. */
  readonly logUnavailable?: string;
  readonly apiRequestId?: string;
}

const DENIED = /not authorized to perform: (\S+) on resource: (\S+?)(?:\s+(because .*?|with .*?))?\.?$/;

export function parseDenied(message: string | undefined): DeniedCall | undefined {
  const match = message === undefined ? null : DENIED.exec(message.trim());
  return match ? { action: match[1], resource: match[2], ...(match[3] ? { reason: match[3] } : {}) } : undefined;
}

const MODEL_ACCESS = /aws-marketplace|don.t have access to the model|do not have access to the model|model access|use case (details|form)/i;

/** The cause of what Bedrock answered the function, from the function's log record. */
function causeOfAwsError(record: FunctionLogRecord, context: ChatContext): Pick<ChatDiagnosis, "cause" | "likelyCause" | "denied"> {
  const name = record.errorName ?? "";
  const message = record.errorMessage ?? "";
  const model = context.modelId;
  if (MODEL_ACCESS.test(message) && /AccessDenied|ResourceNotFound|Validation/.test(name)) {
    return {
      cause: "model-access",
      likelyCause: `model access is not enabled for ${model} in this account: an administrator enables it once (the AWS Marketplace subscription, and for Anthropic the use-case form) as the admin role; the application role has no aws-marketplace:* by design (docs/deploying.md, "Bedrock model access")`,
    };
  }
  if (/AccessDenied/.test(name)) {
    const denied = parseDenied(message);
    const explicit = denied?.reason?.includes("explicit deny") === true;
    const profile = parseModelId(model).kind === "inference-profile";
    if (denied && /^bedrock:InvokeModel/.test(denied.action) && denied.resource.includes(":foundation-model/") && profile && explicit && context.guardrailRequired) {
      return {
        denied,
        cause: "guardrail-key-missing-at-hop",
        likelyCause: `the mandatory-guardrail Deny (Resource "*") refused the hop of ${model} to ${denied.resource}: Bedrock did not carry bedrock:GuardrailIdentifier into the destination region's authorization, so every profile-routed request fails this way. Set guardrail.required to false (the function still applies the guardrail on every call) or call a foundation model directly`,
      };
    }
    if (denied?.action === "bedrock:ApplyGuardrail" && context.guardrailGrantNeedsNetwork) {
      return {
        denied,
        cause: "guardrail-check-without-network-keys",
        likelyCause: "Bedrock's ApplyGuardrail check inside Converse did not carry aws:SourceVpce / aws:SourceVpc, so the grant that requires them did not match. Set network.requireSourceVpce to false (the endpoint policy still admits the app role only), or apply the guardrail without the network condition",
      };
    }
    const where = denied?.reason ?? "a policy";
    return {
      ...(denied ? { denied } : {}),
      cause: "bedrock-denied",
      likelyCause: denied
        ? `Bedrock refused ${denied.action} on ${denied.resource} (${where}). If the simulator allowed it above, the refusal comes from what it does not evaluate: the bedrock-runtime endpoint's policy, a service control or resource control policy, or a condition key the call carried differently`
        : "Bedrock refused the call; the message names the policy",
    };
  }
  if (/Throttling|ServiceQuotaExceeded/.test(name)) {
    return { cause: "bedrock-quota", likelyCause: `Bedrock's quota for ${model} (requests or tokens per minute) is exhausted or throttled: retry later, or ask for more (Service Quotas, Amazon Bedrock)` };
  }
  if (/Validation/.test(name) && /on-demand throughput/i.test(message)) {
    return { cause: "on-demand-unsupported", likelyCause: `${model} cannot be called on demand in this region: configure its cross-region inference profile id (us., eu., apac., global. …) instead` };
  }
  if (/ResourceNotFound/.test(name)) {
    return { cause: "not-found", likelyCause: `Bedrock does not know ${model} (or the guardrail version) in this region, or the model reached its end of life: check the id with aws bedrock list-foundation-models / list-inference-profiles` };
  }
  if (/Validation/.test(name)) return { cause: "model-rejected", likelyCause: "Bedrock rejected the request as invalid for this model" };
  return { cause: "unknown", likelyCause: `Bedrock answered ${name || "an error"}` };
}

/** API Gateway's own refusals (the function never ran): by error type, status and message. */
function causeOfGatewayError(status: number, type: string | undefined, message: string): Pick<ChatDiagnosis, "status" | "cause" | "likelyCause"> {
  if (status === 403 && (type === "AccessDeniedException" || /not authorized to perform: execute-api:Invoke/.test(message))) {
    return { status: "failed", cause: "caller-denied", likelyCause: "your identity may not call POST /chat: it needs execute-api:Invoke on the route (see the runner's minimal policy)" };
  }
  if (status === 403 && (type === "MissingAuthenticationTokenException" || /Missing Authentication Token/i.test(message))) {
    return { status: "failed", cause: "wrong-url", likelyCause: "API Gateway knows no such route: the URL is not the stage's POST /chat (check chat_api_url), or the request went unsigned" };
  }
  if (status === 403 && (/Signature|UnrecognizedClient|InvalidSignature/i.test(type ?? "") || /signature|security token/i.test(message))) {
    return { status: "failed", cause: "credentials-or-signature", likelyCause: "API Gateway did not accept the signature: the credentials are invalid or expired, or the request was signed for another region" };
  }
  if (status === 403) return { status: "failed", cause: "api-key-or-waf", likelyCause: "API Gateway refused the request: an API key the usage plan requires is missing or wrong (pass it in BEDROCK_PLANE_VERIFY_API_KEY), or the web ACL blocked it" };
  if (status === 401) return { status: "failed", cause: "cognito-token", likelyCause: "the Cognito authorizer refused the token: give a current ID token of the configured user pool (BEDROCK_PLANE_VERIFY_TOKEN)" };
  if (status === 429) return { status: "inconclusive", cause: "gateway-throttle", likelyCause: "API Gateway throttled the request (the stage's or the usage plan's limits, or its quota): retry later" };
  if (status === 500 || status === 502) {
    return { status: "failed", cause: "function-error", likelyCause: "API Gateway's own 5xx: the function's reserved concurrency is exhausted (API Gateway answers 500), or the function failed before it answered: see its log" };
  }
  if (status === 504) return { status: "failed", cause: "timeout", likelyCause: "the integration timed out before the function answered" };
  return { status: "failed", cause: "unknown", likelyCause: `API Gateway answered ${status}` };
}

/** The chat API's own error codes (contract/chat-errors.ts) that say enough without the log. */
function causeOfApiCode(code: string): Pick<ChatDiagnosis, "status" | "cause" | "likelyCause"> | undefined {
  if (code === "THROTTLED" || code === "QUOTA_EXCEEDED") return { status: "inconclusive", cause: "bedrock-quota", likelyCause: "Bedrock throttled the model or its quota is exhausted: retry later, or ask for more (Service Quotas, Amazon Bedrock)" };
  if (code === "MODEL_NOT_READY" || code === "SERVICE_UNAVAILABLE" || code === "UPSTREAM_UNAVAILABLE") return { status: "inconclusive", cause: "bedrock-quota", likelyCause: "Bedrock was not ready or unavailable: retry later" };
  if (code === "UPSTREAM_UNREACHABLE") return { status: "failed", cause: "endpoint-unreachable", likelyCause: "the function could not reach bedrock-runtime: the interface endpoint, its private DNS or its security group" };
  if (code === "CONFIG_ERROR") return { status: "failed", cause: "function-error", likelyCause: "the function's environment is invalid (its log names the variable)" };
  if (code === "MODEL_TIMEOUT" || code === "UPSTREAM_TIMEOUT" || code === "DEADLINE_EXCEEDED") return { status: "failed", cause: "timeout", likelyCause: "the model did not answer in time" };
  if (code === "UPSTREAM_INCOMPLETE") return { status: "failed", cause: "incomplete", likelyCause: "the answer ended before Bedrock said it had" };
  if (/^(INVALID_|UNKNOWN_FIELD|EMPTY_MESSAGE|MESSAGE_TOO_LONG|TOO_MANY_TURNS|TURN_TOO_LONG|METHOD_NOT_ALLOWED|UNSUPPORTED_MEDIA_TYPE|REQUEST_TOO_LARGE)/.test(code)) {
    return { status: "failed", cause: "contract-mismatch", likelyCause: "the API refused the proof's request itself: the deployed function and this verifier disagree on the chat API's contract (versions?)" };
  }
  return undefined;
}

function errorBody(json: unknown): { code?: string; message?: string } {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error === "object") {
    return { ...(typeof error.code === "string" ? { code: error.code } : {}), ...(typeof error.message === "string" ? { message: error.message } : {}) };
  }
  const message = (json as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? { message } : {};
}

function streamedAnswer(result: ChatCallResult): { answer?: ChatAnswer; error?: { code?: string; message?: string } } {
  const events = result.events ?? [];
  const text = events
    .filter((event) => event.event === "delta")
    .map((event) => (event.data as { text?: unknown } | undefined)?.text)
    .filter((piece): piece is string => typeof piece === "string")
    .join("");
  const done = events.find((event) => event.event === "done");
  const failed = events.find((event) => event.event === "error");
  if (failed) return { error: errorBody(failed.data) };
  if (!done) return {};
  return { answer: answerOf(text, done.data) };
}

function answerOf(text: string, meta: unknown): ChatAnswer {
  const m = (meta ?? {}) as { stopReason?: unknown; completeness?: unknown; modelId?: unknown; guardrailIntervened?: unknown; usage?: { outputTokens?: unknown } };
  return {
    text,
    ...(typeof m.stopReason === "string" ? { stopReason: m.stopReason } : {}),
    ...(typeof m.completeness === "string" ? { completeness: m.completeness } : {}),
    ...(typeof m.modelId === "string" ? { modelId: m.modelId } : {}),
    ...(typeof m.guardrailIntervened === "boolean" ? { guardrailIntervened: m.guardrailIntervened } : {}),
    ...(typeof m.usage?.outputTokens === "number" ? { outputTokens: m.usage.outputTokens } : {}),
  };
}

export function diagnoseChat(result: ChatCallResult, log: FunctionLogLookup | undefined, context: ChatContext): ChatDiagnosis {
  const mode = result.events !== undefined ? "stream" : result.status !== undefined ? "buffered" : "none";
  const base = { mode, ...(result.status !== undefined ? { httpStatus: result.status } : {}), ...(result.apiRequestId ? { apiRequestId: result.apiRequestId } : {}) } as const;
  if (result.status === undefined) {
    return { ...base, status: "failed", cause: "api-unreachable", message: result.transportError, likelyCause: "no answer from the API: check the URL, DNS, a proxy, and that the stage is deployed" };
  }

  let code: string | undefined;
  let message: string | undefined;
  if (result.status === 200 && mode === "stream") {
    const streamed = streamedAnswer(result);
    if (streamed.answer) return { ...base, status: "answered", answer: streamed.answer };
    if (!streamed.error) {
      return { ...base, status: "failed", cause: "incomplete", message: result.transportError ?? "the stream ended without a done or error event", likelyCause: "the answer stopped before the function finished it (a broken connection, or the integration's time limit)" };
    }
    ({ code, message } = streamed.error);
  } else if (result.status === 200) {
    const body = result.json as { content?: unknown } | undefined;
    if (typeof body?.content === "string") return { ...base, status: "answered", answer: answerOf(body.content, body) };
    return { ...base, status: "failed", cause: "contract-mismatch", message: result.text ?? "a 200 without an answer", likelyCause: "the API answered 200 with something that is not the chat API's answer" };
  } else {
    ({ code, message } = errorBody(result.json));
    message ??= result.text;
  }

  const fromLog = log?.record?.errorName ? { awsError: { name: log.record.errorName, ...(log.record.errorMessage ? { message: log.record.errorMessage } : {}) } } : {};
  const logNote = log?.unavailable ? { logUnavailable: log.unavailable } : {};
  const shared = { ...base, ...(code ? { code } : {}), ...(message ? { message } : {}), ...fromLog, ...logNote };
  if (code === undefined) {
    return { ...shared, code: result.gatewayErrorType, ...causeOfGatewayError(result.status, result.gatewayErrorType, message ?? "") };
  }
  if (log?.record?.errorName) {
    const byApi = causeOfApiCode(code);
    const byAws = causeOfAwsError(log.record, context);
    // Throttling and unavailability stay inconclusive whatever the log says.
    return { ...shared, status: byApi?.status === "inconclusive" ? "inconclusive" : "failed", ...byAws };
  }
  const byApi = causeOfApiCode(code);
  if (byApi) return { ...shared, ...byApi };
  const where = context.functionLogGroup ? ` (the function's log ${context.functionLogGroup} has it${result.apiRequestId ? `, apiRequestId ${result.apiRequestId}` : ""})` : "";
  return {
    ...shared,
    status: "failed",
    cause: "unknown",
    likelyCause: `Bedrock refused or failed the call; the API does not say why${where}. Most often: model access not enabled for ${context.modelId} (a Marketplace subscription), a policy denying the call, or a model id unknown in this region`,
  };
}
