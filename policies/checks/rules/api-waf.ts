/**
 * Public (regional or edge) API stages are associated with a WAF web ACL. Private APIs pass: they
 * are reachable only from inside VPCs. Note for users: AWS's common managed rule set blocks request
 * bodies over 8 KB, which long conversations exceed; prefer a rate-based rule.
 */
import { apiOf, isPrivateApi } from "../api-gateway";
import { mentions, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const ASSOCIATIONS = ["aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"];

export const apiWaf: Rule = {
  id: "api-waf",
  title: "Public API stages are protected by a WAF web ACL",
  severity: "medium",
  upstream: ["CKV2_AWS_29", "AwsSolutions-APIG3"],
  resourceTypes: ["aws_api_gateway_stage"],
  check: ({ stack }) => {
    const stages = resources(stack, "aws_api_gateway_stage");
    const associations = ASSOCIATIONS.flatMap((type) => resources(stack, type));
    const findings: RuleFinding[] = [];
    for (const stage of stages) {
      if (isPrivateApi(apiOf(stack, stage))) continue;
      if (associations.some((association) => mentions(association.block.resource_arn, stage.address))) continue;
      findings.push({
        resource: stage.address,
        message: "no WAF web ACL is associated with this public stage",
        fix: "add an aws_wafv2_web_acl (a rate-based rule per IP) and an aws_wafv2_web_acl_association with resource_arn = the stage's arn",
      });
    }
    return { checked: stages.length, findings };
  },
};
