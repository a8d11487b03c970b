/**
 * The API's protection and the alarms: one check, two entry points. Each guard is a row run
 * through the construct (a PropError naming the construct, the field and the value) and through
 * the configuration (the same problem, in the same words, under the config's path).
 */
import { TerraformVariable } from "cdktf";
import type { ChatApiOptions } from "../../modules/api/chat-api";
import type { AwsContext } from "../../modules/core/aws-context";
import { type Problem, PropError, describeProblem } from "../../modules/core/validate";
import { type AlarmOptions, ChatAlarms, type ChatAlarmsProps, chatAlarmsProblems } from "../../modules/observability/chat-alarms";
import { config, placeholderApi, problemsOf, synthApi, synthScope, withContext } from "../helpers/terraform";

const USER_POOL = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123";
const WEB_ACL = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:ops-alarms";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ELEVEN_ORIGINS = Array.from({ length: 11 }, (_, index) => `https://site-${index}.example.com`);

/** The problems a construct refused its props with (fails the test if it built). */
function refusal(build: () => void, construct: string): { message: string; problems: readonly Problem[] } {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(PropError);
    expect((error as Error).message.startsWith(`${construct}:`)).toBe(true);
    return { message: (error as Error).message, problems: (error as PropError).problems };
  }
  throw new Error(`expected ${construct} to refuse its props`);
}

/** A config problem line, `field: fix (got value)`, in its parts. */
function parseLine(line: string): { field: string; fix: string; value: string } {
  const [, field, fix, value] = /^([^:]+): (.*) \(got (.*)\)$/s.exec(line) ?? [];
  return { field, fix, value };
}

describe("api and alarms configuration", () => {
  test("every option together is accepted and kept", () => {
    const parsed = config({
      api: {
        authorization: "COGNITO_USER_POOLS",
        cognitoUserPoolArns: [USER_POOL],
        stageName: "prod_2",
        throttleRatePerSecond: 50,
        throttleBurstLimit: 100,
        accessLogging: true,
        executionLogLevel: "INFO",
        dataTraceEnabled: true,
        xrayTracing: false,
        accountCloudWatchRole: true,
        cors: { allowedOrigins: ["https://chat.example.com", "http://localhost:5173"], allowCredentials: true },
        usagePlan: { quotaLimit: 1000, quotaPeriod: "MONTH", apiKeyNames: ["web"], throttleRatePerSecond: 5, throttleBurstLimit: 10 },
        waf: { rateLimitPer5Minutes: 500, commonRuleSet: true },
      },
      function: { xrayTracing: false },
      alarms: { topicArn: TOPIC, inputTokensPerHour: 10, outputTokensPerHour: 5 },
    });
    expect(parsed.api).toMatchObject({
      authorization: "COGNITO_USER_POOLS",
      cognitoUserPoolArns: [USER_POOL],
      stageName: "prod_2",
      throttleRatePerSecond: 50,
      cors: { allowCredentials: true },
      usagePlan: { quotaLimit: 1000, quotaPeriod: "MONTH", apiKeyNames: ["web"] },
      waf: { rateLimitPer5Minutes: 500, commonRuleSet: true },
    });
    expect(parsed.alarms).toEqual({ topicArn: TOPIC, createTopic: undefined, inputTokensPerHour: 10, outputTokensPerHour: 5 });
    expect(parsed.function.xrayTracing).toBe(false);
  });

  test("an existing web ACL and a created alarm topic are accepted", () => {
    expect(config({ api: { waf: { webAclArn: WEB_ACL } }, alarms: { createTopic: true } })).toMatchObject({ api: { waf: { webAclArn: WEB_ACL } }, alarms: { createTopic: true } });
  });

  test("no alarms section means no alarms", () => {
    expect(config().alarms).toBeUndefined();
  });

  test("every problem of the section is reported at once", () => {
    const problems = problemsOf({ api: { stageName: "v 1", throttleRatePerSecond: 0, cors: { allowedOrigins: [] }, waf: { rateLimitPer5Minutes: 5 } } });
    expect(problems.map((line) => line.split(":")[0])).toEqual(["api.stageName", "api.throttleRatePerSecond", "api.cors.allowedOrigins", "api.waf.rateLimitPer5Minutes"]);
  });

  // What the constructs leave to TypeScript is the config's own check: sections, switches, field names.
  test.each([
    ["a non-boolean accessLogging", { api: { accessLogging: "yes" } }, /^api\.accessLogging: must be true or false \(got "yes"\)$/],
    ["a non-boolean allowCredentials", { api: { cors: { allowedOrigins: ["https://a.example"], allowCredentials: 1 } } }, /^api\.cors\.allowCredentials: must be true or false \(got 1\)$/],
    ["a non-boolean commonRuleSet", { api: { waf: { rateLimitPer5Minutes: 100, commonRuleSet: "on" } } }, /^api\.waf\.commonRuleSet: must be true or false \(got "on"\)$/],
    ["a non-boolean createTopic", { alarms: { createTopic: "true" } }, /^alarms\.createTopic: must be true or false \(got "true"\)$/],
    ["a cors section that is no object", { api: { cors: ["https://a.example"] } }, /^api\.cors: must be an object/],
    ["a typo in an api field", { api: { cros: {} } }, /^api\.cros: unknown field; expected one of .*cors/],
    ["a typo in a usage plan field", { api: { usagePlan: { quotaLimit: 1, quota: 5 } } }, /^api\.usagePlan\.quota: unknown field/],
    ["a typo in an alarms field", { alarms: { topic: TOPIC } }, /^alarms\.topic: unknown field/],
  ])("%s is rejected by the config's reader", (_label, overrides, expected) => {
    expect(problemsOf(overrides)).toContainEqual(expect.stringMatching(expected));
  });
});

/** [what is wrong, the options (ChatApi's props and the config's `api` alike), the field, the value, the fix]. */
const API_GUARDS: [string, ChatApiOptions, string, unknown, RegExp][] = [
  ["an unknown authorization", { authorization: "OPEN" as never }, "authorization", "OPEN", /^must be one of "AWS_IAM", "COGNITO_USER_POOLS", "NONE"$/],
  ["an unknown response mode", { responseMode: "SSE" as never }, "responseMode", "SSE", /^must be one of "BUFFERED", "STREAM"$/],
  ["a stage name with a space", { stageName: "v 1" }, "stageName", "v 1", /letters, digits, '-' or '_'/],
  ["no stage throughput", { throttleRatePerSecond: 0 }, "throttleRatePerSecond", 0, /^must be a whole number 1–10000: the stage's steady requests per second$/],
  ["a stage rate given as text", { throttleRatePerSecond: "10" as never }, "throttleRatePerSecond", "10", /^must be a whole number 1–10000/],
  ["a burst beyond API Gateway's", { throttleBurstLimit: 5001 }, "throttleBurstLimit", 5001, /^must be a whole number 1–5000/],
  ["an unknown execution log level", { executionLogLevel: "DEBUG" as never }, "executionLogLevel", "DEBUG", /^must be one of "OFF", "ERROR", "INFO"$/],
  ["data traces below INFO", { dataTraceEnabled: true }, "dataTraceEnabled", true, /logs whole requests and answers .* set (api\.)?executionLogLevel to "INFO" as well \(it is "ERROR"\)/],
  ["Cognito without user pools", { authorization: "COGNITO_USER_POOLS" }, "cognitoUserPoolArns", undefined, /^list the user pools whose tokens may call the API .*give a Cognito user pool ARN/],
  ["Cognito with an empty pool list", { authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: [] }, "cognitoUserPoolArns", [], /^list the user pools/],
  ["a malformed user pool ARN", { authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: ["eu-west-1_AbC"] }, "cognitoUserPoolArns[0]", "eu-west-1_AbC", /^give a Cognito user pool ARN, e\.g\. /],
  ["user pools without Cognito", { cognitoUserPoolArns: [USER_POOL] }, "cognitoUserPoolArns", [USER_POOL], /^is only used with (api\.)?authorization "COGNITO_USER_POOLS" \(it is "AWS_IAM"\)/],
  ['"*" with credentials', { cors: { allowedOrigins: ["*"], allowCredentials: true } }, "cors.allowCredentials", true, /a "\*" origin with allowCredentials would let every site read answers/],
  ['"*" among other origins', { cors: { allowedOrigins: ["*", "https://chat.example.com"] } }, "cors.allowedOrigins", ["*", "https://chat.example.com"], /a "\*" origin admits every site already/],
  ["a plain-http origin", { cors: { allowedOrigins: ["http://chat.example.com"] } }, "cors.allowedOrigins[0]", "http://chat.example.com", /^give an origin like "https:\/\/chat\.example\.com"/],
  ["an origin with a path", { cors: { allowedOrigins: ["https://chat.example.com/app"] } }, "cors.allowedOrigins[0]", "https://chat.example.com/app", /no path or trailing slash/],
  ["an origin with a trailing slash", { cors: { allowedOrigins: ["https://chat.example.com/"] } }, "cors.allowedOrigins[0]", "https://chat.example.com/", /no path or trailing slash/],
  ["an upper-case origin", { cors: { allowedOrigins: ["https://Chat.example.com"] } }, "cors.allowedOrigins[0]", "https://Chat.example.com", /lower case/],
  ["a duplicate origin", { cors: { allowedOrigins: ["https://a.example", "https://a.example"] } }, "cors.allowedOrigins[1]", "https://a.example", /^is listed twice; remove the duplicate$/],
  ["no origin", { cors: { allowedOrigins: [] } }, "cors.allowedOrigins", [], /^list 1–10 origins, e\.g\. \["https:\/\/chat\.example\.com"\]; leave (api\.)?cors out for no browser access$/],
  ["more origins than the preflight compares", { cors: { allowedOrigins: ELEVEN_ORIGINS } }, "cors.allowedOrigins", ELEVEN_ORIGINS, /^list 1–10 origins/],
  ["a usage plan without quota", { usagePlan: {} as never }, "usagePlan.quotaLimit", undefined, /^must be a whole number 1–2000000000: the requests each API key may make per quotaPeriod$/],
  ["a zero quota", { usagePlan: { quotaLimit: 0 } }, "usagePlan.quotaLimit", 0, /^must be a whole number 1–2000000000/],
  ["an unknown quota period", { usagePlan: { quotaLimit: 1, quotaPeriod: "YEAR" as never } }, "usagePlan.quotaPeriod", "YEAR", /^must be one of "DAY", "WEEK", "MONTH"$/],
  ["no API key name", { usagePlan: { quotaLimit: 1, apiKeyNames: [] } }, "usagePlan.apiKeyNames", [], /^list 1–10 key names, one per client/],
  ["a bad API key name", { usagePlan: { quotaLimit: 1, apiKeyNames: ["partner a"] } }, "usagePlan.apiKeyNames[0]", "partner a", /^use 1–64 letters, digits/],
  ["a duplicate API key name", { usagePlan: { quotaLimit: 1, apiKeyNames: ["web", "web"] } }, "usagePlan.apiKeyNames[1]", "web", /^is listed twice; give each client its own name$/],
  ["a zero per-key rate", { usagePlan: { quotaLimit: 1, throttleRatePerSecond: 0 } }, "usagePlan.throttleRatePerSecond", 0, /^must be a whole number 1–10000: each key's steady requests per second$/],
  ["a per-key burst beyond API Gateway's", { usagePlan: { quotaLimit: 1, throttleBurstLimit: 6000 } }, "usagePlan.throttleBurstLimit", 6000, /^must be a whole number 1–5000/],
  ["a WAF rate limit below WAF's minimum", { waf: { rateLimitPer5Minutes: 5 } }, "waf.rateLimitPer5Minutes", 5, /^must be a whole number 10–2000000000: the requests one IP address may make in 5 minutes$/],
  ["a WAF rate limit above WAF's maximum", { waf: { rateLimitPer5Minutes: 3_000_000_000 } }, "waf.rateLimitPer5Minutes", 3_000_000_000, /^must be a whole number 10–2000000000/],
  ["both a web ACL and a rate limit", { waf: { webAclArn: WEB_ACL, rateLimitPer5Minutes: 100 } as never }, "waf", { webAclArn: WEB_ACL, rateLimitPer5Minutes: 100 }, /^give either webAclArn .* or rateLimitPer5Minutes .*, not both or neither$/],
  ["neither a web ACL nor a rate limit", { waf: {} as never }, "waf", {}, /not both or neither/],
  ["a CloudFront (global) web ACL", { waf: { webAclArn: WEB_ACL.replace("regional", "global") } }, "waf.webAclArn", WEB_ACL.replace("regional", "global"), /^give a regional WAFv2 web ACL ARN/],
  ["the common rule set on an existing web ACL", { waf: { webAclArn: WEB_ACL, commonRuleSet: true } as never }, "waf.commonRuleSet", true, /^applies to a web ACL the module creates/],
];

describe("one check, two entry points: ChatApi and the config's api", () => {
  test.each(API_GUARDS)("%s: the same problem from ChatApi and from the config's api", (_label, options, field, value, fix) => {
    const { message, problems } = refusal(() => synthApi(options), "ChatApi 'chat-api'");
    expect(problems).toEqual([{ field, value, fix: expect.stringMatching(fix) }]);
    expect(message).toBe(`ChatApi 'chat-api': ${describeProblem(problems[0])}`);
    const [line, ...more] = problemsOf({ api: JSON.parse(JSON.stringify(options)) });
    expect(more).toEqual([]);
    expect(parseLine(line)).toEqual({ field: `api.${field}`, fix: expect.stringMatching(fix), value: String(JSON.stringify(value)) });
    // The same words, but for the config path of a field the fix names.
    expect(parseLine(line).fix.replace(/\bapi\./g, "")).toBe(problems[0].fix);
  });

  test("a web ACL of another region: the config holds it against its region, ChatApi against a region known at synth", () => {
    const foreign = WEB_ACL.replace(/eu-west-1/g, "us-east-1");
    const fix = "is in us-east-1, the stacks in eu-west-1: a web ACL protects API stages of its own region only";
    expect(problemsOf({ api: { waf: { webAclArn: foreign } } })).toEqual([describeProblem({ field: "api.waf.webAclArn", value: foreign, fix })]);
    const pinned = (context: AwsContext): AwsContext => Object.create(context, { region: { value: "eu-west-1" } });
    expect(() => withContext((scope, context) => placeholderApi(scope, pinned(context), { waf: { webAclArn: foreign } }))).toThrow(`ChatApi 'chat-api': waf.webAclArn: ${fix}`);
    // The provider's region is read at plan time: a context that is not pinned cannot judge it, and passes.
    expect(() => synthApi({ waf: { webAclArn: foreign } })).not.toThrow();
  });

  test("ChatApi reports every problem at once", () => {
    const { message, problems } = refusal(() => synthApi({ stageName: "v 1", throttleBurstLimit: 0, usagePlan: { quotaLimit: 0 } }), "ChatApi 'chat-api' has 3 problems");
    expect(problems.map((p) => p.field)).toEqual(["stageName", "throttleBurstLimit", "usagePlan.quotaLimit"]);
    expect(message.split("\n").slice(1)).toEqual(problems.map((p) => `  - ${describeProblem(p)}`));
  });

  test("values only known at plan time (tokens) are not judged at synth", () => {
    const json = withContext((scope, context) => {
      const text = (id: string) => new TerraformVariable(scope, id, { type: "string" }).stringValue;
      const rate = new TerraformVariable(scope, "rate", { type: "number" }).numberValue;
      placeholderApi(scope, context, { stageName: text("stage"), throttleRatePerSecond: rate, authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: [text("pool")], waf: { webAclArn: text("acl") } });
    });
    expect(Object.values(json.resource!.aws_api_gateway_stage)[0]).toMatchObject({ stage_name: "${var.stage}" });
  });
});

const ALARMS: ChatAlarmsProps = { namePrefix: "chatbot-test", functionName: "f", apiName: "a", stageName: "v1", integrationTimeoutMs: 29000, modelIds: ["amazon.nova-lite-v1:0"], kmsKeyArn: KEY };

/** [what is wrong, the alarm options (ChatAlarms' props and the config's `alarms` alike), the field, the value, the fix]. */
const ALARM_GUARDS: [string, AlarmOptions, string, unknown, RegExp][] = [
  ["no topic", {}, "topicArn", {}, /^give either topicArn \(an existing SNS topic\) or createTopic: true, exactly one \(for no alarms, leave the alarms out\)$/],
  ["both topics", { topicArn: TOPIC, createTopic: true }, "topicArn", { topicArn: TOPIC, createTopic: true }, /exactly one/],
  ["a malformed topic ARN", { topicArn: "ops-alarms" }, "topicArn", "ops-alarms", /^give a standard SNS topic ARN, e\.g\. /],
  ["a FIFO topic", { topicArn: `${TOPIC}.fifo` }, "topicArn", `${TOPIC}.fifo`, /^give a standard SNS topic ARN/],
  ["a zero output threshold", { topicArn: TOPIC, outputTokensPerHour: 0 }, "outputTokensPerHour", 0, /^must be a whole number of at least 1: the output tokens per hour on one model that raise the alarm$/],
  ["a fractional input threshold", { topicArn: TOPIC, inputTokensPerHour: 1.5 }, "inputTokensPerHour", 1.5, /^must be a whole number of at least 1: the input tokens/],
];

describe("one check, two entry points: ChatAlarms and the config's alarms", () => {
  test.each(ALARM_GUARDS)("%s: the same problem from ChatAlarms and from the config's alarms", (_label, options, field, value, fix) => {
    const { message, problems } = refusal(() => synthScope((scope) => new ChatAlarms(scope, "alarms", { ...ALARMS, ...options })), "ChatAlarms 'alarms'");
    expect(problems).toEqual([{ field, value, fix: expect.stringMatching(fix) }]);
    expect(message).toBe(`ChatAlarms 'alarms': ${describeProblem(problems[0])}`);
    expect(problemsOf({ alarms: options })).toEqual([describeProblem({ ...problems[0], field: `alarms.${field}` })]);
  });

  test("a topic of another region: the config holds it against its region; ChatAlarms, which never knows its region, passes it", () => {
    const foreign = TOPIC.replace("eu-west-1", "us-east-1");
    const fix = "is in us-east-1, the stacks in eu-west-1: CloudWatch alarms notify topics of their own region only";
    expect(problemsOf({ alarms: { topicArn: foreign } })).toEqual([describeProblem({ field: "alarms.topicArn", value: foreign, fix })]);
    expect(chatAlarmsProblems({ ...ALARMS, topicArn: foreign }, "", "eu-west-1")).toEqual([{ field: "topicArn", value: foreign, fix }]);
    expect(() => synthScope((scope) => new ChatAlarms(scope, "alarms", { ...ALARMS, topicArn: foreign }))).not.toThrow();
  });
});
