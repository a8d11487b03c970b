import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { PropError, checkNonEmpty } from "./validate";

/** An existing network, or the one this construct creates. */
export interface NetworkRef {
  /** Id of the VPC (`vpc-…`); needs DNS support and DNS hostnames on for the endpoints' private DNS. */
  readonly vpcId: string;
  /** At least two subnets (`subnet-…`) in different availability zones: the function and the endpoints run in them. */
  readonly subnetIds: readonly string[];
}

export interface PrivateNetworkProps {
  /** Prefix of the Name tags. */
  readonly namePrefix: string;
  /** IPv4 CIDR of the VPC, e.g. `10.40.0.0/16`. */
  readonly vpcCidr: string;
  /**
   * One isolated subnet per CIDR, spread over the region's availability zones in order.
   * At least two, so that the endpoint and the function survive the loss of a zone.
   */
  readonly subnetCidrs: readonly string[];
}

/**
 * A VPC that cannot reach the internet: isolated subnets with a route table holding only the
 * local route, no internet gateway, no NAT gateway, no public IPs, and a default security group
 * stripped of its rules. AWS services are reached only through interface endpoints.
 */
export class PrivateNetwork extends Construct implements NetworkRef {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    checkNonEmpty(this, "subnetCidrs", props.subnetCidrs, "give at least two subnet CIDRs inside vpcCidr");
    if (props.subnetCidrs.length < 2) {
      throw new PropError(this, "subnetCidrs", `must list at least two subnets (one per availability zone), got ${props.subnetCidrs.length}: add a second CIDR inside ${props.vpcCidr}`);
    }

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      // Private DNS of interface endpoints needs both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.namePrefix },
    });
    // Terraform adopts the default group and removes its allow-all rules (CKV2_AWS_12).
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id, tags: { Name: `${props.namePrefix}-default-closed` } });

    const zones = new DataAwsAvailabilityZones(this, "zones", { state: "available" });
    const routeTable = new RouteTable(this, "isolated-routes", { vpcId: vpc.id, tags: { Name: `${props.namePrefix}-isolated` } });

    this.subnetIds = props.subnetCidrs.map((cidr, index) => {
      const subnet = new Subnet(this, `isolated-${index}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: Fn.element(zones.names, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-isolated-${index}` },
      });
      new RouteTableAssociation(this, `isolated-${index}-routes`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet.id;
    });
    this.vpcId = vpc.id;
  }
}
