/**
 * `npm run review` with the rule pack: exit codes (0 when every rule passes or is suppressed, 1 on
 * an unsuppressed finding, even with no permission violation), the JSON `checksSummary` and
 * `checks` fields, the markdown Checks section, and `--no-checks`.
 */
import { runReview } from "../../../policies/review-cli";
import { defaultSynthDir, editedSynthDir, only } from "./helpers";

/** The default synth with one open ingress rule on the endpoints' security group. */
function withOpenIngress(): string {
  return editedSynthDir((config) => {
    const rule = config.resource.aws_vpc_security_group_ingress_rule;
    if (!rule) return;
    const first = only(config, "aws_vpc_security_group_ingress_rule");
    rule.open = { ...first, referenced_security_group_id: undefined, cidr_ipv4: "0.0.0.0/0", description: "open" };
  });
}

describe("review CLI with the rule pack", () => {
  it("exits 0 on the default synth: no violation, every check passes or is suppressed", () => {
    const result = runReview([defaultSynthDir()]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("✅ **Checks: no failing rule**");
  });

  it("exits 1 on an unsuppressed finding although no role has a violation", () => {
    const result = runReview([withOpenIngress(), "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.violations).toEqual([]);
    expect(json.checksSummary).toEqual(expect.objectContaining({ rules: 33, failed: 1, failedFindings: 1 }));
    expect(json.checks.find((result: { ruleId: string }) => result.ruleId === "sg-no-public-ingress")).toEqual(
      expect.objectContaining({
        status: "failed",
        severity: "critical",
        upstream: expect.arrayContaining(["CKV_AWS_24", "AVD-AWS-0107"]),
        findings: [expect.objectContaining({ ruleId: "sg-no-public-ingress", stack: expect.stringMatching(/data-plane$/), resource: expect.stringMatching(/^aws_vpc_security_group_ingress_rule\.open$/), status: "failed", message: expect.stringContaining("0.0.0.0/0"), fix: expect.any(String) })],
      }),
    );
  });

  it("puts the permission review's JSON fields first, then checksSummary and checks", () => {
    const json = JSON.parse(runReview([defaultSynthDir(), "--format", "json"]).stdout);
    expect(Object.keys(json)).toEqual(["schemaVersion", "stacks", "summary", "violations", "dataPlaneFindings", "unreviewedModules", "roles", "endpoints", "checksSummary", "checks", "resourceTypes", "unusedSkips"]);
    expect(Object.keys(json.summary)).toEqual(["roles", "applicationRoles", "endpoints", "violations", "dataPlaneFindings", "unreviewedModules", "beyondBoundary", "failing"]);
    // The module's own role: its policy and its boundary hold the same statements, nothing beyond.
    expect(json.summary.beyondBoundary).toBe(0);
    const suppressed = json.checks.find((result: { ruleId: string }) => result.ruleId === "lambda-dlq");
    expect(suppressed.findings[0]).toEqual(expect.objectContaining({ status: "suppressed", suppression: { by: "module", reason: expect.stringContaining("synchronously") } }));
  });

  it("shows failures first in the markdown Checks section, before the violations, with fix and suppression reasons", () => {
    const { stdout } = runReview([withOpenIngress()]);
    expect(stdout).toMatch(/❌ \*\*Checks: 1 finding\(s\) fail 1 of 33 rule\(s\)\*\*/);
    const section = stdout.slice(stdout.indexOf("### Checks"));
    expect(stdout.indexOf("### Endpoints")).toBeLessThan(stdout.indexOf("### Checks"));
    const rows = section.split("\n").filter((line) => line.startsWith("| "));
    expect(rows[1]).toMatch(/^\| ❌ critical \| `sg-no-public-ingress` \| CKV_AWS_24, .*AVD-AWS-0107.* \| `[\w-]+-data-plane` \| `aws_vpc_security_group_ingress_rule\.open` \(\S+cdk\.tf\.json:\d+\) \| .*0\.0\.0\.0\/0.*\*\*Fix:\*\*/);
    expect(section).toMatch(/\| ⏸️ suppressed \| `lambda-dlq` \| CKV_AWS_116, Serverless-LambdaDLQ \| .* synchronously.*\(known suppression of this module's resource\) \|/);
    expect(section).toMatch(/\| ✅ passed \| `lambda-in-vpc` \| CKV_AWS_117 \|/);
    expect(section).toContain("| ✅ passed | `endpoint-private-dns` | — (project rule) |");
  });

  it("--no-checks runs the permission review alone, with its own exit code", () => {
    const result = runReview([withOpenIngress(), "--no-checks", "--format", "json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).not.toHaveProperty("checks");
    expect(runReview([withOpenIngress(), "--no-checks"]).stdout).not.toContain("### Checks");
    expect(runReview([defaultSynthDir(), "--no-checks=yes"]).exitCode).toBe(2);
  });
});
