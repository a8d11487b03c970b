/**
 * `npm run bench`: runs every bench/*.bench.ts in its own Node process (so that one bench's
 * module cache and JIT warm-up never flatter another's) and prints their figures in order.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const benchDir = __dirname;
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, "")}`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, file)], {
    stdio: "inherit",
    // The SDK's "Node < 22" notice is about this machine's Node 20, not the function (nodejs24.x): keep it out of the figures.
    env: { ...process.env, CHECKPOINT_DISABLE: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  if (run.status !== 0) {
    failed += 1;
    console.log(`!! ${file} exited with ${run.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
