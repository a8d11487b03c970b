/**
 * Reads what a platform team has on disk into the review's stacks:
 * - a `cdktf.out` folder: the stacks its `manifest.json` lists (a stale `stacks/<old>` folder
 *   left by an earlier synth is not part of this synth); without a manifest, every
 *   `stacks/<name>/cdk.tf.json`;
 * - one stack folder, or a single `cdk.tf.json`;
 * - any Terraform JSON file, or a folder of `*.tf.json` files read as one module, in every body
 *   shape HCL JSON allows (`@cdktf/hcl2json` output included);
 * - `terraform show -json` output of a saved plan (or of a state): one stack per module instance.
 * Anything else is an UnusableInputError (exit code 2) whose message names the path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UnusableInputError } from "./errors";
import { canonicalBodies, mergeModuleFiles } from "./hcl-json-bodies";
import { isTerraformShowJson, stacksOfShowJson } from "./plan-json";
import type { SynthStack, TerraformConfig } from "./terraform-json";

export { UnusableInputError } from "./errors";

const TERRAFORM_TOP_LEVEL = ["resource", "data", "provider", "terraform", "output", "variable", "locals", "module"];

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnusableInputError(`${label}: invalid JSON (${(error as Error).message})`);
  }
}

function configOf(document: unknown, label: string): TerraformConfig {
  if (typeof document !== "object" || document === null || Array.isArray(document) || !Object.keys(document).some((key) => TERRAFORM_TOP_LEVEL.includes(key))) {
    throw new UnusableInputError(`${label}: not a Terraform JSON configuration (no resource, data, provider or terraform block) nor terraform show -json output`);
  }
  return canonicalBodies(document, label);
}

/** Parses one Terraform JSON configuration; `label` names it in errors. */
export function parseTerraformConfig(text: string, label: string): TerraformConfig {
  return configOf(parseJson(text, label), label);
}

/** One file: a plan/state document (several stacks) or a configuration (one stack named `name`). */
function readFile(file: string, name: string): SynthStack[] {
  const document = parseJson(readFileSync(file, "utf8"), file);
  if (isTerraformShowJson(document)) return stacksOfShowJson(document, name, file);
  return [{ name, file, config: configOf(document, file), directory: dirname(resolve(file)) }];
}

function fileStackName(path: string): string {
  // cdktf's own layout names the stack by its folder; any other file by its own name.
  const folder = basename(dirname(resolve(path)));
  return basename(path) === "cdk.tf.json" && folder !== "" ? folder : basename(path).replace(/(\.tf)?\.json$/, "");
}

interface ManifestStack {
  readonly synthesizedStackPath?: unknown;
}

/** The stacks a cdktf `manifest.json` lists, in its order. */
function manifestStacks(outdir: string): SynthStack[] {
  const manifestFile = join(outdir, "manifest.json");
  const manifest = parseJson(readFileSync(manifestFile, "utf8"), manifestFile) as { stacks?: Record<string, ManifestStack> };
  if (typeof manifest !== "object" || manifest === null || typeof manifest.stacks !== "object" || manifest.stacks === null) {
    throw new UnusableInputError(`${manifestFile}: not a cdktf manifest (no "stacks" object)`);
  }
  const stacks = Object.entries(manifest.stacks).map(([name, entry]) => {
    const relative = typeof entry?.synthesizedStackPath === "string" ? entry.synthesizedStackPath : join("stacks", name, "cdk.tf.json");
    const file = join(outdir, relative);
    if (!existsSync(file)) throw new UnusableInputError(`${manifestFile}: stack ${name} is listed but ${file} does not exist (synthesize again)`);
    return { name, file, config: parseTerraformConfig(readFileSync(file, "utf8"), file), directory: dirname(resolve(file)) };
  });
  if (stacks.length === 0) throw new UnusableInputError(`${manifestFile}: the manifest lists no stacks`);
  return stacks;
}

/** A folder of `*.tf.json` files: one Terraform module, as Terraform reads it. */
function moduleFolder(path: string, files: readonly string[]): SynthStack[] {
  const parsed = files.map((file) => ({ label: join(path, file), config: parseTerraformConfig(readFileSync(join(path, file), "utf8"), join(path, file)) }));
  return [{ name: basename(resolve(path)), file: path, config: mergeModuleFiles(parsed), directory: resolve(path) }];
}

/** Loads every stack under `path`. Stack names are the folder names cdktf gives them. */
export function loadSynthOutput(path: string): SynthStack[] {
  if (!existsSync(path)) throw new UnusableInputError(`${path}: no such file or directory`);
  if (statSync(path).isFile()) return readFile(path, fileStackName(path));
  if (existsSync(join(path, "manifest.json"))) return manifestStacks(path);
  const stacksDir = join(path, "stacks");
  if (existsSync(stacksDir) && statSync(stacksDir).isDirectory()) {
    const stacks = readdirSync(stacksDir)
      .sort()
      .filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json")))
      .flatMap((name) => readFile(join(stacksDir, name, "cdk.tf.json"), name));
    if (stacks.length === 0) throw new UnusableInputError(`${path}: no stacks/<name>/cdk.tf.json in this synth output`);
    return stacks;
  }
  const single = join(path, "cdk.tf.json");
  if (existsSync(single)) return readFile(single, basename(resolve(path)));
  const entries = readdirSync(path).sort();
  const jsonFiles = entries.filter((entry) => entry.endsWith(".tf.json") && statSync(join(path, entry)).isFile());
  if (jsonFiles.length > 0) return moduleFolder(path, jsonFiles);
  if (entries.some((entry) => entry.endsWith(".tf"))) {
    throw new UnusableInputError(
      `${path}: HCL (.tf) files; review JSON instead: a plan (terraform plan -out=tfplan && terraform show -json tfplan > plan.json) or the files converted to .tf.json`,
    );
  }
  throw new UnusableInputError(`${path}: not a synth output (expected manifest.json, stacks/<name>/cdk.tf.json, cdk.tf.json or *.tf.json files)`);
}

/** Loads several paths as one synth output (stack names must then be unique across them). */
export function loadSynthOutputs(paths: readonly string[]): SynthStack[] {
  const stacks = paths.flatMap((path) => loadSynthOutput(path));
  const seen = new Map<string, string>();
  for (const stack of stacks) {
    const previous = seen.get(stack.name);
    if (previous !== undefined) throw new UnusableInputError(`${stack.file}: stack name ${stack.name} is also the name of ${previous}; review them separately or rename one`);
    seen.set(stack.name, stack.file);
  }
  return stacks;
}
