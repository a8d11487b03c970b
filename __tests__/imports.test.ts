/**
 * Architecture rules that keep the project fast and its layers apart, checked on the sources:
 * - `@cdktf/provider-aws` and `@cdktn/provider-aws` only by deep path (the package root loads ~1,500 resources: seconds per require);
 * - `functions/` never imports cdktf, constructs or `modules/`, and `modules/` never imports `functions/`;
 * - `contract/` (the API's environment, limits, error codes and stop reasons, shared by both sides)
 *   imports nothing but its own files;
 * - the review tooling (policies/) never loads cdktf or the provider, so `npm run review` starts fast;
 * - the post-deploy proof (policies/verify/, the only code that talks to AWS's IAM, STS and
 *   CloudWatch Logs APIs) is imported by nothing but itself: not by the module, the function, the
 *   configuration or the library's entry point, nor by the offline review.
 * - the module never imports the review tool (only the policy documents, the catalogue and the
 *   deployability limits they share).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
const SKIP = new Set(["node_modules", "cdktf.out", ".git", ".build", "coverage", ".scratch", "dist", "test-artifacts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
}

const files = sourceFiles(ROOT).map((path) => ({ path: relative(ROOT, path), imports: importsOf(path) }));
const under = (prefix: string) => files.filter((f) => f.path.startsWith(prefix));

describe("import rules", () => {
  test("the scan sees the project's sources", () => {
    expect(under("modules/").length).toBeGreaterThan(5);
    expect(under("policies/").length).toBeGreaterThan(3);
  });

  test("@cdktf/provider-aws (and CDK Terrain's @cdktn/provider-aws) is imported only by deep path", () => {
    const offenders = files.filter((f) => f.imports.some((i) => /^@cdkt[fn]\/provider-aws(\/lib)?$/.test(i))).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  test("functions/ imports neither cdktf, constructs, nor modules/", () => {
    const offenders = under("functions/").filter((f) => f.imports.some((i) => /^(cdktf|constructs|@cdktf\/)/.test(i) || i.includes("modules/")));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  test("modules/ does not import functions/", () => {
    expect(under("modules/").filter((f) => f.imports.some((i) => i.includes("functions/"))).map((f) => f.path)).toEqual([]);
  });

  test("contract/ imports nothing but itself: the function bundles it and the constructs build with it", () => {
    expect(under("contract/").length).toBeGreaterThan(0);
    expect(under("contract/").filter((f) => f.imports.some((i) => !/^\.\/[\w-]+$/.test(i))).map((f) => f.path)).toEqual([]);
  });

  test("policies/verify/ is imported by nothing outside it (the module, the function, the config, the library and the review stay free of it)", () => {
    expect(under("policies/verify/").length).toBeGreaterThan(5);
    const offenders = files.filter((f) => !f.path.startsWith("policies/verify/") && !f.path.startsWith("__tests__/") && f.imports.some((i) => /(^|\/)verify(\/|$)/.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  test("only policies/verify/ (and the chat function) use AWS SDK clients", () => {
    const offenders = files.filter((f) => !/^(policies\/verify|functions\/chat|dev|bench|__tests__)\//.test(f.path) && f.imports.some((i) => /^@aws-sdk\/client-/.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  test("the module (modules/, functions/, config/) never imports the review tool, only the documents, catalogue and limits they share", () => {
    const tool = /policies\/(extract|evaluator|review|checks|cli)\/|review-cli/;
    const offenders = [...under("modules/"), ...under("functions/"), ...under("config/")].filter((f) => f.imports.some((i) => tool.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  test("policies/ does not load cdktf or the provider", () => {
    const offenders = under("policies/").filter((f) => f.imports.some((i) => /^(cdktf|@cdktf\/|constructs)/.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
