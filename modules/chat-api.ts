import { createHash } from "node:crypto";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { AwsContext } from "./aws-context";
import { checkIntegerRange, checkOneOf, checkPattern } from "./validate";

export type ApiAuthorization = "AWS_IAM" | "NONE";
export const API_AUTHORIZATIONS: readonly ApiAuthorization[] = ["AWS_IAM", "NONE"];

/** BUFFERED: the whole answer in one JSON response. STREAM: Server-Sent Events as tokens arrive. */
export type ResponseMode = "BUFFERED" | "STREAM";
export const RESPONSE_MODES: readonly ResponseMode[] = ["BUFFERED", "STREAM"];

/** Provider 6.25.0 caps an integration's timeout at 300 000 ms. */
const MAX_INTEGRATION_TIMEOUT_MS = 300_000;

export function defaultIntegrationTimeoutMs(responseMode: ResponseMode): number {
  return responseMode === "STREAM" ? MAX_INTEGRATION_TIMEOUT_MS : 29_000;
}

export interface ChatApiProps {
  /** Name of the REST API. */
  readonly name: string;
  readonly context: AwsContext;
  readonly functionName: string;
  readonly functionArn: string;
  /** The function's `invoke_arn`, used in BUFFERED mode. */
  readonly functionInvokeArn: string;
  /**
   * Who may call `POST /chat`. `NONE` (anonymous) must be chosen explicitly.
   * @default "AWS_IAM" - callers sign requests with SigV4 and need execute-api:Invoke
   */
  readonly authorization?: ApiAuthorization;
  /** @default "BUFFERED" */
  readonly responseMode?: ResponseMode;
  /** @default "v1" */
  readonly stageName?: string;
  /** Steady-state requests per second across the stage. @default 10 */
  readonly throttleRatePerSecond?: number;
  /** Burst capacity across the stage. @default 20 */
  readonly throttleBurstLimit?: number;
  /**
   * How long API Gateway waits for the function.
   * @default 29000 in BUFFERED mode (REST APIs' limit unless raised by quota), 300000 in STREAM mode
   */
  readonly integrationTimeoutMs?: number;
}

/**
 * A REST API with one route, `POST /chat`, proxied to the chat function. REST (not HTTP API)
 * because only REST APIs can stream a Lambda response. The Lambda permission admits this API's
 * route and stage only.
 */
export class ChatApi extends Construct {
  readonly restApiId: string;
  readonly stageName: string;
  /** Full URL of `POST /chat`. */
  readonly chatUrl: string;
  /** ARN prefix for execute-api:Invoke grants on this API. */
  readonly executionArn: string;

  constructor(scope: Construct, id: string, props: ChatApiProps) {
    super(scope, id);
    const authorization = props.authorization ?? "AWS_IAM";
    checkOneOf(this, "authorization", authorization, API_AUTHORIZATIONS);
    const responseMode = props.responseMode ?? "BUFFERED";
    checkOneOf(this, "responseMode", responseMode, RESPONSE_MODES);
    const stageName = props.stageName ?? "v1";
    checkPattern(this, "stageName", stageName, /^[a-zA-Z0-9_-]{1,128}$/, "use letters, digits, '-' or '_'");
    const rate = props.throttleRatePerSecond ?? 10;
    checkIntegerRange(this, "throttleRatePerSecond", rate, 1, 10_000);
    const burst = props.throttleBurstLimit ?? 20;
    checkIntegerRange(this, "throttleBurstLimit", burst, 1, 5_000);
    const timeoutMilliseconds = props.integrationTimeoutMs ?? defaultIntegrationTimeoutMs(responseMode);
    checkIntegerRange(this, "integrationTimeoutMs", timeoutMilliseconds, 50, MAX_INTEGRATION_TIMEOUT_MS);

    const api = new ApiGatewayRestApi(this, "api", {
      name: props.name,
      description: "Chat backend on Amazon Bedrock",
      endpointConfiguration: { types: ["REGIONAL"] },
    });
    const chat = new ApiGatewayResource(this, "chat", { restApiId: api.id, parentId: api.rootResourceId, pathPart: "chat" });
    const method = new ApiGatewayMethod(this, "post", { restApiId: api.id, resourceId: chat.id, httpMethod: "POST", authorization });
    const { partition, region } = props.context;
    const integration = new ApiGatewayIntegration(this, "lambda", {
      restApiId: api.id,
      resourceId: chat.id,
      httpMethod: method.httpMethod,
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      timeoutMilliseconds,
      // Streaming needs the 2021-11-15 response-streaming path; the plain invoke ARN fails in STREAM mode.
      ...(responseMode === "STREAM"
        ? {
            responseTransferMode: "STREAM",
            uri: `arn:${partition}:apigateway:${region}:lambda:path/2021-11-15/functions/${props.functionArn}/response-streaming-invocations`,
          }
        : { responseTransferMode: "BUFFERED", uri: props.functionInvokeArn }),
    });

    // Redeploy whenever the route's configuration changes, not on every apply.
    const configHash = createHash("sha256").update(JSON.stringify({ authorization, responseMode, timeoutMilliseconds })).digest("hex");
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: api.id,
      triggers: { redeployment: Fn.sha1(Fn.jsonencode([chat.id, method.id, integration.id, integration.uri, configHash])) },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [integration],
    });
    const stage = new ApiGatewayStage(this, "stage", { restApiId: api.id, deploymentId: deployment.id, stageName });
    new ApiGatewayMethodSettings(this, "throttling", {
      restApiId: api.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: { throttlingRateLimit: rate, throttlingBurstLimit: burst, metricsEnabled: true },
    });
    new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowChatApiInvoke",
      action: "lambda:InvokeFunction",
      functionName: props.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/${stage.stageName}/POST/chat`,
    });

    this.restApiId = api.id;
    this.stageName = stage.stageName;
    this.executionArn = api.executionArn;
    this.chatUrl = `${stage.invokeUrl}/chat`;
  }
}
