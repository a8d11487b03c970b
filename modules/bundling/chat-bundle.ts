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
 */
import { buildSync } from "esbuild";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

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
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: [CHAT_FUNCTION_ENTRY],
    bundle: true,
    write: false,
    outfile: "index.js",
    platform: "node",
    format: "cjs",
    target: CHAT_BUNDLE_TARGET,
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    alias: { ...CHAT_BUNDLE_SHIMS },
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("bundleChatFunction: esbuild produced no output");
  return { code: Buffer.from(output.contents) };
}

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: the chat function's sources ship with the package`);
  }
}
