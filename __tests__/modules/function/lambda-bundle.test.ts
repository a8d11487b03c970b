import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { TerraformStack, Testing } from "cdktf";
import { zipSingleFile } from "../../../modules/function/bundling/deterministic-zip";
import { LambdaBundle } from "../../../modules/function/lambda-bundle";
import { only, synthApp } from "../../helpers/terraform";

/** Reads the one entry of a zip written by zipSingleFile, checking the fields unzip relies on. */
function unzipSingle(zip: Buffer): { name: string; content: Buffer; dosDate: number } {
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  const compressedSize = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const name = zip.subarray(30, 30 + nameLength).toString("utf8");
  const content = inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + compressedSize));
  expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
  return { name, content, dosDate: zip.readUInt16LE(12) };
}

const stack = () => new TerraformStack(Testing.app(), "stack");

function bundleOf(code: string, workDir: string): LambdaBundle {
  return new LambdaBundle(stack(), "bundle", { bundler: () => ({ code: Buffer.from(code) }), workDir });
}

describe("LambdaBundle", () => {
  const workDir = mkdtempSync(join(tmpdir(), "bundle-test-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  test("the zip holds index.js with the bundler's bytes and the zip-epoch timestamp", () => {
    const zip = zipSingleFile("index.js", Buffer.from("exports.handler = 1;"));
    const entry = unzipSingle(zip);
    expect(entry).toEqual({ name: "index.js", content: Buffer.from("exports.handler = 1;"), dosDate: 33 });
  });

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
