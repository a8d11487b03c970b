/**
 * ChatbotDataPlane judges literal refs as strictly as the config does (chatbotDataPlaneProblems):
 * a DRAFT or malformed guardrail, a malformed admin role ARN, a network both created and brought.
 * Tokens (a ControlPlaneStack's outputs) pass.
 */
import { TerraformVariable, Testing } from "cdktf";
import { ChatbotDataPlane, type ChatbotDataPlaneProps } from "../../../modules/stacks/chatbot-data-plane";
import { PropError, describeProblem } from "../../../modules/core/validate";
import { addChatbotStacks } from "../../../modules/stacks/chatbot-stacks";
import { BASE_CONFIG, config, fakeBundler, problemsOf, synthScope } from "../../helpers/terraform";

const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh";
const base: ChatbotDataPlaneProps = {
  namePrefix: "chatbot-test",
  models: [{ modelId: "amazon.nova-lite-v1:0" }],
  network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
  bundler: fakeBundler,
};
const dataPlane = (props: Partial<ChatbotDataPlaneProps> | Record<string, unknown>) => () =>
  synthScope((scope) => new ChatbotDataPlane(scope, "chatbot", { ...base, ...props } as ChatbotDataPlaneProps));

describe("ChatbotDataPlane guards", () => {
  test.each([
    ["a DRAFT guardrail version", { guardrail: { guardrailArn: GUARDRAIL_ARN, guardrailId: "abcd1234efgh", guardrailVersion: "DRAFT" } }, /guardrail\.guardrailVersion: give a published version number, e\.g\. "1" \(not "DRAFT".*\(got "DRAFT"\)/],
    ["a guardrail ARN that is not one", { guardrail: { guardrailArn: "not-an-arn", guardrailId: "abcd1234efgh", guardrailVersion: "1" } }, /guardrail\.guardrailArn: give a guardrail ARN, .*\(got "not-an-arn"\)/],
    [
      "an admin role ARN missing a colon",
      { controlPlaneEndpoint: { adminRole: { roleArn: "arn:aws:iam:111122223333:role/BedrockAdmin", roleName: "BedrockAdmin" } } },
      /controlPlaneEndpoint\.adminRole\.roleArn: give an IAM role ARN, .*\(got "arn:aws:iam:111122223333:role\/BedrockAdmin"\)/,
    ],
    [
      "a control-plane endpoint that names no source",
      { controlPlaneEndpoint: { adminRole: { roleArn: "arn:aws:iam::111122223333:role/BedrockAdmin", roleName: "BedrockAdmin" } } },
      /controlPlaneEndpoint\.sources: is required: name who may connect: \{ "securityGroupIds": \["sg-…"\] \}/,
    ],
    [
      "a control-plane source that is the chat function's own group",
      {
        function: { securityGroupId: "sg-0a1b2c3d" },
        controlPlaneEndpoint: { adminRole: { roleArn: "arn:aws:iam::111122223333:role/BedrockAdmin", roleName: "BedrockAdmin" }, sources: { securityGroupIds: ["sg-0a1b2c3d"] } },
      },
      /controlPlaneEndpoint\.sources\.securityGroupIds\[0\]: is the chat function's security group: the function must never reach the control plane/,
    ],
    [
      "a control-plane source range that holds the function's subnets",
      { controlPlaneEndpoint: { adminRole: { roleArn: "arn:aws:iam::111122223333:role/BedrockAdmin", roleName: "BedrockAdmin" }, sources: { cidrBlocks: ["10.40.0.0/16"] } } },
      /controlPlaneEndpoint\.sources\.cidrBlocks\[0\]: overlaps the chat function's subnet 10\.40\.0\.0\/24/,
    ],
    ["a network both created and brought", { network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"], vpcId: "vpc-0a1b2c3d" } }, /network: give either vpcCidr and subnetCidrs \(a new VPC\) or vpcId and subnetIds \(an existing one\), not both/],
    ["an existing VPC without subnets", { network: { vpcId: "vpc-0a1b2c3d" } }, /network\.subnetIds: list at least two subnet ids in different availability zones.*\(got undefined\)/],
    ["a BUFFERED integration timeout over the quota, unacknowledged", { api: { integrationTimeoutMs: 60000 } }, /api\.integrationTimeoutMs: is above 29000 ms, .*then set api\.integrationTimeoutQuotaRaised to true.*\(got 60000\)/],
    ["a bad subnet CIDR", { network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.41.0.0/24"] } }, /network\.subnetCidrs\[1\]: must lie inside network\.vpcCidr 10\.40\.0\.0\/16/],
  ])("%s is refused, naming the field, the value and the fix (not a TypeError)", (_case, props, message) => {
    expect(dataPlane(props)).toThrow(PropError);
    expect(dataPlane(props)).toThrow(message);
  });

  test("every problem is reported at once", () => {
    try {
      dataPlane({ namePrefix: "Bad_Name", guardrail: { guardrailArn: "not-an-arn", guardrailId: "abcd1234efgh", guardrailVersion: "DRAFT" } })();
      throw new Error("accepted");
    } catch (error) {
      expect((error as PropError).problems.map((p) => p.field)).toEqual(["namePrefix", "guardrail.guardrailArn", "guardrail.guardrailVersion"]);
    }
  });

  test("the API's and the alarms' options are judged up front, with everything else, before anything is built", () => {
    try {
      dataPlane({ namePrefix: "Bad_Name", api: { stageName: "v 1", cors: { allowedOrigins: ["*"], allowCredentials: true } }, alarms: { inputTokensPerHour: 0 } })();
      throw new Error("accepted");
    } catch (error) {
      expect((error as Error).message).toMatch(/^ChatbotDataPlane 'chatbot' has 5 problems/);
      expect((error as PropError).problems.map((p) => p.field)).toEqual(["namePrefix", "api.stageName", "api.cors.allowCredentials", "alarms.topicArn", "alarms.inputTokensPerHour"]);
    }
  });

  test("the construct and the config report a bad network with the same words", () => {
    const network = { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/23", "10.40.1.0/24"] };
    let constructLines: string[] = [];
    try {
      dataPlane({ network })();
    } catch (error) {
      constructLines = (error as PropError).problems.map(describeProblem);
    }
    expect(constructLines).toHaveLength(1);
    expect(problemsOf({ network: { ...BASE_CONFIG.network, ...network } })).toEqual(constructLines);
  });

  test("the network's type is created or brought, not both (checked by tsc)", () => {
    // @ts-expect-error vpcId cannot sit beside vpcCidr/subnetCidrs
    const both: ChatbotDataPlaneProps["network"] = { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"], vpcId: "vpc-0a1b2c3d" };
    expect(both).toBeDefined();
  });

  test("refs that are tokens pass", () => {
    expect(() =>
      synthScope((scope) => {
        const variable = (name: string) => new TerraformVariable(scope, name, { type: "string" }).stringValue;
        new ChatbotDataPlane(scope, "chatbot", {
          ...base,
          guardrail: { guardrailArn: variable("arn"), guardrailId: variable("id"), guardrailVersion: variable("version") },
          controlPlaneEndpoint: { adminRole: { roleArn: variable("role"), roleName: variable("name") }, sources: { securityGroupIds: [variable("admins")] } },
        });
      }),
    ).not.toThrow();
  });
});

describe("ChatbotDataPlane: a system prompt and Lambda's 4 KB of environment", () => {
  // The base props' other variables: MODEL_ID=amazon.nova-lite-v1:0 (8 + 21) and REQUEST_TIMEOUT_MS=28000 (18 + 5);
  // the prompt's own name, SYSTEM_PROMPT, is 13 more. 4096 - 52 - 13 leaves 4031 bytes.
  const refusalOf = (props: Partial<ChatbotDataPlaneProps>): PropError => {
    try {
      dataPlane(props)();
    } catch (error) {
      return error as PropError;
    }
    throw new Error("accepted");
  };

  test("the longest prompt that fits is accepted, and reaches the function whole", () => {
    const json = synthScope((scope) => new ChatbotDataPlane(scope, "chatbot", { ...base, systemPrompt: "x".repeat(4031) }));
    const fn = Object.values((json.resource as Record<string, Record<string, { environment: { variables: Record<string, string> } }>>).aws_lambda_function)[0];
    expect(fn.environment.variables.SYSTEM_PROMPT).toHaveLength(4031);
  });

  // The message's parts (sizes, share, room) are tested in chat-function-environment.test.ts.
  test("one byte more is refused with the props, before anything is built", () => {
    const error = refusalOf({ systemPrompt: "x".repeat(4032) });
    expect(error.message).toBe(
      "ChatbotDataPlane 'chatbot': systemPrompt: is 4,032 bytes; with the function's other variables (model id, guardrail, limits, CORS origins: up to 52 bytes) " +
        "its environment would reach 4,097 bytes, over Lambda's 4,096-byte limit on all names and values: shorten the prompt to at most 4,031 bytes (UTF-8) (got 4032)",
    );
    // Caught up front: not ChatFunction's late check on the assembled environment.
    expect(error.message).not.toMatch(/ChatFunction/);
  });

  test("it is reported with the other problems at once, and a prompt that fits raises nothing", () => {
    expect(refusalOf({ namePrefix: "Bad_Name", systemPrompt: "x".repeat(5000) }).problems.map((p) => p.field)).toEqual(["namePrefix", "systemPrompt"]);
    expect(refusalOf({ namePrefix: "Bad_Name", systemPrompt: "Answer briefly." }).problems.map((p) => p.field)).toEqual(["namePrefix"]);
  });

  test("a configuration file's prompt is refused the same way, before anything is written", () => {
    expect(() => addChatbotStacks(Testing.app(), config({ systemPrompt: "x".repeat(5000) }), { bundler: fakeBundler })).toThrow(/^DataPlaneStack 'chatbot-test-data-plane': systemPrompt: is 5,000 bytes; .*over Lambda's 4,096-byte limit/);
  });
});
