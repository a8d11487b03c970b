/**
 * The Terraform toolchain scripts/toolchain.sh builds into a cache outside the repository: the
 * CLI, the hashicorp/aws provider behind a filesystem mirror, and moto's server. Tests that need
 * it fail, never skip, when it is missing, and say how to get it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadToolchainEnv, toolchainDir } from "../../scripts/toolchain-env";

export interface Toolchain {
  readonly terraform: string;
  /** The CLI configuration: the provider from the mirror only. */
  readonly cliConfig: string;
  /** The version the mirror holds; working copies require it instead of the bindings' 6.25.0. */
  readonly providerVersion: string;
  readonly providerSource: string;
  readonly motoServer: string;
  readonly motoVersion: string;
  readonly checkov: string;
  readonly checkovVersion: string;
  readonly trivy: string;
  readonly trivyVersion: string;
}

export function loadToolchain(env: NodeJS.ProcessEnv = process.env): Toolchain {
  let values: Record<string, string>;
  try {
    values = loadToolchainEnv(env);
  } catch {
    throw new Error(
      `the Terraform toolchain is not built (no ${join(toolchainDir(env), "toolchain.env")}): run \`npm run toolchain\` (bash scripts/toolchain.sh; ~25 min cold on 2 cores, then cached). ` +
        "It needs Go and Python 3 and reaches only the Go module proxy and PyPI.",
    );
  }
  const toolchain: Toolchain = {
    terraform: values.TERRAFORM_BIN,
    cliConfig: values.TF_CLI_CONFIG_FILE,
    providerVersion: values.TERRAFORM_PROVIDER_AWS_VERSION,
    providerSource: values.TERRAFORM_PROVIDER_AWS_SOURCE,
    motoServer: values.MOTO_SERVER_BIN,
    motoVersion: values.MOTO_VERSION,
    checkov: values.CHECKOV_BIN,
    checkovVersion: values.CHECKOV_VERSION,
    trivy: values.TRIVY_BIN,
    trivyVersion: values.TRIVY_VERSION,
  };
  for (const [name, path] of Object.entries({ terraform: toolchain.terraform, cliConfig: toolchain.cliConfig, motoServer: toolchain.motoServer, checkov: toolchain.checkov, trivy: toolchain.trivy })) {
    if (!path || !existsSync(path)) throw new Error(`the Terraform toolchain is incomplete (${name}: ${path || "unset"} is missing): run \`npm run toolchain\` again`);
  }
  return toolchain;
}
