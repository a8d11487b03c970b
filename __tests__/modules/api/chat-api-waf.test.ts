/**
 * ChatApiWaf: no web ACL unless asked for; a created one blocks an IP over its 5-minute rate (the
 * common rule set opt-in, its 8 KB body rule counting only), an existing one is associated and
 * none created; the construct on its own refuses what ChatApi does.
 */
import { ChatApiWaf } from "../../../modules/api/chat-api-waf";
import { only, resources, resourceTypes, synthApi, synthScope } from "../../helpers/terraform";

const WEB_ACL = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("ChatApi WAF", () => {
  test("no web ACL by default", () => {
    const types = resourceTypes(synthApi());
    expect(types).not.toContain("aws_wafv2_web_acl");
    expect(types).not.toContain("aws_wafv2_web_acl_association");
  });

  test("a created web ACL blocks an IP over its 5-minute rate and is associated with the stage", () => {
    const json = synthApi({ waf: { rateLimitPer5Minutes: 300 } });
    const acl = only(json, "aws_wafv2_web_acl");
    expect(acl).toMatchObject({ scope: "REGIONAL", default_action: { allow: {} } });
    expect(acl.rule).toEqual([
      expect.objectContaining({ action: { block: {} }, statement: { rate_based_statement: { limit: 300, aggregate_key_type: "IP", evaluation_window_sec: 300 } } }),
    ]);
    expect(only(json, "aws_wafv2_web_acl_association")).toMatchObject({
      resource_arn: expect.stringMatching(/aws_api_gateway_stage\..+\.arn/),
      web_acl_arn: expect.stringMatching(/aws_wafv2_web_acl\..+\.arn/),
    });
  });

  test("the common rule set is opt-in, and its 8 KB body rule only counts", () => {
    const rules = only(synthApi({ waf: { rateLimitPer5Minutes: 300, commonRuleSet: true } }), "aws_wafv2_web_acl").rule as Array<Record<string, unknown>>;
    expect(rules[1]).toMatchObject({
      override_action: { none: {} },
      statement: {
        managed_rule_group_statement: {
          vendor_name: "AWS",
          name: "AWSManagedRulesCommonRuleSet",
          rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }],
        },
      },
    });
  });

  test("an existing web ACL is associated, none is created", () => {
    const json = synthApi({ waf: { webAclArn: WEB_ACL } });
    expect(resources(json, "aws_wafv2_web_acl")).toHaveLength(0);
    expect(only(json, "aws_wafv2_web_acl_association").web_acl_arn).toBe(WEB_ACL);
  });

  test("ChatApiWaf on its own runs ChatApi's check of waf, under the same names", () => {
    expect(() => synthScope((scope) => new ChatApiWaf(scope, "waf", { name: "a", stageArn: "arn", waf: { rateLimitPer5Minutes: 5 } }))).toThrow(
      "ChatApiWaf 'waf': waf.rateLimitPer5Minutes: must be a whole number 10–2000000000: the requests one IP address may make in 5 minutes (got 5)",
    );
  });
});
