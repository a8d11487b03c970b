/**
 * The same constructs on CDK Terrain. The cdktn build (the sources scripts/cdktn-sources.ts
 * generates) writes the Terraform the cdktf build writes, except the differences
 * helpers/cdktn-differences.ts names:
 * - for every configuration the project ships or tests (every option, created or brought), both
 *   builds synthesizing it in this process;
 * - for examples/cdk-terrain, run as its user runs it (tsx on this Node, cdktn's CLI on Node 22
 *   and 24), against examples/existing-vpc, the same program for cdktf.
 * `terraform validate` and the emulator rehearsal run on the example with every other source
 * (helpers/synth-outputs.ts); here, that it reaches them the way the others do.
 */
import { loadConfigSkips } from "../policies/cli/config-file";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as cdktf from "cdktf";
import * as cdktn from "cdktn";
import * as cdktfLibrary from "../index";
import { loadSynthOutput } from "../policies/extract/load";
import { deployabilityProblems } from "../policies/deployability";
import { reviewSynthOutput, runChecks } from "../policies/review";
import { writeCdktnSources } from "../scripts/cdktn-sources";
import { CDKTN_DIFFERENCES, type Difference, jsonDifferences, stackAssets, stacksOf } from "./helpers/cdktn-differences";
import { renameImportsForCdktn } from "./helpers/cdktn-imports";
import { nodeRuntime } from "./helpers/node-runtimes";
import { CONFIG_DIRS, synthExample, synthSources } from "./helpers/synth-outputs";
import { fakeBundler } from "./helpers/terraform";
import { prepareWorkdir } from "./helpers/terraform-cli";
import type { Toolchain } from "./helpers/toolchain";

const ROOT = join(__dirname, "..");
const EXAMPLES = join(ROOT, "examples");
const CDKTN_CLI = join(ROOT, "node_modules", "cdktn-cli", "bin", "cdktn");

writeCdktnSources();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdktnLibrary = require("../cdktn/index") as typeof import("../cdktn/index");

const byPath = (a: Difference, b: Difference) => (a.path < b.path ? -1 : 1);
const expected: readonly Difference[] = CDKTN_DIFFERENCES.map(({ path, cdktf, cdktn }) => ({ path, cdktf, cdktn })).sort(byPath);
const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Each stack's differences, by stack: the same stacks on both sides, and only the named differences in each. */
function differencesByStack(cdktfOut: string, cdktnOut: string): Record<string, Difference[]> {
  const [before, after] = [stacksOf(cdktfOut), stacksOf(cdktnOut)];
  expect(Object.keys(after)).toEqual(Object.keys(before));
  return Object.fromEntries(Object.keys(before).map((stack) => [stack, jsonDifferences(before[stack], after[stack])]));
}

describe("every configuration, synthesized by the cdktf build and by the CDK Terrain build", () => {
  const configs = CONFIG_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => join(dir, name)),
  );

  test("covers the environments and the every-option fixtures", () => {
    expect(configs.length).toBeGreaterThanOrEqual(4);
  });

  test.each(configs.map((file) => [file.slice(ROOT.length + 1), file]))("%s: the same Terraform but for the named differences", (_label, file) => {
    const cdktfOut = tempDir("both-cdktf-");
    const cdktfApp = new cdktf.App({ outdir: cdktfOut });
    cdktfLibrary.addChatbotStacks(cdktfApp, cdktfLibrary.loadConfig(file), { bundler: fakeBundler });
    cdktfApp.synth();

    const cdktnOut = tempDir("both-cdktn-");
    const cdktnApp = new cdktn.App({ outdir: cdktnOut });
    cdktnLibrary.addChatbotStacks(cdktnApp, cdktnLibrary.loadConfig(file), { bundler: fakeBundler });
    cdktnApp.synth();

    for (const [stack, differences] of Object.entries(differencesByStack(cdktfOut, cdktnOut))) expect({ stack, differences }).toEqual({ stack, differences: expected });
    expect(stackAssets(cdktnOut)).toEqual(stackAssets(cdktfOut));
  });
});

describe("examples/cdk-terrain", () => {
  let tsxOut: string;
  let existingVpcOut: string;
  beforeAll(() => {
    tsxOut = synthExample("cdk-terrain");
    existingVpcOut = synthExample("existing-vpc");
    made.push(tsxOut, existingVpcOut);
  }, 120_000);

  /** The program below its header comment, each import renamed as a user renames it. */
  const program = (example: string) => readFileSync(join(EXAMPLES, example, "main.ts"), "utf8").replace(/^\/\*\*[\s\S]*?\*\/\n/, "");

  test("is examples/existing-vpc with its imports renamed, and nothing else", () => {
    expect(program("cdk-terrain")).not.toBe(program("existing-vpc"));
    expect(program("cdk-terrain")).toBe(renameImportsForCdktn(program("existing-vpc")));
  });

  test("writes existing-vpc's Terraform and Lambda zip, but for the named differences and its own state file", () => {
    const stateFile = (example: string) => join(EXAMPLES, example, "terraform.platform-network.tfstate");
    const ownStateFile = { path: "terraform.backend.local.path", cdktf: stateFile("existing-vpc"), cdktn: stateFile("cdk-terrain") };
    expect(differencesByStack(existingVpcOut, tsxOut)).toEqual({ "platform-network": [...expected, ownStateFile].sort(byPath) });
    expect(stackAssets(tsxOut)).toEqual(stackAssets(existingVpcOut));
  });

  test("passes the permission review, the rule pack and the deployability checks", () => {
    const stacks = loadSynthOutput(tsxOut);
    expect(reviewSynthOutput(tsxOut).violations).toEqual([]);
    const skips = loadConfigSkips(undefined, join(EXAMPLES, "cdk-terrain"));
    expect(runChecks(stacks, { skips }).results.flatMap((result) => result.findings).filter((finding) => finding.status === "failed")).toEqual([]);
    expect(deployabilityProblems(stacks)).toEqual([]);
  });

  test("reaches terraform validate and the emulator like every other source: a source of its own, its working copy requiring the toolchain's provider in place of 6.66.0", () => {
    expect(synthSources().map((source) => source.label)).toContain("example cdk-terrain");
    const toolchain = { providerVersion: "6.47.1" } as Toolchain;
    const dir = prepareWorkdir(tsxOut, "platform-network", toolchain);
    made.push(dirname(dir));
    const config = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    expect(config.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "6.47.1" });
    expect(config.terraform.backend).toBeUndefined();
  });

  /** `cdktn synth` in the example's folder, as its header says, on the given Node. */
  function cdktnSynth(major: 20 | 22 | 24) {
    const runtime = nodeRuntime(major);
    const outdir = tempDir(`cdktn-cli-${major}-`);
    const result = spawnSync(runtime.node, [CDKTN_CLI, "synth", "--output", outdir], {
      cwd: join(EXAMPLES, "cdk-terrain"),
      // The app command (`node --import tsx main.ts`) runs on the same Node: first on PATH.
      env: { ...process.env, PATH: `${runtime.binDir}:${process.env.PATH}`, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      timeout: 180_000,
    });
    return { result, outdir, runtime };
  }

  test.each([22, 24] as const)("cdktn's CLI on Node %i writes what tsx wrote", (major) => {
    const { result, outdir, runtime } = cdktnSynth(major);
    expect({ node: runtime.version, status: result.status, stderr: result.status === 0 ? "" : result.stderr.slice(-2000) }).toEqual({ node: runtime.version, status: 0, stderr: "" });
    expect(stacksOf(outdir)).toEqual(stacksOf(tsxOut));
    expect(stackAssets(outdir)).toEqual(stackAssets(tsxOut));
  }, 200_000);

  test("cdktn's CLI needs Node 22.19 or later, as the docs say: it declares so and fails on Node 20", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "node_modules", "cdktn-cli", "package.json"), "utf8")).engines.node).toBe(">=22.19.0");
    expect(readFileSync(join(ROOT, "docs", "deploying.md"), "utf8")).toMatch(/Node\.js (≥|>=) ?22\.19/);
    expect(cdktnSynth(20).result.status).not.toBe(0);
  }, 200_000);
});
