/** Every API stage writes access logs (who called what, with which result) to a log destination. */
import { block, present, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiAccessLogging: Rule = {
  id: "api-access-logging",
  title: "API stages write access logs",
  severity: "medium",
  upstream: ["CKV_AWS_76", "AVD-AWS-0001", "AwsSolutions-APIG1", "Serverless-APIGWAccessLogging"],
  resourceTypes: ["aws_api_gateway_stage"],
  check: ({ stack }) => {
    const stages = resources(stack, "aws_api_gateway_stage");
    const findings: RuleFinding[] = [];
    for (const stage of stages) {
      const settings = block(stage.block.access_log_settings);
      if (present(settings?.destination_arn) !== undefined && present(settings?.format) !== undefined) continue;
      findings.push({
        resource: stage.address,
        message: settings ? "access_log_settings lacks a destination_arn or a format" : "no access_log_settings: calls to this stage leave no access log",
        fix: "set access_log_settings { destination_arn = <log group ARN>, format = <JSON format> } on the stage",
      });
    }
    return { checked: stages.length, findings };
  },
};
