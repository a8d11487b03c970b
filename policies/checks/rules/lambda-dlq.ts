/**
 * Functions have a dead-letter queue for failed asynchronous invocations. A function invoked only
 * synchronously (API Gateway proxy) never uses one: the caller gets the error. See the known
 * suppressions.
 */
import { block, present, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const lambdaDlq: Rule = {
  id: "lambda-dlq",
  title: "Lambda functions have a dead-letter queue",
  severity: "low",
  upstream: ["CKV_AWS_116", "Serverless-LambdaDLQ"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const functions = resources(stack, "aws_lambda_function");
    const findings: RuleFinding[] = functions
      .filter((fn) => present(block(fn.block.dead_letter_config)?.target_arn) === undefined)
      .map((fn) => ({ resource: fn.address, message: "no dead_letter_config.target_arn", fix: "set dead_letter_config { target_arn = <SQS queue or SNS topic ARN> } if the function is ever invoked asynchronously" }));
    return { checked: functions.length, findings };
  },
};
