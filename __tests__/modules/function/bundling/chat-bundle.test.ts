/**
 * The chat bundle's load-cost measures: the checked SDK source rewrites (and the worker that
 * applies them synchronously), and what loading the real bundle must not do. Behaviour with the
 * real SDK (signing, streaming with CRC-checked frames, errors, deadlines) is covered by
 * __tests__/functions/chat-bundle.integration.test.ts, which runs this same bundle.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildWithRewritesSync, type RewriteBuildOptions } from "../../../../modules/function/bundling/build-with-rewrites-sync";
import { bundleChatFunction } from "../../../../modules/function/bundling/chat-bundle";
import { CHAT_BUNDLE_REWRITES, type SourceRewrite } from "../../../../modules/function/bundling/sdk-source-rewrites";

const ROOT = join(__dirname, "..", "..", "..", "..");

describe("CHAT_BUNDLE_REWRITES", () => {
  test.each(CHAT_BUNDLE_REWRITES.map((rewrite) => [`${rewrite.package}/${rewrite.module}`, rewrite] as const))("each text to replace occurs exactly once in the installed %s", (_name, rewrite) => {
    let source = readFileSync(join(ROOT, "node_modules", rewrite.package, rewrite.module), "utf8");
    for (const [find, replace] of rewrite.replacements) {
      expect({ find, count: source.split(find).length - 1 }).toEqual({ find, count: 1 });
      source = source.replace(find, () => replace);
    }
  });

  test("every rewrite says why it exists", () => {
    for (const rewrite of CHAT_BUNDLE_REWRITES) expect(rewrite.why.length).toBeGreaterThan(40);
  });
});

describe("buildWithRewritesSync", () => {
  let dir: string;
  const FAKE: SourceRewrite = { package: "fake-sdk", module: "dist/slow.js", why: "it stands in for an SDK module in this test", replacements: [['"slow path"', '"fast path"']] };

  function options(entry: string): RewriteBuildOptions {
    return { absWorkingDir: dir, entryPoints: [join(dir, entry)], bundle: true, outfile: "out.js", platform: "node", format: "cjs" };
  }
  function write(path: string, text: string): void {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "rewrite-build-"));
    write("node_modules/fake-sdk/package.json", JSON.stringify({ name: "fake-sdk", main: "dist/index.js" }));
    write("node_modules/fake-sdk/dist/index.js", 'export { mode } from "./slow.js";\n');
    write("node_modules/fake-sdk/dist/slow.js", 'export const mode = "slow path";\n');
    write("entry.js", 'import { mode } from "fake-sdk";\nconsole.log(mode);\n');
    write("broken.js", 'import { mode } from "not-installed";\nconsole.log(mode);\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("rewrites the module inside the package and returns the bundle's bytes", () => {
    const code = Buffer.from(buildWithRewritesSync(options("entry.js"), [FAKE])).toString("utf8");
    expect(code).toContain('"fast path"');
    expect(code).not.toContain('"slow path"');
  });

  test("without rewrites, bundles the module as it is", () => {
    expect(Buffer.from(buildWithRewritesSync(options("entry.js"), [])).toString("utf8")).toContain('"slow path"');
  });

  test("fails, naming the module, the text and the file to update, when the text is no longer there", () => {
    const stale: SourceRewrite = { ...FAKE, replacements: [['"a path the SDK removed"', '"fast path"']] };
    expect(() => buildWithRewritesSync(options("entry.js"), [stale])).toThrow(/fake-sdk\/dist\/slow\.js expects "\\"a path the SDK removed\\"" exactly once, found 0.*modules\/function\/bundling\/sdk-source-rewrites\.ts/);
  });

  test("fails when a rewrite matches no bundled module, instead of silently bundling the slow path", () => {
    const moved: SourceRewrite = { ...FAKE, module: "dist/moved.js" };
    expect(() => buildWithRewritesSync(options("entry.js"), [moved])).toThrow(/matched no bundled module \(fake-sdk\/dist\/moved\.js\)/);
  });

  test("reports esbuild's own errors instead of hanging", () => {
    expect(() => buildWithRewritesSync(options("broken.js"), [FAKE])).toThrow(/bundling failed: .*not-installed/);
  });
});

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
