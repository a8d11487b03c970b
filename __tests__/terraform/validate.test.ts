/**
 * Terraform itself reads every synthesized stack: `terraform init -backend=false` and
 * `terraform validate` with the real hashicorp/aws provider (scripts/toolchain.sh), on every
 * stack of every environment, fixture configuration and example. This is where a meta-argument
 * written as `"${…}"` (init) or a reference cycle (validate) would surface.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { synthSources } from "../helpers/synth-outputs";
import { prepareWorkdir, stacksInDeployOrder, terraform } from "../helpers/terraform-cli";
import { loadToolchain } from "../helpers/toolchain";

const sources = synthSources();
const timings: string[] = [];

interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
}

describe("terraform validate, with the real AWS provider", () => {
  const toolchain = loadToolchain();
  afterAll(() => console.log(`terraform init + validate (${toolchain.terraform}, hashicorp/aws ${toolchain.providerVersion}):\n${timings.join("\n")}`));

  test.each(sources.map((source) => [source.label, source] as const))("%s: every stack inits and validates", async (label, source) => {
    const outdir = source.synth();
    const started = Date.now();
    try {
      for (const stack of stacksInDeployOrder(outdir)) {
        const dir = prepareWorkdir(outdir, stack, toolchain);
        try {
          const init = await terraform(toolchain, dir, ["init", "-backend=false", "-no-color"]);
          expect({ stack, init: init.code, stderr: init.stderr }).toEqual({ stack, init: 0, stderr: "" });
          const validate = await terraform(toolchain, dir, ["validate", "-json", "-no-color"]);
          const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
          const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
          expect({ stack, valid: result.valid, errors }).toEqual({ stack, valid: true, errors: [] });
        } finally {
          rmSync(dirname(dir), { recursive: true, force: true });
        }
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    timings.push(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);
});
