import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { type Cidr, contains, overlaps, parseCidr } from "./cidr";
import { networkRefProblems } from "../core/refs";
import { type Problem, fieldPath, throwProblems } from "../core/validate";

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
   * One isolated subnet per CIDR, spread over the region's availability zones in order (Local
   * and Wavelength Zones are not used). At least two, so that the endpoint and the function
   * survive the loss of a zone; more than the region has zones fail the plan (a precondition).
   */
  readonly subnetCidrs: readonly string[];
}

/** The CIDRs of a network to create. `vpcId`/`subnetIds` are refused by type: a network is created or brought, not both. */
export type NewNetwork = Pick<PrivateNetworkProps, "vpcCidr" | "subnetCidrs"> & { readonly vpcId?: never; readonly subnetIds?: never };
/** An existing network. `vpcCidr`/`subnetCidrs` are refused by type: a network is created or brought, not both. */
export type ExistingNetwork = NetworkRef & { readonly vpcCidr?: never; readonly subnetCidrs?: never };

/** AWS's limits on an IPv4 block, the same for a VPC and a subnet. */
const PREFIX_LENGTHS = { min: 16, max: 28 };

/**
 * The CIDRs of a network to create: IPv4 syntax, /16–/28 (AWS's limits for VPCs and subnets),
 * at least two subnets (one per availability zone), each inside the VPC, none overlapping.
 * Tokens pass. `at` prefixes the fields (`network` → `network.vpcCidr`).
 */
export function privateNetworkProblems(props: Pick<PrivateNetworkProps, "vpcCidr" | "subnetCidrs">, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems: Problem[] = [];
  const vpc = cidrOf(field("vpcCidr"), props.vpcCidr, "a VPC", problems);
  const subnetCidrs: unknown = props.subnetCidrs;
  if (Token.isUnresolved(subnetCidrs)) return problems;
  if (!Array.isArray(subnetCidrs) || subnetCidrs.length < 2) {
    const fix = 'list at least two subnet CIDRs inside vpcCidr, one per availability zone, e.g. ["10.40.0.0/24", "10.40.1.0/24"]';
    return [...problems, { field: field("subnetCidrs"), value: subnetCidrs, fix }];
  }
  const subnets: Cidr[] = [];
  subnetCidrs.forEach((text: unknown, index) => {
    const where = `${field("subnetCidrs")}[${index}]`;
    const subnet = cidrOf(where, text, "a subnet", problems);
    if (!subnet) return;
    const clash = subnets.find((other) => overlaps(other, subnet));
    if (vpc && !contains(vpc, subnet)) problems.push({ field: where, value: text, fix: `must lie inside ${field("vpcCidr")} ${vpc.text}` });
    else if (clash) problems.push({ field: where, value: text, fix: `overlaps ${clash.text}; give each subnet its own range` });
    else subnets.push(subnet);
  });
  return problems;
}

/** The parsed CIDR, or undefined after recording why not (or because it is a token). */
function cidrOf(field: string, text: unknown, what: string, problems: Problem[]): Cidr | undefined {
  if (Token.isUnresolved(text)) return undefined;
  const parsed = typeof text === "string" ? parseCidr(text) : `give ${what}'s IPv4 CIDR, e.g. "10.40.0.0/16"`;
  if (typeof parsed === "string") {
    problems.push({ field, value: text, fix: parsed });
    return undefined;
  }
  if (parsed.prefixLength < PREFIX_LENGTHS.min || parsed.prefixLength > PREFIX_LENGTHS.max) {
    problems.push({ field, value: text, fix: `${what}'s prefix length must be /${PREFIX_LENGTHS.min} to /${PREFIX_LENGTHS.max} (AWS's limits)` });
    return undefined;
  }
  return parsed;
}

/**
 * A network given as a plain object: created (CIDRs) or existing (ids), not a mix, which would
 * otherwise be read as an existing network with its subnets missing.
 */
export function networkChoiceProblems(network: NewNetwork | ExistingNetwork, at: string): Problem[] {
  const keys = Object.keys(network);
  const existing = keys.includes("vpcId") || keys.includes("subnetIds");
  const created = keys.includes("vpcCidr") || keys.includes("subnetCidrs");
  if (existing && created) {
    const fix = "give either vpcCidr and subnetCidrs (a new VPC) or vpcId and subnetIds (an existing one), not both";
    return [{ field: at, value: keys.filter((key) => ["vpcCidr", "subnetCidrs", "vpcId", "subnetIds"].includes(key)), fix }];
  }
  return existing ? networkRefProblems(network as NetworkRef, at) : privateNetworkProblems(network as NewNetwork, at);
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
    throwProblems(this, privateNetworkProblems(props));

    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      // Private DNS of interface endpoints needs both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.namePrefix },
    });
    // Terraform adopts the default group and removes its allow-all rules (CKV2_AWS_12).
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: vpc.id, tags: { Name: `${props.namePrefix}-default-closed` } });

    // Availability Zones only: a region with Local or Wavelength Zones lists them too, and a
    // subnet placed in one would lack the endpoints' services. An Availability Zone is always
    // `opt-in-not-required` (the provider's documented filter); `zone-type` says it outright.
    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      filter: [
        { name: "opt-in-status", values: ["opt-in-not-required"] },
        { name: "zone-type", values: ["availability-zone"] },
      ],
    });
    const routeTable = new RouteTable(this, "isolated-routes", { vpcId: vpc.id, tags: { Name: `${props.namePrefix}-isolated` } });

    this.subnetIds = props.subnetCidrs.map((cidr, index) => {
      const subnet = new Subnet(this, `isolated-${index}`, {
        vpcId: vpc.id,
        cidrBlock: cidr,
        availabilityZone: Fn.element(zones.names, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-isolated-${index}` },
        // element() wraps around: with more CIDRs than zones, two subnets would share a zone and
        // the "survives the loss of a zone" promise would silently break. The zone count is
        // known only at plan time, so the plan stops here instead.
        lifecycle: { precondition: [oneZonePerSubnet(zones, this.node.id, index, cidr)] },
      });
      new RouteTableAssociation(this, `isolated-${index}-routes`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet.id;
    });
    this.vpcId = vpc.id;
  }
}

/** Fails the plan when subnet `index` would have no availability zone of its own. */
function oneZonePerSubnet(zones: DataAwsAvailabilityZones, id: string, index: number, cidr: string) {
  return {
    // Written out: cdktf's Op.gt renders a right-hand 0 as `undefined`.
    condition: `\${length(${zones.fqn}.names) > ${index}}`,
    errorMessage:
      `PrivateNetwork '${id}': subnetCidrs[${index}] (${cidr}) needs availability zone number ${index + 1}, ` +
      `but the region has only \${length(${zones.fqn}.names)} (Local and Wavelength Zones not counted): ` +
      "list at most one subnet CIDR per availability zone.",
  };
}
