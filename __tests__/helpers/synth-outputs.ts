/**
 * Every synth output the project ships or promises to support, for the checks that must hold on
 * all of them (the static deployability layer, terraform validate and plan): each environment in
 * config/, each configuration in __tests__/fixtures/configs/ (every option on, with resources
 * created or brought), and each example, run as a user runs it (examples/cdk-terrain on CDK
 * Terrain: its stack requires the AWS provider 6.66.0, which the Terraform working copies replace
 * with the toolchain's version like every other source's, in prepareWorkdir).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { writeCdktnSources } from "../../scripts/cdktn-sources";
import { synthApp } from "./terraform";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export interface SynthSource {
  /** `config/prod.json`, `fixtures/all-options-created.json`, `example standalone`. */
  readonly label: string;
  /** Synthesizes once (memoized) and returns the cdktf.out folder. */
  readonly synth: () => string;
}

const memo = <T>(produce: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= produce());
};

const jsonFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".json")).sort();

export const CONFIG_DIRS = [join(ROOT, "config"), join(ROOT, "__tests__", "fixtures", "configs")];

function configSources(): SynthSource[] {
  return CONFIG_DIRS.flatMap((dir) =>
    jsonFiles(dir).map((file) => ({
      label: `${dir === CONFIG_DIRS[0] ? "config" : "fixtures"}/${file}`,
      synth: memo(() => synthApp(loadConfig(join(dir, file))).outdir),
    })),
  );
}

const EXAMPLES = join(ROOT, "examples");

/** The examples: each folder of examples/ with a main.ts. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES)
    .filter((name) => existsSync(join(EXAMPLES, name, "main.ts")))
    .sort();
}

/**
 * Runs an example as a user runs it (`tsx main.ts` in its folder, the package imported by name)
 * into a new folder, and returns that folder. The CDK Terrain example imports the generated
 * sources (`cdktf-bedrock-chatbot/cdktn`): they are brought up to date first.
 */
export function synthExample(name: string): string {
  writeCdktnSources();
  const outdir = mkdtempSync(join(tmpdir(), `example-${name}-`));
  execFileSync(process.execPath, [TSX, "main.ts"], {
    cwd: join(EXAMPLES, name),
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  return outdir;
}

function exampleSources(): SynthSource[] {
  return exampleNames().map((name) => ({ label: `example ${name}`, synth: memo(() => synthExample(name)) }));
}

export function synthSources(): SynthSource[] {
  return [...configSources(), ...exampleSources()];
}
