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
