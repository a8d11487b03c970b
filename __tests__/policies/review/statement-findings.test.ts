/**
 * One finding per role and granting statement, counted and named; control plane fails, data
 * plane outside the chatbot's set is reported apart and fails only when asked; module calls
 * fail unless accepted.
 */
import { BEDROCK_ACTIONS } from "../../../policies/catalogue/bedrock-actions";
import { reviewStacks } from "../../../policies/review/review";
import { allow, LAMBDA_TRUST, policyJson, review, stack } from "../helpers";

const role = (statements: Parameters<typeof policyJson>[0], extra: Record<string, unknown> = {}) => ({
  resource: { aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: policyJson(statements) }], ...extra } } },
});

const controlCount = BEDROCK_ACTIONS.filter((entry) => entry.plane === "control").length;
const dataOutside = BEDROCK_ACTIONS.filter((entry) => entry.plane === "data" && !["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:ApplyGuardrail"].includes(entry.action));

describe("findings per statement", () => {
  it("bedrock:* is one finding: a violation, its actions counted by kind and the first few named", () => {
    const result = review(role([allow("bedrock:*")]));
    expect(result.violations).toHaveLength(1);
    const [violation] = result.violations;
    expect(violation).toEqual(expect.objectContaining({ role: "aws_iam_role.app", kind: "control-plane", kinds: ["control-plane", "wildcard-bedrock", "data-plane-outside-chatbot"], statement: "aws_iam_role.app inline_policy[0] \"p\" #0" }));
    expect(violation.actionCount).toBe(controlCount + 1 + dataOutside.length);
    expect(violation.actions).toHaveLength(violation.actionCount);
    expect(violation.actions[controlCount]).toBe("bedrock:*");
    const [control, wildcard, data] = violation.reason.split("; ");
    expect(control).toMatch(new RegExp(`^grants ${controlCount} control-plane actions: (bedrock:\\w+), (bedrock:\\w+), (bedrock:\\w+) and ${controlCount - 3} more$`));
    expect(wildcard).toMatch(/^bedrock:\*, which also reaches bedrock actions the catalogue does not list/);
    expect(data).toMatch(new RegExp(`^${dataOutside.length} data-plane actions outside the chatbot's set: bedrock:\\w+( \\([\\w-]+\\))?, bedrock:\\w+( \\([\\w-]+\\))?, bedrock:\\w+( \\([\\w-]+\\))? and ${dataOutside.length - 3} more$`));
    // Each part names actions of its own kind: the data-plane part never names a control-plane action.
    const namedIn = (part: string) => [...part.matchAll(/bedrock:(\w+)/g)].map((match) => `bedrock:${match[1]}`);
    expect(namedIn(control).every((action) => BEDROCK_ACTIONS.find((entry) => entry.action === action)?.plane === "control")).toBe(true);
    expect(namedIn(data).every((action) => dataOutside.some((entry) => entry.action === action))).toBe(true);
    // The data-plane part of the same statement is in it, not a second finding.
    expect(result.dataPlaneFindings).toEqual([]);
  });

  it("two statements granting the same action are two findings", () => {
    const result = review(role([allow("bedrock:CreateGuardrail"), allow(["bedrock:CreateGuardrail", "bedrock:ListFoundationModels"])]));
    expect(result.violations.map((violation) => [violation.statement.replace(/.* #/, "#"), violation.actions])).toEqual([
      ["#0", ["bedrock:CreateGuardrail"]],
      ["#1", ["bedrock:CreateGuardrail", "bedrock:ListFoundationModels"]],
    ]);
  });

  it("agents and knowledge-base runtime are data-plane findings, labelled by endpoint, and pass unless asked to fail", () => {
    const config = role([allow(["bedrock:InvokeModel", "bedrock:InvokeAgent", "bedrock:Retrieve"])]);
    const result = review(config);
    expect(result.violations).toEqual([]);
    expect(result.dataPlaneFindings).toEqual([
      expect.objectContaining({ actions: ["bedrock:InvokeAgent", "bedrock:Retrieve"], reason: "grants 2 data-plane actions outside the chatbot's set: bedrock:InvokeAgent (bedrock-agent-runtime), bedrock:Retrieve (bedrock-agent-runtime)" }),
    ]);
    expect(result.summary.failing).toBe(false);
    expect(reviewStacks([stack(config)], { failOnDataPlane: true }).summary.failing).toBe(true);
  });

  it("a conditional statement says so", () => {
    const result = review(role([allow("bedrock:CreateGuardrail", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })]));
    expect(result.violations).toEqual([expect.objectContaining({ conditional: true, reason: expect.stringMatching(/\(conditional grant\)$/) })]);
  });
});

describe("module calls", () => {
  const withModule = { ...role([allow("bedrock:InvokeModel")]), module: { lambda: { source: "terraform-aws-modules/lambda/aws", attach_policy_statements: true } } };

  it("are listed as not reviewed and fail the review unless accepted", () => {
    const result = review(withModule);
    expect(result.unreviewedModules).toEqual([{ stack: "stack-0", address: "module.lambda", source: "terraform-aws-modules/lambda/aws" }]);
    expect(result.violations).toEqual([]);
    expect(result.summary.failing).toBe(true);
    expect(reviewStacks([stack(withModule)], { acceptModules: true }).summary.failing).toBe(false);
  });
});
