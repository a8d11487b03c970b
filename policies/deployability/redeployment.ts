/**
 * A REST API stage serves the deployment it points at: a snapshot of the API's resources,
 * methods, integrations, models and gateway responses taken when the deployment was created.
 * Terraform only creates a new deployment when its `triggers` change, so every resource the
 * snapshot holds must feed the trigger; otherwise a change to it is not live until some other
 * change redeploys. (`depends_on` is not enough: it orders the first deployment only.)
 */
import { resourcesOf, stringOf, type TerraformConfig } from "../extract/terraform-json";
import { expressionsIn, referencedAddresses } from "./expressions";

/** The resource types a deployment takes a snapshot of. */
export const DEPLOYED_API_RESOURCE_TYPES: readonly string[] = [
  "aws_api_gateway_resource",
  "aws_api_gateway_method",
  "aws_api_gateway_method_response",
  "aws_api_gateway_integration",
  "aws_api_gateway_integration_response",
  "aws_api_gateway_gateway_response",
  "aws_api_gateway_model",
  "aws_api_gateway_request_validator",
  "aws_api_gateway_authorizer",
];

export interface RedeploymentGap {
  readonly deployment: string;
  /** A deployed resource of the same API that the triggers do not reference. */
  readonly missing: string;
}

export function redeploymentGaps(config: TerraformConfig): RedeploymentGap[] {
  const deployed = DEPLOYED_API_RESOURCE_TYPES.flatMap((type) => resourcesOf(config, type));
  const addresses = new Set(deployed.map((resource) => resource.address));
  const gaps: RedeploymentGap[] = [];
  for (const deployment of resourcesOf(config, "aws_api_gateway_deployment")) {
    const api = stringOf(deployment.block.rest_api_id);
    const referenced = new Set(expressionsIn(deployment.block.triggers).flatMap((expression) => referencedAddresses(expression, addresses)));
    for (const resource of deployed) {
      if (stringOf(resource.block.rest_api_id) !== api) continue;
      if (!referenced.has(resource.address)) gaps.push({ deployment: deployment.address, missing: resource.address });
    }
  }
  return gaps;
}
