/**
 * The library entry point: `import { DataPlaneStack, ChatFunction, … } from "cdktf-bedrock-chatbot"`.
 *
 * Two ways in:
 * - the stacks (`addChatbotStacks` from a validated configuration, or `ControlPlaneStack` and
 *   `DataPlaneStack` with props), each existing resource passed as a small ref;
 * - the constructs, to compose into a stack of your own (see examples/existing-vpc).
 * The policy builders and the permission review are exported for your own tests and pipelines.
 *
 * Construct ids are part of this API: they become Terraform addresses, and renaming one would
 * replace the resource. They only change in a major version, with a `moved` note.
 */

// Stacks and configuration
export { addChatbotStacks, type ChatbotStacks, type ChatbotStacksOptions } from "./modules/stacks/chatbot-stacks";
export { ControlPlaneStack, type ControlPlaneStackProps, controlPlaneStackProblems } from "./modules/stacks/control-plane-stack";
export { DataPlaneStack, type DataPlaneStackProps, dataPlaneStackProblems } from "./modules/stacks/data-plane-stack";
export { ChatbotDataPlane, type ChatbotDataPlaneProps, chatbotDataPlaneProblems } from "./modules/stacks/chatbot-data-plane";
export type { LocalStateBackend, S3StateBackend, StateBackend } from "./modules/stacks/state-backend";
export { configPathFromEnvironment, loadConfig } from "./config/load";
// Every construct's checks as pure functions returning each Problem (field, value, fix), for your own validation
export { type Problem, PropError, describeProblem } from "./modules/core/validate";
export { AWS_REGIONS, type AwsPartition, regionProblems } from "./modules/core/aws-regions";
export { type ChatbotConfig, ConfigError, parseConfig } from "./config/schema";

// Constructs and the refs that stand for existing resources
export { AwsContext } from "./modules/core/aws-context";
export { BedrockAdminRole, type BedrockAdminRoleProps, bedrockAdminRoleProblems } from "./modules/bedrock/bedrock-admin-role";
export { BedrockEndpoints, type BedrockEndpointsProps, bedrockEndpointsProblems } from "./modules/network/bedrock-endpoints";
export { BedrockGuardrail, type BedrockGuardrailProps, bedrockGuardrailProblems, type FilterStrength, type GuardrailRef } from "./modules/bedrock/bedrock-guardrail";
export { ApiGatewayAccountLogging, type ApiGatewayAccountLoggingProps, apiGatewayAccountLoggingProblems } from "./modules/api/api-gateway-account-logging";
export { BedrockModelAlarms, type BedrockModelAlarmsProps, bedrockModelAlarmsProblems } from "./modules/observability/bedrock-model-alarms";
export { type AlarmOptions, alarmOptionsProblems, ChatAlarms, type ChatAlarmsProps, chatAlarmsProblems } from "./modules/observability/chat-alarms";
export { type ApiAuthorization, ChatApi, type ChatApiOptions, type ChatApiProps, chatApiProblems, type ExecutionLogLevel, type ResponseMode } from "./modules/api/chat-api";
export { ChatApiCors, type ChatApiCorsProps, chatApiCorsProblems, type CorsOptions } from "./modules/api/chat-api-cors";
export { ChatApiLogGroups, type ChatApiLogGroupsProps, chatApiLogGroupsProblems } from "./modules/api/chat-api-log-groups";
export { ChatApiUsagePlan, type ChatApiUsagePlanProps, chatApiUsagePlanProblems, type UsagePlanOptions } from "./modules/api/chat-api-usage-plan";
export { ChatApiWaf, type ChatApiWafProps, chatApiWafProblems, type WafOptions } from "./modules/api/chat-api-waf";
export { type ChatRequestLimits, chatRequestSchema } from "./modules/api/chat-request-schema";
export { ChatRequestValidation, type ChatRequestValidationProps, chatRequestValidationProblems } from "./modules/api/chat-request-validation";
export { DataPlaneKey, type DataPlaneKeyProps, dataPlaneKeyProblems } from "./modules/encryption/data-plane-key";
export { ChatAppRole, type ChatAppRoleProps, chatAppRoleProblems, type RoleRef } from "./modules/function/chat-app-role";
export { allowedNewModelsProblems, type ModelCheckContext, modelsProblems } from "./modules/core/model-ids";
export { CHAT_FUNCTION_OPTIONS, ChatFunction, type ChatFunctionOptions, type ChatFunctionProps, chatFunctionProblems } from "./modules/function/chat-function";
export { type ChatOptions, chatOptionsProblems } from "./modules/function/chat-options";
export { type Bundler, chatFunctionBundler, LambdaBundle, type LambdaBundleProps, lambdaBundleProblems } from "./modules/function/lambda-bundle";
export { type ExistingNetwork, type NetworkRef, type NewNetwork, PrivateNetwork, type PrivateNetworkProps, privateNetworkProblems } from "./modules/network/private-network";
export { guardrailRefProblems, networkRefProblems, roleRefProblems } from "./modules/core/refs";

// Policies: the statements the constructs render, and the permission review
export { APP_DATA_PLANE_ACTIONS, Bedrock, type BedrockActionEntry, generatingActions, lookupBedrockAction, planeOf, type Plane } from "./policies/catalogue/bedrock-actions";
export { type ModelAccess, modelResources } from "./policies/documents/model-arns";
export type { PolicyDocument, PolicyStatement } from "./policies/documents/statement";
export { deployabilityProblems, type DeployabilityProblem, policySizes, POLICY_LIMITS, referenceCycles, metaArgumentProblems, redeploymentGaps } from "./policies/deployability";
export { loadSynthOutput, loadSynthOutputs } from "./policies/extract/load";
export { diffReviews, renderJson, renderMarkdown, type Review, type ReviewOptions, reviewSynthOutput, RULES, runChecks, type CheckReport } from "./policies/review";
