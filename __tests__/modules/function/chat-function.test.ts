/**
 * The chat function: KMS-encrypted environment and logs, X-Ray tracing with its role grant, CORS
 * origins in its environment; each prop Lambda would refuse is refused at synth, naming the value,
 * and values known only at plan time are left to Terraform.
 */
import { TerraformVariable } from "cdktf";
import { ChatFunction } from "../../../modules/function/chat-function";
import { PLACEHOLDER_FUNCTION_PROPS, config, list, only, statementsOf, synthApp, synthScope } from "../../helpers/terraform";

type Env = { variables: Record<string, string> };
const envOf = (data: ReturnType<typeof synthApp>["data"]) => (only(data, "aws_lambda_function").environment as Env).variables;
const xrayStatement = (policy: unknown) => statementsOf(policy).find((s) => list(s.Action).some((a) => a.startsWith("xray:")));

describe("chat function hardening", () => {
  const { data } = synthApp();

  test("X-Ray active tracing is on by default, and the role (and its boundary) may write traces", () => {
    expect(only(data, "aws_lambda_function").tracing_config).toEqual({ mode: "Active" });
    for (const policy of [only(data, "aws_iam_role_policy").policy, only(data, "aws_iam_policy").policy]) {
      expect(xrayStatement(policy)).toEqual({ Sid: "WriteXrayTraces", Effect: "Allow", Action: ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], Resource: ["*"] });
    }
    expect(only(data, "aws_api_gateway_stage").xray_tracing_enabled).toBe(true);
  });

  test("with tracing off the function passes traces through and the role gets no X-Ray grant", () => {
    const { data: off } = synthApp(config({ function: { xrayTracing: false }, api: { xrayTracing: false } }));
    expect(only(off, "aws_lambda_function").tracing_config).toEqual({ mode: "PassThrough" });
    expect(xrayStatement(only(off, "aws_iam_role_policy").policy)).toBeUndefined();
    expect(xrayStatement(only(off, "aws_iam_policy").policy)).toBeUndefined();
    expect(only(off, "aws_api_gateway_stage").xray_tracing_enabled).toBe(false);
  });

  test("its environment and its log group are encrypted with the data-plane key", () => {
    expect(only(data, "aws_lambda_function").kms_key_arn).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    const logGroup = Object.values(data.resource!.aws_cloudwatch_log_group).find((g) => g.name === "/aws/lambda/chatbot-test-chat")!;
    expect(logGroup).toMatchObject({ retention_in_days: 30, kms_key_id: expect.stringMatching(/aws_kms_key/) });
  });

  test("keeps reserved concurrency as the cost cap and detaches its ENIs on destroy", () => {
    expect(only(data, "aws_lambda_function")).toMatchObject({ reserved_concurrent_executions: 10, replace_security_groups_on_destroy: true });
  });

  test("no CORS variable unless origins are configured; with them, the same origins the API allows", () => {
    expect(Object.keys(envOf(data)).filter((name) => name.startsWith("CORS_"))).toEqual([]);
    const { data: withCors } = synthApp(config({ api: { cors: { allowedOrigins: ["https://chat.example.com", "http://localhost:3000"], allowCredentials: true } } }));
    expect(envOf(withCors)).toMatchObject({ CORS_ALLOWED_ORIGINS: "https://chat.example.com,http://localhost:3000", CORS_ALLOW_CREDENTIALS: "true" });
  });

  test("ChatFunction alone: tracing on by default, PassThrough when off", () => {
    const props = {
      functionName: "chat",
      role: { roleArn: "${aws_iam_role.app.arn}", roleName: "app" },
      code: { path: "assets/x.zip", sourceCodeHash: "abc=" },
      network: { vpcId: "${aws_vpc.v.id}", subnetIds: ["a", "b"] },
      environment: { MODEL_ID: "amazon.nova-lite-v1:0" },
    };
    const fn = (xrayTracing?: boolean) => Object.values(synthScope((scope) => new ChatFunction(scope, "chat", { ...props, xrayTracing })).resource!.aws_lambda_function)[0];
    expect(fn().tracing_config).toEqual({ mode: "Active" });
    expect(fn(false).tracing_config).toEqual({ mode: "PassThrough" });
  });
});

describe("ChatFunction guards", () => {
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

  test("values only known at plan time (tokens) are not judged at synth", () => {
    const json = synthScope((scope) => {
      const memory = new TerraformVariable(scope, "memory", { type: "number" });
      const name = new TerraformVariable(scope, "name", { type: "string" });
      new ChatFunction(scope, "chat", { ...PLACEHOLDER_FUNCTION_PROPS, functionName: name.stringValue, memorySizeMiB: memory.numberValue });
    });
    expect(Object.values(json.resource!.aws_lambda_function)[0]).toMatchObject({ function_name: "${var.name}", memory_size: "${var.memory}" });
  });
});
