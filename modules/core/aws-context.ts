import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Construct } from "constructs";
import type { ArnScope } from "../../policies/documents/model-arns";

/**
 * Partition, region and account of the deployment, read from the provider at plan time, so that
 * no construct carries a literal and the same code deploys to aws, aws-cn and aws-us-gov.
 */
export class AwsContext extends Construct {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** `com.amazonaws` or `cn.com.amazonaws`: the prefix of VPC endpoint service names. */
  readonly reverseDnsPrefix: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition");
    this.partition = partition.partition;
    this.reverseDnsPrefix = partition.reverseDnsPrefix;
    this.region = new DataAwsRegion(this, "region").region;
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
  }

  get arnScope(): ArnScope {
    return { partition: this.partition, region: this.region, accountId: this.accountId };
  }

  /** `com.amazonaws.<region>.<service>`, the name of a VPC endpoint service. */
  endpointServiceName(service: string): string {
    return `${this.reverseDnsPrefix}.${this.region}.${service}`;
  }
}
