/**
 * `--format sarif`: valid SARIF 2.1.0 (the OASIS schema, validated with ajv), and what GitHub
 * code scanning needs to show a finding on the line of a pull request: a rule per finding kind
 * and per pack rule with its help and upstream ids, results with a level, a repository-relative
 * file and a start line, and suppressions carrying their reasons.
 */
import Ajv from "ajv-draft-04";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { RULES } from "../../../policies/checks/pack";
import { runReview } from "../../../policies/review-cli";
import { GUARD_RULES } from "../../../policies/review/sarif-rules";

const SCHEMA = JSON.parse(readFileSync(join(__dirname, "..", "..", "fixtures", "sarif", "sarif-schema-2.1.0.json"), "utf8"));

/** The schema's formats, checked as the standards define them (no formats package is a dependency). */
function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("uri", (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && !/\s/.test(value));
  ajv.addFormat("uri-reference", (value: string) => !/[\s<>"{}|\\^`]/.test(value));
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(SCHEMA);
}

const LAMBDA = [
  'resource "aws_iam_role" "worker" {',
  '  name               = "worker"',
  '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
  "}",
  "",
  'resource "aws_iam_role_policy" "bedrock" {',
  "  role = aws_iam_role.worker.name",
  "  policy = jsonencode({",
  '    Statement = [{ Effect = "Allow", Action = ["bedrock:CreateGuardrail", "bedrock:Retrieve"], Resource = "*" }]',
  "  })",
  "}",
  "",
  'resource "aws_iam_role_policy" "agents" {',
  "  role   = aws_iam_role.worker.name",
  '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "bedrock:InvokeAgent", Resource = "*" }] })',
  "}",
  "",
  'module "queue" {',
  '  source = "terraform-aws-modules/sqs/aws"',
  "}",
  "",
].join("\n");

function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), "sarif-"));
  mkdirSync(join(dir, "infra", "app dir"), { recursive: true });
  writeFileSync(join(dir, "infra", "app dir", "main.tf"), LAMBDA);
  // A resource marker (Terraform JSON's `//` comment key) skipping one rule with its reason.
  const logs = { name: "/aws/lambda/worker", retention_in_days: 400, "//": { checks: { suppress: { "log-group-kms": "the logs hold no prompts; AWS-owned keys are enough here" } } } };
  writeFileSync(join(dir, "infra", "app dir", "logs.tf.json"), JSON.stringify({ resource: { aws_cloudwatch_log_group: { logs } } }, null, 2));
  return dir;
}

function sarifOf(dir: string, ...options: string[]) {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    const result = runReview([join(dir, "infra"), "--format", "sarif", ...options]);
    return { ...result, sarif: JSON.parse(result.stdout) };
  } finally {
    process.chdir(previous);
  }
}

describe("--format sarif", () => {
  const dir = repository();
  const { exitCode, sarif } = sarifOf(dir);
  const [run] = sarif.runs;

  it("is valid SARIF 2.1.0 by the OASIS schema, and exits as the review does", () => {
    const validate = validator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
    expect(exitCode).toBe(1);
  });

  it("the validator is not a formality: a level SARIF does not define, or a result without a message, is refused", () => {
    const validate = validator();
    const tampered = JSON.parse(JSON.stringify(sarif));
    tampered.runs[0].results[0].level = "fatal";
    expect(validate(tampered)).toBe(false);
    delete tampered.runs[0].results[0].level;
    delete tampered.runs[0].results[0].message;
    expect(validate(tampered)).toBe(false);
  });

  it("names the tool and its version, and describes a rule per permission finding kind and per pack rule", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"));
    expect(run.tool.driver).toEqual(expect.objectContaining({ name: "bedrock-plane-review", version, semanticVersion: version }));
    const ids = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ids).toEqual([...Object.values(GUARD_RULES).map((rule) => rule.id), ...RULES.map((rule) => rule.id)]);
    for (const rule of run.tool.driver.rules) {
      expect(rule).toEqual(
        expect.objectContaining({
          shortDescription: { text: expect.any(String) },
          fullDescription: { text: expect.any(String) },
          help: { text: expect.any(String), markdown: expect.any(String) },
          properties: expect.objectContaining({ "security-severity": expect.stringMatching(/^\d+\.\d$/), tags: expect.arrayContaining(["security"]) }),
        }),
      );
    }
    const lambdaTracing = run.tool.driver.rules.find((rule: { id: string }) => rule.id === "lambda-tracing");
    expect(lambdaTracing.properties.upstream).toEqual(["CKV_AWS_50", "AVD-AWS-0066", "Serverless-LambdaTracing"]);
    expect(lambdaTracing.help.text).toContain("Mirrors CKV_AWS_50, AVD-AWS-0066, Serverless-LambdaTracing");
  });

  it("puts every result on its repository-relative file and line, the rule it names at its index", () => {
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      const [location] = result.locations;
      expect(location.physicalLocation.artifactLocation).toEqual({ uri: expect.stringMatching(/^infra\/app%20dir\/(main\.tf|logs\.tf\.json)$/), uriBaseId: "%SRCROOT%" });
      expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints["bedrockPlaneReview/v1"]).toMatch(/^[0-9a-f]{32}$/);
    }
    const lineOf = (text: string) => LAMBDA.split("\n").findIndex((line) => line.startsWith(text)) + 1;
    const byRule = (id: string) => run.results.filter((result: { ruleId: string }) => result.ruleId === id);
    expect(byRule("permissions/control-plane")).toEqual([
      expect.objectContaining({ level: "error", message: { text: expect.stringMatching(/^aws_iam_role\.worker: aws_iam_role_policy\.bedrock #0 grants 1 control-plane action: bedrock:CreateGuardrail/) } }),
    ]);
    expect(byRule("permissions/control-plane")[0].locations[0].physicalLocation.region.startLine).toBe(lineOf('resource "aws_iam_role_policy" "bedrock"'));
    // Data-plane findings warn, and fail (error) only with --fail-on-data-plane.
    expect(byRule("permissions/data-plane-outside-chatbot").map((result: { level: string }) => result.level)).toEqual(["warning"]);
    expect(byRule("permissions/module-not-reviewed")[0]).toEqual(expect.objectContaining({ level: "error" }));
    expect(byRule("permissions/module-not-reviewed")[0].locations[0].physicalLocation.region.startLine).toBe(lineOf('module "queue"'));
    const strict = sarifOf(dir, "--fail-on-data-plane", "--accept-modules").sarif.runs[0].results;
    expect(strict.filter((result: { ruleId: string }) => result.ruleId === "permissions/data-plane-outside-chatbot").map((result: { level: string }) => result.level)).toEqual(["error"]);
    expect(strict.find((result: { ruleId: string }) => result.ruleId === "permissions/module-not-reviewed").level).toBe("note");
  });

  it("carries each suppression as a SARIF suppression with its reason; unsuppressed results have none", () => {
    const suppressed = run.results.filter((result: { suppressions?: unknown[] }) => result.suppressions !== undefined);
    expect(suppressed).toEqual([
      expect.objectContaining({
        ruleId: "log-group-kms",
        suppressions: [{ kind: "inSource", status: "accepted", justification: "the logs hold no prompts; AWS-owned keys are enough here" }],
        locations: [expect.objectContaining({ physicalLocation: { artifactLocation: { uri: "infra/app%20dir/logs.tf.json", uriBaseId: "%SRCROOT%" }, region: { startLine: 4 } } })],
      }),
    ]);
    expect(run.results.some((result: { ruleId: string; suppressions?: unknown }) => result.ruleId === "lambda-tracing" || (result.ruleId === "log-group-kms" && result.suppressions === undefined))).toBe(false);
  });

  it("makes absolute paths under the working directory relative, and leaves relative ones as given", () => {
    expect(relative(dir, join(dir, "infra"))).toBe("infra");
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const { results } = JSON.parse(runReview(["infra", "--format", "sarif"]).stdout).runs[0];
      expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^infra\/app%20dir\//);
    } finally {
      process.chdir(previous);
    }
  });
});
