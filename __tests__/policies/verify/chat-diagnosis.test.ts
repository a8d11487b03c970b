import type { ChatCallResult } from "../../../policies/verify/chat-call";
import { type ChatContext, diagnoseChat, parseDenied } from "../../../policies/verify/chat-diagnosis";

const CONTEXT: ChatContext = { modelId: "eu.anthropic.claude-sonnet-4-20250514-v1:0", guardrailRequired: true, guardrailGrantNeedsNetwork: true, functionLogGroup: "/aws/lambda/chatbot-test-chat" };
const upstreamError = (extra: Partial<ChatCallResult> = {}): ChatCallResult => ({ status: 502, apiRequestId: "req-1", json: { error: { code: "UPSTREAM_ERROR", message: "The model service failed to answer." } }, durationMs: 5, ...extra });
const logged = (errorName: string, errorMessage: string) => ({ record: { code: "UPSTREAM_ERROR", status: 502, errorName, errorMessage } });
const DENIED_HOP =
  "User: arn:aws:sts::111122223333:assumed-role/chatbot-test-chat-app/chatbot-test-chat is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0 with an explicit deny in an identity-based policy";

describe("parseDenied", () => {
  it("reads the action, the resource and the kind of policy from an AccessDenied message", () => {
    expect(parseDenied(DENIED_HOP)).toEqual({
      action: "bedrock:InvokeModel",
      resource: "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
      reason: "with an explicit deny in an identity-based policy",
    });
    expect(parseDenied("User: x is not authorized to perform: bedrock:ApplyGuardrail on resource: arn:g because no VPC endpoint policy allows the bedrock:ApplyGuardrail action.")).toEqual({
      action: "bedrock:ApplyGuardrail",
      resource: "arn:g",
      reason: "because no VPC endpoint policy allows the bedrock:ApplyGuardrail action",
    });
    expect(parseDenied("You don't have access to the model with the specified model ID.")).toBeUndefined();
  });
});

describe("diagnoseChat: Bedrock's errors, from the function's log", () => {
  it.each([
    ["AccessDeniedException", "You don't have access to the model with the specified model ID.", "model-access"],
    ["AccessDeniedException", "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.", "model-access"],
    ["ResourceNotFoundException", "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.", "model-access"],
    ["AccessDeniedException", DENIED_HOP, "guardrail-key-missing-at-hop"],
    ["AccessDeniedException", "User: x is not authorized to perform: bedrock:ApplyGuardrail on resource: arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh because no identity-based policy allows the bedrock:ApplyGuardrail action", "guardrail-check-without-network-keys"],
    ["AccessDeniedException", "User: x is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-1:111122223333:inference-profile/p because no VPC endpoint policy allows the bedrock:InvokeModel action", "bedrock-denied"],
    ["ValidationException", "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.", "on-demand-unsupported"],
    ["ResourceNotFoundException", "Model not found.", "not-found"],
    ["ValidationException", "messages: too long", "model-rejected"],
  ])("%s %#: %s → %s", (name, message, cause) => {
    const diagnosis = diagnoseChat(upstreamError(), logged(name, message), CONTEXT);
    expect(diagnosis).toMatchObject({ status: "failed", httpStatus: 502, code: "UPSTREAM_ERROR", awsError: { name, message }, cause });
    expect(diagnosis.likelyCause).toBeTruthy();
  });

  it("a foundation model's hop does not exist: an explicit deny of it is a plain policy refusal, not the guardrail-key answer", () => {
    const direct = diagnoseChat(upstreamError(), logged("AccessDeniedException", DENIED_HOP), { ...CONTEXT, modelId: "anthropic.claude-sonnet-4-20250514-v1:0" });
    expect(direct.cause).toBe("bedrock-denied");
    const notRequired = diagnoseChat(upstreamError(), logged("AccessDeniedException", DENIED_HOP), { ...CONTEXT, guardrailRequired: false });
    expect(notRequired.cause).toBe("bedrock-denied");
  });

  it("throttling stays inconclusive whatever the log says", () => {
    const throttled = { status: 429, json: { error: { code: "THROTTLED", message: "Too many requests; retry later." } }, durationMs: 1 };
    expect(diagnoseChat(throttled, logged("ThrottlingException", "Rate exceeded"), CONTEXT)).toMatchObject({ status: "inconclusive", cause: "bedrock-quota" });
    expect(diagnoseChat(throttled, undefined, CONTEXT)).toMatchObject({ status: "inconclusive", cause: "bedrock-quota" });
  });

  it("without the log: names the most likely causes and where AWS's exact error is", () => {
    const diagnosis = diagnoseChat(upstreamError(), { unavailable: "logs:FilterLogEvents on /aws/lambda/chatbot-test-chat was refused" }, CONTEXT);
    expect(diagnosis).toMatchObject({ status: "failed", cause: "unknown", logUnavailable: expect.stringContaining("refused") });
    expect(diagnosis.likelyCause).toMatch(/\(the function.s log \/aws\/lambda\/chatbot-test-chat has it, apiRequestId req-1\)\. Most often: model access not enabled for eu\.anthropic/);
  });
});

describe("diagnoseChat: API Gateway's own answers (the function never ran)", () => {
  const gateway = (status: number, type: string | undefined, message: string): ChatCallResult => ({ status, ...(type ? { gatewayErrorType: type } : {}), json: { message }, durationMs: 1 });
  it.each([
    [403, "AccessDeniedException", "User: arn:aws:sts::1:assumed-role/x/y is not authorized to perform: execute-api:Invoke on resource: arn:…", "caller-denied", "failed"],
    [403, "MissingAuthenticationTokenException", "Missing Authentication Token", "wrong-url", "failed"],
    [403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.", "credentials-or-signature", "failed"],
    [403, "UnrecognizedClientException", "The security token included in the request is invalid.", "credentials-or-signature", "failed"],
    [403, "ForbiddenException", "Forbidden", "api-key-or-waf", "failed"],
    [401, "UnauthorizedException", "Unauthorized", "cognito-token", "failed"],
    [429, "TooManyRequestsException", "Too Many Requests", "gateway-throttle", "inconclusive"],
    [500, undefined, "Internal server error", "function-error", "failed"],
    [504, undefined, "Endpoint request timed out", "timeout", "failed"],
  ])("%d %s → %s", (status, type, message, cause, verdict) => {
    expect(diagnoseChat(gateway(status, type, message), undefined, CONTEXT)).toMatchObject({ status: verdict, cause, httpStatus: status, message });
  });
});

describe("diagnoseChat: answers", () => {
  it("a buffered answer and a guardrail intervention are answers", () => {
    const answer = { content: "ready", stopReason: "end_turn", completeness: "complete", modelId: "m", guardrailIntervened: false, usage: { outputTokens: 2 } };
    expect(diagnoseChat({ status: 200, json: answer, durationMs: 1 }, undefined, CONTEXT)).toEqual({ status: "answered", mode: "buffered", httpStatus: 200, answer: { text: "ready", stopReason: "end_turn", completeness: "complete", modelId: "m", guardrailIntervened: false, outputTokens: 2 } });
    const withheld = { ...answer, content: "Sorry, I can't help with that.", stopReason: "guardrail_intervened", completeness: "withheld", guardrailIntervened: true };
    expect(diagnoseChat({ status: 200, json: withheld, durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "answered", answer: { guardrailIntervened: true } });
  });

  it("a stream is an answer only with its done event; an error event is the failure it names; neither is incomplete", () => {
    const event = (name: string, data: unknown) => ({ event: name, data, raw: JSON.stringify(data) });
    const done = [event("start", { modelId: "m" }), event("delta", { text: "rea" }), event("delta", { text: "dy" }), event("done", { stopReason: "end_turn" })];
    expect(diagnoseChat({ status: 200, events: done, durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "answered", mode: "stream", answer: { text: "ready", stopReason: "end_turn" } });
    const failed = [event("start", { modelId: "m" }), event("error", { error: { code: "MODEL_ERROR", message: "The model failed to answer." } })];
    expect(diagnoseChat({ status: 200, events: failed, durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "failed", code: "MODEL_ERROR" });
    expect(diagnoseChat({ status: 200, events: done.slice(0, 2), durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "failed", cause: "incomplete" });
  });

  it("a 200 that is not the chat API's answer is not an answer", () => {
    expect(diagnoseChat({ status: 200, json: { hello: "world" }, durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "failed", cause: "contract-mismatch" });
  });

  it("no answer at all names the transport error", () => {
    expect(diagnoseChat({ transportError: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1", durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "failed", mode: "none", cause: "api-unreachable", message: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1" });
  });

  it("the API refusing the proof's own request is a contract mismatch, not a deployment fault", () => {
    expect(diagnoseChat({ status: 400, json: { error: { code: "UNKNOWN_FIELD", message: "x" } }, durationMs: 1 }, undefined, CONTEXT)).toMatchObject({ status: "failed", cause: "contract-mismatch" });
  });
});
