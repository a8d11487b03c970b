/**
 * Statement builders for the admin/DevOps (control-plane) role: it configures Bedrock —
 * guardrails, model access, inference profiles, knowledge bases, agents, invocation logging.
 */
import { Bedrock, actionsOfPlane } from "../catalogue/bedrock-actions";
import type { PolicyStatement } from "./statement";

export interface AdminStatementsOptions {
  /**
   * Deny every data-plane action, so that the admin can configure Bedrock but never run
   * inference with it: the strict two-way split.
   */
  readonly denyInference: boolean;
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
    statements.push({ Sid: "DenyInference", Effect: "Deny", Action: [...actionsOfPlane("data")], Resource: ["*"] });
  }
  return statements;
}
