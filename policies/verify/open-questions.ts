/**
 * The three questions AWS's documentation leaves open (platform-facts.md, "Bedrock IAM"), and
 * what this run's evidence says about each. Pure. An answer is "settled" only when the evidence
 * shows it on this account: the simulator says what a policy would do with or without a key, and
 * only a real call shows which keys Bedrock and API Gateway actually send. Otherwise the answer
 * says why it is not settled, and what deployment would settle it.
 */
import { parseModelId } from "../documents/model-arns";
import type { ChatDiagnosis } from "./chat-diagnosis";
import type { CloudWatchRoleEvidence } from "./cloudwatch-role";
import type { SimulationOutcome } from "./simulation-answers";
import type { VerifyTarget } from "./target";

export type QuestionId = "guardrail-key-at-profile-hop" | "guardrail-check-carries-source-vpce" | "apigateway-sends-source-account";

export interface OpenQuestionAnswer {
  readonly id: QuestionId;
  readonly question: string;
  /** "does not arise": this deployment has nothing the answer would change. */
  readonly status: "settled" | "not settled" | "does not arise";
  readonly answer?: "yes" | "no";
  readonly evidence: string;
}

export interface QuestionEvidence {
  readonly target: VerifyTarget;
  readonly simulations: readonly SimulationOutcome[];
  /** Undefined: the chat call was not made (`reason` says why). */
  readonly chat?: ChatDiagnosis;
  readonly chatSkipped?: string;
  readonly cloudWatchRole?: CloudWatchRoleEvidence;
}

const QUESTIONS: Readonly<Record<QuestionId, string>> = {
  "guardrail-key-at-profile-hop": "Is bedrock:GuardrailIdentifier present when Bedrock authorizes a cross-region profile's foundation model in the destination region?",
  "guardrail-check-carries-source-vpce": "Does Bedrock's own ApplyGuardrail check inside Converse carry aws:SourceVpce?",
  "apigateway-sends-source-account": "Does API Gateway send aws:SourceAccount when it assumes the account's CloudWatch role?",
};

function outcome(simulations: readonly SimulationOutcome[], id: string): SimulationOutcome | undefined {
  return simulations.find((candidate) => candidate.simulation.id === id);
}

/** The role denies the profile hop when the guardrail identifier is absent (the mandatory-guardrail Deny). */
export function guardrailRequiredAtHop(simulations: readonly SimulationOutcome[], modelId: string): boolean {
  return outcome(simulations, `probe-routed-without-guardrail-key:${modelId}`)?.answers.some((answer) => answer.decision === "explicitDeny") ?? false;
}

/** ApplyGuardrail is allowed with the endpoint and VPC keys and refused without them. */
export function guardrailGrantNeedsNetwork(simulations: readonly SimulationOutcome[]): boolean {
  const withKeys = outcome(simulations, "apply-guardrail");
  const withoutKeys = outcome(simulations, "probe-guardrail-outside-network");
  if (!withKeys || !withoutKeys) return false;
  return withKeys.answers.every((answer) => answer.decision === "allowed") && withoutKeys.answers.every((answer) => answer.decision !== "allowed" && answer.decision !== "unanswered");
}

/** InvokeModel is allowed with the endpoint and VPC keys and refused without them: credentials taken out of the VPC are useless. */
export function invokeNeedsNetwork(simulations: readonly SimulationOutcome[]): boolean {
  const withKeys = outcome(simulations, "invoke-models");
  const withoutKeys = outcome(simulations, "probe-invoke-outside-network");
  if (!withKeys || !withoutKeys) return false;
  return withKeys.answers.every((answer) => answer.decision === "allowed") && withoutKeys.answers.every((answer) => answer.decision !== "allowed" && answer.decision !== "unanswered");
}

function notRun(evidence: QuestionEvidence): string | undefined {
  if (evidence.chat === undefined) return `the chat call was not made (${evidence.chatSkipped ?? "skipped"})`;
  return undefined;
}

function guardrailKeyAtHop(evidence: QuestionEvidence): Omit<OpenQuestionAnswer, "id" | "question"> {
  const { target, chat } = evidence;
  const model = target.modelIds[0];
  if (parseModelId(model).kind !== "inference-profile") {
    return { status: "not settled", evidence: `the function calls ${model}, a foundation model: there is no hop to another region to observe. A deployment whose first model is a cross-region profile (us., eu., apac., global. …) with a required guardrail settles it` };
  }
  if (!target.guardrail) return { status: "does not arise", evidence: "no guardrail is attached" };
  if (!guardrailRequiredAtHop(evidence.simulations, model)) {
    return { status: "does not arise", evidence: "the role does not deny inference without the guardrail identifier (guardrail.required is false), so whether the key is present at the hop changes nothing" };
  }
  const skipped = notRun(evidence);
  if (skipped) return { status: "not settled", evidence: skipped };
  if (chat?.status === "answered") {
    return {
      status: "settled",
      answer: "yes",
      evidence: `${model} answered through its profile while the role denies, on every resource, inference that lacks bedrock:GuardrailIdentifier; the simulator shows that Deny refusing the hop to the foundation model when the key is absent, so Bedrock's authorization in the destination region carried it`,
    };
  }
  if (chat?.cause === "guardrail-key-missing-at-hop") {
    return { status: "settled", answer: "no", evidence: `Bedrock refused ${chat.denied?.action} on ${chat.denied?.resource} ${chat.denied?.reason ?? ""}`.trim() + ": the mandatory-guardrail Deny applied at the hop, so the key was absent there" };
  }
  return { status: "not settled", evidence: `the chat call did not answer, for another reason (${chat?.cause ?? "unknown"}${chat?.awsError ? `: ${chat.awsError.name}` : ""})` };
}

function guardrailCheckSourceVpce(evidence: QuestionEvidence): Omit<OpenQuestionAnswer, "id" | "question"> {
  const { target, chat } = evidence;
  if (!target.guardrail) return { status: "does not arise", evidence: "no guardrail is attached" };
  if (!guardrailGrantNeedsNetwork(evidence.simulations)) {
    return { status: "not settled", evidence: "the role's ApplyGuardrail grant does not depend on the network path (network.requireSourceVpce is off), so a call succeeds either way; a deployment with it on settles this" };
  }
  const skipped = notRun(evidence);
  if (skipped) return { status: "not settled", evidence: skipped };
  if (chat?.status === "answered") {
    return {
      status: "settled",
      answer: "yes",
      evidence: `the guardrail was applied inside Converse while the role allows bedrock:ApplyGuardrail only with aws:SourceVpce${target.runtimeEndpointId ? ` = ${target.runtimeEndpointId}` : ""} (the simulator refuses it without the endpoint and VPC keys)`,
    };
  }
  if (chat?.cause === "guardrail-check-without-network-keys") {
    return { status: "settled", answer: "no", evidence: `Bedrock refused bedrock:ApplyGuardrail on ${chat.denied?.resource ?? "the guardrail"} inside the Converse call, which the role allows only with the endpoint and VPC keys` };
  }
  return { status: "not settled", evidence: `the chat call did not answer, for another reason (${chat?.cause ?? "unknown"}${chat?.awsError ? `: ${chat.awsError.name}` : ""})` };
}

function apiGatewaySourceAccount(evidence: QuestionEvidence): Omit<OpenQuestionAnswer, "id" | "question"> {
  const cannotSee = "A client never sees the AssumeRole request itself (CloudTrail's AssumeRole events by apigateway.amazonaws.com do)";
  const skipped = notRun(evidence);
  if (skipped) return { status: "not settled", evidence: `${skipped}. ${cannotSee}` };
  if (!evidence.chat?.apiRequestId) return { status: "not settled", evidence: `API Gateway gave the request no id to find in its log. ${cannotSee}` };
  if (!evidence.target.accessLogGroupName) return { status: "not settled", evidence: `the stage writes no access log (api.accessLogging is false). ${cannotSee}` };
  const role = evidence.cloudWatchRole;
  if (!role?.roleArn) return { status: "not settled", evidence: `${role?.unavailable ?? "the account's CloudWatch role is unknown"}. ${cannotSee}` };
  if (role.requiresSourceAccount !== true) {
    return { status: "not settled", evidence: `the account's CloudWatch role ${role.roleArn} does not require aws:SourceAccount, so a written log says nothing about the key (api.accountCloudWatchRole: true creates one that does). ${cannotSee}` };
  }
  if (role.accessLogged) {
    return { status: "settled", answer: "yes", evidence: `API Gateway wrote this request (${evidence.chat.apiRequestId}) to the access log with the account's CloudWatch role ${role.roleArn}, whose trust admits API Gateway only with aws:SourceAccount` };
  }
  return { status: "not settled", evidence: `${role.unavailable ?? "no access-log entry for the request yet"}. Entries that never arrive while the role requires aws:SourceAccount would point to the key missing. ${cannotSee}` };
}

export function answerOpenQuestions(evidence: QuestionEvidence): OpenQuestionAnswer[] {
  const answers: Record<QuestionId, Omit<OpenQuestionAnswer, "id" | "question">> = {
    "guardrail-key-at-profile-hop": guardrailKeyAtHop(evidence),
    "guardrail-check-carries-source-vpce": guardrailCheckSourceVpce(evidence),
    "apigateway-sends-source-account": apiGatewaySourceAccount(evidence),
  };
  return (Object.keys(QUESTIONS) as QuestionId[]).map((id) => ({ id, question: QUESTIONS[id], ...answers[id] }));
}
