/**
 * Actions that support no resource-level permissions: IAM accepts them only with `Resource: "*"`,
 * so a `*` there is no finding. A short, hand-kept list of the actions this kind of stack grants
 * (from the Service Authorization Reference: the "Resource types" column is empty for them); an
 * action not listed is treated as restrictable, which can only make the rule report more.
 */
const UNRESTRICTABLE: readonly RegExp[] = [
  /^ec2:Describe[A-Za-z]*$/,
  /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets|GetSamplingStatisticSummaries)$/,
  /^aws-marketplace:(ViewSubscriptions|Subscribe|Unsubscribe)$/,
  /^cloudwatch:(PutMetricData|GetMetricData|ListMetrics)$/,
  /^kms:(ListKeys|ListAliases|GenerateRandom)$/,
  /^sts:GetCallerIdentity$/,
  /^logs:DescribeLogGroups$/,
];

export function isUnrestrictable(action: string): boolean {
  return !action.includes("*") && UNRESTRICTABLE.some((pattern) => pattern.test(action));
}
