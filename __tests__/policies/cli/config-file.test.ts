/**
 * Skipping a rule for one resource, with a reason: in `.bedrock-plane-review.json`, or in a
 * comment of the resource's HCL block. Shown in the report and in SARIF, never silent; a skip
 * that cannot be honoured is refused, one that matches nothing is listed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigSkips } from "../../../policies/cli/config-file";
import { UnusableInputError } from "../../../policies/extract/errors";
import { runReview } from "../../../policies/review-cli";

const FUNCTION = ['resource "aws_lambda_function" "worker" {', '  function_name = "worker"', '  filename      = "worker.zip"', "}", ""].join("\n");

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "skips-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs the review from `cwd`, as a user does from the repository root. */
function reviewIn(cwd: string, ...argv: string[]) {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return runReview(argv);
  } finally {
    process.chdir(previous);
  }
}

const checkOf = (stdout: string, ruleId: string) => JSON.parse(stdout).checks.find((result: { ruleId: string }) => result.ruleId === ruleId);

describe(".bedrock-plane-review.json", () => {
  const skips = (entries: unknown) => JSON.stringify({ skip: entries });

  it("skips one rule (by id or upstream id) on one resource, with its reason, shown as suppressed", () => {
    const dir = project({
      "main.tf": FUNCTION,
      ".bedrock-plane-review.json": skips([
        { rule: "lambda-code-signing", resource: "aws_lambda_function.worker", reason: "our pipeline signs the image" },
        { rule: "CKV_AWS_116", resource: "aws_lambda_function.worker", reason: "only ever invoked synchronously" },
      ]),
    });
    const { stdout } = reviewIn(dir, ".", "--format", "json");
    expect(checkOf(stdout, "lambda-code-signing").findings).toEqual([expect.objectContaining({ status: "suppressed", suppression: { by: "config", reason: "our pipeline signs the image" } })]);
    expect(checkOf(stdout, "lambda-dlq").findings).toEqual([expect.objectContaining({ status: "suppressed", suppression: { by: "config", reason: "only ever invoked synchronously" } })]);
    // Not the other rules, not the other resources.
    expect(checkOf(stdout, "lambda-tracing").findings).toEqual([expect.objectContaining({ status: "failed" })]);
    const markdown = reviewIn(dir, ".").stdout;
    expect(markdown).toMatch(/\| ⏸️ suppressed \| `lambda-code-signing` \| .*our pipeline signs the image \(\.bedrock-plane-review\.json\) \|/);
  });

  it("--config names another file; a stack narrows an entry to one module folder", () => {
    const dir = project({ "main.tf": FUNCTION, "skips.json": skips([{ rule: "lambda-dlq", resource: "aws_lambda_function.worker", stack: "elsewhere", reason: "r" }]) });
    const json = reviewIn(dir, ".", "--format", "json", "--config", "skips.json").stdout;
    expect(checkOf(json, "lambda-dlq").findings[0].status).toBe("failed");
    expect(JSON.parse(json).unusedSkips).toEqual([{ rule: "lambda-dlq", resource: "aws_lambda_function.worker", by: "config", why: "no finding of this rule on this resource" }]);
  });

  it.each([
    [{ skip: [{ rule: "lambda-dql", resource: "aws_lambda_function.worker", reason: "r" }] }, /skip\[0\]\.rule: "lambda-dql" is no rule of the pack/],
    [{ skip: [{ rule: "lambda-dlq", resource: "aws_lambda_function.worker", reason: " " }] }, /skip\[0\]\.reason: a skip needs a written reason/],
    [{ skip: [{ rule: "lambda-dlq", resource: "worker", reason: "r" }] }, /skip\[0\]\.resource: expected a Terraform resource address/],
    [{ skip: [{ rule: "lambda-dlq", resource: "aws_lambda_function.worker", reason: "r", until: "2027" }] }, /skip\[0\]: unknown key until/],
    [{ skips: [] }, /expected \{ "skip": \[ … \] \}/],
  ])("refuses %j in one line", (document, message) => {
    const dir = project({ ".bedrock-plane-review.json": JSON.stringify(document) });
    expect(() => loadConfigSkips(undefined, dir)).toThrow(UnusableInputError);
    expect(() => loadConfigSkips(undefined, dir)).toThrow(message);
  });

  it("exits 2 on a bad file, and on a --config file that does not exist", () => {
    const dir = project({ "main.tf": FUNCTION, ".bedrock-plane-review.json": "{ not json" });
    expect(reviewIn(dir, ".")).toEqual({ exitCode: 2, stdout: "", stderr: expect.stringMatching(/^review: \.bedrock-plane-review\.json: invalid JSON/) });
    expect(reviewIn(dir, ".", "--config", "nope.json").stderr).toMatch(/^review: nope\.json: no such file \(--config\)/);
  });

  it("without a file, nothing is skipped", () => {
    expect(loadConfigSkips(undefined, project({}))).toEqual([]);
  });
});

describe("# bedrock-plane-review:skip comments", () => {
  it("skip a rule for the resource whose block holds them, or which they stand right above, shown in the report and in SARIF", () => {
    const dir = project({
      "main.tf": [
        "# bedrock-plane-review:skip=lambda-code-signing images are signed by the release pipeline",
        'resource "aws_lambda_function" "worker" {',
        '  function_name = "worker"',
        "  # bedrock-plane-review:skip=CKV_AWS_50 tracing is done by our OpenTelemetry layer",
        '  filename      = "worker.zip"',
        "}",
        "",
      ].join("\n"),
    });
    const json = reviewIn(dir, ".", "--format", "json").stdout;
    expect(checkOf(json, "lambda-code-signing").findings[0].suppression).toEqual({ by: "comment", reason: "images are signed by the release pipeline" });
    expect(checkOf(json, "lambda-tracing").findings[0].suppression).toEqual({ by: "comment", reason: "tracing is done by our OpenTelemetry layer" });
    expect(checkOf(json, "lambda-dlq").findings[0].status).toBe("failed");
    expect(reviewIn(dir, ".").stdout).toMatch(/\| ⏸️ suppressed \| `lambda-tracing` \| .*\(main\.tf:2\) \| tracing is done by our OpenTelemetry layer \(skip comment\) \|/);
    const sarif = JSON.parse(reviewIn(dir, ".", "--format", "sarif").stdout).runs[0].results;
    expect(sarif.find((result: { ruleId: string }) => result.ruleId === "lambda-tracing").suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "tracing is done by our OpenTelemetry layer" }]);
  });

  it("a comment naming no rule of the pack is listed as a skip that matched nothing", () => {
    const dir = project({ "main.tf": `# bedrock-plane-review:skip=lambda-dql typo in the rule id\n${FUNCTION}` });
    const { stdout } = reviewIn(dir, ".");
    expect(stdout).toContain("⚠️ Skips that matched no finding (remove or correct them):\n- `lambda-dql` on `aws_lambda_function.worker` (skip comment): no such rule in the pack");
    expect(checkOf(reviewIn(dir, ".", "--format", "json").stdout, "lambda-dlq").findings[0].status).toBe("failed");
  });

  it.each([
    ["without a reason", `# bedrock-plane-review:skip=lambda-dlq\n${FUNCTION}`, /main\.tf:1: bedrock-plane-review:skip=lambda-dlq needs a reason/],
    ["outside a resource block", `locals {\n  # bedrock-plane-review:skip=lambda-dlq reason\n  x = 1\n}\n${FUNCTION}`, /main\.tf:2: bedrock-plane-review:skip=lambda-dlq must be inside a resource block/],
  ])("is refused %s, naming its file and line (exit 2)", (_name, text, message) => {
    const result = reviewIn(project({ "main.tf": text }), ".");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
