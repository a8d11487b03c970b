/**
 * A deploy rehearsal against moto's AWS emulator on loopback, stack by stack in cdktf's order:
 * a full `plan`, then `apply` of every resource the emulator supports, a second `plan` that must
 * show no changes (no perpetual diff), and `destroy`. What the emulator cannot create
 * (EMULATOR_UNSUPPORTED) is planned but not applied, and listed; consumers of its outputs read
 * stand-ins (STAND_IN_ATTRIBUTES).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { dependencyEdges } from "../../policies/deployability";
import {
  EMULATOR_NOT_DESTROYED,
  EMULATOR_UNSUPPORTED,
  type Emulator,
  adjustForEmulator,
  applicableResources,
  standInOutput,
  withStandInReferences,
  startEmulator,
  unexpectedChanges,
} from "../helpers/emulator";
import { synthSources } from "../helpers/synth-outputs";
import { prepareFixtureWorkdir, prepareWorkdir, stacksInDeployOrder, terraform, type TerraformRun } from "../helpers/terraform-cli";
import { loadToolchain } from "../helpers/toolchain";

const sources = synthSources();
/** moto answers in milliseconds: a step still running after this is a provider waiting on something the emulator never does. */
const STEP_TIMEOUT_MS = 240_000;
/** Resources a configuration brings (vpcId, kmsKeyArn, …), as Terraform to apply to the emulator first: `<config name>.tf.json`. */
const EMULATOR_FIXTURES = join(__dirname, "..", "fixtures", "emulator");
const timings: string[] = [];
const leftOut = new Set<string>();
const acceptedDrift = new Set<string>();
const adjusted = new Set<string>();
const notDestroyed = new Set<string>();

/** Each error Terraform printed, in a few lines, or the end of its output when it printed none. */
const failure = (step: string, stack: string, run: TerraformRun) => {
  const errors = run.stderr
    .split(/\n(?=Error: )/)
    .filter((part) => part.startsWith("Error: "))
    .map((part) => part.split("\n").slice(0, 8).join("\n"));
  return { step, stack, code: run.code, errors: errors.length > 0 ? errors : [`${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`] };
};

describe("deploy rehearsal against the AWS emulator", () => {
  const toolchain = loadToolchain();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator(toolchain);
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
    console.log(
      `emulator rehearsal (moto ${toolchain.motoVersion}, hashicorp/aws ${toolchain.providerVersion}):\n${timings.join("\n")}\nnot applied (emulator): ${
        [...leftOut].sort().join(", ") || "none"
      }\naccepted emulator drift: ${[...acceptedDrift].sort().join(", ") || "none"}\nadjusted for the emulator: ${
        [...adjusted].sort().join(", ") || "none"
      }\nremoved from state, not destroyed: ${[...notDestroyed].sort().join(", ") || "none"}`
    );
  });

  test("the unsupported list names only types the project creates (no stale entry)", () => {
    const types = new Set<string>();
    for (const source of sources.filter((candidate) => candidate.label.startsWith("config/"))) {
      const outdir = source.synth();
      for (const stack of stacksInDeployOrder(outdir)) {
        const config = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
        for (const type of Object.keys(config.resource ?? {})) types.add(type);
      }
    }
    for (const type of Object.keys(EMULATOR_UNSUPPORTED)) expect({ type, created: types.has(type) }).toEqual({ type, created: true });
  }, 120_000);

  test.each(sources.map((source) => [source.label, source] as const))(
    "%s: plan, apply, plan with no changes, destroy",
    async (label, source) => {
      await emulator.reset();
      const outdir = source.synth();
      const started = Date.now();
      const states: Record<string, string> = {};
      const applied: { stack: string; dir: string; targets: string[] }[] = [];
      try {
        // What the configuration brings is created first, and its ids replace the configuration's literals.
        let replacements: Record<string, string> = {};
        const prerequisites = join(EMULATOR_FIXTURES, `${basename(label)}`.replace(/\.json$/, ".tf.json"));
        if (existsSync(prerequisites)) {
          const dir = prepareFixtureWorkdir(prerequisites, emulator.url);
          applied.push({ stack: "prerequisites", dir, targets: [] });
          for (const [name, args] of [
            ["init", ["init", "-input=false"]],
            ["apply", ["apply", "-input=false", "-auto-approve"]],
          ] as const) {
            const result = await terraform(toolchain, dir, [...args, "-no-color"], STEP_TIMEOUT_MS);
            if (result.code !== 0) expect(failure(`prerequisites ${name}`, "prerequisites", result)).toEqual({ code: 0 });
          }
          replacements = JSON.parse((await terraform(toolchain, dir, ["output", "-json", "replacements"])).stdout);
        }
        for (const stack of stacksInDeployOrder(outdir)) {
          const dir = prepareWorkdir(outdir, stack, toolchain, {
            remoteStates: states,
            emulatorUrl: emulator.url,
            replacements,
            adjust: (config) => {
              adjustForEmulator(config).forEach((entry) => adjusted.add(entry.replace(/\.[^.]+_[0-9A-F]{8}\./, ".")));
              return withStandInReferences(config, (config.provider as { aws: { region: string }[] }).aws[0].region);
            },
          });
          const config = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
          const region = config.provider.aws[0].region as string;
          const targets = applicableResources(config);
          for (const address of dependencyEdges(config).keys()) {
            if (!/^(data|local|module|var)\./.test(address) && !targets.includes(address)) leftOut.add(address.split(".")[0]);
          }
          const step = async (name: string, args: string[], expected: number[]) => {
            const result = await terraform(toolchain, dir, [...args, "-no-color"], STEP_TIMEOUT_MS);
            if (!expected.includes(result.code)) expect(failure(name, stack, result)).toEqual({ step: name, stack, code: expected[0] });
            return result;
          };
          await step("init", ["init", "-input=false"], [0]);
          await step("plan (everything)", ["plan", "-input=false", "-detailed-exitcode"], [2]);
          const targetArgs = targets.map((address) => `-target=${address}`);
          await step("apply", ["apply", "-input=false", "-auto-approve", ...targetArgs], [0]);
          applied.push({ stack, dir, targets: targetArgs });
          const second = await step("second plan", ["plan", "-input=false", "-detailed-exitcode", "-out=second.tfplan", ...targetArgs], [0, 2]);
          if (second.code === 2) {
            const plan = JSON.parse((await step("show second plan", ["show", "-json", "second.tfplan"], [0])).stdout);
            const { unexpected, drift } = unexpectedChanges(plan);
            expect({ stack, unexpected }).toEqual({ stack, unexpected: [] });
            for (const entry of drift) acceptedDrift.add(entry.replace(/\.[^.]+_[0-9A-F]{8}\./, "."));
          }
          // Consumers read this stack's outputs; those of resources the emulator cannot create get stand-ins.
          const outputs = JSON.parse((await step("output", ["output", "-json"], [0])).stdout) as Record<string, { value: unknown; type: unknown }>;
          for (const [name, output] of Object.entries<{ value: unknown }>(config.output ?? {})) {
            // A targeted apply leaves out outputs it did not touch: a literal (a stand-in put in place above) or the stand-in of an unsupported attribute.
          const literal = typeof output.value === "string" && !output.value.includes("${") ? output.value : undefined;
          const standIn = outputs[name] === undefined ? (literal ?? standInOutput(output.value, region)) : undefined;
            if (standIn !== undefined) outputs[name] = { value: standIn, type: "string" };
          }
          const statePath = join(dirname(dir), `${stack}.outputs.tfstate`);
          writeFileSync(
            statePath,
            JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: `emulator-${stack}`, outputs, resources: [] })
          );
          states[stack] = statePath;
        }
        // In reverse order, so that what a stack brought outlives the stack.
        for (const { stack, dir, targets } of [...applied].reverse()) {
          const managed = (await terraform(toolchain, dir, ["state", "list"])).stdout.split("\n").filter((line) => line !== "" && !line.startsWith("data."));
          const forget = managed.filter((address) => address.split(".")[0] in EMULATOR_NOT_DESTROYED);
          if (forget.length > 0) {
            const removed = await terraform(toolchain, dir, ["state", "rm", ...forget]);
            if (removed.code !== 0) expect(failure("state rm", stack, removed)).toEqual({ step: "state rm", stack, code: 0 });
            forget.forEach((address) => notDestroyed.add(address.split(".")[0]));
          }
          const destroy = await terraform(toolchain, dir, ["destroy", "-input=false", "-auto-approve", "-no-color", ...targets], STEP_TIMEOUT_MS);
          if (destroy.code !== 0) expect(failure("destroy", stack, destroy)).toEqual({ step: "destroy", stack, code: 0 });
          // Data sources stay in the state of a targeted destroy; every managed resource must be gone.
          const remaining = (await terraform(toolchain, dir, ["state", "list"])).stdout.split("\n").filter((line) => line !== "" && !line.startsWith("data."));
          expect({ stack, remaining }).toEqual({ stack, remaining: [] });
        }
      } finally {
        for (const { stack, dir } of applied) rmSync(stack === "prerequisites" ? dir : dirname(dir), { recursive: true, force: true });
        rmSync(outdir, { recursive: true, force: true });
      }
      timings.push(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    1_200_000
  );
});
