/**
 * The configuration's API protection and alarm fields: authorization (IAM, Cognito, none), CORS,
 * usage plan, WAF, logging and tracing, and the `alarms` section. Formats are shared with the
 * constructs' guards (modules/api/api-formats.ts), so a value the config accepts the constructs accept.
 */
import {
  ANY_ORIGIN,
  API_FIX,
  API_KEY_NAME_PATTERN,
  CORS_ORIGIN_PATTERN,
  MAX_CORS_ORIGINS,
  SNS_TOPIC_ARN_PATTERN,
  USER_POOL_ARN_PATTERN,
  WAF_RATE_LIMIT_RANGE,
  WEB_ACL_ARN_PATTERN,
} from "../modules/api/api-formats";
import type { ApiAuthorization, ChatApiProps } from "../modules/api/chat-api";
import type { Checker, Json } from "./checker";

/**
 * The config's `api` section is the construct's own options (type-only import: nothing of cdktf
 * loads), so a field the config accepts has the type ChatApi takes.
 */
export type ApiConfig = Pick<
  ChatApiProps,
  | "authorization"
  | "cognitoUserPoolArns"
  | "responseMode"
  | "stageName"
  | "throttleRatePerSecond"
  | "throttleBurstLimit"
  | "accessLogging"
  | "executionLogLevel"
  | "dataTraceEnabled"
  | "xrayTracing"
  | "accountCloudWatchRole"
  | "cors"
  | "usagePlan"
  | "waf"
>;
export type { ApiAuthorization, ResponseMode } from "../modules/api/chat-api";

export interface AlarmsConfig {
  readonly topicArn?: string;
  readonly createTopic?: boolean;
  readonly inputTokensPerHour?: number;
  readonly outputTokensPerHour?: number;
}

const STAGE_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;
export const API_FIELDS = [
  "authorization",
  "cognitoUserPoolArns",
  "responseMode",
  "stageName",
  "throttleRatePerSecond",
  "throttleBurstLimit",
  "accessLogging",
  "executionLogLevel",
  "dataTraceEnabled",
  "xrayTracing",
  "accountCloudWatchRole",
  "cors",
  "usagePlan",
  "waf",
];

/** Reads `api`; `region` is the deployment's, which an associated web ACL must share. */
export function readApi(check: Checker, api: Json, region: string | undefined): ApiConfig {
  const authorization = check.oneOf(api, "authorization", "api.authorization", ["AWS_IAM", "COGNITO_USER_POOLS", "NONE"] as const);
  const executionLogLevel = check.oneOf(api, "executionLogLevel", "api.executionLogLevel", ["OFF", "ERROR", "INFO"] as const);
  const dataTraceEnabled = check.boolean(api, "dataTraceEnabled", "api.dataTraceEnabled");
  if (dataTraceEnabled === true && executionLogLevel !== "INFO") {
    check.problem("api.dataTraceEnabled", true, 'logs whole requests and answers (prompts included) at INFO level: set api.executionLogLevel to "INFO" as well, or leave data tracing off');
  }
  return {
    authorization,
    cognitoUserPoolArns: readUserPools(check, api, authorization),
    responseMode: check.oneOf(api, "responseMode", "api.responseMode", ["BUFFERED", "STREAM"] as const),
    stageName: check.string(api, "stageName", "api.stageName", STAGE_PATTERN, "use letters, digits, '-' or '_'", false),
    throttleRatePerSecond: check.integer(api, "throttleRatePerSecond", "api.throttleRatePerSecond"),
    throttleBurstLimit: check.integer(api, "throttleBurstLimit", "api.throttleBurstLimit"),
    accessLogging: check.boolean(api, "accessLogging", "api.accessLogging"),
    executionLogLevel,
    dataTraceEnabled,
    xrayTracing: check.boolean(api, "xrayTracing", "api.xrayTracing"),
    accountCloudWatchRole: check.boolean(api, "accountCloudWatchRole", "api.accountCloudWatchRole"),
    cors: readCors(check, api),
    usagePlan: readUsagePlan(check, api),
    waf: readWaf(check, api, region),
  };
}

function readUserPools(check: Checker, api: Json, authorization: ApiAuthorization | undefined): string[] | undefined {
  const raw = api.cognitoUserPoolArns;
  if (authorization !== "COGNITO_USER_POOLS") {
    if (raw !== undefined) check.problem("api.cognitoUserPoolArns", raw, 'is only used with api.authorization "COGNITO_USER_POOLS"; remove it or set the authorization');
    return undefined;
  }
  const entries = check.list(api, "cognitoUserPoolArns", "api.cognitoUserPoolArns", `list the user pools whose tokens may call the API (authorization "COGNITO_USER_POOLS"): ${API_FIX.userPoolArn}`);
  return entries.filter((arn, index) => {
    if (typeof arn === "string" && USER_POOL_ARN_PATTERN.test(arn)) return true;
    check.problem(`api.cognitoUserPoolArns[${index}]`, arn, API_FIX.userPoolArn);
    return false;
  }) as string[];
}

function readCors(check: Checker, api: Json): ApiConfig["cors"] {
  const cors = check.object(api, "cors", "api.cors", ["allowedOrigins", "allowCredentials"], false);
  if (!cors) return undefined;
  const allowCredentials = check.boolean(cors, "allowCredentials", "api.cors.allowCredentials");
  const raw = cors.allowedOrigins;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_CORS_ORIGINS) {
    check.problem("api.cors.allowedOrigins", raw, `list 1–${MAX_CORS_ORIGINS} origins, e.g. ["https://chat.example.com"]; leave api.cors out for no browser access`);
    return undefined;
  }
  if (raw.includes(ANY_ORIGIN)) {
    if (allowCredentials === true) check.problem("api.cors.allowCredentials", true, API_FIX.anyOriginWithCredentials);
    if (raw.length > 1) check.problem("api.cors.allowedOrigins", raw, API_FIX.anyOriginAlone);
    return { allowedOrigins: [ANY_ORIGIN], allowCredentials };
  }
  const allowedOrigins: string[] = [];
  raw.forEach((origin, index) => {
    const field = `api.cors.allowedOrigins[${index}]`;
    if (typeof origin !== "string" || !CORS_ORIGIN_PATTERN.test(origin)) return check.problem(field, origin, API_FIX.corsOrigin);
    if (allowedOrigins.includes(origin)) return check.problem(field, origin, "is listed twice; remove the duplicate");
    allowedOrigins.push(origin);
  });
  return { allowedOrigins, allowCredentials };
}

function readUsagePlan(check: Checker, api: Json): ApiConfig["usagePlan"] {
  const plan = check.object(api, "usagePlan", "api.usagePlan", ["quotaLimit", "quotaPeriod", "apiKeyNames", "throttleRatePerSecond", "throttleBurstLimit"], false);
  if (!plan) return undefined;
  const quotaLimit = check.integer(plan, "quotaLimit", "api.usagePlan.quotaLimit");
  if (quotaLimit === undefined || quotaLimit < 1) check.problem("api.usagePlan.quotaLimit", plan.quotaLimit, "give the requests each API key may make per quotaPeriod, a whole number of at least 1");
  let apiKeyNames: string[] | undefined;
  if (plan.apiKeyNames !== undefined) {
    apiKeyNames = check.list(plan, "apiKeyNames", "api.usagePlan.apiKeyNames", 'list one name per client, e.g. ["web", "partner-a"]').filter((name, index) => {
      const field = `api.usagePlan.apiKeyNames[${index}]`;
      if (typeof name !== "string" || !API_KEY_NAME_PATTERN.test(name)) {
        check.problem(field, name, API_FIX.apiKeyName);
        return false;
      }
      if ((plan.apiKeyNames as unknown[]).indexOf(name) !== index) {
        check.problem(field, name, "is listed twice; give each client its own name");
        return false;
      }
      return true;
    }) as string[];
  }
  return {
    quotaLimit: quotaLimit ?? 0,
    quotaPeriod: check.oneOf(plan, "quotaPeriod", "api.usagePlan.quotaPeriod", ["DAY", "WEEK", "MONTH"] as const),
    apiKeyNames,
    throttleRatePerSecond: check.integer(plan, "throttleRatePerSecond", "api.usagePlan.throttleRatePerSecond"),
    throttleBurstLimit: check.integer(plan, "throttleBurstLimit", "api.usagePlan.throttleBurstLimit"),
  };
}

function readWaf(check: Checker, api: Json, region: string | undefined): ApiConfig["waf"] {
  const waf = check.object(api, "waf", "api.waf", ["webAclArn", "rateLimitPer5Minutes", "commonRuleSet"], false);
  if (!waf) return undefined;
  if ((waf.webAclArn === undefined) === (waf.rateLimitPer5Minutes === undefined)) {
    check.problem("api.waf", waf, "give either webAclArn (an existing web ACL) or rateLimitPer5Minutes (a web ACL the module creates), not both or neither");
    return undefined;
  }
  if (waf.webAclArn !== undefined) {
    if (waf.commonRuleSet !== undefined) check.problem("api.waf.commonRuleSet", waf.commonRuleSet, "applies to a web ACL the module creates; configure rules in your own web ACL, or use rateLimitPer5Minutes");
    const webAclArn = check.string(waf, "webAclArn", "api.waf.webAclArn", WEB_ACL_ARN_PATTERN, API_FIX.webAclArn, true);
    if (webAclArn !== undefined) sameRegion(check, "api.waf.webAclArn", webAclArn, WEB_ACL_ARN_PATTERN, region, "a web ACL protects API stages of its own region only");
    return webAclArn === undefined ? undefined : { webAclArn };
  }
  const limit = check.integer(waf, "rateLimitPer5Minutes", "api.waf.rateLimitPer5Minutes");
  if (limit === undefined || limit < WAF_RATE_LIMIT_RANGE.min || limit > WAF_RATE_LIMIT_RANGE.max) {
    check.problem("api.waf.rateLimitPer5Minutes", waf.rateLimitPer5Minutes, `must be a whole number ${WAF_RATE_LIMIT_RANGE.min}–${WAF_RATE_LIMIT_RANGE.max}: the requests one IP address may make in 5 minutes`);
    return undefined;
  }
  return { rateLimitPer5Minutes: limit, commonRuleSet: check.boolean(waf, "commonRuleSet", "api.waf.commonRuleSet") };
}

/** Reads the optional `alarms` section: a topic (existing or created) and the token thresholds. */
export function readAlarms(check: Checker, raw: Json, region: string | undefined): AlarmsConfig | undefined {
  const alarms = check.object(raw, "alarms", "alarms", ["topicArn", "createTopic", "inputTokensPerHour", "outputTokensPerHour"], false);
  if (!alarms) return undefined;
  const createTopic = check.boolean(alarms, "createTopic", "alarms.createTopic");
  const topicArn = check.string(alarms, "topicArn", "alarms.topicArn", SNS_TOPIC_ARN_PATTERN, API_FIX.snsTopicArn, false);
  if ((alarms.topicArn === undefined) === (createTopic !== true)) {
    check.problem("alarms", alarms, 'give either topicArn (an existing SNS topic) or "createTopic": true, exactly one; leave alarms out for none');
  }
  if (topicArn !== undefined) sameRegion(check, "alarms.topicArn", topicArn, SNS_TOPIC_ARN_PATTERN, region, "CloudWatch alarms notify topics of their own region only");
  const threshold = (key: string) => {
    const value = check.integer(alarms, key, `alarms.${key}`);
    if (value !== undefined && value < 1) check.problem(`alarms.${key}`, value, "must be at least 1");
    return value;
  };
  return { topicArn, createTopic, inputTokensPerHour: threshold("inputTokensPerHour"), outputTokensPerHour: threshold("outputTokensPerHour") };
}

function sameRegion(check: Checker, field: string, arn: string, pattern: RegExp, region: string | undefined, why: string): void {
  const arnRegion = pattern.exec(arn)?.[1];
  if (region !== undefined && arnRegion !== region) check.problem(field, arn, `is in ${arnRegion}, the stacks in ${region}: ${why}`);
}
