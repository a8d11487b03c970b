/**
 * How long a referenced value can be once Terraform interpolates it. A policy written
 * `arn:${data.aws_partition.p.partition}:…` is measured by AWS with the partition in place, so the
 * size checks replace each reference with the longest value it can take: literal arguments by
 * their own length, well-known attributes by AWS's formats (LONGEST), cross-stack references by
 * the producing stack's output. A reference with no known bound is reported, never guessed.
 */
import { followRemoteState, type Workspace } from "../extract/resolve";
import type { SynthStack, TerraformBlock, TerraformValue } from "../extract/terraform-json";
import { LONGEST } from "./aws-limits";
import { templateParts } from "./expressions";

export interface SizingContext {
  readonly workspace: Workspace;
  readonly stack: SynthStack;
}

const P = LONGEST.partition.length;
const R = LONGEST.region.length;
const A = LONGEST.accountId.length;

/** `arn:<partition>:<service>:<region>:<account>:<resource>` at its longest. */
const arn = (service: string, regional: boolean, resourceLength: number) =>
  "arn:".length + P + 1 + service.length + 1 + (regional ? R : 0) + 1 + A + 1 + resourceLength;

/** The length of a literal argument, or a bound when it is itself an expression or absent. */
const literal = (block: TerraformBlock, key: string, bound: number, fallback?: number): number => {
  const value = block[key];
  if (typeof value === "string" && !value.includes("${")) return value.length;
  return value === undefined && fallback !== undefined ? fallback : bound;
};

type Rule = (block: TerraformBlock) => number;

/** Bounds by `<type>.<attribute>` (data sources prefixed `data.`). */
const RULES: Readonly<Record<string, Rule>> = {
  "data.aws_partition.partition": () => P,
  "data.aws_partition.id": () => P,
  "data.aws_partition.dns_suffix": () => "amazonaws.com.cn".length,
  "data.aws_region.name": () => R,
  "data.aws_region.region": () => R,
  "data.aws_region.id": () => R,
  "data.aws_caller_identity.account_id": () => A,
  "data.aws_caller_identity.id": () => A,
  // `<service>.<region>.amazonaws.com`, or `.amazonaws.com.cn` in China.
  "data.aws_service_principal.name": (block) => literal(block, "service_name", 64) + 1 + R + 1 + "amazonaws.com.cn".length,
  "aws_vpc.id": () => LONGEST.vpcId.length,
  "aws_vpc_endpoint.id": () => LONGEST.vpcEndpointId.length,
  "aws_security_group.id": () => "sg-0123456789abcdef0".length,
  "aws_subnet.id": () => "subnet-0123456789abcdef0".length,
  "aws_kms_key.id": () => 36,
  "aws_kms_key.key_id": () => 36,
  "aws_kms_key.arn": () => arn("kms", true, "key/".length + 36),
  "aws_iam_role.name": (block) => literal(block, "name", LONGEST.roleNameLength),
  "aws_iam_role.arn": (block) => arn("iam", false, "role".length + literal(block, "path", 512, 1) + literal(block, "name", LONGEST.roleNameLength)),
  "aws_iam_policy.arn": (block) => arn("iam", false, "policy".length + literal(block, "path", 512, 1) + literal(block, "name", 128)),
  "aws_cloudwatch_log_group.name": (block) => literal(block, "name", 512),
  "aws_cloudwatch_log_group.arn": (block) => arn("logs", true, "log-group:".length + literal(block, "name", 512)),
  "aws_sns_topic.arn": (block) => arn("sns", true, literal(block, "name", 256)),
  "aws_sqs_queue.arn": (block) => arn("sqs", true, literal(block, "name", 80)),
  "aws_lambda_function.function_name": (block) => literal(block, "function_name", 64),
  "aws_lambda_function.arn": (block) => arn("lambda", true, "function:".length + literal(block, "function_name", 64)),
  "aws_bedrock_guardrail.guardrail_id": () => LONGEST.guardrailId.length,
  "aws_bedrock_guardrail.guardrail_arn": () => arn("bedrock", true, "guardrail/".length + LONGEST.guardrailId.length),
  "aws_bedrock_guardrail_version.version": () => LONGEST.guardrailVersion.length,
  "aws_api_gateway_rest_api.id": () => 10,
  "aws_api_gateway_rest_api.execution_arn": () => arn("execute-api", true, 10),
  "aws_api_gateway_stage.stage_name": (block) => literal(block, "stage_name", 128),
};

const TRAVERSAL = /^(data\.)?([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(?:\[\d+\])?((?:\.[\w-]+)+)$/;

/** The longest value of one `${…}` expression body, or undefined when it has no known bound. */
export function maxValueLength(expression: string, context: SizingContext, depth = 0): number | undefined {
  const match = TRAVERSAL.exec(expression.trim());
  if (!match || depth > 8) return undefined;
  const [, data, type, name, path] = match;
  const attribute = path.slice(1);
  if (data && type === "terraform_remote_state" && attribute.startsWith("outputs.")) {
    const followed = followRemoteState(context.workspace, context.stack, `\${${expression.trim()}}`);
    if (followed.stack === context.stack) return undefined;
    const produced = maxTemplateLength(followed.value, { workspace: context.workspace, stack: followed.stack }, true, depth + 1);
    return produced.unresolved.length === 0 ? produced.length : undefined;
  }
  const blocks = (data ? context.stack.config.data : context.stack.config.resource)?.[type];
  const block = blocks?.[name];
  if (!block) return undefined;
  const own = block[attribute];
  if (typeof own === "string" && !own.includes("${")) return own.length;
  const rule = RULES[`${data ? "data." : ""}${type}.${attribute}`];
  return rule ? rule(block) : undefined;
}

export interface TemplateLength {
  readonly length: number;
  /** Expressions with no known bound (each counted as zero in `length`). */
  readonly unresolved: readonly string[];
}

/** The longest a template string can be once interpolated, counting whitespace in literal text or not. */
export function maxTemplateLength(value: TerraformValue | undefined, context: SizingContext, countsWhitespace: boolean, depth = 0): TemplateLength {
  if (typeof value !== "string") return { length: 0, unresolved: value === undefined ? [] : [JSON.stringify(value).slice(0, 60)] };
  let length = 0;
  const unresolved: string[] = [];
  for (const part of templateParts(value)) {
    if (part.kind === "text") {
      length += countsWhitespace ? Buffer.byteLength(part.text, "utf8") : part.text.replace(/\s/g, "").length;
      continue;
    }
    const bound = maxValueLength(part.expression, context, depth);
    if (bound === undefined) unresolved.push(part.expression);
    else length += bound;
  }
  return { length, unresolved };
}
