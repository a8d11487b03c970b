/**
 * Will Terraform and AWS accept this synth output? The static half of that question, answered in
 * milliseconds with no binary and no credentials: reference cycles, meta-argument syntax, policy
 * sizes after interpolation, and API redeployment triggers. `terraform validate` and `plan` (the
 * toolchain tests) answer the rest.
 */
import { type Workspace, workspaceOf } from "../extract/resolve";
import type { SynthStack } from "../extract/terraform-json";
import { POLICY_LIMITS, formatCount } from "./aws-limits";
import { referenceCycles } from "./graph";
import { metaArgumentProblems } from "./meta-arguments";
import { policySizes } from "./policy-sizes";
import { redeploymentGaps } from "./redeployment";

export { POLICY_LIMITS, LONGEST, LONGEST_GUARDRAIL_ARN, LONGEST_ROLE_ARN, measuredSize, formatCount, type PolicyKind, type PolicyLimit } from "./aws-limits";
export { referenceCycles, dependencyEdges } from "./graph";
export { metaArgumentProblems } from "./meta-arguments";
export { policySizes, type PolicySize } from "./policy-sizes";
export { DEPLOYED_API_RESOURCE_TYPES, redeploymentGaps } from "./redeployment";

export interface DeployabilityProblem {
  readonly stack: string;
  readonly check: "reference-cycle" | "meta-argument" | "policy-size" | "redeployment-trigger";
  readonly message: string;
}

/** Every problem of every stack, in a stable order; an empty list means the static checks pass. */
export function deployabilityProblems(stacks: readonly SynthStack[], workspace: Workspace = workspaceOf(stacks)): DeployabilityProblem[] {
  return stacks.flatMap((stack) => [
    ...referenceCycles(stack.config).map((cycle) => ({
      stack: stack.name,
      check: "reference-cycle" as const,
      message: `reference cycle, which terraform validate refuses: ${cycle.join(" → ")}`,
    })),
    ...metaArgumentProblems(stack.config).map((problem) => ({
      stack: stack.name,
      check: "meta-argument" as const,
      message: `${problem.address} ${problem.argument} entry ${JSON.stringify(problem.value)} ${problem.problem}`,
    })),
    ...policySizes(workspace, stack).flatMap((size) => {
      const limit = POLICY_LIMITS[size.kind];
      const problems = [];
      if (size.size > size.limit) {
        problems.push({
          stack: stack.name,
          check: "policy-size" as const,
          message: `${size.where} can reach ${formatCount(size.size)} characters${
            limit.countsWhitespace ? "" : " (whitespace not counted)"
          }, over the ${formatCount(size.limit)} limit of a ${limit.label}`,
        });
      }
      if (size.unresolved.length > 0) {
        problems.push({
          stack: stack.name,
          check: "policy-size" as const,
          message: `${size.where} cannot be sized: no known bound for ${size.unresolved.map((expression) => `\${${expression}}`).join(", ")}`,
        });
      }
      return problems;
    }),
    ...redeploymentGaps(stack.config).map((gap) => ({
      stack: stack.name,
      check: "redeployment-trigger" as const,
      message: `${gap.deployment} is not redeployed when ${gap.missing} changes: reference it in triggers.redeployment`,
    })),
  ]);
}
