import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { RoleRef } from "./chat-app-role";
import type { NetworkRef } from "../network/private-network";
import { checkKmsKeyArn, checkSecurityGroupId } from "../core/refs";
import { PropError, checkIntegerRange, checkPattern } from "../core/validate";

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** Lambda's limit on the total size of environment variables. */
const MAX_ENVIRONMENT_BYTES = 4096;

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
  /** Memory, and with it CPU. @default 512 */
  readonly memorySizeMiB?: number;
  /** The longest one invocation may run. @default 60 - long enough for a long answer, short of API Gateway's integration limit */
  readonly timeoutSeconds?: number;
  /** The cost cap: at most this many concurrent invocations. @default 10 */
  readonly reservedConcurrency?: number;
  /** Days CloudWatch keeps the function's logs; one of CloudWatch's retention values. @default 30 */
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
    checkPattern(this, "functionName", props.functionName, /^[a-zA-Z0-9-_]{1,64}$/, "use 1–64 letters, digits, '-' or '_'");
    const memorySize = props.memorySizeMiB ?? 512;
    checkIntegerRange(this, "memorySizeMiB", memorySize, 128, 10240);
    const timeout = props.timeoutSeconds ?? 60;
    checkIntegerRange(this, "timeoutSeconds", timeout, 1, 900);
    const reservedConcurrency = props.reservedConcurrency ?? 10;
    checkIntegerRange(this, "reservedConcurrency", reservedConcurrency, 1, 1000);
    const retentionInDays = props.logRetentionDays ?? 30;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retentionInDays)) {
      throw new PropError(this, "logRetentionDays", `must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${retentionInDays}`);
    }
    const environmentBytes = Object.entries(props.environment).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
    if (environmentBytes > MAX_ENVIRONMENT_BYTES) {
      throw new PropError(this, "environment", `must total at most ${MAX_ENVIRONMENT_BYTES} bytes (Lambda's limit), got ${environmentBytes}: shorten the system prompt`);
    }
    checkSecurityGroupId(this, "securityGroupId", props.securityGroupId);
    checkKmsKeyArn(this, "kmsKeyArn", props.kmsKeyArn);

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
