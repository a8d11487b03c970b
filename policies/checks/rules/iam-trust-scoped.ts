/** No role trusts every principal: an Allow with Principal `*` (or AWS `*`) in a trust policy needs a condition. */
import { asList } from "../../documents/statement";
import { statementLabel, trustPolicies } from "../iam-documents";
import type { Rule, RuleFinding } from "../types";

export const iamTrustScoped: Rule = {
  id: "iam-trust-scoped",
  title: "Role trust policies name who may assume them",
  severity: "high",
  upstream: ["CKV_AWS_60"],
  resourceTypes: ["aws_iam_role"],
  check: ({ stack, workspace }) => {
    const trusts = trustPolicies(workspace, stack);
    const findings: RuleFinding[] = [];
    for (const trust of trusts) {
      trust.statements.forEach((statement, index) => {
        if (statement.Effect !== "Allow" || statement.Condition !== undefined) return;
        const principal = statement.Principal;
        const anyone = principal === "*" || statement.NotPrincipal !== undefined || (principal !== undefined && asList(principal.AWS).includes("*"));
        if (!anyone) return;
        findings.push({ resource: trust.resource, detail: statementLabel(trust, index), message: "the trust policy lets any AWS principal assume the role", fix: "name the principals (role ARNs or a service) that may assume it, or add a condition" });
      });
    }
    return { checked: trusts.length, findings };
  },
};
