import { ConfigError } from "../../config/schema";
import { BASE_CONFIG, BASE_MODEL, config, problemsOf, synthApp } from "../helpers/terraform";


const network = (subnetCidrs: unknown, vpcCidr: unknown = "10.40.0.0/16") => ({ network: { vpcCidr, subnetCidrs } });

describe("configuration guards", () => {
  test("the base configuration is valid and keeps its values", () => {
    expect(config()).toMatchObject({ name: "chatbot-test", region: "eu-west-1", models: [{ modelId: BASE_MODEL }] });
  });

  test.each([
    ["unknown region format", { region: "Europe" }, /^region: use an AWS region code such as "eu-west-1" \(got "Europe"\)$/],
    ["empty model list", { models: [] }, /^models: list at least one Bedrock model id/],
    ["model given as an ARN", { models: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0"] }, /^models\[0\]\.id: give the model or inference-profile id, not its ARN/],
    ["malformed model id", { models: ["Nova Lite"] }, /^models\[0\]\.id: must be a Bedrock model id/],
    ["duplicate model", { models: [BASE_MODEL, BASE_MODEL] }, /^models\[1\]: is listed twice/],
    ["malformed admin ARN", { admin: { principalArns: ["arn:aws:iam::123:role/x"] } }, /^admin\.principalArns\[0\]: must be an IAM role or user ARN/],
    ["wildcard admin principal", { admin: { principalArns: ["*"] } }, /^admin\.principalArns\[0\]: must be an IAM role or user ARN .*no "\*"/],
    ["account root as admin", { admin: { principalArns: ["arn:aws:iam::111122223333:root"] } }, /^admin\.principalArns\[0\]: an account root opens the admin role/],
    ["no admin principal", { admin: { principalArns: [] } }, /^admin\.principalArns: list at least one IAM role or user ARN/],
    ["invalid CIDR", network(["10.40.0.0/24", "10.40.1.0/24"], "10.400.0.0/16"), /^network\.vpcCidr: has an octet above 255/],
    ["CIDR with host bits", network(["10.40.0.0/24", "10.40.1.0/24"], "10.40.0.1/16"), /did you mean 10\.40\.0\.0\/16\?/],
    ["VPC prefix out of range", network(["10.0.0.0/24", "10.0.1.0/24"], "10.0.0.0/8"), /^network\.vpcCidr: a VPC's prefix length must be \/16 to \/28/],
    ["fewer than two subnets", network(["10.40.0.0/24"]), /^network\.subnetCidrs: list at least two subnet CIDRs inside vpcCidr, one per availability zone/],
    ["subnet outside the VPC", network(["10.40.0.0/24", "10.41.0.0/24"]), /^network\.subnetCidrs\[1\]: must lie inside network\.vpcCidr 10\.40\.0\.0\/16/],
    ["overlapping subnets", network(["10.40.0.0/23", "10.40.1.0/24"]), /^network\.subnetCidrs\[1\]: overlaps 10\.40\.0\.0\/23/],
    ["a misspelt region", { region: "eu-wset-1" }, /^region: is not a region of the aws partition: did you mean "eu-west-1"\? .*allow it with allowedNewRegions: \["eu-wset-1"\] .*\(got "eu-wset-1"\)$/],
    ["a region that does not exist", { region: "us-east-3" }, /^region: is not a region of the aws partition: did you mean "us-east-1"\?/],
    ["a malformed allowed region", { allowedNewRegions: ["East 3"] }, /^allowedNewRegions\[0\]: use an AWS region code/],
    ["a subnet narrower than /28", network(["10.40.0.0/24", "10.40.1.0/29"]), /^network\.subnetCidrs\[1\]: a subnet's prefix length must be \/16 to \/28/],
    ["a subnet CIDR that is not a string", network(["10.40.0.0/24", 7]), /^network\.subnetCidrs\[1\]: give a subnet's IPv4 CIDR/],
    ["a session AWS refuses", { admin: { principalArns: ["arn:aws:iam::111122223333:role/A"], maxSessionDurationSeconds: 60 } }, /^admin\.maxSessionDurationSeconds: must be a whole number of seconds 3600–43200/],
    ["non-integer memory", { function: { memorySizeMiB: 512.5 } }, /^function\.memorySizeMiB: must be a whole number of MiB 128–10240 \(Lambda's range\) \(got 512\.5\)$/],
    ["unknown authorization", { api: { authorization: "OPEN" } }, /^api\.authorization: must be one of "AWS_IAM", "COGNITO_USER_POOLS", "NONE" \(got "OPEN"\)$/],
    ["unknown response mode", { api: { responseMode: "SSE" } }, /^api\.responseMode: must be one of "BUFFERED", "STREAM"/],
    ["blank system prompt", { systemPrompt: "   " }, /^systemPrompt: give the prompt text, or leave the field out/],
    ["bad name", { name: "Chatbot_Prod" }, /^name: use 3–30 lower-case letters/],
    ["typo in a field name", { netwrok: {} }, /^netwrok: unknown field; expected one of .* \(a typo\?\)$/],
    ["typo in a nested field", { guardrail: { enable: true } }, /^guardrail\.enable: unknown field/],
    ["a zero limit", { chat: { maxOutputTokens: 0 } }, /^chat\.maxOutputTokens: must be a whole number 1–1000000 \(got 0\)$/],
    ["non-string tag", { tags: { Cost: 1 } }, /^tags: must be an object of string values/],
  ])("%s is rejected with the field, the value and the fix", (_name, overrides, message) => {
    expect(problemsOf(overrides)).toContainEqual(expect.stringMatching(message));
  });

  test("every problem is reported at once, prefixed with the config's name", () => {
    try {
      config({ region: "x", models: [] });
      throw new Error("accepted");
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/^test-config has 2 problems:\n  - region: .*\n  - models: /);
    }
  });

  test("the constructs' own checks run on their sections, so a value synth would refuse is reported with the file's other problems, under its config path", () => {
    const lines = problemsOf({
      region: "Europe",
      models: ["Nova Lite"],
      guardrail: { contentFilterStrength: "MAX" },
      function: { memorySizeMiB: 64, logRetentionDays: 10 },
      chat: { maxOutputTokens: 0 },
    });
    expect(lines.map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "region",
      "models[0].id",
      "guardrail.contentFilterStrength",
      "function.memorySizeMiB",
      "function.logRetentionDays",
      "chat.maxOutputTokens",
    ]);
    expect(lines).toContain("function.memorySizeMiB: must be a whole number of MiB 128–10240 (Lambda's range) (got 64)");
  });

  test("allowedNewRegions lets a region opened after the module's list through, to the stacks", () => {
    const parsed = config({ region: "us-east-3", allowedNewRegions: ["us-east-3"] });
    expect(parsed).toMatchObject({ region: "us-east-3", allowedNewRegions: ["us-east-3"] });
    const { stacks } = synthApp(parsed);
    expect(stacks.dataPlane.node.id).toBe("chatbot-test-data-plane");
  });

  test("missing required sections are named", () => {
    const { admin: _admin, network: _network, ...rest } = BASE_CONFIG;
    expect(() => config({ ...rest, admin: undefined, network: undefined })).toThrow(/admin: is required[\s\S]*network: is required/);
  });

  test("profile models need no destination regions; the old destinationRegions field is refused with the reason", () => {
    expect(config({ models: ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"] }).models).toEqual([
      { modelId: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" },
      { modelId: "global.anthropic.claude-sonnet-4-5-20250929-v1:0" },
    ]);
    expect(() => config({ models: [{ id: "eu.amazon.nova-lite-v1:0", destinationRegions: ["eu-west-1"] }] })).toThrow(
      /models\[0\]\.destinationRegions: .*is no longer needed: .*only through that profile \(bedrock:InferenceProfileArn\).*remove it/,
    );
  });
});

describe("values the stacks would trip over later are refused up front", () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ["a region outside the list with allowedNewRegions null", { region: "xx-east-1", allowedNewRegions: null }, /^allowedNewRegions: list region codes/],
    ["a region outside the list with allowedNewRegions an object", { region: "xx-east-1", allowedNewRegions: {} }, /^allowedNewRegions: list region codes/],
    ["a KMS key in another region", { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, /^kmsKeyArn: is in us-east-1, the stacks in eu-west-1/],
    ["a guardrail in another region", { guardrail: { arn: "arn:aws:bedrock:us-east-1:111122223333:guardrail/abcd1234efgh", version: "1" } }, /^guardrail\.arn: is in us-east-1, the stacks in eu-west-1/],
  ])("%s", (_case, overrides, message) => {
    expect(problemsOf(overrides)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe("principals of another partition", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["an admin principal in aws-cn for a stack in eu-west-1", { admin: { principalArns: ["arn:aws-cn:iam::111122223333:role/PlatformTeam"] } }, "admin.principalArns[0]: is in the aws-cn partition, the stacks (eu-west-1) in aws"],
    ["an existing admin role in aws for a stack in cn-north-1", { region: "cn-north-1", admin: { existingRoleArn: "arn:aws:iam::111122223333:role/BedrockAdmin" } }, "admin.existingRoleArn: is in the aws partition, the stacks (cn-north-1) in aws-cn"],
  ])("%s is refused", (_case, overrides, start) => {
    expect(problemsOf(overrides)).toEqual(expect.arrayContaining([expect.stringContaining(start)]));
  });

  test("a principal of the stacks' own partition passes", () => {
    expect(config({ region: "cn-north-1", admin: { principalArns: ["arn:aws-cn:iam::111122223333:role/PlatformTeam"] } }).admin).toEqual(expect.objectContaining({ principalArns: ["arn:aws-cn:iam::111122223333:role/PlatformTeam"] }));
  });
});
