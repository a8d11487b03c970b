import { planeOf } from "../../../policies/catalogue/bedrock-actions";
import { BASE_MODEL, config, list, only, resources, resourceTypes, statementsOf, synthApp } from "../../helpers/terraform";

describe("DataPlaneStack", () => {
  const { data } = synthApp();

  test("the VPC has DNS support and hostnames (private DNS of interface endpoints needs both)", () => {
    expect(only(data, "aws_vpc")).toMatchObject({ cidr_block: "10.40.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
  });

  test("there is no internet gateway, NAT gateway, egress-only gateway or elastic IP", () => {
    for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_egress_only_internet_gateway", "aws_eip", "aws_route"]) {
      expect(resourceTypes(data)).not.toContain(type);
    }
  });

  test("subnets are isolated: two zones, no public IPs, a route table with no routes", () => {
    const subnets = resources(data, "aws_subnet");
    expect(subnets).toHaveLength(2);
    expect(new Set(subnets.map((s) => s.availability_zone)).size).toBe(2);
    for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
    const table = only(data, "aws_route_table");
    expect(table.route ?? []).toEqual([]);
    expect(resources(data, "aws_route_table_association")).toHaveLength(2);
  });

  test("no route, security group rule or endpoint policy mentions 0.0.0.0/0 or ::/0", () => {
    expect(JSON.stringify(data)).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
  });

  test("the default security group is adopted with no rules", () => {
    const group = only(data, "aws_default_security_group");
    expect(group.ingress ?? []).toEqual([]);
    expect(group.egress ?? []).toEqual([]);
  });

  test("the only interface endpoint is bedrock-runtime, with private DNS and a policy naming the app role", () => {
    const endpoint = only(data, "aws_vpc_endpoint");
    expect(endpoint).toMatchObject({ vpc_endpoint_type: "Interface", private_dns_enabled: true });
    expect(endpoint.service_name).toMatch(/\.bedrock-runtime$/);
    const statements = statementsOf(endpoint.policy);
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      expect(statement.Principal).toEqual({ AWS: [expect.stringMatching(/^\$\{aws_iam_role\.[^.]+\.arn\}$/)] });
      for (const action of list(statement.Action)) expect(planeOf(action)).toBe("data");
      expect(list(statement.Resource)).not.toContain("*");
    }
  });

  test("HTTPS flows only from the function's security group to the endpoints' group", () => {
    const [functionGroup, endpointGroup] = ["chat-function", "bedrock-endpoints"].map((prefix) =>
      Object.keys(data.resource!.aws_security_group).find((name) => name.startsWith(prefix)),
    );
    const ingress = only(data, "aws_vpc_security_group_ingress_rule");
    expect(ingress).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
    expect(ingress.security_group_id).toBe(`\${aws_security_group.${endpointGroup}.id}`);
    expect(ingress.referenced_security_group_id).toBe(`\${aws_security_group.${functionGroup}.id}`);
    const egress = only(data, "aws_vpc_security_group_egress_rule");
    expect(egress).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
    expect(egress.security_group_id).toBe(`\${aws_security_group.${functionGroup}.id}`);
    expect(egress.referenced_security_group_id).toBe(`\${aws_security_group.${endpointGroup}.id}`);
    for (const group of resources(data, "aws_security_group")) {
      expect(group.ingress ?? []).toEqual([]);
      expect(group.egress ?? []).toEqual([]);
    }
  });

  test("the control-plane endpoint is off by default and, when on, admits only the admin role", () => {
    expect(resources(data, "aws_vpc_endpoint").map((e) => e.service_name)).not.toContainEqual(expect.stringMatching(/\.bedrock$/));

    const withControl = synthApp(config({ network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"], controlPlaneEndpoint: { cidrBlocks: ["10.40.8.0/24"] } } })).data;
    const control = resources(withControl, "aws_vpc_endpoint").find((e) => String(e.service_name).endsWith(".bedrock"))!;
    expect(control).toMatchObject({ private_dns_enabled: true });
    const statements = statementsOf(control.policy);
    expect(statements).toHaveLength(1);
    expect(statements[0].Principal).toEqual({ AWS: [expect.stringMatching(/remote_state.*aws_iam_role.*admin.*arn/)] });
    expect(withControl.output).toHaveProperty("bedrock_endpoint_id");
    // Its own group, open to the named range alone: the chat function's group reaches the runtime endpoint only.
    const [controlGroup] = control.security_group_ids as string[];
    const ingress = resources(withControl, "aws_vpc_security_group_ingress_rule").filter((rule) => rule.security_group_id === controlGroup);
    expect(ingress).toEqual([expect.objectContaining({ cidr_ipv4: "10.40.8.0/24", from_port: 443, to_port: 443 })]);
    const functionGroups = (only(withControl, "aws_lambda_function").vpc_config as { security_group_ids: string[] }).security_group_ids;
    const functionEgress = resources(withControl, "aws_vpc_security_group_egress_rule").filter((rule) => functionGroups.includes(String(rule.security_group_id)));
    expect(functionEgress).toHaveLength(1);
    expect(functionEgress[0].referenced_security_group_id).not.toBe(controlGroup);
  });

  test("a control-plane endpoint that names nobody is refused before anything is written", () => {
    expect(() => synthApp(config({ network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"], controlPlaneEndpoint: true } }))).toThrow(
      /network\.controlPlaneEndpoint: an endpoint with no network source is one nobody can reach: name who may connect: \{ "securityGroupIds": \["sg-…"\] \}.*\(got true\)/,
    );
  });

  test("the app role trusts only lambda.amazonaws.com, for this account", () => {
    const [trust] = statementsOf(only(data, "aws_iam_role").assume_role_policy);
    expect(trust.Principal).toEqual({ Service: "lambda.amazonaws.com" });
    expect(trust.Condition).toEqual({ StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) } });
  });

  test("the app role is tagged as data plane and keeps exactly its one inline policy", () => {
    const role = only(data, "aws_iam_role");
    expect(role.tags).toEqual({ BedrockPlane: "data" });
    expect(role.managed_policy_arns).toBeUndefined();
    expect(resourceTypes(data)).not.toContain("aws_iam_role_policy_attachment");
    expect(only(data, "aws_iam_role_policies_exclusive").policy_names).toEqual([expect.stringMatching(/aws_iam_role_policy\..*\.name/)]);
  });

  test("the app role allows no control-plane action, no wildcard action, and no Resource \"*\" on bedrock", () => {
    for (const statement of statementsOf(only(data, "aws_iam_role_policy").policy)) {
      expect(statement.NotAction).toBeUndefined();
      for (const action of list(statement.Action)) {
        expect(action).not.toContain("*");
        if (statement.Effect === "Allow" && action.startsWith("bedrock:")) {
          expect(planeOf(action)).toBe("data");
          expect(list(statement.Resource)).not.toContain("*");
        }
      }
    }
  });

  test("the app role may invoke the configured model, apply the guardrail and write its logs", () => {
    const statements = statementsOf(only(data, "aws_iam_role_policy").policy);
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.InvokeConfiguredModels.Action).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(bySid.InvokeConfiguredModels.Resource).toEqual([expect.stringMatching(/::foundation-model\/openai\.gpt-oss-120b-1:0$/)]);
    expect(bySid.ApplyAttachedGuardrail.Resource).toEqual([expect.stringMatching(/guardrail.*guardrail_arn/)]);
    expect(bySid.DenyBedrockApiKeys).toMatchObject({ Effect: "Deny", Action: ["bedrock:CallWithBearerToken"] });
    expect(bySid.WriteOwnLogGroup.Resource).toEqual([expect.stringMatching(/:log-group:\/aws\/lambda\/chatbot-test-chat:\*$/)]);
  });

  test("without a guardrail, bedrock:ApplyGuardrail is not granted and no guardrail env var is set", () => {
    const { data: plain } = synthApp(config({ guardrail: { enabled: false } }));
    const actions = statementsOf(only(plain, "aws_iam_role_policy").policy).flatMap((s) => list(s.Action));
    expect(actions).not.toContain("bedrock:ApplyGuardrail");
    const env = (only(plain, "aws_lambda_function").environment as { variables: Record<string, string> }).variables;
    expect(env).not.toHaveProperty("GUARDRAIL_IDENTIFIER");
  });

  test("the chat function: nodejs24.x on arm64 in the isolated subnets, capped concurrency, model and guardrail in its environment", () => {
    const fn = only(data, "aws_lambda_function");
    expect(fn).toMatchObject({ runtime: "nodejs24.x", architectures: ["arm64"], handler: "index.handler", reserved_concurrent_executions: 10, memory_size: 512, timeout: 60 });
    expect((fn.vpc_config as { subnet_ids: string[] }).subnet_ids).toHaveLength(2);
    expect(fn.replace_security_groups_on_destroy).toBe(true);
    expect((fn.environment as { variables: Record<string, string> }).variables).toMatchObject({
      MODEL_ID: BASE_MODEL,
      SYSTEM_PROMPT: "Be brief.",
      GUARDRAIL_IDENTIFIER: expect.stringMatching(/guardrail_arn/),
      GUARDRAIL_VERSION: expect.stringMatching(/version/),
    });
    expect(fn.filename).toMatch(/^assets\/.+\.zip$/);
  });

  test("chat limits from config reach the function's environment; unset ones are left to its defaults", () => {
    const env = (cfg: Record<string, unknown>) => (only(synthApp(config(cfg)).data, "aws_lambda_function").environment as { variables: Record<string, string> }).variables;
    expect(env({ chat: { maxMessageChars: 2000, maxOutputTokens: 512, logContent: false } })).toMatchObject({ MAX_MESSAGE_CHARS: "2000", MAX_OUTPUT_TOKENS: "512", LOG_CONTENT: "false" });
    expect(Object.keys(env({}))).not.toEqual(expect.arrayContaining(["MAX_MESSAGE_CHARS"]));
  });

  test("buffered: the function's own deadline falls a second before API Gateway's 29 s; streaming uses the streaming handler", () => {
    const fn = only(data, "aws_lambda_function");
    expect((fn.environment as { variables: Record<string, string> }).variables.REQUEST_TIMEOUT_MS).toBe("28000");
    expect(only(data, "aws_api_gateway_integration").timeout_milliseconds).toBe(29000);
    const streaming = synthApp(config({ api: { responseMode: "STREAM" } })).data;
    expect(only(streaming, "aws_lambda_function")).toMatchObject({ handler: "index.streamingHandler" });
    expect((only(streaming, "aws_lambda_function").environment as { variables: Record<string, string> }).variables).not.toHaveProperty("REQUEST_TIMEOUT_MS");
    expect(only(streaming, "aws_api_gateway_integration")).toMatchObject({ response_transfer_mode: "STREAM", timeout_milliseconds: 300000 });
  });

  test("the function's log group has a retention and is the one the function logs to", () => {
    const group = resources(data, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith("/aws/lambda/"))!;
    expect(group).toMatchObject({ name: "/aws/lambda/chatbot-test-chat", retention_in_days: 30 });
    expect((only(data, "aws_lambda_function").logging_config as { log_group: string }).log_group).toMatch(/aws_cloudwatch_log_group\..*\.name/);
  });

  test("outputs are named <resource>_<attribute>", () => {
    expect(Object.keys(data.output ?? {}).sort()).toEqual(
      [
        "app_role_arn",
        "bedrock_runtime_endpoint_id",
        "chat_api_access_log_group_name",
        "chat_api_authorization",
        "chat_api_id",
        "chat_api_url",
        "chat_function_arn",
        "chat_function_name",
        "chat_model_ids",
        "guardrail_arn",
        "guardrail_version",
        "kms_key_arn",
        "subnet_ids",
        "vpc_id",
      ].sort(),
    );
  });

  test("the outputs the post-deploy proof reads: authorization, the models in order, the guardrail the function applies, the access log", () => {
    const value = (name: string) => (data.output?.[name] as { value: unknown } | undefined)?.value;
    expect(value("chat_api_authorization")).toBe("AWS_IAM");
    const models = ["eu.anthropic.claude-sonnet-4-20250514-v1:0", "eu.amazon.nova-lite-v1:0"];
    expect((synthApp(config({ models })).data.output?.chat_model_ids as { value: unknown }).value).toEqual(models);
    // The guardrail's ARN and version reach the data plane from the control plane's state.
    expect(value("guardrail_arn")).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(value("guardrail_version")).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(value("chat_api_access_log_group_name")).toMatch(/^\$\{aws_cloudwatch_log_group\.chat-api_log-groups_access_/);
  });

  test("without a guardrail or an access log there is no output for them", () => {
    const { output } = synthApp(config({ guardrail: { enabled: false }, api: { authorization: "NONE", accessLogging: false, executionLogLevel: "OFF" } })).data;
    expect(Object.keys(output ?? {})).not.toEqual(expect.arrayContaining(["guardrail_arn"]));
    expect(output).not.toHaveProperty("guardrail_version");
    expect(output).not.toHaveProperty("chat_api_access_log_group_name");
    expect((output?.chat_api_authorization as { value: unknown }).value).toBe("NONE");
  });

  test("state is kept in a local backend at a path relative to the stack (no absolute path)", () => {
    expect((data.terraform as { backend: unknown }).backend).toEqual({ local: { path: "../../../terraform.chatbot-test-data-plane.tfstate" } });
    expect(JSON.stringify(data)).not.toContain(process.cwd());
  });
});
