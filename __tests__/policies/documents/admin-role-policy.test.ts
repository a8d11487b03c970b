/**
 * The admin role's inline policy: the size it reaches with every deny on (IAM refuses a role's
 * inline policies over 10,240 characters at apply, after the plan was accepted), and which
 * borderline actions denyInference leaves alone. What the synthesized role can reach is tested in
 * stacks/control-plane-stack.test.ts.
 */
import { generatingActions, lookupBedrockAction } from "../../../policies/catalogue/bedrock-actions";
import { POLICY_LIMITS, measuredSize } from "../../../policies/deployability/aws-limits";
import { adminRoleStatements, controlPlaneGeneratingActions } from "../../../policies/documents/admin-role-policy";
import { policyDocument } from "../../../policies/documents/statement";

describe("adminRoleStatements", () => {
  test("with denyInference, the policy stays within IAM's inline-policy limit with room for the catalogue to grow", () => {
    const limit = POLICY_LIMITS.roleInlinePolicies;
    const size = measuredSize(JSON.stringify(policyDocument(adminRoleStatements({ denyInference: true }))), limit);
    // Half the limit: a catalogue refresh that doubles the denied actions still fits.
    expect(size).toBeLessThan(limit.maxCharacters / 2);
  });

  test("the control-plane Deny lists exactly the control-plane actions that generate, and no configuration action", () => {
    const deny = adminRoleStatements({ denyInference: true }).find((s) => s.Sid === "DenyGenerationThroughControlPlane")!;
    expect(deny.Action).toEqual(controlPlaneGeneratingActions());
    expect(deny.Action).toEqual(expect.arrayContaining(["bedrock:CreateModelInvocationJob", "bedrock:CreateEvaluationJob", "bedrock:InvokeBuilder"]));
    for (const action of ["bedrock:CreateGuardrail", "bedrock:UpdateGuardrail", "bedrock:CreateFoundationModelAgreement", "bedrock:PutModelInvocationLoggingConfiguration"]) {
      expect(deny.Action).not.toContain(action);
    }
    expect(deny).toMatchObject({ Effect: "Deny", Resource: ["*"] });
    expect(deny.Condition).toBeUndefined();
  });

  test("borderline actions weighed and not counted (knowledge-base ingestion) stay allowed, each with its reason", () => {
    for (const action of ["bedrock:StartIngestionJob", "bedrock:IngestKnowledgeBaseDocuments"]) {
      expect(lookupBedrockAction(action)).toMatchObject({ generates: false, generatesNote: expect.stringMatching(/^borderline: /) });
      expect(generatingActions()).not.toContain(action);
    }
  });

  test("without denyInference there is no Deny at all", () => {
    expect(adminRoleStatements({ denyInference: false }).filter((s) => s.Effect === "Deny")).toEqual([]);
  });
});
