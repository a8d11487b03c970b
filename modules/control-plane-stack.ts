import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { BedrockAdminRole, type BedrockAdminRoleProps } from "./bedrock-admin-role";
import { BedrockGuardrail, type FilterStrength, type GuardrailRef } from "./bedrock-guardrail";
import type { RoleRef } from "./chat-app-role";
import { checkGuardrailRef, checkKmsKeyArn, checkRoleRef, isGuardrailRef, isRoleRef } from "./refs";
import { type StateBackend, useStateBackend } from "./state-backend";
import { NAME_PREFIX_FIX, NAME_PREFIX_PATTERN, checkPattern } from "./validate";

export interface ControlPlaneStackProps {
  /** Prefix of every resource name, e.g. `chatbot-prod`. */
  readonly namePrefix: string;
  /** AWS region of the provider. */
  readonly region: string;
  /**
   * The admin role to create (who may assume it, and its options: a BedrockAdminRole), or an
   * existing role (a RoleRef: `roleArn` and `roleName`), whose policies are then yours to manage.
   */
  readonly admin: Omit<BedrockAdminRoleProps, "namePrefix"> | RoleRef;
  /**
   * The guardrail to create (its options: a BedrockGuardrail), an existing published guardrail
   * version (a GuardrailRef: `guardrailId`, `guardrailArn`, `guardrailVersion`), or `false` for none.
   * @default - a guardrail with HIGH content filters
   */
  readonly guardrail?: false | { readonly contentFilterStrength?: FilterStrength } | GuardrailRef;
  /**
   * A customer-managed KMS key for the guardrail this stack creates (unused with an existing guardrail).
   * @default - the guardrail is encrypted with an AWS owned key
   */
  readonly kmsKeyArn?: string;
  /** Tags on every resource. @default - none beyond the module's own */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /** Where Terraform keeps this stack's state. @default - a local state file next to cdktf.json */
  readonly stateBackend?: StateBackend;
}

/**
 * The setup-time stack the platform team runs: the admin role and the guardrail, each created or
 * brought (a RoleRef, a GuardrailRef). Its outputs (admin role ARN, guardrail id and version) feed
 * the data-plane stack.
 */
export class ControlPlaneStack extends TerraformStack {
  readonly adminRole: RoleRef;
  readonly guardrail?: GuardrailRef;

  constructor(scope: Construct, id: string, props: ControlPlaneStackProps) {
    super(scope, id);
    checkPattern(this, "namePrefix", props.namePrefix, NAME_PREFIX_PATTERN, NAME_PREFIX_FIX);
    if (isRoleRef(props.admin)) checkRoleRef(this, "admin", props.admin);
    if (props.guardrail && isGuardrailRef(props.guardrail)) checkGuardrailRef(this, "guardrail", props.guardrail);
    checkKmsKeyArn(this, "kmsKeyArn", props.kmsKeyArn);
    useStateBackend(this, id, props.stateBackend);
    new AwsProvider(this, "aws", { region: props.region, defaultTags: [{ tags: { ...props.defaultTags, BedrockChatbot: props.namePrefix } }] });

    this.adminRole = isRoleRef(props.admin)
      ? { roleArn: props.admin.roleArn, roleName: props.admin.roleName }
      : new BedrockAdminRole(this, "admin-role", { namePrefix: props.namePrefix, ...props.admin });
    new TerraformOutput(this, "admin_role_arn", { value: this.adminRole.roleArn, description: "Assume this role to configure Bedrock" });

    if (props.guardrail !== false) {
      this.guardrail =
        props.guardrail && isGuardrailRef(props.guardrail)
          ? { guardrailId: props.guardrail.guardrailId, guardrailArn: props.guardrail.guardrailArn, guardrailVersion: props.guardrail.guardrailVersion }
          : new BedrockGuardrail(this, "guardrail", { name: `${props.namePrefix}-chat`, ...props.guardrail, kmsKeyArn: props.kmsKeyArn });
      new TerraformOutput(this, "guardrail_id", { value: this.guardrail.guardrailId, description: "Guardrail id, for GUARDRAIL_IDENTIFIER" });
      new TerraformOutput(this, "guardrail_arn", { value: this.guardrail.guardrailArn, description: "Guardrail ARN" });
      new TerraformOutput(this, "guardrail_version", { value: this.guardrail.guardrailVersion, description: "Published guardrail version the application applies" });
    }
  }
}
