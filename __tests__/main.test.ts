/**
 * The app as users run it: `main.ts` in a child process, configured through CHATBOT_CONFIG.
 * The determinism test here is the one test in the suite that runs real esbuild for the stacks.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { inflateRawSync } from "node:zlib";
import { BASE_CONFIG } from "./helpers/terraform";

const ROOT = join(__dirname, "..");

function runMain(configJson: unknown, outdir: string) {
  const configPath = join(mkdtempSync(join(tmpdir(), "chatbot-config-")), "config.json");
  writeFileSync(configPath, typeof configJson === "string" ? configJson : JSON.stringify(configJson));
  return spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CHATBOT_CONFIG: configPath, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
  });
}

function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

const MANY_MODELS = Array.from({ length: 40 }, (_, i) => `apac.vendor.model-number-${i}-v1:0`);

describe("main.ts", () => {
  test("cdktf.json starts it as these tests do, with node and tsx's loader: no npx lookup on every synth", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app).toBe("node --import tsx main.ts");
  });

  test.each([
    ["an invalid CIDR", { ...BASE_CONFIG, network: { vpcCidr: "10.40.0.0/33", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] } }, /config\.json has 1 problem:\n  - network\.vpcCidr: has a prefix length above 32 \(got "10\.40\.0\.0\/33"\)/],
    ["an empty model list", { ...BASE_CONFIG, models: [] }, /config\.json has 1 problem:\n  - models: list at least one Bedrock model id/],
    ["a file that is not JSON", "{ name: chatbot }", /config\.json has 1 problem:\n  - is not valid JSON/],
    ["a memory size Lambda refuses (judged by ChatFunction's own check, before synth)", { ...BASE_CONFIG, function: { memorySizeMiB: 64 } }, /config\.json has 1 problem:\n  - function\.memorySizeMiB: must be a whole number of MiB 128–10240 \(Lambda's range\) \(got 64\)/],
    ["a model id missing its version (Bedrock would refuse the first request)", { ...BASE_CONFIG, models: ["amazon.nova-lite-v1"] }, /config\.json has 1 problem:\n  - models\[0\]\.id: is not a model id Bedrock offers in eu-west-1: did you mean "eu\.amazon\.nova-lite-v1:0"\?/],
    [
      "models that overflow IAM's policy size",
      // Ids no model list has, of a realistic length: let through as new models, so that the size check is what stops them.
      { ...BASE_CONFIG, models: MANY_MODELS, allowedNewModels: MANY_MODELS },
      /config\.json: ChatAppRole 'app-role': models makes the permissions boundary 'chatbot-test-chat-app-boundary' [\d,]+ characters at its longest \(whitespace not counted\), over the 6,144 limit of a managed policy/,
    ],
  ])("stops on %s: exit status 1, the field named, nothing written", (_case, configJson, message) => {
    const outdir = join(mkdtempSync(join(tmpdir(), "chatbot-out-")), "cdktf.out");
    const run = runMain(configJson, outdir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toMatch(message);
    expect(existsSync(outdir)).toBe(false);
  });

  test("a missing config file is named, with the variable that points to it", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CHATBOT_CONFIG: "/nonexistent/prod.json" },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cannot read the file \(ENOENT\): set CHATBOT_CONFIG to an existing config file/);
  });

  test("two synths of one config are byte-identical, bundle included, and the bundle is a working handler", () => {
    const [first, second] = [1, 2].map(() => {
      const outdir = join(mkdtempSync(join(tmpdir(), "chatbot-out-")), "cdktf.out");
      const run = runMain(BASE_CONFIG, outdir);
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.status).toBe(0);
      return filesUnder(outdir);
    });
    expect([...first.keys()].sort()).toEqual([...second.keys()].sort());
    for (const [path, bytes] of first) expect({ path, same: bytes.equals(second.get(path)!) }).toEqual({ path, same: true });

    const stacks = [...first.keys()].filter((path) => path.endsWith("cdk.tf.json")).sort();
    expect(stacks).toEqual(["stacks/chatbot-test-control-plane/cdk.tf.json", "stacks/chatbot-test-data-plane/cdk.tf.json"]);

    const zipPath = [...first.keys()].find((path) => path.endsWith(".zip"))!;
    const zip = first.get(zipPath)!;
    expect(zip.length).toBeLessThan(250 * 1024);
    const nameLength = zip.readUInt16LE(26);
    const code = inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + zip.readUInt32LE(18)));
    expect(code.toString("utf8")).not.toContain(ROOT);
    const modulePath = join(mkdtempSync(join(tmpdir(), "chatbot-bundle-")), "index.js");
    writeFileSync(modulePath, code);
    const loaded = require(modulePath) as Record<string, unknown>;
    expect(typeof loaded.handler).toBe("function");
    expect(typeof loaded.streamingHandler).toBe("function");
  });
});
