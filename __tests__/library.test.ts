/**
 * The library entry points: what `import … from "cdktf-bedrock-chatbot"` gives, and that the build
 * step emits it and its CDK Terrain twin (`cdktf-bedrock-chatbot/cdktn`, JavaScript and
 * declarations) where package.json says they are.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import * as library from "cdktf-bedrock-chatbot";
import { Construct } from "constructs";
import { writeCdktnSources } from "../scripts/cdktn-sources";

const ROOT = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("library entry point", () => {
  test("every construct class in modules/ is exported", () => {
    const constructClasses = (readdirSync(join(ROOT, "modules"), { recursive: true }) as string[])
      .filter((name) => name.endsWith(".ts"))
      .flatMap((name) => [...readFileSync(join(ROOT, "modules", name), "utf8").matchAll(/^export class (\w+) extends (?:Construct|TerraformStack)\b/gm)].map((m) => m[1]));
    expect(constructClasses.length).toBeGreaterThan(8);
    for (const name of constructClasses) expect(library).toHaveProperty(name);
  });

  test("exports the configuration loader, the permission review, the action catalogue (with what makes a model generate) and the static deployability checks", () => {
    for (const name of ["addChatbotStacks", "parseConfig", "loadConfig", "ConfigError", "reviewSynthOutput", "renderMarkdown", "diffReviews", "deployabilityProblems", "loadSynthOutput", "generatingActions", "lookupBedrockAction"]) {
      expect(typeof (library as Record<string, unknown>)[name]).toBe("function");
    }
  });

  test("importing it loads neither esbuild nor the provider's package root", () => {
    const loaded = Object.keys(require.cache);
    expect(loaded.some((path) => /node_modules\/esbuild\//.test(path))).toBe(false);
    expect(loaded.some((path) => /@cdktf\/provider-aws\/lib\/index\.js$/.test(path))).toBe(false);
  });

  test("package.json points main, types and exports at the build output (the CDK Terrain build at ./cdktn, for node10 resolution too), and ships the function sources", () => {
    expect(pkg.main).toBe("dist/index.js");
    expect(pkg.types).toBe("dist/index.d.ts");
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(pkg.exports["./cdktn"]).toEqual({ types: "./dist/cdktn/index.d.ts", default: "./dist/cdktn/index.js" });
    expect(pkg.typesVersions).toEqual({ "*": { cdktn: ["dist/cdktn/index.d.ts"] } });
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "functions/chat"]));
    expect(pkg.scripts.build).toBe("tsx scripts/cdktn-sources.ts && tsc -p tsconfig.build.json");
  });

  test.each([
    ["cdktf", ["@cdktf/provider-aws", "cdktf"], "README.md"],
    ["CDK Terrain", ["@cdktn/provider-aws", "cdktn"], "docs/deploying.md"],
  ])("%s and constructs are peers (one copy: the app's), pinned for this repository, and the docs' install line names those versions", (_target, packages, page) => {
    const peers = [...packages, "constructs"];
    const installLine = readFileSync(join(ROOT, page), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.startsWith("npm install cdktf-bedrock-chatbot ") && packages.every((name) => line.includes(` ${name}@`)));
    expect(installLine).toBeDefined();
    for (const name of peers) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.peerDependencies[name]).toBe(`^${pkg.devDependencies[name]}`);
      expect(installLine).toContain(` ${name}@${pkg.devDependencies[name]}`);
    }
  });

  test("an app installs one library or the other: cdktf, cdktn and their providers are optional peers; constructs, which both need, is not", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@cdktf/provider-aws", "@cdktn/provider-aws", "cdktf", "cdktn", "constructs"]);
    expect(pkg.peerDependenciesMeta).toEqual(Object.fromEntries(["@cdktf/provider-aws", "@cdktn/provider-aws", "cdktf", "cdktn"].map((name) => [name, { optional: true }])));
  });

  test("the build emits JavaScript and declarations for both targets, and each built entry synthesizes a stack with its own library", () => {
    // Inside the project (git-ignored), so that the built files resolve the project's node_modules.
    mkdirSync(join(ROOT, ".build"), { recursive: true });
    const outDir = mkdtempSync(join(ROOT, ".build", "library-"));
    try {
      checkBuild(outDir);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Builds into outDir (both targets), checks the emitted files, then loads each built entry and synthesizes a stack with it. */
function checkBuild(outDir: string): void {
  writeCdktnSources();
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", outDir], { cwd: ROOT });
  for (const entry of ["", "cdktn/"]) {
    for (const file of ["index.js", "index.d.ts", "modules/stacks/data-plane-stack.d.ts", "modules/network/private-network.d.ts"]) {
      expect(existsSync(join(outDir, entry, file))).toBe(true);
    }
    const declarations = readFileSync(join(outDir, entry, "index.d.ts"), "utf8");
    expect(declarations).toMatch(/NetworkRef/);
    expect(declarations).toMatch(/DataPlaneStackProps/);
  }
  // What imports nothing of cdktf is built once and shared: the review is not in dist/cdktn/.
  expect(existsSync(join(outDir, "cdktn", "policies"))).toBe(false);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const built = require(join(outDir, "index.js")) as typeof library;
  const stack = new built.DataPlaneStack(new App(), "data", DATA_PLANE_PROPS);
  expect(stack).toBeInstanceOf(Construct);
  expect(JSON.parse(Testing.synth(stack)).resource.aws_lambda_function).toBeDefined();

  // The CDK Terrain entry, in a process of its own: it loads cdktn and never cdktf.
  const script = `
    const lib = require(${JSON.stringify(join(outDir, "cdktn", "index.js"))});
    const { App, Testing } = require("cdktn");
    const props = JSON.parse(process.argv[1]);
    const stack = new lib.DataPlaneStack(new App(), "data", { ...props, bundler: () => ({ code: Buffer.from("exports.handler = async () => ({});") }) });
    console.log(JSON.stringify({
      exports: Object.keys(lib).sort(),
      functions: Object.keys(JSON.parse(Testing.synth(stack)).resource.aws_lambda_function ?? {}).length,
      loaded: Object.keys(require.cache).filter((path) => path.includes("/node_modules/cdktf/") || path.includes("/node_modules/@cdktf/")),
    }));`;
  const { bundler: _bundler, ...props } = DATA_PLANE_PROPS;
  const cdktn = JSON.parse(execFileSync(process.execPath, ["-e", script, JSON.stringify(props)], { cwd: ROOT, encoding: "utf8" }));
  expect(cdktn).toEqual({ exports: Object.keys(built).sort(), functions: 1, loaded: [] });
}

const DATA_PLANE_PROPS = {
  namePrefix: "chatbot-lib",
  region: "eu-west-1",
  models: [{ modelId: "eu.amazon.nova-lite-v1:0" }],
  network: { vpcCidr: "10.0.0.0/16", subnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"] },
  bundler: () => ({ code: Buffer.from("exports.handler = async () => ({});") }),
};
