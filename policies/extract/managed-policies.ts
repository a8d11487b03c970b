/**
 * AWS managed policies the stacks may attach, known by content so that attaching one is judged
 * like any inline policy. Contents are written to contain at least what AWS grants (a wider
 * reading can only make the guard report more); a managed policy not listed here is an
 * unresolvable grant, never silently safe.
 */
import type { PolicyStatement } from "../statement";

const all = ["*"];

export const AWS_MANAGED_POLICIES: Readonly<Record<string, readonly PolicyStatement[]>> = {
  AWSLambdaBasicExecutionRole: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: all }],
  AWSLambdaVPCAccessExecutionRole: [
    {
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: all,
    },
  ],
  AWSLambdaENIManagementAccess: [
    {
      Effect: "Allow",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: all,
    },
  ],
  AWSXRayDaemonWriteAccess: [
    {
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
      Resource: all,
    },
  ],
  CloudWatchLambdaInsightsExecutionRolePolicy: [
    { Effect: "Allow", Action: ["logs:CreateLogGroup"], Resource: all },
    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["arn:aws:logs:*:*:log-group:/aws/lambda-insights:*"] },
  ],
  AmazonECSTaskExecutionRolePolicy: [
    {
      Effect: "Allow",
      Action: ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: all,
    },
  ],
  // Bedrock's own managed policies: the full one is the classic way an app role ends up on the control plane.
  AmazonBedrockFullAccess: [
    { Effect: "Allow", Action: ["bedrock:*"], Resource: all },
    { Effect: "Allow", Action: ["kms:DescribeKey", "iam:ListRoles", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"], Resource: all },
    { Effect: "Allow", Action: ["iam:PassRole"], Resource: ["arn:aws:iam::*:role/*AmazonBedrock*"], Condition: { StringEquals: { "iam:PassedToService": ["bedrock.amazonaws.com"] } } },
  ],
  AmazonBedrockReadOnly: [{ Effect: "Allow", Action: ["bedrock:Get*", "bedrock:List*"], Resource: all }],
  AWSMarketplaceManageSubscriptions: [
    { Effect: "Allow", Action: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe", "aws-marketplace:*PrivateMarketplace*"], Resource: all },
  ],
  AdministratorAccess: [{ Effect: "Allow", Action: ["*"], Resource: all }],
  PowerUserAccess: [
    { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: all },
    {
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization", "account:ListRegions", "account:GetAccountInformation"],
      Resource: all,
    },
  ],
};

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The name of an AWS managed policy from its ARN (the partition may be an expression), or undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_ARN.exec(arn)?.[1];
}

/** The statements of a known AWS managed policy, or undefined when the table does not know it. */
export function awsManagedPolicy(arn: string): readonly PolicyStatement[] | undefined {
  const name = awsManagedPolicyName(arn);
  return name === undefined ? undefined : AWS_MANAGED_POLICIES[name];
}
