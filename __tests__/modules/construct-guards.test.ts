/**
 * Across constructs: each construct's check is a pure `<construct>Problems(props, at)` function
 * (modules/core/validate.ts) that a caller runs under its own path, so the config and the stacks
 * name a field where they read it, and a construct with nothing to judge reports nothing.
 * Each construct's own guards are in its own test file.
 */
import { apiGatewayAccountLoggingProblems } from "../../modules/api/api-gateway-account-logging";
import { bedrockEndpointsProblems } from "../../modules/network/bedrock-endpoints";
import { chatApiLogGroupsProblems } from "../../modules/api/chat-api-log-groups";
import { chatRequestValidationProblems } from "../../modules/api/chat-request-validation";
import { chatApiProblems } from "../../modules/api/chat-api";
import { chatApiCorsProblems } from "../../modules/api/chat-api-cors";
import { ChatApiWaf } from "../../modules/api/chat-api-waf";
import { bedrockAdminRoleProblems } from "../../modules/bedrock/bedrock-admin-role";
import { chatOptionsProblems } from "../../modules/function/chat-options";
import { alarmOptionsProblems } from "../../modules/observability/chat-alarms";
import { synthScope } from "../helpers/terraform";

describe("construct guards", () => {
  test("the checks of these constructs are pure functions too, under their caller's path", () => {
    const fields = (problems: { field: string }[]) => problems.map((p) => p.field);
    expect(fields(apiGatewayAccountLoggingProblems({ namePrefix: "x" }, "api"))).toEqual(["api.namePrefix"]);
    expect(fields(bedrockEndpointsProblems({ securityGroupId: "default" }, "endpoints"))).toEqual(["endpoints.securityGroupId"]);
    expect(fields(chatApiLogGroupsProblems({ retentionDays: 10, kmsKeyArn: "alias/logs" }, "api"))).toEqual(["api.retentionDays", "api.kmsKeyArn"]);
    expect(fields(chatRequestValidationProblems({ limits: { maxMessageChars: 0, maxOutputTokens: 0 } }, "api"))).toEqual(["api.limits.maxMessageChars", "api.limits.maxOutputTokens"]);
    expect(chatApiLogGroupsProblems({ retentionDays: 30 })).toEqual([]);
    expect(bedrockEndpointsProblems({})).toEqual([]);
  });
});

/**
 * What a JavaScript caller (or a cast) can pass that TypeScript would refuse: every construct
 * judges it as a problem, never a TypeError and never a truthy string taken for true.
 */
describe("values of the wrong type from an untyped caller", () => {
  test.each<[string, () => unknown[], string]>([
    ["an API option group that is null", () => chatApiProblems({ cors: null } as never, "api"), "api.cors"],
    ["a usage plan that is a list", () => chatApiProblems({ usagePlan: [] } as never, "api"), "api.usagePlan"],
    ["a WAF that is null", () => chatApiProblems({ waf: null } as never, "api"), "api.waf"],
    ['"false" as CORS credentials', () => chatApiCorsProblems({ allowedOrigins: ["*"], allowCredentials: "false" } as never, "cors"), "cors.allowCredentials"],
    ['"false" as the account CloudWatch role', () => chatApiProblems({ accountCloudWatchRole: "false" } as never, "api"), "api.accountCloudWatchRole"],
    ['"false" as the common rule set', () => chatApiProblems({ waf: { rateLimitPer5Minutes: 100, commonRuleSet: "false" } } as never, "api"), "api.waf.commonRuleSet"],
    ['"yes" as requireMfa', () => bedrockAdminRoleProblems({ principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"], requireMfa: "yes" } as never, "admin"), "admin.requireMfa"],
    ["alarm options that are null", () => alarmOptionsProblems(null as never, "alarms"), "alarms"],
    ["a null token threshold (not the default)", () => alarmOptionsProblems({ createTopic: true, inputTokensPerHour: null } as never, "alarms"), "alarms.inputTokensPerHour"],
    ["chat options that are null", () => chatOptionsProblems(null as never, "chat"), "chat"],
  ])("%s is a problem naming it", (_case, problems, field) => {
    expect((problems() as { field: string }[]).map((problem) => problem.field)).toEqual([field]);
  });

  test("a WAF whose webAclArn key is present but undefined creates the rate-limited ACL it was checked as", () => {
    const json = synthScope((scope) => new ChatApiWaf(scope, "waf", { name: "chatbot-test-chat", stageArn: "${aws_api_gateway_stage.s.arn}", waf: { webAclArn: undefined, rateLimitPer5Minutes: 100 } as never }));
    expect(Object.keys(json.resource?.aws_wafv2_web_acl ?? {})).toHaveLength(1);
    for (const association of Object.values(json.resource?.aws_wafv2_web_acl_association ?? {})) expect((association as { web_acl_arn?: unknown }).web_acl_arn).toBeDefined();
  });
});
