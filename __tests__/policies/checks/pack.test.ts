/**
 * The whole pack: over the default deployment (config/dev.json, synthesized as `cdktf synth`
 * writes it) every rule passes or carries a written suppression; the pack is well formed (ids,
 * upstream ids, severities); a rule that throws fails instead of passing; it starts fast.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { RULES } from "../../../policies/checks/pack";
import { runChecks } from "../../../policies/checks/run";
import { SEVERITIES, type Rule } from "../../../policies/checks/types";
import { docSection } from "../../helpers/docs";
import { defaultSynth, failing, stackOf } from "./helpers";

describe("the rule pack over the default synth (config/dev.json)", () => {
  const report = runChecks(defaultSynth());

  it("fails no rule: every finding carries a written suppression", () => {
    expect(failing(report)).toEqual([]);
    expect(report.summary.failed).toBe(0);
  });

  it("runs every rule on something: none is vacuously true", () => {
    expect(report.results.filter((result) => result.status === "not-applicable").map((result) => result.ruleId)).toEqual([]);
  });

  it("suppresses only with a reason, and reports suppressed findings", () => {
    const suppressed = report.results.flatMap((result) => result.findings);
    expect(suppressed.length).toBe(report.summary.suppressedFindings);
    for (const finding of suppressed) expect(finding.suppression?.reason.length).toBeGreaterThan(40);
  });

  it("keeps the design's intended passes unsuppressed: authorization, VPC, no public ingress or egress, no admin access, scoped endpoints", () => {
    const passed = new Set(report.results.filter((result) => result.status === "passed").map((result) => result.ruleId));
    for (const id of ["api-authorization", "api-no-data-trace", "lambda-in-vpc", "lambda-reserved-concurrency", "sg-no-public-ingress", "sg-no-public-egress", "default-sg-closed", "iam-no-admin-access", "iam-trust-scoped", "endpoint-policy-scoped", "endpoint-private-dns"]) {
      expect(passed.has(id)).toBe(true);
    }
  });
});

describe("the pack's shape", () => {
  const UPSTREAM = /^(CKV2?_AWS_\d+|AVD-AWS-\d{4}|AwsSolutions-[A-Z]+\d+|Serverless-[A-Za-z]+)$/;

  it("has unique kebab-case ids, a title, a documented severity and well-formed upstream ids", () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(SEVERITIES).toContain(rule.severity);
      for (const id of rule.upstream) expect(id).toMatch(UPSTREAM);
    }
  });

  it("names upstream rules for every rule except the project's endpoint rules", () => {
    expect(RULES.filter((rule) => rule.upstream.length === 0).map((rule) => rule.id).sort()).toEqual(["endpoint-policy-scoped", "endpoint-private-dns"]);
  });

  it("is listed in the Rule pack table of docs/permission-review.md with its severity and upstream ids", () => {
    const section = docSection("permission-review", "## Rule pack");
    const rows = section.split("\n").filter((line) => line.startsWith("| `"));
    for (const rule of RULES) {
      const row = rows.find((line) => line.startsWith(`| \`${rule.id}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(`| ${rule.severity} |`);
      for (const id of rule.upstream) expect(row).toContain(id);
    }
  });

  it("a rule that throws fails with a finding naming the error, and the other rules still run", () => {
    const broken: Rule = { id: "broken-rule", title: "A rule with a bug", severity: "low", upstream: [], resourceTypes: [], check: () => { throw new Error("boom"); } };
    const report = runChecks([stackOf({})], { rules: [broken, RULES[0]], suppressions: [] });
    expect(report.results[0]).toEqual(expect.objectContaining({ status: "failed", findings: [expect.objectContaining({ message: "the rule could not run: boom", status: "failed" })] }));
    expect(report.results[1].status).toBe("not-applicable");
  });

  it("imports neither cdktf nor the provider (the review CLI must start fast)", () => {
    const sources = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? sources(join(dir, name)) : name.endsWith(".ts") ? [join(dir, name)] : []));
    const root = join(__dirname, "..", "..", "..", "policies", "checks");
    const offenders = sources(root).filter((file) => /from\s+["'](cdktf|constructs|@cdktf\/)/.test(readFileSync(file, "utf8")));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });
});
