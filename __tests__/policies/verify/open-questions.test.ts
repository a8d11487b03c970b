import type { ChatDiagnosis } from "../../../policies/verify/chat-diagnosis";
import { answerOpenQuestions, type QuestionEvidence } from "../../../policies/verify/open-questions";
import { simulationOutcome } from "../../../policies/verify/simulation-answers";
import { simulationPlan } from "../../../policies/verify/simulation-plan";
import { verifyTarget } from "../../../policies/verify/target";
import { chatbotRole, type Decide, evaluationResults, FOUNDATION, outputValues, ROLE_ARN } from "./helpers";

/** The plan's simulations answered by a modelled role, without any client. */
function evidence(overrides: Record<string, unknown>, decide: Decide, chat: ChatDiagnosis | undefined, extra: Partial<QuestionEvidence> = {}): QuestionEvidence {
  const target = verifyTarget(outputValues(overrides), {}, "test");
  const simulations = simulationPlan(target).map((simulation) =>
    simulationOutcome(simulation, evaluationResults({ PolicySourceArn: ROLE_ARN, ActionNames: [...simulation.actions], ...(simulation.resourceArns ? { ResourceArns: [...simulation.resourceArns] } : {}), ContextEntries: simulation.context.map((entry) => ({ ContextKeyName: entry.key, ContextKeyValues: [...entry.values], ContextKeyType: "string" })) }, decide)),
  );
  return { target, simulations, ...(chat ? { chat } : { chatSkipped: "--no-chat" }), ...extra };
}

const ANSWERED: ChatDiagnosis = { status: "answered", mode: "stream", httpStatus: 200, apiRequestId: "req-1", answer: { text: "ready" } };
const answer = (input: QuestionEvidence, id: string) => answerOpenQuestions(input).find((candidate) => candidate.id === id)!;

describe("the guardrail identifier at a profile's hop", () => {
  const id = "guardrail-key-at-profile-hop";

  it("settles yes when a profile model answers while the Deny would refuse the hop without the key", () => {
    expect(answer(evidence({}, chatbotRole(), ANSWERED), id)).toMatchObject({ status: "settled", answer: "yes" });
  });

  it("is not settled when the function calls a foundation model, or the call was skipped or failed otherwise", () => {
    expect(answer(evidence({ chat_model_ids: [FOUNDATION] }, chatbotRole(), ANSWERED), id)).toMatchObject({ status: "not settled", evidence: expect.stringMatching(/a foundation model: there is no hop/) });
    expect(answer(evidence({}, chatbotRole(), undefined), id)).toMatchObject({ status: "not settled", evidence: "the chat call was not made (--no-chat)" });
    const failed: ChatDiagnosis = { status: "failed", mode: "buffered", cause: "model-access", awsError: { name: "AccessDeniedException" } };
    expect(answer(evidence({}, chatbotRole(), failed), id)).toMatchObject({ status: "not settled", evidence: expect.stringMatching(/another reason \(model-access: AccessDeniedException\)/) });
  });

  it("does not arise without a guardrail, or when the guardrail is not required", () => {
    expect(answer(evidence({ guardrail_arn: undefined, guardrail_version: undefined }, chatbotRole({ requireGuardrail: false }), ANSWERED), id).status).toBe("does not arise");
    expect(answer(evidence({}, chatbotRole({ requireGuardrail: false }), ANSWERED), id)).toMatchObject({ status: "does not arise", evidence: expect.stringMatching(/guardrail\.required is false/) });
  });
});

describe("aws:SourceVpce on the ApplyGuardrail check inside Converse", () => {
  const id = "guardrail-check-carries-source-vpce";

  it("settles yes when the call answers and the grant needs the network keys; no when Bedrock refused ApplyGuardrail", () => {
    expect(answer(evidence({}, chatbotRole(), ANSWERED), id)).toMatchObject({ status: "settled", answer: "yes", evidence: expect.stringContaining("aws:SourceVpce = vpce-0123456789abcdef0") });
    const refused: ChatDiagnosis = { status: "failed", mode: "stream", cause: "guardrail-check-without-network-keys", denied: { action: "bedrock:ApplyGuardrail", resource: "arn:g" } };
    expect(answer(evidence({}, chatbotRole(), refused), id)).toMatchObject({ status: "settled", answer: "no" });
  });

  it("is not settled when the grant does not depend on the network path: a call succeeds either way", () => {
    expect(answer(evidence({}, chatbotRole({ requireSourceVpce: false }), ANSWERED), id)).toMatchObject({ status: "not settled", evidence: expect.stringMatching(/requireSourceVpce is off/) });
  });
});

describe("aws:SourceAccount when API Gateway assumes the CloudWatch role", () => {
  const id = "apigateway-sends-source-account";
  const role = `arn:aws:iam::111122223333:role/apigw`;

  it("settles yes only with a trust that requires the key and the request in the access log", () => {
    expect(answer(evidence({}, chatbotRole(), ANSWERED, { cloudWatchRole: { roleArn: role, requiresSourceAccount: true, accessLogged: true } }), id)).toMatchObject({ status: "settled", answer: "yes" });
  });

  it.each([
    [{ roleArn: role, requiresSourceAccount: false }, /does not require aws:SourceAccount/],
    [{ roleArn: role, requiresSourceAccount: true, accessLogged: false, unavailable: "no record with requestId req-1 after 30 s" }, /after 30 s\. Entries that never arrive/],
    [{ unavailable: "apigateway:GET on /account was refused (add it to the runner's policy)" }, /GET on \/account was refused/],
  ])("says why it is not settled, and what a client cannot see (%#)", (cloudWatchRole, why) => {
    const result = answer(evidence({}, chatbotRole(), ANSWERED, { cloudWatchRole }), id);
    expect(result.status).toBe("not settled");
    expect(result.evidence).toMatch(why);
    expect(result.evidence).toMatch(/A client never sees the AssumeRole request itself/);
  });

  it("is not settled without an access log or a request id", () => {
    expect(answer(evidence({ chat_api_access_log_group_name: undefined }, chatbotRole(), ANSWERED), id).evidence).toMatch(/writes no access log/);
    expect(answer(evidence({}, chatbotRole(), { ...ANSWERED, apiRequestId: undefined }), id).evidence).toMatch(/no id to find/);
  });
});
