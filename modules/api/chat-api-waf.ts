import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Construct } from "constructs";
import { API_FIX, WAF_RATE_LIMIT_RANGE, WEB_ACL_ARN_PATTERN } from "./api-formats";
import { PropError, checkIntegerRange, checkPattern } from "../core/validate";

/** An existing regional web ACL, or one the module creates with a per-IP rate limit. */
export type WafOptions =
  | { readonly webAclArn: string }
  | {
      /** Requests one client IP may make in 5 minutes before WAF blocks it. */
      readonly rateLimitPer5Minutes: number;
      /**
       * Add AWS's common rule set (AWSManagedRulesCommonRuleSet), with its body-size rule
       * (SizeRestrictions_BODY, blocks bodies over 8 KB) set to count only: a chat request with history is
       * routinely larger, and the function enforces its own size limit (chat.maxRequestBytes).
       * @default false - the rate limit only; the managed rules cost per request and can block prompts that quote code
       */
      readonly commonRuleSet?: boolean;
    };

export interface ChatApiWafProps {
  /** Prefix of the web ACL and metric names. */
  readonly name: string;
  /** The stage to protect (`aws_api_gateway_stage.arn`). */
  readonly stageArn: string;
  /** An existing web ACL (`webAclArn`), or the per-IP rate limit of one to create (`rateLimitPer5Minutes`). */
  readonly waf: WafOptions;
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * WAF in front of the stage: associates an existing web ACL, or creates one that blocks an IP
 * exceeding its rate limit (and optionally applies AWS's common rule set). API Gateway's own
 * throttling is per stage; this is per client address, before any request reaches the stage.
 */
export class ChatApiWaf extends Construct {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: ChatApiWafProps) {
    super(scope, id);
    const { waf } = props;
    if ("webAclArn" in waf) {
      checkPattern(this, "waf.webAclArn", waf.webAclArn, WEB_ACL_ARN_PATTERN, API_FIX.webAclArn);
      if ("rateLimitPer5Minutes" in waf) throw new PropError(this, "waf", "gives both webAclArn and rateLimitPer5Minutes: associate an existing web ACL, or let the module create one, not both");
      this.webAclArn = waf.webAclArn;
    } else {
      checkIntegerRange(this, "waf.rateLimitPer5Minutes", waf.rateLimitPer5Minutes, WAF_RATE_LIMIT_RANGE.min, WAF_RATE_LIMIT_RANGE.max);
      const rules = [
        {
          name: "rate-limit-per-ip",
          priority: 1,
          action: { block: {} },
          // The provider types `statement` loosely (any): it is passed through in Terraform's snake_case.
          statement: { rate_based_statement: { limit: waf.rateLimitPer5Minutes, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
          visibilityConfig: visibility(`${props.name}-rate-limit`),
        },
        ...(waf.commonRuleSet
          ? [
              {
                name: "aws-common-rule-set",
                priority: 2,
                overrideAction: { none: {} },
                statement: {
                  managed_rule_group_statement: {
                    vendor_name: "AWS",
                    name: "AWSManagedRulesCommonRuleSet",
                    rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }],
                  },
                },
                visibilityConfig: visibility(`${props.name}-common-rules`),
              },
            ]
          : []),
      ];
      const acl = new Wafv2WebAcl(this, "web-acl", {
        name: `${props.name}-waf`,
        description: "Chat API: per-IP rate limit",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rule: rules,
        visibilityConfig: visibility(`${props.name}-waf`),
      });
      this.webAclArn = acl.arn;
    }
    new Wafv2WebAclAssociation(this, "association", { resourceArn: props.stageArn, webAclArn: this.webAclArn });
  }
}
