/**
 * The body shapes the HCL JSON syntax allows (https://github.com/hashicorp/hcl/blob/main/json/spec.md),
 * brought to the one shape the review reads: `resource.<type>.<name>` = one object.
 *
 * At every label level and at the body itself, HCL JSON accepts either an object or an array of
 * objects (which `@cdktf/hcl2json` always emits: `"resource": {"aws_iam_role": {"r": [{…}]}}`,
 * `"locals": [{…}]`). Reading only the object form silently drops those configurations, so
 * anything that is neither is an UnusableInputError naming its JSON path, and two bodies for the
 * same address are refused as Terraform refuses them.
 */
import { UnusableInputError } from "./errors";
import type { TerraformConfig } from "./terraform-json";

type JsonObject = Record<string, unknown>;

/** Labels per top-level block type; the rest (provider, terraform, moved, import, check, …) are kept as written. */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, output: 1, variable: 1, locals: 0 };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Maps built here have no prototype: a resource or local named `__proto__` (Terraform accepts
 * it) must be an entry like any other, neither lost nor a way into Object.prototype.
 */
const newObject = (): JsonObject => Object.create(null) as JsonObject;

/** `"//"` properties are comments in HCL JSON (cdktf writes its metadata there). */
const isComment = (key: string) => key === "//";

function objectsAt(value: unknown, path: string): JsonObject[] {
  if (isObject(value)) return [value];
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      if (!isObject(item)) throw new UnusableInputError(`${path}[${index}]: expected an object, got ${describe(item)}`);
      return item;
    });
  }
  throw new UnusableInputError(`${path}: expected an object or an array of objects, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}` : `a ${typeof value}`;
}

/**
 * Walks `labels` levels of a labelled block type and returns `{ "<label1>.<label2>": body }`,
 * keyed by the labels joined with NUL (labels may contain dots).
 */
function labelledBodies(value: unknown, labels: number, path: string, into: Map<string, { labels: string[]; body: JsonObject; path: string }>, prefix: string[] = []): void {
  for (const [position, object] of objectsAt(value, path).entries()) {
    const at = Array.isArray(value) ? `${path}[${position}]` : path;
    if (labels === 0) {
      const key = prefix.join("\u0000");
      const existing = into.get(key);
      if (existing) throw new UnusableInputError(`${at}: a second body for ${prefix.join(".")} (the first is at ${existing.path}); Terraform refuses duplicate blocks`);
      into.set(key, { labels: prefix, body: object, path: at });
      continue;
    }
    for (const [label, nested] of Object.entries(object)) {
      if (isComment(label)) continue;
      labelledBodies(nested, labels - 1, `${at}.${label}`, into, [...prefix, label]);
    }
  }
}

function mergeLocals(value: unknown, path: string): JsonObject {
  const merged = newObject();
  for (const [position, object] of objectsAt(value, path).entries()) {
    for (const [name, expression] of Object.entries(object)) {
      if (isComment(name)) continue;
      if (Object.hasOwn(merged, name)) throw new UnusableInputError(`${path}${Array.isArray(value) ? `[${position}]` : ""}.${name}: local value defined twice`);
      merged[name] = expression;
    }
  }
  return merged;
}

/** One configuration's top level in the canonical shape; `label` names the file in errors. */
export function canonicalBodies(root: unknown, label: string): TerraformConfig {
  if (!isObject(root)) throw new UnusableInputError(`${label}: the root of a Terraform JSON file must be an object, got ${describe(root)}`);
  const result = newObject();
  for (const [blockType, value] of Object.entries(root)) {
    const path = `${label}: ${blockType}`;
    const labels = LABELS[blockType];
    if (labels === undefined) {
      result[blockType] = value;
    } else if (labels === 0) {
      result[blockType] = mergeLocals(value, path);
    } else {
      const bodies = new Map<string, { labels: string[]; body: JsonObject; path: string }>();
      labelledBodies(value, labels, path, bodies);
      const canonical = newObject();
      for (const { labels: names, body } of bodies.values()) {
        if (names.length === 1) canonical[names[0]] = body;
        else ((Object.hasOwn(canonical, names[0]) ? canonical[names[0]] : (canonical[names[0]] = newObject())) as JsonObject)[names[1]] = body;
      }
      result[blockType] = canonical;
    }
  }
  return result as TerraformConfig;
}

/**
 * The files of one Terraform module (a folder of `.tf` and `.tf.json` files) as one
 * configuration: Terraform reads them as one, so an address defined in two files is refused here
 * too. An override file (`override.tf`, `*_override.tf`, given last) changes the blocks it names
 * instead, as Terraform merges it: its arguments and nested blocks replace the original's.
 */
export function mergeModuleFiles(files: readonly { readonly label: string; readonly config: TerraformConfig; readonly override?: boolean }[]): TerraformConfig {
  const merged = newObject();
  const definedIn = new Map<string, string>();
  for (const { label, config, override } of files) {
    for (const [blockType, value] of Object.entries(config)) {
      const labels = LABELS[blockType];
      if (labels === undefined) {
        merged[blockType] = [...((Object.hasOwn(merged, blockType) ? (merged[blockType] as unknown[]) : []) ?? []), ...(Array.isArray(value) ? value : [value])];
        continue;
      }
      const target = (Object.hasOwn(merged, blockType) ? merged[blockType] : (merged[blockType] = newObject())) as JsonObject;
      for (const [first, inner] of Object.entries(value as JsonObject)) {
        const entries = labels === 2 ? Object.entries(inner as JsonObject).map(([second, body]) => [[first, second], body] as const) : [[[first], inner] as const];
        for (const [names, body] of entries) {
          const address = `${blockType}.${names.join(".")}`;
          const previous = definedIn.get(address);
          const existing = names.length === 1 ? target[names[0]] : (target[names[0]] as JsonObject | undefined)?.[names[1]];
          if (override && blockType === "locals" && existing !== undefined) {
            target[names[0]] = body;
            continue;
          }
          if (override && isObject(existing) && isObject(body)) {
            Object.assign(existing, body);
            continue;
          }
          if (previous) throw new UnusableInputError(`${label}: ${address} is also defined in ${previous}; Terraform refuses duplicate blocks`);
          definedIn.set(address, label);
          if (names.length === 1) target[names[0]] = body;
          else ((Object.hasOwn(target, names[0]) ? target[names[0]] : (target[names[0]] = newObject())) as JsonObject)[names[1]] = body;
        }
      }
    }
  }
  return merged as TerraformConfig;
}
