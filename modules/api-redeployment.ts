import { Fn, Lazy, TerraformResource, TerraformStack, ref } from "cdktf";
import type { IConstruct } from "constructs";
import { DEPLOYED_API_RESOURCE_TYPES } from "../policies/deployability/redeployment";
import { terraformAddress } from "./terraform-address";

/**
 * A deployment's `triggers.redeployment`: the SHA-1 of every deployed resource under `scope`,
 * each referenced whole (`jsonencode([aws_api_gateway_method.post, …])`), so that any change to
 * any of their arguments, in place or by replacement, redeploys, and nothing else does. Found at
 * synth time, so a resource added under `scope` after the deployment is covered too. The
 * references also order the deployment after every one of them (no `depends_on` to keep in step).
 */
export function redeploymentTrigger(scope: IConstruct): string {
  const stack = TerraformStack.of(scope);
  const references = Lazy.anyValue({ produce: () => deployedResources(scope).map((resource) => ref(terraformAddress(resource), stack)) });
  return Fn.sha1(Fn.jsonencode([references]));
}

/** The deployed resources under `scope`, in construct-tree order (stable across synths). */
export function deployedResources(scope: IConstruct): TerraformResource[] {
  return scope.node
    .findAll()
    .filter(
      (node): node is TerraformResource => TerraformResource.isTerraformResource(node) && DEPLOYED_API_RESOURCE_TYPES.includes(node.terraformResourceType)
    );
}
