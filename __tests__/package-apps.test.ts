/**
 * A new user's app, once on cdktf and once on CDK Terrain, following only the docs: the packed
 * package installed with the docs' install line and the library's CLI; the two-stack program of
 * docs/library.md (on CDK Terrain with its imports renamed, as "Moving to CDK Terrain" says),
 * compiled by tsc with the options of the CLI's own app template (strict, node10 resolution) and
 * with node16 resolution; synthesized by the CLI; reviewed by the package's bin; validated by
 * Terraform (the toolchain: that test fails, saying how to get it, when it is missing).
 *
 * One pack for the file, one install per app (~15 s each with the npm cache warm: ~0.5 and
 * ~0.7 GB, mostly the AWS provider bindings).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CDKTN_DIFFERENCES, jsonDifferences, stacksOf } from "./helpers/cdktn-differences";
import { renameImportsForCdktn } from "./helpers/cdktn-imports";
import { nodeRuntime, type NodeMajor } from "./helpers/node-runtimes";
import { prepareWorkdir, stacksInDeployOrder, terraform } from "./helpers/terraform-cli";
import { loadToolchain } from "./helpers/toolchain";

const ROOT = join(__dirname, "..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const SETUP_TIMEOUT = 300_000;

interface Target {
  readonly name: string;
  /** The page whose install line the user follows, and the library that line names. */
  readonly page: string;
  readonly library: "cdktf" | "cdktn";
  readonly cli: { readonly package: string; readonly bin: string };
  /** The Node the CLI runs on: CDK Terrain's needs 22.19 or later. */
  readonly node: NodeMajor;
  /** The program, from the program docs/library.md shows. */
  readonly program: (documented: string) => string;
}

const TARGETS: readonly Target[] = [
  { name: "cdktf", page: "README.md", library: "cdktf", cli: { package: "cdktf-cli", bin: "bundle/bin/cdktf" }, node: 20, program: (documented) => documented },
  { name: "CDK Terrain", page: "docs/deploying.md", library: "cdktn", cli: { package: "cdktn-cli", bin: "bin/cdktn" }, node: 24, program: renameImportsForCdktn },
];

/** A user's shell: no npm_* variables of an outer `npm test` (see package-bin.test.ts). */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_registry"]);
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.has(key.toLowerCase()))), ...extra };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: SETUP_TIMEOUT });
  if (result.error) throw result.error;
  return result;
}

function runOk(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${result.stderr}\n${result.stdout}`.slice(0, 4000));
  return result.stdout;
}

/** The page's `npm install cdktf-bedrock-chatbot …` line for a library, as words. */
function installLine(page: string, library: string): string[] {
  const line = readFileSync(join(ROOT, page), "utf8")
    .split("\n")
    .map((text) => text.trim())
    .find((text) => text.startsWith("npm install cdktf-bedrock-chatbot ") && text.includes(` ${library}@`));
  if (!line) throw new Error(`${page} has no install line for ${library}`);
  return line.split(/\s+/).slice(2);
}

/** The first TypeScript program docs/library.md shows. */
function documentedProgram(): string {
  const block = readFileSync(join(ROOT, "docs", "library.md"), "utf8").match(/```ts\n([\s\S]*?)```/);
  if (!block) throw new Error("docs/library.md shows no ```ts program");
  return block[1];
}

const work = mkdtempSync(join(tmpdir(), "package-apps-"));
let tarball: string;
const apps = new Map<string, string>();

beforeAll(() => {
  const packed = JSON.parse(runOk("npm", ["pack", "--json", "--loglevel=warn", "--pack-destination", work], ROOT)) as { filename: string }[];
  tarball = join(work, packed[0].filename);
}, SETUP_TIMEOUT);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(TARGETS.map((target) => [target.name, target] as const))("a new %s app, from the packed package and the docs", (_name, target) => {
  let app: string;
  const cliEnv = () => {
    const runtime = nodeRuntime(target.node);
    return { runtime, env: userEnv({ PATH: `${runtime.binDir}:${process.env.PATH}`, CHECKPOINT_DISABLE: "1" }) };
  };

  beforeAll(() => {
    app = join(work, target.library);
    mkdirSync(app);
    apps.set(target.library, app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: `${target.library}-app`, version: "1.0.0", private: true }));
    const packages = installLine(target.page, target.library).map((word) => (word === "cdktf-bedrock-chatbot" ? tarball : word));
    const options = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];
    runOk("npm", ["install", ...packages, ...options], app);
    runOk("npm", ["install", "--save-dev", `${target.cli.package}@${PKG.devDependencies[target.cli.package]}`, ...options], app);
    writeFileSync(join(app, "main.ts"), target.program(documentedProgram()));
    // The CLI's own app template, as `init` writes it: strict, CommonJS, node10 module resolution.
    const template = join(app, "node_modules", target.cli.package, "bundle", "templates", "typescript");
    writeFileSync(join(app, "tsconfig.json"), readFileSync(join(template, "tsconfig.json")));
    writeFileSync(join(app, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js", projectId: `${target.library}-app`, sendCrashReports: "false" }));
  }, SETUP_TIMEOUT);

  test("installs one library: the other's packages are not there", () => {
    const other = target.library === "cdktf" ? ["cdktn", "@cdktn/provider-aws"] : ["cdktf", "@cdktf/provider-aws"];
    for (const name of other) expect({ name, installed: existsSync(join(app, "node_modules", name)) }).toEqual({ name, installed: false });
    expect(existsSync(join(app, "node_modules", target.library, "package.json"))).toBe(true);
  });

  test("the program compiles with the template's strict options (node10), and with node16 module resolution", () => {
    if (target.library === "cdktn") expect(readFileSync(join(app, "main.ts"), "utf8")).toContain('from "cdktf-bedrock-chatbot/cdktn"');
    const compile = run(process.execPath, [TSC, "-p", app], app);
    expect({ status: compile.status, output: compile.stdout }).toEqual({ status: 0, output: "" });
    const node16 = run(process.execPath, [TSC, "-p", app, "--noEmit", "--module", "node16", "--moduleResolution", "node16"], app);
    expect({ status: node16.status, output: node16.stdout }).toEqual({ status: 0, output: "" });
  }, 120_000);

  test("a stack of the other library is refused by the compiler (one library per program)", () => {
    const other = target.library === "cdktf" ? "cdktn" : "cdktf";
    const entry = target.library === "cdktf" ? "cdktf-bedrock-chatbot" : "cdktf-bedrock-chatbot/cdktn";
    // The other library resolves from the repository's node_modules: the compiler sees both declarations.
    const mixed = join(app, "mixed.ts");
    writeFileSync(mixed, `import { App } from "${join(ROOT, "node_modules", other)}";\nimport { addChatbotStacks, type ChatbotConfig } from "${entry}";\ndeclare const config: ChatbotConfig;\naddChatbotStacks(new App(), config);\n`);
    try {
      const compile = run(process.execPath, [TSC, "--noEmit", "--strict", "--skipLibCheck", mixed], app);
      const refused = new RegExp(`^mixed\\.ts\\(4,\\d+\\): error TS2345: Argument of type 'import\\("[^"]*/node_modules/${other}/lib/app"\\)\\.App' is not assignable to parameter of type 'import\\("[^"]*/node_modules/${target.library}/lib/app"\\)\\.App'`);
      expect(compile.stdout).toMatch(refused);
      expect(compile.status).not.toBe(0);
    } finally {
      rmSync(mixed);
    }
  }, 120_000);

  test(`synthesizes with its CLI (on Node ${target.node}) and the package's bin reviews it: no violation, no failed rule`, () => {
    const { runtime, env } = cliEnv();
    const synth = run(runtime.node, [join(app, "node_modules", target.cli.package, target.cli.bin), "synth"], app, env);
    expect({ node: runtime.version, status: synth.status, stderr: synth.status === 0 ? "" : synth.stderr.slice(-2000) }).toEqual({ node: runtime.version, status: 0, stderr: "" });
    expect(Object.keys(stacksOf(join(app, "cdktf.out")))).toEqual(["bot-control-plane", "bot-data-plane"]);

    const review = run(join(app, "node_modules", ".bin", "bedrock-plane-review"), ["cdktf.out", "--format", "json"], app);
    const report = JSON.parse(review.stdout);
    expect({ status: review.status, violations: report.violations, failedFindings: report.checksSummary.failedFindings }).toEqual({ status: 0, violations: [], failedFindings: 0 });
  }, 300_000);

  test("terraform init and validate accept every stack (the toolchain's provider)", async () => {
    const toolchain = loadToolchain();
    const outdir = join(app, "cdktf.out");
    for (const stack of stacksInDeployOrder(outdir)) {
      const dir = prepareWorkdir(outdir, stack, toolchain);
      try {
        const init = await terraform(toolchain, dir, ["init", "-backend=false", "-no-color"]);
        expect({ stack, init: init.code, stderr: init.stderr }).toEqual({ stack, init: 0, stderr: "" });
        const validate = JSON.parse((await terraform(toolchain, dir, ["validate", "-json", "-no-color"])).stdout) as { valid: boolean; diagnostics: { severity: string }[] };
        expect({ stack, valid: validate.valid, errors: validate.diagnostics.filter((diagnostic) => diagnostic.severity === "error") }).toEqual({ stack, valid: true, errors: [] });
      } finally {
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    }
  }, 300_000);
});

describe("the two apps", () => {
  test("write the same Terraform but for the named differences and their own state files", () => {
    const [cdktfOut, cdktnOut] = ["cdktf", "cdktn"].map((library) => join(apps.get(library)!, "cdktf.out"));
    const [before, after] = [stacksOf(cdktfOut), stacksOf(cdktnOut)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const named = new Set(CDKTN_DIFFERENCES.map((difference) => JSON.stringify(difference.path)));
    for (const stack of Object.keys(before)) {
      const differences = jsonDifferences(before[stack], after[stack]);
      const unnamed = differences.filter((difference) => !named.has(JSON.stringify(difference.path)) && !(difference.path === "terraform.backend.local.path" && String(difference.cdktn).includes(`${apps.get("cdktn")}/`)));
      expect({ stack, unnamed }).toEqual({ stack, unnamed: [] });
      expect(differences.filter((difference) => named.has(JSON.stringify(difference.path)))).toEqual(CDKTN_DIFFERENCES.map(({ path, cdktf, cdktn }) => ({ path, cdktf, cdktn })));
    }
  });
});
