/**
 * Every API method requires a caller identity: IAM (SigV4), a Cognito user pool or a custom
 * authorizer. `NONE` is allowed only for CORS pre-flight (`OPTIONS`), or with an API key, as the
 * upstream rules accept. `api.authorization: "NONE"` in the configuration therefore fails here
 * until someone writes down why (a resource marker, see docs/permission-review.md, Rule pack).
 */
import { stringOf } from "../../extract/terraform-json";
import { flag, resources } from "../terraform";
import type { Rule, RuleFinding } from "../types";

export const apiAuthorization: Rule = {
  id: "api-authorization",
  title: "API methods require authorization",
  severity: "high",
  upstream: ["CKV_AWS_59", "CKV2_AWS_70", "AVD-AWS-0004", "AwsSolutions-APIG4"],
  resourceTypes: ["aws_api_gateway_method"],
  check: ({ stack }) => {
    const methods = resources(stack, "aws_api_gateway_method").filter((method) => method.block.http_method !== "OPTIONS");
    const findings: RuleFinding[] = [];
    for (const method of methods) {
      const authorization = stringOf(method.block.authorization);
      if (authorization !== undefined && authorization !== "NONE" && !authorization.includes("${")) continue;
      if (authorization === "NONE" && flag(method.block.api_key_required) === true) continue;
      findings.push({
        resource: method.address,
        message:
          authorization === "NONE"
            ? `authorization is "NONE" on ${stringOf(method.block.http_method) ?? "the method"}: anyone who knows the URL can call it`
            : `authorization is ${authorization === undefined ? "missing" : `an expression (${authorization})`}, so the guard cannot tell whether callers are authenticated`,
        fix: 'set authorization = "AWS_IAM" (or "COGNITO_USER_POOLS" with an authorizer); keep "NONE" only with a written suppression',
      });
    }
    return { checked: methods.length, findings };
  },
};
