/**
 * Prop validation shared by the constructs. Every error names the construct, the prop, the
 * value and the fix, e.g. `ChatFunction 'chat': memorySizeMiB must be 128–10240, got 64`.
 * Unresolved tokens are skipped: their value is only known at plan time.
 *
 * The newer style is a pure `<construct>Problems(props, at)` function beside each construct that
 * returns every Problem at once; the construct throws them (throwProblems) and the config loader
 * runs the same function with the config path as `at`, so both entry points judge a value alike.
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

/** `network` + `vpcId` → `network.vpcId`; the empty path is a construct's own props. */
export function fieldPath(at: string, key: string): string {
  return at === "" ? key : `${at}.${key}`;
}

export function checkIntegerRange(construct: Construct, prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PropError(construct, prop, `must be an integer ${min}–${max}, got ${value}`);
  }
}

export function checkOneOf<T extends string>(construct: Construct, prop: string, value: T, allowed: readonly T[]): void {
  if (Token.isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new PropError(construct, prop, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got "${value}"`);
  }
}

export function checkPattern(construct: Construct, prop: string, value: string, pattern: RegExp, fix: string): void {
  if (Token.isUnresolved(value)) return;
  if (!pattern.test(value)) throw new PropError(construct, prop, `is invalid, got "${value}": ${fix}`);
}

export function checkNonEmpty(construct: Construct, prop: string, values: readonly unknown[], fix: string): void {
  if (Token.isUnresolved(values)) return;
  if (values.length === 0) throw new PropError(construct, prop, `must not be empty: ${fix}`);
}

/** Resource names: lower-case, digits and hyphens, short enough for every AWS name they prefix. */
export const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
export const NAME_PREFIX_FIX = "use 3–30 lower-case letters, digits or hyphens, starting with a letter";

/** The `namePrefix` of the stacks and constructs, the config's `name`. */
export function namePrefixProblems(field: string, namePrefix: string): Problem[] {
  return patternProblems(field, namePrefix, NAME_PREFIX_PATTERN, `${NAME_PREFIX_FIX}, e.g. "chatbot-dev"`);
}
