/**
 * The review on real public Terraform (`__tests__/fixtures/review-corpus/`: 25 cases, each with
 * its source repository, path and commit, and a verdict written by hand before the review ever
 * ran). Every case is reviewed as written (the folder of `.tf` files, read by the review's own
 * HCL parser), and converted with `@cdktf/hcl2json` and reviewed in every JSON input shape, and
 * the two readings must give the same verdict:
 * - hcl2json as-is (array bodies everywhere, expressions as `${…}` strings);
 * - object bodies (the shape cdktf writes);
 * - arrays at every label level;
 * - expressions evaluated (the review's own reading, written back and read again: stable);
 * - Terraform's own plan (`terraform show -json`, committed as `plan.json` by
 *   scripts/corpus-plans.sh) where one could be built offline. A policy a plan leaves unknown
 *   until apply is an unreadable violation there (fail closed), and only there.
 * In each: every expected violation on the right role, no violation anywhere else, the same for
 * data-plane findings, application roles told apart, module calls listed, the exit code.
 */
import { parse } from "@cdktf/hcl2json";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { canonicalBodies } from "../../policies/extract/hcl-json-bodies";
import { loadSynthOutput } from "../../policies/extract/load";
import { readableStack } from "../../policies/extract/readable-stack";
import { reviewStacks, type Review } from "../../policies/review/review";

const CORPUS = join(__dirname, "..", "fixtures", "review-corpus");

interface Expected {
  readonly applicationRoles: readonly string[];
  readonly notApplicationRoles: readonly string[];
  readonly violations: readonly { readonly role: string; readonly actions: readonly string[] }[];
  readonly dataPlaneFindings: readonly { readonly role: string; readonly actions: readonly string[] }[];
  readonly unreviewedModules: readonly string[];
  readonly exit: 0 | 1;
}

interface Case {
  readonly name: string;
  readonly source: { readonly repo: string; readonly path: string; readonly commit: string | null };
  readonly expected: Expected;
}

const cases: Case[] = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => ({ name: entry.name, ...(JSON.parse(readFileSync(join(CORPUS, entry.name, "case.json"), "utf8")) as Omit<Case, "name">) }));

const SHAPES = ["hcl2json", "object bodies", "arrays at every level", "expressions evaluated"] as const;
type Shape = (typeof SHAPES)[number] | "as written" | "plan";

/** Wraps every label level and body in a one-element array: valid HCL JSON, the least friendly shape. */
function arraysEverywhere(config: Record<string, unknown>): Record<string, unknown> {
  const wrap = (value: unknown, depth: number): unknown => {
    if (depth === 0 || typeof value !== "object" || value === null || Array.isArray(value)) return [value];
    return [Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, wrap(inner, depth - 1)]))];
  };
  const depthOf: Record<string, number> = { resource: 2, data: 2, module: 1, output: 1, variable: 1 };
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, depthOf[key] === undefined ? value : wrap(value, depthOf[key])]));
}

/**
 * The case's `.tf` files converted with hcl2json, keyed by their path in the case (a repository
 * case keeps its folders: each is a module of its own).
 */
async function converted(name: string): Promise<{ dir: string; files: Record<string, Record<string, unknown>> }> {
  const source = join(CORPUS, name);
  const dir = mkdtempSync(join(tmpdir(), `corpus-${name}-`));
  const files: Record<string, Record<string, unknown>> = {};
  const tf = readdirSync(source, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith(".tf"));
  for (const entry of tf) {
    const path = relative(source, join(entry.parentPath, entry.name));
    files[path] = (await parse(entry.name, readFileSync(join(source, path), "utf8"))) as Record<string, unknown>;
  }
  return { dir, files };
}

/** Files of the case that are not Terraform (policy templates read by file()/templatefile()), or our own. */
const isAsset = (path: string) => !/(\.tf|case\.json|plan\.json|plan\.tfvars\.json)$/.test(path);

function writeShape(name: string, dir: string, shape: Exclude<Shape, "plan">, files: Record<string, Record<string, unknown>>): string {
  const target = join(dir, shape.replace(/ /g, "-"));
  mkdirSync(target, { recursive: true });
  cpSync(join(CORPUS, name), target, { recursive: true, filter: isAsset });
  if (shape === "expressions evaluated") {
    // Each module at once (locals of one file are used in another), in its own folder.
    for (const stack of loadSynthOutput(join(dir, "hcl2json"))) {
      const folder = join(target, relative(join(dir, "hcl2json"), stack.directory!));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "main.tf.json"), JSON.stringify(readableStack({ ...stack, directory: folder }).config));
    }
    return target;
  }
  for (const [file, config] of Object.entries(files)) {
    const written = shape === "object bodies" ? canonicalBodies(config, file) : shape === "arrays at every level" ? arraysEverywhere(canonicalBodies(config, file) as Record<string, unknown>) : config;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    writeFileSync(join(target, `${file}.json`), JSON.stringify(written));
  }
  return target;
}

const roleAddress = (address: string) => address.replace(/^unidentified role /, "");

function verdict(review: Review) {
  return {
    application: review.roles.filter((role) => role.application).map((role) => role.address),
    notApplication: review.roles.filter((role) => !role.application).map((role) => role.address),
    violations: review.violations.map((violation) => ({ role: roleAddress(violation.role), actions: violation.actions })),
    dataPlane: review.dataPlaneFindings.map((finding) => ({ role: roleAddress(finding.role), actions: finding.actions })),
    modules: review.unreviewedModules.map((module) => module.address),
    exit: review.summary.failing ? 1 : 0,
  };
}

/**
 * What a plan leaves unknown until apply (a policy or trust policy built from an ARN the same plan
 * creates), taken from the plan itself (`after_unknown`). The review cannot read it and fails
 * closed: an unreadable policy is a violation, an unreadable trust policy makes an application
 * role. The configuration shapes read the same code, so only the plan shape differs there.
 */
interface PlanUnknowns {
  readonly policies: readonly string[];
  readonly trusts: readonly string[];
}

function unknownsInPlan(plan: string): PlanUnknowns {
  type Change = { address: string; change: { after_unknown?: Record<string, unknown> } };
  const changes = (JSON.parse(readFileSync(plan, "utf8")) as { resource_changes?: Change[] }).resource_changes ?? [];
  const unknown = (attribute: string) => changes.filter((change) => change.change.after_unknown?.[attribute] === true).map((change) => change.address);
  return { policies: unknown("policy"), trusts: unknown("assume_role_policy") };
}

const NONE: PlanUnknowns = { policies: [], trusts: [] };

function expectVerdict(review: Review, expected: Expected, shape: Shape, unknowns: PlanUnknowns = NONE): void {
  const failClosedRoles = new Set([
    ...unknowns.trusts,
    ...review.violations.filter((finding) => finding.kind === "unresolvable" && unknowns.policies.some((address) => finding.statement.includes(address))).map((finding) => finding.role),
  ]);
  for (const role of unknowns.trusts) expect({ role, application: review.roles.find((one) => one.address === role)?.application }).toEqual({ role, application: true });
  const known = <T extends { role: string }>(findings: readonly T[]) => findings.filter((finding) => !failClosedRoles.has(finding.role));
  const actual = verdict({ ...review, violations: known(review.violations), dataPlaneFindings: known(review.dataPlaneFindings) });
  expected = {
    ...expected,
    notApplicationRoles: expected.notApplicationRoles.filter((role) => !failClosedRoles.has(role)),
    violations: known(expected.violations),
    dataPlaneFindings: known(expected.dataPlaneFindings),
  };
  for (const role of expected.applicationRoles) expect({ role, application: actual.application.includes(role) }).toEqual({ role, application: true });
  for (const role of expected.notApplicationRoles) expect({ role, application: actual.application.includes(role) }).toEqual({ role, application: false });
  for (const [found, wanted] of [
    [actual.violations, expected.violations],
    [actual.dataPlane, expected.dataPlaneFindings],
  ] as const) {
    // Every expected finding on its role, with the actions it names…
    for (const { role, actions } of wanted) {
      const granted = found.filter((finding) => finding.role === role).flatMap((finding) => finding.actions);
      expect({ role, missing: actions.filter((action) => !granted.includes(action)) }).toEqual({ role, missing: [] });
    }
    // …and no finding on any other role.
    expect([...new Set(found.map((finding) => finding.role))].sort()).toEqual([...new Set(wanted.map((finding) => finding.role))].sort());
  }
  const modules = shape === "plan" ? [] : expected.unreviewedModules;
  expect([...actual.modules].sort()).toEqual([...modules].sort());
  const exit = shape === "plan" ? (expected.violations.length > 0 || failClosedRoles.size > 0 ? 1 : 0) : expected.exit;
  expect(actual.exit).toBe(exit);
}

describe.each(cases)("corpus: $name ($source.repo)", (corpusCase) => {
  const shapes: Partial<Record<Shape, string>> = {};
  beforeAll(async () => {
    const { dir, files } = await converted(corpusCase.name);
    // In order: "expressions evaluated" reads the hcl2json folder.
    for (const shape of SHAPES) shapes[shape] = writeShape(corpusCase.name, dir, shape, files);
    const plan = join(CORPUS, corpusCase.name, "plan.json");
    if (existsSync(plan)) shapes.plan = plan;
    shapes["as written"] = join(CORPUS, corpusCase.name);
  });

  it.each(["as written", ...SHAPES, "plan"] as const)("%s", (shape) => {
    const path = shapes[shape];
    if (path === undefined) {
      expect(shape).toBe("plan"); // only a plan may be missing: the case has modules or data Terraform cannot read offline
      return;
    }
    expectVerdict(reviewStacks(loadSynthOutput(path)), corpusCase.expected, shape, shape === "plan" ? unknownsInPlan(path) : NONE);
  });
});

describe.each(cases)("corpus: $name, as written and through hcl2json", (corpusCase) => {
  it("gives the same verdict, and the as-written findings name their file and line", async () => {
    const { dir, files } = await converted(corpusCase.name);
    const hcl2json = reviewStacks(loadSynthOutput(writeShape(corpusCase.name, dir, "hcl2json", files)));
    const asWritten = reviewStacks(loadSynthOutput(join(CORPUS, corpusCase.name)));
    // hcl2json writes blocks in key order (a Go map), the parser in the order written: compare as sets.
    const sorted = (review: Review) => {
      const { application, notApplication, violations, dataPlane, modules, exit } = verdict(review);
      const byRole = (findings: typeof violations) => [...findings].sort((a, b) => `${a.role}${a.actions}`.localeCompare(`${b.role}${b.actions}`));
      return { application: [...application].sort(), notApplication: [...notApplication].sort(), violations: byRole(violations), dataPlane: byRole(dataPlane), modules: [...modules].sort(), exit };
    };
    expect(sorted(asWritten)).toEqual(sorted(hcl2json));
    for (const finding of [...asWritten.violations, ...asWritten.dataPlaneFindings]) {
      if (finding.role.startsWith("unidentified role") && finding.statement.startsWith("aws-managed:")) continue;
      expect({ statement: finding.statement, location: finding.location }).toEqual({ statement: finding.statement, location: { file: expect.stringMatching(/\.tf$/), line: expect.any(Number) } });
    }
  });
});

describe("the corpus itself", () => {
  it("has at least 20 cases, each naming its public source", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const { source } of cases) expect(source).toEqual(expect.objectContaining({ repo: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/), path: expect.stringMatching(/\.tf$/) }));
  });

  it("covers clean cases, violations, data-plane findings and module calls", () => {
    expect(cases.filter((one) => one.expected.exit === 0).length).toBeGreaterThanOrEqual(8);
    expect(cases.filter((one) => one.expected.violations.length > 0).length).toBeGreaterThanOrEqual(8);
    expect(cases.filter((one) => one.expected.dataPlaneFindings.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(cases.filter((one) => one.expected.unreviewedModules.length > 0).length).toBeGreaterThanOrEqual(1);
  });
});
