/**
 * The data-plane stack's outputs, as Terraform reads them from the stack's state (local or S3):
 * `terraform output -json` in the stack's synthesized folder. Read-only: `output` neither plans
 * nor locks the state. Each way it can fail becomes one line saying what to do.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { VerifyInputError } from "./errors";
import { outputValues } from "./target";

export interface StackChoice {
  /** The configuration's name (`chatbot-prod`) or the stack's (`chatbot-prod-data-plane`). */
  readonly stack?: string;
  readonly stackDir?: string;
  /** cdktf's output folder. */
  readonly outDir: string;
}

const DATA_PLANE_SUFFIX = "-data-plane";

/** The folder `terraform output` runs in. */
export function stackFolder(choice: StackChoice): string {
  if (choice.stackDir !== undefined) {
    if (!existsSync(choice.stackDir)) throw new VerifyInputError(`--stack-dir ${choice.stackDir} does not exist: give the data-plane stack's folder (cdktf.out/stacks/<name>-data-plane)`);
    return choice.stackDir;
  }
  const name = choice.stack!.endsWith(DATA_PLANE_SUFFIX) ? choice.stack! : `${choice.stack}${DATA_PLANE_SUFFIX}`;
  const stacks = join(choice.outDir, "stacks");
  if (!existsSync(stacks)) {
    throw new VerifyInputError(`no ${stacks} here: run the proof from the project that deployed the stacks, after synthesizing them (npm run synth:only), or pass --stack-dir`);
  }
  const folder = join(stacks, name);
  if (!existsSync(folder)) {
    const known = readdirSync(stacks).filter((entry) => entry.endsWith(DATA_PLANE_SUFFIX));
    const listed = known.length > 0 ? `${stacks} holds ${known.join(", ")}` : `${stacks} holds no data-plane stack`;
    throw new VerifyInputError(`unknown stack ${choice.stack}: ${listed} (synthesize its configuration first: CHATBOT_CONFIG=… npm run synth:only)`);
  }
  return folder;
}

export type RunTerraform = (binary: string, args: readonly string[]) => { status: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException };

const runTerraform: RunTerraform = (binary, args) => {
  const result = spawnSync(binary, args, { encoding: "utf8", timeout: 120_000, env: { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" } });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", ...(result.error ? { error: result.error as NodeJS.ErrnoException } : {}) };
};

/** Terraform's error, without its box drawing and colours: the first line that says something. */
function firstErrorLine(stderr: string): string {
  const lines = stderr
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .map((line) => line.replace(/^[│╷╵\s]+/, "").trim())
    .filter((line) => line !== "");
  return lines.find((line) => line.startsWith("Error:"))?.replace(/^Error:\s*/, "") ?? lines[0] ?? "no message";
}

export function readStackOutputs(folder: string, terraform: string, run: RunTerraform = runTerraform): Readonly<Record<string, unknown>> {
  const result = run(terraform, [`-chdir=${folder}`, "output", "-json"]);
  if (result.error?.code === "ENOENT") throw new VerifyInputError(`${terraform} is not installed or not on PATH: install Terraform, or pass --terraform /path/to/terraform (or tofu)`);
  if (result.error) throw new VerifyInputError(`${terraform} output failed in ${folder}: ${result.error.message}`);
  if (result.status !== 0) {
    const reason = firstErrorLine(result.stderr);
    if (/init|initiali[sz]ation required/i.test(reason)) throw new VerifyInputError(`${folder} is not initialized: run terraform -chdir=${folder} init first (cdktf deploy does it), then the proof again`);
    throw new VerifyInputError(`terraform output failed in ${folder}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new VerifyInputError(`terraform output -json in ${folder} printed no JSON: run it yourself to see why`);
  }
  const values = outputValues(json, folder);
  if (Object.keys(values).length === 0) throw new VerifyInputError(`${folder} has no outputs in its state: is the stack deployed (cdktf deploy, or terraform apply)?`);
  return values;
}
