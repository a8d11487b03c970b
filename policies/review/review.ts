/**
 * The review: extraction + evaluation + the application-role rule over a whole synth output, as
 * one plain-data object that the renderers (markdown, JSON) and the tests read. Pure: no file
 * system (paths are only compared), no cdktf.
 */
import { checkApplicationPermissions, type RuleOptions } from "../evaluator/app-role-rule";
import { admittedPrincipals, ANYONE, summarizeStatement, type EndpointStatementSummary } from "../evaluator/endpoint-policy";
import { bedrockGrants, evaluatePolicies, otherGrants, type BoundaryInput, type Grant, type SourcedStatement } from "../evaluator/evaluate";
import { extractEndpoints, type ExtractedEndpoint } from "../extract/endpoints";
import { followRemoteState, workspaceOf, type PolicyResolution, type Workspace } from "../extract/resolve";
import { extractRoles, type ExtractedRole, type PolicyAttachment, type UnattachedPolicy } from "../extract/roles";
import { readableStacks } from "../extract/readable-stack";
import { dataSourcesOf, parseReference, type SourceLocation, type SynthStack } from "../extract/terraform-json";
import { resolve } from "node:path";
import type { ConditionBlock } from "../documents/statement";
import { grantsBeyondBoundary, type BeyondBoundary } from "./beyond-boundary";
import { locator } from "./locations";
import { findingsByStatement, formatOrigin, originOf, unreadablePolicyViolation, type StatementOrigin, type Violation } from "./statement-findings";

export { formatOrigin, type StatementOrigin, type Violation } from "./statement-findings";
export type { BeyondBoundary } from "./beyond-boundary";

/** 2: one violation per role and statement (`actions`, `actionCount`, `kinds`), `dataPlaneFindings`, `unreviewedModules`, `summary.failing`. */
export const SCHEMA_VERSION = 2;

export interface GrantVia extends StatementOrigin {
  readonly matchedBy: string;
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly condition?: ConditionBlock;
  readonly conditional: boolean;
}

export interface ReviewedGrant {
  /** A catalogue action, a bedrock wildcard/unlisted action, or a non-Bedrock pattern. */
  readonly action: string;
  readonly plane: "data" | "control" | "unlisted" | "other";
  readonly conditional: boolean;
  readonly via: readonly GrantVia[];
}

export interface ReviewedRole {
  readonly stack: string;
  readonly address: string;
  readonly roleName?: string;
  /** Where the role is written, when the input says. */
  readonly location?: SourceLocation;
  readonly application: boolean;
  readonly applicationReasons: readonly string[];
  readonly planeTag?: string;
  readonly trustedServices: readonly string[];
  readonly boundary: { readonly status: "none" | "applied" | "ignored"; readonly source?: string; readonly reason?: string };
  readonly grants: readonly ReviewedGrant[];
  /** Policies (or Actions) the guard could not read. */
  readonly unresolved: readonly { readonly source: string; readonly reason: string }[];
  /** What the role's own statements grant that its permissions boundary caps; absent when nothing is. */
  readonly beyondBoundary?: readonly BeyondBoundary[];
}

export interface ReviewedPrincipal {
  readonly value: string;
  /** `<stack>/aws_iam_role.<name>` when the principal is a reference to a role of this synth output. */
  readonly role?: string;
}

export interface ReviewedEndpointStatement extends Omit<EndpointStatementSummary, "principals"> {
  readonly principals: readonly ReviewedPrincipal[];
}

export interface ReviewedEndpoint {
  readonly stack: string;
  readonly address: string;
  readonly serviceName: string;
  readonly endpointType?: string;
  /** `default-full-access`: no policy, so AWS's default admits every principal and action. */
  readonly policy: "resolved" | "default-full-access" | "unresolvable";
  readonly policySource?: string;
  readonly reason?: string;
  readonly statements: readonly ReviewedEndpointStatement[];
  readonly principals: readonly ReviewedPrincipal[];
}

/** A `module` call in Terraform JSON: the review cannot see the roles it creates (a plan can). */
export interface UnreviewedModule {
  readonly stack: string;
  /** `module.<name>` */
  readonly address: string;
  readonly source?: string;
  /** Where the module call is written, when the input says. */
  readonly location?: SourceLocation;
}

export interface Review {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly stacks: readonly string[];
  readonly summary: {
    readonly roles: number;
    readonly applicationRoles: number;
    readonly endpoints: number;
    readonly violations: number;
    readonly dataPlaneFindings: number;
    readonly unreviewedModules: number;
    /** Roles whose own policies grant more than their permissions boundary allows (capped, so not failing). */
    readonly beyondBoundary: number;
    /** What the exit code says: violations, unaccepted modules, or data-plane findings when they are set to fail. */
    readonly failing: boolean;
  };
  readonly violations: readonly Violation[];
  /** Data-plane actions outside the chatbot's set on application roles, one per role and statement. */
  readonly dataPlaneFindings: readonly Violation[];
  readonly unreviewedModules: readonly UnreviewedModule[];
  readonly roles: readonly ReviewedRole[];
  readonly endpoints: readonly ReviewedEndpoint[];
}

export interface ReviewOptions extends RuleOptions {
  /** Data-plane actions outside the chatbot's set (agents, knowledge-base runtime) fail the review. @default false */
  readonly failOnDataPlane?: boolean;
  /** `module` calls the review cannot look into do not fail it (they are still listed). @default false */
  readonly acceptModules?: boolean;
}

const origin = originOf;

function sourced(source: string, resolution: Extract<PolicyResolution, { kind: "resolved" }>): SourcedStatement[] {
  return resolution.statements.map((statement, index) => ({ statement, ref: { source, ...(statement.Sid ? { sid: statement.Sid } : {}), index: resolution.positions?.[index] ?? index } }));
}

function via(grant: Grant): GrantVia {
  return {
    ...origin(grant.ref),
    matchedBy: grant.matchedBy,
    resources: grant.resources,
    ...(grant.notResources.length > 0 ? { notResources: grant.notResources } : {}),
    ...(grant.condition ? { condition: grant.condition } : {}),
    conditional: grant.conditional,
  };
}

interface Subject {
  readonly stack: string;
  readonly role: string;
  readonly application: boolean;
  readonly attachments: readonly PolicyAttachment[];
  readonly boundary: BoundaryInput;
}

function evaluateSubject(subject: Subject, options: ReviewOptions) {
  const statements: SourcedStatement[] = [];
  const unresolved: { source: string; reason: string }[] = [];
  for (const attachment of subject.attachments) {
    if (attachment.resolution.kind === "resolved") statements.push(...sourced(attachment.source, attachment.resolution));
    else if (attachment.resolution.kind === "unresolvable") unresolved.push({ source: attachment.source, reason: attachment.resolution.reason });
  }
  const permissions = evaluatePolicies(statements, subject.boundary);
  const grants: ReviewedGrant[] = [
    ...bedrockGrants(permissions).map((grant) => ({ action: grant.action, plane: grant.plane, conditional: grant.conditional, via: grant.grants.map(via) })),
    ...otherGrants(permissions).map(({ pattern, grant }) => ({ action: pattern, plane: "other" as const, conditional: grant.conditional, via: [via(grant)] })),
  ];
  for (const expression of permissions.unresolvedActions) unresolved.push({ source: formatOrigin(origin(expression.ref)), reason: `Action ${expression.expression} is a Terraform expression` });
  const beyondBoundary = grantsBeyondBoundary(statements, permissions);
  const violations: Violation[] = [];
  const dataPlane: Violation[] = [];
  if (subject.application) {
    const grouped = findingsByStatement(subject.stack, subject.role, checkApplicationPermissions(permissions, options));
    violations.push(...grouped.violations);
    dataPlane.push(...grouped.dataPlane);
    for (const item of unresolved.filter((entry) => !entry.reason.startsWith("Action "))) violations.push(unreadablePolicyViolation(subject.stack, subject.role, item.source, item.reason));
  }
  return { permissions, grants, unresolved, violations, dataPlane, beyondBoundary };
}

function boundaryOf(role: ExtractedRole): BoundaryInput {
  const boundary = role.boundary;
  if (boundary.kind === "resolved") return { kind: "resolved", source: boundary.source, statements: sourced(`boundary ${boundary.source}`, boundary.resolution) };
  return boundary;
}

interface RoleResult {
  readonly reviewed: ReviewedRole;
  readonly violations: readonly Violation[];
  readonly dataPlane: readonly Violation[];
}

function reviewRole(role: ExtractedRole, options: ReviewOptions): RoleResult {
  const application = role.applicationReasons.length > 0;
  const result = evaluateSubject({ stack: role.stack, role: role.address, application, attachments: role.attachments, boundary: boundaryOf(role) }, options);
  const boundary = result.permissions.boundary;
  return {
    reviewed: {
      stack: role.stack,
      address: role.address,
      ...(role.roleName ? { roleName: role.roleName } : {}),
      application,
      applicationReasons: role.applicationReasons,
      ...(role.planeTag !== undefined ? { planeTag: role.planeTag } : {}),
      trustedServices: role.trustedServices,
      boundary: { status: boundary.status, ...(boundary.source ? { source: boundary.source } : {}), ...(boundary.reason ? { reason: boundary.reason } : {}) },
      grants: result.grants,
      unresolved: result.unresolved,
      ...(result.beyondBoundary.length > 0 ? { beyondBoundary: result.beyondBoundary } : {}),
    },
    violations: result.violations,
    dataPlane: result.dataPlane,
  };
}

/**
 * Policies attached to a role the review cannot identify, grouped by the role expression. An
 * existing role looked up by `data.aws_iam_role` with a literal name that is none of this
 * input's roles (by reference, or by the name a plan resolved it to) is a role of another
 * configuration: its grants are shown but it is judged as an application role only if that
 * configuration's review says so. Anything else (a variable, an unknown remote output, a lookup
 * by an expression) might be an application role, and is judged as one: it fails closed.
 */
function reviewUnattached(policies: readonly UnattachedPolicy[], existingRoleNames: ReadonlySet<string>, options: ReviewOptions): RoleResult {
  const [{ stack, target }] = policies;
  const role = `unidentified role ${target}`;
  const lookup = parseReference(target);
  const existing = lookup?.mode === "data" && lookup.type === "aws_iam_role" ? existingRoleNames.has(`${stack}/${lookup.address}`) : existingRoleNames.has(target);
  const attachments = policies.map((policy): PolicyAttachment => ({ source: policy.source, kind: "role-policy", resolution: policy.resolution }));
  const result = evaluateSubject({ stack, role, application: !existing, attachments, boundary: { kind: "none" } }, options);
  return {
    reviewed: {
      stack,
      address: role,
      application: !existing,
      applicationReasons: existing ? [] : ["attached to a role the review cannot identify: judged as an application role"],
      trustedServices: [],
      boundary: { status: "none" },
      grants: result.grants,
      unresolved: result.unresolved,
    },
    violations: result.violations,
    dataPlane: result.dataPlane,
  };
}

/**
 * Existing roles the input looks up with `data.aws_iam_role` by a literal name (a lookup whose
 * name is an expression could be anything): their names and ARNs, and the lookups themselves as
 * `<stack>/data.aws_iam_role.<name>`.
 */
function existingRoleNames(stacks: readonly SynthStack[]): Set<string> {
  const names = new Set<string>();
  for (const stack of stacks) {
    for (const { address, block } of dataSourcesOf(stack.config, "aws_iam_role")) {
      const name = block.name;
      if (typeof name !== "string" || name.includes("${") || name.includes("%{")) continue;
      names.add(name).add(`${stack.name}/${address}`);
      if (typeof block.arn === "string" && !block.arn.includes("${")) names.add(block.arn);
    }
  }
  return names;
}

function groupUnattached(unattached: readonly UnattachedPolicy[]): UnattachedPolicy[][] {
  const groups = new Map<string, UnattachedPolicy[]>();
  for (const policy of unattached) groups.set(`${policy.stack}\u0000${policy.target}`, [...(groups.get(`${policy.stack}\u0000${policy.target}`) ?? []), policy]);
  return [...groups.values()];
}

function resolvePrincipal(workspace: Workspace, stack: string, value: string): ReviewedPrincipal {
  const home = workspace.byName.get(stack);
  if (!home) return { value };
  const followed = followRemoteState(workspace, home, value);
  const reference = parseReference(followed.value);
  if (reference?.mode === "resource" && reference.type === "aws_iam_role") return { value, role: `${followed.stack.name}/${reference.address}` };
  return { value };
}

function reviewEndpoint(workspace: Workspace, endpoint: ExtractedEndpoint): ReviewedEndpoint {
  const base = {
    stack: endpoint.stack,
    address: endpoint.address,
    serviceName: endpoint.serviceName,
    ...(endpoint.endpointType ? { endpointType: endpoint.endpointType } : {}),
    ...(endpoint.policySource ? { policySource: endpoint.policySource } : {}),
  };
  const principal = (value: string) => resolvePrincipal(workspace, endpoint.stack, value);
  if (endpoint.policy.kind === "absent") return { ...base, policy: "default-full-access", statements: [], principals: [{ value: ANYONE }] };
  if (endpoint.policy.kind === "unresolvable") return { ...base, policy: "unresolvable", reason: endpoint.policy.reason, statements: [], principals: [{ value: ANYONE }] };
  const summaries = endpoint.policy.statements.map(summarizeStatement);
  return {
    ...base,
    policy: "resolved",
    statements: summaries.map((summary) => ({ ...summary, principals: summary.principals.map(principal) })),
    principals: admittedPrincipals(summaries).map(principal),
  };
}

/** Reviews every role and endpoint of the given stacks. */
export function reviewStacks(stacks: readonly SynthStack[], options: ReviewOptions = {}): Review {
  const readable = readableStacks(stacks);
  const workspace = workspaceOf(readable);
  const { roles, unattached } = extractRoles(workspace);
  const existing = existingRoleNames(readable);
  const reviewedRoles: ReviewedRole[] = [];
  const violations: Violation[] = [];
  const dataPlaneFindings: Violation[] = [];
  for (const result of [...roles.map((role) => reviewRole(role, options)), ...groupUnattached(unattached).map((group) => reviewUnattached(group, existing, options))]) {
    reviewedRoles.push(result.reviewed);
    violations.push(...result.violations);
    dataPlaneFindings.push(...result.dataPlane);
  }
  const locate = locator(readable);
  const located = (finding: Violation): Violation => {
    const location = locate(finding.stack, finding.statement);
    return location ? { ...finding, location } : finding;
  };
  const locatedRoles = reviewedRoles.map((role) => {
    const location = role.address.startsWith("unidentified role") ? undefined : locate(role.stack, role.address);
    return location ? { ...role, location } : role;
  });
  const endpoints = extractEndpoints(workspace).map((endpoint) => reviewEndpoint(workspace, endpoint));
  const reviewedFolders = new Set(readable.flatMap((stack) => (stack.directory !== undefined ? [resolve(stack.directory)] : [])));
  const unreviewedModules = readable.flatMap((stack) => modulesOf(stack, reviewedFolders));
  const failing = violations.length > 0 || (options.failOnDataPlane === true && dataPlaneFindings.length > 0) || (options.acceptModules !== true && unreviewedModules.length > 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    stacks: stacks.map((stack) => stack.name),
    summary: {
      roles: reviewedRoles.length,
      applicationRoles: reviewedRoles.filter((role) => role.application).length,
      endpoints: endpoints.length,
      violations: violations.length,
      dataPlaneFindings: dataPlaneFindings.length,
      unreviewedModules: unreviewedModules.length,
      beyondBoundary: reviewedRoles.filter((role) => role.beyondBoundary !== undefined).length,
      failing,
    },
    violations: violations.map(located),
    dataPlaneFindings: dataPlaneFindings.map(located),
    unreviewedModules,
    roles: locatedRoles,
    endpoints,
  };
}

/**
 * The module calls the review cannot see into. A local module (`source = "./ecs"`) whose folder
 * is part of this input is reviewed as a stack of its own (a repository given whole), so it is
 * not listed.
 */
function modulesOf(stack: SynthStack, reviewedFolders: ReadonlySet<string>): UnreviewedModule[] {
  const calls = (stack.config.module ?? {}) as Record<string, { source?: unknown }>;
  const reviewed = (source: unknown) => typeof source === "string" && /^\.\.?\//.test(source) && stack.directory !== undefined && reviewedFolders.has(resolve(stack.directory, source));
  return Object.entries(calls).filter(([, call]) => !reviewed(call?.source)).map(([name, call]) => {
    const location = stack.locate?.(`module.${name}`);
    return {
      stack: stack.name,
      address: `module.${name}`,
      ...(typeof call?.source === "string" ? { source: call.source } : {}),
      ...(location ? { location } : {}),
    };
  });
}

/** Roles of the review that are application roles, by stack. */
export function applicationRoles(review: Review): ReviewedRole[] {
  return review.roles.filter((role) => role.application);
}

/**
 * The check behind "this endpoint admits only principal X": every Allow statement names only
 * principals accepted by `accepts` (given the raw value and, when it refers to a role of the synth
 * output, `<stack>/aws_iam_role.<name>`). A missing or unreadable policy admits anyone and fails.
 */
export function endpointAdmitsOnly(endpoint: ReviewedEndpoint, accepts: string | ((principal: ReviewedPrincipal) => boolean)): { ok: boolean; unexpected: string[] } {
  const test = typeof accepts === "string" ? (principal: ReviewedPrincipal) => principal.value === accepts || principal.role === accepts : accepts;
  const unexpected = endpoint.principals.filter((principal) => principal.value === ANYONE || !test(principal)).map((principal) => principal.value);
  if (endpoint.policy !== "resolved") unexpected.push(`(${endpoint.policy})`);
  return { ok: unexpected.length === 0 && endpoint.principals.length > 0, unexpected: [...new Set(unexpected)] };
}
