/**
 * The chatbot configuration: its shape, and the checks that run before any construct exists.
 * Every problem is reported at once, each naming the field, the value and the fix, so that a
 * bad file stops synth before anything is written.
 *
 * Ranges that belong to a resource (memory, timeouts, retention) are checked by the constructs
 * themselves; this file checks types, formats and cross-field rules, and the chat limits against
 * the function's own table (contract/chat-limits.ts), so that synth refuses what it would refuse.
 */
import { CHAT_LIMIT_NAMES, type ChatLimitName, chatLimitRange, isValidChatLimit } from "../contract/chat-limits";
import type { ModelAccess } from "../policies/documents/model-arns";
import { allowedNewRegionsProblems, regionProblems } from "../modules/core/aws-regions";
import { bedrockAdminRoleProblems } from "../modules/bedrock/bedrock-admin-role";
import { networkChoiceProblems } from "../modules/network/private-network";
import { FIX, SECURITY_GROUP_ID_PATTERN } from "../modules/core/resource-ids";
import type { StateBackend } from "../modules/stacks/state-backend";
import { NAME_PREFIX_FIX, namePrefixProblems } from "../modules/core/validate";
import { type AlarmsConfig, API_FIELDS, type ApiConfig, readAlarms, readApi } from "./api-options";
import { Checker, type Json, isObject } from "./checker";
import { type ExistingGuardrail, readExistingAdminRole, readExistingGuardrail, readKmsKeyArn, readStateBackend } from "./existing-resources";

export type { ApiAuthorization, ResponseMode } from "./api-options";
export type FilterStrength = "LOW" | "MEDIUM" | "HIGH";

/** A validated configuration, defaults not yet applied (the constructs own their defaults). */
export interface ChatbotConfig {
  /** Prefix of resource and stack names. */
  readonly name: string;
  readonly region: string;
  /** Regions AWS opened after the module's region list (modules/core/aws-regions.ts) was written, allowed for `region` and `stateBackend.region`. */
  readonly allowedNewRegions?: readonly string[];
  /** Models the app may invoke, cross-region profiles with their destination regions filled in. The first is the default. */
  readonly models: readonly ModelAccess[];
  readonly systemPrompt?: string;
  /** The admin role to create (who may assume it), or an existing one (`existingRoleArn`). */
  readonly admin:
    | {
        readonly principalArns: readonly string[];
        readonly requireMfa?: boolean;
        readonly maxSessionDurationSeconds?: number;
        readonly denyInference?: boolean;
      }
    | { readonly existingRoleArn: string };
  /** `existing`: a published version of a guardrail made elsewhere; nothing is created. */
  readonly guardrail: {
    readonly enabled: boolean;
    readonly required: boolean;
    readonly contentFilterStrength?: FilterStrength;
    readonly existing?: ExistingGuardrail;
  };
  /** A VPC to create (`vpcCidr`, `subnetCidrs`) or an existing one (`vpcId`, `subnetIds`). */
  readonly network: ({ readonly vpcCidr: string; readonly subnetCidrs: readonly string[] } | { readonly vpcId: string; readonly subnetIds: readonly string[] }) & {
    readonly controlPlaneEndpoint: boolean;
    readonly requireSourceVpce: boolean;
    /** An existing security group for the Bedrock endpoints. */
    readonly endpointSecurityGroupId?: string;
  };
  /** An existing KMS key for logs, the function's environment and the guardrail. */
  readonly kmsKeyArn?: string;
  /** Where Terraform keeps both stacks' state. @default - local files */
  readonly stateBackend?: StateBackend;
  readonly function: {
    /** An existing security group for the function. */
    readonly securityGroupId?: string;
    readonly memorySizeMiB?: number;
    readonly timeoutSeconds?: number;
    readonly reservedConcurrency?: number;
    readonly logRetentionDays?: number;
    /** X-Ray active tracing of the function. */
    readonly xrayTracing?: boolean;
  };
  /** Request limits and logging of the chat function (its defaults apply when absent). */
  readonly chat: {
    readonly maxMessageChars?: number;
    readonly maxHistoryTurns?: number;
    readonly maxRequestBytes?: number;
    readonly maxOutputTokens?: number;
    readonly logContent?: boolean;
  };
  /** Authorization, protection, logging and tracing of the API (config/api-options.ts). */
  readonly api: ApiConfig;
  /** Alarms to an SNS topic; absent: none. */
  readonly alarms?: AlarmsConfig;
  readonly tags: Readonly<Record<string, string>>;
}

/** Destination regions of geographic inference profiles, by prefix (`us`, `eu`, …). */

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const MODEL_ID_PATTERN = /^[a-z0-9-]+\.[a-z0-9][a-z0-9._-]*(:[a-z0-9]+)*$/;

const TOP_LEVEL_FIELDS = ["name", "region", "allowedNewRegions", "models", "systemPrompt", "admin", "guardrail", "network", "function", "chat", "api", "tags", "kmsKeyArn", "stateBackend", "alarms"];

/**
 * Validates raw configuration JSON; throws a ConfigError listing every problem.
 * @param source names the configuration in errors (its file name).
 */
export function parseConfig(raw: unknown, source: string): ChatbotConfig {
  const check = new Checker();
  if (!isObject(raw)) throw new ConfigError(source, ["the file must hold a JSON object"]);
  check.unknownKeys(raw, "", TOP_LEVEL_FIELDS);

  // Types here; formats and ranges by the constructs' own checks, under the config's field names.
  const name = check.string(raw, "name", "name", undefined, NAME_PREFIX_FIX, true);
  if (name !== undefined) check.add(namePrefixProblems("name", name));
  const allowedNewRegions = raw.allowedNewRegions as string[] | undefined;
  check.add(allowedNewRegionsProblems("allowedNewRegions", allowedNewRegions));
  const region = check.string(raw, "region", "region", undefined, 'use an AWS region code such as "eu-west-1"', true);
  if (region !== undefined) check.add(regionProblems("region", region, allowedNewRegions));
  const models = readModels(check, raw);
  const systemPrompt = check.string(raw, "systemPrompt", "systemPrompt", /\S/, "give the prompt text, or leave the field out", false);

  const admin = readAdmin(check, raw);
  const guardrail = check.object(raw, "guardrail", "guardrail", ["enabled", "required", "contentFilterStrength", "arn", "version"], false) ?? {};
  const existingGuardrail = guardrail.arn === undefined && guardrail.version === undefined ? undefined : readExistingGuardrail(check, guardrail);
  const network = check.object(raw, "network", "network", ["vpcCidr", "subnetCidrs", "vpcId", "subnetIds", "endpointSecurityGroupId", "controlPlaneEndpoint", "requireSourceVpce"], true) ?? {};
  const fn = check.object(raw, "function", "function", ["securityGroupId", "memorySizeMiB", "timeoutSeconds", "reservedConcurrency", "logRetentionDays", "xrayTracing"], false) ?? {};
  const chat = check.object(raw, "chat", "chat", [...CHAT_LIMIT_NAMES, "logContent"], false) ?? {};
  const api = check.object(raw, "api", "api", API_FIELDS, false) ?? {};
  const tags = readTags(check, raw);

  const config: ChatbotConfig = {
    name: name ?? "",
    region: region ?? "",
    allowedNewRegions,
    models,
    systemPrompt,
    admin,
    guardrail: {
      enabled: check.boolean(guardrail, "enabled", "guardrail.enabled") ?? true,
      required: check.boolean(guardrail, "required", "guardrail.required") ?? true,
      contentFilterStrength: check.oneOf(guardrail, "contentFilterStrength", "guardrail.contentFilterStrength", ["LOW", "MEDIUM", "HIGH"] as const),
      existing: existingGuardrail,
    },
    network: {
      ...readNetwork(check, network),
      endpointSecurityGroupId: check.string(network, "endpointSecurityGroupId", "network.endpointSecurityGroupId", SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId, false),
      controlPlaneEndpoint: check.boolean(network, "controlPlaneEndpoint", "network.controlPlaneEndpoint") ?? false,
      requireSourceVpce: check.boolean(network, "requireSourceVpce", "network.requireSourceVpce") ?? false,
    },
    kmsKeyArn: readKmsKeyArn(check, raw),
    stateBackend: readStateBackend(check, raw, allowedNewRegions),
    function: {
      securityGroupId: check.string(fn, "securityGroupId", "function.securityGroupId", SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId, false),
      memorySizeMiB: check.integer(fn, "memorySizeMiB", "function.memorySizeMiB"),
      timeoutSeconds: check.integer(fn, "timeoutSeconds", "function.timeoutSeconds"),
      reservedConcurrency: check.integer(fn, "reservedConcurrency", "function.reservedConcurrency"),
      logRetentionDays: check.integer(fn, "logRetentionDays", "function.logRetentionDays"),
      xrayTracing: check.boolean(fn, "xrayTracing", "function.xrayTracing"),
    },
    chat: {
      maxMessageChars: chatLimit(check, chat, "maxMessageChars"),
      maxHistoryTurns: chatLimit(check, chat, "maxHistoryTurns"),
      maxRequestBytes: chatLimit(check, chat, "maxRequestBytes"),
      maxOutputTokens: chatLimit(check, chat, "maxOutputTokens"),
      logContent: check.boolean(chat, "logContent", "chat.logContent"),
    },
    api: readApi(check, api, region),
    alarms: readAlarms(check, raw, region),
    tags,
  };
  if (check.problems.length > 0) throw new ConfigError(source, check.problems);
  return config;
}

/** A chat limit, in the range the function accepts (contract/chat-limits.ts): what synth lets through, the function runs with. */
function chatLimit(check: Checker, section: Json, key: ChatLimitName): number | undefined {
  const value = section[key];
  if (value === undefined) return undefined;
  if (!isValidChatLimit(key, value)) {
    check.problem(`chat.${key}`, value, `must be ${chatLimitRange(key)}`);
    return undefined;
  }
  return value;
}

function readModels(check: Checker, raw: Json): ModelAccess[] {
  const entries = check.list(raw, "models", "models", "list at least one Bedrock model id, e.g. [\"amazon.nova-lite-v1:0\"]");
  const models: ModelAccess[] = [];
  entries.forEach((entry, index) => {
    const field = `models[${index}]`;
    const item: Json = typeof entry === "string" ? { id: entry } : isObject(entry) ? entry : {};
    if (typeof entry !== "string" && !isObject(entry)) {
      check.problem(field, entry, "must be a model id string or { \"id\": … }");
      return;
    }
    if (item.destinationRegions !== undefined) {
      check.problem(
        `${field}.destinationRegions`,
        item.destinationRegions,
        "is no longer needed: a cross-region profile's model is granted in every region but only through that profile (bedrock:InferenceProfileArn), so the policy no longer grows with each region; remove it",
      );
    }
    check.unknownKeys(item, field, ["id", "destinationRegions"]);
    const id = item.id;
    if (typeof id === "string" && id.startsWith("arn:")) {
      check.problem(`${field}.id`, id, "give the model or inference-profile id, not its ARN (the ARNs are derived per partition, region and account)");
      return;
    }
    if (typeof id !== "string" || !MODEL_ID_PATTERN.test(id)) {
      check.problem(`${field}.id`, id, "must be a Bedrock model id like \"anthropic.claude-3-5-haiku-20241022-v1:0\" or a profile id like \"us.amazon.nova-lite-v1:0\"");
      return;
    }
    models.push({ modelId: id });
  });
  const ids = models.map((m) => m.modelId);
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) check.problem(`models[${index}]`, id, "is listed twice; remove the duplicate");
  });
  return models;
}

function readAdmin(check: Checker, raw: Json): ChatbotConfig["admin"] {
  const admin = check.object(raw, "admin", "admin", ["existingRoleArn", "principalArns", "requireMfa", "maxSessionDurationSeconds", "denyInference"], true) ?? {};
  if (admin.existingRoleArn !== undefined) return { existingRoleArn: readExistingAdminRole(check, admin) ?? "" };
  const options = {
    principalArns: admin.principalArns as string[],
    requireMfa: check.boolean(admin, "requireMfa", "admin.requireMfa"),
    maxSessionDurationSeconds: check.integer(admin, "maxSessionDurationSeconds", "admin.maxSessionDurationSeconds"),
    denyInference: check.boolean(admin, "denyInference", "admin.denyInference"),
  };
  // BedrockAdminRole's own check: a list of named roles or users, a session IAM accepts.
  check.add(bedrockAdminRoleProblems(options, "admin"));
  return options;
}

/** A new VPC from CIDRs, or an existing one by id: one or the other, checked as ChatbotDataPlane checks its `network`. */
function readNetwork(check: Checker, network: Json): { vpcCidr: string; subnetCidrs: string[] } | { vpcId: string; subnetIds: string[] } {
  check.add(networkChoiceProblems(network as never, "network"));
  if (network.vpcId !== undefined || network.subnetIds !== undefined) return { vpcId: network.vpcId as string, subnetIds: network.subnetIds as string[] };
  return { vpcCidr: network.vpcCidr as string, subnetCidrs: network.subnetCidrs as string[] };
}

function readTags(check: Checker, raw: Json): Record<string, string> {
  const tags = raw.tags;
  if (tags === undefined) return {};
  if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== "string")) {
    check.problem("tags", tags, "must be an object of string values, e.g. { \"Environment\": \"dev\" }");
    return {};
  }
  return tags as Record<string, string>;
}
