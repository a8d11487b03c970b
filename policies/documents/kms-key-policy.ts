/**
 * The key policy of the data plane's customer-managed KMS key, which encrypts its log groups, the
 * function's environment variables and (optionally) the alarm topic. Pure: principals and ARNs
 * come in as arguments (data-source tokens in the stack), never as literals.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "./statement";

export interface LogsKeyPolicyOptions {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** CloudWatch Logs' service principal in this region and partition (`logs.<region>.amazonaws.com`). */
  readonly logsServicePrincipal: string;
  /**
   * CloudWatch's service principal, when alarms publish to a topic encrypted with this key.
   * @default - CloudWatch gets no use of the key
   */
  readonly cloudWatchServicePrincipal?: string;
  /** Names of the alarms that may publish through the key, e.g. `chatbot-prod-*`. Required with cloudWatchServicePrincipal. */
  readonly alarmNamePattern?: string;
}

export function logsKeyPolicy(options: LogsKeyPolicyOptions): PolicyDocument {
  const { partition, region, accountId } = options;
  const statements: PolicyStatement[] = [
    {
      // The default key policy: the account administers the key through IAM. Without it the key is
      // unmanageable (KMS refuses a policy that locks the account out).
      Sid: "AccountAdministersKeyThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      // CloudWatch Logs encrypts with the key only for log groups of this account and region:
      // it always sends the log group's ARN as encryption context. Only cryptographic operations
      // carry an encryption context, so only they are listed: a kms:Describe* here could never
      // match (DescribeKey has no context) and would only suggest a grant that does not exist.
      // Logs needs none: AWS's documented key policy for it holds Describe* under this very
      // condition, i.e. never grants it.
      Sid: "CloudWatchLogsForThisAccountsLogGroups",
      Effect: "Allow",
      Principal: { Service: options.logsServicePrincipal },
      Action: ["kms:Decrypt*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
    },
  ];
  if (options.cloudWatchServicePrincipal !== undefined) {
    if (options.alarmNamePattern === undefined) throw new Error("logsKeyPolicy: alarmNamePattern is required with cloudWatchServicePrincipal");
    statements.push({
      // An alarm publishing to an encrypted SNS topic needs the key; only this stack's alarms may use it.
      Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: options.cloudWatchServicePrincipal },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${options.alarmNamePattern}` },
      },
    });
  }
  return policyDocument(statements);
}
