/**
 * What checkov and trivy say about a stack, read from their JSON reports, and whether the rule
 * pack agrees. Pure: the scanners run elsewhere (scripts/scan.ts, the agreement test); this reads
 * their output and joins it with a rule-pack report by upstream id and Terraform address.
 */
import type { TerraformBlock, TerraformConfig } from "../extract/terraform-json";
import type { CheckReport } from "./types";

export type Scanner = "checkov" | "trivy";

export interface ScannerVerdict {
  readonly scanner: Scanner;
  /** `CKV_AWS_76`, `AVD-AWS-0001`. */
  readonly id: string;
  readonly title: string;
  /** Terraform address, `aws_api_gateway_stage.chat-api_stage_DF8A0C4E`. */
  readonly resource: string;
  readonly status: "passed" | "failed";
  /** The file the scanner read, relative to the scanned folder. */
  readonly file: string;
}

interface CheckovCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
  readonly file_path: string;
}

/** Addresses by bare resource name: checkov's terraform_json runner reports `resource.<name>` without the type. */
function addressByName(config: TerraformConfig): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [type, named] of Object.entries(config.resource ?? {})) for (const name of Object.keys(named)) byName.set(name, `${type}.${name}`);
  return byName;
}

/** checkov's JSON report (`-o json`, one framework or several) → verdicts; `configOf` gives the file's configuration, to name resources fully. */
export function checkovVerdicts(report: unknown, configOf: (file: string) => TerraformConfig | undefined): ScannerVerdict[] {
  const runs = (Array.isArray(report) ? report : [report]) as { results?: { passed_checks?: CheckovCheck[]; failed_checks?: CheckovCheck[] } }[];
  const verdicts: ScannerVerdict[] = [];
  for (const run of runs) {
    for (const [status, checks] of [["passed", run.results?.passed_checks ?? []], ["failed", run.results?.failed_checks ?? []]] as const) {
      for (const check of checks) {
        const file = check.file_path.replace(/^\//, "");
        const [first, ...rest] = check.resource.split(".");
        const name = rest.join(".");
        const resource = first === "resource" ? (addressByName(configOf(file) ?? {}).get(name) ?? check.resource) : check.resource;
        verdicts.push({ scanner: "checkov", id: check.check_id, title: check.check_name, resource, status, file });
      }
    }
  }
  return verdicts;
}

interface TrivyMisconfiguration {
  readonly ID: string;
  readonly AVDID?: string;
  readonly Title: string;
  readonly Status: "PASS" | "FAIL" | string;
  readonly CauseMetadata?: { readonly Resource?: string };
}

/** trivy's JSON report (`trivy config --format json --include-non-failures`) → verdicts, by AVD id. */
export function trivyVerdicts(report: unknown): ScannerVerdict[] {
  const results = ((report as { Results?: { Target: string; Misconfigurations?: TrivyMisconfiguration[] }[] }).Results ?? []);
  return results.flatMap((result) =>
    (result.Misconfigurations ?? []).map((misconfiguration) => ({
      scanner: "trivy" as const,
      // trivy 0.74 reports `AWS-0001` (AVDID empty); the rule pack, like trivy's docs, names `AVD-AWS-0001`.
      id: misconfiguration.AVDID || (misconfiguration.ID.startsWith("AVD-") ? misconfiguration.ID : `AVD-${misconfiguration.ID}`),
      title: misconfiguration.Title,
      resource: misconfiguration.CauseMetadata?.Resource ?? "(unknown)",
      status: misconfiguration.Status === "FAIL" ? ("failed" as const) : ("passed" as const),
      file: result.Target,
    })),
  );
}

export type Agreement =
  | { readonly kind: "rule-fails"; readonly ruleId: string; readonly on: string }
  | { readonly kind: "rule-suppresses"; readonly ruleId: string; readonly on: string; readonly reason: string }
  | { readonly kind: "explained"; readonly reason: string }
  | { readonly kind: "rule-passes"; readonly ruleId: string }
  | { readonly kind: "unexplained" };

/** The block of `aws_x.name` in a stack's configuration, for ScannerExplanation.applies. */
export function resourceAt(config: TerraformConfig, address: string): TerraformBlock | undefined {
  const [type, ...name] = address.split(".");
  return config.resource?.[type]?.[name.join(".")];
}

/** A scanner finding this module accepts by design, with the reason; `applies` narrows it to some resources. */
export interface ScannerExplanation {
  readonly ids: readonly string[];
  readonly reason: string;
  readonly applies?: (resource: TerraformBlock | undefined) => boolean;
}

/**
 * The rule pack's word on one failed scanner verdict in `stack`: a rule mirroring the id fails or
 * suppresses the same resource (or, when the rule judges another resource type of the stack, such
 * as caching on the stage rather than its method settings, that one), a written explanation
 * covers it (a deliberate choice), or neither (a mirroring rule passes it: a disagreement; no
 * rule: unexplained).
 */
export function agreementOf(
  verdict: ScannerVerdict,
  stack: string,
  checks: CheckReport,
  explanations: readonly ScannerExplanation[],
  resourceOf: (address: string) => TerraformBlock | undefined,
): Agreement {
  const typeOf = (address: string) => address.split(".")[0];
  const mirroring = checks.results.filter((result) => result.upstream.includes(verdict.id));
  for (const result of mirroring) {
    const own = result.findings.filter((finding) => finding.stack === stack);
    const finding =
      own.find((candidate) => candidate.resource === verdict.resource) ??
      (own.some((candidate) => typeOf(candidate.resource) === typeOf(verdict.resource)) ? undefined : own[0]);
    if (finding?.status === "failed") return { kind: "rule-fails", ruleId: result.ruleId, on: finding.resource };
    if (finding?.status === "suppressed") return { kind: "rule-suppresses", ruleId: result.ruleId, on: finding.resource, reason: finding.suppression?.reason ?? "" };
  }
  const explanation = explanations.find((candidate) => candidate.ids.includes(verdict.id) && (candidate.applies?.(resourceOf(verdict.resource)) ?? true));
  if (explanation) return { kind: "explained", reason: explanation.reason };
  return mirroring.length > 0 ? { kind: "rule-passes", ruleId: mirroring[0].ruleId } : { kind: "unexplained" };
}
