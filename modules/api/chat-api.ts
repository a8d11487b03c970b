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
import { API_FIX, BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS, INTEGRATION_TIMEOUT_RANGE, THROTTLE_BURST_RANGE, THROTTLE_RATE_RANGE, USER_POOL_ARN_PATTERN } from "./api-formats";
import { ApiGatewayAccountLogging } from "./api-gateway-account-logging";
import type { AwsContext } from "../core/aws-context";
import { ChatApiCors, type CorsOptions, chatApiCorsProblems } from "./chat-api-cors";
import { ACCESS_LOG_FORMAT, ChatApiLogGroups } from "./chat-api-log-groups";
import { ChatApiUsagePlan, type UsagePlanOptions, chatApiUsagePlanProblems } from "./chat-api-usage-plan";
import { ChatApiWaf, type WafOptions, chatApiWafProblems } from "./chat-api-waf";
import type { ChatRequestLimits } from "./chat-request-schema";
import { ChatRequestValidation } from "./chat-request-validation";
import { redeploymentTriggers } from "./api-redeployment";
import type { RoleRef } from "../function/chat-app-role";
import { checkRoleRef, isRoleRef } from "../core/refs";
import { type Problem, PropError, fieldPath, integerRangeProblems, listProblems, objectProblems, oneOfProblems, patternProblems, switchProblems, throwProblems } from "../core/validate";

/** AWS_IAM: SigV4-signed calls with execute-api:Invoke. COGNITO_USER_POOLS: a user pool token. NONE: anonymous, by explicit choice only. */
export type ApiAuthorization = "AWS_IAM" | "COGNITO_USER_POOLS" | "NONE";
export const API_AUTHORIZATIONS: readonly ApiAuthorization[] = ["AWS_IAM", "COGNITO_USER_POOLS", "NONE"];

/** OFF, or what API Gateway writes to the execution log. */
export type ExecutionLogLevel = "OFF" | "ERROR" | "INFO";
export const EXECUTION_LOG_LEVELS: readonly ExecutionLogLevel[] = ["OFF", "ERROR", "INFO"];

/** BUFFERED: the whole answer in one JSON response. STREAM: Server-Sent Events as tokens arrive. */
export type ResponseMode = "BUFFERED" | "STREAM";
export const RESPONSE_MODES: readonly ResponseMode[] = ["BUFFERED", "STREAM"];

export function defaultIntegrationTimeoutMs(responseMode: ResponseMode): number {
  return responseMode === "STREAM" ? INTEGRATION_TIMEOUT_RANGE.max : BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS;
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
   * Who may call `POST /chat`: `AWS_IAM` (SigV4 with execute-api:Invoke), `COGNITO_USER_POOLS` (a
   * user pool token in `Authorization`), or `NONE` (anonymous), which must be chosen explicitly: the
   * synthesized method then says `authorization: "NONE"` for reviewers and scanners to see.
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
   * How long API Gateway waits for the function. In BUFFERED mode, above 29000 only with
   * `integrationTimeoutQuotaRaised`.
   * @default 29000 in BUFFERED mode (REST APIs' limit unless raised by quota), 300000 in STREAM mode
   */
  readonly integrationTimeoutMs?: number;
  /**
   * Says that Service Quotas has raised this Region's "Maximum integration timeout in
   * milliseconds" for REST APIs, so that a BUFFERED `integrationTimeoutMs` above 29000 is
   * accepted (API Gateway refuses it at apply otherwise). Refused where it changes nothing.
   * @default false - a BUFFERED integration waits at most 29000 ms
   */
  readonly integrationTimeoutQuotaRaised?: boolean;
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
   * One JSON line per request (caller, status, latencies, WAF status; no headers, no body) in
   * `/aws/apigateway/<name>/<stage>/access`, with retention and the KMS key. Needs the account's API
   * Gateway CloudWatch role (see accountCloudWatchRole).
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Execution logging to `API-Gateway-Execution-Logs_<id>/<stage>`, created here with retention and
   * the KMS key (API Gateway would create it unencrypted, kept forever).
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

/** ChatApi's options, which its check judges: everything but the function and context it is built around. */
export type ChatApiOptions = Omit<ChatApiProps, "name" | "context" | "functionName" | "functionArn" | "functionInvokeArn">;

/** What API Gateway accepts for a stage name, the URL's first path segment. */
const STAGE_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;

/**
 * Everything ChatApi checks before it builds: the choices (authorization, response mode,
 * execution log level), the stage's name and throttling, the integration's timeout, the Cognito
 * user pools (required with COGNITO_USER_POOLS, refused otherwise), data traces only at INFO, and
 * the CORS, usage plan and WAF options. Tokens pass. `at` prefixes the fields (the config's `api`);
 * `region` is the deployment's literal region, held against the web ACL's (a token skips it).
 */
export function chatApiProblems(props: ChatApiOptions, at = "", region?: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems: Problem[] = [];
  if (props.authorization !== undefined) problems.push(...oneOfProblems(field("authorization"), props.authorization, API_AUTHORIZATIONS));
  problems.push(...userPoolProblems(props, field));
  if (props.responseMode !== undefined) problems.push(...oneOfProblems(field("responseMode"), props.responseMode, RESPONSE_MODES));
  if (props.stageName !== undefined) problems.push(...patternProblems(field("stageName"), props.stageName, STAGE_NAME_PATTERN, "use 1–128 letters, digits, '-' or '_', e.g. \"v1\""));
  if (props.throttleRatePerSecond !== undefined) {
    problems.push(...integerRangeProblems(field("throttleRatePerSecond"), props.throttleRatePerSecond, THROTTLE_RATE_RANGE, "the stage's steady requests per second"));
  }
  if (props.throttleBurstLimit !== undefined) problems.push(...integerRangeProblems(field("throttleBurstLimit"), props.throttleBurstLimit, THROTTLE_BURST_RANGE, "the stage's burst of requests"));
  if (props.integrationTimeoutMs !== undefined) {
    problems.push(...integerRangeProblems(field("integrationTimeoutMs"), props.integrationTimeoutMs, INTEGRATION_TIMEOUT_RANGE, "the milliseconds API Gateway waits for the function"));
  }
  problems.push(...integrationTimeoutQuotaProblems(props, field));
  if (props.executionLogLevel !== undefined) problems.push(...oneOfProblems(field("executionLogLevel"), props.executionLogLevel, EXECUTION_LOG_LEVELS));
  const level = props.executionLogLevel ?? "ERROR";
  if (props.dataTraceEnabled === true && level !== "INFO" && !Token.isUnresolved(level)) {
    const fix = `logs whole requests and answers (prompts included) at INFO level: set ${field("executionLogLevel")} to "INFO" as well (it is "${level}"), or leave data tracing off`;
    problems.push({ field: field("dataTraceEnabled"), value: true, fix });
  }
  problems.push(...switchProblems(props, ["accessLogging", "dataTraceEnabled", "xrayTracing", "accountCloudWatchRole", "integrationTimeoutQuotaRaised"], at));
  // Each option group is judged by its own construct's check, once it is an object at all.
  const group = <T>(key: "cors" | "usagePlan" | "waf", judge: (value: T) => Problem[]): Problem[] => {
    const value: unknown = props[key];
    if (value === undefined) return [];
    const shape = objectProblems(field(key), value);
    return shape.length > 0 ? shape : judge(value as T);
  };
  problems.push(...group<CorsOptions>("cors", (cors) => chatApiCorsProblems(cors, field("cors"))));
  problems.push(...group<UsagePlanOptions>("usagePlan", (plan) => chatApiUsagePlanProblems(plan, field("usagePlan"))));
  problems.push(...group<WafOptions>("waf", (waf) => chatApiWafProblems({ waf }, at, region)));
  return problems;
}

/**
 * A buffered integration waits at most 29 s unless the Region's quota was raised, which synth
 * cannot see: a longer timeout needs the caller to say so (`integrationTimeoutQuotaRaised`), and
 * the acknowledgement is refused where no timeout needs it. STREAM integrations go to 300 s as is.
 */
function integrationTimeoutQuotaProblems(props: ChatApiOptions, field: (key: string) => string): Problem[] {
  const { integrationTimeoutMs: timeout, integrationTimeoutQuotaRaised: raised } = props;
  const mode = props.responseMode ?? "BUFFERED";
  if ([timeout, raised, mode].some((value) => Token.isUnresolved(value)) || typeof timeout !== "number" && raised === undefined) return [];
  // A timeout out of API Gateway's range at all has its own problem already.
  const inRange = typeof timeout === "number" && Number.isInteger(timeout) && timeout <= INTEGRATION_TIMEOUT_RANGE.max;
  const overQuota = mode === "BUFFERED" && inRange && timeout > BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS;
  if (overQuota && raised !== true) {
    const fix =
      `is above ${BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS} ms, the longest a BUFFERED REST integration may wait unless the Region's quota is raised: ` +
      `request an increase of "Maximum integration timeout in milliseconds" (Service Quotas, Amazon API Gateway; it may lower the account's throttle quota), ` +
      `then set ${field("integrationTimeoutQuotaRaised")} to true; or stay at ${BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS}, or use responseMode "STREAM"`;
    return [{ field: field("integrationTimeoutMs"), value: timeout, fix }];
  }
  if (!overQuota && raised === true && (timeout === undefined || inRange)) {
    const fix = `only matters with a BUFFERED integrationTimeoutMs above ${BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS} (it is ${timeout ?? "the default"}, responseMode "${mode}"); remove it`;
    return [{ field: field("integrationTimeoutQuotaRaised"), value: true, fix }];
  }
  return [];
}

/** The Cognito authorizer's user pools: required with COGNITO_USER_POOLS, refused with any other authorization. */
function userPoolProblems(props: ChatApiOptions, field: (key: string) => string): Problem[] {
  const pools: unknown = props.cognitoUserPoolArns;
  const authorization = props.authorization ?? "AWS_IAM";
  if (Token.isUnresolved(pools) || Token.isUnresolved(authorization)) return [];
  if (authorization !== "COGNITO_USER_POOLS") {
    if (pools === undefined) return [];
    const fix = `is only used with ${field("authorization")} "COGNITO_USER_POOLS" (it is "${authorization}"); remove it, or set the authorization`;
    return [{ field: field("cognitoUserPoolArns"), value: pools, fix }];
  }
  return listProblems(field("cognitoUserPoolArns"), pools, {
    count: { min: 1, fix: `list the user pools whose tokens may call the API (authorization "COGNITO_USER_POOLS"): ${API_FIX.userPoolArn}` },
    entry: (where, arn) => patternProblems(where, arn as string, USER_POOL_ARN_PATTERN, API_FIX.userPoolArn),
  });
}

/** The props with their defaults filled in: what the constructor's steps build from. */
type ChatApiSettings = ChatApiProps &
  Required<
    Pick<
      ChatApiProps,
      | "authorization"
      | "cognitoUserPoolArns"
      | "responseMode"
      | "stageName"
      | "throttleRatePerSecond"
      | "throttleBurstLimit"
      | "integrationTimeoutMs"
      | "accessLogging"
      | "executionLogLevel"
      | "xrayTracing"
    >
  >;

function withDefaults(props: ChatApiProps): ChatApiSettings {
  const responseMode = props.responseMode ?? "BUFFERED";
  return {
    ...props,
    authorization: props.authorization ?? "AWS_IAM",
    cognitoUserPoolArns: props.cognitoUserPoolArns ?? [],
    responseMode,
    stageName: props.stageName ?? "v1",
    throttleRatePerSecond: props.throttleRatePerSecond ?? 10,
    throttleBurstLimit: props.throttleBurstLimit ?? 20,
    integrationTimeoutMs: props.integrationTimeoutMs ?? defaultIntegrationTimeoutMs(responseMode),
    accessLogging: props.accessLogging ?? true,
    executionLogLevel: props.executionLogLevel ?? "ERROR",
    xrayTracing: props.xrayTracing ?? true,
  };
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
  /** How callers of `POST /chat` are admitted: SigV4 (`AWS_IAM`), a Cognito token, or anyone (`NONE`). */
  readonly authorization: ApiAuthorization;
  private readonly invokePolicyName: string;
  private readonly invokeGrants = new Map<RoleRef | IamRole, IamRolePolicy>();

  constructor(scope: Construct, id: string, props: ChatApiProps) {
    super(scope, id);
    // Every problem at once, before any resource; the context's region is a token unless pinned.
    throwProblems(this, chatApiProblems(props, "", props.context.region));
    const settings = withDefaults(props);
    // The steps run in this order: the deployment's triggers list the resources in creation order.
    const { api, chat } = this.route(settings);
    const method = this.chatMethod(settings, api, chat);
    this.lambdaIntegration(settings, api, chat, method);
    const { stage, logGroups } = this.deployedStage(settings, api);
    this.invokePermission(settings, api, stage);
    const usagePlan = this.protection(settings, api, stage);

    this.apiName = api.name;
    this.restApiId = api.id;
    this.stageName = stage.stageName;
    this.stageArn = stage.arn;
    this.apiKeyIds = usagePlan?.apiKeyIds ?? {};
    this.accessLogGroupName = logGroups.accessLogGroupName;
    this.executionArn = api.executionArn;
    this.chatUrl = `${stage.invokeUrl}/chat`;
    this.chatInvokeArn = `${api.executionArn}/${stage.stageName}/POST/chat`;
    this.authorization = settings.authorization;
    this.invokePolicyName = `${props.name}-invoke`;
  }

  /** The REST API and its one resource, `/chat`. */
  private route(settings: ChatApiSettings): { api: ApiGatewayRestApi; chat: ApiGatewayResource } {
    const api = new ApiGatewayRestApi(this, "api", {
      name: settings.name,
      description: "Chat backend on Amazon Bedrock",
      endpointConfiguration: { types: ["REGIONAL"] },
      // A replacement (a change of endpoint type) brings the new API up before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    const chat = new ApiGatewayResource(this, "chat", { restApiId: api.id, parentId: api.rootResourceId, pathPart: "chat" });
    return { api, chat };
  }

  /**
   * `POST /chat` with what guards it before Lambda runs: the authorization (and a Cognito
   * authorizer), an API key with a usage plan, and the request model. CORS comes first: the
   * model's 400 answer carries its headers.
   */
  private chatMethod(settings: ChatApiSettings, api: ApiGatewayRestApi, chat: ApiGatewayResource): ApiGatewayMethod {
    const { authorization } = settings;
    const authorizer =
      authorization === "COGNITO_USER_POOLS"
        ? new ApiGatewayAuthorizer(this, "cognito", {
            restApiId: api.id,
            name: "cognito-user-pools",
            type: "COGNITO_USER_POOLS",
            providerArns: [...settings.cognitoUserPoolArns],
            identitySource: "method.request.header.Authorization",
          })
        : undefined;
    const cors = settings.cors && new ChatApiCors(this, "cors", { restApiId: api.id, resourceId: chat.id, ...settings.cors });
    const validation = new ChatRequestValidation(this, "validation", {
      restApiId: api.id,
      limits: settings.requestLimits,
      responseParameters: cors?.gatewayResponseParameters,
    });
    const method = new ApiGatewayMethod(this, "post", {
      restApiId: api.id,
      resourceId: chat.id,
      httpMethod: "POST",
      authorization,
      authorizerId: authorizer?.id,
      apiKeyRequired: settings.usagePlan !== undefined,
      requestValidatorId: validation.requestValidatorId,
      requestModels: validation.requestModels,
    });
    // An explicit choice is reported by the rule pack as such (suppressed, with this reason), not as an oversight.
    if (authorization === "NONE") {
      method.addOverride("//.checks.suppress.api-authorization", "anonymous access chosen explicitly (authorization: NONE): anyone who can reach the stage can call the model");
    }
    return method;
  }

  /** The Lambda proxy behind `POST /chat`, buffered or streamed. */
  private lambdaIntegration(settings: ChatApiSettings, api: ApiGatewayRestApi, chat: ApiGatewayResource, method: ApiGatewayMethod): void {
    const { partition, region } = settings.context;
    new ApiGatewayIntegration(this, "lambda", {
      restApiId: api.id,
      resourceId: chat.id,
      httpMethod: method.httpMethod,
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      timeoutMilliseconds: settings.integrationTimeoutMs,
      // Streaming needs the 2021-11-15 response-streaming path; the plain invoke ARN fails in STREAM mode.
      ...(settings.responseMode === "STREAM"
        ? {
            responseTransferMode: "STREAM",
            uri: `arn:${partition}:apigateway:${region}:lambda:path/2021-11-15/functions/${settings.functionArn}/response-streaming-invocations`,
          }
        : { responseTransferMode: "BUFFERED", uri: settings.functionInvokeArn }),
    });
  }

  /** The deployment and its stage, with the stage's logging, tracing, metrics and throttling. */
  private deployedStage(settings: ChatApiSettings, api: ApiGatewayRestApi): { stage: ApiGatewayStage; logGroups: ChatApiLogGroups } {
    // Redeploy whenever anything the stage serves changes (gateway responses included), not on every apply.
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: api.id,
      triggers: redeploymentTriggers(this),
      lifecycle: { createBeforeDestroy: true },
    });
    const logGroups = new ChatApiLogGroups(this, "log-groups", {
      apiName: settings.name,
      restApiId: api.id,
      stageName: settings.stageName,
      accessLogs: settings.accessLogging,
      executionLogs: settings.executionLogLevel !== "OFF",
      retentionDays: settings.logRetentionDays,
      kmsKeyArn: settings.kmsKeyArn,
    });
    // API Gateway refuses to enable logging on a stage until the account's CloudWatch role is set.
    const accountSetting: ITerraformDependable[] = settings.accountCloudWatchRole
      ? [new ApiGatewayAccountLogging(this, "account-logging", { namePrefix: settings.name, context: settings.context }).setting]
      : [];
    const stage = new ApiGatewayStage(this, "stage", {
      restApiId: api.id,
      deploymentId: deployment.id,
      stageName: settings.stageName,
      xrayTracingEnabled: settings.xrayTracing,
      ...(logGroups.accessLogGroupArn ? { accessLogSettings: { destinationArn: logGroups.accessLogGroupArn, format: ACCESS_LOG_FORMAT } } : {}),
      ...(accountSetting.length > 0 ? { dependsOn: accountSetting } : {}),
    });
    // Throttling, metrics and execution logging of every method (the id predates the logging settings).
    const methodSettings = new ApiGatewayMethodSettings(this, "throttling", {
      restApiId: api.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: settings.throttleRatePerSecond,
        throttlingBurstLimit: settings.throttleBurstLimit,
        metricsEnabled: true,
        loggingLevel: settings.executionLogLevel,
        dataTraceEnabled: settings.dataTraceEnabled === true,
      },
      // The execution log group must exist before API Gateway writes (it would create one without retention or key).
      dependsOn: [...logGroups.groups, ...accountSetting],
    });
    if (settings.dataTraceEnabled) {
      methodSettings.addOverride("//.checks.suppress.api-no-data-trace", "data trace chosen explicitly (dataTraceEnabled): whole requests and answers, prompts included, go to the execution log");
    }
    return { stage, logGroups };
  }

  /** Lets API Gateway invoke the function for this API's route and stage only. */
  private invokePermission(settings: ChatApiSettings, api: ApiGatewayRestApi, stage: ApiGatewayStage): void {
    new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowChatApiInvoke",
      action: "lambda:InvokeFunction",
      functionName: settings.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/${stage.stageName}/POST/chat`,
    });
  }

  /** The stage's optional protection: a usage plan with API keys, a WAF web ACL. */
  private protection(settings: ChatApiSettings, api: ApiGatewayRestApi, stage: ApiGatewayStage): ChatApiUsagePlan | undefined {
    const usagePlan =
      settings.usagePlan && new ChatApiUsagePlan(this, "usage-plan", { apiName: settings.name, restApiId: api.id, stageName: stage.stageName, ...settings.usagePlan });
    if (settings.waf) new ChatApiWaf(this, "waf", { name: settings.name, stageArn: stage.arn, waf: settings.waf });
    return usagePlan;
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
