/**
 * The npm package as a user gets it: `npm pack` (prepack rebuilds dist/), the tarball installed
 * into a throwaway consumer project, then the `bedrock-plane-review` bin (on each supported Node
 * too: 20, 22, 24), the `bedrock-plane-verify` bin and the library entry used from there; and
 * `npm run review -- … --format json` in this repository through a real npm
 * process, whose stdout must be the JSON alone (npm's run banner: see .npmrc).
 *
 * One pack and one install for the whole file: about 10 s with the npm cache warm from `npm ci`
 * (the install is mostly cdktf and the AWS provider); the bin runs take well under a second each.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { links, markdownFiles } from "./helpers/docs";
import { nodeRuntime, SUPPORTED_NODE_MAJORS } from "./helpers/node-runtimes";

const ROOT = join(__dirname, "..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const BIN = "bedrock-plane-review";
const VERIFY_BIN = "bedrock-plane-verify";
const CDKTF_PEERS = ["@cdktf/provider-aws", "cdktf", "constructs"];
const FIXTURE = join(ROOT, "__tests__", "fixtures", "review", "chatbot");
const DATA_STACK_FILE = join(FIXTURE, "stacks", "chatbot-data-plane", "cdk.tf.json");

/** Pack (build included) and install, generous but bounded: a cold npm cache downloads ~100 MB. */
const SETUP_TIMEOUT = 300_000;

/**
 * A user's shell: none of the npm_* variables an outer `npm test` exports (its loglevel, json, …,
 * and .ci/run's npm_config_loglevel), so that nested npm processes read this repository's .npmrc
 * as a user's would. Where the cache and user config are stays as it was.
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_registry"]);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.has(key.toLowerCase())));
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: userEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/** Runs a command that must succeed; its output is in the error when it does not. */
function runOk(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${result.stderr}\n${result.stdout}`.slice(0, 4000));
  return result.stdout;
}

function parseJson(stdout: string): any {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`stdout is not JSON:\n${stdout.slice(0, 600)}`);
  }
}

/** A one-file synth output: a Lambda role granted `action` on `resource` by an inline role policy. */
function lambdaRoleConfig(action: string, resource: string): string {
  const document = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
  return JSON.stringify({
    resource: {
      aws_iam_role: {
        chat_app: { name: "chat-app", assume_role_policy: document({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) },
      },
      aws_iam_role_policy: {
        chat_app_bedrock: { role: "${aws_iam_role.chat_app.name}", policy: document({ Effect: "Allow", Action: action, Resource: resource }) },
      },
    },
  });
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string }[];
}

describe("the npm package, installed in a consumer project", () => {
  let work: string;
  let consumer: string;
  let pack: PackResult;
  let clean: string;
  let violating: string;

  const bin = (...args: string[]) => run(join(consumer, "node_modules", ".bin", BIN), args, consumer);
  const installed = (...path: string[]) => join(consumer, "node_modules", PKG.name, ...path);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "package-bin-"));
    // --json keeps stdout to the pack report (npm sends the prepack banners to stderr then).
    const packed = parseJson(runOk("npm", ["pack", "--json", "--loglevel=warn", "--pack-destination", work], ROOT)) as PackResult[];
    expect(packed).toHaveLength(1);
    pack = packed[0];

    consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    // As the README says: the package with its peers for a cdktf app (cdktf, constructs, the provider) at the tested versions.
    const peers = CDKTF_PEERS.map((name) => `${name}@${PKG.devDependencies[name]}`);
    runOk("npm", ["install", join(work, pack.filename), ...peers, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=warn"], consumer);

    for (const [name, action, resource] of [
      ["clean", "bedrock:InvokeModel", "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0"],
      ["violating", "bedrock:CreateGuardrail", "*"],
    ]) {
      mkdirSync(join(work, name));
      writeFileSync(join(work, name, "cdk.tf.json"), lambdaRoleConfig(action, resource));
    }
    clean = join(work, "clean", "cdk.tf.json");
    violating = join(work, "violating", "cdk.tf.json");
  }, SETUP_TIMEOUT);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships the build, the bin, the catalogue and the documentation, and no tests, fixtures or sources it does not need", () => {
    const files = pack.files.map((file) => file.path);
    expect(PKG.bin).toEqual({ [BIN]: "dist/policies/review-cli.js", [VERIFY_BIN]: "dist/policies/verify/verify-cli.js" });
    expect(files).toEqual(expect.arrayContaining(["package.json", "dist/index.js", "dist/index.d.ts", PKG.bin[BIN], PKG.bin[VERIFY_BIN], "dist/policies/catalogue/bedrock-iam-actions.json"]));
    // The README links the docs/ pages, and they link each other: the package carries them all.
    expect(files).toEqual(expect.arrayContaining(markdownFiles()));
    expect(files.filter((path) => /(^|\/)(__tests__|fixtures|test-artifacts|cdktf\.out|node_modules|\.build)\/|\.test\.[jt]s$|^(\.npmrc|jest\.config\.js|tsconfig.*\.json)$/.test(path))).toEqual([]);
    // The docs link the review's JSON schema and the runnable examples: the package carries them too.
    expect(files.filter((path) => !/^(dist|contract|functions\/chat|docs)\/|^(package\.json|README\.md)$|^policies\/[\w-]+\/SCHEMA\.md$|^examples\/[\w-]+\/(main\.ts|cdktf\.json)$/.test(path))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["policies/review/SCHEMA.md", "examples/standalone/main.ts"]));
    for (const page of markdownFiles()) {
      for (const { target } of links(readFileSync(join(ROOT, page), "utf8"))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
        const path = normalize(join(dirname(page), decodeURIComponent(target.split("#")[0]))).split("\\").join("/");
        expect({ page, target, packed: files.includes(path) }).toEqual({ page, target, packed: true });
      }
    }
    // TypeScript sources only where the chat function's bundler reads them at synth time, and the examples to read and copy.
    expect(files.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts") && !/^(functions\/chat|contract|examples)\//.test(path))).toEqual([]);
    expect(pack.size).toBeLessThan(1_000_000);
  });

  it("uses the consumer's cdktf, constructs and provider: no second copy under the package, and nothing of CDK Terrain (optional peers)", () => {
    for (const name of CDKTF_PEERS) {
      expect(existsSync(join(consumer, "node_modules", name, "package.json"))).toBe(true);
      expect(existsSync(installed("node_modules", name))).toBe(false);
    }
    for (const name of ["cdktn", "@cdktn/provider-aws"]) expect(existsSync(join(consumer, "node_modules", name))).toBe(false);
  });

  it("links the bins, scripts for plain node", () => {
    expect(readFileSync(installed(PKG.bin[BIN]), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(readFileSync(installed(PKG.bin[VERIFY_BIN]), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  it("bedrock-plane-verify: --version and --help exit 0; a bad argument or no deployment is one line and exit 2", () => {
    const verify = (...args: string[]) => run(join(consumer, "node_modules", ".bin", VERIFY_BIN), args, consumer);
    expect(verify("--version")).toMatchObject({ status: 0, stdout: `${PKG.version}\n`, stderr: "" });
    const help = verify("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: bedrock-plane-verify /);
    for (const args of [["--nope"], [], ["--stack", "chatbot-prod"]]) {
      const result = verify(...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^verify: /);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("bedrock-plane-verify loads the AWS SDK only once it has a deployment to prove", () => {
    const script = `require(${JSON.stringify(installed(PKG.bin[VERIFY_BIN]))}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const loaded = parseJson(runOk(process.execPath, ["-e", script], consumer)) as string[];
    expect(loaded.filter((path) => /node_modules\/(cdktf|constructs|@cdktf|esbuild|@aws-sdk)\//.test(path))).toEqual([]);
  });

  it("reviews a cdktf.out folder: exit 0 without violations, the same verdict in JSON", () => {
    const markdown = bin(FIXTURE, "--no-checks");
    expect(markdown.stderr).toBe("");
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toMatch(/^## Bedrock permission review/);

    // With the rule pack: the fixture predates some of its rules, so the exit code follows the checks.
    const json = bin(FIXTURE, "--format", "json");
    const review = parseJson(json.stdout);
    expect(review.stacks).toEqual(["chatbot-control-plane", "chatbot-data-plane"]);
    expect(review.violations).toEqual([]);
    expect(json.status).toBe(review.checksSummary.failedFindings > 0 ? 1 : 0);
  });

  it("reviews a single cdk.tf.json: exit 0 when clean, 1 naming the role on a control-plane grant", () => {
    const stack = bin(DATA_STACK_FILE, "--format", "json", "--no-checks");
    expect(stack.status).toBe(0);
    expect(parseJson(stack.stdout).stacks).toEqual(["chatbot-data-plane"]);

    const ok = bin(clean, "--format", "json");
    expect(ok.status).toBe(0);
    expect(parseJson(ok.stdout).checksSummary.failedFindings).toBe(0);

    const bad = bin(violating, "--format", "json");
    expect(bad.status).toBe(1);
    expect(parseJson(bad.stdout).violations).toEqual([expect.objectContaining({ role: "aws_iam_role.chat_app", action: "bedrock:CreateGuardrail" })]);
  });

  it.each(SUPPORTED_NODE_MAJORS.map((major) => [major]))("runs on Node %i: the same verdicts and output as on this Node", (major) => {
    const runtime = nodeRuntime(major);
    const onRuntime = (...args: string[]) => run(runtime.node, [installed(PKG.bin[BIN]), ...args], consumer);
    for (const args of [[FIXTURE, "--format", "json"], [violating, "--format", "json"], [FIXTURE, "--no-checks"]]) {
      const [here, there] = [bin(...args), onRuntime(...args)];
      expect({ status: there.status, stdout: there.stdout, stderr: there.stderr }).toEqual({ status: here.status, stdout: here.stdout, stderr: here.stderr });
    }
    expect(onRuntime(violating, "--format", "json").status).toBe(1);
  });

  it("--version and --help exit 0", () => {
    expect(bin("--version")).toEqual(expect.objectContaining({ status: 0, stdout: `${PKG.version}\n`, stderr: "" }));
    const help = bin("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: bedrock-plane-review /);
  });

  it("reviews HCL as written, and writes SARIF naming the file and line", () => {
    mkdirSync(join(work, "hcl"));
    writeFileSync(
      join(work, "hcl", "iam.tf"),
      'resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n\nresource "aws_iam_role_policy" "p" {\n  role   = aws_iam_role.app.name\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "bedrock:*", Resource = "*" }] })\n}\n',
    );
    const sarif = run(join(consumer, "node_modules", ".bin", BIN), ["hcl", "--format", "sarif", "--no-checks"], work);
    expect(sarif.status).toBe(1);
    const [result] = parseJson(sarif.stdout).runs[0].results;
    expect(result).toEqual(expect.objectContaining({ ruleId: "permissions/control-plane", level: "error" }));
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "hcl/iam.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 6 } });
  });

  it("exits 2 with one line on stderr for unusable input", () => {
    const result = bin(join(work, "does-not-exist"));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^review: .*no such file/);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("prints clean JSON through npx", () => {
    const result = run("npx", [BIN, violating, "--format", "json"], consumer);
    expect(result.status).toBe(1);
    expect(parseJson(result.stdout).summary.violations).toBe(1);
  });

  it("starts without loading cdktf, constructs, the provider or esbuild", () => {
    const script = `require(${JSON.stringify(installed(PKG.bin[BIN]))}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const loaded = parseJson(runOk(process.execPath, ["-e", script], consumer)) as string[];
    expect(loaded.filter((path) => /node_modules\/(cdktf|constructs|@cdktf|esbuild|@aws-sdk)\//.test(path))).toEqual([]);
  });

  it("exports the loader, the review and the rule pack", () => {
    const script = `
      const lib = require("${PKG.name}");
      const [fixture, violating] = process.argv.slice(1);
      const stacks = lib.loadSynthOutputs([fixture]);
      console.log(JSON.stringify({
        types: ["loadSynthOutput", "loadSynthOutputs", "reviewSynthOutput", "runChecks"].map((name) => typeof lib[name]),
        stacks: lib.loadSynthOutput(fixture).map((stack) => stack.name),
        fixture: lib.reviewSynthOutput(fixture).summary,
        violations: lib.reviewSynthOutput(violating).violations.map((violation) => violation.role),
        rules: lib.runChecks(stacks).summary.rules,
      }));`;
    const api = parseJson(runOk(process.execPath, ["-e", script, FIXTURE, violating], consumer));
    expect(api.types).toEqual(["function", "function", "function", "function"]);
    expect(api.stacks).toEqual(["chatbot-control-plane", "chatbot-data-plane"]);
    expect(api.fixture).toEqual(expect.objectContaining({ roles: 2, applicationRoles: 1, violations: 0 }));
    expect(api.violations).toEqual(["aws_iam_role.chat_app"]);
    expect(api.rules).toBeGreaterThan(0);
  });
});

describe("npm run review in this repository", () => {
  it("prints the JSON alone on stdout (no run banner), and its errors on stderr", () => {
    const result = run("npm", ["run", "review", "--", FIXTURE, "--format", "json"], ROOT);
    const review = parseJson(result.stdout);
    expect(review.stacks).toEqual(["chatbot-control-plane", "chatbot-data-plane"]);
    expect(result.status).toBe(review.violations.length > 0 || review.checksSummary.failedFindings > 0 ? 1 : 0);

    const unusable = run("npm", ["run", "review", "--", join(FIXTURE, "nope"), "--format", "json"], ROOT);
    expect(unusable.status).toBe(2);
    expect(unusable.stdout).toBe("");
    expect(unusable.stderr).toMatch(/^review: .*no such file/);
  }, 60_000);
});
