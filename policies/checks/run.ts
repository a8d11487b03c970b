/**
 * Runs the rule pack over a synth output: every rule over every stack, each finding matched
 * against the suppressions. Pure (no file system); a rule that throws becomes a failed finding
 * naming the error, so that a bug in a rule can never pass a stack silently.
 */
import { readableStacks } from "../extract/readable-stack";
import { workspaceOf, type Workspace } from "../extract/resolve";
import type { SynthStack } from "../extract/terraform-json";
import { RULES } from "./pack";
import { KNOWN_SUPPRESSIONS, suppressionFor, type KnownSuppression } from "./suppressions";
import type { CheckReport, Finding, Rule, RuleResult } from "./types";

export interface CheckOptions {
  readonly rules?: readonly Rule[];
  readonly suppressions?: readonly KnownSuppression[];
}

function runRule(rule: Rule, workspace: Workspace, suppressions: readonly KnownSuppression[]): RuleResult {
  let checked = 0;
  const findings: Finding[] = [];
  for (const stack of workspace.stacks) {
    const input = { stack, workspace };
    let outcome;
    try {
      outcome = rule.check(input);
    } catch (error) {
      outcome = { checked: 1, findings: [{ resource: "(stack)", message: `the rule could not run: ${(error as Error).message}`, fix: "report this as a bug of the rule pack" }] };
    }
    checked += outcome.checked;
    for (const finding of outcome.findings) {
      const suppression = suppressionFor(input, rule, finding, suppressions);
      const location = stack.locate?.(finding.resource);
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        stack: stack.name,
        ...finding,
        status: suppression ? "suppressed" : "failed",
        ...(suppression ? { suppression } : {}),
        ...(location ? { location } : {}),
      });
    }
  }
  const status = findings.some((finding) => finding.status === "failed") ? "failed" : findings.length > 0 ? "suppressed" : checked > 0 ? "passed" : "not-applicable";
  return { ruleId: rule.id, title: rule.title, severity: rule.severity, upstream: rule.upstream, status, resourcesChecked: checked, findings };
}

export function runChecks(stacks: readonly SynthStack[], options: CheckOptions = {}): CheckReport {
  // One workspace for every rule: the derived views (policies, rules, endpoints) are memoized on it.
  // Expressions read as the permission review reads them (jsonencode, locals, templates).
  const workspace = workspaceOf(readableStacks(stacks));
  const results = (options.rules ?? RULES).map((rule) => runRule(rule, workspace, options.suppressions ?? KNOWN_SUPPRESSIONS));
  const count = (status: RuleResult["status"]) => results.filter((result) => result.status === status).length;
  const findings = results.flatMap((result) => result.findings);
  return {
    summary: {
      rules: results.length,
      passed: count("passed"),
      failed: count("failed"),
      suppressed: count("suppressed"),
      notApplicable: count("not-applicable"),
      failedFindings: findings.filter((finding) => finding.status === "failed").length,
      suppressedFindings: findings.filter((finding) => finding.status === "suppressed").length,
    },
    results,
  };
}
