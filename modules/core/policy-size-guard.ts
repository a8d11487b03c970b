import { Token } from "cdktf";
import type { Construct } from "constructs";
import type { GuardrailAccess } from "../../policies/documents/app-role-policy";
import { LONGEST, LONGEST_GUARDRAIL_ARN, POLICY_LIMITS, type PolicyKind, formatCount, measuredSize } from "../../policies/deployability/aws-limits";
import type { ArnScope } from "../../policies/documents/model-arns";
import type { PolicyDocument } from "../../policies/documents/statement";
import { PropError } from "./validate";

/**
 * The ARN scope at its longest (`aws-us-gov`, the longest region name, a 12-digit account), to
 * build a document once more with it and measure what AWS will see in any partition and region.
 */
export const LONGEST_SCOPE: ArnScope = { partition: LONGEST.partition, region: LONGEST.region, accountId: LONGEST.accountId };

/** A token's longest stand-in, or the literal value itself. */
export function longestIfToken(value: string, standIn: string): string {
  return Token.isUnresolved(value) ? standIn : value;
}

/** A guardrail's ARN and version, tokens replaced by their longest values. */
export function longestGuardrail(guardrail: GuardrailAccess | undefined): GuardrailAccess | undefined {
  return (
    guardrail && {
      guardrailArn: longestIfToken(guardrail.guardrailArn, LONGEST_GUARDRAIL_ARN),
      guardrailVersion: longestIfToken(guardrail.guardrailVersion, LONGEST.guardrailVersion),
    }
  );
}

/**
 * Stops synth when a policy document would exceed AWS's limit: IAM accepts the Terraform plan
 * and refuses the document at apply (`LimitExceeded`), after part of the stack exists. `document`
 * is the policy built with LONGEST_SCOPE and longest stand-ins for every token.
 */
export function checkPolicySize(construct: Construct, prop: string, policyName: string, kind: PolicyKind, document: PolicyDocument, fix: string): void {
  const limit = POLICY_LIMITS[kind];
  const size = measuredSize(JSON.stringify(document), limit);
  if (size > limit.maxCharacters) {
    throw new PropError(
      construct,
      prop,
      `makes the ${policyName} ${formatCount(size)} characters at its longest${
        limit.countsWhitespace ? "" : " (whitespace not counted)"
      }, over the ${formatCount(limit.maxCharacters)} limit of a ${limit.label}: ${fix}`
    );
  }
}
