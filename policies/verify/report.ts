/**
 * The proof's report: the verdict, each failure and warning in one line, the simulator's answers
 * per simulation, the chat call, the open questions. Pure; `--format json` prints it as is
 * (schema in SCHEMA.md), report-markdown.ts renders it for people.
 */
import type { ChatDiagnosis } from "./chat-diagnosis";
import { answerOpenQuestions, invokeNeedsNetwork, type OpenQuestionAnswer, type QuestionEvidence } from "./open-questions";
import type { Decision, PairAnswer, SimulationOutcome } from "./simulation-answers";
import type { ContextValue, Expectation } from "./simulation-plan";
import { guardrailIdentifier } from "./simulation-plan";
import type { ApiAuthorization, VerifyTarget } from "./target";

export interface SimulationSummary {
  readonly id: string;
  readonly title: string;
  readonly expect: Expectation;
  readonly probe: boolean;
  readonly context: readonly ContextValue[];
  /** `*` when none were named. */
  readonly resources: readonly string[];
  readonly asked: number;
  readonly decisions: Readonly<Record<Decision | "unanswered", number>>;
  /** Every answer matched the expectation (for a probe: what its finding is read against). */
  readonly asExpected: boolean;
  readonly unexpected: readonly PairAnswer[];
}

export interface ChatSection {
  /** The model the function calls: the only one a call through the API can reach. */
  readonly modelId: string;
  readonly diagnosis?: ChatDiagnosis;
  readonly skipped?: string;
  /** The other configured models: granted (the simulator says whether), not callable through the API. */
  readonly notCallable: readonly string[];
}

export interface VerifyReport {
  readonly schemaVersion: 1;
  readonly tool: "bedrock-plane-verify";
  readonly verdict: "pass" | "fail";
  readonly target: {
    readonly source: string;
    readonly accountId: string;
    readonly region: string;
    readonly roleArn: string;
    readonly modelIds: readonly string[];
    readonly guardrailIdentifier?: string;
    readonly apiUrl?: string;
    readonly authorization: ApiAuthorization;
  };
  /** Who ran the proof (sts:GetCallerIdentity). */
  readonly caller: string;
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly simulations: readonly SimulationSummary[];
  readonly chat: ChatSection;
  readonly openQuestions: readonly OpenQuestionAnswer[];
}

export interface ReportInput {
  readonly target: VerifyTarget;
  readonly caller: string;
  readonly simulations: readonly SimulationOutcome[];
  readonly chat?: ChatDiagnosis;
  readonly chatSkipped?: string;
  readonly cloudWatchRole?: QuestionEvidence["cloudWatchRole"];
}

function summarize(outcome: SimulationOutcome): SimulationSummary {
  const decisions = { allowed: 0, explicitDeny: 0, implicitDeny: 0, unanswered: 0 };
  for (const answer of outcome.answers) decisions[answer.decision]++;
  const { simulation } = outcome;
  return {
    id: simulation.id,
    title: simulation.title,
    expect: simulation.expect,
    probe: simulation.probe,
    context: simulation.context,
    resources: simulation.resourceArns ?? ["*"],
    asked: outcome.answers.length,
    decisions,
    asExpected: outcome.unexpected.length === 0,
    unexpected: outcome.unexpected,
  };
}

/** The flag that gives each context key the stack's outputs would have given. */
const CONTEXT_FLAGS: Readonly<Record<string, string>> = {
  "aws:SourceVpce": "--vpc-endpoint-id",
  "aws:SourceVpc": "--vpc-id",
  "bedrock:GuardrailIdentifier": "--guardrail-arn and --guardrail-version",
};

function missingContextHint(keys: readonly string[]): string {
  const flags = [...new Set(keys.map((key) => CONTEXT_FLAGS[key]).filter((flag) => flag !== undefined))];
  return flags.length > 0 ? `pass ${flags.join(", ")}, or read them from the stack with --stack` : "a condition the proof cannot supply";
}

function decidedBy(answer: PairAnswer): string {
  const parts = [
    ...(answer.decidedBy.length > 0 ? [`decided by ${answer.decidedBy.join(", ")}`] : []),
    ...(answer.missingContext.length > 0 ? [`the policies need ${answer.missingContext.join(", ")}, which the proof was not given: ${missingContextHint(answer.missingContext)}`] : []),
    ...(answer.allowedByBoundary === false ? ["the permissions boundary does not allow it"] : []),
    ...(answer.allowedByOrganizations === false ? ["a service control policy denies it"] : []),
  ];
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function failureLine(outcome: SimulationOutcome, answer: PairAnswer): string {
  const where = answer.resource === "*" ? "any resource" : answer.resource;
  if (answer.decision === "unanswered") return `the simulator gave no answer for ${answer.action} on ${where}: it cannot be shown denied or allowed`;
  if (outcome.simulation.expect === "denied") return `the application role may call ${answer.action} on ${where}${decidedBy(answer)}`;
  return `the application role may not call ${answer.action} on ${where}: ${answer.decision}${decidedBy(answer)}; the chatbot cannot work without it`;
}

/** At most this many failure lines per simulation in the list; the JSON's simulations keep them all. */
const LINES_PER_SIMULATION = 20;

function simulationFailures(outcomes: readonly SimulationOutcome[]): string[] {
  return outcomes
    .filter((outcome) => !outcome.simulation.probe)
    .flatMap((outcome) => {
      const lines = outcome.unexpected.slice(0, LINES_PER_SIMULATION).map((answer) => failureLine(outcome, answer));
      const more = outcome.unexpected.length - lines.length;
      return more > 0 ? [...lines, `… and ${more} more in "${outcome.simulation.id}" (see --format json)`] : lines;
    });
}

function chatLines(chat: ChatDiagnosis | undefined, modelId: string): { failures: string[]; warnings: string[] } {
  if (!chat || chat.status === "answered") return { failures: [], warnings: [] };
  const what = [chat.httpStatus, chat.code, chat.awsError?.name].filter((part) => part !== undefined).join(" ");
  const line = `the chat call to ${modelId} ${chat.status === "failed" ? "failed" : "was not answered"}${what ? ` (${what})` : ""}: ${chat.likelyCause ?? chat.message ?? "no reason given"}`;
  return chat.status === "failed" ? { failures: [line], warnings: [] } : { failures: [], warnings: [`${line}; the split is proved, the chat is not: run again later`] };
}

function networkNotes(input: ReportInput): string[] {
  const notes: string[] = [];
  if (invokeNeedsNetwork(input.simulations)) {
    notes.push("InvokeModel is refused without the bedrock-runtime endpoint and VPC keys: the role's credentials taken out of the VPC cannot call the models (network.requireSourceVpce)");
  } else {
    notes.push("the role's Bedrock grants do not depend on the network path (network.requireSourceVpce is off): its credentials, taken out of the VPC, could call the configured models");
  }
  if (!input.target.runtimeEndpointId) notes.push("the bedrock-runtime endpoint id is unknown (no output, no --vpc-endpoint-id): calls were simulated without aws:SourceVpce");
  return notes;
}

export function buildReport(input: ReportInput): VerifyReport {
  const { target } = input;
  const modelId = target.modelIds[0];
  const chat = chatLines(input.chat, modelId);
  const failures = [...simulationFailures(input.simulations), ...chat.failures];
  const evidence: QuestionEvidence = {
    target,
    simulations: input.simulations,
    ...(input.chat ? { chat: input.chat } : {}),
    ...(input.chatSkipped ? { chatSkipped: input.chatSkipped } : {}),
    ...(input.cloudWatchRole ? { cloudWatchRole: input.cloudWatchRole } : {}),
  };
  return {
    schemaVersion: 1,
    tool: "bedrock-plane-verify",
    verdict: failures.length > 0 ? "fail" : "pass",
    target: {
      source: target.source,
      accountId: target.accountId,
      region: target.region,
      roleArn: target.roleArn,
      modelIds: target.modelIds,
      ...(target.guardrail ? { guardrailIdentifier: guardrailIdentifier(target.guardrail) } : {}),
      ...(target.apiUrl ? { apiUrl: target.apiUrl } : {}),
      authorization: target.authorization,
    },
    caller: input.caller,
    failures,
    warnings: chat.warnings,
    notes: networkNotes(input),
    simulations: input.simulations.map(summarize),
    chat: {
      modelId,
      ...(input.chat ? { diagnosis: input.chat } : {}),
      ...(input.chatSkipped ? { skipped: input.chatSkipped } : {}),
      notCallable: target.modelIds.slice(1),
    },
    openQuestions: answerOpenQuestions(evidence),
  };
}
