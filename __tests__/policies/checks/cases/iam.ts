/** Passing and failing Terraform JSON for the IAM rules. */
import { iamManagedPolicies } from "../../../../policies/checks/rules/iam-managed-policies";
import { iamNoAdminAccess } from "../../../../policies/checks/rules/iam-no-admin-access";
import { iamTrustScoped } from "../../../../policies/checks/rules/iam-trust-scoped";
import { iamWildcardActions } from "../../../../policies/checks/rules/iam-wildcard-actions";
import { iamWildcardResources } from "../../../../policies/checks/rules/iam-wildcard-resources";
import type { Blocks } from "../helpers";
import type { RuleCase } from "./types";

const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((statement) => ({ Effect: "Allow", ...statement })) });
const LAMBDA_TRUST = doc({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
const role = (extra: Record<string, unknown> = {}): Blocks => ({ aws_iam_role: { app: { name: "app", assume_role_policy: LAMBDA_TRUST, ...extra } } });
const rolePolicy = (...statements: Record<string, unknown>[]): Blocks => ({ ...role(), aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy: doc(...statements) } } });
const INVOKE = { Action: ["bedrock:InvokeModel"], Resource: ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0"] };

export const IAM_CASES: readonly RuleCase[] = [
  {
    rule: iamNoAdminAccess,
    passing: [["named actions", rolePolicy(INVOKE)], ["a Deny of everything", rolePolicy(INVOKE, { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } })]],
    failing: [
      ["Allow *", rolePolicy({ Action: "*", Resource: "*" }), /Allow \*: administrator-level/],
      ["Allow iam:*", rolePolicy({ Action: ["iam:*"], Resource: "*" }), /iam:\*/],
      ["NotAction", rolePolicy({ NotAction: ["iam:*"], Resource: "*" }), /NotAction iam:\*/],
      ["AdministratorAccess attached", { ...role(), aws_iam_role_policy_attachment: { admin: { role: "${aws_iam_role.app.name}", policy_arn: "arn:${data.aws_partition.p.partition}:iam::aws:policy/AdministratorAccess" } } }, /AdministratorAccess/],
    ],
  },
  {
    rule: iamWildcardActions,
    passing: [["named actions", rolePolicy(INVOKE)]],
    failing: [
      ["bedrock:Invoke*", rolePolicy({ ...INVOKE, Action: ["bedrock:Invoke*"] }), /Allow bedrock:Invoke\*/],
      ["NotAction", rolePolicy({ NotAction: "s3:*", Resource: "*" }), /NotAction/],
    ],
  },
  {
    rule: iamWildcardResources,
    passing: [
      ["named resources", rolePolicy(INVOKE)],
      ["actions AWS accepts only on *", rolePolicy({ Action: ["ec2:DescribeSubnets", "xray:PutTraceSegments", "logs:DescribeLogGroups"], Resource: "*" })],
    ],
    failing: [
      ["s3:GetObject on *", rolePolicy({ Action: "s3:GetObject", Resource: "*" }), /Resource "\*" for s3:GetObject/],
      ["logs:DescribeLogStreams on * (it takes a log group)", rolePolicy({ Action: ["logs:DescribeLogGroups", "logs:DescribeLogStreams"], Resource: "*" }), /Resource "\*" for logs:DescribeLogStreams$/],
      ["a condition does not excuse it", rolePolicy({ Action: "kms:Decrypt", Resource: ["*"], Condition: { StringEquals: { "kms:ViaService": "lambda.eu-west-1.amazonaws.com" } } }), /kms:Decrypt \(conditional\)/],
    ],
  },
  {
    rule: iamManagedPolicies,
    passing: [["inline only", rolePolicy(INVOKE)]],
    failing: [
      ["managed_policy_arns", role({ managed_policy_arns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"] }), /AWSLambdaBasicExecutionRole/],
      ["an attachment through a lookup", { ...role(), aws_iam_role_policy_attachment: { a: { role: "${aws_iam_role.app.name}", policy_arn: "${data.aws_iam_policy.vpc.arn}" } } }, /AWSLambdaVPCAccessExecutionRole/, { aws_iam_policy: { vpc: { name: "AWSLambdaVPCAccessExecutionRole" } } }],
    ],
  },
  {
    rule: iamTrustScoped,
    passing: [
      ["a service", role()],
      ["* with a condition", role({ assume_role_policy: doc({ Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }) })],
    ],
    failing: [
      ["Principal *", role({ assume_role_policy: doc({ Principal: "*", Action: "sts:AssumeRole" }) }), /any AWS principal/],
      ["AWS *", role({ assume_role_policy: doc({ Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" }) }), /any AWS principal/],
    ],
  },
];
