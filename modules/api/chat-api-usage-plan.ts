import { ApiGatewayApiKey } from "@cdktf/provider-aws/lib/api-gateway-api-key";
import { ApiGatewayUsagePlan } from "@cdktf/provider-aws/lib/api-gateway-usage-plan";
import { ApiGatewayUsagePlanKey } from "@cdktf/provider-aws/lib/api-gateway-usage-plan-key";
import { Construct } from "constructs";
import { API_FIX, API_KEY_NAME_PATTERN } from "./api-formats";
import { PropError, checkIntegerRange, checkOneOf, checkPattern } from "../core/validate";

export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";
export const QUOTA_PERIODS: readonly QuotaPeriod[] = ["DAY", "WEEK", "MONTH"];

export interface UsagePlanOptions {
  /** Requests each API key may make per quotaPeriod. */
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
    checkIntegerRange(this, "quotaLimit", props.quotaLimit, 1, 2_000_000_000);
    const period = props.quotaPeriod ?? "DAY";
    checkOneOf(this, "quotaPeriod", period, QUOTA_PERIODS);
    const names = props.apiKeyNames ?? ["default"];
    if (names.length === 0 || names.length > MAX_API_KEYS) throw new PropError(this, "apiKeyNames", `must list 1–${MAX_API_KEYS} key names, got ${names.length}`);
    names.forEach((name, index) => checkPattern(this, `apiKeyNames[${index}]`, name, API_KEY_NAME_PATTERN, API_FIX.apiKeyName));
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) throw new PropError(this, "apiKeyNames", `lists "${duplicate}" twice: give each client its own name`);
    if (props.throttleRatePerSecond !== undefined) checkIntegerRange(this, "throttleRatePerSecond", props.throttleRatePerSecond, 1, 10_000);
    if (props.throttleBurstLimit !== undefined) checkIntegerRange(this, "throttleBurstLimit", props.throttleBurstLimit, 1, 5_000);
    const throttled = props.throttleRatePerSecond !== undefined || props.throttleBurstLimit !== undefined;

    const plan = new ApiGatewayUsagePlan(this, "plan", {
      name: `${props.apiName}-plan`,
      description: "Quota per API key for POST /chat",
      apiStages: [{ apiId: props.restApiId, stage: props.stageName }],
      quotaSettings: { limit: props.quotaLimit, period },
      ...(throttled ? { throttleSettings: { rateLimit: props.throttleRatePerSecond, burstLimit: props.throttleBurstLimit } } : {}),
    });
    const ids: Record<string, string> = {};
    for (const name of names) {
      const key = new ApiGatewayApiKey(this, `key-${name}`, { name: `${props.apiName}-${name}`, description: `API key of client '${name}'`, enabled: true });
      new ApiGatewayUsagePlanKey(this, `plan-key-${name}`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id });
      ids[name] = key.id;
    }
    this.apiKeyIds = ids;
  }
}
