/**
 * The API Gateway account's CloudWatch role (`aws_api_gateway_account`): what AWS's
 * AmazonAPIGatewayPushToCloudWatchLogs grants, scoped to this account's log groups in the region,
 * and a trust that admits API Gateway for this account only.
 */
import { policyDocument, type PolicyDocument } from "./statement";

export function apiGatewayLoggingTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "ApiGatewayInThisAccount",
      Effect: "Allow",
      Principal: { Service: "apigateway.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

export function apiGatewayLoggingPolicy(scope: { partition: string; region: string; accountId: string }): PolicyDocument {
  return policyDocument([
    {
      Sid: "WriteApiGatewayLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:PutLogEvents"],
      Resource: [`arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:*`],
    },
    {
      // DescribeLogGroups lists the account's log groups and supports no resource type: IAM
      // matches it against "*" only, so on a log-group ARN it would be granted nothing.
      Sid: "ListLogGroups",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups"],
      Resource: ["*"],
    },
  ]);
}
