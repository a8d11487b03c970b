/**
 * Prop validation shared by the constructs. Each construct has a pure
 * `<construct>Problems(props, at)` function beside it that returns every Problem at once; the
 * construct throws them (throwProblems) and the config loader runs the same function with the
 * config path as `at`, so both entry points judge a value alike. Every error names the construct,
 * the field, the fix and the value, e.g.
 * `ChatFunction 'chat': memorySizeMiB: must be a whole number of MiB 128–10240 (Lambda's range) (got 64)`.
 *
 * The value checks below (patterns, ranges, choices, booleans, lists, regions) take any value (a
 * JavaScript caller and a JSON configuration carry no types) and let unresolved tokens pass: their
 * value is only known at plan time.
 */
import { Token } from "cdktf";
import type { Construct } from "constructs";

/** One thing wrong with a prop: where (`network.subnetCidrs[1]`), what was given, and how to fix it. */
export interface Problem {
  readonly field: string;
  readonly value: unknown;
  readonly fix: string;
}

/** `field: fix (got value)`: the one line both the constructs and the config loader print. */
export function describeProblem(problem: Problem): string {
  return `${problem.field}: ${problem.fix} (got ${JSON.stringify(problem.value)})`;
}

export class PropError extends Error {
  /** Every problem found, when the error comes from a `<construct>Problems` function (throwProblems). */
  problems: readonly Problem[] = [];

  constructor(construct: Construct, prop: string, problem: string) {
    super(`${constructName(construct)}: ${prop} ${problem}`);
    this.name = "PropError";
  }
}

function constructName(construct: Construct): string {
  return `${construct.constructor.name} '${construct.node.id}'`;
}

/** Throws every problem at once, so that a caller fixes them in one pass rather than one per synth. */
export function throwProblems(construct: Construct, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  const error = new PropError(construct, "", "");
  error.message =
    problems.length === 1
      ? `${constructName(construct)}: ${describeProblem(problems[0])}`
      : `${constructName(construct)} has ${problems.length} problems:\n${problems.map((p) => `  - ${describeProblem(p)}`).join("\n")}`;
  error.problems = problems;
  throw error;
}

/** A problem when a literal string is missing or does not match; tokens pass. Guard optional props with `=== undefined`. */
export function patternProblems(field: string, value: string | undefined, pattern: RegExp, fix: string): Problem[] {
  if (Token.isUnresolved(value)) return [];
  return typeof value === "string" && pattern.test(value) ? [] : [{ field, value, fix }];
}

/**
 * A whole-number range, and the words its problem names it with: what the number counts (`unit`:
 * "must be a whole number of seconds 1–900") and, in parentheses, whose bounds these are or what
 * they mean (`note`: "(Lambda's limit)"). `max` Number.MAX_SAFE_INTEGER: no upper bound worth
 * naming ("of at least 1").
 */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
  readonly unit?: string;
  readonly note?: string;
}

/**
 * A problem unless a literal value is a whole number in `range`; `why`, after a colon, says what
 * the number means. Tokens pass. Guard optional props with `=== undefined`.
 */
export function integerRangeProblems(field: string, value: unknown, range: IntegerRange, why?: string): Problem[] {
  if (Token.isUnresolved(value)) return [];
  if (typeof value === "number" && Number.isInteger(value) && value >= range.min && value <= range.max) return [];
  const bounds = range.max === Number.MAX_SAFE_INTEGER ? `of at least ${range.min}` : `${range.min}–${range.max}`;
  const words = `${range.unit ? ` of ${range.unit}` : ""} ${bounds}${range.note ? ` (${range.note})` : ""}${why ? `: ${why}` : ""}`;
  return [{ field, value, fix: `must be a whole number${words}` }];
}

/**
 * A problem unless a literal value is one of `allowed`: `must be one of "LOW", "MEDIUM"` (strings
 * quoted, numbers bare), or `must be one of <what>: 1, 3, 5` when `what` names the list. Tokens
 * pass. Guard optional props with `=== undefined`.
 */
export function oneOfProblems(field: string, value: unknown, allowed: readonly (string | number)[], what?: string): Problem[] {
  if (Token.isUnresolved(value) || allowed.includes(value as string | number)) return [];
  const list = allowed.map((choice) => (typeof choice === "string" ? `"${choice}"` : String(choice))).join(", ");
  return [{ field, value, fix: `must be one of ${what ? `${what}: ` : ""}${list}` }];
}

/** A problem unless a literal value is true or false. Tokens pass. Guard optional props with `=== undefined`. */
export function booleanProblems(field: string, value: unknown): Problem[] {
  return Token.isUnresolved(value) || typeof value === "boolean" ? [] : [{ field, value, fix: "must be true or false" }];
}

/** booleanProblems for each of `keys` that `props` sets: a JavaScript caller's "false" is truthy, and would switch the option on. */
export function switchProblems(props: object, keys: readonly string[], at: string): Problem[] {
  const values = props as Record<string, unknown>;
  return keys.flatMap((key) => (values[key] === undefined ? [] : booleanProblems(fieldPath(at, key), values[key])));
}

/** A problem unless an option group is an object (not null, not a list); tokens pass. */
export function objectProblems(field: string, value: unknown): Problem[] {
  return Token.isUnresolved(value) || (typeof value === "object" && value !== null && !Array.isArray(value)) ? [] : [{ field, value, fix: "must be an object" }];
}

/** How a list is judged by listProblems. */
export interface ListRule {
  /** How many entries it needs (`max`: at most; none by default), and the fix when it has fewer or more, or is no list at all. */
  readonly count: { readonly min: number; readonly max?: number; readonly fix: string };
  /** The problems of one entry at `where` (`field[2]`), e.g. a patternProblems. */
  readonly entry?: (where: string, entry: unknown) => Problem[];
  /** Refuse a sound entry listed a second time (`is listed twice; <fix>`), comparing each entry's `key` (the entry itself by default). */
  readonly duplicates?: { readonly fix: string; readonly key?: (entry: unknown) => unknown };
}

/**
 * The problems of a list: none when it is a token; one, `count.fix`, when it is no list or has too
 * few or too many entries; otherwise each entry's, at its own index: its own problems, or, for a
 * sound entry whose key an earlier one has, `is listed twice; <duplicates.fix>` (with the key as
 * the value). A malformed entry is named for its form alone, however often it is repeated.
 */
export function listProblems(field: string, list: unknown, rule: ListRule): Problem[] {
  if (Token.isUnresolved(list)) return [];
  const { min, max = Number.POSITIVE_INFINITY, fix } = rule.count;
  if (!Array.isArray(list) || list.length < min || list.length > max) return [{ field, value: list, fix }];
  const seen = new Set<unknown>();
  return list.flatMap((entry: unknown, index) => {
    const where = `${field}[${index}]`;
    const own = rule.entry?.(where, entry) ?? [];
    if (own.length > 0 || rule.duplicates === undefined) return own;
    const key = rule.duplicates.key ? rule.duplicates.key(entry) : entry;
    if (Token.isUnresolved(key)) return [];
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [{ field: where, value: key, fix: `is listed twice; ${rule.duplicates.fix}` }];
  });
}

/**
 * A problem when a well-formed ARN (`pattern`'s group 1 is its region) lies outside the
 * deployment's region; `why` says why it must not. `region` is the config's literal region; a
 * token or undefined (a stack whose provider decides at plan time) skips the check.
 */
export function sameRegionProblems(field: string, arn: unknown, pattern: RegExp, region: string | undefined, why: string): Problem[] {
  if (region === undefined || Token.isUnresolved(region) || typeof arn !== "string" || Token.isUnresolved(arn)) return [];
  const arnRegion = pattern.exec(arn)?.[1];
  return arnRegion === undefined || arnRegion === region ? [] : [{ field, value: arn, fix: `is in ${arnRegion}, the stacks in ${region}: ${why}` }];
}

/** `network` + `vpcId` → `network.vpcId`; the empty path is a construct's own props. */
export function fieldPath(at: string, key: string): string {
  return at === "" ? key : `${at}.${key}`;
}

/** Resource names: lower-case, digits and hyphens, short enough for every AWS name they prefix. */
export const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
export const NAME_PREFIX_FIX = "use 3–30 lower-case letters, digits or hyphens, starting with a letter";

/** The `namePrefix` of the stacks and constructs, the config's `name`. */
export function namePrefixProblems(field: string, namePrefix: string): Problem[] {
  return patternProblems(field, namePrefix, NAME_PREFIX_PATTERN, `${NAME_PREFIX_FIX}, e.g. "chatbot-dev"`);
}
