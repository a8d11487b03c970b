/**
 * The Node.js releases scripts/node-runtimes.sh installs (20, 22, 24, from npm packages, in the
 * toolchain's cache), for the tests of what differs by Node: synthesis, the chat function's bundle,
 * the packed review bin and CDK Terrain's CLI. Like the Terraform toolchain, a test that needs one
 * fails, never skips, when it is missing, and says in one line how to get it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { toolchainDir } from "../../scripts/toolchain-env";

const SCRIPT = join(__dirname, "..", "..", "scripts", "node-runtimes.sh");

/** The majors this package supports and tests: engines, the README and the CI matrix say the same. */
export const SUPPORTED_NODE_MAJORS = [20, 22, 24] as const;
export type NodeMajor = (typeof SUPPORTED_NODE_MAJORS)[number];

export interface NodeRuntime {
  readonly major: NodeMajor;
  /** `v24.22.3`, as the binary reports it. */
  readonly version: string;
  readonly node: string;
  /** Its folder, to put first on PATH so that `node` in a child's command (cdktf.json's app) is this one. */
  readonly binDir: string;
}

/** The exact releases the script installs, read from the script itself (one place to change them). */
export function pinnedNodeReleases(): string[] {
  const line = readFileSync(SCRIPT, "utf8").match(/^NODE_RELEASES=\(([^)]*)\)$/m);
  if (!line) throw new Error(`${SCRIPT}: no NODE_RELEASES=(…) line`);
  return line[1].trim().split(/\s+/);
}

export function nodeRuntime(major: NodeMajor, env: NodeJS.ProcessEnv = process.env): NodeRuntime {
  const file = join(toolchainDir(env), "node-runtimes.env");
  const line = existsSync(file) ? readFileSync(file, "utf8").match(new RegExp(`^NODE_${major}=(.+)$`, "m")) : null;
  const node = line?.[1];
  if (!node || !existsSync(node)) {
    throw new Error(`Node.js ${major} for the tests is not installed (${node ?? file} is missing): run \`bash scripts/node-runtimes.sh\` (npm run toolchain runs it too; ~1 min, from the npm registry)`);
  }
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  return { major, version, node, binDir: dirname(node) };
}

/** Every supported release, in order. */
export function nodeRuntimes(env: NodeJS.ProcessEnv = process.env): NodeRuntime[] {
  return SUPPORTED_NODE_MAJORS.map((major) => nodeRuntime(major, env));
}

/** The tests' environment, with `runtime`'s `node` first on PATH. */
export function envWithNode(runtime: NodeRuntime, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, PATH: `${runtime.binDir}:${process.env.PATH ?? ""}` };
}
