/**
 * The GitHub Action (action.yml): its inputs, and its review step run as the script it is
 * (action/review.sh) on a team's Terraform, with the bin of this checkout in place of the npm
 * package: the report, the SARIF it uploads, the outputs, and when the job fails by fail-on.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const ACTION = readFileSync(join(ROOT, "action.yml"), "utf8");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const BIN = `${process.execPath} ${require.resolve("tsx/cli")} ${join(ROOT, "policies", "review-cli.ts")}`;

/** The `inputs:` block's keys, with their defaults (the file's own two-space layout). */
function inputs(): Record<string, string> {
  const block = ACTION.slice(ACTION.indexOf("\ninputs:\n"), ACTION.indexOf("\noutputs:\n"));
  const found: Record<string, string> = {};
  let current: string | undefined;
  for (const line of block.split("\n")) {
    const name = /^ {2}([a-z-]+):$/.exec(line)?.[1];
    if (name) current = name;
    const value = /^ {4}default: "?([^"]*)"?$/.exec(line)?.[1];
    if (current && value !== undefined) found[current] = value;
  }
  return found;
}

const ROLE = (action: string) =>
  [
    'resource "aws_iam_role" "worker" {',
    '  name               = "worker"',
    '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    "}",
    "",
    'resource "aws_iam_role_policy" "bedrock" {',
    "  role   = aws_iam_role.worker.name",
    `  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "${action}", Resource = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0" }] })`,
    "}",
    "",
  ].join("\n");
const LOG_GROUP = 'resource "aws_cloudwatch_log_group" "logs" {\n  # bedrock-plane-review:skip=log-group-kms no prompts in these logs\n  name              = "/worker"\n  retention_in_days = 400\n}\n';

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "action-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs the Review step: action/review.sh with the step's environment, in `cwd`. */
function reviewStep(cwd: string, env: Record<string, string>) {
  const out = mkdtempSync(join(tmpdir(), "action-out-"));
  const files = { GITHUB_OUTPUT: join(out, "output"), GITHUB_STEP_SUMMARY: join(out, "summary") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  const result = spawnSync("bash", [join(ROOT, "action", "review.sh")], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, BEDROCK_PLANE_REVIEW: BIN, REVIEW_OUT: join(out, "report"), REVIEW_VERSION: VERSION, ...files, ...env },
  });
  const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, "utf8").trim().split("\n").filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  return { status: result.status, stderr: result.stderr, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8") };
}

describe("action.yml", () => {
  it("takes paths, base, format, fail-on, config and a version that is the package's own", () => {
    expect(inputs()).toEqual({ paths: ".", base: "", format: "markdown", "fail-on": "any", config: "", version: VERSION });
  });

  it("runs its review step as action/review.sh, each input passed in the environment", () => {
    expect(ACTION).toContain('run: bash "$GITHUB_ACTION_PATH/action/review.sh"');
    for (const [name, variable] of [["paths", "REVIEW_PATHS"], ["base", "REVIEW_BASE"], ["format", "REVIEW_FORMAT"], ["fail-on", "REVIEW_FAIL_ON"], ["config", "REVIEW_CONFIG"], ["version", "REVIEW_VERSION"]]) {
      expect(ACTION).toContain(`${variable}: \${{ inputs.${name} }}`);
    }
    expect(ACTION).toMatch(/uses: github\/codeql-action\/upload-sarif@v3\n {6}with:\n {8}sarif_file: \$\{\{ steps\.review\.outputs\.sarif \}\}/);
    expect(ACTION).toMatch(/uses: marocchino\/sticky-pull-request-comment@v2/);
    expect(ACTION).toMatch(/- name: Fail on findings\n {6}if: steps\.review\.outputs\.failed == 'true'/);
  });
});

describe("the review step (action/review.sh)", () => {
  it("markdown: writes the report to the job summary and the comment file, and fails the job on a violation", () => {
    const step = reviewStep(repository({ "main.tf": ROLE("bedrock:CreateGuardrail") }), { REVIEW_PATHS: ".", REVIEW_FORMAT: "markdown", REVIEW_FAIL_ON: "any" });
    expect(step.status).toBe(0);
    expect(step.outputs).toEqual(expect.objectContaining({ "exit-code": "1", failed: "true" }));
    const report = readFileSync(step.outputs.report, "utf8");
    expect(report).toMatch(/^## Bedrock permission review\n\n❌ \*\*1 violation\(s\)\.\*\*/);
    expect(report).toContain("`aws_iam_role_policy.bedrock #0` (main.tf:6)");
    expect(step.summary).toBe(report);
  });

  it("passes a clean repository", () => {
    const step = reviewStep(repository({ "main.tf": ROLE("bedrock:InvokeModel") }), {});
    expect(step.outputs).toEqual(expect.objectContaining({ "exit-code": "0", failed: "false" }));
  });

  it("fail-on violations: a rule-pack finding alone does not fail the job, a violation does; never: nothing does", () => {
    const packOnly = repository({ "main.tf": `${ROLE("bedrock:InvokeModel")}\nresource "aws_cloudwatch_log_group" "logs" {\n  name = "/worker"\n}\n` });
    expect(reviewStep(packOnly, { REVIEW_FAIL_ON: "violations" }).outputs).toEqual(expect.objectContaining({ "exit-code": "1", failed: "false" }));
    expect(reviewStep(packOnly, { REVIEW_FAIL_ON: "any" }).outputs.failed).toBe("true");
    const violating = repository({ "main.tf": ROLE("bedrock:CreateGuardrail") });
    expect(reviewStep(violating, { REVIEW_FAIL_ON: "violations" }).outputs.failed).toBe("true");
    expect(reviewStep(violating, { REVIEW_FAIL_ON: "never" }).outputs).toEqual(expect.objectContaining({ "exit-code": "1", failed: "false" }));
  });

  it("sarif: the file to upload holds the unsuppressed results only; the full one keeps the suppression and its reason", () => {
    const step = reviewStep(repository({ "main.tf": `${ROLE("bedrock:CreateGuardrail")}\n${LOG_GROUP}` }), { REVIEW_FORMAT: "sarif" });
    const upload = JSON.parse(readFileSync(step.outputs.sarif, "utf8"));
    const full = JSON.parse(readFileSync(join(step.outputs.directory, "review-full.sarif"), "utf8"));
    const ruleIds = (sarif: { runs: { results: { ruleId: string }[] }[] }) => sarif.runs[0].results.map((result) => result.ruleId);
    expect(ruleIds(upload)).toContain("permissions/control-plane");
    expect(ruleIds(upload)).not.toContain("log-group-kms");
    expect(full.runs[0].results.find((result: { ruleId: string }) => result.ruleId === "log-group-kms").suppressions).toEqual([
      { kind: "inSource", status: "accepted", justification: "no prompts in these logs" },
    ]);
    expect(step.outputs.failed).toBe("true");
  });

  it("a review that could not run fails the job, saying why in the report", () => {
    const step = reviewStep(repository({}), { REVIEW_PATHS: "does-not-exist" });
    expect(step.outputs).toEqual(expect.objectContaining({ "exit-code": "2", failed: "true" }));
    expect(readFileSync(step.outputs.report, "utf8")).toContain("⚠️ The review could not run: `review: does-not-exist: no such file or directory`");
  });

  it("refuses inputs it does not know (exit 2), before running anything", () => {
    const step = reviewStep(repository({}), { REVIEW_FORMAT: "html" });
    expect(step.status).toBe(2);
    expect(step.stderr + step.summary).not.toContain("Bedrock permission review");
    expect(existsSync(join(step.outputs.directory ?? "/nonexistent", "review.md"))).toBe(false);
  });
});
