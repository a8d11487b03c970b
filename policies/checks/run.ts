/**
 * Runs the rule pack over a synth output: every rule over every stack, each finding matched
 * against the suppressions (comments and markers on the resource, the configuration file's skips,
 * the pack's known suppressions for this module's resources). Pure (no file system); a rule that
 * throws becomes a failed finding naming the error, so that a bug in a rule can never pass a stack
 * silently. The report also says which resource types nothing judged, and which skips matched
 * nothing.
 */
import { readableStacks } from "../extract/readable-stack";
import { workspaceOf, type Workspace } from "../extract/resolve";
import type { SynthStack } from "../extract/terraform-json";
import { REVIEWED_RESOURCE_TYPES } from "../extract/reviewed-types";
import { isModuleResource } from "./module-resources";
import { RULES } from "./pack";
import { KNOWN_SUPPRESSIONS, resourceOf, suppressionFor, type ConfigSkip, type KnownSuppression } from "./suppressions";
import { block, resources } from "./terraform";
import type { CheckReport, Finding, Rule, RuleResult, UnusedSkip } from "./types";

export interface CheckOptions {
  readonly rules?: readonly Rule[];
  readonly suppressions?: readonly KnownSuppression[];
  /** The configuration file's skips (`.bedrock-plane-review.json`). */
  readonly skips?: readonly ConfigSkip[];
}

function runRule(rule: Rule, workspace: Workspace, suppressions: readonly KnownSuppression[], skips: readonly ConfigSkip[]): RuleResult {
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
      const suppression = suppressionFor(input, rule, finding, suppressions, skips);
      const location = stack.locate?.(finding.resource);
      // The module's option is named only where the module made the resource: elsewhere it means nothing.
      const { moduleOption, ...rest } = finding;
      const fix = moduleOption !== undefined && isModuleResource(stack, resourceOf(input, finding.resource)) ? `${finding.fix} (this module's option: ${moduleOption})` : finding.fix;
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        stack: stack.name,
        ...rest,
        fix,
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
  const rules = options.rules ?? RULES;
  const skips = options.skips ?? [];
  const results = rules.map((rule) => runRule(rule, workspace, options.suppressions ?? KNOWN_SUPPRESSIONS, skips));
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
    resourceTypes: resourceTypeCoverage(workspace, rules),
    unusedSkips: unusedSkips(workspace, rules, results, skips),
  };
}

/** The managed resource types of the input, split into those some rule or the permission review judges and the rest. */
function resourceTypeCoverage(workspace: Workspace, rules: readonly Rule[]): CheckReport["resourceTypes"] {
  const judged = new Set([...REVIEWED_RESOURCE_TYPES, ...rules.flatMap((rule) => rule.resourceTypes)]);
  const present = [...new Set(workspace.stacks.flatMap((stack) => Object.keys((stack.config.resource ?? {}) as object)))].sort();
  return { checked: present.filter((type) => judged.has(type)), unchecked: present.filter((type) => !judged.has(type)) };
}

/** Skips that matched no finding: a rule that does not exist, a resource that is not there, or a finding that is gone. */
function unusedSkips(workspace: Workspace, rules: readonly Rule[], results: readonly RuleResult[], skips: readonly ConfigSkip[]): UnusedSkip[] {
  const known = new Set(rules.flatMap((rule) => [rule.id, ...rule.upstream]));
  const used = new Set(results.flatMap((result) => result.findings.filter((finding) => finding.suppression?.by === "comment" || finding.suppression?.by === "config").map((finding) => `${finding.suppression!.by}\u0000${finding.stack}\u0000${finding.resource}\u0000${result.ruleId}`)));
  const ruleOf = (name: string) => rules.find((rule) => rule.id === name || rule.upstream.includes(name))?.id ?? name;
  const why = (name: string) => (known.has(name) ? "no finding of this rule on this resource" : "no such rule in the pack");
  const unused: UnusedSkip[] = [];
  for (const skip of skips) {
    const stacks = workspace.stacks.filter((stack) => skip.stack === undefined || stack.name === skip.stack);
    if (!stacks.some((stack) => used.has(`config\u0000${stack.name}\u0000${skip.resource}\u0000${ruleOf(skip.rule)}`))) unused.push({ rule: skip.rule, resource: skip.resource, by: "config", why: why(skip.rule) });
  }
  for (const stack of workspace.stacks) {
    for (const type of Object.keys((stack.config.resource ?? {}) as object)) {
      for (const resource of resources(stack, type)) {
        const commented = block(block(block(resource.block["//"])?.checks)?.skip);
        for (const rule of Object.keys(commented ?? {})) {
          if (!used.has(`comment\u0000${stack.name}\u0000${resource.address}\u0000${ruleOf(rule)}`)) unused.push({ rule, resource: resource.address, by: "comment", why: why(rule) });
        }
      }
    }
  }
  return unused;
}
