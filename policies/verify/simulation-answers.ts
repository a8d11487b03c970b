/**
 * The simulator's answers, per action and resource, held against what each simulation expects.
 * Pure. The answer shape is the SDK's EvaluationResult, declared here structurally (only the
 * fields read) so that the core does not load the SDK.
 *
 * Since 2025 the simulator returns one result per action, whose top-level decision is the most
 * restrictive over the resources asked, with the per-resource decisions in
 * ResourceSpecificResults; before, one result per action and resource. Both are read. Where a
 * resource's own decision cannot be told (a denied aggregate without per-resource results), the
 * pair counts as unanswered, and an unanswered pair fails whatever was expected: the proof never
 * passes on an answer it did not get.
 */
import type { Simulation } from "./simulation-plan";

export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

interface MatchedStatement {
  readonly SourcePolicyId?: string;
  readonly SourcePolicyType?: string;
}

interface ResourceResult {
  readonly EvalResourceName?: string;
  readonly EvalResourceDecision?: string;
  readonly MatchedStatements?: readonly MatchedStatement[];
  readonly MissingContextValues?: readonly string[];
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary?: boolean };
}

export interface SimulatorResult {
  readonly EvalActionName?: string;
  readonly EvalResourceName?: string;
  readonly EvalDecision?: string;
  readonly MatchedStatements?: readonly MatchedStatement[];
  readonly MissingContextValues?: readonly string[];
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary?: boolean };
  readonly OrganizationsDecisionDetail?: { readonly AllowedByOrganizations?: boolean };
  readonly ResourceSpecificResults?: readonly ResourceResult[];
}

export interface PairAnswer {
  readonly action: string;
  /** An ARN, or `*`. */
  readonly resource: string;
  /** `unanswered`: the simulator said nothing this pair can be read from. */
  readonly decision: Decision | "unanswered";
  /** The policies whose statements decided it (`inline-policy-name`, a managed policy's ARN). */
  readonly decidedBy: readonly string[];
  /** Context keys the policies use that the simulation did not supply. */
  readonly missingContext: readonly string[];
  /** false: the permissions boundary alone denies it. */
  readonly allowedByBoundary?: boolean;
  /** false: a service control policy denies it. */
  readonly allowedByOrganizations?: boolean;
}

export interface SimulationOutcome {
  readonly simulation: Simulation;
  readonly answers: readonly PairAnswer[];
  /** The answers that contradict the expectation: failures, or for a probe, its finding. */
  readonly unexpected: readonly PairAnswer[];
}

const DECISIONS = new Set<string>(["allowed", "explicitDeny", "implicitDeny"]);

function decisionOf(value: string | undefined): Decision | "unanswered" {
  return value !== undefined && DECISIONS.has(value) ? (value as Decision) : "unanswered";
}

function policiesOf(statements: readonly MatchedStatement[] | undefined): string[] {
  return [...new Set((statements ?? []).map((statement) => statement.SourcePolicyId ?? statement.SourcePolicyType ?? "a policy"))];
}

/** The answer for one action on one resource, from the results of the simulation that asked it. */
function answerFor(results: readonly SimulatorResult[], action: string, resource: string, resourcesAsked: number): PairAnswer {
  const forAction = results.filter((result) => result.EvalActionName?.toLowerCase() === action.toLowerCase());
  const base = { action, resource };
  const organizations = (result: SimulatorResult) =>
    result.OrganizationsDecisionDetail?.AllowedByOrganizations === undefined ? {} : { allowedByOrganizations: result.OrganizationsDecisionDetail.AllowedByOrganizations };
  for (const result of forAction) {
    const specific = result.ResourceSpecificResults?.find((entry) => entry.EvalResourceName === resource);
    if (specific) {
      return {
        ...base,
        decision: decisionOf(specific.EvalResourceDecision),
        decidedBy: policiesOf(specific.MatchedStatements),
        missingContext: [...(specific.MissingContextValues ?? [])],
        ...(specific.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === undefined ? {} : { allowedByBoundary: specific.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary }),
        ...organizations(result),
      };
    }
  }
  // The older shape (one result per resource), a simulation on `*`, or a single resource asked.
  const whole = forAction.find((result) => result.EvalResourceName === resource) ?? (forAction.length === 1 && (resourcesAsked === 1 || forAction[0].EvalDecision === "allowed") ? forAction[0] : undefined);
  if (!whole) return { ...base, decision: "unanswered", decidedBy: [], missingContext: [] };
  return {
    ...base,
    decision: decisionOf(whole.EvalDecision),
    decidedBy: policiesOf(whole.MatchedStatements),
    missingContext: [...(whole.MissingContextValues ?? [])],
    ...(whole.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === undefined ? {} : { allowedByBoundary: whole.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary }),
    ...organizations(whole),
  };
}

/** Whether an answer is what the simulation expects: `allowed`, or any deny. Unanswered is neither. */
export function meetsExpectation(answer: PairAnswer, simulation: Pick<Simulation, "expect">): boolean {
  if (answer.decision === "unanswered") return false;
  return simulation.expect === "allowed" ? answer.decision === "allowed" : answer.decision !== "allowed";
}

export function simulationOutcome(simulation: Simulation, results: readonly SimulatorResult[]): SimulationOutcome {
  const resources = simulation.resourceArns ?? ["*"];
  const answers = simulation.actions.flatMap((action) => resources.map((resource) => answerFor(results, action, resource, resources.length)));
  return { simulation, answers, unexpected: answers.filter((answer) => !meetsExpectation(answer, simulation)) };
}

/** A verdict counts only for simulations that are not probes. */
export function failedSimulations(outcomes: readonly SimulationOutcome[]): SimulationOutcome[] {
  return outcomes.filter((outcome) => !outcome.simulation.probe && outcome.unexpected.length > 0);
}
