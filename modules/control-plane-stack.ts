import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { BedrockAdminRole, type BedrockAdminRoleProps } from "./bedrock-admin-role";
import { BedrockGuardrail, type FilterStrength, type GuardrailRef } from "./bedrock-guardrail";
import type { RoleRef } from "./chat-app-role";
import { useLocalStateBackend } from "./state-backend";
import { NAME_PREFIX_FIX, NAME_PREFIX_PATTERN, checkPattern } from "./validate";

export interface ControlPlaneStackProps {
  /** Prefix of every resource name, e.g. `chatbot-prod`. */
  readonly namePrefix: string;
  /** AWS region of the provider. */
  readonly region: string;
  readonly admin: Omit<BedrockAdminRoleProps, "namePrefix">;
  /**
   * The guardrail to create, or `false` for none.
   * @default - a guardrail with HIGH content filters
   */
  readonly guardrail?: false | { readonly contentFilterStrength?: FilterStrength };
  /** Tags on every resource. @default - none beyond the module's own */
  readonly defaultTags?: Readonly<Record<string, string>>;
}

/**
 * The setup-time stack the platform team runs: the admin role and the guardrail. Its outputs
 * (admin role ARN, guardrail id and version) feed the data-plane stack.
 */
export class ControlPlaneStack extends TerraformStack {
  readonly adminRole: RoleRef;
  readonly guardrail?: GuardrailRef;

  constructor(scope: Construct, id: string, props: ControlPlaneStackProps) {
    super(scope, id);
    checkPattern(this, "namePrefix", props.namePrefix, NAME_PREFIX_PATTERN, NAME_PREFIX_FIX);
    useLocalStateBackend(this, id);
    new AwsProvider(this, "aws", { region: props.region, defaultTags: [{ tags: { ...props.defaultTags, BedrockChatbot: props.namePrefix } }] });

    this.adminRole = new BedrockAdminRole(this, "admin-role", { namePrefix: props.namePrefix, ...props.admin });
    new TerraformOutput(this, "admin_role_arn", { value: this.adminRole.roleArn, description: "Assume this role to configure Bedrock" });

    if (props.guardrail !== false) {
      this.guardrail = new BedrockGuardrail(this, "guardrail", { name: `${props.namePrefix}-chat`, ...props.guardrail });
      new TerraformOutput(this, "guardrail_id", { value: this.guardrail.guardrailId });
      new TerraformOutput(this, "guardrail_arn", { value: this.guardrail.guardrailArn });
      new TerraformOutput(this, "guardrail_version", { value: this.guardrail.guardrailVersion });
    }
  }
}
