/**
 * The formats of the AWS identifiers a caller can bring (modules/core/resource-ids.ts), shared by
 * the constructs' guards and the configuration: what each accepts and refuses, that every example
 * a fix gives is itself accepted, and the role name read from a role ARN.
 */
import {
  BUCKET_PATTERN,
  FIX,
  GUARDRAIL_ARN_PATTERN,
  GUARDRAIL_ID_PATTERN,
  GUARDRAIL_VERSION_PATTERN,
  KEY_PREFIX_PATTERN,
  KMS_KEY_ARN_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
  SECURITY_GROUP_ID_PATTERN,
  SUBNET_ID_PATTERN,
  VPC_ID_PATTERN,
  roleNameOfArn,
} from "../../../modules/core/resource-ids";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

describe("resource id formats", () => {
  test.each<[string, RegExp, string[], string[]]>([
    ["REGION_PATTERN", REGION_PATTERN, ["eu-west-1", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1", "eusc-de-east-1"], ["Ireland", "eu-west", "EU-WEST-1", "eu-west-1a"]],
    ["VPC_ID_PATTERN", VPC_ID_PATTERN, ["vpc-0a1b2c3d", "vpc-0a1b2c3d4e5f67890"], ["vpc-0a1b2c3", "vpc-0A1B2C3D", "vpc-0a1b2c3d4e5f6789", "default"]],
    ["SUBNET_ID_PATTERN", SUBNET_ID_PATTERN, ["subnet-0a1b2c3d", "subnet-0a1b2c3d4e5f67890"], ["subnet-x", "vpc-0a1b2c3d"]],
    ["SECURITY_GROUP_ID_PATTERN", SECURITY_GROUP_ID_PATTERN, ["sg-0a1b2c3d", "sg-0a1b2c3d4e5f67890"], ["default", "sg-xyz", "sg-0a1b2c3d "]],
    [
      "ROLE_ARN_PATTERN",
      ROLE_ARN_PATTERN,
      ["arn:aws:iam::111122223333:role/BedrockAdmin", "arn:aws:iam::111122223333:role/platform/team/BedrockAdmin", "arn:aws-cn:iam::111122223333:role/A"],
      ["BedrockAdmin", "arn:aws:iam::111122223333:user/Alice", "arn:aws:iam::123:role/A", "arn:aws:iam::111122223333:role/"],
    ],
    [
      "KMS_KEY_ARN_PATTERN",
      KMS_KEY_ARN_PATTERN,
      [`arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`, "arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef"],
      ["alias/chatbot", "arn:aws:kms:eu-west-1:111122223333:alias/chatbot", KEY_ID, `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID.toUpperCase()}`],
    ],
    ["GUARDRAIL_ARN_PATTERN", GUARDRAIL_ARN_PATTERN, ["arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh"], ["arn:aws:bedrock:eu-west-1:111122223333:guardrail/ABCD", "abcd1234efgh"]],
    ["GUARDRAIL_ID_PATTERN", GUARDRAIL_ID_PATTERN, ["abcd1234efgh"], ["ABCD", "", "a".repeat(65)]],
    ["GUARDRAIL_VERSION_PATTERN", GUARDRAIL_VERSION_PATTERN, ["1", "12", "99999999"], ["DRAFT", "0", "01", "1.0", "123456789"]],
    ["BUCKET_PATTERN", BUCKET_PATTERN, ["acme-terraform-state", "a.b.c"], ["Acme", "ab", "xn--state", "state-s3alias", "-state", "state-"]],
    ["KEY_PREFIX_PATTERN", KEY_PREFIX_PATTERN, ["chatbot", "platform/chatbot"], ["/chatbot", "chatbot/", "platform//chatbot", ""]],
  ])("%s", (_name, pattern, accepted, refused) => {
    for (const value of accepted) expect({ value, accepted: pattern.test(value) }).toEqual({ value, accepted: true });
    for (const value of refused) expect({ value, accepted: pattern.test(value) }).toEqual({ value, accepted: false });
  });

  test("the KMS key's region and the guardrail's id are read from their ARNs", () => {
    expect(KMS_KEY_ARN_PATTERN.exec(`arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${KEY_ID}`)?.[1]).toBe("us-gov-west-1");
    expect(GUARDRAIL_ARN_PATTERN.exec("arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh")?.[1]).toBe("abcd1234efgh");
  });

  test.each<[keyof typeof FIX, RegExp]>([
    ["vpcId", VPC_ID_PATTERN],
    ["subnetId", SUBNET_ID_PATTERN],
    ["securityGroupId", SECURITY_GROUP_ID_PATTERN],
    ["roleArn", ROLE_ARN_PATTERN],
    ["kmsKeyArn", KMS_KEY_ARN_PATTERN],
    ["guardrailArn", GUARDRAIL_ARN_PATTERN],
    ["guardrailId", GUARDRAIL_ID_PATTERN],
    ["region", REGION_PATTERN],
    ["bucket", BUCKET_PATTERN],
    ["keyPrefix", KEY_PREFIX_PATTERN],
    ["guardrailVersion", GUARDRAIL_VERSION_PATTERN],
  ])("the example FIX.%s gives is accepted", (name, pattern) => {
    const example = /(?:e\.g\.|such as) "([^"]+)"/.exec(FIX[name])?.[1];
    expect(example).toMatch(pattern);
  });

  test("roleNameOfArn is the ARN's last path segment", () => {
    expect(roleNameOfArn("arn:aws:iam::111122223333:role/BedrockAdmin")).toBe("BedrockAdmin");
    expect(roleNameOfArn("arn:aws:iam::111122223333:role/platform/team/BedrockAdmin")).toBe("BedrockAdmin");
  });
});
