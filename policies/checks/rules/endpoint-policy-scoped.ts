/**
 * Every VPC endpoint has a policy, and every Allow statement of it names its principals: no
 * `Principal: "*"` unless a condition narrows it (an `aws:PrincipalArn`, `aws:PrincipalAccount`,
 * … condition). Without a policy AWS applies full access for anyone who can reach the endpoint.
 * A rule of this project: the scanners have no equivalent for endpoint policies.
 */
import { ANYONE, summarizeStatement } from "../../evaluator/endpoint-policy";
import { extractEndpoints, type ExtractedEndpoint } from "../../extract/endpoints";
import type { Workspace } from "../../extract/resolve";
import type { Rule, RuleFinding } from "../types";

const extracted = new WeakMap<Workspace, readonly ExtractedEndpoint[]>();
const endpointsOf = (workspace: Workspace) => {
  if (!extracted.has(workspace)) extracted.set(workspace, extractEndpoints(workspace));
  return extracted.get(workspace)!;
};

export const endpointPolicyScoped: Rule = {
  id: "endpoint-policy-scoped",
  title: "VPC endpoints have a policy that names its principals",
  severity: "high",
  upstream: [],
  resourceTypes: ["aws_vpc_endpoint", "aws_vpc_endpoint_policy"],
  check: ({ stack, workspace }) => {
    // Separate aws_vpc_endpoint_policy resources may live in another stack: read the whole output, judge this stack's endpoints.
    const endpoints = endpointsOf(workspace).filter((endpoint) => endpoint.stack === stack.name);
    const findings: RuleFinding[] = [];
    for (const endpoint of endpoints) {
      const fix = "set a policy whose Allow statements name the roles that may use the endpoint (Principal AWS = role ARN), their actions and resources";
      if (endpoint.policy.kind === "absent") {
        findings.push({ resource: endpoint.address, message: "no endpoint policy: AWS's default admits any principal, any action", fix });
        continue;
      }
      if (endpoint.policy.kind === "unresolvable") {
        findings.push({ resource: endpoint.address, message: `the endpoint policy cannot be read: ${endpoint.policy.reason}`, fix });
        continue;
      }
      endpoint.policy.statements.forEach((statement, index) => {
        const summary = summarizeStatement(statement);
        if (summary.effect !== "Allow" || !summary.principals.includes(ANYONE) || summary.condition !== undefined) return;
        findings.push({
          resource: endpoint.policySource ?? endpoint.address,
          detail: `#${index}${statement.Sid ? ` (${statement.Sid})` : ""}`,
          message: "an Allow statement admits any principal (*) without a condition",
          fix,
        });
      });
    }
    return { checked: endpoints.length, findings };
  },
};
