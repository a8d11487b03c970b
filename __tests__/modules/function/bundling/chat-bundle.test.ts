/**
 * The chat bundle as it ships (bundleChatFunction, with the SDK source rewrites applied): ASCII, no
 * lazy module initialisers, no pure-JS SHA-256, and loading it loads neither node:http2, node:zlib
 * nor WebCrypto. The rewrites themselves: sdk-source-rewrites.test.ts and
 * build-with-rewrites-sync.test.ts. Behaviour with the real SDK (signing, streaming with
 * CRC-checked frames, errors, deadlines) is covered by
 * __tests__/functions/chat-bundle.integration.test.ts, which runs this same bundle.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleChatFunction } from "../../../../modules/function/bundling/chat-bundle";

describe("the chat bundle", () => {
  let code: Buffer;
  let dir: string;

  beforeAll(() => {
    code = bundleChatFunction().code;
    dir = mkdtempSync(join(tmpdir(), "chat-bundle-load-"));
    writeFileSync(join(dir, "index.js"), code);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("is ASCII, so Node holds it as a one-byte string", () => {
    expect(code.every((byte) => byte < 0x80)).toBe(true);
  });

  test("has no lazy module initialisers and no JS Sha256 fallback", () => {
    const text = code.toString("latin1");
    // esbuild's (0.28) minified __esm helper, emitted when a bundled module is imported dynamically.
    expect(text).not.toMatch(/=\(([\w$]+),([\w$]+),([\w$]+)\)=>\(\)=>\{if\(\3\)throw \3\[0\];try\{return \1&&\(\2=\1\(\1=0\)\),\2\}/);
    // The first SHA-256 round constants, only present in the pure-JS implementation.
    expect(text).not.toMatch(/1116352408,\s*1899447441/);
  });

  test("loading it loads node:https and the client, but neither node:http2, node:zlib nor WebCrypto", () => {
    const probe = `require(${JSON.stringify(join(dir, "index.js"))}); setImmediate(() => process.stdout.write(JSON.stringify(process.moduleLoadList)));`;
    const run = spawnSync(process.execPath, ["-e", probe], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", MODEL_ID: "amazon.nova-lite-v1:0", AWS_REGION: "us-east-1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    expect(run.status).toBe(0);
    const loaded = JSON.parse(run.stdout) as string[];
    expect(loaded).toContain("NativeModule https");
    expect(loaded.filter((name) => /^NativeModule (http2|zlib|internal\/crypto\/webcrypto)$/.test(name))).toEqual([]);
  });
});
