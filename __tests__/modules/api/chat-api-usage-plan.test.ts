/**
 * ChatApiUsagePlan: with a usage plan the method requires an API key on top of its authorization;
 * the plan applies its quota (and optional per-key throttling) to the stage, one key per client
 * and no key value in the configuration; the construct on its own refuses what ChatApi does.
 */
import { ChatApiUsagePlan } from "../../../modules/api/chat-api-usage-plan";
import { only, resources, synthApi, synthScope } from "../../helpers/terraform";

describe("ChatApi usage plan", () => {
  const json = synthApi({ usagePlan: { quotaLimit: 5000, quotaPeriod: "WEEK", apiKeyNames: ["web", "partner"], throttleRatePerSecond: 2 } });

  test("the method then requires an API key, on top of its authorization", () => {
    expect(only(json, "aws_api_gateway_method")).toMatchObject({ api_key_required: true, authorization: "AWS_IAM" });
  });

  test("the plan applies its quota (and per-key throttling) to the stage", () => {
    const plan = only(json, "aws_api_gateway_usage_plan");
    expect(plan).toMatchObject({ quota_settings: { limit: 5000, period: "WEEK" }, throttle_settings: { rate_limit: 2 } });
    expect(plan.api_stages).toEqual([{ api_id: expect.stringMatching(/rest_api/), stage: expect.stringMatching(/aws_api_gateway_stage\..+\.stage_name/) }]);
  });

  test("one API key per client, each in the plan; no key value is in the configuration", () => {
    expect(resources(json, "aws_api_gateway_api_key").map((k) => k.name).sort()).toEqual(["chatbot-test-chat-partner", "chatbot-test-chat-web"]);
    expect(resources(json, "aws_api_gateway_api_key").every((k) => k.value === undefined)).toBe(true);
    expect(resources(json, "aws_api_gateway_usage_plan_key")).toHaveLength(2);
  });

  test("without per-key limits only the stage's throttling applies", () => {
    expect(only(synthApi({ usagePlan: { quotaLimit: 10 } }), "aws_api_gateway_usage_plan").throttle_settings).toBeUndefined();
  });

  test("ChatApiUsagePlan on its own runs ChatApi's check of usagePlan, under its own props' names", () => {
    expect(() => synthScope((scope) => new ChatApiUsagePlan(scope, "plan", { apiName: "a", restApiId: "id", stageName: "v1", quotaLimit: 1, apiKeyNames: ["web", "web"] }))).toThrow(
      `ChatApiUsagePlan 'plan': apiKeyNames[1]: is listed twice; give each client its own name (got "web")`,
    );
  });
});
