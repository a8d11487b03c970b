/** Shared helpers of the rule-pack tests: one-stack synth outputs, running one rule, the real synth. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../config/load";
import { runChecks } from "../../../policies/checks/run";
import type { KnownSuppression } from "../../../policies/checks/suppressions";
import type { CheckReport, Rule, RuleResult } from "../../../policies/checks/types";
import { loadSynthOutput } from "../../../policies/extract/load";
import type { SynthStack, TerraformConfig } from "../../../policies/extract/terraform-json";
import { synthApp } from "../../helpers/terraform";

export type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** A one-stack synth output from `resource` blocks (and optional `data` blocks). */
export function stackOf(resource: Blocks, data: Blocks = {}, name = "test-stack"): SynthStack {
  return { name, file: `${name}/cdk.tf.json`, config: { resource, data } as unknown as TerraformConfig };
}

/** One rule over the stacks, without suppressions: what the rule itself reports. */
export function runRule(rule: Rule, ...stacks: SynthStack[]): RuleResult {
  return runChecks(stacks, { rules: [rule], suppressions: [] }).results[0];
}

/** One rule with the given known suppressions (default: the shipped ones). */
export function runRuleSuppressed(rule: Rule, stacks: SynthStack[], suppressions?: readonly KnownSuppression[]): RuleResult {
  return runChecks(stacks, { rules: [rule], ...(suppressions ? { suppressions } : {}) }).results[0];
}

export const DEV_CONFIG = join(__dirname, "..", "..", "..", "config", "dev.json");

let defaultOutdir: string | undefined;

/** The default deployment (config/dev.json) synthesized once per test file, as `cdktf synth` writes it. */
export function defaultSynthDir(): string {
  defaultOutdir ??= synthApp(loadConfig(DEV_CONFIG)).outdir;
  return defaultOutdir;
}

export function defaultSynth(): SynthStack[] {
  return loadSynthOutput(defaultSynthDir());
}

/** A copy of the default synth output with `edit` applied to each stack's parsed cdk.tf.json. */
export function editedSynthDir(edit: (config: { resource: Blocks; data?: Blocks }, stack: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "checks-"));
  cpSync(defaultSynthDir(), dir, { recursive: true });
  for (const stack of loadSynthOutput(dir)) {
    const config = JSON.parse(readFileSync(stack.file, "utf8"));
    edit(config, stack.name);
    writeFileSync(stack.file, JSON.stringify(config));
  }
  return dir;
}

/** The single resource of `type` in a config (the tests' synths have one of each they edit). */
export function only(config: { resource: Blocks }, type: string): Record<string, unknown> {
  const found = Object.values(config.resource[type] ?? {});
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** Rules that fail, with their unsuppressed findings, for readable assertion messages. */
export function failing(report: CheckReport): string[] {
  return report.results.flatMap((result) => result.findings.filter((finding) => finding.status === "failed").map((finding) => `${result.ruleId}: ${finding.resource} ${finding.detail ?? ""} ${finding.message}`.replace(/\s+/g, " ")));
}
