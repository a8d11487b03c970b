/**
 * Every stage has its own throttling (rate and burst), so that one client cannot use the account's
 * regional API Gateway quota (shared by every API of the account) or run up the model bill.
 * Stage-wide method settings or a usage plan's throttle on the stage both count.
 */
import { blocksOf, type SynthStack, type TerraformValue } from "../../extract/terraform-json";
import { methodSettingsOf, settingsBlock, STAGE_WIDE } from "../api-gateway";
import { block, mentions, numberOf, resources, type Resource } from "../terraform";
import type { Rule, RuleFinding } from "../types";

/** A limit is set when it is a number other than -1 (the provider's "unset"), or an expression. */
function isSet(value: TerraformValue | undefined): boolean {
  if (typeof value === "string" && value.includes("${")) return true;
  const number = numberOf(value);
  return number !== undefined && number >= 0;
}

function usagePlanThrottles(stack: SynthStack, stage: Resource): boolean {
  return resources(stack, "aws_api_gateway_usage_plan").some((plan) => {
    const onStage = blocksOf(plan.block.api_stages).some((apiStage) => mentions(apiStage.stage, stage.address) || apiStage.stage === stage.block.stage_name);
    const throttle = block(plan.block.throttle_settings);
    return onStage && isSet(throttle?.rate_limit) && isSet(throttle?.burst_limit);
  });
}

export const apiStageThrottling: Rule = {
  id: "api-stage-throttling",
  title: "API stages set their own throttling (rate and burst)",
  severity: "medium",
  upstream: ["Serverless-APIGWDefaultThrottling"],
  resourceTypes: ["aws_api_gateway_stage"],
  check: ({ stack }) => {
    const stages = resources(stack, "aws_api_gateway_stage");
    const findings: RuleFinding[] = [];
    for (const stage of stages) {
      const stageWide = methodSettingsOf(stack, stage).filter((settings) => settings.block.method_path === STAGE_WIDE).map(settingsBlock);
      if (stageWide.some((settings) => isSet(settings.throttling_rate_limit) && isSet(settings.throttling_burst_limit))) continue;
      if (usagePlanThrottles(stack, stage)) continue;
      findings.push({
        resource: stage.address,
        message: "no stage-wide throttling_rate_limit and throttling_burst_limit: the stage falls back to the account-wide default",
        fix: `add aws_api_gateway_method_settings with method_path = "${STAGE_WIDE}" and settings { throttling_rate_limit, throttling_burst_limit }`,
      });
    }
    return { checked: stages.length, findings };
  },
};
