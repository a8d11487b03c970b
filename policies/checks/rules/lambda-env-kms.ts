/** A function with environment variables encrypts them with a customer managed KMS key. */
import { block, present, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const lambdaEnvKms: Rule = {
  id: "lambda-env-kms",
  title: "Lambda environment variables are encrypted with a KMS key",
  severity: "medium",
  upstream: ["CKV_AWS_173"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const withVariables = resources(stack, "aws_lambda_function").filter((fn) => {
      const variables = block(fn.block.environment)?.variables;
      return variables !== undefined && variables !== null && !(typeof variables === "object" && Object.keys(variables).length === 0);
    });
    const findings: RuleFinding[] = withVariables
      .filter((fn) => present(fn.block.kms_key_arn) === undefined)
      .map((fn) => ({
        resource: fn.address,
        message: "the function has environment variables but no kms_key_arn: they are encrypted with the AWS managed key only",
        fix: "set kms_key_arn to a customer managed key the function's role may decrypt with",
        moduleOption: "kmsKeyArn",
      }));
    return { checked: withVariables.length, findings };
  },
};
