import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument } from "../../policies/documents/statement";
import { API_FIX, USER_POOL_ARN_PATTERN } from "./api-formats";
import { ApiGatewayAccountLogging } from "./api-gateway-account-logging";
import type { AwsContext } from "../core/aws-context";
import { ChatApiCors, type CorsOptions } from "./chat-api-cors";
import { ACCESS_LOG_FORMAT, ChatApiLogGroups } from "./chat-api-log-groups";
import { ChatApiUsagePlan, type UsagePlanOptions } from "./chat-api-usage-plan";
import { ChatApiWaf, type WafOptions } from "./chat-api-waf";
import type { ChatRequestLimits } from "./chat-request-schema";
import { ChatRequestValidation } from "./chat-request-validation";
import { redeploymentTriggers } from "./api-redeployment";
import type { RoleRef } from "../function/chat-app-role";
import { checkRoleRef, isRoleRef } from "../core/refs";
import { PropError, checkIntegerRange, checkOneOf, checkPattern } from "../core/validate";

/** AWS_IAM: SigV4-signed calls with execute-api:Invoke. COGNITO_USER_POOLS: a user pool token. NONE: anonymous, by explicit choice only. */
export type ApiAuthorization = "AWS_IAM" | "COGNITO_USER_POOLS" | "NONE";
export const API_AUTHORIZATIONS: readonly ApiAuthorization[] = ["AWS_IAM", "COGNITO_USER_POOLS", "NONE"];

/** OFF, or what API Gateway writes to the execution log. */
export type ExecutionLogLevel = "OFF" | "ERROR" | "INFO";
export const EXECUTION_LOG_LEVELS: readonly ExecutionLogLevel[] = ["OFF", "ERROR", "INFO"];

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
  /** Partition, region and account: the streaming integration's URI and the account logging role are built from them. */
  readonly context: AwsContext;
  /** The chat function's name, for the Lambda permission. */
  readonly functionName: string;
  /** The chat function's ARN, used in STREAM mode (response-streaming invocations). */
  readonly functionArn: string;
  /** The function's `invoke_arn`, used in BUFFERED mode. */
  readonly functionInvokeArn: string;
  /**
   * Who may call `POST /chat`. `NONE` (anonymous) must be chosen explicitly.
   * @default "AWS_IAM" - callers sign requests with SigV4 and need execute-api:Invoke
   */
  readonly authorization?: ApiAuthorization;
  /**
   * The user pools whose tokens the Cognito authorizer accepts (`Authorization: <ID or access token>`).
   * Required with `COGNITO_USER_POOLS`, refused otherwise.
   * @default - no authorizer
   */
  readonly cognitoUserPoolArns?: readonly string[];
  /** BUFFERED: one JSON answer; STREAM: Server-Sent Events as tokens arrive. @default "BUFFERED" */
  readonly responseMode?: ResponseMode;
  /** The stage's name, the first path segment of the URL. @default "v1" */
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
  /**
   * The function's request limits; the request model (checked by API Gateway before Lambda runs)
   * derives its sizes from them.
   * @default - the function's defaults
   */
  readonly requestLimits?: ChatRequestLimits;
  /**
   * Browser access from these origins only (preflight, CORS headers on API Gateway's errors).
   * The function must add the headers to its own answers (see DataPlaneStack).
   * @default - no CORS: browsers on other sites cannot call the API
   */
  readonly cors?: CorsOptions;
  /**
   * A usage plan with API keys and a quota; the method then requires an API key too.
   * @default - no usage plan, no API key required
   */
  readonly usagePlan?: UsagePlanOptions;
  /**
   * A WAF web ACL on the stage: an existing one, or a created per-IP rate limit.
   * @default - no WAF
   */
  readonly waf?: WafOptions;
  /**
   * One JSON line per request in a dedicated log group (retention, KMS). Needs the account's API
   * Gateway CloudWatch role (see accountCloudWatchRole).
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Execution logging to `API-Gateway-Execution-Logs_<id>/<stage>` (created here with retention and KMS).
   * @default "ERROR" - failures only: cheap, and what an incident needs
   */
  readonly executionLogLevel?: ExecutionLogLevel;
  /**
   * Log full requests and responses in the execution log — prompts and answers included. Debugging only.
   * @default false
   */
  readonly dataTraceEnabled?: boolean;
  /** X-Ray tracing of the stage. @default true */
  readonly xrayTracing?: boolean;
  /** Retention of the API's log groups. @default 30 */
  readonly logRetentionDays?: number;
  /**
   * Customer-managed KMS key for the API's log groups (`logs.<region>.amazonaws.com` must be allowed to use it).
   * @default - CloudWatch Logs' own encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * Set this region's API Gateway account CloudWatch role (an account-wide singleton, see
   * ApiGatewayAccountLogging). Logging needs it set once per account and region, by this or otherwise.
   * @default false
   */
  readonly accountCloudWatchRole?: boolean;
}

/**
 * A REST API with one route, `POST /chat`, proxied to the chat function. REST (not HTTP API)
 * because only REST APIs can stream a Lambda response. The Lambda permission admits this API's
 * route and stage only. Protection around it: authorization (IAM, Cognito, or none by choice), a
 * request model checked before Lambda runs, stage throttling, optional usage plan and WAF, CORS
 * for configured origins only, access/execution logs in encrypted log groups, X-Ray.
 */
export class ChatApi extends Construct {
  /** Name of the REST API (the `ApiName` dimension of its metrics). */
  readonly apiName: string;
  readonly restApiId: string;
  readonly stageName: string;
  readonly stageArn: string;
  /** Ids of the usage plan's API keys by name; empty without a usage plan. */
  readonly apiKeyIds: Readonly<Record<string, string>>;
  readonly accessLogGroupName?: string;
  /** Full URL of `POST /chat`. */
  readonly chatUrl: string;
  /** ARN prefix for execute-api:Invoke grants on this API. */
  readonly executionArn: string;
  /** `execute-api` ARN of `POST /chat` on the deployed stage: what grantInvoke allows, and nothing wider. */
  readonly chatInvokeArn: string;
  private readonly authorization: ApiAuthorization;
  private readonly invokePolicyName: string;
  private readonly invokeGrants = new Map<RoleRef | IamRole, IamRolePolicy>();

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
    const userPoolArns = props.cognitoUserPoolArns ?? [];
    if (authorization === "COGNITO_USER_POOLS" && userPoolArns.length === 0) {
      throw new PropError(this, "cognitoUserPoolArns", `must list at least one user pool with authorization "COGNITO_USER_POOLS": ${API_FIX.userPoolArn}`);
    }
    if (authorization !== "COGNITO_USER_POOLS" && userPoolArns.length > 0) {
      throw new PropError(this, "cognitoUserPoolArns", `are only used with authorization "COGNITO_USER_POOLS", got "${authorization}": remove them or switch the authorization`);
    }
    userPoolArns.forEach((arn, index) => checkPattern(this, `cognitoUserPoolArns[${index}]`, arn, USER_POOL_ARN_PATTERN, API_FIX.userPoolArn));
    const executionLogLevel = props.executionLogLevel ?? "ERROR";
    checkOneOf(this, "executionLogLevel", executionLogLevel, EXECUTION_LOG_LEVELS);
    if (props.dataTraceEnabled && executionLogLevel !== "INFO") {
      throw new PropError(this, "dataTraceEnabled", `needs executionLogLevel "INFO", got "${executionLogLevel}": data traces are written at INFO level`);
    }
    const accessLogging = props.accessLogging ?? true;
    const xrayTracing = props.xrayTracing ?? true;
    const apiKeyRequired = props.usagePlan !== undefined;

    const api = new ApiGatewayRestApi(this, "api", {
      name: props.name,
      description: "Chat backend on Amazon Bedrock",
      endpointConfiguration: { types: ["REGIONAL"] },
      // A replacement (a change of endpoint type) brings the new API up before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    const chat = new ApiGatewayResource(this, "chat", { restApiId: api.id, parentId: api.rootResourceId, pathPart: "chat" });
    const authorizer =
      authorization === "COGNITO_USER_POOLS"
        ? new ApiGatewayAuthorizer(this, "cognito", {
            restApiId: api.id,
            name: "cognito-user-pools",
            type: "COGNITO_USER_POOLS",
            providerArns: [...userPoolArns],
            identitySource: "method.request.header.Authorization",
          })
        : undefined;
    const cors = props.cors && new ChatApiCors(this, "cors", { restApiId: api.id, resourceId: chat.id, ...props.cors });
    const validation = new ChatRequestValidation(this, "validation", {
      restApiId: api.id,
      limits: props.requestLimits,
      responseParameters: cors?.gatewayResponseParameters,
    });
    const method = new ApiGatewayMethod(this, "post", {
      restApiId: api.id,
      resourceId: chat.id,
      httpMethod: "POST",
      authorization,
      authorizerId: authorizer?.id,
      apiKeyRequired,
      requestValidatorId: validation.requestValidatorId,
      requestModels: validation.requestModels,
    });
    // An explicit choice is reported by the rule pack as such (suppressed, with this reason), not as an oversight.
    if (authorization === "NONE") {
      method.addOverride("//.checks.suppress.api-authorization", "anonymous access chosen explicitly (authorization: NONE): anyone who can reach the stage can call the model");
    }
    const { partition, region } = props.context;
    new ApiGatewayIntegration(this, "lambda", {
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

    // Redeploy whenever anything the stage serves changes (gateway responses included), not on every apply.
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: api.id,
      triggers: redeploymentTriggers(this),
      lifecycle: { createBeforeDestroy: true },
    });
    const logGroups = new ChatApiLogGroups(this, "log-groups", {
      apiName: props.name,
      restApiId: api.id,
      stageName,
      accessLogs: accessLogging,
      executionLogs: executionLogLevel !== "OFF",
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
    });
    // API Gateway refuses to enable logging on a stage until the account's CloudWatch role is set.
    const accountSetting: ITerraformDependable[] = props.accountCloudWatchRole
      ? [new ApiGatewayAccountLogging(this, "account-logging", { namePrefix: props.name, context: props.context }).setting]
      : [];
    const stage = new ApiGatewayStage(this, "stage", {
      restApiId: api.id,
      deploymentId: deployment.id,
      stageName,
      xrayTracingEnabled: xrayTracing,
      ...(logGroups.accessLogGroupArn ? { accessLogSettings: { destinationArn: logGroups.accessLogGroupArn, format: ACCESS_LOG_FORMAT } } : {}),
      ...(accountSetting.length > 0 ? { dependsOn: accountSetting } : {}),
    });
    // Throttling, metrics and execution logging of every method (the id predates the logging settings).
    const methodSettings = new ApiGatewayMethodSettings(this, "throttling", {
      restApiId: api.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: rate,
        throttlingBurstLimit: burst,
        metricsEnabled: true,
        loggingLevel: executionLogLevel,
        dataTraceEnabled: props.dataTraceEnabled === true,
      },
      // The execution log group must exist before API Gateway writes (it would create one without retention or key).
      dependsOn: [...logGroups.groups, ...accountSetting],
    });
    if (props.dataTraceEnabled) {
      methodSettings.addOverride("//.checks.suppress.api-no-data-trace", "data trace chosen explicitly (dataTraceEnabled): whole requests and answers, prompts included, go to the execution log");
    }
    new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowChatApiInvoke",
      action: "lambda:InvokeFunction",
      functionName: props.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/${stage.stageName}/POST/chat`,
    });

    const usagePlan = props.usagePlan && new ChatApiUsagePlan(this, "usage-plan", { apiName: props.name, restApiId: api.id, stageName: stage.stageName, ...props.usagePlan });
    if (props.waf) new ChatApiWaf(this, "waf", { name: props.name, stageArn: stage.arn, waf: props.waf });

    this.apiName = api.name;
    this.restApiId = api.id;
    this.stageName = stage.stageName;
    this.stageArn = stage.arn;
    this.apiKeyIds = usagePlan?.apiKeyIds ?? {};
    this.accessLogGroupName = logGroups.accessLogGroupName;
    this.executionArn = api.executionArn;
    this.chatUrl = `${stage.invokeUrl}/chat`;
    this.chatInvokeArn = `${api.executionArn}/${stage.stageName}/POST/chat`;
    this.authorization = authorization;
    this.invokePolicyName = `${props.name}-invoke`;
  }

  /**
   * Lets a role call `POST /chat` (AWS_IAM authorization only): an inline policy on the role allowing
   * `execute-api:Invoke` on this API's chat route in its deployed stage, nothing wider. Give a RoleRef
   * (a ChatAppRole, or an existing role's `roleArn` and `roleName`) or an IamRole of your stack. A
   * second grant to the same role returns the first policy. The policy's construct id is
   * `invoke-grant-<role's construct id or literal name>`; pass `id` when that is ambiguous (a RoleRef
   * whose name is a token, or two roles with one construct id).
   */
  grantInvoke(principal: RoleRef | IamRole, id?: string): IamRolePolicy {
    if (this.authorization !== "AWS_IAM") {
      const why =
        this.authorization === "NONE"
          ? "with authorization \"NONE\" anyone who reaches the stage may call it already"
          : "with \"COGNITO_USER_POOLS\" API Gateway checks a user pool token, not IAM, so the grant would admit nobody";
      throw new PropError(this, "grantInvoke", `needs authorization "AWS_IAM", got "${this.authorization}": ${why}; set authorization to "AWS_IAM" to admit callers by IAM`);
    }
    const existing = this.invokeGrants.get(principal);
    if (existing) return existing;
    if (isRoleRef(principal)) checkRoleRef(this, "grantInvoke principal", principal);
    const roleName = isRoleRef(principal) ? principal.roleName : principal.name;
    const grantId = id ?? invokeGrantId(principal, roleName);
    if (grantId === undefined) {
      throw new PropError(this, "grantInvoke", `cannot name the policy of a role whose name is a token: pass an id, e.g. grantInvoke(role, "invoke-grant-frontend")`);
    }
    if (this.node.tryFindChild(grantId)) {
      throw new PropError(this, "grantInvoke", `already has a construct with id "${grantId}": pass a distinct id for this role's grant`);
    }
    const policy = new IamRolePolicy(this, grantId, {
      name: this.invokePolicyName,
      role: roleName,
      policy: JSON.stringify(policyDocument([{ Sid: "InvokeChatRoute", Effect: "Allow", Action: "execute-api:Invoke", Resource: this.chatInvokeArn }])),
    });
    this.invokeGrants.set(principal, policy);
    return policy;
  }
}

/** `invoke-grant-<construct id>` for a construct, `invoke-grant-<name>` for a literal role name; undefined otherwise. */
function invokeGrantId(principal: RoleRef | IamRole, roleName: string): string | undefined {
  if (Construct.isConstruct(principal)) return `invoke-grant-${principal.node.id}`;
  return Token.isUnresolved(roleName) ? undefined : `invoke-grant-${roleName}`;
}
