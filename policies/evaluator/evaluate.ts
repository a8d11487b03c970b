/**
 * Effective-permission evaluation of the identity policies that reach one role, with IAM's own
 * semantics and one bias: when the static answer is uncertain, the answer is "may grant".
 *
 * - Allow: Action patterns, or NotAction (everything not listed, in every service). A condition
 *   does not stop an Allow from counting; the grant is reported as conditional.
 * - Deny removes an action only when it certainly applies: no condition, `Resource` containing
 *   `"*"` (a NotResource or a narrower Resource may leave part of the grant alive).
 * - A permissions boundary filters when it can be read; an unreadable one is ignored, since
 *   treating it as a filter could hide a grant.
 * - An Action that is a Terraform expression (`${...}`) cannot be matched: it is kept aside as an
 *   unresolved grant, which the rule turns into a violation.
 *
 * Names that look like actions but are not (BEDROCK_NON_ACTIONS, e.g. `bedrock:Converse`) grant
 * nothing and deny nothing: only catalogue actions and other literal actions are ever queried.
 */
import { BEDROCK_ACTIONS, BEDROCK_NON_ACTIONS, hasNoResourceType, lookupBedrockAction, type Plane } from "../catalogue/bedrock-actions";
import { asList, type ConditionBlock, type PolicyStatement } from "../documents/statement";
import { actionMatches, hasWildcard, patternCovers, patternsIntersect, serviceOf } from "./action-match";

/** Where a statement came from: the Terraform address carrying the policy, and its position in it. */
export interface StatementRef {
  /** e.g. `aws_iam_role_policy.chat_ABC123`, `aws_iam_role.app_ABC123 inline_policy[0]`, `aws-managed:AmazonBedrockFullAccess`. */
  readonly source: string;
  readonly sid?: string;
  /** Position of the statement in its document (0-based). */
  readonly index: number;
}

export interface SourcedStatement {
  readonly statement: PolicyStatement;
  readonly ref: StatementRef;
}

export type BoundaryInput =
  | { readonly kind: "none" }
  | { readonly kind: "resolved"; readonly source: string; readonly statements: readonly SourcedStatement[] }
  | { readonly kind: "unresolvable"; readonly source: string; readonly reason: string };

/** One statement that grants (part of) the queried action or pattern. */
export interface Grant {
  readonly ref: StatementRef;
  /** The statement's pattern that matches, or `NotAction [..]` when the grant comes from a NotAction. */
  readonly matchedBy: string;
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly condition?: ConditionBlock;
  readonly conditional: boolean;
}

/** A Bedrock action (or, for `unlisted`, a literal or wildcard the catalogue cannot vouch for) the role may perform. */
export interface BedrockGrant {
  readonly action: string;
  /** Catalogue plane; `unlisted` for a literal action missing from the catalogue or a wildcard that may match one. */
  readonly plane: Plane | "unlisted";
  readonly grants: readonly Grant[];
  /** True when every granting statement carries a condition. */
  readonly conditional: boolean;
}

/** A non-Bedrock action pattern the role may perform (`logs:PutLogEvents`, `s3:*`, `*`, or a NotAction grant). */
export interface PatternGrant {
  readonly pattern: string;
  readonly grant: Grant;
}

/** An Allow whose Action is a Terraform expression: the evaluator cannot say what it grants. */
export interface UnresolvedActionGrant {
  readonly expression: string;
  readonly ref: StatementRef;
}

interface NormalizedStatement {
  readonly ref: StatementRef;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly condition?: ConditionBlock;
  /** The statement may apply to the resource `*`, as IAM matches an action that has no resource type. */
  readonly coversStar: boolean;
}

export interface EffectivePermissions {
  readonly allows: readonly NormalizedStatement[];
  readonly certainDenies: readonly NormalizedStatement[];
  readonly unresolvedActions: readonly UnresolvedActionGrant[];
  readonly boundary: {
    readonly status: "none" | "applied" | "ignored";
    readonly source?: string;
    readonly reason?: string;
    readonly allows: readonly NormalizedStatement[];
    readonly certainDenies: readonly NormalizedStatement[];
  };
}

// A `%{…}` directive left in place is as unknown as a `${…}`: never a literal action.
const isExpression = (value: string): boolean => value.includes("${") || value.includes("%{");
const nonActions = new Set(BEDROCK_NON_ACTIONS.map((action) => action.toLowerCase()));

/**
 * Whether a Resource or NotResource entry may match the resource `*`, its unknown `${…}` parts
 * read as "anything": a glob matches the one-character string `*` exactly when, its `*`s left
 * out, nothing or a single `?` remains (no regular expression per ARN: policies hold thousands).
 */
const mayMatchStar = (pattern: string): boolean => {
  const rest = pattern.replace(/\$\{[^}]*\}/g, "*").replace(/\*/g, "");
  return rest === "" || rest === "?";
};

/** Whether the statement's resource scope may include the resource `*`. */
function scopeCoversStar(statement: PolicyStatement): boolean {
  if (statement.NotResource !== undefined) return !asList(statement.NotResource).some((pattern) => !isExpression(pattern) && mayMatchStar(pattern));
  if (statement.Resource === undefined) return true;
  return asList(statement.Resource).some(mayMatchStar);
}

function hasCondition(statement: PolicyStatement): boolean {
  return statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
}

/**
 * Splits statements into Allows (what may be granted) and the Denies that certainly apply.
 * `boundaryMode` reads unresolvable boundary actions as `*`: a boundary can only filter, so
 * reading it wider keeps it sound.
 */
function normalize(statements: readonly SourcedStatement[], boundaryMode: boolean) {
  const allows: NormalizedStatement[] = [];
  const certainDenies: NormalizedStatement[] = [];
  const unresolvedActions: UnresolvedActionGrant[] = [];
  for (const { statement, ref } of statements) {
    const base = {
      ref,
      resources: asList(statement.Resource),
      notResources: asList(statement.NotResource),
      ...(hasCondition(statement) ? { condition: statement.Condition } : {}),
      coversStar: scopeCoversStar(statement),
    };
    const actions = statement.Action === undefined ? undefined : asList(statement.Action);
    const notActions = statement.NotAction === undefined ? undefined : asList(statement.NotAction);
    if (statement.Effect === "Deny") {
      const certain =
        !hasCondition(statement) &&
        statement.NotResource === undefined &&
        base.resources.includes("*") &&
        ![...(actions ?? []), ...(notActions ?? [])].some(isExpression);
      if (certain) certainDenies.push({ ...base, actions, notActions });
      continue;
    }
    // Anything but a literal "Deny" is read as Allow: an effect we cannot read may be Allow.
    if (actions !== undefined) {
      const literal = actions.filter((action) => !isExpression(action));
      for (const expression of actions.filter(isExpression)) {
        if (boundaryMode) literal.push("*");
        else unresolvedActions.push({ expression, ref });
      }
      allows.push({ ...base, actions: literal });
    }
    if (notActions !== undefined) {
      // An excluded action we cannot read might exclude nothing: drop it (grants more, never less).
      allows.push({ ...base, notActions: notActions.filter((action) => !isExpression(action)) });
    }
  }
  return { allows, certainDenies, unresolvedActions };
}

export function evaluatePolicies(statements: readonly SourcedStatement[], boundary: BoundaryInput = { kind: "none" }): EffectivePermissions {
  const identity = normalize(statements, false);
  const boundaryPart =
    boundary.kind === "resolved"
      ? { status: "applied" as const, source: boundary.source, ...normalize(boundary.statements, true) }
      : boundary.kind === "unresolvable"
        ? { status: "ignored" as const, source: boundary.source, reason: boundary.reason, allows: [], certainDenies: [] }
        : { status: "none" as const, allows: [], certainDenies: [] };
  return {
    allows: identity.allows,
    certainDenies: identity.certainDenies,
    unresolvedActions: identity.unresolvedActions,
    boundary: boundaryPart,
  };
}

// Concrete actions take the fast path (a cached regexp); open patterns the glob algebra.
const intersects = (pattern: string, query: string): boolean =>
  hasWildcard(query) ? patternsIntersect(pattern, query) : actionMatches(pattern, query);
const covers = (pattern: string, query: string): boolean =>
  hasWildcard(query) ? patternCovers(pattern, query) : actionMatches(pattern, query);

/**
 * Whether a pattern can match an action the catalogue does not list. When the question is about
 * unlisted actions only (a wildcard's unknown tail), a concrete catalogue action in a Deny's
 * NotAction or a boundary's Action says nothing about it.
 */
function reachesUnlisted(pattern: string): boolean {
  return hasWildcard(pattern) || (!lookupBedrockAction(pattern) && !nonActions.has(pattern.toLowerCase()));
}

/** Whether a certain Deny removes every action in `region` (given as patterns whose intersection is the region). */
function certainlyDenied(denies: readonly NormalizedStatement[], region: readonly string[], unlistedOnly: boolean): boolean {
  return denies.some((deny) => {
    if (deny.actions) return deny.actions.some((pattern) => region.some((part) => covers(pattern, part)));
    // Deny + NotAction denies everything except the listed actions.
    const excepted = (deny.notActions ?? []).filter((pattern) => !unlistedOnly || reachesUnlisted(pattern));
    return region.some((part) => !excepted.some((pattern) => intersects(pattern, part)));
  });
}

/** Whether some Allow of `allows` may grant an action in `region`. Over-approximates (sound for a boundary). */
function mayAllowRegion(allows: readonly NormalizedStatement[], region: readonly string[], unlistedOnly: boolean, resourceless: boolean): boolean {
  return allows.some((allow) => {
    if (resourceless && !allow.coversStar) return false;
    if (allow.actions) {
      return allow.actions.some((pattern) => (!unlistedOnly || reachesUnlisted(pattern)) && region.every((part) => intersects(pattern, part)));
    }
    const excluded = allow.notActions ?? [];
    return !region.some((part) => excluded.some((pattern) => covers(pattern, part)));
  });
}

function grantOf(statement: NormalizedStatement, matchedBy: string): Grant {
  return {
    ref: statement.ref,
    matchedBy,
    resources: statement.resources,
    notResources: statement.notResources,
    ...(statement.condition ? { condition: statement.condition } : {}),
    conditional: statement.condition !== undefined,
  };
}

export function describeNotAction(notActions: readonly string[]): string {
  return `NotAction [${notActions.join(", ")}]`;
}

/**
 * Whether a grant of `region` (patterns whose intersection is the region) outlives the Denies and
 * the boundary; `resourceless`: the region is one action that has no resource type.
 */
function survives(permissions: EffectivePermissions, region: readonly string[], unlistedOnly: boolean, resourceless: boolean): boolean {
  const boundary = permissions.boundary;
  if (certainlyDenied(permissions.certainDenies, region, unlistedOnly)) return false;
  if (boundary.status !== "applied") return true;
  return mayAllowRegion(boundary.allows, region, unlistedOnly, resourceless) && !certainlyDenied(boundary.certainDenies, region, unlistedOnly);
}

/**
 * The grant `allow` gives on `query`, if any. With `onlyPattern`, only that one of the
 * statement's Action patterns is considered (to list grants per pattern); with `unlistedOnly`,
 * only the part of `query` the catalogue does not list counts.
 */
function statementGrant(permissions: EffectivePermissions, allow: NormalizedStatement, query: string, onlyPattern?: string, unlistedOnly = false): Grant | undefined {
  const resourceless = !unlistedOnly && !hasWildcard(query) && hasNoResourceType(query);
  if (resourceless && !allow.coversStar) return undefined;
  if (allow.actions) {
    for (const pattern of allow.actions) {
      if (onlyPattern !== undefined && pattern !== onlyPattern) continue;
      if (intersects(pattern, query) && survives(permissions, [pattern, query], unlistedOnly, resourceless)) return grantOf(allow, pattern);
    }
    return undefined;
  }
  const excluded = allow.notActions ?? [];
  if (excluded.some((pattern) => covers(pattern, query))) return undefined;
  return survives(permissions, [query], unlistedOnly, resourceless) ? grantOf(allow, describeNotAction(excluded)) : undefined;
}

/**
 * The statements through which the role may perform `query`: a concrete action
 * (`iam:PassRole`) or a pattern (`aws-marketplace:*`, meaning "any action in that set").
 * Empty when no statement may grant it.
 */
export function grantsFor(permissions: EffectivePermissions, query: string): Grant[] {
  const grants: Grant[] = [];
  for (const allow of permissions.allows) {
    const grant = statementGrant(permissions, allow, query);
    if (grant) grants.push(grant);
  }
  return grants;
}

export function mayPerform(permissions: EffectivePermissions, query: string): boolean {
  return grantsFor(permissions, query).length > 0;
}

function bedrockGrant(action: string, plane: BedrockGrant["plane"], grants: readonly Grant[]): BedrockGrant {
  return { action, plane, grants, conditional: grants.every((grant) => grant.conditional) };
}

/**
 * Every Bedrock action the role may perform: each catalogue action some statement grants, plus
 * what the catalogue cannot vouch for: a literal `bedrock:` action it does not list, and any
 * wildcard (or NotAction) reaching into `bedrock:`, which also matches actions AWS adds later.
 */
export function bedrockGrants(permissions: EffectivePermissions): BedrockGrant[] {
  // The review lists a role's grants and the rule judges them: one evaluation serves both.
  const cached = bedrockGrantsCache.get(permissions);
  if (cached) return cached;
  const result = computeBedrockGrants(permissions);
  bedrockGrantsCache.set(permissions, result);
  return result;
}

const bedrockGrantsCache = new WeakMap<EffectivePermissions, BedrockGrant[]>();

function computeBedrockGrants(permissions: EffectivePermissions): BedrockGrant[] {
  const result: BedrockGrant[] = [];
  // Only statements that can reach bedrock: are worth testing against the 262 catalogue actions.
  const reaching = {
    ...permissions,
    allows: permissions.allows.filter((allow) => allow.actions === undefined || allow.actions.some((pattern) => patternsIntersect(pattern, "bedrock:*"))),
  };
  for (const entry of candidateActions(reaching.allows)) {
    const grants = grantsFor(reaching, entry.action);
    if (grants.length > 0) result.push(bedrockGrant(entry.action, entry.plane, grants));
  }
  const unlisted = new Map<string, Grant[]>();
  const add = (key: string, grant: Grant) => unlisted.set(key, [...(unlisted.get(key) ?? []), grant]);
  for (const allow of permissions.allows) {
    if (allow.actions) {
      for (const pattern of allow.actions) {
        if (!patternsIntersect(pattern, "bedrock:*")) continue;
        if (!hasWildcard(pattern)) {
          if (lookupBedrockAction(pattern) || nonActions.has(pattern.toLowerCase())) continue;
          const grant = statementGrant(permissions, allow, pattern, pattern);
          if (grant) add(pattern, grant);
        } else {
          const key = serviceOf(pattern) === "bedrock" ? pattern : "bedrock:*";
          const query = key === "bedrock:*" ? "bedrock:*" : pattern;
          const grant = statementGrant(permissions, allow, query, pattern, true);
          if (grant) add(key, grant);
        }
      }
    } else {
      const grant = statementGrant(permissions, allow, "bedrock:*", undefined, true);
      if (grant) add("bedrock:*", grant);
    }
  }
  for (const [action, grants] of unlisted) result.push(bedrockGrant(action, "unlisted", grants));
  return result;
}

/**
 * Whether the permissions boundary allows every action `pattern` matches: an allow covers it and
 * no certain Deny of the boundary touches it. True when no boundary applies. (A grant of
 * `logs:*` behind a boundary that allows `logs:PutLogEvents` is partly capped: false.)
 */
export function boundaryAllowsAll(permissions: EffectivePermissions, pattern: string): boolean {
  const boundary = permissions.boundary;
  if (boundary.status !== "applied") return true;
  const allowed = boundary.allows.some((allow) =>
    allow.actions ? allow.actions.some((candidate) => patternCovers(candidate, pattern)) : !(allow.notActions ?? []).some((excluded) => patternsIntersect(excluded, pattern)),
  );
  const denied = boundary.certainDenies.some((deny) => (deny.actions ? deny.actions.some((candidate) => patternsIntersect(candidate, pattern)) : true));
  return allowed && !denied;
}

/**
 * The catalogue actions worth asking about, in catalogue order: all of them when a statement
 * holds a wildcard or a NotAction; otherwise only those its literal actions name (a literal
 * matches exactly the action of its name, whatever its case), which spares testing 262 actions
 * against every statement of every role.
 */
function candidateActions(allows: readonly NormalizedStatement[]): readonly (typeof BEDROCK_ACTIONS)[number][] {
  const named = new Set<string>();
  for (const allow of allows) {
    if (!allow.actions) return BEDROCK_ACTIONS;
    for (const pattern of allow.actions) {
      if (hasWildcard(pattern)) return BEDROCK_ACTIONS;
      const entry = lookupBedrockAction(pattern);
      if (entry) named.add(entry.action);
    }
  }
  return BEDROCK_ACTIONS.filter((entry) => named.has(entry.action));
}

/** The role's grants outside `bedrock:` (one per granting pattern), e.g. `logs:PutLogEvents`, `*`, or a NotAction. */
export function otherGrants(permissions: EffectivePermissions): PatternGrant[] {
  const result: PatternGrant[] = [];
  for (const allow of permissions.allows) {
    if (allow.actions) {
      for (const pattern of allow.actions) {
        if (serviceOf(pattern) === "bedrock") continue;
        const grant = statementGrant(permissions, allow, pattern, pattern);
        if (grant) result.push({ pattern, grant });
      }
    } else {
      const grant = statementGrant(permissions, allow, "*");
      if (grant) result.push({ pattern: grant.matchedBy, grant });
    }
  }
  return result;
}
