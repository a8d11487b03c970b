/**
 * `--format sarif`: the review and the rule pack as one SARIF 2.1.0 run, for GitHub code scanning
 * (and any other SARIF viewer). One rule per kind of permission finding (sarif-rules.ts) and per
 * rule of the pack, with its help and the checkov/trivy/cdk-nag ids it mirrors; one result per
 * finding, on the file and line of the block it names, its level saying whether it fails the
 * review; suppressed findings carry a SARIF suppression with the written reason.
 */
import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import type { CheckReport, Finding, RuleResult, Severity } from "../checks/types";
import type { SourceLocation } from "../extract/terraform-json";
import type { Review, Violation } from "./review";
import { GUARD_RULES, type GuardRule } from "./sarif-rules";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const TOOL_NAME = "bedrock-plane-review";

export interface SarifOptions {
  readonly toolVersion: string;
  /** Relative paths in the report are relative to it (the repository root); absolute ones under it are made relative. */
  readonly baseDirectory?: string;
  readonly failOnDataPlane?: boolean;
  readonly acceptModules?: boolean;
}

type Level = "error" | "warning" | "note";

/** GitHub code scanning ranks alerts by this score (0.1–10): critical ≥ 9, high ≥ 7, medium ≥ 4, low below. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { text: string };
  readonly fullDescription: { text: string };
  readonly help: { text: string; markdown: string };
  readonly defaultConfiguration: { level: Level };
  readonly properties: { tags: string[]; precision: string; "security-severity": string; severity: Severity; upstream: readonly string[] };
}

function guardRule(rule: GuardRule, level: Level): SarifRule {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: `${rule.description}\n\nFix: ${rule.fix}`, markdown: `${rule.description}\n\n**Fix:** ${rule.fix}` },
    defaultConfiguration: { level },
    properties: { tags: ["security", "iam", "bedrock"], precision: "very-high", "security-severity": SECURITY_SEVERITY[rule.severity], severity: rule.severity, upstream: [] },
  };
}

function packRule(result: RuleResult, fix: string | undefined): SarifRule {
  const mirrors = result.upstream.length > 0 ? `Mirrors ${result.upstream.join(", ")}.` : "A rule of this project (no upstream equivalent).";
  const fixText = fix ? `\n\nFix: ${fix}` : "";
  return {
    id: result.ruleId,
    name: result.ruleId.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: result.title },
    fullDescription: { text: `${result.title}. ${mirrors}` },
    help: {
      text: `${result.title}. ${mirrors}${fixText}\n\nSkip on one resource, with a reason: # bedrock-plane-review:skip=${result.ruleId} <reason>`,
      markdown: `${result.title}. ${mirrors}${fix ? `\n\n**Fix:** ${fix}` : ""}\n\nSkip on one resource, with a reason: \`# bedrock-plane-review:skip=${result.ruleId} <reason>\``,
    },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "terraform", ...result.upstream], precision: "high", "security-severity": SECURITY_SEVERITY[result.severity], severity: result.severity, upstream: result.upstream },
  };
}

/** A repository-relative URI for a location's file (forward slashes, each segment escaped). */
function artifactUri(file: string, base: string | undefined): string {
  const path = base !== undefined && isAbsolute(file) && !relative(base, file).startsWith("..") ? relative(base, file) : file;
  return path.split(sep).join("/").split("/").map(encodeURIComponent).join("/");
}

const fingerprint = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);

export function renderSarif(review: Review, checks: CheckReport | undefined, options: SarifOptions): string {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: SarifRule) => {
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };
  const dataPlaneLevel: Level = options.failOnDataPlane ? "error" : "warning";
  for (const [kind, rule] of Object.entries(GUARD_RULES)) {
    addRule(guardRule(rule, kind === "data-plane-outside-chatbot" ? dataPlaneLevel : kind === "beyond-boundary" ? "note" : kind === "module-not-reviewed" && options.acceptModules ? "note" : "error"));
  }
  // The rule's help gives the Terraform fix; this module's option, named on its own resources, is a finding's detail.
  for (const result of checks?.results ?? []) addRule(packRule(result, result.findings[0]?.fix.replace(/ \(this module's option: .*\)$/, "")));

  const locations = (location: SourceLocation | undefined, logical: { name: string; fullyQualifiedName: string }) => [
    {
      ...(location
        ? {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(location.file, options.baseDirectory), uriBaseId: "%SRCROOT%" },
              ...(location.line !== undefined ? { region: { startLine: location.line } } : {}),
            },
          }
        : {}),
      logicalLocations: [{ ...logical, kind: "resource" }],
    },
  ];
  const result = (ruleId: string, level: Level, text: string, location: SourceLocation | undefined, logical: { name: string; fullyQualifiedName: string }, key: string, extra: object = {}) => ({
    ruleId,
    ruleIndex: ruleIndex.get(ruleId)!,
    level,
    message: { text },
    locations: locations(location, logical),
    partialFingerprints: { "bedrockPlaneReview/v1": fingerprint(ruleId, key) },
    ...extra,
  });

  const violationResult = (finding: Violation, level: Level) =>
    result(
      GUARD_RULES[finding.kind].id,
      level,
      `${finding.role}: ${finding.statement} ${finding.reason}`,
      finding.location,
      { name: finding.statement, fullyQualifiedName: `${finding.stack}/${finding.statement}` },
      `${finding.stack}\u0000${finding.role}\u0000${finding.statement}`,
      { properties: { stack: finding.stack, role: finding.role, actions: finding.actions, actionCount: finding.actionCount } },
    );
  const results = [
    ...review.violations.map((finding) => violationResult(finding, "error")),
    ...review.dataPlaneFindings.map((finding) => violationResult(finding, dataPlaneLevel)),
    ...review.unreviewedModules.map((module) =>
      result(
        GUARD_RULES["module-not-reviewed"].id,
        options.acceptModules ? "note" : "error",
        `${module.address}${module.source ? ` (${module.source})` : ""}: the roles it creates are not in the input`,
        module.location,
        { name: module.address, fullyQualifiedName: `${module.stack}/${module.address}` },
        `${module.stack}\u0000${module.address}`,
      ),
    ),
    ...review.roles.flatMap((role) =>
      (role.beyondBoundary ?? []).map((beyond) =>
        result(
          GUARD_RULES["beyond-boundary"].id,
          "note",
          `${role.address}: ${beyond.statement} grants ${beyond.actionCount} action(s) its permissions boundary ${role.boundary.source ?? ""} does not allow (${beyond.patterns.join(", ")})`,
          role.location,
          { name: beyond.statement, fullyQualifiedName: `${role.stack}/${beyond.statement}` },
          `${role.stack}\u0000${role.address}\u0000${beyond.statement}`,
        ),
      ),
    ),
    ...(checks?.results ?? []).flatMap((rule) => rule.findings.map((finding) => checkResult(finding))),
  ];

  function checkResult(finding: Finding) {
    const subject = `${finding.resource}${finding.detail ? ` ${finding.detail}` : ""}`;
    const suppression = finding.suppression;
    return result(
      finding.ruleId,
      "error",
      `${subject}: ${finding.message}. Fix: ${finding.fix}`,
      finding.location,
      { name: finding.resource, fullyQualifiedName: `${finding.stack}/${finding.resource}` },
      `${finding.stack}\u0000${subject}`,
      {
        ...(suppression ? { suppressions: [{ kind: suppression.by === "module" || suppression.by === "config" ? "external" : "inSource", status: "accepted", justification: suppression.reason }] } : {}),
        properties: { stack: finding.stack, severity: finding.severity },
      },
    );
  }

  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
