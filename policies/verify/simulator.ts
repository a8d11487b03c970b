/**
 * Asks IAM's policy simulator one simulation of the plan: its actions in batches, each batch's
 * answers page by page (`Marker`), with the request context as ContextEntries. Read-only
 * (`iam:SimulatePrincipalPolicy`). Throttling is retried by the IAM client itself (created in the
 * CLI with the SDK's adaptive retry mode); what still fails is the caller's to report.
 */
import { type ContextEntry, type IAMClient, paginateSimulatePrincipalPolicy } from "@aws-sdk/client-iam";
import type { SimulatorResult } from "./simulation-answers";
import type { Simulation } from "./simulation-plan";

/** The API documents no maximum; 50 keeps each request small and a throttled retry cheap. */
export const ACTIONS_PER_REQUEST = 50;

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

export function contextEntries(simulation: Pick<Simulation, "context">): ContextEntry[] {
  return simulation.context.map((entry) => ({ ContextKeyName: entry.key, ContextKeyValues: [...entry.values], ContextKeyType: "string" }));
}

export async function simulate(iam: IAMClient, roleArn: string, simulation: Simulation, batchSize = ACTIONS_PER_REQUEST): Promise<SimulatorResult[]> {
  const results: SimulatorResult[] = [];
  for (const actions of batches(simulation.actions, batchSize)) {
    const pages = paginateSimulatePrincipalPolicy(
      { client: iam },
      {
        PolicySourceArn: roleArn,
        ActionNames: actions,
        ...(simulation.resourceArns ? { ResourceArns: [...simulation.resourceArns] } : {}),
        ...(simulation.context.length > 0 ? { ContextEntries: contextEntries(simulation) } : {}),
      },
    );
    for await (const page of pages) results.push(...(page.EvaluationResults ?? []));
  }
  return results;
}
