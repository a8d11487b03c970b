/**
 * The library entry point: what `import … from "cdktf-bedrock-chatbot"` gives, and that the build
 * step emits it (JavaScript and declarations) where package.json says it is.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import * as library from "cdktf-bedrock-chatbot";
import { Construct } from "constructs";

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

  test("package.json points main, types and exports at the build output, and ships the function sources", () => {
    expect(pkg.main).toBe("dist/index.js");
    expect(pkg.types).toBe("dist/index.d.ts");
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "functions/chat"]));
    expect(pkg.scripts.build).toBe("tsc -p tsconfig.build.json");
  });

  test("cdktf, constructs and the provider are peers (one copy: the app's), pinned for this repository, and the README names those versions", () => {
    const peers = ["@cdktf/provider-aws", "cdktf", "constructs"];
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(peers);
    const installLine = readFileSync(join(ROOT, "README.md"), "utf8").match(/^npm install cdktf-bedrock-chatbot .*$/m)?.[0];
    for (const name of peers) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.peerDependencies[name]).toBe(`^${pkg.devDependencies[name]}`);
      expect(installLine).toContain(` ${name}@${pkg.devDependencies[name]}`);
    }
  });

  test("the build emits JavaScript and declarations, and the built entry synthesizes a stack", () => {
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

/** Builds into outDir, checks the emitted files, then loads the built entry and synthesizes a stack with it. */
function checkBuild(outDir: string): void {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", outDir], { cwd: ROOT });
  for (const file of ["index.js", "index.d.ts", "modules/stacks/data-plane-stack.d.ts", "modules/network/private-network.d.ts"]) {
    expect(existsSync(join(outDir, file))).toBe(true);
  }
  const declarations = readFileSync(join(outDir, "index.d.ts"), "utf8");
  expect(declarations).toMatch(/NetworkRef/);
  expect(declarations).toMatch(/DataPlaneStackProps/);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const built = require(join(outDir, "index.js")) as typeof library;
  const stack = new built.DataPlaneStack(new App(), "data", {
    namePrefix: "chatbot-lib",
    region: "eu-west-1",
    models: [{ modelId: "eu.amazon.nova-lite-v1:0" }],
    network: { vpcCidr: "10.0.0.0/16", subnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"] },
    bundler: () => ({ code: Buffer.from("exports.handler = async () => ({});") }),
  });
  expect(stack).toBeInstanceOf(Construct);
  expect(JSON.parse(Testing.synth(stack)).resource.aws_lambda_function).toBeDefined();
}
