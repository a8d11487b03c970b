/**
 * `npm run scan`: checkov and trivy, the scanners platform teams run on Terraform, on every stack
 * of every configuration in config/, of the every-option fixtures and of every example, and for
 * each finding whether the rule pack agrees (the same id fails or is suppressed with a reason on
 * the same resource), or why it is a deliberate choice (SCANNER_EXPLANATIONS, docs/security.md,
 * "What the scanners report by design"). Exit 1 when a finding on a shipped configuration (config/*.json) is neither.
 *
 * The scanners come from `npm run toolchain` (pinned versions, cached outside the repository).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChecks } from "../policies/checks";
import { SCANNER_EXPLANATIONS } from "../policies/checks/scanner-explanations";
import { agreementOf, checkovVerdicts, resourceAt, trivyVerdicts, type Agreement, type ScannerVerdict } from "../policies/checks/scanners";
import { loadSynthOutput } from "../policies/extract/load";
import type { TerraformConfig } from "../policies/extract/terraform-json";
import { writeCdktnSources } from "./cdktn-sources";
import { loadToolchainEnv } from "./toolchain-env";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

interface Source {
  readonly label: string;
  /** Findings here must all be agreed or explained (the shipped configurations). */
  readonly strict: boolean;
  readonly outdir: string;
}

function synthesize(label: string, cwd: string, env: Record<string, string>, strict: boolean): Source {
  const outdir = mkdtempSync(join(tmpdir(), "scan-"));
  execFileSync(process.execPath, [TSX, "main.ts"], { cwd, env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" }, stdio: "pipe" });
  return { label, strict, outdir };
}

export function scanSources(): Source[] {
  // examples/cdk-terrain imports the generated CDK Terrain sources: bring them up to date first.
  writeCdktnSources();
  const configs = (dir: string) => readdirSync(join(ROOT, dir)).filter((name) => name.endsWith(".json")).sort();
  const examples = readdirSync(join(ROOT, "examples")).filter((name) => existsSync(join(ROOT, "examples", name, "main.ts"))).sort();
  return [
    ...configs("config").map((file) => synthesize(`config/${file}`, ROOT, { CHATBOT_CONFIG: join(ROOT, "config", file) }, true)),
    ...configs("__tests__/fixtures/configs").map((file) => synthesize(`fixtures/${file}`, ROOT, { CHATBOT_CONFIG: join(ROOT, "__tests__/fixtures/configs", file) }, false)),
    ...examples.map((name) => synthesize(`example ${name}`, join(ROOT, "examples", name), {}, false)),
  ];
}

/** Runs both scanners on one folder of Terraform JSON; `configOf` names checkov's resources. */
export function scanFolder(dir: string, configOf: (file: string) => TerraformConfig | undefined): ScannerVerdict[] {
  const tools = loadToolchainEnv();
  const checkov = spawnSync(tools.CHECKOV_BIN, ["-d", dir, "--framework", "terraform_json", "-o", "json", "--compact", "--skip-download"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (checkov.stdout.trim() === "") throw new Error(`checkov produced no report for ${dir}: ${checkov.stderr.slice(-500)}`);
  const trivy = spawnSync(tools.TRIVY_BIN, ["config", "--format", "json", "--include-non-failures", "--quiet", "--skip-check-update", dir], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (trivy.status !== 0) throw new Error(`trivy failed on ${dir}: ${trivy.stderr.slice(-500)}`);
  return [...checkovVerdicts(JSON.parse(checkov.stdout), configOf), ...trivyVerdicts(JSON.parse(trivy.stdout))];
}

const describe = (agreement: Agreement): string => {
  switch (agreement.kind) {
    case "rule-fails":
      return `agrees: \`${agreement.ruleId}\` fails ${agreement.on}`;
    case "rule-suppresses":
      return `agrees: \`${agreement.ruleId}\` suppresses it on \`${agreement.on}\` (${agreement.reason})`;
    case "explained":
      return `deliberate: ${agreement.reason}`;
    case "rule-passes":
      return `**DISAGREES**: \`${agreement.ruleId}\` passes it`;
    case "unexplained":
      return "**UNEXPLAINED**: no rule mirrors this id and no reason is written";
  }
};

function main(): void {
  let strictFailures = 0;
  const lines: string[] = ["# Scanner findings and the rule pack", ""];
  for (const source of scanSources()) {
    const stacks = loadSynthOutput(source.outdir);
    const checks = runChecks(stacks);
    for (const stack of stacks) {
      const dir = join(source.outdir, "stacks", stack.name);
      const verdicts = scanFolder(dir, () => JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")));
      const failed = verdicts.filter((verdict) => verdict.status === "failed");
      lines.push(`## ${source.label}: ${stack.name}`, "", `${verdicts.length - failed.length} passed, ${failed.length} failed`, "");
      if (failed.length === 0) continue;
      lines.push("| Scanner | Id | Resource | Rule pack |", "|---|---|---|---|");
      for (const verdict of failed.sort((a, b) => `${a.scanner}${a.id}${a.resource}`.localeCompare(`${b.scanner}${b.id}${b.resource}`))) {
        const agreement = agreementOf(verdict, stack.name, checks, SCANNER_EXPLANATIONS, (address) => resourceAt(stack.config, address));
        if (source.strict && (agreement.kind === "unexplained" || agreement.kind === "rule-passes")) strictFailures++;
        lines.push(`| ${verdict.scanner} | ${verdict.id} | \`${verdict.resource}\` | ${describe(agreement)} |`);
      }
      lines.push("");
    }
  }
  console.log(lines.join("\n"));
  if (strictFailures > 0) {
    console.error(`scan: ${strictFailures} finding(s) on the shipped configurations are neither agreed by the rule pack nor explained`);
    process.exit(1);
  }
}

if (require.main === module) main();
