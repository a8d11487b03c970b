/**
 * Synth figures: the app itself (`node --import tsx main.ts`, i.e. without the cdktf CLI's own
 * start-up) end to end, its in-process share, and the size of what it ships. Target: ≤ 2 s.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(__dirname, "..");
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const wallMs: number[] = [];
let lastOutdir = "";
for (let run = 0; run < RUNS; run += 1) {
  lastOutdir = join(mkdtempSync(join(tmpdir(), "bench-synth-")), "cdktf.out");
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: lastOutdir } });
  wallMs.push(performance.now() - started);
  if (result.status !== 0) throw new Error(`main.ts failed: ${result.stderr}`);
}
const bareMs = median(
  Array.from({ length: RUNS }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ["--import", "tsx", "-e", "0"], { cwd: ROOT });
    return performance.now() - started;
  }),
);

// In process, modules already loaded: construct + bundle + synth.
const { App } = require("cdktf") as typeof import("cdktf");
const { loadConfig, DEFAULT_CONFIG_PATH } = require("../config/load") as typeof import("../config/load");
const { addChatbotStacks } = require("../modules/stacks/chatbot-stacks") as typeof import("../modules/stacks/chatbot-stacks");
const inProcessMs = median(
  Array.from({ length: RUNS }, () => {
    const started = performance.now();
    const app = new App({ outdir: join(mkdtempSync(join(tmpdir(), "bench-synth-")), "cdktf.out") });
    addChatbotStacks(app, loadConfig(DEFAULT_CONFIG_PATH));
    app.synth();
    return performance.now() - started;
  }),
);

const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
const shipped = files(lastOutdir);
const zip = shipped.find((f) => f.endsWith(".zip"))!;
const stackJson = shipped.filter((f) => f.endsWith("cdk.tf.json"));

console.log(`synth (node + tsx + main.ts, median of ${RUNS}): ${median(wallMs).toFixed(0)} ms   target ≤ 2000 ms`);
console.log(`  of which node + tsx start-up:          ${bareMs.toFixed(0)} ms`);
console.log(`  construct + bundle + synth in process:  ${inProcessMs.toFixed(0)} ms`);
console.log(`lambda zip:                               ${(statSync(zip).size / 1024).toFixed(1)} KiB`);
console.log(`cdk.tf.json total:                        ${(stackJson.reduce((s, f) => s + statSync(f).size, 0) / 1024).toFixed(1)} KiB in ${stackJson.length} stacks`);
