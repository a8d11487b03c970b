/**
 * Scanner findings this module's output carries by design, with the reason a reviewer can check
 * (docs/security.md, "What the scanners report by design", says the same). checkov's terraform_json runner and trivy read no
 * suppression from a Terraform JSON resource, so the reasons live here, where `npm run scan`
 * applies them; `applies` narrows one to the resources whose facts make it true.
 */
import type { TerraformBlock } from "../extract/terraform-json";
import type { ScannerExplanation } from "./scanners";

const isPreflight = (resource: TerraformBlock | undefined) => resource?.http_method === "OPTIONS";

export const SCANNER_EXPLANATIONS: readonly ScannerExplanation[] = [
  {
    ids: ["AVD-AWS-0001", "AVD-AWS-0066"],
    reason:
      "a trivy 0.74 misreading: it does not read nested blocks written as JSON objects (`access_log_settings`, `tracing_config`), which is how cdktf writes them; the stage has access logging and the function Active tracing (the rule pack checks both), and the same resources in HCL pass",
  },
  {
    ids: ["AVD-AWS-0004", "CKV2_AWS_53", "CKV_AWS_59", "CKV2_AWS_70"],
    applies: isPreflight,
    reason:
      "the CORS preflight (OPTIONS, a mock integration): browsers send it without credentials or a body, so it can neither require authorization nor validate one; it reaches no Lambda and returns headers only",
  },
  {
    ids: ["CKV2_AWS_51"],
    reason:
      "API Gateway client certificates let an HTTP backend verify that calls come from API Gateway; this API's only backend is a Lambda proxy integration, invoked through IAM, where they do not apply. Callers authenticate with SigV4 or Cognito",
  },
  {
    ids: ["CKV_AWS_394"],
    reason:
      "the network takes the region's first available zones at plan time; pinning zone ids would need each account's zone mapping, which the module does not know. A change of that list shows in the plan as subnet replacements, for review",
  },
  {
    ids: ["CKV2_AWS_77", "CKV_AWS_192"],
    reason:
      "Log4j (CVE-2021-44228) rule groups protect Java backends that log request data through Log4j lookups; the only backend here is a Node.js function. The WAF is optional (`api.waf`); a web ACL you bring may add AWS's known-bad-inputs rule group",
  },
  {
    ids: ["CKV2_AWS_31"],
    reason:
      "WAF logging needs a destination named aws-waf-logs-* (a log group, bucket or Firehose) that the module does not create; the API's access log records the WAF's verdict on every request (`wafStatus`)",
  },
];
