/**
 * BedrockEndpoints: the VPC's only way to Bedrock. A bedrock-runtime interface endpoint with
 * private DNS in the given subnets, its policy, behind a security group that admits HTTPS from the
 * client's group alone (an existing group is used instead of a created one; one given by name is
 * refused). The control-plane endpoint, when its policy and sources are given, has a group of its
 * own that admits the named sources and never the client.
 */
import { BedrockEndpoints } from "../../../modules/network/bedrock-endpoints";
import { FIX } from "../../../modules/core/resource-ids";
import { policyDocument } from "../../../policies/documents/statement";
import { only, resources, resourceTypes, withContext } from "../../helpers/terraform";

const NETWORK = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d", "subnet-1a2b3c4d"] };
const CLIENT = "sg-0a1b2c3d";
const RUNTIME_POLICY = policyDocument([{ Sid: "Runtime", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/app" }, Action: "bedrock:InvokeModel", Resource: "*" }]);
const CONTROL_POLICY = policyDocument([{ Sid: "Control", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/admin" }, Action: "bedrock:GetGuardrail", Resource: "*" }]);

describe("BedrockEndpoints", () => {
  test("the runtime endpoint alone by default: private DNS, the given subnets and policy, the partition's and region's service name", () => {
    const json = withContext((scope, context) => new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, runtimePolicy: RUNTIME_POLICY }));
    const endpoint = only(json, "aws_vpc_endpoint");
    expect(endpoint).toMatchObject({ vpc_id: NETWORK.vpcId, vpc_endpoint_type: "Interface", private_dns_enabled: true, subnet_ids: NETWORK.subnetIds });
    expect(endpoint.service_name).toMatch(/^\$\{data\.aws_partition\.[\w-]+\.reverse_dns_prefix\}\.\$\{data\.aws_region\.[\w-]+\.region\}\.bedrock-runtime$/);
    expect(JSON.parse(String(endpoint.policy))).toEqual(RUNTIME_POLICY);
    expect(endpoint.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.[\w-]+\.id\}$/)]);
  });

  test("the created group admits HTTPS from the client's group alone, and the client's group may reach it", () => {
    const json = withContext((scope, context) => new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, runtimePolicy: RUNTIME_POLICY }));
    const group = expect.stringMatching(/^\$\{aws_security_group\.[\w-]+\.id\}$/);
    expect(only(json, "aws_security_group")).toMatchObject({ vpc_id: NETWORK.vpcId });
    expect(only(json, "aws_security_group").egress).toBeUndefined();
    expect(only(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({ security_group_id: group, referenced_security_group_id: CLIENT, ip_protocol: "tcp", from_port: 443, to_port: 443 });
    expect(only(json, "aws_vpc_security_group_egress_rule")).toMatchObject({ security_group_id: CLIENT, referenced_security_group_id: group, ip_protocol: "tcp", from_port: 443, to_port: 443 });
  });

  test("an existing group is used for the runtime endpoint and none created", () => {
    const json = withContext((scope, context) =>
      new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, securityGroupId: "sg-1a2b3c4d", runtimePolicy: RUNTIME_POLICY }),
    );
    expect(only(json, "aws_vpc_endpoint").security_group_ids).toEqual(["sg-1a2b3c4d"]);
    expect(resourceTypes(json)).not.toContain("aws_security_group");
    expect(only(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({ security_group_id: "sg-1a2b3c4d", referenced_security_group_id: CLIENT });
  });

  test("the runtime policy as its own resource: the endpoint names no policy, aws_vpc_endpoint_policy holds it", () => {
    const json = withContext((scope, context) =>
      new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, runtimePolicy: RUNTIME_POLICY, runtimePolicyAsResource: true }),
    );
    expect(only(json, "aws_vpc_endpoint").policy).toBeUndefined();
    const policy = only(json, "aws_vpc_endpoint_policy");
    expect(policy.vpc_endpoint_id).toMatch(/^\$\{aws_vpc_endpoint\.[\w-]+\.id\}$/);
    expect(JSON.parse(String(policy.policy))).toEqual(RUNTIME_POLICY);
  });
});

describe("the control-plane endpoint", () => {
  const ADMINS = { securityGroupIds: ["sg-2a2b3c4d"], cidrBlocks: ["10.40.8.0/24"], prefixListIds: ["pl-0a1b2c3d"] };
  const json = withContext((scope, context) =>
    new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, runtimePolicy: RUNTIME_POLICY, controlPolicy: CONTROL_POLICY, controlPlaneSources: ADMINS }),
  );
  const [runtime, control] = ["bedrock-runtime", "bedrock"].map((service) => resources(json, "aws_vpc_endpoint").find((e) => String(e.service_name).endsWith(`.${service}`))!);
  const ingress = resources(json, "aws_vpc_security_group_ingress_rule");
  const egress = resources(json, "aws_vpc_security_group_egress_rule");

  test("has its policy and a security group of its own, not the runtime endpoint's", () => {
    expect(JSON.parse(String(control.policy))).toEqual(CONTROL_POLICY);
    expect(control).toMatchObject({ private_dns_enabled: true, subnet_ids: NETWORK.subnetIds });
    expect(resources(json, "aws_security_group").map((g) => g.name).sort()).toEqual(["t-bedrock-control-endpoint", "t-bedrock-endpoints"]);
    expect(control.security_group_ids).toHaveLength(1);
    expect(control.security_group_ids).not.toEqual(runtime.security_group_ids);
  });

  test("admits HTTPS from each named source, and from nothing else", () => {
    const [controlGroup] = control.security_group_ids as string[];
    const rules = ingress.filter((rule) => rule.security_group_id === controlGroup);
    expect(rules.map(({ referenced_security_group_id, cidr_ipv4, prefix_list_id, from_port, to_port, ip_protocol }) => ({ referenced_security_group_id, cidr_ipv4, prefix_list_id, from_port, to_port, ip_protocol }))).toEqual(expect.arrayContaining([
      { referenced_security_group_id: "sg-2a2b3c4d", cidr_ipv4: undefined, prefix_list_id: undefined, from_port: 443, to_port: 443, ip_protocol: "tcp" },
      { referenced_security_group_id: undefined, cidr_ipv4: "10.40.8.0/24", prefix_list_id: undefined, from_port: 443, to_port: 443, ip_protocol: "tcp" },
      { referenced_security_group_id: undefined, cidr_ipv4: undefined, prefix_list_id: "pl-0a1b2c3d", from_port: 443, to_port: 443, ip_protocol: "tcp" },
    ]));
    expect(rules).toHaveLength(3);
  });

  test("no rule lets the client reach it: no ingress from the client's group, no egress of the client's group to it", () => {
    const [controlGroup] = control.security_group_ids as string[];
    expect(ingress.filter((rule) => rule.security_group_id === controlGroup && rule.referenced_security_group_id === CLIENT)).toEqual([]);
    expect(egress.filter((rule) => rule.security_group_id === CLIENT).map((rule) => rule.referenced_security_group_id)).toEqual(runtime.security_group_ids);
    expect(ingress.filter((rule) => rule.referenced_security_group_id === CLIENT).map((rule) => rule.security_group_id)).toEqual(runtime.security_group_ids);
  });
});

describe("BedrockEndpoints guards", () => {
  test.each([
    ["no sources", undefined, /controlPlaneSources: is required: name who may connect/],
    ["the client's own group", { securityGroupIds: [CLIENT] }, /controlPlaneSources\.securityGroupIds\[0\]: is the chat function's security group/],
    ["a range over the client's subnets", { cidrBlocks: ["10.40.0.0/23"] }, /controlPlaneSources\.cidrBlocks\[0\]: overlaps the chat function's subnet 10\.40\.1\.0\/24/],
  ])("a control-plane endpoint with %s is refused", (_case, controlPlaneSources, message) => {
    expect(() =>
      withContext((scope, context) =>
        new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, runtimePolicy: RUNTIME_POLICY, controlPolicy: CONTROL_POLICY, controlPlaneSources, clientCidrBlocks: ["10.40.1.0/24"] }),
      ),
    ).toThrow(message);
  });

  test("BedrockEndpoints rejects a security group given by name", () => {
    const network = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d", "subnet-1a2b3c4d"] };
    const runtimePolicy = { Version: "2012-10-17", Statement: [] } as const;
    expect(() =>
      withContext((scope, context) => new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network, clientSecurityGroupId: "sg-0a1b2c3d", securityGroupId: "default", runtimePolicy })),
    ).toThrow(`BedrockEndpoints 'endpoints': securityGroupId: ${FIX.securityGroupId} (got "default")`);
  });
});
