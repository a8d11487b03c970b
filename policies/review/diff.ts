/**
 * `--base`: what a pull request changes in who may do what. Each role is keyed by stack and
 * Terraform address, each endpoint likewise; their permissions are flattened to comparable
 * lines (`bedrock:InvokeModel`, `logs:PutLogEvents (conditional)`, `${aws_iam_role.x.arn} → bedrock:InvokeModel`)
 * and the diff lists the lines added and removed.
 */
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

export function rolePermissionLines(role: ReviewedRole): string[] {
  return [
    ...role.grants.map((grant) => `${grant.action}${grant.conditional ? " (conditional)" : ""}`),
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
      for (const action of actions) lines.push(`${statement.effect === "Deny" ? "deny " : ""}${principal.value} → ${action}`);
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
