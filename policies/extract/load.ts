/**
 * Reads what a platform team has on disk into the review's stacks:
 * - a `cdktf.out` folder: the stacks its `manifest.json` lists (a stale `stacks/<old>` folder
 *   left by an earlier synth is not part of this synth); without a manifest, every
 *   `stacks/<name>/cdk.tf.json`;
 * - one stack folder, or a single `cdk.tf.json`;
 * - Terraform as written: a `.tf` or `.tf.json` file, or a folder: every folder under it that
 *   holds `.tf` / `.tf.json` files is one module, read as Terraform reads it (its files together,
 *   `override.tf` files last), so a repository with several root modules gives one stack each;
 * - `terraform show -json` output of a saved plan (or of a state): one stack per module instance.
 * Every stack can say where its blocks are written (`iam.tf`, line 42). Anything else is an
 * UnusableInputError (exit code 2) whose message names the path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UnusableInputError } from "./errors";
import { canonicalBodies, mergeModuleFiles } from "./hcl-json-bodies";
import { convertConfigFile, SkipCommentError } from "./hcl/config-json";
import { HclSyntaxError } from "./hcl/syntax";
import { jsonBlockLines } from "./json-lines";
import { isTerraformShowJson, stacksOfShowJson } from "./plan-json";
import type { SourceLocation, SynthStack, TerraformConfig } from "./terraform-json";

export { UnusableInputError } from "./errors";

const TERRAFORM_TOP_LEVEL = ["resource", "data", "provider", "terraform", "output", "variable", "locals", "module"];
/** Folders a search for Terraform never enters: tools' caches and dependencies. */
const SKIPPED_FOLDERS = new Set(["node_modules", "__pycache__"]);

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnusableInputError(`${label}: invalid JSON (${(error as Error).message})`);
  }
}

/**
 * A parsed JSON document as a configuration. A file given on its own must hold a Terraform block
 * (so that any JSON is not taken for Terraform); a `.tf.json` file of a module folder may be
 * empty, as Terraform accepts it (an outputs file with nothing in it yet).
 */
function configOf(document: unknown, label: string, inModule = false): TerraformConfig {
  const empty = inModule && typeof document === "object" && document !== null && !Array.isArray(document) && Object.keys(document).length === 0;
  if (!empty && (typeof document !== "object" || document === null || Array.isArray(document) || !Object.keys(document).some((key) => TERRAFORM_TOP_LEVEL.includes(key)))) {
    throw new UnusableInputError(`${label}: not a Terraform JSON configuration (no resource, data, provider or terraform block) nor terraform show -json output`);
  }
  return canonicalBodies(document, label);
}

/** Parses one Terraform JSON configuration; `label` names it in errors. */
export function parseTerraformConfig(text: string, label: string): TerraformConfig {
  return configOf(parseJson(text, label), label);
}

/** One Terraform file, HCL or JSON: its configuration and where its blocks are (the JSON's found only when asked). */
interface TerraformFile {
  readonly file: string;
  readonly config: TerraformConfig;
  readonly locate: (address: string) => SourceLocation | undefined;
}

const isHcl = (file: string) => file.endsWith(".tf");
const isTerraformFileName = (name: string) => name.endsWith(".tf") || name.endsWith(".tf.json");
/** Terraform's override files, merged into the others last. */
const isOverride = (name: string) => /(^|_)override\.tf(\.json)?$/.test(name);

function readHcl(file: string, text: string): TerraformFile {
  let converted;
  try {
    converted = convertConfigFile(text);
  } catch (error) {
    if (!(error instanceof HclSyntaxError) && !(error instanceof SkipCommentError)) throw error;
    const line = text.slice(0, error.offset).split("\n").length;
    throw new UnusableInputError(error instanceof HclSyntaxError ? `${file}:${line}: invalid HCL (${error.message.replace(/ \(at offset \d+\)$/, "")})` : `${file}:${line}: ${error.message}`);
  }
  const { document, lines } = converted;
  return { file, config: canonicalBodies(document, file), locate: (address) => (lines.has(address) ? { file, line: lines.get(address) } : undefined) };
}

function jsonLocator(file: string, text: string): (address: string) => SourceLocation | undefined {
  let lines: Map<string, number> | undefined;
  return (address) => {
    lines ??= jsonBlockLines(text);
    const line = lines.get(address);
    return line === undefined ? undefined : { file, line };
  };
}

function readTerraformFile(file: string, inModule = false): TerraformFile {
  const text = readFileSync(file, "utf8");
  if (isHcl(file)) return readHcl(file, text);
  return { file, config: configOf(parseJson(text, file), file, inModule), locate: jsonLocator(file, text) };
}

/** One file: a plan/state document (several stacks), a `.tf` file, or a JSON configuration (one stack named `name`). */
function readFile(file: string, name: string): SynthStack[] {
  if (isHcl(file)) return [{ name, ...readTerraformFile(file), directory: dirname(resolve(file)) }];
  const text = readFileSync(file, "utf8");
  const document = parseJson(text, file);
  if (isTerraformShowJson(document)) return stacksOfShowJson(document, name, file).map((stack) => ({ ...stack, locate: () => ({ file }) }));
  return [{ name, file, config: configOf(document, file), directory: dirname(resolve(file)), locate: jsonLocator(file, text) }];
}

function fileStackName(path: string): string {
  // cdktf's own layout names the stack by its folder; any other file by its own name.
  const folder = basename(dirname(resolve(path)));
  return basename(path) === "cdk.tf.json" && folder !== "" ? folder : basename(path).replace(/(\.tf)?\.json$|\.tf$/, "");
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
    const relativePath = typeof entry?.synthesizedStackPath === "string" ? entry.synthesizedStackPath : join("stacks", name, "cdk.tf.json");
    const file = join(outdir, relativePath);
    if (!existsSync(file)) throw new UnusableInputError(`${manifestFile}: stack ${name} is listed but ${file} does not exist (synthesize again)`);
    return { name, ...readTerraformFile(file), directory: dirname(resolve(file)) };
  });
  if (stacks.length === 0) throw new UnusableInputError(`${manifestFile}: the manifest lists no stacks`);
  return stacks;
}

/** A folder of `.tf` and `.tf.json` files: one Terraform module, as Terraform reads it (overrides last). */
function moduleFolder(path: string, name: string, files: readonly string[]): SynthStack {
  const ordered = [...files.filter((file) => !isOverride(file)), ...files.filter(isOverride)];
  const read = ordered.map((file) => readTerraformFile(join(path, file), true));
  return {
    name,
    file: path,
    config: mergeModuleFiles(read.map(({ file, config }) => ({ label: file, config, override: isOverride(basename(file)) }))),
    directory: resolve(path),
    locate: (address) => {
      for (const one of read) {
        const found = one.locate(address);
        if (found) return found;
      }
      return undefined;
    },
  };
}

/**
 * Every Terraform module under `root`: each folder holding `.tf`/`.tf.json` files (a cdktf output
 * folder found on the way gives its stacks). Hidden folders (`.terraform`, `.git`) and
 * dependencies are not entered. Stacks are named by their folder relative to `root`.
 */
function modulesUnder(root: string): SynthStack[] {
  const stacks: SynthStack[] = [];
  const visit = (folder: string) => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const relativeName = relative(root, folder).split(sep).join("/");
    if (entries.some((entry) => entry.isFile() && entry.name === "manifest.json") && entries.some((entry) => entry.isDirectory() && entry.name === "stacks")) {
      stacks.push(...manifestStacks(folder).map((stack) => (relativeName === "" ? stack : { ...stack, name: `${relativeName}/${stack.name}` })));
      return;
    }
    const files = entries.filter((entry) => entry.isFile() && isTerraformFileName(entry.name)).map((entry) => entry.name);
    if (files.length > 0) stacks.push(moduleFolder(folder, relativeName === "" ? basename(resolve(root)) : relativeName, files));
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name)) visit(join(folder, entry.name));
    }
  };
  visit(root);
  return stacks;
}

/** Loads every stack under `path`. Stack names are the folder names cdktf gives them, or the module folders' paths. */
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
    if (stacks.length > 0) return stacks;
  }
  const single = join(path, "cdk.tf.json");
  if (existsSync(single)) return readFile(single, basename(resolve(path)));
  const modules = modulesUnder(path);
  if (modules.length > 0) return modules;
  throw new UnusableInputError(`${path}: no Terraform here (expected .tf or .tf.json files, a cdktf.out with manifest.json or stacks/<name>/cdk.tf.json, or a plan)`);
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
