/** Functions reserve their concurrency: the cost cap, and a floor no other function can take. */
import { numberOf, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const lambdaReservedConcurrency: Rule = {
  id: "lambda-reserved-concurrency",
  title: "Lambda functions have reserved concurrency",
  severity: "medium",
  upstream: ["CKV_AWS_115"],
  resourceTypes: ["aws_lambda_function"],
  check: ({ stack }) => {
    const functions = resources(stack, "aws_lambda_function");
    const findings: RuleFinding[] = [];
    for (const fn of functions) {
      const value = fn.block.reserved_concurrent_executions;
      const reserved = numberOf(value);
      if ((reserved !== undefined && reserved >= 0) || (typeof value === "string" && value.includes("${"))) continue;
      findings.push({
        resource: fn.address,
        message: value === undefined ? "reserved_concurrent_executions is not set: the function can scale to the account's whole unreserved concurrency" : `reserved_concurrent_executions is ${JSON.stringify(value)} (unreserved)`,
        fix: "set reserved_concurrent_executions to the most concurrent requests you will pay for",
        moduleOption: "function.reservedConcurrency",
      });
    }
    return { checked: functions.length, findings };
  },
};
