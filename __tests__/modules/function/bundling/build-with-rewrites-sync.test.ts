/**
 * buildWithRewritesSync: esbuild with the SDK source rewrites, called synchronously. It rewrites
 * the module inside its package and returns the bundle's bytes; it fails, naming what to update,
 * when a rewrite's text or module is gone (never bundling the slow path quietly), and reports
 * esbuild's own errors instead of hanging. rewriteFilter selects the rewritten modules by path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildWithRewritesSync, type RewriteBuildOptions, rewriteFilter } from "../../../../modules/function/bundling/build-with-rewrites-sync";
import type { SourceRewrite } from "../../../../modules/function/bundling/sdk-source-rewrites";

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

  test("rewriteFilter matches the rewritten modules under node_modules, with either path separator, and nothing else", () => {
    const filter = rewriteFilter([FAKE, { ...FAKE, package: "@scope/other", module: "dist-es/a.js" }]);
    expect(filter.test("/app/node_modules/fake-sdk/dist/slow.js")).toBe(true);
    expect(filter.test("C:\\app\\node_modules\\fake-sdk\\dist\\slow.js")).toBe(true);
    expect(filter.test("/app/node_modules/@scope/other/dist-es/a.js")).toBe(true);
    expect(filter.test("/app/node_modules/fake-sdk/dist/slow.jsx")).toBe(false);
    expect(filter.test("/app/node_modules/fake-sdk/dist/slowXjs")).toBe(false);
    expect(filter.test("/app/src/fake-sdk/dist/slow.js")).toBe(false);
  });
});
