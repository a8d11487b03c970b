import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { BedrockEndpoints } from "../network/bedrock-endpoints";
import type { ChatApi } from "../api/chat-api";
import type { ChatAppRole } from "../function/chat-app-role";
import type { ChatFunction } from "../function/chat-function";
import { allowedNewRegionsProblems, regionProblems } from "../core/aws-regions";
import { ChatbotDataPlane, type ChatbotDataPlaneProps, chatbotDataPlaneProblems } from "./chatbot-data-plane";
import type { NetworkRef } from "../network/private-network";
import { type StateBackend, stateBackendProblems, useStateBackend } from "./state-backend";
import { tagsProblems } from "../core/tags";
import { type Problem, throwProblems } from "../core/validate";

export interface DataPlaneStackProps extends ChatbotDataPlaneProps {
  /** AWS region of the provider: one of the partition's known regions (modules/core/aws-regions.ts), or of allowedNewRegions. */
  readonly region: string;
  /**
   * Regions AWS opened after this module's region list was written, allowed for `region` and the state backend's region.
   * @default - only the known regions
   */
  readonly allowedNewRegions?: readonly string[];
  /** Tags on every resource, held to AWS's tagging rules (tagsProblems): at most 48 beside the module's own. @default - none beyond the module's own */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /** Where Terraform keeps this stack's state. @default - a local state file next to cdktf.json */
  readonly stateBackend?: StateBackend;
}

/**
 * The request-time stack: a ChatbotDataPlane (the private network, the bedrock-runtime endpoint,
 * the data-plane role, the chat function and the API in front of it) with its provider, state
 * backend and outputs.
 */
export class DataPlaneStack extends TerraformStack {
  /** The network the function and the endpoints run in: the created PrivateNetwork, or the one given. */
  readonly network: NetworkRef;
  readonly appRole: ChatAppRole;
  readonly chatFunction: ChatFunction;
  readonly api: ChatApi;
  readonly endpoints: BedrockEndpoints;
  /** The key of the log groups, the function's environment and the alarm topic: the one given, or the created one. */
  readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: DataPlaneStackProps) {
    super(scope, id);
    throwProblems(this, dataPlaneStackProblems(props));
    useStateBackend(this, id, props.stateBackend, props.allowedNewRegions);
    new AwsProvider(this, "aws", { region: props.region, defaultTags: [{ tags: { ...props.defaultTags, BedrockChatbot: props.namePrefix } }] });
    // "Default" is left out of Terraform addresses, so the resources keep the addresses they had
    // when they were created directly in this stack.
    const chatbot = new ChatbotDataPlane(this, "Default", props);
    this.network = chatbot.network;
    this.appRole = chatbot.appRole;
    this.chatFunction = chatbot.chatFunction;
    this.api = chatbot.api;
    this.endpoints = chatbot.endpoints;
    this.kmsKeyArn = chatbot.kmsKeyArn;

    const output = (name: string, value: string | readonly string[], description: string) =>
      new TerraformOutput(this, name, { value, description });
    output("chat_api_url", chatbot.api.chatUrl, "POST chat messages here");
    // What the post-deploy proof (bedrock-plane-verify) reads besides the URL and the role: how to
    // call the API, which models the role must reach, the guardrail its calls must carry.
    output("chat_api_authorization", chatbot.api.authorization, "How POST /chat admits callers: AWS_IAM (SigV4), COGNITO_USER_POOLS (an ID token) or NONE");
    output("chat_model_ids", props.models.map((model) => model.modelId), "Models the application role may invoke; the chat function calls the first");
    if (props.guardrail) {
      output("guardrail_arn", props.guardrail.guardrailArn, "Guardrail the chat function applies");
      output("guardrail_version", props.guardrail.guardrailVersion, "Version of the guardrail the chat function applies");
    }
    if (chatbot.api.accessLogGroupName) output("chat_api_access_log_group_name", chatbot.api.accessLogGroupName, "Log group of the API's access log");
    output("chat_api_id", chatbot.api.restApiId, "REST API id");
    output("chat_function_name", chatbot.chatFunction.functionName, "Chat Lambda function name");
    output("chat_function_arn", chatbot.chatFunction.functionArn, "Chat Lambda function ARN");
    output("app_role_arn", chatbot.appRole.roleArn, "Data-plane role of the chat function");
    output("bedrock_runtime_endpoint_id", chatbot.endpoints.runtimeEndpointId, "bedrock-runtime interface endpoint");
    if (chatbot.endpoints.controlEndpointId) output("bedrock_endpoint_id", chatbot.endpoints.controlEndpointId, "bedrock control-plane interface endpoint");
    output("vpc_id", chatbot.network.vpcId, "VPC of the function and the endpoints");
    output("subnet_ids", chatbot.network.subnetIds, "Subnets of the function and the endpoints");
    output("kms_key_arn", chatbot.kmsKeyArn, "KMS key of the log groups, the function's environment and the alarm topic");
    if (chatbot.alarms) output("alarm_topic_arn", chatbot.alarms.topicArn, "SNS topic the alarms notify");
    if (props.api?.usagePlan) output("chat_api_key_ids", Object.values(chatbot.api.apiKeyIds), "Ids of the usage plan's API keys (read a value with aws apigateway get-api-key --include-value)");
  }
}

/** Every problem of the props that needs no resource: the stack throws them all before it writes its backend and provider. */
export function dataPlaneStackProblems(props: DataPlaneStackProps): Problem[] {
  return [
    ...allowedNewRegionsProblems("allowedNewRegions", props.allowedNewRegions),
    ...regionProblems("region", props.region, props.allowedNewRegions),
    // The stack knows its region: the models are held to what Bedrock offers there.
    ...chatbotDataPlaneProblems(props, "", props.region),
    ...(props.stateBackend ? stateBackendProblems(props.stateBackend, "stateBackend", props.allowedNewRegions) : []),
    ...tagsProblems("defaultTags", props.defaultTags),
  ];
}
