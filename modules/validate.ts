/**
 * Prop validation shared by the constructs. Every error names the construct, the prop, the
 * value and the fix, e.g. `ChatFunction 'chat': memorySizeMiB must be 128–10240, got 64`.
 * Unresolved tokens are skipped: their value is only known at plan time.
 */
import { Token } from "cdktf";
import type { Construct } from "constructs";

export class PropError extends Error {
  constructor(construct: Construct, prop: string, problem: string) {
    super(`${construct.constructor.name} '${construct.node.id}': ${prop} ${problem}`);
    this.name = "PropError";
  }
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
