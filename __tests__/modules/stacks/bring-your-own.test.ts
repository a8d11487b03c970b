/**
 * Bring your own, across both stacks: each existing resource given in the configuration is used
 * where the module would have created one, and nothing duplicate is created next to it. How the
 * stacks judge a literal ref: core/refs.test.ts.
 */
import { BASE_CONFIG, config, list, only, resources, resourceTypes, statementsOf, synthApp } from "../../helpers/terraform";

const VPC_ID = "vpc-0a1b2c3d4e5f67890";
const SUBNET_IDS = ["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"];
const SECURITY_GROUP_ID = "sg-0a1b2c3d4e5f67890";
const ADMIN_ROLE_ARN = "arn:aws:iam::111122223333:role/platform/BedrockAdmin";
const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh";
const KMS_KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("an existing VPC and subnets", () => {
  const { data } = synthApp(config({ network: { vpcId: VPC_ID, subnetIds: SUBNET_IDS } }));

  test("creates no VPC, subnet, route table or default security group", () => {
    for (const type of ["aws_vpc", "aws_subnet", "aws_route_table", "aws_route_table_association", "aws_default_security_group"]) {
      expect(resourceTypes(data)).not.toContain(type);
    }
  });

  test("puts the function, the endpoint and the security groups in the given VPC and subnets", () => {
    expect(only(data, "aws_lambda_function").vpc_config).toMatchObject({ subnet_ids: SUBNET_IDS });
    expect(only(data, "aws_vpc_endpoint")).toMatchObject({ vpc_id: VPC_ID, subnet_ids: SUBNET_IDS });
    for (const group of resources(data, "aws_security_group")) expect(group.vpc_id).toBe(VPC_ID);
  });

  test("outputs the given ids", () => {
    expect(data.output?.vpc_id.value).toBe(VPC_ID);
    expect(data.output?.subnet_ids.value).toEqual(SUBNET_IDS);
  });
});

describe("an existing security group for the function", () => {
  const { data } = synthApp(config({ function: { securityGroupId: SECURITY_GROUP_ID } }));

  test("the function uses it and only the endpoints' group is created", () => {
    expect(only(data, "aws_lambda_function").vpc_config).toMatchObject({ security_group_ids: [SECURITY_GROUP_ID] });
    expect(only(data, "aws_security_group").description).toMatch(/Bedrock interface endpoints/);
  });

  test("the endpoints admit HTTPS from it, and it gets HTTPS egress to them", () => {
    expect(only(data, "aws_vpc_security_group_ingress_rule")).toMatchObject({ referenced_security_group_id: SECURITY_GROUP_ID, from_port: 443 });
    expect(only(data, "aws_vpc_security_group_egress_rule")).toMatchObject({ security_group_id: SECURITY_GROUP_ID, from_port: 443 });
  });
});

describe("an existing security group for the endpoints", () => {
  const ENDPOINT_GROUP = "sg-0f9e8d7c6b5a43210";
  const { data } = synthApp(config({ network: { ...BASE_CONFIG.network, endpointSecurityGroupId: ENDPOINT_GROUP } }));

  test("the endpoint uses it and only the function's group is created", () => {
    expect(only(data, "aws_vpc_endpoint").security_group_ids).toEqual([ENDPOINT_GROUP]);
    expect(only(data, "aws_security_group").description).toMatch(/Chat function/);
  });

  test("it admits HTTPS from the function's group, and the function may reach it", () => {
    expect(only(data, "aws_vpc_security_group_ingress_rule")).toMatchObject({ security_group_id: ENDPOINT_GROUP, from_port: 443 });
    expect(only(data, "aws_vpc_security_group_egress_rule")).toMatchObject({ referenced_security_group_id: ENDPOINT_GROUP, from_port: 443 });
  });
});

describe("an existing admin role", () => {
  const { control, data } = synthApp(config({ admin: { existingRoleArn: ADMIN_ROLE_ARN }, network: { ...BASE_CONFIG.network, controlPlaneEndpoint: { securityGroupIds: ["sg-0c1d2e3f"] } } }));

  test("creates no role and no policy in the control plane", () => {
    expect(resourceTypes(control)).not.toContain("aws_iam_role");
    expect(resourceTypes(control)).not.toContain("aws_iam_policy");
    expect(control.output?.admin_role_arn.value).toBe(ADMIN_ROLE_ARN);
  });

  test("the control-plane endpoint admits that role", () => {
    const endpoint = resources(data, "aws_vpc_endpoint").find((e) => String(e.service_name).endsWith(".bedrock"));
    const principals = statementsOf(endpoint?.policy).map((s) => JSON.stringify(s.Principal));
    expect(principals).not.toHaveLength(0);
    for (const principal of principals) expect(principal).toBe(JSON.stringify({ AWS: [ADMIN_ROLE_ARN] }));
  });
});

describe("an existing guardrail", () => {
  const { control, data } = synthApp(config({ guardrail: { arn: GUARDRAIL_ARN, version: "3" } }));

  test("creates no guardrail or guardrail version", () => {
    expect(resourceTypes(control)).not.toContain("aws_bedrock_guardrail");
    expect(resourceTypes(control)).not.toContain("aws_bedrock_guardrail_version");
    expect(control.output?.guardrail_id.value).toBe("abcd1234efgh");
  });

  test("the function applies it and the app role may apply only it", () => {
    const json = JSON.stringify(data);
    expect(json).toContain(GUARDRAIL_ARN);
    const policies = resources(data, "aws_iam_role_policy").flatMap((p) => statementsOf(p.policy));
    const apply = policies.find((s) => [s.Action].flat().includes("bedrock:ApplyGuardrail"));
    expect(list(apply?.Resource)).toEqual([GUARDRAIL_ARN]);
    expect([data.output?.guardrail_arn.value, data.output?.guardrail_version.value]).toEqual([GUARDRAIL_ARN, "3"]);
  });
});

describe("an existing KMS key", () => {
  const { control, data } = synthApp(config({ kmsKeyArn: KMS_KEY_ARN }));

  test("encrypts the function's environment, its log group and the guardrail; no key is created", () => {
    expect(only(data, "aws_lambda_function").kms_key_arn).toBe(KMS_KEY_ARN);
    const functionLogs = resources(data, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith("/aws/lambda/"));
    expect(functionLogs?.kms_key_id).toBe(KMS_KEY_ARN);
    expect(only(control, "aws_bedrock_guardrail").kms_key_arn).toBe(KMS_KEY_ARN);
    expect(resourceTypes(data)).not.toContain("aws_kms_key");
    expect(resourceTypes(control)).not.toContain("aws_kms_key");
  });
});
