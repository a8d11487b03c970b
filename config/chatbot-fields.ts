/**
 * Every field of a chatbot configuration file, in the order the configuration table lists them
 * (config/fields.ts says what a declaration here drives). Sections passed to a construct as they
 * are name the construct's own option list, so a new option is: the prop (with its JSDoc and its
 * check), its name in the construct's option list, and its JSON kind here (TypeScript asks for it).
 */
import { CHAT_LIMITS, CHAT_LIMIT_NAMES, chatLimitRange } from "../contract/chat-limits";
import { chatApiProblems } from "../modules/api/chat-api";
import type { CorsOptions } from "../modules/api/chat-api-cors";
import type { UsagePlanOptions } from "../modules/api/chat-api-usage-plan";
import type { WafOptions } from "../modules/api/chat-api-waf";
import { type BedrockAdminRoleProps, bedrockAdminRoleProblems } from "../modules/bedrock/bedrock-admin-role";
import { type ChatFunctionOptions, chatFunctionProblems } from "../modules/function/chat-function";
import { type ChatOptions, chatOptionsProblems } from "../modules/function/chat-options";
import { type AlarmOptions, alarmOptionsProblems } from "../modules/observability/chat-alarms";
import type { ChatbotDataPlaneProps } from "../modules/stacks/chatbot-data-plane";
import { type Field, hand, propsSection } from "./fields";

/** The admin role's options a configuration sets (its name comes from `name`). */
export type AdminOptions = Pick<BedrockAdminRoleProps, "principalArns" | "requireMfa" | "maxSessionDurationSeconds" | "denyInference">;

/** ChatbotDataPlane's API options, but for the integration timeout (and its quota acknowledgement), which follows the response mode. */
export type ApiOptions = Omit<NonNullable<ChatbotDataPlaneProps["api"]>, "integrationTimeoutMs" | "integrationTimeoutQuotaRaised">;

/** Either WAF choice's fields, each optional; which one is given is ChatApi's check. */
type WafFields = Partial<Extract<WafOptions, { webAclArn: string }>> & Partial<Extract<WafOptions, { rateLimitPer5Minutes: number }>>;

export const ADMIN_SECTION = propsSection<AdminOptions>(
  "BedrockAdminRoleProps",
  { principalArns: "strings", requireMfa: "boolean", maxSessionDurationSeconds: "integer", denyInference: "boolean" },
  {
    extra: {
      existingRoleArn: hand("ARN", "none", "**Bring your own admin role** instead of `principalArns` and its options: no admin role is created; the control-plane endpoint admits this one"),
    },
    problems: (options, at) => bedrockAdminRoleProblems(options, at),
  },
);

export const FUNCTION_SECTION = propsSection<ChatFunctionOptions>(
  "ChatFunctionProps",
  { memorySizeMiB: "integer", timeoutSeconds: "integer", reservedConcurrency: "integer", logRetentionDays: "integer", securityGroupId: "string", xrayTracing: "boolean" },
  { problems: (options, at) => chatFunctionProblems(options, at) },
);

export const CHAT_SECTION = propsSection<ChatOptions>(
  "ChatOptions",
  { maxMessageChars: "integer", maxHistoryTurns: "integer", maxRequestBytes: "integer", maxOutputTokens: "integer", logContent: "boolean" },
  {
    // What the function applies without a value, and accepts with one: the contract's, written once.
    facts: Object.fromEntries(CHAT_LIMIT_NAMES.map((name) => [name, { default: `\`${CHAT_LIMITS[name].default}\``, range: chatLimitRange(name) }])),
    problems: (options, at) => chatOptionsProblems(options, at),
  },
);

export const API_SECTION = propsSection<ApiOptions>(
  "ChatApiProps",
  {
    authorization: "string",
    cognitoUserPoolArns: "strings",
    responseMode: "string",
    stageName: "string",
    throttleRatePerSecond: "integer",
    throttleBurstLimit: "integer",
    accessLogging: "boolean",
    executionLogLevel: "string",
    dataTraceEnabled: "boolean",
    xrayTracing: "boolean",
    accountCloudWatchRole: "boolean",
    cors: propsSection<CorsOptions>("CorsOptions", { allowedOrigins: "strings", allowCredentials: "boolean" }),
    usagePlan: propsSection<UsagePlanOptions>("UsagePlanOptions", {
      quotaLimit: "integer",
      quotaPeriod: "string",
      apiKeyNames: "strings",
      throttleRatePerSecond: "integer",
      throttleBurstLimit: "integer",
    }),
    waf: propsSection<WafFields>("WafOptions", { webAclArn: "string", rateLimitPer5Minutes: "integer", commonRuleSet: "boolean" }),
  },
  { problems: (options, at, { region }) => chatApiProblems(options, at, region) },
);

export const ALARMS_SECTION = propsSection<AlarmOptions>(
  "AlarmOptions",
  { topicArn: "string", createTopic: "boolean", inputTokensPerHour: "integer", outputTokensPerHour: "integer" },
  { problems: (options, at, { region }) => alarmOptionsProblems(options, at, region) },
);

export const CONFIG_FIELDS: Readonly<Record<string, Field>> = {
  name: hand("string", "required", "Prefix of stack and resource names, 3–30 of `a-z0-9-` (`chatbot-prod`)"),
  region: hand(
    "string",
    "required",
    "AWS region of both stacks. Checked against the known regions of its partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc` and the isolated ones; the list in `config/data/aws-regions.json`, from the AWS SDK's partitions table), so a typo (`eu-wset-1`) or a region that does not exist (`us-east-3`) stops synth with a \"did you mean\"",
  ),
  allowedNewRegions: hand(
    "list",
    "`[]`",
    "Regions AWS opened after that list was written, e.g. `[\"xx-east-1\"]`: allowed for `region` and `stateBackend.region` (the stacks' `allowedNewRegions` prop does the same). Remove the entry once the list is refreshed",
  ),
  models: hand(
    "list",
    "required",
    "Model ids the app may invoke; the first is the one it calls. A string (`\"amazon.nova-lite-v1:0\"`, `\"eu.anthropic.claude-sonnet-4-20250514-v1:0\"`, `\"global.…\"`) or `{ \"id\" }`. Each must be offered in `region`: a foundation model invokable there on demand, or a cross-region inference profile callable from there (`policies/catalogue/bedrock-models.json` in the repository, from AWS's model lists per region), so a typo (`amazon.nova-lite-v1`), a retired model or a profile of another geography (`eu.` in `us-east-1`) stops synth with a \"did you mean\"",
  ),
  allowedNewModels: hand(
    "list",
    "`[]`",
    "Model ids AWS added after that list was taken, e.g. `[\"vendor.model-v9:0\"]`: allowed in `models` as they are (the stacks' and ChatbotDataPlane's `allowedNewModels` prop does the same). Remove the entry once the list is refreshed (`scripts/update-models.py`)",
  ),
  systemPrompt: hand("string", "none", "Added server-side to every conversation; clients cannot override it. It travels in the function's environment, which Lambda caps at 4 KB for all variables together: a prompt that does not fit stops synth, saying how many bytes are left for it (about 3.8–4 KB)"),
  admin: ADMIN_SECTION,
  guardrail: hand("object", "", "", {
    enabled: hand("boolean", "`true`", "Create a guardrail and make the app apply it"),
    required: hand("boolean", "`true`", "Deny the app any inference that does not apply this guardrail version (`bedrock:GuardrailIdentifier`)"),
    contentFilterStrength: hand("`LOW`/`MEDIUM`/`HIGH`", "`HIGH`", "Strength of the hate/insults/sexual/violence/misconduct filters"),
    arn: hand("ARN", "none", `**Bring your own guardrail** (with \`version\`): a published version of a guardrail made elsewhere; nothing is created, the app applies this one`),
    version: hand("string", "none", "The published version of `guardrail.arn` to apply (a number; not `DRAFT`)"),
  }),
  network: hand("object", "", "", {
    vpcCidr: hand("CIDR", "required", "`/16`–`/28`"),
    subnetCidrs: hand("list of CIDR", "required", "At least two, inside `vpcCidr`, not overlapping; one isolated subnet per availability zone, in order (Local and Wavelength Zones are not used): more CIDRs than the region has zones fail the plan"),
    vpcId: hand(
      "string",
      "none",
      `**Bring your own VPC** (with \`subnetIds\`) instead of \`vpcCidr\`/\`subnetCidrs\`. The module then creates no VPC, subnet, route table or default-group rule; the VPC needs DNS support and hostnames on, and its routes are yours`,
    ),
    subnetIds: hand("list", "none", "The subnets of `network.vpcId` the function and the endpoints use: at least two, in different availability zones"),
    controlPlaneEndpoint: hand(
      "`false` or `{ securityGroupIds?, cidrBlocks?, prefixListIds? }`",
      "`false`",
      "Add the `bedrock` control-plane endpoint for the administrators' tools in the VPC: its policy admits the admin role only, its own security group HTTPS from the sources named here only (at least one: security groups such as the admins' bastion, SSM hosts or CI runners; IPv4 ranges such as a VPN's, never `0.0.0.0/0` nor one overlapping `network.subnetCidrs`; managed prefix lists), never from the chat function. `true` is refused: an endpoint nobody can reach",
    ),
    requireSourceVpce: hand(
      "boolean",
      "`false`",
      "Allow the app's direct Bedrock calls only through the runtime endpoint (`aws:SourceVpce`), in its policy and its permissions boundary (the endpoint's policy becomes an `aws_vpc_endpoint_policy` resource, so that the boundary can name the endpoint without a cycle). Cross-region hops are authorized by Bedrock outside the endpoint, so the profile-routed grants carry no such condition",
    ),
    endpointSecurityGroupId: hand("`sg-…`", "a new group", `**Bring your own security group** for the bedrock-runtime endpoint; the module adds HTTPS from the function to it`),
  }),
  function: FUNCTION_SECTION,
  chat: CHAT_SECTION,
  api: API_SECTION,
  alarms: ALARMS_SECTION,
  kmsKeyArn: hand(
    "KMS key ARN",
    "a key is created",
    `**Bring your own KMS key** (not an alias) for the log groups, the function's environment, the alarm topic and the guardrail; no key is created. Its policy must let \`logs.<region>.amazonaws.com\` use it (and \`cloudwatch.amazonaws.com\` with \`alarms.createTopic\`). Without it the data plane creates one key (see [Security](security.md))`,
  ),
  stateBackend: hand(
    "object",
    "local",
    "`{ \"type\": \"s3\", \"bucket\", \"region\"?, \"keyPrefix\"?, \"kmsKeyArn\"? }`: state in S3 (`<keyPrefix>/<stack>.tfstate`, encrypted), locked by S3's native lock file (`use_lockfile`, Terraform ≥ 1.10; no DynamoDB table). `kmsKeyArn` is the key's ARN as KMS shows it: Terraform's S3 backend refuses a key id that is not an RFC 4122 UUID or an `mrk-` id (AWS's documentation example `1234abcd-12ab-34cd-56ef-…` among them), so synth does too",
  ),
  tags: hand(
    "object",
    "`{}`",
    "Default tags on every resource. AWS's rules are checked at synth: at most 48 (AWS allows 50 per resource and the module adds `BedrockChatbot` everywhere and `Name` or `BedrockPlane` on some), keys of 1–128 characters not starting with `aws:` and not the module's own, values of at most 256, letters, digits, spaces and `_ . : / = + - @` only",
  ),
};
