/**
 * Reads a synth output from disk: a `cdktf.out` folder (every `stacks/<name>/cdk.tf.json`), one
 * stack folder, or a single `cdk.tf.json`. Anything else is an UnusableInputError, which the CLI
 * turns into exit code 2 with a one-line message.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { SynthStack, TerraformConfig } from "./terraform-json";

export class UnusableInputError extends Error {
  override readonly name = "UnusableInputError";
}

const TERRAFORM_TOP_LEVEL = ["resource", "data", "provider", "terraform", "output", "variable", "locals", "module"];

/** Parses one Terraform JSON configuration; `label` names it in errors. */
export function parseTerraformConfig(text: string, label: string): TerraformConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UnusableInputError(`${label}: invalid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Object.keys(parsed).some((key) => TERRAFORM_TOP_LEVEL.includes(key))) {
    throw new UnusableInputError(`${label}: not a Terraform JSON configuration (no resource, data, provider or terraform block)`);
  }
  return parsed as TerraformConfig;
}

function readStack(file: string, name: string): SynthStack {
  return { name, file, config: parseTerraformConfig(readFileSync(file, "utf8"), file) };
}

/** Loads every stack under `path`. Stack names are the folder names cdktf gives them. */
export function loadSynthOutput(path: string): SynthStack[] {
  if (!existsSync(path)) throw new UnusableInputError(`${path}: no such file or directory`);
  if (statSync(path).isFile()) {
    // cdktf's own layout names the stack by its folder; any other file by its own name.
    const folder = basename(dirname(path));
    const name = basename(path) === "cdk.tf.json" && folder !== "" && folder !== "." ? folder : basename(path).replace(/(\.tf)?\.json$/, "");
    return [readStack(path, name)];
  }
  const stacksDir = join(path, "stacks");
  if (existsSync(stacksDir) && statSync(stacksDir).isDirectory()) {
    const stacks = readdirSync(stacksDir)
      .sort()
      .filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json")))
      .map((name) => readStack(join(stacksDir, name, "cdk.tf.json"), name));
    if (stacks.length === 0) throw new UnusableInputError(`${path}: no stacks/<name>/cdk.tf.json in this synth output`);
    return stacks;
  }
  const single = join(path, "cdk.tf.json");
  if (existsSync(single)) return [readStack(single, basename(path))];
  throw new UnusableInputError(`${path}: not a synth output (expected stacks/<name>/cdk.tf.json or cdk.tf.json)`);
}

/** Loads several paths as one synth output (stack names must then be unique across them). */
export function loadSynthOutputs(paths: readonly string[]): SynthStack[] {
  return paths.flatMap((path) => loadSynthOutput(path));
}
