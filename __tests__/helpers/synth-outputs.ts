/**
 * Every synth output the project ships or promises to support, for the checks that must hold on
 * all of them (the static deployability layer, terraform validate and plan): each environment in
 * config/, each configuration in __tests__/fixtures/configs/ (every option on, with resources
 * created or brought), and each example, run as a user runs it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
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

function exampleSources(): SynthSource[] {
  const examples = join(ROOT, "examples");
  return readdirSync(examples)
    .filter((name) => existsSync(join(examples, name, "main.ts")))
    .sort()
    .map((name) => ({
      label: `example ${name}`,
      synth: memo(() => {
        const outdir = mkdtempSync(join(tmpdir(), `example-${name}-`));
        execFileSync(process.execPath, [TSX, "main.ts"], {
          cwd: join(examples, name),
          env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
          stdio: "pipe",
        });
        return outdir;
      }),
    }));
}

export function synthSources(): SynthSource[] {
  return [...configSources(), ...exampleSources()];
}
