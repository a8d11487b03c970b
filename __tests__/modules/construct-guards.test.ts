/** Every prop guard of the constructs: the bad value, and the error text that names it. */
import { TerraformVariable } from "cdktf";
import { BedrockAdminRole } from "../../modules/bedrock/bedrock-admin-role";
import { BedrockGuardrail } from "../../modules/bedrock/bedrock-guardrail";
import { ChatAppRole } from "../../modules/function/chat-app-role";
import { ChatFunction } from "../../modules/function/chat-function";
import { LambdaBundle } from "../../modules/function/lambda-bundle";
import { PrivateNetwork } from "../../modules/network/private-network";
import { PLACEHOLDER_FUNCTION_PROPS, synthScope, withContext } from "../helpers/terraform";

describe("construct guards", () => {
  test.each([
    [{ memorySizeMiB: 64 }, "ChatFunction 'chat': memorySizeMiB: must be a whole number of MiB 128–10240 (Lambda's range) (got 64)"],
    [{ timeoutSeconds: 901 }, "ChatFunction 'chat': timeoutSeconds: must be a whole number of seconds 1–900 (Lambda's limit) (got 901)"],
    [{ reservedConcurrency: 0 }, "ChatFunction 'chat': reservedConcurrency: must be a whole number 1–1000 (the most concurrent invocations) (got 0)"],
    [{ logRetentionDays: 10 }, "ChatFunction 'chat': logRetentionDays: must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30,"],
    [{ functionName: "chat bot" }, "ChatFunction 'chat': functionName: use 1–64 letters, digits, '-' or '_' (got \"chat bot\")"],
    [{ environment: { SYSTEM_PROMPT: "x".repeat(5000) } }, "ChatFunction 'chat': environment: must total at most 4096 bytes of names and values (Lambda's limit): shorten the system prompt (got 5013)"],
  ])("ChatFunction rejects %j", (props, message) => {
    expect(() => synthScope((scope) => new ChatFunction(scope, "chat", { ...PLACEHOLDER_FUNCTION_PROPS, ...props }))).toThrow(message);
  });

  test("PrivateNetwork rejects fewer than two subnets", () => {
    expect(() => synthScope((scope) => new PrivateNetwork(scope, "network", { namePrefix: "t", vpcCidr: "10.0.0.0/16", subnetCidrs: ["10.0.0.0/24"] }))).toThrow(
      'PrivateNetwork \'network\': subnetCidrs: list at least two subnet CIDRs inside vpcCidr, one per availability zone, e.g. ["10.40.0.0/24", "10.40.1.0/24"] (got ["10.0.0.0/24"])',
    );
  });

  test.each([
    [[], "BedrockAdminRole 'admin': principalArns: list at least one IAM role or user ARN that may assume the admin role"],
    [["*"], 'BedrockAdminRole \'admin\': principalArns[0]: must be an IAM role or user ARN like "arn:aws:iam::<account-id>:role/PlatformTeam" (no "*") (got "*")'],
    [["arn:aws:iam::111122223333:root"], "BedrockAdminRole 'admin': principalArns[0]: an account root opens the admin role to every principal of that account"],
  ])("BedrockAdminRole rejects principals %j", (principalArns, message) => {
    expect(() => synthScope((scope) => new BedrockAdminRole(scope, "admin", { namePrefix: "t", principalArns }))).toThrow(message);
  });

  test("BedrockAdminRole rejects a session duration outside IAM's range", () => {
    expect(() =>
      synthScope((scope) => new BedrockAdminRole(scope, "admin", { namePrefix: "t", principalArns: ["arn:aws:iam::111122223333:role/Ops"], maxSessionDurationSeconds: 60 })),
    ).toThrow("BedrockAdminRole 'admin': maxSessionDurationSeconds: must be a whole number of seconds 3600–43200 (IAM's range) (got 60)");
  });

  test("ChatAppRole rejects an empty model list", () => {
    expect(() => withContext((scope, context) => new ChatAppRole(scope, "app", { namePrefix: "t", context, models: [], functionName: "f" }))).toThrow(
      "ChatAppRole 'app': models: name at least one model id the application may invoke (got [])",
    );
  });

  test.each([
    [{ name: "chat guardrail" }, "BedrockGuardrail 'guardrail': name: use 1–50 letters, digits, '-' or '_' (got \"chat guardrail\")"],
    [{ name: "g", contentFilterStrength: "MAX" as never }, "BedrockGuardrail 'guardrail': contentFilterStrength: must be one of \"LOW\", \"MEDIUM\", \"HIGH\" (got \"MAX\")"],
  ])("BedrockGuardrail rejects %j", (props, message) => {
    expect(() => synthScope((scope) => new BedrockGuardrail(scope, "guardrail", props))).toThrow(message);
  });

  test("LambdaBundle rejects an empty bundle", () => {
    expect(() => synthScope((scope) => new LambdaBundle(scope, "bundle", { bundler: () => ({ code: Buffer.alloc(0) }) }))).toThrow(
      "LambdaBundle 'bundle': bundler: returned an empty bundle (no bytes): check the function's entry file and the esbuild log (got 0)",
    );
  });

  test("values only known at plan time (tokens) are not judged at synth", () => {
    const json = synthScope((scope) => {
      const memory = new TerraformVariable(scope, "memory", { type: "number" });
      const name = new TerraformVariable(scope, "name", { type: "string" });
      new ChatFunction(scope, "chat", { ...PLACEHOLDER_FUNCTION_PROPS, functionName: name.stringValue, memorySizeMiB: memory.numberValue });
    });
    expect(Object.values(json.resource!.aws_lambda_function)[0]).toMatchObject({ function_name: "${var.name}", memory_size: "${var.memory}" });
  });
});
