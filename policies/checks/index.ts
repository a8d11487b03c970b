/** The rule pack's public surface: run it, list its rules, read its types. */
export { RULES } from "./pack";
export { runChecks, type CheckOptions } from "./run";
export { KNOWN_SUPPRESSIONS, type KnownSuppression } from "./suppressions";
export type { CheckReport, Finding, Rule, RuleFinding, RuleResult, Severity, Suppression } from "./types";
