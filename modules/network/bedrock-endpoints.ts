import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcEndpointPolicy } from "@cdktf/provider-aws/lib/vpc-endpoint-policy";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule, type VpcSecurityGroupIngressRuleConfig } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { PolicyDocument } from "../../policies/documents/statement";
import type { AwsContext } from "../core/aws-context";
import type { NetworkRef } from "./private-network";
import { type NetworkSources, networkSourcesProblems } from "./network-sources";
import { FIX, SECURITY_GROUP_ID_PATTERN } from "../core/resource-ids";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

export interface BedrockEndpointsProps {
  /** Prefix of the security groups' and endpoints' names. */
  readonly namePrefix: string;
  /** Region and partition of the endpoint service names. */
  readonly context: AwsContext;
  /** The VPC and the subnets the endpoints get a network interface in. */
  readonly network: NetworkRef;
  /** The security group of the runtime endpoint's only client (the chat function): HTTPS flows from it to that endpoint and nowhere else. */
  readonly clientSecurityGroupId: string;
  /**
   * An existing security group for the runtime endpoint, in the network's VPC. The HTTPS rule from
   * the client is added to it; rules it already has are left alone.
   * @default - a dedicated security group with that one ingress rule is created
   */
  readonly securityGroupId?: string;
  /** Policy of the `bedrock-runtime` endpoint: the app role, its inference actions, its models. */
  readonly runtimePolicy: PolicyDocument;
  /**
   * Attach the runtime endpoint's policy as its own `aws_vpc_endpoint_policy` resource instead of
   * on the endpoint. The endpoint then depends on nothing its policy names, so the role that policy
   * admits can itself name the endpoint (the app role's boundary, `aws:SourceVpce`) without a
   * reference cycle. Until the policy resource is applied, the new endpoint has AWS's default
   * policy; its security group still admits the client alone.
   * @default false
   */
  readonly runtimePolicyAsResource?: boolean;
  /**
   * Policy of the `bedrock` control-plane endpoint.
   * @default - no control-plane endpoint: the VPC cannot reach the Bedrock control plane at all
   */
  readonly controlPolicy?: PolicyDocument;
  /**
   * Who may reach the control-plane endpoint (the administrators' bastion, SSM hosts, CI runners):
   * required with `controlPolicy`. The endpoint has its own security group admitting HTTPS from
   * these sources only; the client (the chat function) is never admitted.
   * @default - none; refused when `controlPolicy` is given
   */
  readonly controlPlaneSources?: NetworkSources;
  /**
   * The subnets the client runs in, when known at synth: a control-plane source range that
   * overlaps one would admit the client, and is refused.
   * @default - not checked (an existing network's ranges are not known at synth)
   */
  readonly clientCidrBlocks?: readonly string[];
}

/** Every problem of the props that needs no resource. Tokens pass. `at` prefixes the fields. */
export function bedrockEndpointsProblems(
  props: Pick<BedrockEndpointsProps, "securityGroupId" | "controlPolicy" | "controlPlaneSources" | "clientCidrBlocks"> & { readonly clientSecurityGroupId?: string },
  at = "",
): Problem[] {
  const problems: Problem[] = [];
  if (props.securityGroupId !== undefined) problems.push(...patternProblems(fieldPath(at, "securityGroupId"), props.securityGroupId, SECURITY_GROUP_ID_PATTERN, FIX.securityGroupId));
  if (props.controlPolicy !== undefined || props.controlPlaneSources !== undefined) {
    const client = props.clientSecurityGroupId;
    problems.push(
      ...networkSourcesProblems(props.controlPlaneSources, fieldPath(at, "controlPlaneSources"), {
        securityGroupIds: client !== undefined && !Token.isUnresolved(client) ? [client] : [],
        cidrBlocks: props.clientCidrBlocks?.filter((cidr) => !Token.isUnresolved(cidr)),
      }),
    );
  }
  return problems;
}

/**
 * Interface endpoints that are the VPC's only way to Bedrock: `bedrock-runtime` always, the
 * `bedrock` control plane on request. Each has private DNS (so the SDK's default endpoint
 * resolves to it), a policy naming its principal, and a security group of its own: the runtime
 * endpoint's admits HTTPS from the client's group alone, the control-plane endpoint's from the
 * named administrator sources alone. The client can reach the runtime endpoint and nothing else.
 */
export class BedrockEndpoints extends Construct {
  /** The runtime endpoint's security group. */
  readonly securityGroupId: string;
  readonly runtimeEndpointId: string;
  /** Undefined when the control-plane endpoint is off. */
  readonly controlEndpointId?: string;
  /** The control-plane endpoint's own security group; undefined when that endpoint is off. */
  readonly controlSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: BedrockEndpointsProps) {
    super(scope, id);
    throwProblems(this, bedrockEndpointsProblems(props));
    // The created group keeps its name and description from when it served both endpoints: both force replacement.
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

    const endpoint = (endpointId: string, service: string, securityGroupId: string, policy: PolicyDocument | undefined) =>
      new VpcEndpoint(this, endpointId, {
        vpcId: props.network.vpcId,
        serviceName: props.context.endpointServiceName(service),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.network.subnetIds],
        securityGroupIds: [securityGroupId],
        policy: policy && JSON.stringify(policy),
        tags: { Name: `${props.namePrefix}-${service}` },
      });

    this.securityGroupId = groupId;
    const runtime = endpoint("bedrock-runtime", "bedrock-runtime", groupId, props.runtimePolicyAsResource ? undefined : props.runtimePolicy);
    if (props.runtimePolicyAsResource) new VpcEndpointPolicy(this, "bedrock-runtime-policy", { vpcEndpointId: runtime.id, policy: JSON.stringify(props.runtimePolicy) });
    this.runtimeEndpointId = runtime.id;
    if (props.controlPolicy && props.controlPlaneSources) {
      this.controlSecurityGroupId = this.controlPlaneSecurityGroup(props, props.controlPlaneSources);
      this.controlEndpointId = endpoint("bedrock", "bedrock", this.controlSecurityGroupId, props.controlPolicy).id;
    }
  }

  /** The control-plane endpoint's own group: HTTPS in from each named source, and from nothing else. */
  private controlPlaneSecurityGroup(props: BedrockEndpointsProps, sources: NetworkSources): string {
    const groupId = new SecurityGroup(this, "control-security-group", {
      name: `${props.namePrefix}-bedrock-control-endpoint`,
      description: "Bedrock control-plane endpoint: HTTPS from the administrators' named sources only",
      vpcId: props.network.vpcId,
      tags: { Name: `${props.namePrefix}-bedrock-control-endpoint` },
    }).id;
    const https = (ruleId: string, source: Partial<VpcSecurityGroupIngressRuleConfig>, description: string) =>
      new VpcSecurityGroupIngressRule(this, ruleId, { securityGroupId: groupId, ipProtocol: "tcp", fromPort: 443, toPort: 443, description, ...source });
    (sources.securityGroupIds ?? []).forEach((source, index) => https(`control-https-from-group-${index}`, { referencedSecurityGroupId: source }, "HTTPS from an administrators' security group"));
    (sources.cidrBlocks ?? []).forEach((source, index) => https(`control-https-from-range-${index}`, { cidrIpv4: source }, "HTTPS from an administrators' address range"));
    (sources.prefixListIds ?? []).forEach((source, index) => https(`control-https-from-prefix-list-${index}`, { prefixListId: source }, "HTTPS from an administrators' prefix list"));
    return groupId;
  }
}
