/** Passing and failing Terraform JSON for the API Gateway rules. */
import { apiAccessLogging } from "../../../../policies/checks/rules/api-access-logging";
import { apiAuthorization } from "../../../../policies/checks/rules/api-authorization";
import { apiCacheEncryption } from "../../../../policies/checks/rules/api-cache-encryption";
import { apiCaching } from "../../../../policies/checks/rules/api-caching";
import { apiExecutionLogging } from "../../../../policies/checks/rules/api-execution-logging";
import { apiNoDataTrace } from "../../../../policies/checks/rules/api-no-data-trace";
import { apiRequestValidation } from "../../../../policies/checks/rules/api-request-validation";
import { apiStageThrottling } from "../../../../policies/checks/rules/api-stage-throttling";
import { apiWaf } from "../../../../policies/checks/rules/api-waf";
import { apiXrayTracing } from "../../../../policies/checks/rules/api-xray-tracing";
import type { Blocks } from "../helpers";
import type { RuleCase } from "./types";

const API = "${aws_api_gateway_rest_api.api.id}";
const api = (types = ["REGIONAL"]) => ({ aws_api_gateway_rest_api: { api: { name: "chat", endpoint_configuration: { types } } } });
const stage = (extra: Record<string, unknown> = {}) => ({ aws_api_gateway_stage: { stage: { rest_api_id: API, stage_name: "v1", deployment_id: "${aws_api_gateway_deployment.d.id}", ...extra } } });
const settings = (values: Record<string, unknown>, methodPath = "*/*") => ({
  aws_api_gateway_method_settings: { settings: { rest_api_id: API, stage_name: "${aws_api_gateway_stage.stage.stage_name}", method_path: methodPath, settings: values } },
});
const method = (extra: Record<string, unknown> = {}) => ({ aws_api_gateway_method: { post: { rest_api_id: API, resource_id: "${aws_api_gateway_resource.chat.id}", http_method: "POST", authorization: "AWS_IAM", ...extra } } });
const merge = (...parts: Blocks[]): Blocks => Object.assign({}, ...parts);

const validated = merge(
  method({ request_validator_id: "${aws_api_gateway_request_validator.body.id}", request_models: { "application/json": "${aws_api_gateway_model.chat.name}" } }),
  { aws_api_gateway_request_validator: { body: { rest_api_id: API, name: "body", validate_request_body: true } } },
);

export const API_CASES: readonly RuleCase[] = [
  {
    rule: apiAuthorization,
    passing: [
      ["AWS_IAM", method()],
      ["Cognito", method({ authorization: "COGNITO_USER_POOLS", authorizer_id: "${aws_api_gateway_authorizer.pool.id}" })],
      ["NONE with a required API key", method({ authorization: "NONE", api_key_required: true })],
      ["NONE on an OPTIONS pre-flight beside an authorized POST", merge(method(), { aws_api_gateway_method: { ...method().aws_api_gateway_method, options: { rest_api_id: API, http_method: "OPTIONS", authorization: "NONE" } } })],
    ],
    failing: [
      ["NONE", method({ authorization: "NONE" }), /"NONE" on POST: anyone/],
      ["an expression", method({ authorization: "${var.auth}" }), /an expression/],
    ],
  },
  {
    rule: apiRequestValidation,
    passing: [
      ["a body validator and a JSON model", validated],
      ["a validator on a GET", { aws_api_gateway_method: { get: { rest_api_id: API, http_method: "GET", authorization: "AWS_IAM", request_validator_id: "${aws_api_gateway_request_validator.params.id}" } } }],
    ],
    failing: [
      ["no validator", method(), /no request_validator_id/],
      ["a validator that skips the body", merge(validated, { aws_api_gateway_request_validator: { body: { rest_api_id: API, name: "params", validate_request_parameters: true } } }), /does not validate the body/],
      ["no model for application/json", merge(method({ request_validator_id: "${aws_api_gateway_request_validator.body.id}" }), { aws_api_gateway_request_validator: validated.aws_api_gateway_request_validator }), /no request model/],
    ],
  },
  {
    rule: apiAccessLogging,
    passing: [["a destination and a format", stage({ access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.access.arn}", format: '{"requestId":"$context.requestId"}' } })]],
    failing: [
      ["no access_log_settings", stage(), /no access_log_settings/],
      ["no format", stage({ access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.access.arn}" } }), /lacks a destination_arn or a format/],
    ],
  },
  {
    rule: apiExecutionLogging,
    passing: [["ERROR logging and metrics", merge(stage(), settings({ logging_level: "ERROR", metrics_enabled: true }))]],
    failing: [
      ["metrics only", merge(stage(), settings({ metrics_enabled: true })), /logging_level/],
      ["logging OFF", merge(stage(), settings({ logging_level: "OFF", metrics_enabled: false })), /metrics_enabled is not true/],
    ],
  },
  {
    rule: apiNoDataTrace,
    passing: [["data trace unset", merge(stage(), settings({ metrics_enabled: true }))]],
    failing: [["data trace on", merge(stage(), settings({ data_trace_enabled: true })), /request and response bodies/]],
  },
  {
    rule: apiXrayTracing,
    passing: [["tracing on", stage({ xray_tracing_enabled: true })]],
    failing: [["tracing unset", stage(), /xray_tracing_enabled is not true/]],
  },
  {
    rule: apiStageThrottling,
    passing: [
      ["stage-wide method settings", merge(stage(), settings({ throttling_rate_limit: 10, throttling_burst_limit: 20 }))],
      ["a usage plan throttle", merge(stage(), { aws_api_gateway_usage_plan: { plan: { name: "p", api_stages: [{ api_id: API, stage: "${aws_api_gateway_stage.stage.stage_name}" }], throttle_settings: { rate_limit: 5, burst_limit: 10 } } } })],
    ],
    failing: [
      ["no settings", stage(), /no stage-wide throttling/],
      ["-1 (unset)", merge(stage(), settings({ throttling_rate_limit: -1, throttling_burst_limit: -1 })), /account-wide default/],
      ["only one method throttled", merge(stage(), settings({ throttling_rate_limit: 10, throttling_burst_limit: 20 }, "chat/POST")), /no stage-wide/],
    ],
  },
  {
    rule: apiWaf,
    passing: [
      ["a WAFv2 association", merge(api(), stage(), { aws_wafv2_web_acl_association: { waf: { resource_arn: "${aws_api_gateway_stage.stage.arn}", web_acl_arn: "${aws_wafv2_web_acl.acl.arn}" } } })],
      ["a private API", merge(api(["PRIVATE"]), stage())],
    ],
    failing: [["a regional API without WAF", merge(api(), stage()), /no WAF web ACL/]],
  },
  {
    rule: apiCacheEncryption,
    passing: [
      ["caching off", merge(stage(), settings({ metrics_enabled: true }))],
      ["encrypted cache", merge(stage(), settings({ caching_enabled: true, cache_data_encrypted: true }))],
    ],
    failing: [["an unencrypted cache", merge(stage(), settings({ caching_enabled: true })), /cache_data_encrypted is not true/]],
  },
  {
    rule: apiCaching,
    passing: [["a cache cluster and cached methods", merge(stage({ cache_cluster_enabled: true, cache_cluster_size: "0.5" }), settings({ caching_enabled: true, cache_data_encrypted: true }))]],
    failing: [
      ["no cache cluster", stage(), /cache_cluster_enabled is not true/],
      ["a cluster but no cached method", merge(stage({ cache_cluster_enabled: true }), settings({ metrics_enabled: true })), /caching_enabled/],
    ],
  },
];
