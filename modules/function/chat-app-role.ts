import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import {
  type GuardrailAccess,
  bedrockInvokeStatements,
  denyBearerTokenStatement,
  logWriteStatement,
  requireGuardrailStatement,
  vpcNetworkInterfaceStatement,
  xrayWriteStatement,
} from "../../policies/documents/app-role-policy";
import { LONGEST } from "../../policies/deployability/aws-limits";
import type { ArnScope, ModelAccess } from "../../policies/documents/model-arns";
import { type PolicyDocument, policyDocument } from "../../policies/documents/statement";
import { lambdaTrustPolicy } from "../../policies/documents/trust-policies";
import type { AwsContext } from "../core/aws-context";
import { LONGEST_SCOPE, checkPolicySize, longestGuardrail, longestIfToken } from "../core/policy-size-guard";
import { FIX, GUARDRAIL_ARN_PATTERN, GUARDRAIL_VERSION_PATTERN } from "../core/resource-ids";
import { allowedNewModelsProblems, modelsProblems } from "../core/model-ids";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

/** An IAM role by ARN and name. */
export interface RoleRef {
  /** The role's ARN, e.g. `arn:aws:iam::111122223333:role/BedrockAdmin`. */
  readonly roleArn: string;
  /** The role's name: the last part of its ARN. */
  readonly roleName: string;
}

export interface ChatAppRoleProps {
  /** Prefix of the role's and the boundary's names (`<namePrefix>-chat-app`). */
  readonly namePrefix: string;
  /** Partition, region and account the model, guardrail and log ARNs are built with. */
  readonly context: AwsContext;
  /**
   * The models the application may invoke; at least one, each an id Bedrock offers (the model list,
   * policies/catalogue/bedrock-models.json). The context's region is a token at synth, so an id is
   * checked against every region's ids: typos and retired models are caught, the region is not.
   */
  readonly models: readonly ModelAccess[];
  /**
   * Model ids AWS added after the model list was taken, allowed in `models` as they are.
   * @default - only the models of the list
   */
  readonly allowedNewModels?: readonly string[];
  /**
   * The guardrail the application applies.
   * @default - no guardrail: bedrock:ApplyGuardrail is not granted
   */
  readonly guardrail?: GuardrailAccess;
  /** Name of the Lambda function that assumes the role; scopes the log permissions to its log group. */
  readonly functionName: string;
  /**
   * Deny inference calls that do not apply the guardrail (`bedrock:GuardrailIdentifier`).
   * @default true when a guardrail is given
   */
  readonly requireGuardrail?: boolean;
  /**
   * Allow the app's direct Bedrock calls only through this VPC endpoint (`aws:SourceVpce`), in the
   * role's policy and in its permissions boundary, so that a broad policy attached later still
   * cannot call Bedrock any other way. If the endpoint's policy names this role, attach that
   * policy as its own resource (BedrockEndpoints' `runtimePolicyAsResource`): an endpoint that
   * named the role while the role's boundary named the endpoint would be a cycle Terraform refuses.
   * @default - no endpoint condition
   */
  readonly sourceVpceId?: string;
  /**
   * Allow the app's direct Bedrock calls only from this VPC (`aws:SourceVpc`), in the policy and
   * in the permissions boundary: the weaker tie, for an endpoint this construct cannot name.
   * @default - no VPC condition
   */
  readonly sourceVpcId?: string;
  /**
   * Cap the role with a permissions boundary holding the same statements as its policy, so that
   * a broad policy attached later still cannot reach beyond inference, logs and networking.
   * @default true
   */
  readonly permissionsBoundary?: boolean;
  /**
   * Let the function send X-Ray traces (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`), in
   * the policy and so in the boundary. Set it when the function's tracing is Active.
   * @default false
   */
  readonly xrayTracing?: boolean;
}

/**
 * Every problem of ChatAppRole's props that needs no resource: the models (modules/core/model-ids.ts),
 * and a literal guardrail's ARN and version, which end up in IAM conditions (a DRAFT version or a
 * malformed ARN would grant nothing useful). Tokens pass. `at` prefixes the fields; `region`, when a literal, is
 * the one the models must be offered in.
 */
export function chatAppRoleProblems(props: Omit<ChatAppRoleProps, "context">, at = "", region?: string): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems = [
    ...allowedNewModelsProblems(field("allowedNewModels"), props.allowedNewModels),
    ...modelsProblems(props.models, field("models"), { region, allowedNewModels: props.allowedNewModels }),
  ];
  if (props.guardrail) {
    problems.push(
      ...patternProblems(field("guardrail.guardrailArn"), props.guardrail.guardrailArn, GUARDRAIL_ARN_PATTERN, FIX.guardrailArn),
      ...patternProblems(field("guardrail.guardrailVersion"), props.guardrail.guardrailVersion, GUARDRAIL_VERSION_PATTERN, FIX.guardrailVersion),
    );
  }
  return problems;
}

/** The role's statements from plain values: built with the stack's tokens to render, with the longest values to measure. */
function appRoleDocument(options: {
  scope: ArnScope;
  models: readonly ModelAccess[];
  guardrail?: GuardrailAccess;
  requireGuardrail?: boolean;
  functionName: string;
  sourceVpceId?: string;
  sourceVpcId?: string;
  xrayTracing?: boolean;
}): PolicyDocument {
  const { scope, guardrail } = options;
  const logGroupArn = `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:/aws/lambda/${options.functionName}`;
  return policyDocument([
    ...bedrockInvokeStatements({ models: options.models, scope, guardrail, sourceVpceId: options.sourceVpceId, sourceVpcId: options.sourceVpcId }),
    ...(guardrail && (options.requireGuardrail ?? true) ? [requireGuardrailStatement(guardrail)] : []),
    denyBearerTokenStatement(),
    logWriteStatement(logGroupArn),
    vpcNetworkInterfaceStatement(),
    ...(options.xrayTracing ? [xrayWriteStatement()] : []),
  ]);
}

/**
 * The application's role: data plane only. It can invoke the configured models (and apply the
 * guardrail), write its own logs and traces and manage its VPC network interfaces — and nothing of the
 * Bedrock control plane. Defence in depth: a permissions boundary with the same statements, an
 * explicit Deny of Bedrock API keys, a mandatory guardrail, and exclusive inline policies
 * (Terraform removes any added out of band). Tagged `BedrockPlane = data` for the policy guard.
 */
export class ChatAppRole extends Construct implements RoleRef {
  readonly roleArn: string;
  readonly roleName: string;
  /** Depend on this before creating a function that uses the role (Lambda checks the ENI permissions at create time). */
  readonly permissions: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ChatAppRoleProps) {
    super(scope, id);
    // The context's region is a token unless pinned: then the models are held to every region's ids.
    throwProblems(this, chatAppRoleProblems(props, "", props.context.region));
    const { context } = props;

    const { guardrail } = props;
    const documentFor = (scope: ArnScope, access: GuardrailAccess | undefined, network: { sourceVpceId?: string; sourceVpcId?: string }) =>
      appRoleDocument({ ...props, scope, guardrail: access, sourceVpceId: network.sourceVpceId, sourceVpcId: network.sourceVpcId });
    // The policy and the boundary hold the same statements, network conditions included.
    const document = JSON.stringify(documentFor(context.arnScope, guardrail, { sourceVpceId: props.sourceVpceId, sourceVpcId: props.sourceVpcId }));

    // Measured as AWS will see them, at their longest: synth stops here rather than apply failing later.
    const longestAccess = longestGuardrail(guardrail);
    const longestVpcId = props.sourceVpcId === undefined ? undefined : longestIfToken(props.sourceVpcId, LONGEST.vpcId);
    const longestVpceId = props.sourceVpceId === undefined ? undefined : longestIfToken(props.sourceVpceId, LONGEST.vpcEndpointId);
    const fix = "invoke fewer models from this role (a foundation model adds one ARN; an inference profile adds its own ARN twice and its model's once), e.g. split them across two deployments";
    const longestDocument = documentFor(LONGEST_SCOPE, longestAccess, { sourceVpceId: longestVpceId, sourceVpcId: longestVpcId });
    if (props.permissionsBoundary ?? true) {
      checkPolicySize(this, "models", `permissions boundary '${props.namePrefix}-chat-app-boundary'`, "managedPolicy", longestDocument, fix);
    }
    checkPolicySize(this, "models", `inline policy of role '${props.namePrefix}-chat-app'`, "roleInlinePolicies", longestDocument, fix);

    const boundary =
      (props.permissionsBoundary ?? true) &&
      new IamPolicy(this, "boundary", {
        name: `${props.namePrefix}-chat-app-boundary`,
        description: "Permissions boundary of the chat app role: data-plane inference, own logs, VPC networking",
        policy: document,
        tags: { BedrockPlane: "data" },
      });
    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}-chat-app`,
      description: "Chat function: Bedrock inference only (data plane)",
      assumeRolePolicy: JSON.stringify(lambdaTrustPolicy(context.accountId)),
      permissionsBoundary: boundary ? boundary.arn : undefined,
      tags: { BedrockPlane: "data" },
    });
    const policy = new IamRolePolicy(this, "data-plane", { name: "chat-app-data-plane", role: role.name, policy: document });
    new IamRolePoliciesExclusive(this, "only-these-inline-policies", { roleName: role.name, policyNames: [policy.name] });

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.permissions = policy;
  }
}
