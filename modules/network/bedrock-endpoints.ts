import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { PolicyDocument } from "../../policies/documents/statement";
import type { AwsContext } from "../core/aws-context";
import type { NetworkRef } from "./private-network";
import { FIX, SECURITY_GROUP_ID_PATTERN } from "../core/resource-ids";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

export interface BedrockEndpointsProps {
  /** Prefix of the security group's and endpoints' names. */
  readonly namePrefix: string;
  /** Region and partition of the endpoint service names. */
  readonly context: AwsContext;
  /** The VPC and the subnets the endpoints get a network interface in. */
  readonly network: NetworkRef;
  /** The security group of the endpoints' only client (the chat function): HTTPS flows from it to the endpoints and nowhere else. */
  readonly clientSecurityGroupId: string;
  /**
   * An existing security group for the endpoints, in the network's VPC. The HTTPS rule from the
   * client is added to it; rules it already has are left alone.
   * @default - a dedicated security group with that one ingress rule is created
   */
  readonly securityGroupId?: string;
  /** Policy of the `bedrock-runtime` endpoint: the app role, its inference actions, its models. */
  readonly runtimePolicy: PolicyDocument;
  /**
   * Policy of the `bedrock` control-plane endpoint.
   * @default - no control-plane endpoint: the VPC cannot reach the Bedrock control plane at all
   */
  readonly controlPolicy?: PolicyDocument;
}

/** An existing security group's id, when one is given: the one prop BedrockEndpoints checks. Tokens pass. `at` prefixes the field. */
export function bedrockEndpointsProblems(props: Pick<BedrockEndpointsProps, "securityGroupId">, at = ""): Problem[] {
  if (props.securityGroupId === undefined) return [];
  return patternProblems(fieldPath(at, "securityGroupId"), props.securityGroupId, SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId);
}

/**
 * Interface endpoints that are the VPC's only way to Bedrock: `bedrock-runtime` always, the
 * `bedrock` control plane on request. Each has private DNS (so the SDK's default endpoint
 * resolves to it) and a policy naming its principal, and both sit behind one security group
 * that admits HTTPS from the client's group alone.
 */
export class BedrockEndpoints extends Construct {
  readonly securityGroupId: string;
  readonly runtimeEndpointId: string;
  /** Undefined when the control-plane endpoint is off. */
  readonly controlEndpointId?: string;

  constructor(scope: Construct, id: string, props: BedrockEndpointsProps) {
    super(scope, id);
    throwProblems(this, bedrockEndpointsProblems(props));
    const groupId =
      props.securityGroupId ??
      new SecurityGroup(this, "security-group", {
        name: `${props.namePrefix}-bedrock-endpoints`,
        description: "Bedrock interface endpoints: HTTPS from the chat function only",
        vpcId: props.network.vpcId,
        // Interface endpoints never initiate connections; Terraform drops the default allow-all egress.
        tags: { Name: `${props.namePrefix}-bedrock-endpoints` },
      }).id;
    new VpcSecurityGroupIngressRule(this, "https-from-client", {
      securityGroupId: groupId,
      referencedSecurityGroupId: props.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS from the chat function",
    });
    new VpcSecurityGroupEgressRule(this, "client-https-to-endpoints", {
      securityGroupId: props.clientSecurityGroupId,
      referencedSecurityGroupId: groupId,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS to the Bedrock interface endpoints",
    });

    const endpoint = (endpointId: string, service: string, policy: PolicyDocument) =>
      new VpcEndpoint(this, endpointId, {
        vpcId: props.network.vpcId,
        serviceName: props.context.endpointServiceName(service),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.network.subnetIds],
        securityGroupIds: [groupId],
        policy: JSON.stringify(policy),
        tags: { Name: `${props.namePrefix}-${service}` },
      });

    this.securityGroupId = groupId;
    this.runtimeEndpointId = endpoint("bedrock-runtime", "bedrock-runtime", props.runtimePolicy).id;
    if (props.controlPolicy) this.controlEndpointId = endpoint("bedrock", "bedrock", props.controlPolicy).id;
  }
}
