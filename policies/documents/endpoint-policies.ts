/**
 * VPC endpoint policies. Each names its one principal, its actions and its resources, so that
 * a credential other than the intended role gets nothing through the endpoint.
 */
import { Bedrock } from "../catalogue/bedrock-actions";
import { bedrockInvokeStatements, type InvokeStatementsOptions } from "./app-role-policy";
import { policyDocument, type PolicyDocument } from "./statement";

/** bedrock-runtime: the app role's inference on its models and guardrail, nothing else. */
export function runtimeEndpointPolicy(appRoleArn: string, options: Omit<InvokeStatementsOptions, "principal">): PolicyDocument {
  return policyDocument(bedrockInvokeStatements({ ...options, principal: { AWS: [appRoleArn] } }));
}

/** bedrock (control plane): only the admin role, for whatever its IAM policy allows. */
export function controlEndpointPolicy(adminRoleArn: string): PolicyDocument {
  return policyDocument([
    { Sid: "AdminRoleOnly", Effect: "Allow", Principal: { AWS: [adminRoleArn] }, Action: [Bedrock.All], Resource: ["*"] },
  ]);
}
