/** Passing and failing Terraform JSON for the Lambda rules. */
import { lambdaCodeSigning } from "../../../../policies/checks/rules/lambda-code-signing";
import { lambdaDlq } from "../../../../policies/checks/rules/lambda-dlq";
import { lambdaEnvKms } from "../../../../policies/checks/rules/lambda-env-kms";
import { lambdaEnvNoSecrets } from "../../../../policies/checks/rules/lambda-env-no-secrets";
import { lambdaInVpc } from "../../../../policies/checks/rules/lambda-in-vpc";
import { lambdaPermissionSource } from "../../../../policies/checks/rules/lambda-permission-source";
import { lambdaReservedConcurrency } from "../../../../policies/checks/rules/lambda-reserved-concurrency";
import { lambdaTracing } from "../../../../policies/checks/rules/lambda-tracing";
import type { RuleCase } from "./types";

export const fn = (extra: Record<string, unknown> = {}) => ({
  aws_lambda_function: { chat: { function_name: "chat", role: "${aws_iam_role.app.arn}", handler: "index.handler", runtime: "nodejs24.x", filename: "assets/chat.zip", ...extra } },
});
const permission = (extra: Record<string, unknown> = {}) => ({
  aws_lambda_permission: { invoke: { action: "lambda:InvokeFunction", function_name: "${aws_lambda_function.chat.function_name}", principal: "apigateway.amazonaws.com", ...extra } },
});

export const LAMBDA_CASES: readonly RuleCase[] = [
  {
    rule: lambdaReservedConcurrency,
    passing: [["10 reserved", fn({ reserved_concurrent_executions: 10 })]],
    failing: [
      ["unset", fn(), /not set/],
      ["-1", fn({ reserved_concurrent_executions: -1 }), /-1 \(unreserved\)/],
    ],
  },
  {
    rule: lambdaInVpc,
    passing: [["subnets and security groups", fn({ vpc_config: { subnet_ids: ["${aws_subnet.a.id}"], security_group_ids: ["${aws_security_group.fn.id}"] } })]],
    failing: [
      ["no vpc_config", fn(), /no vpc_config/],
      ["no security groups", fn({ vpc_config: { subnet_ids: ["${aws_subnet.a.id}"], security_group_ids: [] } }), /no subnet_ids or no security_group_ids/],
    ],
  },
  {
    rule: lambdaEnvKms,
    passing: [["variables with a key", fn({ environment: { variables: { MODEL_ID: "m" } }, kms_key_arn: "${aws_kms_key.key.arn}" })]],
    failing: [["variables without a key", fn({ environment: { variables: { MODEL_ID: "m" } } }), /no kms_key_arn/]],
  },
  {
    rule: lambdaEnvNoSecrets,
    passing: [["ids, limits and references", fn({ environment: { variables: { MODEL_ID: "amazon.nova-lite-v1:0", MAX_OUTPUT_TOKENS: "1024", API_KEY_SECRET_ARN: "${aws_secretsmanager_secret.key.arn}" } } })]],
    failing: [
      ["an access key id", fn({ environment: { variables: { UPSTREAM: "AKIAIOSFODNN7EXAMPLE" } } }), /UPSTREAM holds an AWS access key id/],
      ["a literal password", fn({ environment: { variables: { DB_PASSWORD: "hunter2" } } }), /DB_PASSWORD is named like a secret/],
    ],
  },
  {
    rule: lambdaTracing,
    passing: [["Active", fn({ tracing_config: { mode: "Active" } })]],
    failing: [
      ["unset", fn(), /not set/],
      ["PassThrough", fn({ tracing_config: { mode: "PassThrough" } }), /"PassThrough"/],
    ],
  },
  {
    rule: lambdaDlq,
    passing: [["an SQS dead-letter queue", fn({ dead_letter_config: { target_arn: "${aws_sqs_queue.dlq.arn}" } })]],
    failing: [["none", fn(), /no dead_letter_config/]],
  },
  {
    rule: lambdaCodeSigning,
    passing: [["a code signing config", fn({ code_signing_config_arn: "${aws_lambda_code_signing_config.signed.arn}" })]],
    failing: [["none", fn(), /no code_signing_config_arn/]],
  },
  {
    rule: lambdaPermissionSource,
    passing: [["the API's execution ARN", permission({ source_arn: "${aws_api_gateway_rest_api.api.execution_arn}/v1/POST/chat" })]],
    failing: [["no source ARN", permission(), /apigateway.amazonaws.com may invoke the function from any source/]],
  },
];
