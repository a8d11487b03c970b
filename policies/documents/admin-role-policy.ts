/**
 * Statement builders for the admin/DevOps (control-plane) role: it configures Bedrock —
 * guardrails, model access, inference profiles, knowledge bases, agents, invocation logging.
 */
import { Bedrock, actionsOfPlane, generatingActions, planeOf } from "../catalogue/bedrock-actions";
import type { PolicyStatement } from "./statement";

export interface AdminStatementsOptions {
  /**
   * Deny every data-plane action and every control-plane action that makes a model generate
   * (batch inference, evaluation, customization and prompt-optimization jobs, the builders), so
   * that the admin can configure Bedrock but never run inference with it: the strict two-way split.
   */
  readonly denyInference: boolean;
}

/**
 * The control-plane actions that make a model generate: a job or builder the service runs, so
 * the model answers although no runtime endpoint is called. The catalogue's `generates` field
 * decides; the borderline actions it marks `false` (knowledge-base ingestion, whose embeddings
 * or foundation-model parsing are the knowledge base's configuration, and the Automated
 * Reasoning test workflow, which yields findings) stay allowed, since maintaining knowledge
 * bases and guardrails is the admin's job.
 */
export function controlPlaneGeneratingActions(): string[] {
  return generatingActions().filter((action) => planeOf(action) === "control");
}

export function adminRoleStatements(options: AdminStatementsOptions): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    // Bedrock's control plane spans ~200 actions across bedrock and bedrock-agent; listing them
    // would exceed the 10 KB inline-policy limit, and the admin is the one role meant to hold them.
    { Sid: "ConfigureBedrock", Effect: "Allow", Action: [Bedrock.All], Resource: ["*"] },
    {
      // Enabling a third-party model starts a Marketplace subscription on the calling identity.
      Sid: "ManageModelAccessSubscriptions",
      Effect: "Allow",
      Action: ["aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe", "aws-marketplace:ViewSubscriptions"],
      Resource: ["*"],
    },
    {
      // Knowledge bases, agents and invocation logging run under service roles handed to Bedrock.
      Sid: "PassServiceRolesToBedrockOnly",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: ["*"],
      Condition: { StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } },
    },
  ];
  if (options.denyInference) {
    statements.push(
      { Sid: "DenyInference", Effect: "Deny", Action: [...actionsOfPlane("data")], Resource: ["*"] },
      // Batch inference, evaluation jobs and the like are control-plane calls, yet models answer.
      { Sid: "DenyGenerationThroughControlPlane", Effect: "Deny", Action: controlPlaneGeneratingActions(), Resource: ["*"] },
    );
  }
  return statements;
}
