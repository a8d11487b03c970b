import { Lazy } from "cdktf";
import { Construct } from "constructs";
import type { ModelAccess } from "../../policies/documents/model-arns";
import { controlEndpointPolicy, runtimeEndpointPolicy } from "../../policies/documents/endpoint-policies";
import { LONGEST_ROLE_ARN } from "../../policies/deployability/aws-limits";
import { AwsContext } from "../core/aws-context";
import { LONGEST_SCOPE, checkPolicySize, longestGuardrail } from "../core/policy-size-guard";
import { BedrockEndpoints } from "../network/bedrock-endpoints";
import { type NetworkSources, networkSourcesProblems } from "../network/network-sources";
import type { GuardrailRef } from "../bedrock/bedrock-guardrail";
import { ChatAlarms, type AlarmOptions, alarmOptionsProblems } from "../observability/chat-alarms";
import { ChatApi, type ChatApiOptions, type ResponseMode, chatApiProblems, defaultIntegrationTimeoutMs } from "../api/chat-api";
import { ChatAppRole, type RoleRef } from "../function/chat-app-role";
import { allowedNewModelsProblems, modelsProblems } from "../core/model-ids";
import { ChatFunction, type ChatFunctionOptions, chatFunctionProblems } from "../function/chat-function";
import { type ChatOptions, chatOptionsProblems } from "../function/chat-options";
import { DataPlaneKey } from "../encryption/data-plane-key";
import { type Bundler, LambdaBundle, chatFunctionBundler, lambdaBundleProblems } from "../function/lambda-bundle";
import { type ExistingNetwork, type NetworkRef, type NewNetwork, PrivateNetwork, networkChoiceProblems } from "../network/private-network";
import { guardrailRefProblems, isNetworkRef, roleRefProblems } from "../core/refs";
import { FIX, KMS_KEY_ARN_PATTERN, SECURITY_GROUP_ID_PATTERN } from "../core/resource-ids";
import { type Problem, namePrefixProblems, patternProblems, throwProblems } from "../core/validate";
import { functionEnvironment, systemPromptSizeProblems } from "./chat-function-environment";

export interface ChatbotDataPlaneProps {
  /** Prefix of every resource name, e.g. `chatbot-prod`. */
  readonly namePrefix: string;
  /**
   * Models the application may invoke; the first is the one the function calls. Each must be an id
   * Bedrock offers (the model list, policies/catalogue/bedrock-models.json). Here the region is the
   * provider's, a token, so an id is checked against every region's ids; DataPlaneStack and the
   * config know the region and check the id against that region's.
   */
  readonly models: readonly ModelAccess[];
  /**
   * Model ids AWS added after the model list was taken, e.g. `["vendor.model-v9:0"]`, allowed in
   * `models` as they are. Remove an entry once the list is refreshed.
   * @default - only the models of the list
   */
  readonly allowedNewModels?: readonly string[];
  /**
   * Added server-side to every conversation; clients cannot override it. It travels in the
   * function's environment, which Lambda caps at 4 KB for all variables together: a prompt that
   * does not fit is refused with the room left for it.
   * @default - no system prompt
   */
  readonly systemPrompt?: string;
  /**
   * The network to create (`vpcCidr` and `subnetCidrs`: a PrivateNetwork), or an existing one to run
   * in (a NetworkRef: `vpcId` and at least two `subnetIds`, in different availability zones). An
   * existing network keeps its own routes: the module creates no VPC, subnet or route table in it.
   */
  readonly network: NewNetwork | ExistingNetwork;
  /**
   * The guardrail every call applies.
   * @default - no guardrail (and no bedrock:ApplyGuardrail grant)
   */
  readonly guardrail?: GuardrailRef;
  /**
   * Deny inference that does not apply the guardrail (`bedrock:GuardrailIdentifier`).
   * @default true when a guardrail is given
   */
  readonly requireGuardrail?: boolean;
  /**
   * Adds the `bedrock` control-plane interface endpoint: its policy admits this admin role only,
   * its own security group admits HTTPS from `sources` only (the administrators' bastion, SSM
   * hosts, CI runners in the VPC), never from the chat function.
   * @default - no control-plane endpoint
   */
  readonly controlPlaneEndpoint?: { readonly adminRole: RoleRef; readonly sources: NetworkSources };
  /**
   * Allow the app's direct Bedrock calls only through the bedrock-runtime endpoint (`aws:SourceVpce`),
   * in the role's policy and in its permissions boundary. The endpoint's policy is then its own
   * `aws_vpc_endpoint_policy` resource, so that the boundary can name the endpoint without a cycle.
   * @default false
   */
  readonly requireSourceVpce?: boolean;
  /**
   * An existing security group for the Bedrock interface endpoints (the module adds HTTPS from the function to it).
   * @default - a dedicated security group is created
   */
  readonly endpointSecurityGroupId?: string;
  /** The chat function's options, including an existing `securityGroupId`; see ChatFunctionProps for each one's default. */
  readonly function?: ChatFunctionOptions;
  /**
   * An existing customer-managed KMS key for the log groups (function and API), the function's
   * environment variables and a created alarm topic; no key is created. Its key policy must allow
   * `logs.<region>.amazonaws.com` (and `cloudwatch.amazonaws.com` for a created alarm topic).
   * @default - one key is created (DataPlaneKey): rotation on, usable by CloudWatch Logs for this account's log groups
   */
  readonly kmsKeyArn?: string;
  /**
   * Limits the chat function enforces on requests, and whether it logs prompt/answer text.
   * @default - the function's own defaults; content is never logged
   */
  readonly chat?: ChatOptions;
  /**
   * The API's options; see ChatApiProps for each one's default. The request limits, the log
   * retention and the key are wired from `chat`, `function` and `kmsKeyArn`.
   */
  readonly api?: Omit<ChatApiOptions, "requestLimits" | "logRetentionDays" | "kmsKeyArn">;
  /**
   * Alarms (function errors and throttles, API 5xx and p99 latency, Bedrock throttles and token
   * counts per model) to an existing SNS topic (`topicArn`) or a created, encrypted one (`createTopic`).
   * @default - no alarms
   */
  readonly alarms?: AlarmOptions;
  /**
   * Builds the chat function's bundle; tests inject a stand-in to skip esbuild.
   * @default - esbuild bundles functions/chat at synth time (chatFunctionBundler)
   */
  readonly bundler?: Bundler;
}

/**
 * The whole request path as one construct, for a stack of your own (DataPlaneStack wraps it with
 * a provider and a backend): the private network or yours, the KMS key or yours, the data-plane
 * role, the chat function, the bedrock-runtime endpoint (and optionally the control-plane one),
 * the API and its alarms. The stack's AWS provider must be configured in the target region.
 */
export class ChatbotDataPlane extends Construct {
  /** The network the function and the endpoints run in: the created PrivateNetwork, or the one given. */
  readonly network: NetworkRef;
  readonly appRole: ChatAppRole;
  readonly chatFunction: ChatFunction;
  readonly api: ChatApi;
  readonly endpoints: BedrockEndpoints;
  /** The key of the log groups, the function's environment and the alarm topic: the one given, or the created one. */
  readonly kmsKeyArn: string;
  /** Undefined unless `alarms` is given. */
  readonly alarms?: ChatAlarms;

  constructor(scope: Construct, id: string, props: ChatbotDataPlaneProps) {
    super(scope, id);
    checkChatbotDataPlaneProps(this, props);
    const context = new AwsContext(this, "context");
    const responseMode = props.api?.responseMode ?? "BUFFERED";
    const wiring: Wiring = {
      context,
      functionName: `${props.namePrefix}-chat`,
      guardrailAccess: props.guardrail && { guardrailArn: props.guardrail.guardrailArn, guardrailVersion: props.guardrail.guardrailVersion },
      xrayTracing: props.function?.xrayTracing ?? true,
      responseMode,
      integrationTimeoutMs: props.api?.integrationTimeoutMs ?? defaultIntegrationTimeoutMs(responseMode),
    };
    // Built in this order (a construct's place in the tree is part of its synthesized output).
    this.kmsKeyArn = this.dataPlaneKey(props, wiring);
    this.network = isNetworkRef(props.network)
      ? { vpcId: props.network.vpcId, subnetIds: props.network.subnetIds }
      : new PrivateNetwork(this, "network", { namePrefix: props.namePrefix, vpcCidr: props.network.vpcCidr, subnetCidrs: props.network.subnetCidrs });
    this.appRole = this.applicationRole(props, wiring);
    this.chatFunction = this.chatFunctionOf(props, wiring);
    this.endpoints = this.bedrockEndpoints(props, wiring);
    this.api = this.chatApi(props, wiring);
    this.alarms = props.alarms && this.chatAlarms(props, props.alarms, wiring);
  }

  /** One key for every log group, the function's environment and the alarm topic: the one given, or one created here. */
  private dataPlaneKey(props: ChatbotDataPlaneProps, { context }: Wiring): string {
    if (props.kmsKeyArn !== undefined) return props.kmsKeyArn;
    return new DataPlaneKey(this, "kms-key", { namePrefix: props.namePrefix, context, allowCloudWatchAlarms: props.alarms?.createTopic === true }).keyArn;
  }

  /** The role the function runs as: inference on the configured models (and guardrail), nothing of the control plane. */
  private applicationRole(props: ChatbotDataPlaneProps, wiring: Wiring): ChatAppRole {
    return new ChatAppRole(this, "app-role", {
      namePrefix: props.namePrefix,
      context: wiring.context,
      models: props.models,
      allowedNewModels: props.allowedNewModels,
      guardrail: wiring.guardrailAccess,
      functionName: wiring.functionName,
      requireGuardrail: props.requireGuardrail,
      // The endpoint is created later (its policy names this role); the token resolves at synth.
      sourceVpceId: props.requireSourceVpce ? Lazy.stringValue({ produce: () => this.endpoints.runtimeEndpointId }) : undefined,
      xrayTracing: wiring.xrayTracing,
    });
  }

  /** The chat function, its bundle, and the environment it reads its configuration from. */
  private chatFunctionOf(props: ChatbotDataPlaneProps, wiring: Wiring): ChatFunction {
    const bundle = new LambdaBundle(this, "chat-bundle", { bundler: props.bundler ?? chatFunctionBundler });
    return new ChatFunction(this, "chat-function", {
      functionName: wiring.functionName,
      role: this.appRole,
      dependsOn: [this.appRole.permissions],
      code: bundle,
      network: this.network,
      handler: wiring.responseMode === "STREAM" ? "index.streamingHandler" : "index.handler",
      environment: functionEnvironment(props, wiring),
      ...props.function,
      xrayTracing: wiring.xrayTracing,
      kmsKeyArn: this.kmsKeyArn,
    });
  }

  /** The bedrock-runtime endpoint (and the control-plane one), whose policy admits this deployment's role and models only. */
  private bedrockEndpoints(props: ChatbotDataPlaneProps, { context, guardrailAccess }: Wiring): BedrockEndpoints {
    const runtimePolicyOptions = { models: props.models, guardrail: guardrailAccess };
    const longestRuntimePolicy = runtimeEndpointPolicy(LONGEST_ROLE_ARN, { ...runtimePolicyOptions, scope: LONGEST_SCOPE, guardrail: longestGuardrail(guardrailAccess) });
    const fewerModels = "invoke fewer models from this deployment (each adds one or two ARNs to the endpoint policy)";
    checkPolicySize(this, "models", "policy of the bedrock-runtime endpoint", "vpcEndpointPolicy", longestRuntimePolicy, fewerModels);
    return new BedrockEndpoints(this, "bedrock-endpoints", {
      namePrefix: props.namePrefix,
      context,
      network: this.network,
      clientSecurityGroupId: this.chatFunction.securityGroupId,
      securityGroupId: props.endpointSecurityGroupId,
      runtimePolicy: runtimeEndpointPolicy(this.appRole.roleArn, { ...runtimePolicyOptions, scope: context.arnScope }),
      // The role's boundary names the endpoint: the endpoint must not name the role in turn.
      runtimePolicyAsResource: props.requireSourceVpce,
      controlPolicy: props.controlPlaneEndpoint && controlEndpointPolicy(props.controlPlaneEndpoint.adminRole.roleArn),
      controlPlaneSources: props.controlPlaneEndpoint?.sources,
      clientCidrBlocks: clientCidrBlocks(props.network),
    });
  }

  /** The API in front of the function, its request model held to the function's own limits. */
  private chatApi(props: ChatbotDataPlaneProps, { context, functionName, integrationTimeoutMs }: Wiring): ChatApi {
    return new ChatApi(this, "chat-api", {
      name: functionName,
      context,
      functionName: this.chatFunction.functionName,
      functionArn: this.chatFunction.functionArn,
      functionInvokeArn: this.chatFunction.invokeArn,
      ...props.api,
      integrationTimeoutMs,
      requestLimits: { maxMessageChars: props.chat?.maxMessageChars, maxHistoryTurns: props.chat?.maxHistoryTurns, maxOutputTokens: props.chat?.maxOutputTokens },
      logRetentionDays: props.function?.logRetentionDays,
      kmsKeyArn: this.kmsKeyArn,
    });
  }

  private chatAlarms(props: ChatbotDataPlaneProps, alarms: AlarmOptions, { functionName, integrationTimeoutMs }: Wiring): ChatAlarms {
    return new ChatAlarms(this, "alarms", {
      namePrefix: props.namePrefix,
      functionName,
      apiName: this.api.apiName,
      stageName: this.api.stageName,
      integrationTimeoutMs,
      modelIds: props.models.map((model) => model.modelId),
      kmsKeyArn: this.kmsKeyArn,
      ...alarms,
    });
  }
}

/** What the steps of ChatbotDataPlane share, derived once from the props. */
interface Wiring {
  readonly context: AwsContext;
  /** `<namePrefix>-chat`: the function's name, and the API's. */
  readonly functionName: string;
  readonly guardrailAccess?: { readonly guardrailArn: string; readonly guardrailVersion: string };
  readonly xrayTracing: boolean;
  readonly responseMode: ResponseMode;
  readonly integrationTimeoutMs: number;
}

/** The checks that need no resource; DataPlaneStack runs them before it writes its backend and provider. */
export function checkChatbotDataPlaneProps(construct: Construct, props: ChatbotDataPlaneProps): void {
  throwProblems(construct, chatbotDataPlaneProblems(props));
}

/**
 * Every problem of the props that needs no resource, each with its field, value and fix. Literal
 * ids and ARNs are held to AWS's formats (a DRAFT guardrail version, an ARN missing a colon);
 * tokens, e.g. the outputs of a ControlPlaneStack, pass. `region`, when the caller knows it as a
 * literal (DataPlaneStack), holds the models to what Bedrock offers there.
 */
export function chatbotDataPlaneProblems(props: ChatbotDataPlaneProps, at = "", region?: string): Problem[] {
  const field = (key: string) => (at === "" ? key : `${at}.${key}`);
  const problems = namePrefixProblems(field("namePrefix"), props.namePrefix);
  // The same checks as the constructs these props feed (and as the config's sections of the same names).
  problems.push(...allowedNewModelsProblems(field("allowedNewModels"), props.allowedNewModels));
  problems.push(...modelsProblems(props.models, field("models"), { region, allowedNewModels: props.allowedNewModels }));
  if (props.systemPrompt !== undefined && props.systemPrompt.trim() === "") {
    problems.push({ field: field("systemPrompt"), value: props.systemPrompt, fix: "is blank: leave it out for no system prompt, or give the prompt text" });
  }
  problems.push(...systemPromptSizeProblems(props, field("systemPrompt")));
  problems.push(...networkChoiceProblems(props.network, field("network")));
  if (props.guardrail) problems.push(...guardrailRefProblems(props.guardrail, field("guardrail")));
  if (props.controlPlaneEndpoint) {
    problems.push(...roleRefProblems(props.controlPlaneEndpoint.adminRole, field("controlPlaneEndpoint.adminRole")));
    problems.push(
      ...networkSourcesProblems(props.controlPlaneEndpoint.sources, field("controlPlaneEndpoint.sources"), {
        securityGroupIds: props.function?.securityGroupId === undefined ? [] : [props.function.securityGroupId],
        cidrBlocks: clientCidrBlocks(props.network),
      }),
    );
  }
  if (props.endpointSecurityGroupId !== undefined) {
    problems.push(...patternProblems(field("endpointSecurityGroupId"), props.endpointSecurityGroupId, SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId));
  }
  if (props.kmsKeyArn !== undefined) problems.push(...patternProblems(field("kmsKeyArn"), props.kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn));
  if (props.function) problems.push(...chatFunctionProblems(props.function, field("function")));
  if (props.chat) problems.push(...chatOptionsProblems(props.chat, field("chat")));
  if (props.api) problems.push(...chatApiProblems(props.api, field("api")));
  if (props.alarms) problems.push(...alarmOptionsProblems(props.alarms, field("alarms")));
  if (props.bundler !== undefined) problems.push(...lambdaBundleProblems({ bundler: props.bundler }, at));
  return problems;
}

/** The chat function's subnets' ranges, when synth knows them (a created network): no control-plane source may overlap them. */
function clientCidrBlocks(network: ChatbotDataPlaneProps["network"]): readonly string[] | undefined {
  return isNetworkRef(network) ? undefined : network.subnetCidrs;
}
