/**
 * esbuild's `build()` with the SDK source rewrites (sdk-source-rewrites.ts), called synchronously.
 *
 * Why not `buildSync()`: it cannot run plugins, and rewriting a module inside a package needs an
 * `onLoad` plugin (`alias` only redirects package specifiers, never a package's relative imports).
 * Why synchronous: cdktf constructs are, and the bundle is built inside one (LambdaBundle).
 * So this does what esbuild's own `buildSync()` does internally: run the async API in a worker
 * thread and block on it with `Atomics.wait`, then take the result with `receiveMessageOnPort`.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BuildOptions } from "esbuild";
import type { SourceRewrite } from "./sdk-source-rewrites";

/** Options that survive structured cloning into the worker (no plugins, no functions). */
export type RewriteBuildOptions = Omit<BuildOptions, "plugins" | "write" | "outdir"> & { readonly outfile: string };

const BUILD_TIMEOUT_MS = 5 * 60_000;

/** Runs in the worker: plain JavaScript, applies the rewrites in an onLoad plugin, posts the bundle or the error. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
const { esbuildPath, options, rewrites, filter, port, signal } = workerData;
function finish(message) {
  port.postMessage(message);
  const flag = new Int32Array(signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
process.on("uncaughtException", (error) => finish({ error: String((error && error.message) || error) }));
const FIX = "Update or drop the rewrite in modules/function/bundling/sdk-source-rewrites.ts, then re-run npm run bench.";
const name = (r) => r.package + "/" + r.module;
function rewrite(source, r) {
  let result = source;
  for (const [find, replace] of r.replacements) {
    const count = result.split(find).length - 1;
    if (count !== 1) {
      throw new Error("SDK source rewrite of " + name(r) + " expects " + JSON.stringify(find) + " exactly once, found " + count +
        ": the SDK changed. The rewrite exists because " + r.why + ". " + FIX);
    }
    result = result.replace(find, () => replace);
  }
  return result;
}
(async () => {
  const esbuild = require(esbuildPath);
  const applied = new Set();
  const plugin = {
    name: "sdk-source-rewrites",
    setup(build) {
      build.onLoad({ filter }, (args) => {
        const path = args.path.split("\\\\").join("/");
        const matching = rewrites.filter((r) => path.endsWith("/node_modules/" + name(r)));
        if (matching.length === 0) return undefined;
        let contents = readFileSync(args.path, "utf8");
        for (const r of matching) {
          contents = rewrite(contents, r);
          applied.add(name(r));
        }
        return { contents, loader: "js" };
      });
    },
  };
  const result = await esbuild.build({ ...options, write: false, logLevel: "silent", plugins: rewrites.length > 0 ? [plugin] : [] });
  const unused = rewrites.map(name).filter((n) => !applied.has(n));
  if (unused.length > 0) {
    throw new Error("SDK source rewrites matched no bundled module (" + unused.join(", ") + "): the SDK's layout changed. " + FIX);
  }
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("esbuild produced no output");
  finish({ code: output.contents });
})().catch((error) => {
  const details = Array.isArray(error && error.errors) && error.errors.length > 0 ? error.errors.map((e) => e.text).join("; ") : String((error && error.message) || error);
  finish({ error: details });
});
`;

/** esbuild's onLoad filter (Go regexp syntax): a path ending in one of the rewritten modules. */
export function rewriteFilter(rewrites: readonly SourceRewrite[]): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\//g, "[\\\\/]");
  const modules = rewrites.map((rewrite) => escape(`${rewrite.package}/${rewrite.module}`));
  return new RegExp(`[\\\\/]node_modules[\\\\/](?:${modules.join("|")})$`);
}

/** Bundles with esbuild, applying `rewrites`; returns the single output file's bytes. Blocks until done. */
export function buildWithRewritesSync(options: RewriteBuildOptions, rewrites: readonly SourceRewrite[]): Uint8Array {
  const signal = new SharedArrayBuffer(4);
  const { port1: mainPort, port2: workerPort } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Never inherit loaders such as tsx's --import: the worker runs plain JavaScript.
    execArgv: [],
    workerData: { esbuildPath: require.resolve("esbuild"), options, rewrites, filter: rewriteFilter(rewrites), port: workerPort, signal },
    transferList: [workerPort],
  });
  worker.unref();
  try {
    const status = Atomics.wait(new Int32Array(signal), 0, 0, BUILD_TIMEOUT_MS);
    if (status === "timed-out") throw new Error(`esbuild did not finish within ${BUILD_TIMEOUT_MS / 1000} s`);
    const reply = receiveMessageOnPort(mainPort)?.message as { code?: Uint8Array; error?: string } | undefined;
    if (reply?.code !== undefined) return reply.code;
    throw new Error(`bundling failed: ${reply?.error ?? "the build worker stopped without an answer"}`);
  } finally {
    mainPort.close();
    void worker.terminate();
  }
}
