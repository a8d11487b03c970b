import { DataAwsServicePrincipal } from "@cdktf/provider-aws/lib/data-aws-service-principal";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { logsKeyPolicy } from "../../policies/documents/kms-key-policy";
import type { AwsContext } from "../core/aws-context";
import { type IntegerRange, type Problem, fieldPath, integerRangeProblems, namePrefixProblems, throwProblems } from "../core/validate";

/** KMS's waiting period before a scheduled key deletion. */
const DELETION_WINDOW_DAYS: IntegerRange = { min: 7, max: 30, unit: "days", note: "KMS's range" };

export interface DataPlaneKeyProps {
  /** Prefix of the alias (`alias/<namePrefix>-data-plane`) and of the alarm names allowed to use the key. */
  readonly namePrefix: string;
  /** Partition, region and account the key policy is scoped to. */
  readonly context: AwsContext;
  /**
   * Let CloudWatch alarms named `<namePrefix>-*` publish to an SNS topic encrypted with this key.
   * @default false - CloudWatch gets no use of the key
   */
  readonly allowCloudWatchAlarms?: boolean;
  /** Waiting period before a deleted key is gone for good. @default 30 */
  readonly deletionWindowInDays?: number;
}

/**
 * Every problem of DataPlaneKey's props: the name prefix of the alias and the alarm names, a
 * deletion window KMS accepts. Tokens pass. `at` prefixes the fields.
 */
export function dataPlaneKeyProblems(props: Omit<DataPlaneKeyProps, "context">, at = ""): Problem[] {
  const problems = namePrefixProblems(fieldPath(at, "namePrefix"), props.namePrefix);
  if (props.deletionWindowInDays !== undefined) problems.push(...integerRangeProblems(fieldPath(at, "deletionWindowInDays"), props.deletionWindowInDays, DELETION_WINDOW_DAYS));
  return problems;
}

/**
 * One customer-managed key for the data plane: the function's and the API's log groups, the
 * function's environment variables, the alarm topic. Yearly rotation on; the key policy lets the
 * account administer it through IAM and CloudWatch Logs use it for this account's log groups only.
 * Lambda needs no key-policy entry: it uses the key through a grant made with the deployer's IAM
 * permissions when the function is created.
 */
export class DataPlaneKey extends Construct {
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: DataPlaneKeyProps) {
    super(scope, id);
    throwProblems(this, dataPlaneKeyProblems(props));
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    const { context } = props;
    // Service principals differ by partition (aws-cn ends in .amazonaws.com.cn): ask the provider.
    const logs = new DataAwsServicePrincipal(this, "logs-principal", { serviceName: "logs" });
    const cloudWatch = props.allowCloudWatchAlarms ? new DataAwsServicePrincipal(this, "cloudwatch-principal", { serviceName: "cloudwatch" }) : undefined;

    const key = new KmsKey(this, "key", {
      description: `${props.namePrefix} data plane: log groups, function environment, alarm topic`,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: JSON.stringify(
        logsKeyPolicy({
          partition: context.partition,
          region: context.region,
          accountId: context.accountId,
          logsServicePrincipal: logs.name,
          ...(cloudWatch ? { cloudWatchServicePrincipal: cloudWatch.name, alarmNamePattern: `${props.namePrefix}-*` } : {}),
        }),
      ),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.namePrefix}-data-plane`, targetKeyId: key.keyId });
    this.keyArn = key.arn;
  }
}
