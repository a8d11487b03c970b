/**
 * The guard's rule for application roles: their effective Bedrock actions stay inside the
 * allowed data-plane set. Anything else the evaluator finds is a finding:
 * - a catalogue action outside the set: control plane, or a data-plane action the chatbot does
 *   not use (agents and knowledge-base runtime, async invoke…), which the review reports apart
 *   because it is configurable whether that fails;
 * - a `bedrock:` action the catalogue does not list, or a wildcard / NotAction reaching into
 *   `bedrock:` (it also matches actions AWS adds later, which count as control plane);
 * - any `aws-marketplace:*` action (model subscriptions belong to the admin side);
 * - `iam:PassRole` (hands the app's reach to something else);
 * - an Action the evaluator cannot read.
 * Conditional grants count: a condition narrows a grant, it does not remove it.
 */
import { APP_DATA_PLANE_ACTIONS } from "../catalogue/bedrock-actions";
import { bedrockGrants, grantsFor, type EffectivePermissions, type Grant, type StatementRef } from "./evaluate";
import { serviceOf } from "./action-match";

export interface RuleOptions {
  /** @default APP_DATA_PLANE_ACTIONS (InvokeModel, InvokeModelWithResponseStream, ApplyGuardrail) */
  readonly allowedBedrockActions?: readonly string[];
}

export type FindingKind = "control-plane" | "data-plane-outside-chatbot" | "unlisted-bedrock" | "wildcard-bedrock" | "marketplace" | "pass-role" | "unresolvable";

export interface RuleFinding {
  readonly action: string;
  readonly kind: FindingKind;
  readonly reason: string;
  readonly grants: readonly Grant[];
  /** Statements that grant it (the first is the one reported). */
  readonly statements: readonly StatementRef[];
  /** True when every granting statement carries a condition. */
  readonly conditional: boolean;
}

function finding(action: string, kind: FindingKind, reason: string, grants: readonly Grant[]): RuleFinding {
  return { action, kind, reason, grants, statements: grants.map((grant) => grant.ref), conditional: grants.length > 0 && grants.every((grant) => grant.conditional) };
}

export function checkApplicationPermissions(permissions: EffectivePermissions, options: RuleOptions = {}): RuleFinding[] {
  const allowed = new Set((options.allowedBedrockActions ?? APP_DATA_PLANE_ACTIONS).map((action) => action.toLowerCase()));
  const findings: RuleFinding[] = [];
  for (const grant of bedrockGrants(permissions)) {
    if (grant.plane === "unlisted") {
      const wildcard = /[*?]/.test(grant.action) || grant.grants.some((one) => one.matchedBy.startsWith("NotAction"));
      findings.push(
        wildcard
          ? finding(grant.action, "wildcard-bedrock", "wildcard or NotAction reaches bedrock: actions the catalogue does not list (control plane until classified)", grant.grants)
          : finding(grant.action, "unlisted-bedrock", "bedrock: action not in the catalogue counts as control plane", grant.grants),
      );
    } else if (!allowed.has(grant.action.toLowerCase())) {
      findings.push(
        grant.plane === "control"
          ? finding(grant.action, "control-plane", "control-plane action granted to an application role", grant.grants)
          : finding(grant.action, "data-plane-outside-chatbot", "data-plane action outside the chatbot's set", grant.grants),
      );
    }
  }
  const marketplace = grantsFor(permissions, "aws-marketplace:*");
  if (marketplace.length > 0) {
    // Name the narrowest thing granted: the statement's own pattern when it stays inside aws-marketplace.
    const byAction = new Map<string, Grant[]>();
    for (const grant of marketplace) {
      const action = serviceOf(grant.matchedBy) === "aws-marketplace" ? grant.matchedBy : "aws-marketplace:*";
      byAction.set(action, [...(byAction.get(action) ?? []), grant]);
    }
    for (const [action, grants] of byAction) findings.push(finding(action, "marketplace", "aws-marketplace actions (model subscriptions) belong to the admin side", grants));
  }
  const passRole = grantsFor(permissions, "iam:PassRole");
  if (passRole.length > 0) findings.push(finding("iam:PassRole", "pass-role", "iam:PassRole lets the application hand a role to another service", passRole));
  for (const unresolved of permissions.unresolvedActions) {
    findings.push({
      action: unresolved.expression,
      kind: "unresolvable",
      reason: "Action is a Terraform expression the guard cannot read",
      grants: [],
      statements: [unresolved.ref],
      conditional: false,
    });
  }
  return findings;
}
