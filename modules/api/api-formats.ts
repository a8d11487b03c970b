/**
 * Formats and bounds of the values that configure the API's protection and alarms (CORS origins,
 * Cognito user pools, WAF web ACLs, SNS topics, throttling, timeouts). Plain regular expressions
 * and numbers with no imports, shared by the constructs' guards and the configuration schema, so
 * that a value one accepts the other accepts.
 */
const PARTITION = "aws[a-z-]*";
const REGION = "([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d)";
const ACCOUNT = "\\d{12}";
const HOST_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const PORT = "(?::\\d{1,5})?";

/**
 * A browser origin as the `Origin` header carries it: `https://host[:port]`, lower case, no path
 * and no trailing slash; plain `http://` only for localhost (local development).
 */
export const CORS_ORIGIN_PATTERN = new RegExp(`^(?:https://${HOST_LABEL}(?:\\.${HOST_LABEL})*${PORT}|http://(?:localhost|127\\.0\\.0\\.1)${PORT})$`);
/** The one origin that is not a list entry: any origin, never with credentials. */
export const ANY_ORIGIN = "*";
/** At most this many origins: each one is compared in the preflight template and passed in the function's environment. */
export const MAX_CORS_ORIGINS = 10;

/** A Cognito user pool ARN; group 1 is its region. */
export const USER_POOL_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:cognito-idp:${REGION}:${ACCOUNT}:userpool/[a-z]{2}(?:-gov)?-[a-z]+-\\d_[A-Za-z0-9]+$`);
/** A regional WAFv2 web ACL ARN (API Gateway takes regional ACLs only); group 1 is its region. */
export const WEB_ACL_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:wafv2:${REGION}:${ACCOUNT}:regional/webacl/[\\w-]{1,128}/[0-9a-f-]{36}$`);
/** A standard SNS topic ARN (alarms cannot publish to FIFO topics); group 1 is its region. */
export const SNS_TOPIC_ARN_PATTERN = new RegExp(`^arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:[\\w-]{1,256}$`);

/** API Gateway's bounds for throttling, a stage's and an API key's alike. */
export const THROTTLE_RATE_RANGE = { min: 1, max: 10_000 } as const;
export const THROTTLE_BURST_RANGE = { min: 1, max: 5_000 } as const;
/** API Gateway's bounds for an integration's timeout; provider 6.25.0 caps it at 300 000 ms. */
export const INTEGRATION_TIMEOUT_RANGE = { min: 50, max: 300_000 } as const;
/**
 * A buffered REST integration's timeout without a quota increase. Regional and private REST APIs
 * may go up to 300 000 ms once Service Quotas raises "Maximum integration timeout in
 * milliseconds" for the Region (which may lower the account's throttle quota); until then API
 * Gateway refuses the integration at apply.
 */
export const BUFFERED_INTEGRATION_TIMEOUT_QUOTA_MS = 29_000;
/** WAF's bounds for a rate-based rule's limit (requests per IP in the evaluation window). */
export const WAF_RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;
/** API key names in a usage plan: what API Gateway allows, kept short for the key's resource name. */
export const API_KEY_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const API_FIX = {
  corsOrigin: 'give an origin like "https://chat.example.com" (https, lower case, no path or trailing slash) or "http://localhost:3000"',
  anyOriginWithCredentials: 'a "*" origin with allowCredentials would let every site read answers with the user\'s credentials; list the origins, or set allowCredentials to false',
  anyOriginAlone: 'a "*" origin admits every site already; give it alone or list the origins',
  userPoolArn: 'give a Cognito user pool ARN, e.g. "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123"',
  webAclArn: 'give a regional WAFv2 web ACL ARN, e.g. "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/chat/1234abcd-12ab-34cd-56ef-1234567890ab"',
  snsTopicArn: 'give a standard SNS topic ARN, e.g. "arn:aws:sns:eu-west-1:111122223333:chatbot-alarms"',
  apiKeyName: "use 1–64 letters, digits, '-' or '_'",
} as const;
