/**
 * The rule pack's vocabulary. A rule is a pure function over one stack of a synth output (its
 * parsed `cdk.tf.json`, with the other stacks at hand for cross-stack references) that returns
 * what it looked at and what it found. Severity helps a reader triage; it does not decide the
 * exit code: every finding without a written suppression fails the review.
 */
import type { Workspace } from "../extract/resolve";
import type { SourceLocation, SynthStack } from "../extract/terraform-json";

/**
 * - `critical`: exposes the deployment to anyone (open ingress, admin rights, `*` principals).
 * - `high`: weakens a control the design relies on (authorization, secrets, data-trace logging of prompts).
 * - `medium`: missing defence in depth (encryption with your key, access logs, throttling, validation).
 * - `low`: operability and hygiene (tracing, descriptions, retention length, caching).
 */
export type Severity = "critical" | "high" | "medium" | "low";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** What a rule reports about one resource (or one statement of a policy). */
export interface RuleFinding {
  /** Terraform address: `aws_api_gateway_stage.chat-api_stage_DF8A0C4E`. */
  readonly resource: string;
  /** What is wrong, naming the attribute and the value found. */
  readonly message: string;
  /** What to change, in Terraform attribute terms (it holds for any Terraform). */
  readonly fix: string;
  /**
   * The option of this module's configuration that sets it (`function.reservedConcurrency`):
   * named beside the fix on resources the module created, and only there.
   */
  readonly moduleOption?: string;
  /** A part of the resource the finding is about, e.g. a policy statement `#2 (Sid)`; suppressions may match on it. */
  readonly detail?: string;
}

export interface RuleOutcome {
  /** How many resources the rule examined; 0 means the rule does not apply to this stack. */
  readonly checked: number;
  readonly findings: readonly RuleFinding[];
}

/** The stack under check, with the whole synth output for references into other stacks. */
export interface CheckInput {
  readonly stack: SynthStack;
  readonly workspace: Workspace;
}

export interface Rule {
  /** Stable, kebab-case: `api-access-logging`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /**
   * The upstream rules this one mirrors, as their tools name them: checkov (`CKV_AWS_76`,
   * `CKV2_AWS_29`), trivy (`AVD-AWS-0001`), cdk-nag (`AwsSolutions-APIG1`, `Serverless-LambdaDLQ`).
   * Empty for a rule of this project with no upstream equivalent.
   */
  readonly upstream: readonly string[];
  /** The resource types whose resources the rule judges (the report lists the types no rule judges). */
  readonly resourceTypes: readonly string[];
  readonly check: (input: CheckInput) => RuleOutcome;
}

export interface Suppression {
  readonly reason: string;
  /**
   * `module`: a known suppression shipped with the rule pack (for resources this module created);
   * `resource`: a `//` marker on the Terraform JSON resource; `comment`: a
   * `# bedrock-plane-review:skip=<rule> <reason>` comment in the resource's HCL block; `config`: an
   * entry of `.bedrock-plane-review.json`.
   */
  readonly by: "module" | "resource" | "comment" | "config";
}

export interface Finding extends RuleFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly status: "failed" | "suppressed";
  readonly suppression?: Suppression;
  /** Where the resource is written, when the input says: `lambda.tf`, line 12. */
  readonly location?: SourceLocation;
}

/** One rule's verdict over the whole synth output. */
export interface RuleResult {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly upstream: readonly string[];
  /** `failed` if any finding is unsuppressed; `suppressed` if every finding carries a suppression; `not-applicable` if nothing was in scope. */
  readonly status: "passed" | "failed" | "suppressed" | "not-applicable";
  readonly resourcesChecked: number;
  readonly findings: readonly Finding[];
}

/** A skip (comment or configuration file entry) that matched no finding: a stale or mistyped skip, shown so it can go. */
export interface UnusedSkip {
  readonly rule: string;
  readonly resource: string;
  readonly by: "comment" | "config";
  readonly why: string;
}

export interface CheckReport {
  readonly summary: { readonly rules: number; readonly passed: number; readonly failed: number; readonly suppressed: number; readonly notApplicable: number; readonly failedFindings: number; readonly suppressedFindings: number };
  readonly results: readonly RuleResult[];
  /**
   * The resource types of the input: those a rule of the pack or the permission review judges,
   * and those nothing judges (so "no failing rule" is never read as "everything was checked").
   */
  readonly resourceTypes: { readonly checked: readonly string[]; readonly unchecked: readonly string[] };
  readonly unusedSkips: readonly UnusedSkip[];
}
