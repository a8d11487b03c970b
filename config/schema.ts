/**
 * The chatbot configuration: its shape, and the checks that run before any construct exists.
 * Every problem is reported at once, each naming the field, the value and the fix, so that a
 * bad file stops synth before anything is written.
 *
 * This file reads the JSON into the constructs' props: types, unknown keys, and the shapes that
 * exist only in the file (a model as a string, an existing guardrail by ARN). Formats and ranges
 * are judged by each construct's own `<construct>Problems` function, run here with the config path
 * as its prefix, so that the file refuses exactly what synth would refuse, and says so up front,
 * with every other problem of the file.
 */
import type { ModelAccess } from "../policies/documents/model-arns";
import { allowedNewRegionsProblems, regionProblems, samePartitionProblems } from "../modules/core/aws-regions";
import { bedrockGuardrailProblems } from "../modules/bedrock/bedrock-guardrail";
import { type ModelCheckContext, allowedNewModelsProblems, modelsProblems } from "../modules/core/model-ids";
import type { ChatFunctionOptions } from "../modules/function/chat-function";
import type { ChatOptions } from "../modules/function/chat-options";
import type { AlarmOptions } from "../modules/observability/chat-alarms";
import { networkChoiceProblems } from "../modules/network/private-network";
import { NETWORK_SOURCES_FIX, type NetworkSources, networkSourcesProblems } from "../modules/network/network-sources";
import { FIX, SECURITY_GROUP_ID_PATTERN } from "../modules/core/resource-ids";
import type { StateBackend } from "../modules/stacks/state-backend";
import { NAME_PREFIX_FIX, namePrefixProblems } from "../modules/core/validate";
import { ADMIN_SECTION, ALARMS_SECTION, API_SECTION, type AdminOptions, type ApiOptions, CHAT_SECTION, CONFIG_FIELDS, FUNCTION_SECTION } from "./chatbot-fields";
import { Checker, type Json, isObject } from "./checker";
import { type Field, keysOf, readOptions, readSection } from "./fields";
import { nonLiteralProblems } from "./literal-values";
import { tagsProblems } from "../modules/core/tags";
import { type ExistingGuardrail, readExistingAdminRole, readExistingGuardrail, readKmsKeyArn, readStateBackend } from "./existing-resources";

export type { ApiAuthorization, ResponseMode } from "../modules/api/chat-api";
export type FilterStrength = "LOW" | "MEDIUM" | "HIGH";

/** A validated configuration, defaults not yet applied (the constructs own their defaults). */
export interface ChatbotConfig {
  /** Prefix of resource and stack names. */
  readonly name: string;
  readonly region: string;
  /** Regions AWS opened after the module's region list (modules/core/aws-regions.ts) was written, allowed for `region` and `stateBackend.region`. */
  readonly allowedNewRegions?: readonly string[];
  /** Models the app may invoke (foundation models or inference profiles); the first is the one it calls. */
  readonly models: readonly ModelAccess[];
  /** Model ids AWS added after the module's model list (policies/catalogue/bedrock-models.json) was taken, allowed in `models`. */
  readonly allowedNewModels?: readonly string[];
  readonly systemPrompt?: string;
  /** The admin role to create (who may assume it), or an existing one (`existingRoleArn`). */
  readonly admin: AdminOptions | { readonly existingRoleArn: string };
  /** `existing`: a published version of a guardrail made elsewhere; nothing is created. */
  readonly guardrail: {
    readonly enabled: boolean;
    readonly required: boolean;
    readonly contentFilterStrength?: FilterStrength;
    readonly existing?: ExistingGuardrail;
  };
  /** A VPC to create (`vpcCidr`, `subnetCidrs`) or an existing one (`vpcId`, `subnetIds`). */
  readonly network: ({ readonly vpcCidr: string; readonly subnetCidrs: readonly string[] } | { readonly vpcId: string; readonly subnetIds: readonly string[] }) & {
    /** Who may reach the `bedrock` control-plane endpoint; absent: no such endpoint. */
    readonly controlPlaneEndpoint?: NetworkSources;
    readonly requireSourceVpce: boolean;
    /** An existing security group for the Bedrock endpoints. */
    readonly endpointSecurityGroupId?: string;
  };
  /** An existing KMS key for logs, the function's environment and the guardrail. */
  readonly kmsKeyArn?: string;
  /** Where Terraform keeps both stacks' state. @default - local files */
  readonly stateBackend?: StateBackend;
  /** ChatFunction's options, as the section declared in config/chatbot-fields.ts. */
  readonly function: ChatFunctionOptions;
  /** Request limits and logging of the chat function (its defaults apply when absent). */
  readonly chat: ChatOptions;
  /** Authorization, protection, logging and tracing of the API. */
  readonly api: ApiOptions;
  /** Alarms to an SNS topic; absent: none. */
  readonly alarms?: AlarmOptions;
  readonly tags: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The keys a hand-read section accepts, as config/chatbot-fields.ts declares them. */
const keysOfSection = (name: string): string[] => keysOf(CONFIG_FIELDS[name] as Field);

/**
 * Validates raw configuration JSON; throws a ConfigError listing every problem.
 * @param source names the configuration in errors (its file name).
 */
export function parseConfig(raw: unknown, source: string): ChatbotConfig {
  const check = new Checker();
  if (!isObject(raw)) throw new ConfigError(source, ["the file must hold a JSON object"]);
  // Template syntax or cdktf tokens would pass every check below as plan-time values: refused first, and alone.
  const nonLiteral = nonLiteralProblems(raw);
  if (check.add(nonLiteral)) throw new ConfigError(source, check.problems);
  check.unknownKeys(raw, "", Object.keys(CONFIG_FIELDS));

  // Types here; formats and ranges by the constructs' own checks, under the config's field names.
  const name = check.string(raw, "name", "name", undefined, NAME_PREFIX_FIX, true);
  if (name !== undefined) check.add(namePrefixProblems("name", name));
  // Read only once it is a list of region codes: the region checks below look regions up in it.
  const allowedNewRegions = check.add(allowedNewRegionsProblems("allowedNewRegions", raw.allowedNewRegions as string[] | undefined)) ? undefined : (raw.allowedNewRegions as string[] | undefined);
  const region = check.string(raw, "region", "region", undefined, 'use an AWS region code such as "eu-west-1"', true);
  if (region !== undefined) check.add(regionProblems("region", region, allowedNewRegions));
  const allowedNewModels = check.add(allowedNewModelsProblems("allowedNewModels", raw.allowedNewModels as string[] | undefined)) ? undefined : (raw.allowedNewModels as string[] | undefined);
  const models = readModels(check, raw, { region, allowedNewModels });
  const systemPrompt = check.string(raw, "systemPrompt", "systemPrompt", /\S/, "give the prompt text, or leave the field out", false);

  const admin = readAdmin(check, raw, region);
  const guardrail = check.object(raw, "guardrail", "guardrail", keysOfSection("guardrail"), false) ?? {};
  // A guardrail is brought (arn, version) or created (its options): each is read, and judged, only as what it is.
  const bringsGuardrail = guardrail.arn !== undefined || guardrail.version !== undefined;
  const existingGuardrail = bringsGuardrail ? readExistingGuardrail(check, guardrail, region) : undefined;
  const guardrailOptions = bringsGuardrail ? {} : readGuardrailOptions(check, guardrail);
  const network = check.object(raw, "network", "network", keysOfSection("network"), true) ?? {};
  // The sections passed to a construct as they are: read, and judged by its own check, as declared.
  const context = { region };
  const tags = readTags(check, raw);
  const functionOptions = readSection(check, raw, "function", FUNCTION_SECTION, context) ?? {};

  const config: ChatbotConfig = {
    name: name ?? "",
    region: region ?? "",
    allowedNewRegions,
    models,
    allowedNewModels,
    systemPrompt,
    admin,
    guardrail: {
      enabled: check.boolean(guardrail, "enabled", "guardrail.enabled") ?? true,
      required: check.boolean(guardrail, "required", "guardrail.required") ?? true,
      contentFilterStrength: guardrailOptions.contentFilterStrength,
      existing: existingGuardrail,
    },
    network: {
      ...readNetwork(check, network),
      endpointSecurityGroupId: check.string(network, "endpointSecurityGroupId", "network.endpointSecurityGroupId", SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId, false),
      controlPlaneEndpoint: readControlPlaneEndpoint(check, network, functionOptions),
      requireSourceVpce: check.boolean(network, "requireSourceVpce", "network.requireSourceVpce") ?? false,
    },
    kmsKeyArn: readKmsKeyArn(check, raw, region),
    stateBackend: readStateBackend(check, raw, allowedNewRegions),
    function: functionOptions,
    chat: readSection(check, raw, "chat", CHAT_SECTION, context) ?? {},
    api: readSection(check, raw, "api", API_SECTION, context) ?? {},
    alarms: readSection(check, raw, "alarms", ALARMS_SECTION, context),
    tags,
  };
  if (check.problems.length > 0) throw new ConfigError(source, check.problems);
  return config;
}

/** The options of a guardrail the module creates, judged by BedrockGuardrail's own check (its name is `<name>-chat`, judged as `name`). */
function readGuardrailOptions(check: Checker, guardrail: Json): { contentFilterStrength?: FilterStrength } {
  const contentFilterStrength = check.string(guardrail, "contentFilterStrength", "guardrail.contentFilterStrength", undefined, 'must be one of "LOW", "MEDIUM", "HIGH"', false);
  const options = { contentFilterStrength: contentFilterStrength as FilterStrength | undefined };
  check.add(bedrockGuardrailProblems(options, "guardrail"));
  return options;
}

/**
 * The model list: a string or `{ "id" }` per entry, read into ModelAccess; the ids are judged by
 * the check ChatAppRole and ChatbotDataPlane run (modelsProblems), under the file's field names,
 * against what Bedrock offers in the file's region (`context.region`; a malformed or new region
 * is judged by every region's ids).
 */
function readModels(check: Checker, raw: Json, context: ModelCheckContext): ModelAccess[] {
  const entries = check.list(raw, "models", "models", "list at least one Bedrock model id, e.g. [\"amazon.nova-lite-v1:0\"]");
  const models: ModelAccess[] = [];
  // The check names `models[0].modelId`; the file calls it `models[0].id`, or `models[0]` when the entry is not a string or an object.
  const rename: Record<string, string> = {};
  entries.forEach((entry, index) => {
    const field = `models[${index}]`;
    const item: Json = typeof entry === "string" ? { id: entry } : isObject(entry) ? entry : { id: entry };
    rename[`${field}.modelId`] = typeof entry === "string" || isObject(entry) ? `${field}.id` : field;
    models.push({ modelId: item.id as string });
    if (item.destinationRegions !== undefined) {
      check.problem(
        `${field}.destinationRegions`,
        item.destinationRegions,
        "is no longer needed: a cross-region profile's model is granted in every region but only through that profile (bedrock:InferenceProfileArn), so the policy no longer grows with each region; remove it",
      );
    }
    check.unknownKeys(item, field, ["id", "destinationRegions"]);
  });
  // An empty or missing list was named above, in the file's words.
  if (models.length > 0) check.add(modelsProblems(models, "models", context), rename);
  return models;
}

/** `region` is the configuration's: the admin role's principals (or the role itself) must be of its partition. */
function readAdmin(check: Checker, raw: Json, region: string | undefined): ChatbotConfig["admin"] {
  const admin = check.object(raw, "admin", "admin", keysOf(ADMIN_SECTION), true) ?? {};
  if (admin.existingRoleArn !== undefined) {
    check.add(samePartitionProblems("admin.existingRoleArn", admin.existingRoleArn, region));
    return { existingRoleArn: readExistingAdminRole(check, admin) ?? "" };
  }
  // A role to create: BedrockAdminRole's own options and check (named roles or users, a session IAM accepts).
  const options = readOptions(check, admin, "admin", ADMIN_SECTION);
  if (Array.isArray(options.principalArns)) options.principalArns.forEach((arn, index) => check.add(samePartitionProblems(`admin.principalArns[${index}]`, arn, region)));
  return options;
}

/** A new VPC from CIDRs, or an existing one by id: one or the other, checked as ChatbotDataPlane checks its `network`. */
function readNetwork(check: Checker, network: Json): { vpcCidr: string; subnetCidrs: string[] } | { vpcId: string; subnetIds: string[] } {
  check.add(networkChoiceProblems(network as never, "network"));
  if (network.vpcId !== undefined || network.subnetIds !== undefined) return { vpcId: network.vpcId as string, subnetIds: network.subnetIds as string[] };
  return { vpcCidr: network.vpcCidr as string, subnetCidrs: network.subnetCidrs as string[] };
}

/**
 * The control-plane endpoint: `false` (or absent) for none, or the sources that may reach it,
 * judged as ChatbotDataPlane judges them (never the function's group or subnets). `true` names
 * nobody: such an endpoint could be used by no one, so it is refused with the fix.
 */
function readControlPlaneEndpoint(check: Checker, network: Json, functionOptions: ChatFunctionOptions): NetworkSources | undefined {
  const value = network.controlPlaneEndpoint;
  const field = "network.controlPlaneEndpoint";
  if (value === undefined || value === false) return undefined;
  if (!isObject(value)) {
    const why = value === true ? "an endpoint with no network source is one nobody can reach" : "must be false, or an object naming who may connect";
    check.problem(field, value, `${why}: ${NETWORK_SOURCES_FIX}`);
    return undefined;
  }
  const sources = value as NetworkSources;
  const subnetCidrs = Array.isArray(network.subnetCidrs) ? network.subnetCidrs.filter((cidr): cidr is string => typeof cidr === "string") : undefined;
  const functionGroup = typeof functionOptions.securityGroupId === "string" ? [functionOptions.securityGroupId] : [];
  check.add(networkSourcesProblems(sources, field, { securityGroupIds: functionGroup, cidrBlocks: subnetCidrs }));
  return sources;
}

function readTags(check: Checker, raw: Json): Record<string, string> {
  const tags = raw.tags;
  if (tags === undefined) return {};
  if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== "string")) {
    check.problem("tags", tags, "must be an object of string values, e.g. { \"Environment\": \"dev\" }");
    return {};
  }
  // The stacks' own check (their defaultTags), under the config's field name.
  check.add(tagsProblems("tags", tags as Record<string, string>));
  return tags as Record<string, string>;
}
