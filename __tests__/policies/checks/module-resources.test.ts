/**
 * The pack's known suppressions and the fixes naming this module's options are for the resources
 * the module created, recognised by what it writes on them (its stacks' provider tag, cdktf's
 * construct paths), never by rule id: on a team's own Terraform a finding fails with a Terraform
 * fix, not with a reason written for this module.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../config/load";
import { isModuleResource } from "../../../policies/checks/module-resources";
import { runChecks } from "../../../policies/checks/run";
import { resources } from "../../../policies/checks/terraform";
import { loadSynthOutput } from "../../../policies/extract/load";
import type { SynthStack } from "../../../policies/extract/terraform-json";
import { synthApp } from "../../helpers/terraform";
import { defaultSynth, editedSynthDir, only } from "./helpers";

const CONFIGS = ["config/dev.json", "__tests__/fixtures/configs/all-options-created.json", "__tests__/fixtures/configs/all-options-bring-your-own.json"];
const ROOT = join(__dirname, "..", "..", "..");

/** The stack as ChatbotDataPlane in a stack of the user's own would give it: no provider tag of the module's. */
const withoutProviderTags = (stack: SynthStack): SynthStack => ({ ...stack, config: { ...stack.config, provider: { aws: [{ region: "eu-west-1" }] } } });

describe("resources this module created", () => {
  it.each(CONFIGS)("%s: every resource is the module's by its construct path alone, and by its stack's provider tag", (config) => {
    for (const stack of loadSynthOutput(synthApp(loadConfig(join(ROOT, config))).outdir)) {
      const bare = withoutProviderTags(stack);
      for (const type of Object.keys(stack.config.resource ?? {})) {
        for (const resource of resources(bare, type)) expect({ resource: resource.address, module: isModuleResource(bare, resource) }).toEqual({ resource: resource.address, module: true });
        for (const resource of resources(stack, type)) expect(isModuleResource(stack, resource)).toBe(true);
      }
    }
  }, 60_000);

  it("a resource of another cdktf app, or of hand-written Terraform, is not", () => {
    const stack: SynthStack = {
      name: "theirs",
      file: "cdk.tf.json",
      config: {
        provider: { aws: [{ default_tags: [{ tags: { Team: "ml" } }] }] },
        resource: {
          aws_lambda_function: { fn: { function_name: "x", "//": { metadata: { path: "theirs/worker/function" } } }, plain: { function_name: "y" } },
        },
      },
    };
    for (const resource of resources(stack, "aws_lambda_function")) expect(isModuleResource(stack, resource)).toBe(false);
  });
});

describe("the rule pack on a team's own Terraform", () => {
  const LAMBDA = [
    'resource "aws_lambda_function" "worker" {',
    '  function_name = "worker"',
    '  filename      = "build/worker.zip"',
    "  role          = aws_iam_role.worker.arn",
    "}",
    "",
    'resource "aws_lambda_permission" "api" {',
    '  function_name = aws_lambda_function.worker.function_name',
    '  principal     = "apigateway.amazonaws.com"',
    '  source_arn    = "arn:aws:execute-api:eu-west-1:111122223333:abc/*"',
    "}",
    "",
    'resource "aws_iam_role" "worker" {',
    '  name               = "worker"',
    '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    "}",
    "",
  ].join("\n");
  const theirs = () => {
    const dir = mkdtempSync(join(tmpdir(), "foreign-"));
    writeFileSync(join(dir, "lambda.tf"), LAMBDA);
    return runChecks(loadSynthOutput(dir));
  };
  const findingOf = (report: ReturnType<typeof runChecks>, ruleId: string) => report.results.find((result) => result.ruleId === ruleId)!.findings[0];

  it("fails the checks the module's own function passes by a known suppression, instead of borrowing the module's reason", () => {
    const report = theirs();
    // Same facts as the module's function (a zip, invoked by API Gateway only), not the module's function.
    expect(findingOf(report, "lambda-code-signing")).toEqual(expect.objectContaining({ resource: "aws_lambda_function.worker", status: "failed" }));
    expect(findingOf(report, "lambda-code-signing").suppression).toBeUndefined();
    expect(findingOf(report, "lambda-dlq").status).toBe("failed");
    // The module's function, for contrast: the same rules are suppressed with the module's reasons.
    const own = runChecks(defaultSynth());
    expect(findingOf(own, "lambda-code-signing")).toEqual(expect.objectContaining({ status: "suppressed", suppression: expect.objectContaining({ by: "module" }) }));
  });

  it("names the Terraform argument in a fix, and this module's option only on the module's resources", () => {
    const foreign = findingOf(theirs(), "lambda-reserved-concurrency");
    expect(foreign.fix).toContain("reserved_concurrent_executions");
    expect(foreign.fix).not.toMatch(/function\.reservedConcurrency|this module/);
    expect(findingOf(theirs(), "lambda-env-kms")).toBeUndefined(); // no environment variables: nothing to encrypt
    const edited = editedSynthDir((config, stack) => {
      if (stack.endsWith("data-plane")) delete only(config, "aws_lambda_function").reserved_concurrent_executions;
    });
    const own = findingOf(runChecks(loadSynthOutput(edited)), "lambda-reserved-concurrency");
    expect(own.fix).toMatch(/reserved_concurrent_executions.*\(this module's option: function\.reservedConcurrency\)$/);
  });

  it("lists the resource types checked and those no rule checks", () => {
    const dir = mkdtempSync(join(tmpdir(), "foreign-"));
    writeFileSync(join(dir, "main.tf"), `${LAMBDA}\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\nresource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n`);
    expect(runChecks(loadSynthOutput(dir)).resourceTypes).toEqual({ checked: ["aws_iam_role", "aws_lambda_function", "aws_lambda_permission"], unchecked: ["aws_s3_bucket", "aws_sqs_queue"] });
  });
});
