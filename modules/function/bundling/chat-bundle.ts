/**
 * Bundles the chat function into one minified CommonJS file (Lambda loads it as `index.js`).
 * Pure Node + esbuild: no cdktf here, so the function's tests and the bench can use it too.
 *
 * Deterministic: same input files, same bytes (no timestamps, no absolute paths, no sourcemap).
 * The AWS SDK is bundled, not taken from the runtime, whose SDK version drifts.
 *
 * Size: the ESM builds (`mainFields: module, main`) tree-shake far better than the CJS ones, and
 * three SDK packages the function never needs are replaced by small stand-ins in
 * `functions/chat/sdk-shims/` (credentials come from the environment in Lambda; no bearer
 * tokens; no input event streams). Measured by `npm run bench`.
 *
 * Load cost (every cold start pays it): a few SDK modules are rewritten while bundling
 * (sdk-source-rewrites.ts: no lazy-module wrappers, no node:zlib, no JS Sha256 fallback), and the
 * output is ASCII so that Node reads it into a one-byte string (half the memory of a UTF-16 one,
 * less garbage collection during load).
 *
 * Not used, on purpose: Node's compile cache (`NODE_COMPILE_CACHE`, `module.enableCompileCache()`).
 * It only speeds up a later load from a filled cache directory, and every Lambda cold start begins
 * with an empty /tmp; called from the bundle it cannot help the bundle, which is compiled by then.
 * Measured on Node 24.21: empty cache +5 ms, call after loading +3 ms, filled cache -17 ms (a case
 * Lambda never has: a warm environment does not load the module again).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildWithRewritesSync } from "./build-with-rewrites-sync";
import { CHAT_BUNDLE_REWRITES } from "./sdk-source-rewrites";

/** The package root, found from here both in the sources and in the built `dist/` (which ships `functions/` beside it). */
const ROOT = packageRoot(__dirname);
const CHAT_DIR = join(ROOT, "functions", "chat");

/** Absolute path of the chat function's entry file. */
export const CHAT_FUNCTION_ENTRY = join(CHAT_DIR, "handler.ts");

/** SDK packages replaced in the bundle, with the stand-in that replaces each. */
export const CHAT_BUNDLE_SHIMS: Readonly<Record<string, string>> = {
  "@aws-sdk/credential-provider-node": join(CHAT_DIR, "sdk-shims", "credential-provider-node.ts"),
  "@aws-sdk/token-providers": join(CHAT_DIR, "sdk-shims", "token-providers.ts"),
  "@aws-sdk/eventstream-handler-node": join(CHAT_DIR, "sdk-shims", "eventstream-handler-node.ts"),
};

/** esbuild target: Lambda runs nodejs24.x, local tests run the same bytes on Node 20. */
export const CHAT_BUNDLE_TARGET = "node20";

export interface ChatBundle {
  /** The minified CommonJS bundle, to be stored as `index.js`. */
  readonly code: Buffer;
}

export function bundleChatFunction(): ChatBundle {
  const code = buildWithRewritesSync(
    {
      absWorkingDir: ROOT,
      entryPoints: [CHAT_FUNCTION_ENTRY],
      bundle: true,
      outfile: "index.js",
      platform: "node",
      format: "cjs",
      target: CHAT_BUNDLE_TARGET,
      mainFields: ["module", "main"],
      minify: true,
      sourcemap: false,
      legalComments: "none",
      charset: "ascii",
      alias: { ...CHAT_BUNDLE_SHIMS },
    },
    CHAT_BUNDLE_REWRITES,
  );
  return { code: Buffer.from(code) };
}

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: the chat function's sources ship with the package`);
  }
}
