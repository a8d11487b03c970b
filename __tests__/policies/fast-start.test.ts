/**
 * The review CLI must start fast: nothing under policies/evaluator, policies/extract,
 * policies/review (nor the CLI itself) may import cdktf or the AWS provider, and nothing in the
 * project may import the provider's package root (about 5 s per require).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/(?:from\s+|require\(|import\()\s*["']([^"']+)["']/g)].map((match) => match[1]);

describe("fast start of the policy guard", () => {
  const guardFiles = [...["evaluator", "extract", "review"].flatMap((dir) => sources(join(ROOT, "policies", dir))), join(ROOT, "policies", "review-cli.ts")];

  it("finds the guard's sources", () => {
    expect(guardFiles.length).toBeGreaterThan(8);
  });

  it.each(guardFiles.map((file) => [relative(ROOT, file), file]))("%s imports neither cdktf nor the provider", (_name, file) => {
    expect(importsOf(file).filter((spec) => /^(cdktf|constructs|@cdktf\/)/.test(spec))).toEqual([]);
  });

  it("no policies/ source imports the provider package root", () => {
    const offenders = sources(join(ROOT, "policies")).filter((file) => importsOf(file).includes("@cdktf/provider-aws"));
    expect(offenders).toEqual([]);
  });
});
