import { VerifyInputError } from "../../../policies/verify/errors";
import { FIX } from "../../../modules/core/resource-ids";
import { outputValues as fromTerraform, type TargetFlags, verifyTarget } from "../../../policies/verify/target";
import { ACCOUNT, ENDPOINT_ID, GUARDRAIL_ARN, outputValues, PROFILE, REGION, ROLE_ARN, terraformOutputJson } from "./helpers";

const from = (overrides: Record<string, unknown> = {}, flags: TargetFlags = {}) => verifyTarget(outputValues(overrides), flags, "cdktf.out/stacks/chatbot-test-data-plane");
const refused = (build: () => unknown) => {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(VerifyInputError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    return message;
  }
  throw new Error("expected a VerifyInputError");
};

describe("verifyTarget from the stack's outputs", () => {
  it("reads every value the proof needs; the region and account from the API URL and the role ARN", () => {
    expect(from()).toEqual({
      source: "cdktf.out/stacks/chatbot-test-data-plane",
      region: REGION,
      partition: "aws",
      accountId: ACCOUNT,
      roleArn: ROLE_ARN,
      modelIds: [PROFILE, "amazon.nova-lite-v1:0"],
      guardrail: { arn: GUARDRAIL_ARN, version: "1" },
      runtimeEndpointId: ENDPOINT_ID,
      vpcId: "vpc-0123456789abcdef0",
      apiUrl: `https://abc123defg.execute-api.${REGION}.amazonaws.com/v1/chat`,
      functionName: "chatbot-test-chat",
      accessLogGroupName: "/aws/apigateway/chatbot-test-chat/v1/access",
      authorization: "AWS_IAM",
      apiKeyRequired: false,
    });
  });

  it("unwraps terraform output -json, and refuses what is not its JSON", () => {
    expect(fromTerraform(terraformOutputJson(), "dir").app_role_arn).toBe(ROLE_ARN);
    expect(refused(() => fromTerraform([], "dir"))).toBe("dir: terraform output -json printed no JSON object; run it yourself to see why");
  });

  it("a usage plan's API key ids mean the stage requires a key", () => {
    expect(from({ chat_api_key_ids: ["k1"] }).apiKeyRequired).toBe(true);
  });

  it("a flag wins over the output of the same meaning", () => {
    const target = from({}, { roleArn: "arn:aws:iam::111122223333:role/other", models: ["amazon.nova-pro-v1:0"], authorization: "NONE", vpcEndpointId: "vpce-1" });
    expect(target).toMatchObject({ roleArn: "arn:aws:iam::111122223333:role/other", modelIds: ["amazon.nova-pro-v1:0"], authorization: "NONE", runtimeEndpointId: "vpce-1" });
  });

  it("works from flags alone, without any output", () => {
    const target = verifyTarget({}, { roleArn: ROLE_ARN, models: ["amazon.nova-lite-v1:0"], apiUrl: "https://abc.execute-api.us-east-1.amazonaws.com/v1/chat", authorization: "AWS_IAM" }, "command-line flags");
    expect(target).toMatchObject({ region: "us-east-1", source: "command-line flags", authorization: "AWS_IAM" });
    expect(target).not.toHaveProperty("guardrail");
  });

  it("names the missing output and the flag that replaces it", () => {
    expect(refused(() => from({ app_role_arn: undefined }))).toBe(
      "cdktf.out/stacks/chatbot-test-data-plane: no output app_role_arn (deployed with an older version of the stack?): apply the stack again, or pass --role-arn",
    );
    expect(refused(() => from({ chat_model_ids: undefined }))).toMatch(/no output chat_model_ids .* pass --models/);
    expect(refused(() => from({ chat_api_authorization: undefined }))).toMatch(/no output chat_api_authorization .* pass --authorization$/);
    // Without the chat call, the API's URL and authorization are not needed.
    expect(from({ chat_api_url: undefined, chat_api_authorization: undefined }, { noChat: true, region: REGION })).not.toHaveProperty("apiUrl");
  });

  it("refuses a region that contradicts the API's, a region of the wrong shape, and an unknown one", () => {
    expect(refused(() => from({}, { region: "us-east-1" }))).toBe(
      "wrong region: --region is us-east-1 but the API is in eu-west-1 (abc123defg.execute-api.eu-west-1.amazonaws.com); drop --region or give eu-west-1",
    );
    expect(refused(() => from({}, { region: "Ireland" }))).toBe(`--region: ${FIX.region}, got Ireland`);
    expect(refused(() => from({ chat_api_url: "https://chat.example.com/chat" }))).toMatch(/^the region is unknown: .* pass --region$/);
    expect(from({ chat_api_url: "https://chat.example.com/chat" }, { region: "eu-central-1" }).region).toBe("eu-central-1");
    // The same region formats as the stacks accept, the European Sovereign Cloud's among them.
    expect(from({ chat_api_url: "https://chat.example.com/chat" }, { region: "eusc-de-east-1" }).region).toBe("eusc-de-east-1");
  });

  it("refuses values of the wrong shape: the role, the models, the URL, the authorization, half a guardrail", () => {
    expect(refused(() => from({ app_role_arn: "chatbot-test-chat-app" }))).toBe(`--role-arn / app_role_arn: ${FIX.roleArn}, got chatbot-test-chat-app`);
    expect(refused(() => from({ chat_model_ids: [] }))).toMatch(/^the models must be a non-empty list/);
    expect(refused(() => from({}, { models: ["arn:aws:bedrock:eu-west-1::foundation-model/x.y"] }))).toMatch(/^model arn:.*: give the model or inference-profile id, not its ARN/);
    expect(refused(() => from({ chat_api_url: "http://abc.execute-api.eu-west-1.amazonaws.com/v1/chat" }))).toMatch(/must be an https URL/);
    expect(refused(() => from({ chat_api_url: "not a url" }))).toMatch(/must be the URL of POST \/chat/);
    expect(refused(() => from({ chat_api_authorization: "API_KEY" }))).toBe("--authorization must be one of AWS_IAM, COGNITO_USER_POOLS, NONE, got API_KEY");
    expect(refused(() => from({ guardrail_version: undefined }))).toMatch(/^give the guardrail's ARN and its version together/);
    expect(refused(() => from({ guardrail_arn: "abcd1234efgh" }))).toBe(`--guardrail-arn / guardrail_arn: ${FIX.guardrailArn}, got abcd1234efgh`);
    expect(refused(() => from({ app_role_arn: 42 }))).toBe('cdktf.out/stacks/chatbot-test-data-plane: output app_role_arn should be a string, got 42');
  });

  it("without the chat call the region is still read from the API's URL, which is then not called", () => {
    const target = from({}, { noChat: true });
    expect(target.region).toBe(REGION);
    expect(target).not.toHaveProperty("apiUrl");
  });

  it("accepts plain http on loopback only (the local stand-in)", () => {
    expect(from({ chat_api_url: "http://127.0.0.1:8787/chat" }, { region: REGION }).apiUrl).toBe("http://127.0.0.1:8787/chat");
  });
});
