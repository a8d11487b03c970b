/**
 * VPC endpoints and their policies (`aws_vpc_endpoint.policy`, or a separate
 * `aws_vpc_endpoint_policy`). An endpoint without a policy gets AWS's default, full access
 * for every principal: reported as such, not as "no policy to worry about".
 */
import { followRemoteState, resolvePolicyValue, type PolicyResolution, type Workspace } from "./resolve";
import { parseReference, resourcesOf, stringOf } from "./terraform-json";

export interface ExtractedEndpoint {
  readonly stack: string;
  /** `aws_vpc_endpoint.<name>` */
  readonly address: string;
  /** As written: `com.amazonaws.${data.aws_region.current.region}.bedrock-runtime`. */
  readonly serviceName: string;
  readonly endpointType?: string;
  /** `absent` means the default policy: full access for any principal. */
  readonly policy: PolicyResolution;
  /** Where the policy is set, when not on the endpoint itself. */
  readonly policySource?: string;
}

export function extractEndpoints(workspace: Workspace): ExtractedEndpoint[] {
  const endpoints: ExtractedEndpoint[] = [];
  const separate = new Map<string, { source: string; policy: PolicyResolution }>();
  for (const stack of workspace.stacks) {
    for (const { address, block } of resourcesOf(stack.config, "aws_vpc_endpoint_policy")) {
      const target = followRemoteState(workspace, stack, stringOf(block.vpc_endpoint_id) ?? "");
      const reference = parseReference(target.value);
      const key = reference ? `${target.stack.name}/${reference.address}` : `${stack.name}/?${target.value}`;
      separate.set(key, { source: address, policy: resolvePolicyValue(workspace, stack, block.policy) });
    }
  }
  for (const stack of workspace.stacks) {
    for (const { address, block } of resourcesOf(stack.config, "aws_vpc_endpoint")) {
      const override = separate.get(`${stack.name}/${address}`);
      const endpointType = stringOf(block.vpc_endpoint_type);
      endpoints.push({
        stack: stack.name,
        address,
        serviceName: stringOf(block.service_name) ?? "?",
        ...(endpointType ? { endpointType } : {}),
        policy: override?.policy ?? resolvePolicyValue(workspace, stack, block.policy),
        ...(override ? { policySource: override.source } : {}),
      });
    }
  }
  return endpoints;
}
