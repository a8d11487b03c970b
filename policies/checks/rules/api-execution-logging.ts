/**
 * API stages log execution (ERROR or INFO) and publish metrics, through method settings. Execution
 * logs need the account-wide API Gateway CloudWatch role (`aws_api_gateway_account`), which is
 * why the module makes them opt-in (see the known suppressions).
 */
import { stringOf } from "../../extract/terraform-json";
import { methodSettingsOf, settingsBlock } from "../api-gateway";
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiExecutionLogging: Rule = {
  id: "api-execution-logging",
  title: "API stages log execution errors and publish metrics",
  severity: "low",
  upstream: ["CKV2_AWS_4", "AwsSolutions-APIG6"],
  resourceTypes: ["aws_api_gateway_stage"],
  check: ({ stack }) => {
    const stages = resources(stack, "aws_api_gateway_stage");
    const findings: RuleFinding[] = [];
    for (const stage of stages) {
      const settings = methodSettingsOf(stack, stage).map(settingsBlock);
      const logging = settings.some((one) => ["ERROR", "INFO"].includes(stringOf(one.logging_level) ?? "OFF"));
      const metrics = settings.some((one) => flag(one.metrics_enabled) === true);
      if (logging && metrics) continue;
      findings.push({
        resource: stage.address,
        message: [logging ? undefined : "no method settings set logging_level to ERROR or INFO", metrics ? undefined : "metrics_enabled is not true"].filter(Boolean).join("; "),
        fix: 'add aws_api_gateway_method_settings for the stage with settings { logging_level = "ERROR", metrics_enabled = true } (needs the account\'s API Gateway CloudWatch role)',
      });
    }
    return { checked: stages.length, findings };
  },
};
