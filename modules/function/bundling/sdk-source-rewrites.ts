/**
 * Small, checked source rewrites of AWS SDK modules, applied while bundling the chat function, that
 * cut what the bundle costs at every cold start (measured by `npm run bench`). Each removes work
 * that Node on Lambda never needs; none changes a request, a response or an error.
 *
 * A rewrite names the exact text it replaces. The build fails when that text is not found exactly
 * once, or when a rewrite matches no bundled module, so an SDK update that moves the code stops the
 * build instead of quietly bundling the slow path again, or a half-rewritten module.
 * Applied by `buildWithRewritesSync` (build-with-rewrites-sync.ts).
 */

export interface SourceRewrite {
  /** The npm package holding the module, e.g. `@smithy/core`. */
  readonly package: string;
  /** The module's path inside the package, e.g. `dist-es/submodules/protocols/HttpProtocol.js`. */
  readonly module: string;
  /** What the rewrite saves and why it is safe; part of the build error when it no longer applies. */
  readonly why: string;
  /** `[find, replace]` pairs, applied in order; each `find` must occur exactly once. */
  readonly replacements: ReadonlyArray<readonly [find: string, replace: string]>;
}

export const CHAT_BUNDLE_REWRITES: readonly SourceRewrite[] = [
  {
    package: "@smithy/core",
    module: "dist-es/submodules/protocols/HttpProtocol.js",
    why:
      "the event-stream serde is imported dynamically, so esbuild wraps every module of the bundle in a lazy __esm " +
      "initialiser and each module body is compiled twice (pre-parsed, then compiled when run). The serde is bundled " +
      "anyway (the client's runtime config imports it), so a static import adds nothing",
    replacements: [
      ['await import("@smithy/core/event-streams")', "{ EventStreamSerde: __EventStreamSerde, eventStreamSerdeProvider: __eventStreamSerdeProvider }"],
      [
        "export class HttpProtocol extends SerdeContext {",
        'import { EventStreamSerde as __EventStreamSerde, eventStreamSerdeProvider as __eventStreamSerdeProvider } from "@smithy/core/event-streams";\n' +
          "export class HttpProtocol extends SerdeContext {",
      ],
    ],
  },
  {
    package: "@smithy/core",
    module: "dist-es/submodules/checksum/crc32/Crc32Node.js",
    why:
      "CRC32 only checks event-stream frames (ConverseStream). Loading node:zlib for its native crc32 costs ~4 ms at every " +
      "cold start, buffered mode included; the SDK's table-driven Crc32Js (bundled anyway as the fallback) checks a " +
      "frame of a few hundred bytes in microseconds",
    replacements: [
      ['import * as zlib from "node:zlib";\n', ""],
      ['const zlibCrc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : undefined;\n', ""],
      ["export const Crc32Node = zlibCrc32 ? buildNativeClass(zlibCrc32) : Crc32Js;", "export const Crc32Node = Crc32Js;"],
    ],
  },
  {
    package: "@smithy/core",
    module: "dist-es/submodules/checksum/sha256/Sha256Node.js",
    why:
      "SigV4 hashes with node:crypto, which Lambda's Node always has: the pure-JS Sha256 fallback (~3.4 KB to parse at " +
      "every cold start) and the probe that creates a throwaway hash at load are dead weight",
    replacements: [
      ['import { Sha256Js } from "./Sha256Js";\n', ""],
      ['const hasNativeCrypto = (() => {\n    try {\n        createHash("sha256");\n        return true;\n    }\n    catch {\n        return false;\n    }\n})();\n', ""],
      ["export const Sha256Node = hasNativeCrypto ? buildNativeClass() : Sha256Js;", "export const Sha256Node = buildNativeClass();"],
    ],
  },
  {
    package: "@smithy/core",
    module: "dist-es/submodules/serde/uuid/v4.js",
    why:
      "the invocation-id generator reads the global `crypto` at load, which makes Node load its whole WebCrypto " +
      "implementation; node:crypto's randomUUID (already loaded) makes the same v4 UUIDs",
    replacements: [
      ["export function bindV4(getRandomValues) {", 'import { randomUUID as __nodeRandomUUID } from "node:crypto";\nexport function bindV4(getRandomValues) {'],
      ['typeof crypto !== "undefined" && typeof crypto.randomUUID === "function"', "true"],
      ["return () => crypto.randomUUID();", "return () => __nodeRandomUUID();"],
    ],
  },
  {
    package: "@aws-sdk/client-bedrock-runtime",
    module: "dist-es/runtimeConfig.js",
    why:
      "the client defaults to the HTTP/2 handler (for bidirectional streams the function never opens); the function " +
      "passes an HTTP/1.1 handler (functions/chat/bedrock-client.ts), so the HTTP/2 handler, its session pool and " +
      "node:http2 (~8 ms at every cold start) need not be bundled or loaded. The same create() accepts the function's handler",
    replacements: [['import { NodeHttp2Handler as RequestHandler, streamCollector } from "@smithy/node-http-handler";', 'import { NodeHttpHandler as RequestHandler, streamCollector } from "@smithy/node-http-handler";']],
  },
  {
    package: "@smithy/node-http-handler",
    module: "dist-es/node-http-handler.js",
    why:
      "plain-http endpoints (only the local stand-in uses one) load node:http with a dynamic import(), which a CommonJS " +
      "bundle run inside a VM context without ESM support (jest) cannot execute; a require of the built-in does the same, synchronously",
    replacements: [['const node_http = await import("node:http");', 'const node_http = require("node:http");']],
  },
];
