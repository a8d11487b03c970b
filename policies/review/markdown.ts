/**
 * `--format markdown` (the default): what a reviewer reads in a pull-request comment. Verdict
 * and `--base` diff first, then every role and endpoint in detail, the rule pack's checks, then the violations. Long
 * action lists (a `bedrock:*` expands to the whole catalogue) are grouped by the statement and
 * pattern that grant them and shortened, so the comment stays readable and under GitHub's size
 * limit; the JSON output keeps every action.
 */
import type { PermissionChange, PermissionDiff } from "./diff";
import type { GrantVia, Review, ReviewedEndpoint, ReviewedRole, Violation } from "./review";
import { formatOrigin } from "./review";
import { cell, code, where } from "./markdown-text";
import { checksSection, checksVerdict } from "./checks-markdown";
import type { CheckReport } from "../checks/types";

export { shortenReferences } from "./markdown-text";

const MAX_LISTED = 8;

function shortList(items: readonly string[], format: (item: string) => string = code): string {
  if (items.length === 0) return "—";
  const shown = items.slice(0, MAX_LISTED).map(format).join(", ");
  return items.length > MAX_LISTED ? `${shown} … and ${items.length - MAX_LISTED} more` : shown;
}

function conditionText(condition: GrantVia["condition"]): string {
  if (!condition) return "—";
  return Object.entries(condition)
    .flatMap(([operator, entries]) => Object.entries(entries).map(([key, value]) => `${operator} ${key} = ${Array.isArray(value) ? value.join(", ") : value}`))
    .map(code)
    .join("<br>");
}

function verdict(review: Review): string {
  const { summary } = review;
  const scope = `${review.stacks.length} stack(s) · ${summary.roles} role(s), ${summary.applicationRoles} application · ${summary.endpoints} endpoint(s)`;
  const notes = [
    summary.dataPlaneFindings > 0 ? `${summary.dataPlaneFindings} data-plane finding(s) outside the chatbot's set (see Data-plane findings)` : "",
    summary.unreviewedModules > 0 ? `${summary.unreviewedModules} module call(s) not reviewed (see Modules)` : "",
    summary.beyondBoundary > 0
      ? `⚠️ ${summary.beyondBoundary} role(s) hold policies that grant more than their permissions boundary allows: capped today, granted the day the boundary goes (see Roles)`
      : "",
  ].filter((note) => note !== "");
  const head =
    summary.violations > 0
      ? `❌ **${summary.violations} violation(s).** An application role can reach beyond its allowed Bedrock data-plane actions (see Violations, at the end).`
      : summary.failing
        ? "❌ **Not passed.** No violation among the roles the review could see, but something it cannot vouch for fails it (below)."
        : "✅ **No violations.** Every application role stays inside its allowed Bedrock data-plane actions.";
  return [head, ...notes.map((note) => `- ${note}`), "", scope].join("\n");
}

function findingsTable(title: string, findings: readonly Violation[]): string[] {
  if (findings.length === 0) return [];
  const lines = [`### ${title}`, "", "| Stack | Role | Statement | Actions | Finding |", "|---|---|---|---|---|"];
  for (const finding of findings) {
    lines.push(`| ${code(finding.stack)} | ${code(finding.role)} | ${code(finding.statement)}${where(finding.location)} | ${finding.actionCount} | ${cell(finding.reason)} |`);
  }
  return [...lines, ""];
}

function modulesSection(review: Review): string[] {
  if (review.unreviewedModules.length === 0) return [];
  const lines = [
    "### Modules",
    "",
    review.summary.failing && review.violations.length === 0
      ? "The roles these module calls create are not in this input. Review a plan instead (`terraform show -json`), or pass `--accept-modules` once they are reviewed elsewhere."
      : "The roles these module calls create are not in this input; a plan (`terraform show -json`) shows them.",
    "",
    "| Stack | Module | Source |",
    "|---|---|---|",
  ];
  for (const module of review.unreviewedModules) lines.push(`| ${code(module.stack)} | ${code(module.address)} | ${module.source ? code(module.source) : "—"} |`);
  return [...lines, ""];
}

function changeLines(title: string, changes: readonly PermissionChange[]): string[] {
  if (changes.length === 0) return [`#### ${title}`, "", "No change.", ""];
  const lines = [`#### ${title}`, "", "| Stack | Address | Change | Added | Removed |", "|---|---|---|---|---|"];
  for (const change of changes) {
    lines.push(`| ${code(change.stack)} | ${code(change.address)} | ${change.status} | ${shortList(change.added)} | ${shortList(change.removed)} |`);
  }
  return [...lines, ""];
}

function diffSection(diff: PermissionDiff | undefined): string[] {
  if (!diff) return [];
  return ["### Changes since base", "", ...changeLines("Roles", diff.roles), ...changeLines("Endpoints", diff.endpoints)];
}

function roleSection(role: ReviewedRole): string[] {
  const kind = role.application ? `**application role** (${role.applicationReasons.join("; ")})` : "not an application role";
  const taggedAsReason = role.applicationReasons.some((reason) => reason.startsWith("tagged "));
  const tag = role.planeTag !== undefined && !taggedAsReason ? ` · tag \`BedrockPlane = ${role.planeTag}\`` : "";
  const boundary =
    role.boundary.status === "none"
      ? ""
      : role.boundary.status === "applied"
        ? ` · permissions boundary ${code(role.boundary.source ?? "?")} applied`
        : ` · permissions boundary ${code(role.boundary.source ?? "?")} ignored (${role.boundary.reason ?? "unresolvable"})`;
  const lines = [`#### ${code(role.address)} — stack ${code(role.stack)}${where(role.location)}`, "", `${kind}${tag}${boundary}`, ""];
  if (role.grants.length === 0 && role.unresolved.length === 0) return [...lines, "No permissions.", ""];
  // One row per granting statement: a wildcard's expansion stays on one line, and the patterns
  // that are not plain action names are shown next to the statement.
  const rows = new Map<string, { via: GrantVia; actions: string[]; planes: Set<string>; patterns: Set<string> }>();
  for (const grant of role.grants) {
    for (const one of grant.via) {
      const key = formatOrigin(one);
      const row = rows.get(key) ?? { via: one, actions: [], planes: new Set<string>(), patterns: new Set<string>() };
      row.actions.push(grant.action);
      row.planes.add(grant.plane);
      if (one.matchedBy.toLowerCase() !== grant.action.toLowerCase()) row.patterns.add(one.matchedBy);
      rows.set(key, row);
    }
  }
  lines.push("| Actions | Plane | Statement | Resources | Conditions |", "|---|---|---|---|---|");
  for (const { via, actions, planes, patterns } of rows.values()) {
    const resources = via.notResources ? `NotResource ${shortList(via.notResources)}` : shortList(via.resources);
    const through = patterns.size > 0 ? ` via ${[...patterns].map(code).join(", ")}` : "";
    lines.push(`| ${shortList(actions)} | ${[...planes].join(", ")} | ${code(formatOrigin(via))}${through} | ${resources} | ${conditionText(via.condition)} |`);
  }
  for (const item of role.unresolved) lines.push(`| **unresolvable** | ? | ${code(item.source)} | — | ${cell(item.reason)} |`);
  return [...lines, "", ...beyondBoundaryNotes(role)];
}

/** A statement granting more than the boundary allows: not a violation (IAM caps it), but never silent. */
function beyondBoundaryNotes(role: ReviewedRole): string[] {
  return (role.beyondBoundary ?? []).map(
    (beyond) =>
      `⚠️ **Beyond the permissions boundary:** ${code(beyond.statement)} grants ${beyond.actionCount} action(s) that ${code(role.boundary.source ?? "the boundary")} does not allow (${shortList(beyond.patterns)}: ${shortList(beyond.actions)}). The boundary caps them today; they are granted as soon as it is removed or widened.\n`,
  );
}

function endpointSection(endpoint: ReviewedEndpoint): string[] {
  const type = endpoint.endpointType ? ` (${endpoint.endpointType})` : "";
  const lines = [`#### ${code(endpoint.address)} — ${code(endpoint.serviceName)}${type}, stack ${code(endpoint.stack)}`, ""];
  if (endpoint.policy === "default-full-access") return [...lines, "No endpoint policy: AWS's default admits **any principal, any action**.", ""];
  if (endpoint.policy === "unresolvable") return [...lines, `Endpoint policy unresolvable: ${cell(endpoint.reason ?? "?")}`, ""];
  if (endpoint.policySource) lines.push(`Policy set by ${code(endpoint.policySource)}.`, "");
  lines.push("| Effect | Principals | Actions | Resources | Conditions |", "|---|---|---|---|---|");
  for (const statement of endpoint.statements) {
    const principals = statement.principals.map((principal) => (principal.role ? `${code(principal.value)} (${code(principal.role)})` : code(principal.value))).join("<br>");
    const actions = statement.notActions ? `NotAction ${shortList(statement.notActions)}` : shortList(statement.actions);
    const resources = statement.notResources ? `NotResource ${shortList(statement.notResources)}` : shortList(statement.resources);
    lines.push(`| ${statement.effect} | ${principals} | ${actions} | ${resources} | ${conditionText(statement.condition)} |`);
  }
  return [...lines, ""];
}

/** `checks`: the rule pack's report, when it ran (`--no-checks` leaves it out). */
export function renderMarkdown(review: Review, diff?: PermissionDiff, checks?: CheckReport): string {
  // Order as the issue asks: per role, per endpoint, then the violations; the verdict and the
  // diff come first because they are what a pull-request reviewer reads before scrolling.
  const lines = ["## Bedrock permission review", "", verdict(review), "", ...(checks ? [checksVerdict(checks), ""] : []), ...diffSection(diff)];
  lines.push("### Roles", "");
  if (review.roles.length === 0) lines.push("No IAM roles.", "");
  // Application roles first: they are what the guard is about.
  for (const role of [...review.roles].sort((a, b) => Number(b.application) - Number(a.application))) lines.push(...roleSection(role));
  lines.push("### Endpoints", "");
  if (review.endpoints.length === 0) lines.push("No VPC endpoints.", "");
  for (const endpoint of review.endpoints) lines.push(...endpointSection(endpoint));
  if (checks) lines.push(...checksSection(checks));
  lines.push(...modulesSection(review));
  lines.push(...findingsTable("Data-plane findings", review.dataPlaneFindings));
  lines.push(...findingsTable("Violations", review.violations));
  return `${lines.join("\n").trimEnd()}\n`;
}
