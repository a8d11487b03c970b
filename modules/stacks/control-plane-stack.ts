import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { BedrockAdminRole, type BedrockAdminRoleProps } from "../bedrock/bedrock-admin-role";
import { BedrockGuardrail, type FilterStrength, type GuardrailRef } from "../bedrock/bedrock-guardrail";
import type { RoleRef } from "../function/chat-app-role";
import { allowedNewRegionsProblems, regionProblems } from "../core/aws-regions";
import { bedrockAdminRoleProblems } from "../bedrock/bedrock-admin-role";
import { bedrockGuardrailProblems } from "../bedrock/bedrock-guardrail";
import { guardrailRefProblems, isGuardrailRef, isRoleRef, roleRefProblems } from "../core/refs";
import { FIX, KMS_KEY_ARN_PATTERN } from "../core/resource-ids";
import { type StateBackend, stateBackendProblems, useStateBackend } from "./state-backend";
import { tagsProblems } from "../core/tags";
import { type Problem, namePrefixProblems, patternProblems, throwProblems } from "../core/validate";

export interface ControlPlaneStackProps {
  /** Prefix of every resource name, e.g. `chatbot-prod`. */
  readonly namePrefix: string;
  /** AWS region of the provider: one of the partition's known regions (modules/core/aws-regions.ts), or of allowedNewRegions. */
  readonly region: string;
  /**
   * Regions AWS opened after this module's region list was written, allowed for `region` and the state backend's region.
   * @default - only the known regions
   */
  readonly allowedNewRegions?: readonly string[];
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
  /** Tags on every resource, held to AWS's tagging rules (tagsProblems): at most 48 beside the module's own. @default - none beyond the module's own */
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
    throwProblems(this, controlPlaneStackProblems(props));
    useStateBackend(this, id, props.stateBackend, props.allowedNewRegions);
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

/** Every problem of the props that needs no resource: the stack throws them all before it writes anything. */
export function controlPlaneStackProblems(props: ControlPlaneStackProps): Problem[] {
  return [
    ...namePrefixProblems("namePrefix", props.namePrefix),
    ...allowedNewRegionsProblems("allowedNewRegions", props.allowedNewRegions),
    ...regionProblems("region", props.region, props.allowedNewRegions),
    ...(isRoleRef(props.admin) ? roleRefProblems(props.admin, "admin") : bedrockAdminRoleProblems(props.admin, "admin")),
    ...(props.guardrail && isGuardrailRef(props.guardrail) ? guardrailRefProblems(props.guardrail, "guardrail") : []),
    ...(props.guardrail && !isGuardrailRef(props.guardrail) ? bedrockGuardrailProblems(props.guardrail, "guardrail") : []),
    ...(props.kmsKeyArn === undefined ? [] : patternProblems("kmsKeyArn", props.kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn)),
    ...(props.stateBackend ? stateBackendProblems(props.stateBackend, "stateBackend", props.allowedNewRegions) : []),
    ...tagsProblems("defaultTags", props.defaultTags),
  ];
}
