/**
 * `--format json`: the review (schema in SCHEMA.md), the rule pack's results when it ran
 * (`checksSummary`, `checks`), and the `--base` diff when one was asked for.
 */
import type { CheckReport } from "../checks/types";
import type { PermissionDiff } from "./diff";
import type { Review } from "./review";

export function renderJson(review: Review, diff?: PermissionDiff, checks?: CheckReport): string {
  const output = {
    ...review,
    ...(checks ? { checksSummary: checks.summary, checks: checks.results, resourceTypes: checks.resourceTypes, unusedSkips: checks.unusedSkips } : {}),
    ...(diff ? { diff } : {}),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
