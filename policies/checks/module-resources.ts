/**
 * Whether a resource was created by this module, told by what the module writes on it: its
 * stacks' AWS provider tags every resource `BedrockChatbot = <name>` (default_tags), and cdktf
 * records each resource's construct path (`"//": { "metadata": { "path": … } }`), whose tail is
 * one of this module's constructs wherever the module is used (its stacks, or ChatbotDataPlane in
 * a stack of yours). The pack's known suppressions and the fixes that name the module's options
 * are for those resources only: on a team's own Terraform a finding gets the Terraform argument,
 * never a reason written for this module.
 */
import type { SynthStack } from "../extract/terraform-json";
import { block, perStack, type Resource } from "./terraform";

/** The provider default tag the module's stacks set. */
export const MODULE_TAG = "BedrockChatbot";

/**
 * The construct paths at which the module creates resources (the tail of cdktf's metadata path):
 * a test synthesizes every configuration of the project and holds every resource to this list.
 */
const MODULE_CONSTRUCT_PATHS: readonly RegExp[] = [
  /\/admin-role\/(role|control-plane|only-these-inline-policies)$/,
  /\/alarms\/(api-5xx|api-latency|function-errors|function-throttles|topic|bedrock-[^/]+\/(input-tokens|output-tokens|throttles))$/,
  /\/app-role\/(role|boundary|data-plane|only-these-inline-policies)$/,
  /\/bedrock-endpoints\/(bedrock|bedrock-runtime|bedrock-runtime-policy|security-group|control-security-group|client-https-to-endpoints|https-from-client|control-https-from-(group|prefix-list|range)-\d+)$/,
  /\/chat-api\/(api|chat|cognito|deployment|invoke-permission|lambda|post|stage|throttling)$/,
  /\/chat-api\/(account-logging\/(account|logs|role)|cors\/(default-4xx|default-5xx|preflight|preflight-headers|preflight-mock|preflight-response)|log-groups\/(access|execution))$/,
  /\/chat-api\/(usage-plan\/(plan|key-[\w-]+|plan-key-[\w-]+)|validation\/(bad-request-body|model|validator)|waf\/(association|web-acl))$/,
  /\/chat-function\/(function|log-group|security-group)$/,
  /\/guardrail\/(guardrail|version)$/,
  /\/kms-key\/(key|alias)$/,
  /\/network\/(vpc|default-security-group|isolated-routes|isolated-\d+|isolated-\d+-routes)$/,
];

const moduleTagged = perStack((stack: SynthStack): boolean => {
  const providers = stack.config.provider as Record<string, unknown> | undefined;
  const aws = providers?.aws;
  const configs = Array.isArray(aws) ? aws : aws !== undefined ? [aws] : [];
  return configs.some((config) => {
    const defaults = block((config as Record<string, never>)?.default_tags);
    const tags = block(defaults?.tags);
    return typeof tags?.[MODULE_TAG] === "string";
  });
});

function constructPath(resource: Resource): string | undefined {
  const metadata = block(block(resource.block["//"])?.metadata);
  return typeof metadata?.path === "string" ? metadata.path : undefined;
}

export function isModuleResource(stack: SynthStack, resource: Resource | undefined): boolean {
  if (!resource) return false;
  if (moduleTagged(stack)) return true;
  const path = constructPath(resource);
  return path !== undefined && MODULE_CONSTRUCT_PATHS.some((pattern) => pattern.test(path));
}
