/**
 * LambdaBundle: the bundler's code, zipped deterministically, named by its SHA-256 and given to
 * Lambda with that same hash; a stale file under the zip's name is overwritten, and an empty
 * bundle is refused. The zip's format: bundling/deterministic-zip.test.ts.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { zipSingleFile } from "../../../modules/function/bundling/deterministic-zip";
import { LambdaBundle } from "../../../modules/function/lambda-bundle";
import { only, synthApp, synthScope } from "../../helpers/terraform";

const stack = () => new TerraformStack(Testing.app(), "stack");

function bundleOf(code: string, workDir: string): LambdaBundle {
  return new LambdaBundle(stack(), "bundle", { bundler: () => ({ code: Buffer.from(code) }), workDir });
}

describe("LambdaBundle", () => {
  const workDir = mkdtempSync(join(tmpdir(), "bundle-test-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  test("the same code gives the same bytes; different code a different hash", () => {
    expect(zipSingleFile("index.js", Buffer.from("a"))).toEqual(zipSingleFile("index.js", Buffer.from("a")));
    const first = bundleOf("exports.a = 1;", workDir);
    expect(bundleOf("exports.a = 1;", workDir).contentHash).toBe(first.contentHash);
    expect(bundleOf("exports.a = 2;", workDir).contentHash).not.toBe(first.contentHash);
  });

  test("the asset hash and source_code_hash are the same SHA-256 of the zip that ships", () => {
    const { data, outdir } = synthApp();
    const fn = only(data, "aws_lambda_function");
    const zip = readFileSync(join(outdir, "stacks", "chatbot-test-data-plane", String(fn.filename)));
    const digest = createHash("sha256").update(zip).digest();
    expect(fn.source_code_hash).toBe(digest.toString("base64"));
    expect(String(fn.filename)).toContain(digest.toString("hex"));
  });

  test("a stale file under the zip's name is overwritten, never shipped", () => {
    const bundle = bundleOf("exports.fresh = true;", workDir);
    const path = join(workDir, `${bundle.contentHash}.zip`);
    writeFileSync(path, "tampered");
    bundleOf("exports.fresh = true;", workDir);
    expect(createHash("sha256").update(readFileSync(path)).digest("hex")).toBe(bundle.contentHash);
  });
});

describe("LambdaBundle guards", () => {
  test("LambdaBundle rejects an empty bundle", () => {
    expect(() => synthScope((scope) => new LambdaBundle(scope, "bundle", { bundler: () => ({ code: Buffer.alloc(0) }) }))).toThrow(
      "LambdaBundle 'bundle': bundler: returned an empty bundle (no bytes): check the function's entry file and the esbuild log (got 0)",
    );
  });
});
