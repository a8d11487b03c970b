/** Functions only run code signed by a trusted publisher (AWS Signer, `aws_lambda_code_signing_config`). */
import { present, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const lambdaCodeSigning: Rule = {
  id: "lambda-code-signing",
  title: "Lambda functions validate code signatures",
  severity: "low",
  upstream: ["CKV_AWS_272"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const functions = resources(stack, "aws_lambda_function");
    const findings: RuleFinding[] = functions
      .filter((fn) => present(fn.block.code_signing_config_arn) === undefined)
      .map((fn) => ({ resource: fn.address, message: "no code_signing_config_arn", fix: "create an aws_signer_signing_profile and aws_lambda_code_signing_config, deploy the signed artifact from S3 and set code_signing_config_arn" }));
    return { checked: functions.length, findings };
  },
};
