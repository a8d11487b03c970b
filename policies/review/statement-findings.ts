/**
 * The rule's per-action findings regrouped the way a reviewer fixes them: one finding per role
 * and granting statement, its actions counted and the first few named. A `bedrock:*` statement is
 * one line saying "262 actions, 214 of them control plane", not 262 lines; each kind names the
 * first few of its own actions.
 *
 * What fails is split from what is reported: a statement reaching the control plane (or
 * anything counted as control plane: unlisted actions, wildcards, marketplace, PassRole, an
 * unreadable Action) is a violation; a statement granting only data-plane actions outside the
 * chatbot's set (agents and knowledge-base runtime, async invoke) is a data-plane finding that
 * fails only when asked to. Labels come from the catalogue.
 */
import { lookupBedrockAction } from "../catalogue/bedrock-actions";
import type { FindingKind, RuleFinding } from "../evaluator/app-role-rule";
import type { StatementRef } from "../evaluator/evaluate";
import type { SourceLocation } from "../extract/terraform-json";

export interface StatementOrigin {
  readonly source: string;
  readonly sid?: string;
  readonly index: number;
}

export interface Violation {
  readonly stack: string;
  /** `aws_iam_role.<name>`, or `unidentified role <expression>` for an attachment whose role cannot be identified. */
  readonly role: string;
  /** The most serious kind among `kinds`. */
  readonly kind: FindingKind;
  readonly kinds: readonly FindingKind[];
  /** The first of `actions`: the most serious action the statement grants. */
  readonly action: string;
  /** Every action (or pattern) of this finding the statement grants, most serious first. */
  readonly actions: readonly string[];
  readonly actionCount: number;
  readonly reason: string;
  /** The statement, formatted: `aws_iam_role_policy.x #0 (Sid)`. */
  readonly statement: string;
  readonly statements: readonly StatementOrigin[];
  /** True when the statement carries a condition (it narrows the grant, it does not remove it). */
  readonly conditional: boolean;
  /** Where the statement is written (its policy's block), when the input says: `iam.tf`, line 42. */
  readonly location?: SourceLocation;
}

/** Most serious first; the order actions are listed in and the `kind` a finding is filed under. */
const KIND_ORDER: readonly FindingKind[] = ["control-plane", "wildcard-bedrock", "unlisted-bedrock", "marketplace", "pass-role", "unresolvable", "data-plane-outside-chatbot"];
const NAMED = 3;

export function formatOrigin(origin: StatementOrigin): string {
  return `${origin.source} #${origin.index}${origin.sid ? ` (${origin.sid})` : ""}`;
}

export const originOf = (ref: StatementRef): StatementOrigin => ({ source: ref.source, ...(ref.sid ? { sid: ref.sid } : {}), index: ref.index });

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** One kind's part of the reason: what it is, and the actions of that kind it counts, named. */
function describeKind(kind: FindingKind, actions: readonly string[]): string {
  switch (kind) {
    case "control-plane":
      return `${plural(actions.length, "control-plane action")}: ${named(actions, kind)}`;
    case "wildcard-bedrock":
      return `${actions.join(", ")}, which also reaches bedrock actions the catalogue does not list (control plane until classified)`;
    case "unlisted-bedrock":
      return `${plural(actions.length, "bedrock action")} the catalogue does not list (control plane until classified): ${named(actions, kind)}`;
    case "marketplace":
      return `aws-marketplace actions (model subscriptions belong to the admin side): ${named(actions, kind)}`;
    case "pass-role":
      return "iam:PassRole (hands the application's reach to another service)";
    case "unresolvable":
      return `an Action the review cannot read (${actions.join(", ")})`;
    case "data-plane-outside-chatbot":
      return `${plural(actions.length, "data-plane action")} outside the chatbot's set: ${named(actions, kind)}`;
  }
}

/** `bedrock:InvokeAgent (bedrock-agent-runtime)`: the catalogue's endpoint tells agents/KB runtime from model runtime. */
function label(action: string, kind: FindingKind): string {
  const endpoint = kind === "data-plane-outside-chatbot" ? lookupBedrockAction(action)?.endpoint : undefined;
  return endpoint && endpoint !== "other/unknown" ? `${action} (${endpoint})` : action;
}

function named(actions: readonly string[], kind: FindingKind): string {
  const shown = actions.slice(0, NAMED).map((action) => label(action, kind));
  return actions.length > NAMED ? `${shown.join(", ")} and ${actions.length - NAMED} more` : shown.join(", ");
}

interface Group {
  readonly ref: StatementRef;
  readonly actions: Map<string, FindingKind>;
  conditional: boolean;
}

function toViolation(stack: string, role: string, group: Group): Violation {
  const ordered = [...group.actions.entries()]
    .map(([action, kind]) => ({ action, kind }))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.action.localeCompare(b.action));
  const kinds = KIND_ORDER.filter((kind) => ordered.some((entry) => entry.kind === kind));
  const parts = kinds.map((kind) => describeKind(kind, ordered.filter((entry) => entry.kind === kind).map((entry) => entry.action)));
  const origin = originOf(group.ref);
  return {
    stack,
    role,
    kind: kinds[0],
    kinds,
    action: ordered[0].action,
    actions: ordered.map((entry) => entry.action),
    actionCount: ordered.length,
    reason: `grants ${parts.join("; ")}${group.conditional ? " (conditional grant)" : ""}`,
    statement: formatOrigin(origin),
    statements: [origin],
    conditional: group.conditional,
  };
}

/**
 * Groups one role's rule findings by granting statement. A statement with anything that fails is
 * one violation (its data-plane actions counted in it too: `bedrock:*` is one finding, not two);
 * a statement with only data-plane actions outside the chatbot's set is a data-plane finding.
 */
export function findingsByStatement(stack: string, role: string, findings: readonly RuleFinding[]): { violations: Violation[]; dataPlane: Violation[] } {
  const groups = new Map<string, Group>();
  for (const finding of findings) {
    const sources = finding.grants.length > 0 ? finding.grants.map((grant) => ({ ref: grant.ref, conditional: grant.conditional })) : finding.statements.map((ref) => ({ ref, conditional: false }));
    for (const { ref, conditional } of sources) {
      const key = `${ref.source}\u0000${ref.index}`;
      const group = groups.get(key) ?? { ref, actions: new Map<string, FindingKind>(), conditional };
      group.conditional &&= conditional;
      if (!group.actions.has(finding.action)) group.actions.set(finding.action, finding.kind);
      groups.set(key, group);
    }
  }
  const all = [...groups.values()].map((group) => toViolation(stack, role, group));
  return {
    violations: all.filter((finding) => finding.kind !== "data-plane-outside-chatbot"),
    dataPlane: all.filter((finding) => finding.kind === "data-plane-outside-chatbot"),
  };
}

/** A policy the review cannot read, attached to an application role: one violation for it. */
export function unreadablePolicyViolation(stack: string, role: string, source: string, reason: string): Violation {
  return {
    stack,
    role,
    kind: "unresolvable",
    kinds: ["unresolvable"],
    action: "*",
    actions: ["*"],
    actionCount: 1,
    reason: `unresolvable grant: ${reason}`,
    statement: source,
    statements: [{ source, index: 0 }],
    conditional: false,
  };
}
