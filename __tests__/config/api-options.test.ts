/** Configuration guards of the API's protection and the alarms: each names the field, the value and the fix. */
import { config, problemsOf } from "../helpers/terraform";

const USER_POOL = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123";
const WEB_ACL = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:ops-alarms";


describe("api and alarms configuration", () => {
  test("every option together is accepted and kept", () => {
    const parsed = config({
      api: {
        authorization: "COGNITO_USER_POOLS",
        cognitoUserPoolArns: [USER_POOL],
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
    expect(parsed.api).toMatchObject({ authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: [USER_POOL], cors: { allowCredentials: true }, waf: { rateLimitPer5Minutes: 500 } });
    expect(parsed.alarms).toEqual({ topicArn: TOPIC, createTopic: undefined, inputTokensPerHour: 10, outputTokensPerHour: 5 });
    expect(parsed.function.xrayTracing).toBe(false);
  });

  test("an existing web ACL and a created alarm topic are accepted", () => {
    expect(config({ api: { waf: { webAclArn: WEB_ACL } }, alarms: { createTopic: true } })).toMatchObject({ api: { waf: { webAclArn: WEB_ACL } }, alarms: { createTopic: true } });
  });

  test("no alarms section means no alarms", () => {
    expect(config().alarms).toBeUndefined();
  });

  test.each([
    ["Cognito without user pools", { api: { authorization: "COGNITO_USER_POOLS" } }, /^api\.cognitoUserPoolArns: list the user pools whose tokens may call the API .*give a Cognito user pool ARN/],
    ["a malformed user pool ARN", { api: { authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: ["eu-west-1_AbC"] } }, /^api\.cognitoUserPoolArns\[0\]: give a Cognito user pool ARN, e\.g\. .* \(got "eu-west-1_AbC"\)$/],
    ["user pools without Cognito", { api: { cognitoUserPoolArns: [USER_POOL] } }, /^api\.cognitoUserPoolArns: is only used with api\.authorization "COGNITO_USER_POOLS"/],
    ["an unknown execution log level", { api: { executionLogLevel: "DEBUG" } }, /^api\.executionLogLevel: must be one of "OFF", "ERROR", "INFO" \(got "DEBUG"\)$/],
    ["data traces below INFO", { api: { dataTraceEnabled: true } }, /^api\.dataTraceEnabled: logs whole requests and answers .* set api\.executionLogLevel to "INFO"/],
    ["a non-boolean accessLogging", { api: { accessLogging: "yes" } }, /^api\.accessLogging: must be true or false \(got "yes"\)$/],
    ["\"*\" with credentials", { api: { cors: { allowedOrigins: ["*"], allowCredentials: true } } }, /^api\.cors\.allowCredentials: a "\*" origin with allowCredentials would let every site read answers/],
    ["\"*\" among other origins", { api: { cors: { allowedOrigins: ["*", "https://chat.example.com"] } } }, /^api\.cors\.allowedOrigins: a "\*" origin admits every site already/],
    ["a plain-http origin", { api: { cors: { allowedOrigins: ["http://chat.example.com"] } } }, /^api\.cors\.allowedOrigins\[0\]: give an origin like "https:\/\/chat\.example\.com" .* \(got "http:\/\/chat\.example\.com"\)$/],
    ["an origin with a path", { api: { cors: { allowedOrigins: ["https://chat.example.com/app"] } } }, /^api\.cors\.allowedOrigins\[0\]: give an origin like/],
    ["an upper-case origin", { api: { cors: { allowedOrigins: ["https://Chat.example.com"] } } }, /^api\.cors\.allowedOrigins\[0\]: give an origin like .*lower case/],
    ["a duplicate origin", { api: { cors: { allowedOrigins: ["https://a.example", "https://a.example"] } } }, /^api\.cors\.allowedOrigins\[1\]: is listed twice/],
    ["no origin", { api: { cors: { allowedOrigins: [] } } }, /^api\.cors\.allowedOrigins: list 1–10 origins/],
    ["a usage plan without quota", { api: { usagePlan: {} } }, /^api\.usagePlan\.quotaLimit: give the requests each API key may make per quotaPeriod/],
    ["an unknown quota period", { api: { usagePlan: { quotaLimit: 1, quotaPeriod: "YEAR" } } }, /^api\.usagePlan\.quotaPeriod: must be one of "DAY", "WEEK", "MONTH"/],
    ["a bad API key name", { api: { usagePlan: { quotaLimit: 1, apiKeyNames: ["partner a"] } } }, /^api\.usagePlan\.apiKeyNames\[0\]: use 1–64 letters, digits/],
    ["a duplicate API key name", { api: { usagePlan: { quotaLimit: 1, apiKeyNames: ["web", "web"] } } }, /^api\.usagePlan\.apiKeyNames\[1\]: is listed twice/],
    ["a WAF rate limit below WAF's minimum", { api: { waf: { rateLimitPer5Minutes: 5 } } }, /^api\.waf\.rateLimitPer5Minutes: must be a whole number 10–2000000000: .* \(got 5\)$/],
    ["a WAF rate limit above WAF's maximum", { api: { waf: { rateLimitPer5Minutes: 3_000_000_000 } } }, /^api\.waf\.rateLimitPer5Minutes: must be a whole number 10–2000000000/],
    ["both a web ACL and a rate limit", { api: { waf: { webAclArn: WEB_ACL, rateLimitPer5Minutes: 100 } } }, /^api\.waf: give either webAclArn .* or rateLimitPer5Minutes .*, not both or neither/],
    ["a CloudFront (global) web ACL", { api: { waf: { webAclArn: WEB_ACL.replace("regional", "global") } } }, /^api\.waf\.webAclArn: give a regional WAFv2 web ACL ARN/],
    ["a web ACL of another region", { api: { waf: { webAclArn: WEB_ACL.replace(/eu-west-1/g, "us-east-1") } } }, /^api\.waf\.webAclArn: is in us-east-1, the stacks in eu-west-1: a web ACL protects API stages of its own region only/],
    ["the common rule set on an existing web ACL", { api: { waf: { webAclArn: WEB_ACL, commonRuleSet: true } } }, /^api\.waf\.commonRuleSet: applies to a web ACL the module creates/],
    ["alarms without a topic", { alarms: {} }, /^alarms: give either topicArn .* or "createTopic": true, exactly one/],
    ["alarms with both topics", { alarms: { topicArn: TOPIC, createTopic: true } }, /^alarms: give either topicArn/],
    ["a malformed topic ARN", { alarms: { topicArn: "ops-alarms" } }, /^alarms\.topicArn: give a standard SNS topic ARN, e\.g\. .* \(got "ops-alarms"\)$/],
    ["a FIFO topic", { alarms: { topicArn: `${TOPIC}.fifo` } }, /^alarms\.topicArn: give a standard SNS topic ARN/],
    ["a topic of another region", { alarms: { topicArn: TOPIC.replace("eu-west-1", "us-east-1") } }, /^alarms\.topicArn: is in us-east-1, the stacks in eu-west-1: CloudWatch alarms notify topics of their own region only/],
    ["a zero token threshold", { alarms: { topicArn: TOPIC, outputTokensPerHour: 0 } }, /^alarms\.outputTokensPerHour: must be at least 1 \(got 0\)$/],
    ["a typo in an api field", { api: { cros: {} } }, /^api\.cros: unknown field; expected one of .*cors/],
    ["a typo in an alarms field", { alarms: { topic: TOPIC } }, /^alarms\.topic: unknown field/],
  ])("%s is rejected with the field, the value and the fix", (_label, overrides, expected) => {
    expect(problemsOf(overrides)).toContainEqual(expect.stringMatching(expected));
  });
});
