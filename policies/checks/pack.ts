/**
 * The rule pack, in report order: API, Lambda, logs, network, IAM. Adding a rule: one file in
 * rules/, one line here, a passing and a failing case in __tests__/policies/checks/ (a test fails
 * when a rule has no cases), and a line in the rule table of docs/permission-review.md.
 */
import { apiAccessLogging } from "./rules/api-access-logging";
import { apiAuthorization } from "./rules/api-authorization";
import { apiCacheEncryption } from "./rules/api-cache-encryption";
import { apiCaching } from "./rules/api-caching";
import { apiExecutionLogging } from "./rules/api-execution-logging";
import { apiNoDataTrace } from "./rules/api-no-data-trace";
import { apiRequestValidation } from "./rules/api-request-validation";
import { apiStageThrottling } from "./rules/api-stage-throttling";
import { apiWaf } from "./rules/api-waf";
import { apiXrayTracing } from "./rules/api-xray-tracing";
import { defaultSgClosed } from "./rules/default-sg-closed";
import { endpointPolicyScoped } from "./rules/endpoint-policy-scoped";
import { endpointPrivateDns } from "./rules/endpoint-private-dns";
import { iamManagedPolicies } from "./rules/iam-managed-policies";
import { iamNoAdminAccess } from "./rules/iam-no-admin-access";
import { iamTrustScoped } from "./rules/iam-trust-scoped";
import { iamWildcardActions } from "./rules/iam-wildcard-actions";
import { iamWildcardResources } from "./rules/iam-wildcard-resources";
import { lambdaCodeSigning } from "./rules/lambda-code-signing";
import { lambdaDlq } from "./rules/lambda-dlq";
import { lambdaEnvKms } from "./rules/lambda-env-kms";
import { lambdaEnvNoSecrets } from "./rules/lambda-env-no-secrets";
import { lambdaInVpc } from "./rules/lambda-in-vpc";
import { lambdaPermissionSource } from "./rules/lambda-permission-source";
import { lambdaReservedConcurrency } from "./rules/lambda-reserved-concurrency";
import { lambdaTracing } from "./rules/lambda-tracing";
import { logGroupKms } from "./rules/log-group-kms";
import { logGroupRetention } from "./rules/log-group-retention";
import { logGroupRetentionOneYear } from "./rules/log-group-retention-one-year";
import { sgDescriptions } from "./rules/sg-descriptions";
import { sgNoPublicEgress } from "./rules/sg-no-public-egress";
import { sgNoPublicIngress } from "./rules/sg-no-public-ingress";
import { vpcFlowLogs } from "./rules/vpc-flow-logs";
import type { Rule } from "./types";

export const RULES: readonly Rule[] = [
  apiAuthorization,
  apiRequestValidation,
  apiAccessLogging,
  apiExecutionLogging,
  apiNoDataTrace,
  apiXrayTracing,
  apiStageThrottling,
  apiWaf,
  apiCacheEncryption,
  apiCaching,
  lambdaReservedConcurrency,
  lambdaInVpc,
  lambdaEnvKms,
  lambdaEnvNoSecrets,
  lambdaTracing,
  lambdaDlq,
  lambdaCodeSigning,
  lambdaPermissionSource,
  logGroupRetention,
  logGroupRetentionOneYear,
  logGroupKms,
  sgNoPublicIngress,
  sgNoPublicEgress,
  sgDescriptions,
  defaultSgClosed,
  vpcFlowLogs,
  endpointPolicyScoped,
  endpointPrivateDns,
  iamNoAdminAccess,
  iamWildcardActions,
  iamWildcardResources,
  iamManagedPolicies,
  iamTrustScoped,
];
