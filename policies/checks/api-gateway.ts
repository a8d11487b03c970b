/**
 * How the REST API resources of a stack hang together: a stage belongs to an API through
 * `rest_api_id`, its method settings name it through `stage_name` (a reference to the stage, or
 * the same literal name on the same API), and methods belong to the API.
 */
import type { SynthStack } from "../extract/terraform-json";
import { block, mentions, resources, type Resource } from "./terraform";

/** The method path that applies settings to every method of a stage. */
export const STAGE_WIDE = "*/*";

/** The `aws_api_gateway_method_settings` that apply to `stage` (stage-wide when `method_path` is STAGE_WIDE). */
export function methodSettingsOf(stack: SynthStack, stage: Resource): readonly Resource[] {
  return resources(stack, "aws_api_gateway_method_settings").filter((settings) => {
    if (mentions(settings.block.stage_name, stage.address)) return true;
    // A literal stage name on the same API.
    return settings.block.stage_name === stage.block.stage_name && settings.block.rest_api_id === stage.block.rest_api_id;
  });
}

/** The settings block of a method-settings resource (cdktf writes it as an object). */
export function settingsBlock(settings: Resource) {
  return block(settings.block.settings) ?? {};
}

/** The API a stage or method belongs to, when it is defined in this stack. */
export function apiOf(stack: SynthStack, child: Resource): Resource | undefined {
  return resources(stack, "aws_api_gateway_rest_api").find((api) => mentions(child.block.rest_api_id, api.address));
}

/** Methods of an API (every method of the stack when the API is not found). */
export function methodsOf(stack: SynthStack, api: Resource | undefined): readonly Resource[] {
  const methods = resources(stack, "aws_api_gateway_method");
  return api ? methods.filter((method) => mentions(method.block.rest_api_id, api.address)) : methods;
}

/** Integrations of an API. */
export function integrationsOf(stack: SynthStack, api: Resource | undefined): readonly Resource[] {
  const integrations = resources(stack, "aws_api_gateway_integration");
  return api ? integrations.filter((integration) => mentions(integration.block.rest_api_id, api.address)) : integrations;
}

/** True when the API is reachable only from inside VPCs (endpoint type PRIVATE alone). */
export function isPrivateApi(api: Resource | undefined): boolean {
  const types = block(api?.block.endpoint_configuration)?.types;
  return Array.isArray(types) && types.length > 0 && types.every((type) => type === "PRIVATE");
}
