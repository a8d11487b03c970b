/**
 * What the loader takes from a `cdktf.out` folder: the stacks its manifest lists, nothing a
 * previous synth left behind, and a clear error when the manifest and the folder disagree.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSynthOutput, loadSynthOutputs } from "../../../policies/extract/load";
import { runReview } from "../../../policies/review-cli";
import { allow, CHATBOT_FIXTURE, LAMBDA_TRUST, policyJson } from "../helpers";

const STACKS = ["chatbot-control-plane", "chatbot-data-plane"];

function synthOutput(manifestStacks: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "manifest-"));
  cpSync(CHATBOT_FIXTURE, dir, { recursive: true });
  const stacks = Object.fromEntries(manifestStacks.map((name) => [name, { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` }]));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

describe("cdktf.out with a manifest", () => {
  it("reads the stacks the manifest lists, in its order", () => {
    expect(loadSynthOutput(synthOutput([...STACKS].reverse())).map((stack) => stack.name)).toEqual([...STACKS].reverse());
  });

  it("ignores a stack folder an earlier synth left behind", () => {
    const dir = synthOutput(STACKS);
    mkdirSync(join(dir, "stacks", "old-stack"), { recursive: true });
    const stale = { resource: { aws_iam_role: { app: { name: "old", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: policyJson([allow("bedrock:*")]) }] } } } };
    writeFileSync(join(dir, "stacks", "old-stack", "cdk.tf.json"), JSON.stringify(stale));
    expect(loadSynthOutput(dir).map((stack) => stack.name)).toEqual(STACKS);
    expect(runReview([dir, "--no-checks"]).exitCode).toBe(0);
  });

  it("refuses a manifest that lists a stack the folder does not have", () => {
    const dir = synthOutput([...STACKS, "missing"]);
    expect(() => loadSynthOutput(dir)).toThrow(/manifest\.json: stack missing is listed but .*stacks\/missing\/cdk\.tf\.json does not exist \(synthesize again\)/);
    expect(runReview([dir]).exitCode).toBe(2);
  });

  it("refuses a manifest without stacks", () => {
    const dir = synthOutput(STACKS);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0" }));
    expect(() => loadSynthOutput(dir)).toThrow(/not a cdktf manifest \(no "stacks" object\)/);
  });
});

describe("several inputs", () => {
  it("refuses two stacks of the same name", () => {
    expect(() => loadSynthOutputs([CHATBOT_FIXTURE, CHATBOT_FIXTURE])).toThrow(/stack name chatbot-control-plane is also the name of/);
  });
});

describe("Terraform as written", () => {
  const ROLE_TF = [
    'resource "aws_iam_role" "app" {',
    '  name               = "app"',
    '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    "}",
    "",
  ].join("\n");
  const policyTf = (action: string) =>
    ['resource "aws_iam_role_policy" "extra" {', "  role   = aws_iam_role.app.name", `  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })`, "}", ""].join("\n");
  const tree = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "hcl-input-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };

  it("a .tf file on its own: a stack named after it, findings naming its file and line", () => {
    const dir = tree({ "iam.tf": `${ROLE_TF}\n${policyTf("bedrock:CreateGuardrail")}` });
    const stacks = loadSynthOutput(join(dir, "iam.tf"));
    expect(stacks.map((stack) => stack.name)).toEqual(["iam"]);
    const json = JSON.parse(runReview([join(dir, "iam.tf"), "--format", "json", "--no-checks"]).stdout);
    expect(json.violations).toEqual([expect.objectContaining({ role: "aws_iam_role.app", statement: "aws_iam_role_policy.extra #0", location: { file: join(dir, "iam.tf"), line: 6 } })]);
    expect(json.roles[0].location).toEqual({ file: join(dir, "iam.tf"), line: 1 });
  });

  it("a folder of .tf and .tf.json files is one module: a policy in one file reaches the role of the other", () => {
    const dir = tree({ "role.tf": ROLE_TF, "policy.tf.json": JSON.stringify({ resource: { aws_iam_role_policy: { extra: { role: "${aws_iam_role.app.name}", policy: policyJson([allow("bedrock:*")]) } } } }, null, 2) });
    expect(loadSynthOutput(dir)).toHaveLength(1);
    const [violation] = JSON.parse(runReview([dir, "--format", "json", "--no-checks"]).stdout).violations;
    expect(violation).toEqual(expect.objectContaining({ role: "aws_iam_role.app", location: { file: join(dir, "policy.tf.json"), line: 4 } }));
  });

  it("a repository: every folder with Terraform files is a root module of its own, hidden folders and dependencies left alone", () => {
    const dir = tree({
      "README.md": "# infra",
      "envs/dev/main.tf": ROLE_TF,
      "envs/prod/main.tf": `${ROLE_TF}\n${policyTf("bedrock:CreateAgent")}`,
      "modules/lambda/main.tf": ROLE_TF,
      "envs/prod/.terraform/modules/x/main.tf": policyTf("iam:PassRole"),
      "node_modules/pkg/main.tf": policyTf("iam:PassRole"),
    });
    expect(loadSynthOutput(dir).map((stack) => stack.name)).toEqual(["envs/dev", "envs/prod", "modules/lambda"]);
    const json = JSON.parse(runReview([dir, "--format", "json", "--no-checks"]).stdout);
    expect(json.violations.map((violation: { stack: string; action: string }) => [violation.stack, violation.action])).toEqual([["envs/prod", "bedrock:CreateAgent"]]);
  });

  it("a repository: a local module call whose folder is reviewed is not left unreviewed; a registry module is", () => {
    const dir = tree({
      "main.tf": 'module "app" {\n  source = "./modules/app"\n}\n\nmodule "queue" {\n  source = "terraform-aws-modules/sqs/aws"\n}\n',
      "modules/app/main.tf": ROLE_TF,
      "modules/app/outputs.tf.json": "{}",
    });
    const json = JSON.parse(runReview([dir, "--format", "json", "--no-checks"]).stdout);
    expect(json.unreviewedModules).toEqual([expect.objectContaining({ address: "module.queue", source: "terraform-aws-modules/sqs/aws" })]);
    // The same root alone: its local module's folder is not in the input, so it is not reviewed.
    expect(JSON.parse(runReview([join(dir, "main.tf"), "--format", "json", "--no-checks"]).stdout).unreviewedModules.map((module: { address: string }) => module.address)).toEqual(["module.app", "module.queue"]);
  });

  it("an override file changes the block it names, as Terraform merges it", () => {
    const dir = tree({ "main.tf": `${ROLE_TF}\n${policyTf("bedrock:InvokeModel")}`, "main_override.tf": policyTf("bedrock:DeleteGuardrail") });
    expect(JSON.parse(runReview([dir, "--format", "json", "--no-checks"]).stdout).violations).toEqual([expect.objectContaining({ action: "bedrock:DeleteGuardrail" })]);
  });

  it("cdktf output: a finding names the line of the resource in cdk.tf.json", () => {
    const dir = synthOutput(STACKS);
    const file = join(dir, "stacks", "chatbot-data-plane", "cdk.tf.json");
    const data = JSON.parse(readFileSync(file, "utf8"));
    const role = Object.keys(data.resource.aws_iam_role)[0];
    data.resource.aws_iam_role_policy.injected = { role: `\${aws_iam_role.${role}.name}`, policy: policyJson([allow("bedrock:CreateGuardrail")]) };
    const text = JSON.stringify(data, null, 2);
    writeFileSync(file, text);
    const line = text.split("\n").findIndex((one) => one.includes('"injected"')) + 1;
    const [violation] = JSON.parse(runReview([dir, "--format", "json", "--no-checks"]).stdout).violations;
    expect(violation.location).toEqual({ file, line });
  });
});
