/** Functions trace actively with X-Ray (trivy and cdk-nag want `Active`; checkov also accepts `PassThrough`). */
import { stringOf } from "../../extract/terraform-json";
import { block, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const lambdaTracing: Rule = {
  id: "lambda-tracing",
  title: "Lambda functions have active X-Ray tracing",
  severity: "low",
  upstream: ["CKV_AWS_50", "AVD-AWS-0066", "Serverless-LambdaTracing"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const functions = resources(stack, "aws_lambda_function");
    const findings: RuleFinding[] = [];
    for (const fn of functions) {
      const mode = stringOf(block(fn.block.tracing_config)?.mode);
      if (mode === "Active" || mode?.includes("${")) continue;
      findings.push({ resource: fn.address, message: `tracing_config.mode is ${mode === undefined ? "not set" : `"${mode}"`}`, fix: 'set tracing_config { mode = "Active" } (the role then needs xray:PutTraceSegments and xray:PutTelemetryRecords)' });
    }
    return { checked: functions.length, findings };
  },
};
