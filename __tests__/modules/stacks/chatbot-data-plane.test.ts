/**
 * ChatbotDataPlane judges literal refs as strictly as the config does (chatbotDataPlaneProblems):
 * a DRAFT or malformed guardrail, a malformed admin role ARN, a network both created and brought.
 * Tokens (a ControlPlaneStack's outputs) pass.
 */
import { TerraformVariable } from "cdktf";
import { ChatbotDataPlane, type ChatbotDataPlaneProps } from "../../../modules/stacks/chatbot-data-plane";
import { PropError, describeProblem } from "../../../modules/core/validate";
import { BASE_CONFIG, fakeBundler, problemsOf, synthScope } from "../../helpers/terraform";

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
          controlPlaneEndpoint: { adminRole: { roleArn: variable("role"), roleName: variable("name") } },
        });
      }),
    ).not.toThrow();
  });
});
