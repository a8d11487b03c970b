/** PrivateNetwork's CIDR and subnet-count checks (privateNetworkProblems), through the construct; the config runs the same function (config/schema.test.ts). */
import { TerraformVariable } from "cdktf";
import { PrivateNetwork, privateNetworkProblems } from "../../../modules/network/private-network";
import { PropError } from "../../../modules/core/validate";
import { synthScope } from "../../helpers/terraform";

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
