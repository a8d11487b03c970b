/** `--format json`: the review (schema in SCHEMA.md), plus the `--base` diff when one was asked for. */
import type { PermissionDiff } from "./diff";
import type { Review } from "./review";

export function renderJson(review: Review, diff?: PermissionDiff): string {
  return `${JSON.stringify(diff ? { ...review, diff } : review, null, 2)}\n`;
}
