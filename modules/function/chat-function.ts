import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { RoleRef } from "./chat-app-role";
import type { NetworkRef } from "../network/private-network";
import { FIX, KMS_KEY_ARN_PATTERN, SECURITY_GROUP_ID_PATTERN } from "../core/resource-ids";
import { type IntegerRange, type Problem, booleanProblems, fieldPath, integerRangeProblems, oneOfProblems, patternProblems, throwProblems } from "../core/validate";

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** A problem unless a literal value is one of CloudWatch Logs' retention periods: the function's and the API's log groups. */
export function logRetentionDaysProblems(field: string, value: unknown): Problem[] {
  return oneOfProblems(field, value, LOG_RETENTION_DAYS, "CloudWatch Logs' retention periods");
}
/** Lambda's limit on the total size of environment variables. */
export const MAX_ENVIRONMENT_BYTES = 4096;

/** An environment's size as Lambda measures it: the UTF-8 bytes of every name and value. */
export function environmentBytes(environment: Readonly<Record<string, string>>): number {
  return Object.entries(environment).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
}
/** Lambda's function names. */
const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;
/** Lambda's ranges; reserved concurrency is capped at Lambda's default account quota, as the cost cap it is. */
const RANGES: Readonly<Record<"memorySizeMiB" | "timeoutSeconds" | "reservedConcurrency", IntegerRange>> = {
  memorySizeMiB: { min: 128, max: 10240, unit: "MiB", note: "Lambda's range" },
  timeoutSeconds: { min: 1, max: 900, unit: "seconds", note: "Lambda's limit" },
  reservedConcurrency: { min: 1, max: 1000, note: "the most concurrent invocations" },
};

/**
 * The options a deployment chooses for the chat function: ChatbotDataPlane's `function` and the
 * config's `function` section. The rest of ChatFunctionProps is wired by the data plane.
 */
export const CHAT_FUNCTION_OPTIONS = ["memorySizeMiB", "timeoutSeconds", "reservedConcurrency", "logRetentionDays", "securityGroupId", "xrayTracing"] as const;
export type ChatFunctionOptions = Pick<ChatFunctionProps, (typeof CHAT_FUNCTION_OPTIONS)[number]>;

/**
 * Every problem of ChatFunction's props that needs no resource: the options' ranges and formats
 * (what Lambda and CloudWatch Logs accept), and, when given, the name, the environment's size and
 * the key. Tokens pass. `at` prefixes the fields: the config and ChatbotDataPlane pass `function`
 * with the options alone, the construct its whole props.
 */
export function chatFunctionProblems(props: ChatFunctionOptions & Partial<Pick<ChatFunctionProps, "functionName" | "environment" | "kmsKeyArn">>, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems: Problem[] = [];
  if (props.functionName !== undefined) problems.push(...patternProblems(field("functionName"), props.functionName, FUNCTION_NAME_PATTERN, "use 1–64 letters, digits, '-' or '_'"));
  for (const [key, range] of Object.entries(RANGES) as [keyof typeof RANGES, IntegerRange][]) {
    if (props[key] !== undefined) problems.push(...integerRangeProblems(field(key), props[key], range));
  }
  if (props.logRetentionDays !== undefined) problems.push(...logRetentionDaysProblems(field("logRetentionDays"), props.logRetentionDays));
  if (props.securityGroupId !== undefined) problems.push(...patternProblems(field("securityGroupId"), props.securityGroupId, SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId));
  if (props.xrayTracing !== undefined) problems.push(...booleanProblems(field("xrayTracing"), props.xrayTracing));
  if (props.environment !== undefined) {
    const bytes = environmentBytes(props.environment);
    if (bytes > MAX_ENVIRONMENT_BYTES) {
      problems.push({ field: field("environment"), value: bytes, fix: `must total at most ${MAX_ENVIRONMENT_BYTES} bytes of names and values (Lambda's limit): shorten the system prompt` });
    }
  }
  if (props.kmsKeyArn !== undefined) problems.push(...patternProblems(field("kmsKeyArn"), props.kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn));
  return problems;
}

export interface ChatFunctionProps {
  /** 1–64 letters, digits, `-` or `_`. */
  readonly functionName: string;
  /** The execution role (data plane only). */
  readonly role: RoleRef;
  /** Resources the function must wait for, e.g. the role's policy (Lambda checks ENI permissions at create time). */
  readonly dependsOn?: ITerraformDependable[];
  /** The deployment package (see LambdaBundle). */
  readonly code: { readonly path: string; readonly sourceCodeHash: string };
  /** The isolated subnets the function runs in. */
  readonly network: NetworkRef;
  /** The function's configuration (functions/chat/core/config.ts); at most 4 KB in all, Lambda's limit. */
  readonly environment: Readonly<Record<string, string>>;
  /** The entry point in the bundle: `index.handler` (buffered) or `index.streamingHandler`. @default "index.handler" - the buffered handler */
  readonly handler?: string;
  /** Memory in MiB, 128–10240, and with it CPU. @default 512 */
  readonly memorySizeMiB?: number;
  /** The longest one invocation may run, 1–900 seconds. @default 60 - long enough for a long answer, short of API Gateway's integration limit */
  readonly timeoutSeconds?: number;
  /**
   * The cost cap: at most this many concurrent invocations. The account needs that much unreserved
   * concurrency (new accounts have a quota of 10 in all: raise it first).
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /** Days CloudWatch keeps the function's logs (and, through the data plane, the API's access and execution logs); one of CloudWatch's retention values. @default 30 */
  readonly logRetentionDays?: number;
  /**
   * An existing security group for the function, in the network's VPC. The endpoints it calls
   * still add their HTTPS egress rule to it; rules it already has are left alone.
   * @default - a dedicated security group with no rules is created
   */
  readonly securityGroupId?: string;
  /**
   * A customer-managed KMS key for the log group and the function's environment variables. Its key
   * policy must allow `logs.<region>.amazonaws.com` (CloudWatch Logs) to use it.
   * @default - AWS-managed encryption
   */
  readonly kmsKeyArn?: string;
  /**
   * X-Ray active tracing: Lambda samples invocations and records their segments. The role needs
   * `xray:PutTraceSegments` and `xray:PutTelemetryRecords` (ChatAppRole's `xrayTracing`).
   * @default true
   */
  readonly xrayTracing?: boolean;
}

/**
 * The chat Lambda: nodejs24.x on arm64 in the isolated subnets, with its own log group and a
 * security group (its own, or one you bring) whose only egress is added by the endpoints it may call.
 */
export class ChatFunction extends Construct {
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  readonly securityGroupId: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: ChatFunctionProps) {
    super(scope, id);
    throwProblems(this, chatFunctionProblems(props));
    const memorySize = props.memorySizeMiB ?? 512;
    const timeout = props.timeoutSeconds ?? 60;
    const reservedConcurrency = props.reservedConcurrency ?? 10;
    const retentionInDays = props.logRetentionDays ?? 30;

    const securityGroupId =
      props.securityGroupId ??
      new SecurityGroup(this, "security-group", {
        name: `${props.functionName}-function`,
        description: "Chat function: no ingress; egress only to the Bedrock endpoints",
        vpcId: props.network.vpcId,
        tags: { Name: `${props.functionName}-function` },
      }).id;
    const logGroup = new CloudwatchLogGroup(this, "log-group", { name: `/aws/lambda/${props.functionName}`, retentionInDays, kmsKeyId: props.kmsKeyArn });

    const fn = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: "Chat backend: calls Bedrock Runtime through the VPC endpoint",
      role: props.role.roleArn,
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      handler: props.handler ?? "index.handler",
      filename: props.code.path,
      sourceCodeHash: props.code.sourceCodeHash,
      memorySize,
      timeout,
      reservedConcurrentExecutions: reservedConcurrency,
      environment: { variables: { ...props.environment } },
      kmsKeyArn: props.kmsKeyArn,
      vpcConfig: { subnetIds: [...props.network.subnetIds], securityGroupIds: [securityGroupId] },
      // Detach the function's ENIs from its group on destroy so that the group deletes in minutes, not 20–60.
      replaceSecurityGroupsOnDestroy: true,
      tracingConfig: { mode: (props.xrayTracing ?? true) ? "Active" : "PassThrough" },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [logGroup, ...(props.dependsOn ?? [])],
    });

    this.functionName = fn.functionName;
    this.functionArn = fn.arn;
    this.invokeArn = fn.invokeArn;
    this.securityGroupId = securityGroupId;
    this.logGroupName = logGroup.name;
  }
}
