/**
 * Methods validate requests before they reach the backend, so malformed bodies never cost a
 * Lambda invocation. Methods with a body (POST, PUT, PATCH) need a validator that validates
 * bodies and a request model for `application/json`; others need a validator at all.
 */
import { stringOf, type SynthStack } from "../../extract/terraform-json";
import { block, flag, mentions, present, resources, type Resource } from "../terraform";
import type { Rule, RuleFinding } from "../types";

const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

function validatorOf(stack: SynthStack, method: Resource): Resource | undefined {
  return resources(stack, "aws_api_gateway_request_validator").find((validator) => mentions(method.block.request_validator_id, validator.address));
}

export const apiRequestValidation: Rule = {
  id: "api-request-validation",
  title: "API methods validate requests (JSON-schema model for bodies)",
  severity: "medium",
  upstream: ["CKV2_AWS_53", "AwsSolutions-APIG2"],
  resourceTypes: ["aws_api_gateway_method"],
  check: ({ stack }) => {
    const methods = resources(stack, "aws_api_gateway_method").filter((method) => method.block.http_method !== "OPTIONS");
    const findings: RuleFinding[] = [];
    for (const method of methods) {
      const httpMethod = stringOf(method.block.http_method) ?? "?";
      if (present(method.block.request_validator_id) === undefined) {
        findings.push({
          resource: method.address,
          message: `${httpMethod} has no request_validator_id: malformed requests reach the backend`,
          fix: "add an aws_api_gateway_request_validator (validate_request_body = true) and set request_validator_id and request_models on the method",
        });
        continue;
      }
      if (!WITH_BODY.has(httpMethod)) continue;
      const validator = validatorOf(stack, method);
      // A validator of another stack or an imported one: its settings are not visible here.
      if (validator && flag(validator.block.validate_request_body) !== true) {
        findings.push({ resource: method.address, message: `${httpMethod}'s validator ${validator.address} does not validate the body (validate_request_body is not true)`, fix: "set validate_request_body = true on the validator" });
      }
      if (present(block(method.block.request_models)?.["application/json"]) === undefined) {
        findings.push({ resource: method.address, message: `${httpMethod} has no request model for application/json, so the body is not checked against a schema`, fix: 'set request_models = { "application/json" = <aws_api_gateway_model name> } with a JSON-schema model' });
      }
    }
    return { checked: methods.length, findings };
  },
};
