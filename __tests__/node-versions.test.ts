/**
 * What differs by Node.js, on every supported release (20, 22, 24: scripts/node-runtimes.sh
 * installs them whatever Node runs the tests): synthesizing main.ts, and the chat function's bundle
 * answering as Lambda runs it (nodejs24.x in AWS). The packed review bin on each: package-bin.test.ts;
 * CDK Terrain's CLI (Node >= 22.19): cdk-terrain.test.ts. And the places that name the supported
 * majors (engines, the README, the CI matrix, the script's releases) name the same ones.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type BedrockStandIn, DEFAULT_ANSWER, startBedrockStandIn } from "../dev/bedrock-stand-in";
import { parseSse } from "../functions/chat/core/sse";
import { bundleChatFunction } from "../modules/function/bundling/chat-bundle";
import { buildSync } from "esbuild";
import type { DriverResult } from "./helpers/bundle-driver";
import { envWithNode, nodeRuntime, pinnedNodeReleases, SUPPORTED_NODE_MAJORS } from "./helpers/node-runtimes";

const run = promisify(execFile);
const ROOT = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

const work = mkdtempSync(join(tmpdir(), "node-versions-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`, by relative path, as base64. */
function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((file) => [file.slice(dir.length + 1), readFileSync(file).toString("base64")]),
  );
}

describe("the supported Node.js majors", () => {
  test("engines, the README's table, the CI matrix and scripts/node-runtimes.sh name the same: 20, 22 and 24", () => {
    expect(pkg.engines.node).toBe(SUPPORTED_NODE_MAJORS.join(" || "));
    expect(pinnedNodeReleases().map((release) => Number(release.split(".")[0]))).toEqual([...SUPPORTED_NODE_MAJORS]);
    const matrix = readFileSync(join(ROOT, ".github", "workflows", "ci.yml"), "utf8").match(/^\s+node: \[([^\]]*)\]$/m)?.[1];
    expect(matrix?.split(",").map((major) => Number(major.trim()))).toEqual([...SUPPORTED_NODE_MAJORS]);
    const row = readFileSync(join(ROOT, "README.md"), "utf8").match(/^\| Node\.js .*$/m)?.[0] ?? "";
    for (const release of pinnedNodeReleases()) expect(row).toContain(release);
  });
});

describe("synthesizing main.ts", () => {
  test("on Node 20, 22 and 24 (tsx, as cdktf.json runs it) writes the same bytes", async () => {
    const outputs: Record<string, Record<string, string>> = {};
    for (const major of SUPPORTED_NODE_MAJORS) {
      const runtime = nodeRuntime(major);
      const outdir = join(work, `synth-${major}`);
      await run(runtime.node, ["--import", "tsx", "main.ts"], { cwd: ROOT, env: envWithNode(runtime, { CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" }) });
      outputs[runtime.version] = filesOf(outdir);
    }
    const [first, ...others] = Object.values(outputs);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(["manifest.json", "stacks/chatbot-dev-control-plane/cdk.tf.json", "stacks/chatbot-dev-data-plane/cdk.tf.json"]));
    expect(Object.keys(first).some((path) => path.endsWith(".zip"))).toBe(true);
    for (const other of others) expect(other).toEqual(first);
  }, 180_000);
});

describe("the chat function's bundle, loaded as Lambda's Node.js runtime loads it", () => {
  const MODEL = "amazon.nova-lite-v1:0";
  let standIn: BedrockStandIn;
  let driver: string;
  let bundle: string;

  beforeAll(async () => {
    standIn = await startBedrockStandIn();
    driver = join(work, "driver.cjs");
    buildSync({ entryPoints: [join(__dirname, "helpers", "bundle-driver.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: driver, logLevel: "error" });
    bundle = join(work, "index.js");
    writeFileSync(bundle, bundleChatFunction().code);
  }, 60_000);
  afterAll(() => standIn?.close());

  test.each(SUPPORTED_NODE_MAJORS.map((major) => [major]))("answers on Node %i, buffered and streamed, through the SDK to the stand-in", async (major) => {
    const runtime = nodeRuntime(major);
    const resultFile = join(work, `bundle-${major}.json`);
    const env = envWithNode(runtime, {
      MODEL_ID: MODEL,
      BEDROCK_ENDPOINT: standIn.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDNODEVERSIONS",
      AWS_SECRET_ACCESS_KEY: "node-versions-secret",
    });
    standIn.requests.length = 0;
    await run(runtime.node, [driver, bundle, resultFile], { env });
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as DriverResult;
    expect(result.node).toBe(runtime.version);
    expect(result.buffered).toEqual({ statusCode: 200, body: expect.objectContaining({ content: DEFAULT_ANSWER, stopReason: "end_turn", modelId: MODEL }) });
    expect(result.streamed.statusCode).toBe(200);
    const events = parseSse(result.streamed.body);
    expect(events.filter((event) => event.event === "delta").map((event) => (event.data as { text: string }).text).join("")).toBe(DEFAULT_ANSWER);
    expect(events.at(-1)).toEqual(expect.objectContaining({ event: "done" }));
    expect(standIn.requests.map((request) => request.operation)).toEqual(["converse", "converse-stream"]);
  }, 60_000);
});
