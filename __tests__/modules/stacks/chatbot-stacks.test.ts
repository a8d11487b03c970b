/**
 * addChatbotStacks: one environment's configuration becomes two stacks, `<name>-control-plane` and
 * `<name>-data-plane`, the data plane deployed after the control plane and reading the guardrail
 * from its outputs. The configuration's brought resources become refs (an admin role by ARN, its
 * name read from it; a guardrail by ARN and version), a disabled guardrail none.
 */
import { App } from "cdktf";
import { addChatbotStacks } from "../../../modules/stacks/chatbot-stacks";
import { config, fakeBundler, only, synthApp, synthStack } from "../../helpers/terraform";

const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh";
const stacksOf = (overrides: Record<string, unknown> = {}) => addChatbotStacks(new App(), config(overrides), { bundler: fakeBundler });

describe("addChatbotStacks", () => {
  test("two stacks named after the environment, the data plane depending on the control plane", () => {
    const { controlPlane, dataPlane } = stacksOf({ name: "chatbot-prod" });
    expect([controlPlane.node.id, dataPlane.node.id]).toEqual(["chatbot-prod-control-plane", "chatbot-prod-data-plane"]);
    expect(dataPlane.dependencies).toEqual([controlPlane]);
    expect(controlPlane.dependencies).toEqual([]);
  });

  test("an existing admin role is given by ARN alone: the role's name is read from the ARN's last segment", () => {
    const roleArn = "arn:aws:iam::111122223333:role/platform/BedrockAdmin";
    expect(stacksOf({ admin: { existingRoleArn: roleArn } }).controlPlane.adminRole).toEqual({ roleArn, roleName: "BedrockAdmin" });
  });

  test("the guardrail: an existing one referenced as given, none when disabled, otherwise one created with the configured strength", () => {
    expect(stacksOf({ guardrail: { arn: GUARDRAIL_ARN, version: "3" } }).controlPlane.guardrail).toEqual({ guardrailId: "abcd1234efgh", guardrailArn: GUARDRAIL_ARN, guardrailVersion: "3" });
    expect(stacksOf({ guardrail: { enabled: false } }).controlPlane.guardrail).toBeUndefined();
    const created = synthStack(stacksOf({ guardrail: { contentFilterStrength: "MEDIUM" } }).controlPlane);
    const filters = (only(created, "aws_bedrock_guardrail").content_policy_config as Array<{ filters_config: Array<{ type: string; input_strength: string }> }>)[0].filters_config;
    expect(filters.filter((filter) => filter.type !== "PROMPT_ATTACK").map((filter) => filter.input_strength)).toEqual(["MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM"]);
  });

  test("the data plane reads the created guardrail from the control plane's state, not from a copy", () => {
    const { data } = synthApp(config());
    const remote = Object.keys(data.data?.terraform_remote_state ?? {});
    expect(remote).toEqual([expect.stringMatching(/chatbot-test-control-plane$/)]);
    const environment = (only(data, "aws_lambda_function").environment as { variables: Record<string, string> }).variables;
    for (const name of ["GUARDRAIL_IDENTIFIER", "GUARDRAIL_VERSION"]) expect(environment[name]).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.${remote[0]}\\.outputs\\.`));
  });
});
