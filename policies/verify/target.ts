/**
 * What the proof verifies, read from the data-plane stack's Terraform outputs and the command's
 * flags (a flag wins over an output). Pure: the outputs arrive as parsed `terraform output -json`.
 * Everything the proof cannot work without is checked here, so that a missing output or a value
 * of the wrong shape stops it with one line before any AWS call.
 */
import { modelIdFault } from "../../contract/model-id";
// The identifier formats the constructs and the configuration hold literal values to (a file with no imports).
import { FIX, GUARDRAIL_ARN_PATTERN, REGION_PATTERN, ROLE_ARN_PATTERN } from "../../modules/core/resource-ids";
import { VerifyInputError } from "./errors";

export type ApiAuthorization = "AWS_IAM" | "COGNITO_USER_POOLS" | "NONE";
export const API_AUTHORIZATIONS: readonly ApiAuthorization[] = ["AWS_IAM", "COGNITO_USER_POOLS", "NONE"];

export interface GuardrailTarget {
  readonly arn: string;
  readonly version: string;
}

export interface VerifyTarget {
  /** Where the values came from, for the report: a stack folder, or "command-line flags". */
  readonly source: string;
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
  /** The application role: what the simulator evaluates. */
  readonly roleArn: string;
  /** In configuration order: the chat function calls the first. */
  readonly modelIds: readonly string[];
  readonly guardrail?: GuardrailTarget;
  /** The bedrock-runtime endpoint and the VPC: the network context the application's calls carry. */
  readonly runtimeEndpointId?: string;
  readonly vpcId?: string;
  /** `POST /chat`; absent when the chat call is skipped. */
  readonly apiUrl?: string;
  readonly authorization: ApiAuthorization;
  /** The stage's usage plan requires an API key (`x-api-key`). */
  readonly apiKeyRequired: boolean;
  /** Where the function logs AWS's exact error of a failed call. */
  readonly functionName?: string;
  readonly accessLogGroupName?: string;
}

/** Values given on the command line; each replaces the output of the same meaning. */
export interface TargetFlags {
  readonly roleArn?: string;
  readonly apiUrl?: string;
  readonly region?: string;
  readonly models?: readonly string[];
  readonly authorization?: string;
  readonly guardrailArn?: string;
  readonly guardrailVersion?: string;
  readonly vpcEndpointId?: string;
  readonly vpcId?: string;
  readonly functionName?: string;
  /** Skip the chat call: the API's URL and authorization are then not needed. */
  readonly noChat?: boolean;
}

/** The outputs of `terraform output -json`, by name: `{ name: { value, type, sensitive } }` → `{ name: value }`. */
export function outputValues(json: unknown, where: string): Readonly<Record<string, unknown>> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new VerifyInputError(`${where}: terraform output -json printed no JSON object; run it yourself to see why`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(json)) {
    if (typeof output === "object" && output !== null && "value" in output) values[name] = (output as { value: unknown }).value;
  }
  return values;
}

/** `https://{api-id}.execute-api.{region}.amazonaws.com[.cn]/{stage}/chat`; group 1 is the region. */
const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** Builds the target from the stack's outputs (none with flags only) and the flags. */
export function verifyTarget(outputs: Readonly<Record<string, unknown>>, flags: TargetFlags, source: string): VerifyTarget {
  const text = (name: string, flag: string | undefined): string | undefined => {
    if (flag !== undefined) return flag;
    const value = outputs[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw new VerifyInputError(`${source}: output ${name} should be a string, got ${JSON.stringify(value)}`);
    return value;
  };
  const required = (name: string, flag: string | undefined, option: string): string => {
    const value = text(name, flag);
    if (value === undefined) throw new VerifyInputError(`${source}: no output ${name} (deployed with an older version of the stack?): apply the stack again, or pass ${option}`);
    return value;
  };

  const roleArn = required("app_role_arn", flags.roleArn, "--role-arn");
  if (!ROLE_ARN_PATTERN.test(roleArn)) throw new VerifyInputError(`--role-arn / app_role_arn: ${FIX.roleArn}, got ${roleArn}`);
  // arn:<partition>:iam::<account>:role/<name>
  const [, partition, , , accountId] = roleArn.split(":");

  const modelIds = models(outputs.chat_model_ids, flags.models, source);
  const apiUrl = flags.noChat ? undefined : chatUrl(required("chat_api_url", flags.apiUrl, "--api-url"));
  // Without the chat call the URL is still where the region is read from, when the stack has it.
  const regionUrl = apiUrl ?? optionalUrl(text("chat_api_url", flags.apiUrl));
  const region = regionOf(flags.region, regionUrl);
  const authorization = flags.noChat ? "AWS_IAM" : authorizationOf(required("chat_api_authorization", flags.authorization, "--authorization"));
  const guardrailArn = text("guardrail_arn", flags.guardrailArn);
  const guardrailVersion = text("guardrail_version", flags.guardrailVersion);
  if ((guardrailArn === undefined) !== (guardrailVersion === undefined)) {
    throw new VerifyInputError("give the guardrail's ARN and its version together (--guardrail-arn and --guardrail-version), or neither");
  }
  if (guardrailArn !== undefined && !GUARDRAIL_ARN_PATTERN.test(guardrailArn)) {
    throw new VerifyInputError(`--guardrail-arn / guardrail_arn: ${FIX.guardrailArn}, got ${guardrailArn}`);
  }
  return {
    source,
    region,
    partition,
    accountId,
    roleArn,
    modelIds,
    ...(guardrailArn !== undefined && guardrailVersion !== undefined ? { guardrail: { arn: guardrailArn, version: guardrailVersion } } : {}),
    ...definedOnly({
      runtimeEndpointId: text("bedrock_runtime_endpoint_id", flags.vpcEndpointId),
      vpcId: text("vpc_id", flags.vpcId),
      apiUrl,
      functionName: text("chat_function_name", flags.functionName),
      accessLogGroupName: text("chat_api_access_log_group_name", undefined),
    }),
    authorization,
    apiKeyRequired: Array.isArray(outputs.chat_api_key_ids) && outputs.chat_api_key_ids.length > 0,
  };
}

function models(output: unknown, flag: readonly string[] | undefined, source: string): string[] {
  const value = flag ?? output;
  if (value === undefined) throw new VerifyInputError(`${source}: no output chat_model_ids (deployed with an older version of the stack?): apply the stack again, or pass --models id[,id…]`);
  if (!Array.isArray(value) || value.length === 0 || !value.every((id) => typeof id === "string")) {
    throw new VerifyInputError(`the models must be a non-empty list of model ids, got ${JSON.stringify(value)}`);
  }
  for (const id of value as string[]) {
    const fault = modelIdFault(id);
    if (fault) throw new VerifyInputError(`model ${id}: ${fault}`);
  }
  return value as string[];
}

function chatUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new VerifyInputError(`--api-url / chat_api_url must be the URL of POST /chat (https://…/v1/chat), got ${value}`);
  }
  const loopback = url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
  if (url.protocol !== "https:" && !loopback) throw new VerifyInputError(`--api-url must be an https URL (plain http only on loopback), got ${value}`);
  return url.toString();
}

function optionalUrl(value: string | undefined): string | undefined {
  return value !== undefined && URL.canParse(value) ? value : undefined;
}

/** The region: the flag, else the API URL's; a flag that contradicts the URL is refused (the signature would not match). */
function regionOf(flag: string | undefined, apiUrl: string | undefined): string {
  const fromUrl = apiUrl === undefined ? undefined : EXECUTE_API_HOST.exec(new URL(apiUrl).hostname)?.[1];
  if (flag !== undefined && !REGION_PATTERN.test(flag)) throw new VerifyInputError(`--region: ${FIX.region}, got ${flag}`);
  if (flag !== undefined && fromUrl !== undefined && flag !== fromUrl) {
    throw new VerifyInputError(`wrong region: --region is ${flag} but the API is in ${fromUrl} (${new URL(apiUrl!).hostname}); drop --region or give ${fromUrl}`);
  }
  const region = flag ?? fromUrl;
  if (region === undefined) throw new VerifyInputError("the region is unknown: the API URL does not name one (a custom domain?); pass --region");
  return region;
}

function authorizationOf(value: string): ApiAuthorization {
  if (!(API_AUTHORIZATIONS as readonly string[]).includes(value)) {
    throw new VerifyInputError(`--authorization must be one of ${API_AUTHORIZATIONS.join(", ")}, got ${value}`);
  }
  return value as ApiAuthorization;
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>;
}
