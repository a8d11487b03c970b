/** PrivateNetwork's CIDR and subnet-count checks (privateNetworkProblems), through the construct; the config runs the same function (config/schema.test.ts). */
import { TerraformVariable } from "cdktf";
import { PrivateNetwork, privateNetworkProblems } from "../../../modules/network/private-network";
import { PropError } from "../../../modules/core/validate";
import { resources, synthScope } from "../../helpers/terraform";

const network = (vpcCidr: string, subnetCidrs: readonly string[]) => () =>
  synthScope((scope) => new PrivateNetwork(scope, "network", { namePrefix: "chatbot-test", vpcCidr, subnetCidrs }));

describe("PrivateNetwork CIDRs", () => {
  test.each([
    ["an octet above 255", "10.400.0.0/16", ["10.40.0.0/24", "10.40.1.0/24"], "vpcCidr: has an octet above 255"],
    ["not a CIDR", "10.40.0.0", ["10.40.0.0/24", "10.40.1.0/24"], "vpcCidr: is not an IPv4 CIDR like 10.40.0.0/16"],
    ["host bits set", "10.40.0.1/16", ["10.40.0.0/24", "10.40.1.0/24"], "vpcCidr: has host bits set: did you mean 10.40.0.0/16?"],
    ["a VPC wider than /16", "10.0.0.0/8", ["10.0.0.0/24", "10.0.1.0/24"], "vpcCidr: a VPC's prefix length must be /16 to /28 (AWS's limits)"],
    ["a subnet narrower than /28", "10.40.0.0/16", ["10.40.0.0/24", "10.40.1.0/29"], "subnetCidrs[1]: a subnet's prefix length must be /16 to /28 (AWS's limits)"],
    ["a subnet outside the VPC", "10.40.0.0/16", ["10.40.0.0/24", "10.41.0.0/24"], "subnetCidrs[1]: must lie inside vpcCidr 10.40.0.0/16"],
    ["overlapping subnets", "10.40.0.0/16", ["10.40.0.0/23", "10.40.1.0/24"], "subnetCidrs[1]: overlaps 10.40.0.0/23; give each subnet its own range"],
  ])("%s is refused with the field, the value and the fix", (_case, vpcCidr, subnetCidrs, message) => {
    expect(network(vpcCidr, subnetCidrs)).toThrow(`PrivateNetwork 'network': ${message}`);
  });

  test("PrivateNetwork rejects fewer than two subnets", () => {
    expect(() => synthScope((scope) => new PrivateNetwork(scope, "network", { namePrefix: "t", vpcCidr: "10.0.0.0/16", subnetCidrs: ["10.0.0.0/24"] }))).toThrow(
      'PrivateNetwork \'network\': subnetCidrs: list at least two subnet CIDRs inside vpcCidr, one per availability zone, e.g. ["10.40.0.0/24", "10.40.1.0/24"] (got ["10.0.0.0/24"])',
    );
  });

  test("every problem is reported at once", () => {
    try {
      network("10.40.0.0/16", ["10.41.0.0/24", "10.40.0.0/29", "x"])();
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(PropError);
      expect((error as PropError).problems.map((p) => p.field)).toEqual(["subnetCidrs[0]", "subnetCidrs[1]", "subnetCidrs[2]"]);
      expect((error as Error).message).toMatch(/^PrivateNetwork 'network' has 3 problems:\n  - subnetCidrs\[0\]: must lie inside/);
    }
  });

  test("a valid network has no problems, and CIDRs that are tokens are left to plan time", () => {
    expect(privateNetworkProblems({ vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] })).toEqual([]);
    expect(() =>
      synthScope((scope) => {
        const vpcCidr = new TerraformVariable(scope, "cidr", { type: "string" }).stringValue;
        const subnet = new TerraformVariable(scope, "subnet", { type: "string" }).stringValue;
        new PrivateNetwork(scope, "network", { namePrefix: "chatbot-test", vpcCidr, subnetCidrs: [subnet, "10.40.1.0/24"] });
      }),
    ).not.toThrow();
  });
});

describe("PrivateNetwork availability zones", () => {
  const subnetCidrs = ["10.40.0.0/24", "10.40.1.0/24", "10.40.2.0/24"];
  const json = synthScope((scope) => new PrivateNetwork(scope, "network", { namePrefix: "chatbot-test", vpcCidr: "10.40.0.0/16", subnetCidrs }));
  const zoneLookups = Object.entries((json.data as Record<string, Record<string, Record<string, unknown>>>).aws_availability_zones);
  const subnets = resources(json, "aws_subnet") as { cidr_block: string; availability_zone: string; lifecycle?: { precondition?: { condition: string; error_message: string }[] } }[];

  test("only Availability Zones are looked up: Local and Wavelength Zones (opt-in zones) are filtered out", () => {
    expect(zoneLookups).toHaveLength(1);
    const [, lookup] = zoneLookups[0];
    expect(lookup.state).toBe("available");
    expect(lookup.filter).toEqual([
      { name: "opt-in-status", values: ["opt-in-not-required"] },
      { name: "zone-type", values: ["availability-zone"] },
    ]);
    expect(lookup.all_availability_zones).toBeUndefined();
  });

  test("each subnet takes the zone of its own index, and its plan fails if the region has no such zone (element() would wrap)", () => {
    const [address] = zoneLookups[0];
    const names = `data.aws_availability_zones.${address}.names`;
    subnets.forEach((subnet, index) => {
      expect(subnet.availability_zone).toBe(`\${element(${names}, ${index})}`);
      const [precondition, ...others] = subnet.lifecycle?.precondition ?? [];
      expect(others).toEqual([]);
      // The count of the very list the zone is taken from, against this subnet's index.
      expect(precondition.condition).toBe(`\${length(${names}) > ${index}}`);
      expect(precondition.error_message).toBe(
        `PrivateNetwork 'network': subnetCidrs[${index}] (${subnetCidrs[index]}) needs availability zone number ${index + 1}, ` +
          `but the region has only \${length(${names})} (Local and Wavelength Zones not counted): list at most one subnet CIDR per availability zone.`,
      );
    });
    expect(subnets).toHaveLength(subnetCidrs.length);
  });
});
