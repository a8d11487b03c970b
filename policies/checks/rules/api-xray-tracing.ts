/** API stages send traces to X-Ray, so a slow or failing request can be followed into the function. */
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiXrayTracing: Rule = {
  id: "api-xray-tracing",
  title: "API stages have X-Ray tracing enabled",
  severity: "low",
  upstream: ["CKV_AWS_73", "AVD-AWS-0003", "Serverless-APIGWXrayEnabled"],
  resourceTypes: ["aws_api_gateway_stage"],
  check: ({ stack }) => {
    const stages = resources(stack, "aws_api_gateway_stage");
    const findings: RuleFinding[] = stages
      .filter((stage) => flag(stage.block.xray_tracing_enabled) !== true)
      .map((stage) => ({ resource: stage.address, message: "xray_tracing_enabled is not true", fix: "set xray_tracing_enabled = true on the stage" }));
    return { checked: stages.length, findings };
  },
};
