/**
 * Reading a VPC endpoint policy: who it admits, to do what, on which resources. Principals are
 * kept as written (usually references such as `${aws_iam_role.x.arn}`); a statement with
 * Principal `*` narrowed by an `aws:PrincipalArn` equality condition admits the principals the
 * condition names, which is how many endpoint policies express "only this role".
 */
import { asList, type ConditionBlock, type PolicyStatement } from "../documents/statement";

export const ANYONE = "*";

export interface EndpointStatementSummary {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** Principals admitted; `*` means anyone. */
  readonly principals: readonly string[];
  readonly actions: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources: readonly string[];
  readonly notResources?: readonly string[];
  readonly condition?: ConditionBlock;
}

const PRINCIPAL_ARN_OPERATORS = ["StringEquals", "ArnEquals", "StringEqualsIgnoreCase"];

function principalsOf(statement: PolicyStatement): string[] {
  const principal = statement.Principal;
  if (statement.NotPrincipal !== undefined) return [ANYONE]; // everyone but someone: treat as anyone
  if (principal === undefined || principal === "*") return narrowedByCondition(statement) ?? [ANYONE];
  const listed = [...asList(principal.AWS), ...asList(principal.Service), ...asList(principal.Federated)];
  if (listed.includes("*")) return narrowedByCondition(statement) ?? [ANYONE];
  return listed;
}

function narrowedByCondition(statement: PolicyStatement): string[] | undefined {
  for (const operator of PRINCIPAL_ARN_OPERATORS) {
    const entries = statement.Condition?.[operator];
    if (!entries) continue;
    for (const [key, value] of Object.entries(entries)) {
      if (key.toLowerCase() === "aws:principalarn") return [...asList(value)];
    }
  }
  return undefined;
}

export function summarizeStatement(statement: PolicyStatement): EndpointStatementSummary {
  return {
    ...(statement.Sid ? { sid: statement.Sid } : {}),
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    principals: principalsOf(statement),
    actions: asList(statement.Action),
    ...(statement.NotAction !== undefined ? { notActions: asList(statement.NotAction) } : {}),
    resources: asList(statement.Resource),
    ...(statement.NotResource !== undefined ? { notResources: asList(statement.NotResource) } : {}),
    ...(statement.Condition && Object.keys(statement.Condition).length > 0 ? { condition: statement.Condition } : {}),
  };
}

/** Every principal some Allow statement admits (`*` when anyone is). */
export function admittedPrincipals(statements: readonly EndpointStatementSummary[]): string[] {
  return [...new Set(statements.filter((statement) => statement.effect === "Allow").flatMap((statement) => statement.principals))];
}
