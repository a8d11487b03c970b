/**
 * The scanners' "enable API caching" rule, kept so that the decision is visible: a chat answer
 * depends on the whole conversation in a POST body and must never be served to another caller, and
 * streamed responses cannot be cached at all. The known suppressions say so for POST and STREAM
 * methods; a cacheable GET method added later would fail here.
 */
import { methodSettingsOf, settingsBlock } from "../api-gateway";
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiCaching: Rule = {
  id: "api-caching",
  title: "API stages cache responses",
  severity: "low",
  upstream: ["CKV_AWS_120", "CKV_AWS_225", "AVD-AWS-0190"],
  resourceTypes: ["aws_api_gateway_stage"],
  check: ({ stack }) => {
    const stages = resources(stack, "aws_api_gateway_stage");
    const findings: RuleFinding[] = [];
    for (const stage of stages) {
      const cluster = flag(stage.block.cache_cluster_enabled) === true;
      const methods = methodSettingsOf(stack, stage).some((settings) => flag(settingsBlock(settings).caching_enabled) === true);
      if (cluster && methods) continue;
      findings.push({
        resource: stage.address,
        message: !cluster ? "cache_cluster_enabled is not true" : "no method settings enable caching_enabled",
        fix: "set cache_cluster_enabled = true and method settings caching_enabled = true (only for responses that may be shared between callers)",
      });
    }
    return { checked: stages.length, findings };
  },
};
