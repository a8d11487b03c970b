/**
 * A permission that lets an AWS service invoke a function names the source resource; without
 * `source_arn`, any resource of that service, in any account, may invoke it (confused deputy).
 * checkov also accepts `source_account`; trivy, as here, wants the ARN.
 */
import { stringOf } from "../../extract/terraform-json";
import { present, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const lambdaPermissionSource: Rule = {
  id: "lambda-permission-source",
  title: "Service permissions to invoke a function name their source ARN",
  severity: "high",
  upstream: ["CKV_AWS_364", "AVD-AWS-0067"],
  resourceTypes: ["aws_lambda_permission"],
  check: ({ stack }) => {
    const permissions = resources(stack, "aws_lambda_permission").filter((permission) => stringOf(permission.block.principal)?.endsWith(".amazonaws.com"));
    const findings: RuleFinding[] = permissions
      .filter((permission) => present(permission.block.source_arn) === undefined)
      .map((permission) => ({
        resource: permission.address,
        message: `${stringOf(permission.block.principal)} may invoke the function from any source: no source_arn`,
        fix: "set source_arn to the API's execution ARN for this stage, method and path",
      }));
    return { checked: permissions.length, findings };
  },
};
