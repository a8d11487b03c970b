/**
 * Small readers the rules share, over the Terraform JSON cdktf writes: nested blocks come as an
 * object or a one-element list, booleans and numbers may arrive as strings, and references are
 * `${<type>.<name>.<attribute>}` templates (possibly inside a longer string). Nothing here
 * imports cdktf: the review CLI must start fast.
 */
import { blocksOf, resourcesOf, type Located, type SynthStack, type TerraformBlock, type TerraformValue } from "../extract/terraform-json";

export type Resource = Located<TerraformBlock>;

const byStack = new WeakMap<SynthStack, Map<string, readonly Resource[]>>();

/** The resources of one type in a stack; read once per stack and type (every rule asks, often per finding). */
export function resources(stack: SynthStack, type: string): readonly Resource[] {
  let byType = byStack.get(stack);
  if (!byType) byStack.set(stack, (byType = new Map()));
  let found = byType.get(type);
  if (!found) byType.set(type, (found = resourcesOf(stack.config, type)));
  return found;
}

/** Memoizes `compute` per stack (and per workspace, when given): derived views the rules share. */
export function perStack<T>(compute: (stack: SynthStack) => T): (stack: SynthStack) => T {
  const cache = new WeakMap<SynthStack, T>();
  return (stack) => {
    if (!cache.has(stack)) cache.set(stack, compute(stack));
    return cache.get(stack)!;
  };
}

/** The first nested block of an attribute (`vpc_config`, `settings`, `tracing_config`), or undefined. */
export function block(value: TerraformValue | undefined): TerraformBlock | undefined {
  return blocksOf(value)[0];
}

/** `true`, `"true"` → true; `false`, `"false"`, absent → false; an expression → undefined (unknown at synth). */
export function flag(value: TerraformValue | undefined): boolean | undefined {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** A number, or a numeric string; undefined when absent or an expression. */
export function numberOf(value: TerraformValue | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A non-empty string (a literal or an expression), else undefined. */
export function present(value: TerraformValue | undefined): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  return undefined;
}

/** True when `value` (any attribute, nested or not) mentions a reference to `address` (`aws_x.name`). */
export function mentions(value: TerraformValue | undefined, address: string): boolean {
  if (value === undefined || value === null) return false;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.includes(`\${${address}.`) || text.includes(`\${${address}[`);
}

/** `0.0.0.0/0`, `::/0` and their spellings (`0.0.0.0/00`, `::0/0`): every address. */
export function isAnyAddress(cidr: string): boolean {
  const [address, prefix] = cidr.trim().split("/");
  if (prefix === undefined || Number(prefix) !== 0) return false;
  return address.includes(":") ? /^[0:]*$/.test(address.replace(/::/g, ":")) : /^0+(\.0+){3}$/.test(address);
}
