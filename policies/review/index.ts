/**
 * The policy guard's public surface, for tests, scripts and docs/permission-review.md:
 * `reviewSynthOutput("cdktf.out")` → a Review (violations, roles, endpoints), plus the
 * renderers, the diff and the endpoint check. Nothing here imports cdktf.
 */
import { loadSynthOutputs } from "../extract/load";
import { reviewStacks, type Review, type ReviewOptions } from "./review";

export { loadSynthOutput, loadSynthOutputs, UnusableInputError } from "../extract/load";
export { diffReviews, type PermissionChange, type PermissionDiff } from "./diff";
export { renderJson } from "./json";
export { renderMarkdown } from "./markdown";
export { RULES, runChecks, type CheckReport, type Finding, type Rule, type RuleResult, type Severity } from "../checks";
export {
  applicationRoles,
  endpointAdmitsOnly,
  reviewStacks,
  SCHEMA_VERSION,
  type Review,
  type ReviewedEndpoint,
  type ReviewedRole,
  type ReviewOptions,
  type Violation,
} from "./review";

/** Reads one or more synth outputs (a `cdktf.out` folder, a stack folder or a `cdk.tf.json`) and reviews them. */
export function reviewSynthOutput(paths: string | readonly string[], options: ReviewOptions = {}): Review {
  return reviewStacks(loadSynthOutputs(typeof paths === "string" ? [paths] : paths), options);
}
