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
  vpcNetworkInterfaceStatement,
} from "../policies/app-role-policy";
import type { ModelAccess } from "../policies/model-arns";
import { policyDocument } from "../policies/statement";
import { lambdaTrustPolicy } from "../policies/trust-policies";
import type { AwsContext } from "./aws-context";
import { checkNonEmpty } from "./validate";

/** An IAM role by ARN and name. */
export interface RoleRef {
  readonly roleArn: string;
  readonly roleName: string;
}

export interface ChatAppRoleProps {
  readonly namePrefix: string;
  readonly context: AwsContext;
  /** The models the application may invoke; at least one. */
  readonly models: readonly ModelAccess[];
  /**
   * The guardrail the application applies.
   * @default - no guardrail: bedrock:ApplyGuardrail is not granted
   */
  readonly guardrail?: GuardrailAccess;
  /** Name of the Lambda function that assumes the role; scopes the log permissions to its log group. */
  readonly functionName: string;
}

/**
 * The application's role: data plane only. It can invoke the configured models (and apply the
 * guardrail), write its own logs and manage its VPC network interfaces — and nothing of the
 * Bedrock control plane. Its inline policies are exclusive: Terraform removes any inline policy
 * added to it out of band. Tagged `BedrockPlane = data` for the policy guard.
 */
export class ChatAppRole extends Construct implements RoleRef {
  readonly roleArn: string;
  readonly roleName: string;
  /** Depend on this before creating a function that uses the role (Lambda checks the ENI permissions at create time). */
  readonly permissions: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ChatAppRoleProps) {
    super(scope, id);
    checkNonEmpty(this, "models", props.models, "name at least one model id the application may invoke");
    const { context } = props;

    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}-chat-app`,
      description: "Chat function: Bedrock inference only (data plane)",
      assumeRolePolicy: JSON.stringify(lambdaTrustPolicy(context.accountId)),
      tags: { BedrockPlane: "data" },
    });
    const logGroupArn = `arn:${context.partition}:logs:${context.region}:${context.accountId}:log-group:/aws/lambda/${props.functionName}`;
    const policy = new IamRolePolicy(this, "data-plane", {
      name: "chat-app-data-plane",
      role: role.name,
      policy: JSON.stringify(
        policyDocument([
          ...bedrockInvokeStatements({ models: props.models, scope: context.arnScope, guardrail: props.guardrail }),
          denyBearerTokenStatement(),
          logWriteStatement(logGroupArn),
          vpcNetworkInterfaceStatement(),
        ]),
      ),
    });
    new IamRolePoliciesExclusive(this, "only-these-inline-policies", { roleName: role.name, policyNames: [policy.name] });

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.permissions = policy;
  }
}
