/**
 * What a role's own policies grant that its permissions boundary does not allow. IAM grants the
 * intersection, so the review's verdict rightly ignores it; but a pull request that widens a
 * role's policy to `bedrock:*` behind a boundary has still widened it: the grant applies the day
 * the boundary is removed, widened or detached. The report shows it as a note per statement, and
 * the `--base` diff lists it, so that such a change is never invisible.
 */
import type { ConditionBlock } from "../documents/statement";
import { bedrockGrants, boundaryAllowsAll, evaluatePolicies, otherGrants, type EffectivePermissions, type Grant, type SourcedStatement } from "../evaluator/evaluate";
import { formatOrigin, originOf, type StatementOrigin } from "./statement-findings";

export interface BeyondBoundary extends StatementOrigin {
  /** The statement, formatted: `aws_iam_role_policy.x #0 (Sid)`. */
  readonly statement: string;
  /** What the statement grants that the boundary caps, catalogue order (Bedrock first), then other patterns. */
  readonly actions: readonly string[];
  readonly actionCount: number;
  /** The statement's own patterns that grant them (`bedrock:*`), with the scope it grants them on. */
  readonly patterns: readonly string[];
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly condition?: ConditionBlock;
}

type Granted = { action: string; grant: Grant };

const key = ({ action, grant }: Granted) => `${action}\u0000${grant.ref.source}\u0000${grant.ref.index}`;

/**
 * What `statements` grant without the boundary that they do not grant with it (`bounded`), one
 * entry per statement. Bedrock is compared action by action (the catalogue's); other services
 * pattern by pattern, a pattern the boundary allows only in part counting as beyond it.
 */
export function grantsBeyondBoundary(statements: readonly SourcedStatement[], bounded: EffectivePermissions): BeyondBoundary[] {
  if (bounded.boundary.status !== "applied") return [];
  const unbounded = evaluatePolicies(statements);
  const bedrockWithin = new Set(bedrockGrants(bounded).flatMap((entry) => entry.grants.map((grant) => key({ action: entry.action, grant }))));
  const beyond: Granted[] = [
    ...bedrockGrants(unbounded)
      .flatMap((entry) => entry.grants.map((grant) => ({ action: entry.action, grant })))
      .filter((entry) => !bedrockWithin.has(key(entry))),
    ...otherGrants(unbounded)
      .map(({ pattern, grant }) => ({ action: pattern, grant }))
      .filter(({ action }) => !boundaryAllowsAll(bounded, action.startsWith("NotAction") ? "*" : action)),
  ];
  const byStatement = new Map<string, { grant: Grant; actions: string[]; patterns: Set<string> }>();
  for (const entry of beyond) {
    const statement = formatOrigin(originOf(entry.grant.ref));
    const group = byStatement.get(statement) ?? { grant: entry.grant, actions: [], patterns: new Set<string>() };
    group.actions.push(entry.action);
    group.patterns.add(entry.grant.matchedBy);
    byStatement.set(statement, group);
  }
  return [...byStatement.entries()].map(([statement, { grant, actions, patterns }]) => ({
    ...originOf(grant.ref),
    statement,
    actions,
    actionCount: actions.length,
    patterns: [...patterns],
    resources: grant.resources,
    ...(grant.notResources.length > 0 ? { notResources: grant.notResources } : {}),
    ...(grant.condition ? { condition: grant.condition } : {}),
  }));
}
