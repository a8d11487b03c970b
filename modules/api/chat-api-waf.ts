import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Construct } from "constructs";
import { API_FIX, WAF_RATE_LIMIT_RANGE, WEB_ACL_ARN_PATTERN } from "./api-formats";
import { type Problem, fieldPath, integerRangeProblems, patternProblems, sameRegionProblems, switchProblems, throwProblems } from "../core/validate";

/** An existing regional web ACL, or one the module creates with a per-IP rate limit. */
export type WafOptions =
  | {
      /** An existing regional WAFv2 web ACL, in the stack's region, to associate with the stage. */
      readonly webAclArn: string;
    }
  | {
      /** Create a web ACL that blocks a client IP above this many requests in 5 minutes (10–2,000,000,000). */
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

/**
 * One web ACL: an existing regional one (in the deployment's region, when `region` is known), or
 * one to create with a per-IP rate limit WAF accepts; the common rule set only on one the module
 * creates. Tokens pass. `at` prefixes the fields (ChatApi's props, the config's `api`), and
 * `region` is the config's literal region (a token skips the region check).
 */
export function chatApiWafProblems(props: Pick<ChatApiWafProps, "waf">, at = "", region?: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const waf = props.waf as { webAclArn?: unknown; rateLimitPer5Minutes?: unknown; commonRuleSet?: unknown };
  if ((waf.webAclArn === undefined) === (waf.rateLimitPer5Minutes === undefined)) {
    const fix = "give either webAclArn (an existing web ACL) or rateLimitPer5Minutes (a web ACL the module creates), not both or neither";
    return [{ field: field("waf"), value: waf, fix }];
  }
  if (waf.webAclArn !== undefined) {
    return [
      ...patternProblems(field("waf.webAclArn"), waf.webAclArn as string, WEB_ACL_ARN_PATTERN, API_FIX.webAclArn),
      ...sameRegionProblems(field("waf.webAclArn"), waf.webAclArn, WEB_ACL_ARN_PATTERN, region, "a web ACL protects API stages of its own region only"),
      ...(waf.commonRuleSet !== undefined
        ? [{ field: field("waf.commonRuleSet"), value: waf.commonRuleSet, fix: "applies to a web ACL the module creates; configure rules in your own web ACL, or use rateLimitPer5Minutes" }]
        : []),
    ];
  }
  return [
    ...integerRangeProblems(field("waf.rateLimitPer5Minutes"), waf.rateLimitPer5Minutes, WAF_RATE_LIMIT_RANGE, "the requests one IP address may make in 5 minutes"),
    ...switchProblems(waf, ["commonRuleSet"], field("waf")),
  ];
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
    throwProblems(this, chatApiWafProblems(props));
    // The same test as the check: a key present with an undefined value is no web ACL.
    const existingAcl = "webAclArn" in waf ? waf.webAclArn : undefined;
    if (existingAcl !== undefined) {
      this.webAclArn = existingAcl;
    } else {
      const limit = waf as Extract<WafOptions, { rateLimitPer5Minutes: number }>;
      const rules = [
        {
          name: "rate-limit-per-ip",
          priority: 1,
          action: { block: {} },
          // The provider types `statement` loosely (any): it is passed through in Terraform's snake_case.
          statement: { rate_based_statement: { limit: limit.rateLimitPer5Minutes, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
          visibilityConfig: visibility(`${props.name}-rate-limit`),
        },
        ...(limit.commonRuleSet
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
