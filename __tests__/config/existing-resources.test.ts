/** Configuration guards of the bring-your-own fields and the state backend. */
import { BASE_CONFIG, config, problemsOf } from "../helpers/terraform";


const VPC_ID = "vpc-0a1b2c3d4e5f67890";
const SUBNET_IDS = ["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"];
const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh";

describe("bring-your-own configuration", () => {
  test("an existing network, admin role, guardrail, key and security group are read as given", () => {
    const parsed = config({
      network: { vpcId: VPC_ID, subnetIds: SUBNET_IDS },
      admin: { existingRoleArn: "arn:aws:iam::111122223333:role/BedrockAdmin" },
      guardrail: { arn: GUARDRAIL_ARN, version: "2" },
      kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef",
      function: { securityGroupId: "sg-0a1b2c3d" },
    });
    expect(parsed.network).toMatchObject({ vpcId: VPC_ID, subnetIds: SUBNET_IDS });
    expect(parsed.admin).toEqual({ existingRoleArn: "arn:aws:iam::111122223333:role/BedrockAdmin" });
    expect(parsed.guardrail.existing).toEqual({ arn: GUARDRAIL_ARN, id: "abcd1234efgh", version: "2" });
    expect(parsed.function.securityGroupId).toBe("sg-0a1b2c3d");
  });

  test.each([
    ["both a new and an existing VPC", { network: { ...BASE_CONFIG.network, vpcId: VPC_ID, subnetIds: SUBNET_IDS } }, /^network: give either vpcCidr and subnetCidrs \(a new VPC\) or vpcId and subnetIds \(an existing one\), not both/],
    ["a new and an existing VPC half-given", { network: { vpcCidr: "10.40.0.0/16", vpcId: VPC_ID } }, /^network: give either vpcCidr and subnetCidrs .* not both \(got \["vpcCidr","vpcId"\]\)$/],
    ["a guardrail ARN that is not one", { guardrail: { arn: "not-an-arn", version: "1" } }, /^guardrail\.arn: give a guardrail ARN, .*\(got "not-an-arn"\)$/],
    ["an admin role ARN missing a colon", { admin: { existingRoleArn: "arn:aws:iam:111122223333:role/BedrockAdmin" } }, /^admin\.existingRoleArn: give an IAM role ARN/],
    ["a state bucket in a region that does not exist", { stateBackend: { type: "s3", bucket: "acme-state", region: "eu-wset-1" } }, /^stateBackend\.region: is not a region of the aws partition: did you mean "eu-west-1"\?/],
    ["a malformed VPC id", { network: { vpcId: "vpc-12", subnetIds: SUBNET_IDS } }, /^network\.vpcId: give the id of an existing VPC/],
    ["one existing subnet", { network: { vpcId: VPC_ID, subnetIds: [SUBNET_IDS[0]] } }, /^network\.subnetIds: list at least two subnet ids in different availability zones/],
    ["a duplicate subnet", { network: { vpcId: VPC_ID, subnetIds: [SUBNET_IDS[0], SUBNET_IDS[0]] } }, /^network\.subnetIds\[1\]: is listed twice/],
    ["an existing VPC without subnets", { network: { vpcId: VPC_ID } }, /^network\.subnetIds: list at least two subnet ids/],
    ["a malformed admin role ARN", { admin: { existingRoleArn: "arn:aws:iam::111122223333:user/alice" } }, /^admin\.existingRoleArn: give an IAM role ARN/],
    ["an existing admin role with creation options", { admin: { existingRoleArn: "arn:aws:iam::111122223333:role/A", requireMfa: true } }, /^admin\.requireMfa: configures an admin role the module creates; remove it/],
    ["a guardrail ARN without a version", { guardrail: { arn: GUARDRAIL_ARN } }, /^guardrail\.version: is required; give a published version number/],
    ["a DRAFT guardrail version", { guardrail: { arn: GUARDRAIL_ARN, version: "DRAFT" } }, /^guardrail\.version: give a published version number, e\.g\. "1" \(not "DRAFT"/],
    ["a guardrail ARN with creation options", { guardrail: { arn: GUARDRAIL_ARN, version: "1", contentFilterStrength: "LOW" } }, /^guardrail\.contentFilterStrength: applies to a guardrail the module creates/],
    ["a KMS alias instead of a key", { kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:alias/chatbot" }, /^kmsKeyArn: give a KMS key ARN \(not an alias\)/],
    ["a malformed security group id", { function: { securityGroupId: "default" } }, /^function\.securityGroupId: give the id of an existing security group/],
    ["a malformed endpoint security group id", { network: { ...BASE_CONFIG.network, endpointSecurityGroupId: "sg-xyz" } }, /^network\.endpointSecurityGroupId: give the id of an existing security group/],
    ["a state backend without a type", { stateBackend: { bucket: "acme-state" } }, /^stateBackend\.type: is required: "s3" for a shared bucket/],
    ["an unknown state backend", { stateBackend: { type: "gcs", bucket: "acme-state" } }, /^stateBackend\.type: must be one of "local", "s3"/],
    ["an S3 backend without a bucket", { stateBackend: { type: "s3" } }, /^stateBackend\.bucket: is required; give the name of an existing S3 bucket/],
    ["a bucket name with capitals", { stateBackend: { type: "s3", bucket: "Acme_State" } }, /^stateBackend\.bucket: give the name of an existing S3 bucket, .*\(got "Acme_State"\)/],
    ["a key prefix with a leading slash", { stateBackend: { type: "s3", bucket: "acme-state", keyPrefix: "/chatbot" } }, /^stateBackend\.keyPrefix: use a folder path without leading or trailing "\/"/],
    ["S3 options on the local backend", { stateBackend: { type: "local", bucket: "acme-state" } }, /^stateBackend\.bucket: only applies to "type": "s3"/],
  ])("%s is rejected with the field, the value and the fix", (_name, overrides, message) => {
    expect(problemsOf(overrides)).toContainEqual(expect.stringMatching(message));
  });
});
