import { ApiGatewayApiKey } from "@cdktf/provider-aws/lib/api-gateway-api-key";
import { ApiGatewayUsagePlan } from "@cdktf/provider-aws/lib/api-gateway-usage-plan";
import { ApiGatewayUsagePlanKey } from "@cdktf/provider-aws/lib/api-gateway-usage-plan-key";
import { Construct } from "constructs";
import { API_FIX, API_KEY_NAME_PATTERN, THROTTLE_BURST_RANGE, THROTTLE_RATE_RANGE } from "./api-formats";
import { type Problem, fieldPath, integerRangeProblems, listProblems, oneOfProblems, patternProblems, throwProblems } from "../core/validate";

export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";
export const QUOTA_PERIODS: readonly QuotaPeriod[] = ["DAY", "WEEK", "MONTH"];

export interface UsagePlanOptions {
  /** Requests each API key may make per quotaPeriod. With a usage plan the method requires an API key, on top of the authorization. */
  readonly quotaLimit: number;
  /** The period the quota counts over. @default "DAY" */
  readonly quotaPeriod?: QuotaPeriod;
  /**
   * One API key per client, by name (`<api name>-<key name>`). API Gateway generates the values;
   * read one with `aws apigateway get-api-key --include-value --api-key <id>` (ids are stack outputs).
   * @default ["default"]
   */
  readonly apiKeyNames?: readonly string[];
  /** Steady-state requests per second for each key. @default - only the stage's throttling applies */
  readonly throttleRatePerSecond?: number;
  /** Burst for each key. @default - only the stage's throttling applies */
  readonly throttleBurstLimit?: number;
}

export interface ChatApiUsagePlanProps extends UsagePlanOptions {
  /** The REST API's name; prefixes the plan's and the keys' names. */
  readonly apiName: string;
  /** The REST API the plan applies to. */
  readonly restApiId: string;
  /** The stage the plan applies to. */
  readonly stageName: string;
}

/** At most this many keys from one construct (each key is two resources). */
const MAX_API_KEYS = 10;
/** API Gateway's bounds for a quota of requests (per-key throttling: a stage's bounds, api-formats.ts). */
const QUOTA_LIMIT_RANGE = { min: 1, max: 2_000_000_000 };

/**
 * A plan API Gateway accepts: a quota of at least one request per period, a known period, 1–10
 * distinct key names (one per client) that fit a key's resource name, per-key throttling within
 * the stage's bounds. Tokens pass. `at` prefixes the fields (ChatApi's `usagePlan`, the config's
 * `api.usagePlan`).
 */
export function chatApiUsagePlanProblems(props: UsagePlanOptions, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems = integerRangeProblems(field("quotaLimit"), props.quotaLimit, QUOTA_LIMIT_RANGE, "the requests each API key may make per quotaPeriod");
  if (props.quotaPeriod !== undefined) problems.push(...oneOfProblems(field("quotaPeriod"), props.quotaPeriod, QUOTA_PERIODS));
  if (props.apiKeyNames !== undefined) {
    problems.push(
      ...listProblems(field("apiKeyNames"), props.apiKeyNames, {
        count: { min: 1, max: MAX_API_KEYS, fix: `list 1–${MAX_API_KEYS} key names, one per client, e.g. ["web", "partner-a"]; leave it out for one key named "default"` },
        entry: (where, name) => patternProblems(where, name as string, API_KEY_NAME_PATTERN, API_FIX.apiKeyName),
        duplicates: { fix: "give each client its own name" },
      }),
    );
  }
  if (props.throttleRatePerSecond !== undefined) problems.push(...integerRangeProblems(field("throttleRatePerSecond"), props.throttleRatePerSecond, THROTTLE_RATE_RANGE, "each key's steady requests per second"));
  if (props.throttleBurstLimit !== undefined) problems.push(...integerRangeProblems(field("throttleBurstLimit"), props.throttleBurstLimit, THROTTLE_BURST_RANGE, "each key's burst of requests"));
  return problems;
}

/**
 * A usage plan on the stage with its API keys: each key gets the quota (and optional per-key
 * throttling). The method requires an API key whenever a plan exists, on top of its authorization.
 * API keys identify clients for quotas; they are not an authentication mechanism.
 */
export class ChatApiUsagePlan extends Construct {
  /** Ids of the API keys by name (never their values). */
  readonly apiKeyIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ChatApiUsagePlanProps) {
    super(scope, id);
    throwProblems(this, chatApiUsagePlanProblems(props));
    const period = props.quotaPeriod ?? "DAY";
    const names = props.apiKeyNames ?? ["default"];
    const throttled = props.throttleRatePerSecond !== undefined || props.throttleBurstLimit !== undefined;

    const plan = new ApiGatewayUsagePlan(this, "plan", {
      name: `${props.apiName}-plan`,
      description: "Quota per API key for POST /chat",
      apiStages: [{ apiId: props.restApiId, stage: props.stageName }],
      quotaSettings: { limit: props.quotaLimit, period },
      ...(throttled ? { throttleSettings: { rateLimit: props.throttleRatePerSecond, burstLimit: props.throttleBurstLimit } } : {}),
    });
    // A prototype-free map: a key named "__proto__" or "constructor" is a key like any other.
    const ids: Record<string, string> = Object.create(null);
    for (const name of names) {
      const key = new ApiGatewayApiKey(this, `key-${name}`, { name: `${props.apiName}-${name}`, description: `API key of client '${name}'`, enabled: true });
      new ApiGatewayUsagePlanKey(this, `plan-key-${name}`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id });
      ids[name] = key.id;
    }
    this.apiKeyIds = ids;
  }
}
