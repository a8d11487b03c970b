/**
 * The Terraform toolchain scripts/toolchain.sh builds into a cache outside the repository: the
 * CLI, the hashicorp/aws provider behind a filesystem mirror, and moto's server. Tests that need
 * it fail, never skip, when it is missing, and say how to get it.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Toolchain {
  readonly terraform: string;
  /** The CLI configuration: the provider from the mirror only. */
  readonly cliConfig: string;
  /** The version the mirror holds; working copies require it instead of the bindings' 6.25.0. */
  readonly providerVersion: string;
  readonly providerSource: string;
  readonly motoServer: string;
  readonly motoVersion: string;
}

export function toolchainDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHATBOT_TOOLCHAIN_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cdktf-bedrock-chatbot", "toolchain");
}

export function loadToolchain(env: NodeJS.ProcessEnv = process.env): Toolchain {
  const file = join(toolchainDir(env), "toolchain.env");
  if (!existsSync(file)) {
    throw new Error(
      `the Terraform toolchain is not built (no ${file}): run \`npm run toolchain\` (bash scripts/toolchain.sh; ~40 min cold on 2 cores, then cached). ` +
        "It needs Go and Python 3 and reaches only the Go module proxy and PyPI.",
    );
  }
  const values = Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const toolchain: Toolchain = {
    terraform: values.TERRAFORM_BIN,
    cliConfig: values.TF_CLI_CONFIG_FILE,
    providerVersion: values.TERRAFORM_PROVIDER_AWS_VERSION,
    providerSource: values.TERRAFORM_PROVIDER_AWS_SOURCE,
    motoServer: values.MOTO_SERVER_BIN,
    motoVersion: values.MOTO_VERSION,
  };
  for (const [name, path] of Object.entries({ terraform: toolchain.terraform, cliConfig: toolchain.cliConfig, motoServer: toolchain.motoServer })) {
    if (!path || !existsSync(path)) throw new Error(`the Terraform toolchain is incomplete (${name}: ${path || "unset"} is missing): run \`npm run toolchain\` again`);
  }
  return toolchain;
}
