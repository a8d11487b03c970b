/**
 * How long reading HCL takes: the review's own parser over every `.tf` file of the review corpus
 * (cold: the first pass in this process, module load included; warm: median of 5), against
 * @cdktf/hcl2json, the alternative (HashiCorp's parser compiled to WASM), whose start-up alone is
 * measured in a fresh Node process: load, WASM compile and Go runtime start, first parse.
 * Prints figures; asserts nothing.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const CORPUS = join(__dirname, "..", "__tests__", "fixtures", "review-corpus");
const files = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith(".tf"))
  .map((entry) => readFileSync(join(entry.parentPath, entry.name), "utf8"));
const bytes = files.reduce((total, text) => total + Buffer.byteLength(text), 0);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

let start = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { convertConfigFile } = require("../policies/extract/hcl/config-json") as typeof import("../policies/extract/hcl/config-json");
const load = performance.now() - start;
start = performance.now();
for (const text of files) convertConfigFile(text);
const cold = performance.now() - start;
const warm: number[] = [];
for (let run = 0; run < 5; run++) {
  start = performance.now();
  for (const text of files) convertConfigFile(text);
  warm.push(performance.now() - start);
}
console.log(`review's HCL parser: ${files.length} corpus .tf files (${(bytes / 1024).toFixed(0)} KB): module load ${ms(load)} · first pass ${ms(cold)} · warm median ${ms(median(warm))}`);

const probe = `
  const t0 = performance.now();
  const { parse } = require("@cdktf/hcl2json");
  const t1 = performance.now();
  parse("a.tf", 'resource "aws_iam_role" "r" {\\n  name = "x"\\n}\\n').then(() => {
    console.log(JSON.stringify({ load: performance.now() - t0, firstParse: performance.now() - t1 }));
    process.exit(0);
  });`;
const starts: { load: number; firstParse: number; wall: number }[] = [];
for (let run = 0; run < 3; run++) {
  const began = performance.now();
  const child = spawnSync(process.execPath, ["-e", probe], { cwd: join(__dirname, ".."), encoding: "utf8" });
  starts.push({ ...(JSON.parse(child.stdout) as { load: number; firstParse: number }), wall: performance.now() - began });
}
console.log(
  `@cdktf/hcl2json, fresh process (median of 3): require ${ms(median(starts.map((one) => one.load)))} · first parse (WASM compile, Go start) ${ms(median(starts.map((one) => one.firstParse)))} · process wall ${ms(median(starts.map((one) => one.wall)))}`,
);
