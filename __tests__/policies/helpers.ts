/** Shared helpers for the policy-guard tests: sourced statements, Terraform JSON builders, the chatbot fixture. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluatePolicies, type BoundaryInput, type EffectivePermissions, type SourcedStatement } from "../../policies/evaluator/evaluate";
import type { SynthStack, TerraformConfig } from "../../policies/extract/terraform-json";
import { reviewStacks, type Review } from "../../policies/review/review";
import type { PolicyStatement } from "../../policies/documents/statement";

export const FIXTURES = join(__dirname, "..", "fixtures", "review");
export const CHATBOT_FIXTURE = join(FIXTURES, "chatbot");

export function sourcedStatements(statements: readonly PolicyStatement[], source = "test-policy"): SourcedStatement[] {
  return statements.map((statement, index) => ({ statement, ref: { source, index, ...(statement.Sid ? { sid: statement.Sid } : {}) } }));
}

export function permissionsOf(statements: readonly PolicyStatement[], boundary?: BoundaryInput): EffectivePermissions {
  return evaluatePolicies(sourcedStatements(statements), boundary);
}

export function allow(action: string | string[], extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { Effect: "Allow", Action: action, Resource: "*", ...extra };
}

export function deny(action: string | string[], extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { Effect: "Deny", Action: action, Resource: "*", ...extra };
}

export function policyJson(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const LAMBDA_TRUST = policyJson([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);

/** A one-stack synth output. */
export function stack(config: TerraformConfig, name = "test-stack"): SynthStack {
  return { name, file: `${name}/cdk.tf.json`, config };
}

export function review(...configs: TerraformConfig[]): Review {
  return reviewStacks(configs.map((config, index) => stack(config, `stack-${index}`)));
}

/** The hand-written chatbot synth output (control and data stacks), freshly parsed so that tests may mutate it. */
export function chatbotFixture(): { control: MutableConfig; data: MutableConfig; stacks: () => SynthStack[] } {
  const read = (name: string) => JSON.parse(readFileSync(join(CHATBOT_FIXTURE, "stacks", name, "cdk.tf.json"), "utf8")) as MutableConfig;
  const control = read("chatbot-control-plane");
  const data = read("chatbot-data-plane");
  return {
    control,
    data,
    stacks: () => [stack(control, "chatbot-control-plane"), stack(data, "chatbot-data-plane")],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MutableConfig = { resource: Record<string, Record<string, any>>; data?: Record<string, Record<string, any>>; [key: string]: any };

/** Terraform address of the fixture's application role, found by property (its tag), not by generated name. */
export function appRoleName(config: MutableConfig): string {
  const entry = Object.entries(config.resource.aws_iam_role).find(([, role]) => role.tags?.BedrockPlane === "data");
  if (!entry) throw new Error("fixture has no role tagged BedrockPlane = data");
  return entry[0];
}
