/** A rule with the smallest Terraform JSON that passes it and the smallest that fails it. */
import type { Rule } from "../../../../policies/checks/types";
import type { Blocks } from "../helpers";

export interface RuleCase {
  readonly rule: Rule;
  /** Each passes: no finding, at least one resource checked. */
  readonly passing: readonly (readonly [label: string, resource: Blocks])[];
  /** Each fails with a finding whose message matches (`data` blocks when the case needs lookups). */
  readonly failing: readonly (readonly [label: string, resource: Blocks, message: RegExp, data?: Blocks])[];
}
