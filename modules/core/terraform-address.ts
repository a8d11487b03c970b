import type { TerraformResource } from "cdktf";

/**
 * The bare address of a resource (`aws_bedrock_guardrail.guardrail_8D1431A6`), as Terraform's
 * meta-arguments take it. cdktf 0.21 (and CDK Terrain) render a resource given to
 * `lifecycle.replaceTriggeredBy` as an interpolation (`"${aws_x.y}"`), which `terraform init`
 * refuses ("Invalid character"; terraform-cdk #3532, #3645); a plain string passes through as written.
 */
export function terraformAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
