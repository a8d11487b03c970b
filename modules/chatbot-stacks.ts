import type { App } from "cdktf";
import type { ChatbotConfig } from "../config/schema";
import { ControlPlaneStack } from "./control-plane-stack";
import { DataPlaneStack } from "./data-plane-stack";
import type { Bundler } from "./lambda-bundle";

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
    admin: config.admin,
    guardrail: config.guardrail.enabled && { contentFilterStrength: config.guardrail.contentFilterStrength },
    defaultTags: config.tags,
  });
  const dataPlane = new DataPlaneStack(app, `${config.name}-data-plane`, {
    namePrefix: config.name,
    region: config.region,
    models: config.models,
    systemPrompt: config.systemPrompt,
    network: { vpcCidr: config.network.vpcCidr, subnetCidrs: config.network.subnetCidrs },
    requireSourceVpce: config.network.requireSourceVpce,
    guardrail: controlPlane.guardrail,
    requireGuardrail: config.guardrail.required,
    controlPlaneEndpoint: config.network.controlPlaneEndpoint ? { adminRole: controlPlane.adminRole } : undefined,
    function: config.function,
    chat: config.chat,
    api: config.api,
    bundler: options.bundler ?? defaultBundler,
    defaultTags: config.tags,
  });
  dataPlane.addDependency(controlPlane);
  return { controlPlane, dataPlane };
}

/** Loaded on first use so that importing the constructs never loads esbuild. */
const defaultBundler: Bundler = () => (require("./bundling/chat-bundle") as typeof import("./bundling/chat-bundle")).bundleChatFunction();
