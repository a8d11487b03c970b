/**
 * `--base`: what a pull request changes in who may do what. Each role is keyed by stack and
 * Terraform address, each endpoint likewise; their permissions are flattened to comparable
 * lines and the diff lists the lines added and removed. A role has two kinds of line:
 * - the actions it may perform (`bedrock:InvokeModel`, `logs:PutLogEvents (conditional)`);
 * - the scope each statement grants them on (`bedrock:InvokeModel on arn:…/model-a if
 *   StringEquals bedrock:InferenceProfileArn = …`), so that a wider Resource or a dropped
 *   Condition shows as a change even when the action list stays the same;
 * - what its statements grant beyond its permissions boundary (see beyond-boundary.ts).
 * An endpoint's line is `${aws_iam_role.x.arn} → bedrock:InvokeModel on … if …`.
 */
import type { ConditionBlock } from "../documents/statement";
import type { Review, ReviewedEndpoint, ReviewedRole } from "./review";

export interface PermissionChange {
  readonly stack: string;
  /** Terraform address of the role or endpoint. */
  readonly address: string;
  readonly status: "added" | "removed" | "changed";
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface PermissionDiff {
  readonly roles: readonly PermissionChange[];
  readonly endpoints: readonly PermissionChange[];
}

function conditionText(condition: ConditionBlock | undefined): string {
  if (!condition || Object.keys(condition).length === 0) return "";
  const parts = Object.entries(condition)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([operator, entries]) =>
      Object.entries(entries)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${operator} ${key} = ${(typeof value === "string" ? [value] : [...value]).sort().join(", ")}`),
    );
  return ` if ${parts.join(" and ")}`;
}

function scopeText(resources: readonly string[], notResources: readonly string[] | undefined, condition: ConditionBlock | undefined): string {
  const on = notResources && notResources.length > 0 ? `on all but ${[...notResources].sort().join(", ")}` : `on ${[...resources].sort().join(", ") || "(no Resource)"}`;
  return `${on}${conditionText(condition)}`;
}

/**
 * A role's lines. What its statements grant beyond its permissions boundary is a line too (the
 * statement's pattern and scope, marked so): a pull request widening a policy behind a boundary
 * changes the role even though the boundary caps the grant.
 */
export function rolePermissionLines(role: ReviewedRole): string[] {
  const scopes = new Set<string>();
  for (const grant of role.grants) for (const via of grant.via) scopes.add(`${via.matchedBy} ${scopeText(via.resources, via.notResources, via.condition)}`);
  for (const beyond of role.beyondBoundary ?? []) {
    for (const pattern of beyond.patterns) scopes.add(`${pattern} ${scopeText(beyond.resources, beyond.notResources, beyond.condition)} (beyond the permissions boundary)`);
  }
  return [
    ...role.grants.map((grant) => `${grant.action}${grant.conditional ? " (conditional)" : ""}`),
    ...scopes,
    ...role.unresolved.map((item) => `unresolvable: ${item.source}`),
  ];
}

export function endpointPermissionLines(endpoint: ReviewedEndpoint): string[] {
  if (endpoint.policy === "default-full-access") return ["* → * (default policy: full access)"];
  if (endpoint.policy === "unresolvable") return [`unresolvable policy: ${endpoint.reason ?? "?"}`];
  const lines: string[] = [];
  for (const statement of endpoint.statements) {
    const actions = statement.notActions ? [`NotAction [${statement.notActions.join(", ")}]`] : statement.actions;
    for (const principal of statement.principals) {
      for (const action of actions) lines.push(`${statement.effect === "Deny" ? "deny " : ""}${principal.value} → ${action} ${scopeText(statement.resources, statement.notResources, statement.condition)}`);
    }
  }
  return lines;
}

function diffBy<T extends { stack: string; address: string }>(base: readonly T[], head: readonly T[], lines: (item: T) => string[]): PermissionChange[] {
  const key = (item: T) => `${item.stack}\u0000${item.address}`;
  const baseByKey = new Map(base.map((item) => [key(item), item]));
  const headByKey = new Map(head.map((item) => [key(item), item]));
  const changes: PermissionChange[] = [];
  for (const [itemKey, item] of headByKey) {
    const before = baseByKey.get(itemKey);
    const now = new Set(lines(item));
    const was = new Set(before ? lines(before) : []);
    const added = [...now].filter((line) => !was.has(line)).sort();
    const removed = [...was].filter((line) => !now.has(line)).sort();
    if (!before) changes.push({ stack: item.stack, address: item.address, status: "added", added, removed: [] });
    else if (added.length > 0 || removed.length > 0) changes.push({ stack: item.stack, address: item.address, status: "changed", added, removed });
  }
  for (const [itemKey, item] of baseByKey) {
    if (!headByKey.has(itemKey)) changes.push({ stack: item.stack, address: item.address, status: "removed", added: [], removed: [...new Set(lines(item))].sort() });
  }
  return changes;
}

export function diffReviews(base: Review, head: Review): PermissionDiff {
  return {
    roles: diffBy(base.roles, head.roles, rolePermissionLines),
    endpoints: diffBy(base.endpoints, head.endpoints, endpointPermissionLines),
  };
}
