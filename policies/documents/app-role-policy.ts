/**
 * Statement builders for the application (data-plane) role: inference on exactly the configured
 * models, the attached guardrail, its own log group, the VPC network interfaces Lambda needs and,
 * with tracing on, X-Ray's write API.
 * No wildcard action; every bedrock statement names its resources.
 */
import { Bedrock, BedrockConditionKey } from "../catalogue/bedrock-actions";
import { type ArnScope, type ModelAccess, modelResources } from "./model-arns";
import type { ConditionBlock, PolicyStatement, Principal } from "./statement";

export interface GuardrailAccess {
  readonly guardrailArn: string;
  readonly guardrailVersion: string;
}

export interface InvokeStatementsOptions {
  readonly models: readonly ModelAccess[];
  readonly scope: ArnScope;
  /** When set, ApplyGuardrail is granted on this guardrail. */
  readonly guardrail?: GuardrailAccess;
  /** Set for resource policies (VPC endpoint policies); left out for identity policies. */
  readonly principal?: Principal;
  /**
   * Ties the calls the application names directly to this VPC endpoint (`aws:SourceVpce`).
   * Not applied to the foundation models reached through a cross-region profile: Bedrock
   * authorizes those hops itself, outside the endpoint.
   */
  readonly sourceVpceId?: string;
  /**
   * Ties the same calls to this VPC (`aws:SourceVpc`): what the role's permissions boundary uses,
   * because the endpoint's own id would close a reference cycle (the endpoint's policy names the
   * role, the role names its boundary). Applied alongside `sourceVpceId` when both are given.
   */
  readonly sourceVpcId?: string;
}

const INVOKE_ACTIONS = [Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream];

/** The bedrock statements of the app role, also reused (with a principal) as the runtime endpoint policy. */
export function bedrockInvokeStatements(options: InvokeStatementsOptions): PolicyStatement[] {
  const resources = modelResources(options.models, options.scope);
  const common = { Effect: "Allow" as const, ...(options.principal ? { Principal: options.principal } : {}) };
  const viaEndpoint = networkCondition(options);
  const statements: PolicyStatement[] = [
    { Sid: "InvokeConfiguredModels", ...common, Action: INVOKE_ACTIONS, Resource: resources.direct, ...withCondition(viaEndpoint) },
  ];
  if (resources.routed.length > 0) {
    statements.push({
      Sid: "InvokeModelsThroughInferenceProfiles",
      ...common,
      Action: INVOKE_ACTIONS,
      Resource: resources.routed,
      ...withCondition({ StringEquals: { [BedrockConditionKey.InferenceProfileArn]: resources.profileArns } }),
    });
  }
  if (options.guardrail) {
    statements.push({
      Sid: "ApplyAttachedGuardrail",
      ...common,
      Action: [Bedrock.ApplyGuardrail],
      Resource: [options.guardrail.guardrailArn],
      ...withCondition(viaEndpoint),
    });
  }
  return statements;
}

/**
 * Makes the guardrail mandatory: inference that does not name this guardrail version is denied
 * (a negated operator matches when the key is absent, i.e. when no guardrail is passed).
 */
export function requireGuardrailStatement(guardrail: GuardrailAccess): PolicyStatement {
  return {
    Sid: "DenyInferenceWithoutGuardrail",
    Effect: "Deny",
    Action: INVOKE_ACTIONS,
    Resource: ["*"],
    Condition: { StringNotEquals: { [BedrockConditionKey.GuardrailIdentifier]: `${guardrail.guardrailArn}:${guardrail.guardrailVersion}` } },
  };
}

/** Bedrock API keys bypass SigV4 and the role's session; the app never needs them. */
export function denyBearerTokenStatement(): PolicyStatement {
  return { Sid: "DenyBedrockApiKeys", Effect: "Deny", Action: [Bedrock.CallWithBearerToken], Resource: ["*"] };
}

/** Lambda writes to a log group Terraform already created, so no logs:CreateLogGroup. */
export function logWriteStatement(logGroupArn: string): PolicyStatement {
  return {
    Sid: "WriteOwnLogGroup",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: [`${logGroupArn}:*`],
  };
}

/**
 * What AWSLambdaVPCAccessExecutionRole grants, inline so that the review sees it. EC2 supports
 * no resource-level scoping for the Describe calls, and Lambda checks these with Resource "*".
 */
export function vpcNetworkInterfaceStatement(): PolicyStatement {
  return {
    Sid: "ManageVpcNetworkInterfaces",
    Effect: "Allow",
    Action: [
      "ec2:AssignPrivateIpAddresses",
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:UnassignPrivateIpAddresses",
    ],
    Resource: ["*"],
  };
}

/**
 * What AWSXRayDaemonWriteAccess grants for sending traces: X-Ray's write API has no resource-level
 * scoping, so `Resource: "*"` (it is not a bedrock statement). Only when tracing is on.
 */
export function xrayWriteStatement(): PolicyStatement {
  return {
    Sid: "WriteXrayTraces",
    Effect: "Allow",
    Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
    Resource: ["*"],
  };
}

/** The network-path condition of the statements the application names directly, if any. */
function networkCondition(options: Pick<InvokeStatementsOptions, "sourceVpceId" | "sourceVpcId">): ConditionBlock | undefined {
  const entries = {
    ...(options.sourceVpceId ? { "aws:SourceVpce": options.sourceVpceId } : {}),
    ...(options.sourceVpcId ? { "aws:SourceVpc": options.sourceVpcId } : {}),
  };
  return Object.keys(entries).length > 0 ? { StringEquals: entries } : undefined;
}

function withCondition(...blocks: (ConditionBlock | undefined)[]): { Condition?: ConditionBlock } {
  const merged: Record<string, Record<string, string | readonly string[]>> = {};
  for (const block of blocks) {
    for (const [operator, entries] of Object.entries(block ?? {})) merged[operator] = { ...merged[operator], ...entries };
  }
  return Object.keys(merged).length > 0 ? { Condition: merged } : {};
}
