/**
 * A stack with its Terraform expressions read: every string holding `${…}` or `%{…}` is
 * evaluated as far as can be known offline (`jsonencode({…})`, locals, `concat`, templates,
 * `file()` inside the configuration's folder), and whatever cannot be known stays written as
 * `${<its source>}`, which the review reads as a symbolic reference. This is how most
 * Terraform, and cdktf's own `Fn.jsonencode`, writes policies.
 *
 * The review and the rule pack read stacks through this; the deployability checks do not (they
 * measure what Terraform will be given, as written).
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UnusableInputError } from "./errors";
import { evaluateTemplateString, evaluateTemplateVariants, type HclScope } from "./hcl/evaluate";
import type { SynthStack, TerraformConfig, TerraformValue } from "./terraform-json";

const MAX_FILE_BYTES = 1024 * 1024;
/** Deeper than any real configuration; deeper input is refused before it can exhaust the stack. */
const MAX_DEPTH = 256;
const readable = new WeakMap<SynthStack, SynthStack>();

const isTemplate = (text: string) => text.includes("${") || text.includes("%{");

/**
 * `file()` reads only regular files inside the stack's own folder, and none under a dot-folder
 * (`.git`, `.terraform`): the review runs on pull-request code and prints what it reads, so a
 * `file("/home/runner/.aws/credentials")` or `file(".git/config")` (CI's checkout token) must
 * stay unknown rather than end up in a comment.
 */
function fileReader(directory: string | undefined): HclScope["readFile"] {
  if (directory === undefined) return undefined;
  return (path) => {
    try {
      const root = realpathSync(directory);
      const target = realpathSync(isAbsolute(path) ? path : join(directory, path));
      if (target !== root && !target.startsWith(root + sep)) return undefined;
      if (relative(root, target).split(sep).some((segment) => segment.startsWith("."))) return undefined;
      const stats = statSync(target);
      if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
      return readFileSync(target, "utf8");
    } catch {
      return undefined;
    }
  };
}

function evaluateConfig(stack: SynthStack, alternatives: Map<string, readonly string[]>): TerraformConfig {
  const locals = (stack.config.locals ?? {}) as Record<string, TerraformValue>;
  const localValues = new Map<string, TerraformValue | undefined>();
  const evaluating = new Set<string>();
  const scope: HclScope = {
    local(name) {
      if (localValues.has(name)) return localValues.get(name);
      if (!Object.hasOwn(locals, name) || evaluating.has(name)) return undefined; // undefined: stays symbolic
      evaluating.add(name);
      const value = walkLocal(locals[name]);
      evaluating.delete(name);
      localValues.set(name, value);
      return value;
    },
    localSource: (name) => (Object.hasOwn(locals, name) ? locals[name] : undefined),
    readFile: fileReader(stack.directory),
    ...(stack.directory !== undefined ? { pathModule: resolve(stack.directory) } : {}),
  };
  /**
   * An attribute's string. When it depends on an unknown choice (a `%{if}`, a conditional
   * expression), the attribute keeps its one-value reading, where the choice stays unknown (never
   * a guessed branch: `authorization = var.public ? "NONE" : "AWS_IAM"` is not "AWS_IAM"), and
   * every rendering is kept aside under that reading for the policy reader (resolvePolicyValue).
   */
  function attribute(text: string): TerraformValue {
    const variants = evaluateTemplateVariants(text, scope);
    if (variants.length === 1) return variants[0];
    const value = evaluateTemplateString(text, scope);
    if (typeof value === "string" && variants.every((variant): variant is string => typeof variant === "string")) {
      alternatives.set(value, [...new Set([...(alternatives.get(value) ?? []), ...variants])]);
    }
    return value;
  }
  function walk(value: TerraformValue, inLocal = false, depth = 0): TerraformValue {
    if (depth > MAX_DEPTH) throw new UnusableInputError(`${stack.file}: values nested more than ${MAX_DEPTH} levels deep`);
    if (typeof value === "string") return !isTemplate(value) ? value : inLocal ? evaluateTemplateString(value, scope) : attribute(value);
    if (Array.isArray(value)) return value.map((item) => walk(item, inLocal, depth + 1));
    if (value !== null && typeof value === "object") {
      const object = Object.create(null) as Record<string, TerraformValue>;
      for (const [key, item] of Object.entries(value)) object[key] = key === "//" ? item : walk(item, inLocal, depth + 1);
      return object;
    }
    return value;
  }
  // A local's value is one value: its unknown directives stay unknown.
  function walkLocal(value: TerraformValue): TerraformValue {
    return walk(value, true);
  }
  const result = Object.create(null) as Record<string, unknown>;
  for (const [blockType, value] of Object.entries(stack.config)) {
    result[blockType] = blockType === "terraform" || blockType === "provider" ? value : walk(value as TerraformValue);
  }
  return result as TerraformConfig;
}

/** The stack with its expressions evaluated (memoized: the review and the rule pack share it). */
export function readableStack(stack: SynthStack): SynthStack {
  let result = readable.get(stack);
  if (!result) {
    const alternatives = new Map<string, readonly string[]>();
    const config = evaluateConfig(stack, alternatives);
    result = { ...stack, config, ...(alternatives.size > 0 ? { alternatives } : {}) };
    readable.set(stack, result);
    readable.set(result, result);
  }
  return result;
}

export function readableStacks(stacks: readonly SynthStack[]): SynthStack[] {
  return stacks.map(readableStack);
}
