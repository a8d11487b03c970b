/**
 * BedrockEndpoints: the VPC's only way to Bedrock. A bedrock-runtime interface endpoint with
 * private DNS in the given subnets (the control-plane endpoint only when its policy is given), each
 * with its policy, behind one security group that admits HTTPS from the client's group alone;
 * an existing group is used instead of a created one, and one given by name is refused.
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

  test("a control-plane endpoint only with its policy; an existing group is used and none created", () => {
    const json = withContext((scope, context) =>
      new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network: NETWORK, clientSecurityGroupId: CLIENT, securityGroupId: "sg-1a2b3c4d", runtimePolicy: RUNTIME_POLICY, controlPolicy: CONTROL_POLICY }),
    );
    const endpoints = resources(json, "aws_vpc_endpoint");
    expect(endpoints.map((e) => String(e.service_name).split(".").pop()).sort()).toEqual(["bedrock", "bedrock-runtime"]);
    expect(JSON.parse(String(endpoints.find((e) => String(e.service_name).endsWith(".bedrock"))!.policy))).toEqual(CONTROL_POLICY);
    for (const endpoint of endpoints) expect(endpoint.security_group_ids).toEqual(["sg-1a2b3c4d"]);
    expect(resourceTypes(json)).not.toContain("aws_security_group");
    expect(only(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({ security_group_id: "sg-1a2b3c4d", referenced_security_group_id: CLIENT });
  });
});

describe("BedrockEndpoints guards", () => {
  test("BedrockEndpoints rejects a security group given by name", () => {
    const network = { vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d", "subnet-1a2b3c4d"] };
    const runtimePolicy = { Version: "2012-10-17", Statement: [] } as const;
    expect(() =>
      withContext((scope, context) => new BedrockEndpoints(scope, "endpoints", { namePrefix: "t", context, network, clientSecurityGroupId: "sg-0a1b2c3d", securityGroupId: "default", runtimePolicy })),
    ).toThrow(`BedrockEndpoints 'endpoints': securityGroupId: ${FIX.securityGroupId} (got "default")`);
  });
});
