/** The field-by-field reader behind parseConfig: every problem is collected with its path, none thrown. */
import { type Problem, describeProblem } from "../modules/core/validate";

export type Json = Record<string, unknown>;

/** Walks the raw JSON, collecting problems with their field paths. */
export class Checker {
  readonly problems: string[] = [];

  problem(field: string, value: unknown, fix: string): void {
    this.problems.push(describeProblem({ field, value, fix }));
  }

  /**
   * Problems found by a construct's own check (`<construct>Problems(props, path)`). `rename` maps a
   * prop's path to the config field it was read from where the two are named differently
   * (`guardrail.guardrailVersion` → `guardrail.version`). Returns whether there were any.
   */
  add(problems: readonly Problem[], rename: Readonly<Record<string, string>> = {}): boolean {
    for (const problem of problems) this.problems.push(describeProblem({ ...problem, field: rename[problem.field] ?? problem.field }));
    return problems.length > 0;
  }

  object(parent: Json, key: string, path: string, allowed: readonly string[], required: boolean): Json | undefined {
    const value = parent[key];
    if (value === undefined) {
      if (required) this.problems.push(`${path}: is required`);
      return undefined;
    }
    if (!isObject(value)) {
      this.problem(path, value, "must be an object");
      return undefined;
    }
    this.unknownKeys(value, path, allowed);
    return value;
  }

  unknownKeys(value: Json, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        const where = path === "" ? key : `${path}.${key}`;
        this.problems.push(`${where}: unknown field; expected one of ${allowed.join(", ")} (a typo?)`);
      }
    }
  }

  string(parent: Json, key: string, path: string, pattern: RegExp | undefined, fix: string, required: boolean): string | undefined {
    const value = parent[key];
    if (value === undefined) {
      if (required) this.problems.push(`${path}: is required; ${fix}`);
      return undefined;
    }
    if (typeof value !== "string" || (pattern && !pattern.test(value))) {
      this.problem(path, value, fix);
      return undefined;
    }
    return value;
  }

  boolean(parent: Json, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") {
      this.problem(path, value, "must be true or false");
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(parent: Json, key: string, path: string, allowed: readonly T[]): T | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !allowed.includes(value as T)) {
      this.problem(path, value, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
      return undefined;
    }
    return value as T;
  }

  list(parent: Json, key: string, path: string, fix: string): unknown[] {
    const value = parent[key];
    if (!Array.isArray(value) || value.length === 0) {
      this.problem(path, value, fix);
      return [];
    }
    return value;
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
