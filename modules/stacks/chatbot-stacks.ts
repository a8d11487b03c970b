import type { App } from "cdktf";
import type { ChatbotConfig } from "../../config/schema";
import { ControlPlaneStack, type ControlPlaneStackProps } from "./control-plane-stack";
import { DataPlaneStack } from "./data-plane-stack";
import type { Bundler } from "../function/lambda-bundle";
import { roleNameOfArn } from "../core/resource-ids";

export interface ChatbotStacksOptions {
  /** Builds the chat function bundle. @default - esbuild bundle of functions/chat/handler.ts */
  readonly bundler?: Bundler;
}

export interface ChatbotStacks {
  readonly controlPlane: ControlPlaneStack;
  readonly dataPlane: DataPlaneStack;
}

/**
 * The two stacks of one environment, `<name>-control-plane` and `<name>-data-plane`. The data
 * plane reads the guardrail and the admin role from the control plane's outputs.
 */
export function addChatbotStacks(app: App, config: ChatbotConfig, options: ChatbotStacksOptions = {}): ChatbotStacks {
  const controlPlane = new ControlPlaneStack(app, `${config.name}-control-plane`, {
    namePrefix: config.name,
    region: config.region,
    allowedNewRegions: config.allowedNewRegions,
    admin: "existingRoleArn" in config.admin ? { roleArn: config.admin.existingRoleArn, roleName: roleNameOfArn(config.admin.existingRoleArn) } : config.admin,
    guardrail: guardrailOf(config.guardrail),
    kmsKeyArn: config.kmsKeyArn,
    defaultTags: config.tags,
    stateBackend: config.stateBackend,
  });
  const dataPlane = new DataPlaneStack(app, `${config.name}-data-plane`, {
    namePrefix: config.name,
    region: config.region,
    allowedNewRegions: config.allowedNewRegions,
    models: config.models,
    allowedNewModels: config.allowedNewModels,
    systemPrompt: config.systemPrompt,
    network: "vpcId" in config.network ? { vpcId: config.network.vpcId, subnetIds: config.network.subnetIds } : { vpcCidr: config.network.vpcCidr, subnetCidrs: config.network.subnetCidrs },
    requireSourceVpce: config.network.requireSourceVpce,
    endpointSecurityGroupId: config.network.endpointSecurityGroupId,
    guardrail: controlPlane.guardrail,
    requireGuardrail: config.guardrail.required,
    controlPlaneEndpoint: config.network.controlPlaneEndpoint && { adminRole: controlPlane.adminRole, sources: config.network.controlPlaneEndpoint },
    function: config.function,
    chat: config.chat,
    api: config.api,
    alarms: config.alarms,
    bundler: options.bundler,
    kmsKeyArn: config.kmsKeyArn,
    defaultTags: config.tags,
    stateBackend: config.stateBackend,
  });
  dataPlane.addDependency(controlPlane);
  return { controlPlane, dataPlane };
}

function guardrailOf(guardrail: ChatbotConfig["guardrail"]): ControlPlaneStackProps["guardrail"] {
  if (guardrail.existing) return { guardrailArn: guardrail.existing.arn, guardrailId: guardrail.existing.id, guardrailVersion: guardrail.existing.version };
  return guardrail.enabled && { contentFilterStrength: guardrail.contentFilterStrength };
}
