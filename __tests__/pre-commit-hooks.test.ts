/**
 * The pre-commit hook (.pre-commit-hooks.yaml): pre-commit installs this repository as a node
 * package and runs the hook's entry (the package's bin) with its args whenever a Terraform file is
 * committed. Here the entry runs as pre-commit would run it, with this checkout's bin.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const HOOKS = readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };

/** A top-level key of the one hook (the file's own flat layout). */
const field = (name: string) => new RegExp(`^ {2}${name}: (.*)$`, "m").exec(HOOKS)?.[1];

/** The hook's entry and args, as pre-commit runs them: the entry is the package's bin, run here from the sources. */
function runHook(cwd: string) {
  const args = JSON.parse(field("args") ?? "[]") as string[];
  const entry = field("entry")!;
  expect(PKG.bin[entry]).toBe("dist/policies/review-cli.js");
  return spawnSync(process.execPath, [require.resolve("tsx/cli"), join(ROOT, "policies", "review-cli.ts"), ...args], { cwd, encoding: "utf8" });
}

const ROLE = (action: string, resource = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0") =>
  `resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n  inline_policy {\n    name   = "bedrock"\n    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "${action}", Resource = "${resource}" }] })\n  }\n}\n`;

describe(".pre-commit-hooks.yaml", () => {
  it("one node hook, bedrock-plane-review, on the repository whenever a .tf or .tf.json file is committed", () => {
    expect(field("- id") ?? /^- id: (.*)$/m.exec(HOOKS)?.[1]).toBe("bedrock-plane-review");
    expect(field("language")).toBe("node");
    expect(field("pass_filenames")).toBe("false");
    const files = new RegExp(field("files")!);
    expect(["iam.tf", "envs/prod/main.tf", "cdk.tf.json"].filter((path) => files.test(path))).toHaveLength(3);
    expect(["README.md", "prod.tfvars", "plan.json", "main.tf.bak"].filter((path) => files.test(path))).toEqual([]);
  });

  it("its entry fails the commit on a violation (exit 1) and lets a clean one through (exit 0)", () => {
    const repository = (action: string, resource?: string) => {
      const dir = mkdtempSync(join(tmpdir(), "pre-commit-"));
      writeFileSync(join(dir, "main.tf"), ROLE(action, resource));
      return dir;
    };
    const failing = runHook(repository("bedrock:*", "*"));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/❌ \*\*1 violation\(s\)\.\*\*/);
    expect(runHook(repository("bedrock:InvokeModel")).status).toBe(0);
  });
});
