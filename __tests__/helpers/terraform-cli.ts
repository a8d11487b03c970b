/**
 * Running the Terraform CLI on a synthesized stack, in a working copy: the stack's folder (its
 * cdk.tf.json and assets) with the backend left out (state stays in the copy), the provider
 * version the toolchain's mirror holds, cross-stack remote state pointed at given state files,
 * and, for the emulator, the AWS provider's endpoints on moto. The synth output is never touched.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TerraformConfig } from "../../policies/extract/terraform-json";
import type { Toolchain } from "./toolchain";

const run = promisify(execFile);

export interface WorkdirOptions {
  /** State files of the stacks this one reads through terraform_remote_state, by stack name. */
  readonly remoteStates?: Readonly<Record<string, string>>;
  /** moto's base URL: the provider then talks to it with dummy credentials. */
  readonly emulatorUrl?: string;
  /** Literal strings to replace in the stack (a brought resource's id → the emulator's id for it). */
  readonly replacements?: Readonly<Record<string, string>>;
  /** Changes the parsed configuration before it is written (the emulator's adjustments): in place, or by returning a new one. */
  readonly adjust?: (config: TerraformConfig) => TerraformConfig | void;
}

/** AWS services the stacks call, pointed at the emulator. */
const EMULATED_SERVICES = [
  "apigateway",
  "bedrock",
  "cloudwatch",
  "cognitoidp",
  "ec2",
  "iam",
  "kms",
  "lambda",
  "logs",
  "s3",
  "sns",
  "sqs",
  "sts",
  "wafv2",
  "xray",
];

const REMOTE_STATE_INPUT = "cross-stack-reference-input-";

export function prepareWorkdir(outdir: string, stack: string, toolchain: Toolchain, options: WorkdirOptions = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), "tf-")), stack);
  cpSync(join(outdir, "stacks", stack), dir, { recursive: true });
  const file = join(dir, "cdk.tf.json");
  let text = readFileSync(file, "utf8");
  for (const [from, to] of Object.entries(options.replacements ?? {})) text = text.split(from).join(to);
  let config = JSON.parse(text);
  delete config.terraform.backend;
  config.terraform.required_providers.aws.version = toolchain.providerVersion;
  for (const [name, remote] of Object.entries<{ backend: string; config: Record<string, unknown> }>(config.data?.terraform_remote_state ?? {})) {
    const producer = name.startsWith(REMOTE_STATE_INPUT) ? name.slice(REMOTE_STATE_INPUT.length) : name;
    const path = options.remoteStates?.[producer];
    if (path) {
      remote.backend = "local";
      remote.config = { path };
    }
  }
  config = options.adjust?.(config) ?? config;
  writeFileSync(file, JSON.stringify(config, null, 2));
  if (options.emulatorUrl) writeEmulatorOverride(dir, options.emulatorUrl);
  return dir;
}

/** A working copy of a plain Terraform JSON file (a test fixture), pointed at the emulator. */
export function prepareFixtureWorkdir(file: string, emulatorUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tf-fixture-"));
  cpSync(file, join(dir, "main.tf.json"));
  writeEmulatorOverride(dir, emulatorUrl);
  return dir;
}

/** Points the AWS provider at the emulator, with dummy credentials, in an override file Terraform merges into the provider block. */
function writeEmulatorOverride(dir: string, url: string): void {
  const provider = {
    access_key: "emulator",
    secret_key: "emulator",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    s3_use_path_style: true,
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, url]))],
  };
  writeFileSync(join(dir, "emulator_override.tf.json"), JSON.stringify({ provider: { aws: provider } }, null, 2));
}

export interface TerraformRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  readonly seconds: number;
}

/** Runs `terraform <args>` in `dir`; never throws on a non-zero exit (callers assert on it). */
export async function terraform(toolchain: Toolchain, dir: string, args: readonly string[], timeoutMs = 600_000): Promise<TerraformRun> {
  const started = process.hrtime.bigint();
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: toolchain.cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    // The plugin cache links one copy of the 700 MB provider into every working copy.
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1",
    // moto answers in milliseconds; the provider's retries would only slow a failure down.
    AWS_MAX_ATTEMPTS: "2",
  };
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const { stdout, stderr } = await run(toolchain.terraform, [`-chdir=${dir}`, ...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0, seconds: seconds() };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    return { stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error), code: typeof failed.code === "number" ? failed.code : 1, seconds: seconds() };
  }
}

/** The stacks of a synth output in the order cdktf deploys them (each after the stacks it reads). */
export function stacksInDeployOrder(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    for (const dependency of manifest.stacks[name].dependencies ?? []) visit(dependency);
    ordered.push(name);
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name);
  return ordered;
}
