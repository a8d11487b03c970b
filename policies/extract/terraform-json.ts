/**
 * The small slice of Terraform JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json)
 * the guard reads, and how it follows references. cdktf writes resources as
 * `resource.<type>.<name>` objects, nested blocks as arrays of objects, and references as
 * `${<type>.<name>.<attribute>}` template strings. Nothing here imports cdktf: the review CLI
 * must start fast.
 */

export type TerraformValue = string | number | boolean | null | TerraformValue[] | { [key: string]: TerraformValue };
export type TerraformBlock = { readonly [key: string]: TerraformValue };

export interface TerraformConfig {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TerraformBlock>>>>;
  readonly output?: Readonly<Record<string, TerraformBlock>>;
  readonly [key: string]: unknown;
}

/** Where something is written: a file (as the reviewer named it) and, where known, the line. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

/** One stack of a synth output: `cdktf.out/stacks/<name>/cdk.tf.json`, a Terraform module folder, a plan's module. */
export interface SynthStack {
  readonly name: string;
  readonly file: string;
  /** Where a block of the stack is written, by address (`aws_iam_role.app`, `data.aws_iam_policy_document.x`, `module.m`). */
  readonly locate?: (address: string) => SourceLocation | undefined;
  readonly config: TerraformConfig;
  /** The folder `path.module` stands for, where `file()` reads from; absent for a plan or an in-memory config. */
  readonly directory?: string;
  /**
   * Strings that stand for several values (a policy whose `%{if}` or conditional expression
   * depends on a variable): the string as it appears in `config` to every rendering. Set by
   * readableStack.
   */
  readonly alternatives?: ReadonlyMap<string, readonly string[]>;
}

export interface Located<T> {
  /** `aws_iam_role.chat_role_1A2B3C4D`, or `data.aws_iam_policy_document.x` for data sources. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly block: T;
}

export function resourcesOf(config: TerraformConfig, type: string): Located<TerraformBlock>[] {
  return Object.entries(config.resource?.[type] ?? {}).map(([name, block]) => ({ address: `${type}.${name}`, type, name, block }));
}

export function dataSourcesOf(config: TerraformConfig, type: string): Located<TerraformBlock>[] {
  return Object.entries(config.data?.[type] ?? {}).map(([name, block]) => ({ address: `data.${type}.${name}`, type, name, block }));
}

/** A string that is exactly one reference: `${aws_iam_role.x.arn}`, `${data.aws_iam_policy_document.x.json}`, `${aws_iam_role.x[0].name}`. */
export interface Reference {
  readonly mode: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** The attribute path after the name, e.g. `arn`, `json`, `outputs.cross-stack-output-x`. */
  readonly attribute: string;
  /** `aws_iam_role.x` / `data.aws_iam_policy_document.x` */
  readonly address: string;
}

const REFERENCE = /^\$\{(data\.)?([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([\w.\-[\]"]+)\}$/;

export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  const [, data, type, name, attribute] = match;
  const mode = data ? "data" : "resource";
  return { mode, type, name, attribute, address: `${data ? "data." : ""}${type}.${name}` };
}

/** True when the string carries a Terraform template expression or directive anywhere. */
export function isExpression(value: string): boolean {
  return value.includes("${") || value.includes("%{");
}

/** First element of a nested-block list (`inline_policy`, `iam_instance_profile` in some resources). */
export function blocksOf(value: TerraformValue | undefined): TerraformBlock[] {
  if (Array.isArray(value)) return value.filter((item): item is { [key: string]: TerraformValue } => typeof item === "object" && item !== null && !Array.isArray(item));
  if (typeof value === "object" && value !== null) return [value as TerraformBlock];
  return [];
}

export function stringsOf(value: TerraformValue | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

export function stringOf(value: TerraformValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
