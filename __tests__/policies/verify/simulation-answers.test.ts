import { failedSimulations, type SimulatorResult, simulationOutcome } from "../../../policies/verify/simulation-answers";
import type { Simulation } from "../../../policies/verify/simulation-plan";

const DENY: Simulation = { id: "deny", title: "t", expect: "denied", probe: false, actions: ["bedrock:CreateGuardrail", "bedrock:GetGuardrail"], resourceArns: ["arn:a", "arn:b"], context: [] };
const ALLOW: Simulation = { ...DENY, id: "allow", expect: "allowed", actions: ["bedrock:InvokeModel"] };

describe("simulationOutcome", () => {
  it("reads each resource's own decision from ResourceSpecificResults (one result per action, as IAM answers now)", () => {
    const results: SimulatorResult[] = [
      {
        EvalActionName: "bedrock:CreateGuardrail",
        EvalDecision: "implicitDeny", // the aggregate hides that arn:b is allowed
        ResourceSpecificResults: [
          { EvalResourceName: "arn:a", EvalResourceDecision: "implicitDeny" },
          { EvalResourceName: "arn:b", EvalResourceDecision: "allowed", MatchedStatements: [{ SourcePolicyId: "extra" }] },
        ],
      },
      { EvalActionName: "bedrock:GetGuardrail", EvalDecision: "explicitDeny", ResourceSpecificResults: [{ EvalResourceName: "arn:a", EvalResourceDecision: "explicitDeny" }, { EvalResourceName: "arn:b", EvalResourceDecision: "explicitDeny" }] },
    ];
    const outcome = simulationOutcome(DENY, results);
    expect(outcome.answers).toHaveLength(4);
    expect(outcome.unexpected).toEqual([{ action: "bedrock:CreateGuardrail", resource: "arn:b", decision: "allowed", decidedBy: ["extra"], missingContext: [] }]);
  });

  it("reads the older shape too: one result per action and resource", () => {
    const results: SimulatorResult[] = [
      { EvalActionName: "bedrock:InvokeModel", EvalResourceName: "arn:a", EvalDecision: "allowed" },
      { EvalActionName: "bedrock:InvokeModel", EvalResourceName: "arn:b", EvalDecision: "implicitDeny", MissingContextValues: ["aws:SourceVpce"] },
    ];
    expect(simulationOutcome(ALLOW, results).unexpected).toEqual([{ action: "bedrock:InvokeModel", resource: "arn:b", decision: "implicitDeny", decidedBy: [], missingContext: ["aws:SourceVpce"] }]);
  });

  it("an allowed aggregate means every resource is allowed; a denied one without per-resource results answers nothing", () => {
    expect(simulationOutcome(ALLOW, [{ EvalActionName: "bedrock:InvokeModel", EvalDecision: "allowed" }]).unexpected).toEqual([]);
    const unknown = simulationOutcome(DENY, [
      { EvalActionName: "bedrock:CreateGuardrail", EvalDecision: "implicitDeny" },
      { EvalActionName: "bedrock:GetGuardrail", EvalDecision: "implicitDeny" },
    ]);
    // Fail closed: "denied" cannot be shown for a resource the simulator did not answer for.
    expect(unknown.unexpected.map((answer) => answer.decision)).toEqual(["unanswered", "unanswered", "unanswered", "unanswered"]);
  });

  it("on `*`, the single result is the answer; action names match whatever their case", () => {
    const any: Simulation = { ...DENY, resourceArns: undefined, actions: ["bedrock:CreateGuardrail"] };
    expect(simulationOutcome(any, [{ EvalActionName: "bedrock:createguardrail", EvalResourceName: "arn:${Partition}:bedrock:*", EvalDecision: "implicitDeny" }]).unexpected).toEqual([]);
    expect(simulationOutcome(any, [{ EvalActionName: "bedrock:CreateGuardrail", EvalDecision: "allowed" }]).unexpected).toHaveLength(1);
  });

  it("an unknown decision string is no answer", () => {
    expect(simulationOutcome(ALLOW, [{ EvalActionName: "bedrock:InvokeModel", EvalDecision: "maybe" }]).unexpected.map((answer) => answer.decision)).toEqual(["unanswered", "unanswered"]);
  });

  it("keeps the boundary's and the organization's part", () => {
    const [answer] = simulationOutcome({ ...ALLOW, resourceArns: ["arn:a"] }, [
      { EvalActionName: "bedrock:InvokeModel", EvalDecision: "implicitDeny", OrganizationsDecisionDetail: { AllowedByOrganizations: false }, PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true } },
    ]).answers;
    expect(answer).toMatchObject({ allowedByBoundary: true, allowedByOrganizations: false });
  });
});

describe("failedSimulations", () => {
  it("counts unexpected answers of checks, never of probes", () => {
    const allowed: SimulatorResult[] = [{ EvalActionName: "bedrock:InvokeModel", EvalDecision: "allowed" }];
    const denied: SimulatorResult[] = [{ EvalActionName: "bedrock:InvokeModel", EvalDecision: "implicitDeny", ResourceSpecificResults: [{ EvalResourceName: "arn:a", EvalResourceDecision: "implicitDeny" }, { EvalResourceName: "arn:b", EvalResourceDecision: "implicitDeny" }] }];
    const outcomes = [simulationOutcome(ALLOW, allowed), simulationOutcome({ ...ALLOW, id: "probe", probe: true }, denied), simulationOutcome({ ...ALLOW, id: "check" }, denied)];
    expect(failedSimulations(outcomes).map((outcome) => outcome.simulation.id)).toEqual(["check"]);
  });
});
