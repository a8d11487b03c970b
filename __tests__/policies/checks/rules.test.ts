/**
 * Every rule of the pack, on the smallest Terraform JSON that passes it and on the smallest that
 * fails it (cases/*.ts). A rule without both kinds of case fails here, so a new rule cannot land
 * untested.
 */
import { RULES } from "../../../policies/checks/pack";
import { API_CASES } from "./cases/api";
import { IAM_CASES } from "./cases/iam";
import { LAMBDA_CASES } from "./cases/lambda";
import { LOG_CASES } from "./cases/logs";
import { NETWORK_CASES } from "./cases/network";
import { runRule, stackOf } from "./helpers";

const CASES = [...API_CASES, ...LAMBDA_CASES, ...LOG_CASES, ...NETWORK_CASES, ...IAM_CASES];

describe("rule pack coverage", () => {
  it("has a passing and a failing case for every rule, and no case for a rule outside the pack", () => {
    const covered = CASES.filter((one) => one.passing.length > 0 && one.failing.length > 0).map((one) => one.rule.id);
    expect([...covered].sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });
});

describe.each(CASES.map((one) => [one.rule.id, one] as const))("%s", (_id, { rule, passing, failing }) => {
  it.each(passing.map(([label, resource]) => [label, resource] as const))("passes: %s", (_label, resource) => {
    const result = runRule(rule, stackOf(resource));
    expect(result.findings).toEqual([]);
    expect(result.resourcesChecked).toBeGreaterThan(0);
    expect(result.status).toBe("passed");
  });

  it.each(failing.map(([label, resource, message, data]) => [label, resource, message, data] as const))("fails: %s", (_label, resource, message, data) => {
    const result = runRule(rule, stackOf(resource, data));
    expect(result.status).toBe("failed");
    expect(result.findings.map((finding) => finding.message)).toContainEqual(expect.stringMatching(message));
    for (const finding of result.findings) {
      expect(finding).toEqual(expect.objectContaining({ ruleId: rule.id, severity: rule.severity, stack: "test-stack", status: "failed" }));
      expect(finding.resource).toMatch(/^[a-z0-9_]+\.[\w-]+$/);
      expect(finding.fix.length).toBeGreaterThan(10);
      expect(finding).not.toHaveProperty("suppression");
    }
  });

  it("does not apply to a stack without its resources", () => {
    expect(runRule(rule, stackOf({ aws_s3_bucket: { b: { bucket: "b" } } }))).toEqual(expect.objectContaining({ status: "not-applicable", findings: [], resourcesChecked: 0 }));
  });
});
