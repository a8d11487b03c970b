/**
 * The rule pack in the markdown report: a verdict line under the permission verdict, and a
 * "Checks" table with failures first (severity, finding, fix), then suppressions with their
 * written reasons, then the rules that passed, so a reviewer reads what needs action first.
 */
import type { CheckReport, Finding, RuleResult } from "../checks/types";
import { cell, code, where as writtenAt } from "./markdown-text";

export function checksVerdict(report: CheckReport): string {
  const { summary } = report;
  const rest = `${summary.passed} passed, ${summary.suppressed} suppressed with a written reason, ${summary.notApplicable} not applicable`;
  return summary.failedFindings > 0
    ? `❌ **Checks: ${summary.failedFindings} finding(s) fail ${summary.failed} of ${summary.rules} rule(s)** (see Checks) · ${rest}`
    : `✅ **Checks: no failing rule** (${summary.rules} rules) · ${rest}`;
}

/** A pull-request comment holds 65,536 characters: a rule that fails everywhere shows its first findings only. */
const MAX_ROWS_PER_RULE = 10;

const SUPPRESSED_BY: Readonly<Record<NonNullable<Finding["suppression"]>["by"], string>> = {
  comment: "skip comment",
  resource: "resource marker",
  config: ".bedrock-plane-review.json",
  module: "known suppression of this module's resource",
};

const upstream = (result: RuleResult) => (result.upstream.length > 0 ? result.upstream.join(", ") : "— (project rule)");
const where = (finding: Finding) => `${code(finding.resource)}${finding.detail ? ` ${cell(finding.detail)}` : ""}${writtenAt(finding.location)}`;

export function checksSection(report: CheckReport): string[] {
  const lines = [
    "### Checks",
    "",
    "Scanner-grade rules over the synthesized Terraform (see docs/permission-review.md, Rule pack). Every finding fails the review unless a written suppression covers it.",
    "",
    "| Result | Rule | Upstream | Stack | Resource | Details |",
    "|---|---|---|---|---|---|",
  ];
  const rows = (status: Finding["status"]) =>
    report.results.flatMap((result) => {
      const findings = result.findings.filter((finding) => finding.status === status);
      const shown = findings.slice(0, MAX_ROWS_PER_RULE).map((finding) =>
        status === "failed"
          ? `| ❌ ${finding.severity} | ${code(result.ruleId)} | ${upstream(result)} | ${code(finding.stack)} | ${where(finding)} | ${cell(finding.message)}. **Fix:** ${cell(finding.fix)} |`
          : `| ⏸️ suppressed | ${code(result.ruleId)} | ${upstream(result)} | ${code(finding.stack)} | ${where(finding)} | ${cell(finding.suppression?.reason ?? "")} (${SUPPRESSED_BY[finding.suppression?.by ?? "module"]}) |`,
      );
      const hidden = findings.length - shown.length;
      return hidden > 0 ? [...shown, `| … | ${code(result.ruleId)} | | | … and ${hidden} more ${status} finding(s) | every one is in \`--format json\` |`] : shown;
    });
  lines.push(...rows("failed"), ...rows("suppressed"));
  for (const result of report.results.filter((one) => one.status === "passed")) {
    lines.push(`| ✅ passed | ${code(result.ruleId)} | ${upstream(result)} | — | ${result.resourcesChecked} checked | ${cell(result.title)} |`);
  }
  for (const result of report.results.filter((one) => one.status === "not-applicable")) {
    lines.push(`| ➖ n/a | ${code(result.ruleId)} | ${upstream(result)} | — | none in scope | ${cell(result.title)} |`);
  }
  lines.push("", ...coverage(report), ...unusedSkips(report));
  return [...lines, ""];
}

/** Which resource types were judged, and which no rule judges: "no failing rule" never reads as "all checked". */
function coverage(report: CheckReport): string[] {
  const { checked, unchecked } = report.resourceTypes;
  return [
    `Resource types checked (by the rule pack or the permission review): ${checked.length > 0 ? checked.map(code).join(", ") : "none"}.`,
    ...(unchecked.length > 0 ? ["", `➖ No rule checks: ${unchecked.map(code).join(", ")}.`] : []),
  ];
}

function unusedSkips(report: CheckReport): string[] {
  if (report.unusedSkips.length === 0) return [];
  return [
    "",
    "⚠️ Skips that matched no finding (remove or correct them):",
    ...report.unusedSkips.map((skip) => `- ${code(skip.rule)} on ${code(skip.resource)} (${skip.by === "comment" ? "skip comment" : ".bedrock-plane-review.json"}): ${skip.why}`),
  ];
}
