/**
 * The AWS regions this module knows, per partition, so that a typo (`eu-wset-1`) or a region that
 * does not exist (`us-east-3`) stops synth instead of failing at `terraform plan` with a provider
 * error, or worse, deploying nowhere useful.
 *
 * Source: the partitions table of the AWS SDK for JavaScript (`@aws-sdk/core` 3.981.1,
 * `util-endpoints/lib/aws/partitions.js`), the one the SDK resolves endpoints with; the `*-global`
 * pseudo-regions are left out. Refresh it from there when AWS opens a region; until then a new
 * region is allowed with `allowedNewRegions` (stacks) or `"allowedNewRegions"` (the config).
 */
import { Token } from "cdktf";
import { closestMatch } from "../../policies/catalogue/closest-match";
import { REGION_PATTERN } from "./resource-ids";
import type { Problem } from "./validate";
import regions from "../../config/data/aws-regions.json";

type AwsPartitionName = "aws" | "aws-cn" | "aws-us-gov" | "aws-eusc" | "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f";

/** The list itself is data, in config/data/aws-regions.json (regions are configuration, not code). */
export const AWS_REGIONS: Readonly<Record<AwsPartitionName, readonly string[]>> = {
  aws: regions.aws,
  "aws-cn": regions["aws-cn"],
  "aws-us-gov": regions["aws-us-gov"],
  "aws-eusc": regions["aws-eusc"],
  "aws-iso": regions["aws-iso"],
  "aws-iso-b": regions["aws-iso-b"],
  "aws-iso-e": regions["aws-iso-e"],
  "aws-iso-f": regions["aws-iso-f"],
};

export type AwsPartition = keyof typeof AWS_REGIONS;

/** Which partition a region code belongs to, by its prefix (the SDK's `regionRegex` of each partition). */
const PARTITION_OF_PREFIX: readonly [RegExp, AwsPartition][] = [
  [/^cn-/, "aws-cn"],
  [/^us-gov-/, "aws-us-gov"],
  [/^eusc-/, "aws-eusc"],
  [/^us-iso-/, "aws-iso"],
  [/^us-isob-/, "aws-iso-b"],
  [/^eu-isoe-/, "aws-iso-e"],
  [/^us-isof-/, "aws-iso-f"],
];

export function partitionOfRegion(region: string): AwsPartition {
  return PARTITION_OF_PREFIX.find(([prefix]) => prefix.test(region))?.[1] ?? "aws";
}

/**
 * A problem when a literal ARN names another partition than the stacks' region: IAM refuses a
 * principal of another partition in a trust policy at apply. Tokens and non-ARNs pass (their
 * format is another check's).
 */
export function samePartitionProblems(field: string, arn: unknown, region: string | undefined): Problem[] {
  if (region === undefined || Token.isUnresolved(region) || typeof arn !== "string" || Token.isUnresolved(arn)) return [];
  const arnPartition = /^arn:(aws[a-z-]*):/.exec(arn)?.[1];
  const partition = partitionOfRegion(region);
  return arnPartition === undefined || arnPartition === partition ? [] : [{ field, value: arn, fix: `is in the ${arnPartition} partition, the stacks (${region}) in ${partition}: IAM trusts principals of its own partition only` }];
}

/** The known region of the same partition closest to a misspelt one (`eu-wset-1` → `eu-west-1`), if any is close. */
export function closestKnownRegion(region: string): string | undefined {
  // Two edits cover a swapped pair of letters or a wrong digit; further is another name, not a typo.
  return closestMatch(region, AWS_REGIONS[partitionOfRegion(region)], 2);
}

/** How to let a region through that AWS opened after this list was written. */
const ALLOW_NEW_REGION = (region: string) =>
  `if AWS has opened it since this module's region list (modules/core/aws-regions.ts) was written, allow it with allowedNewRegions: ["${region}"] (a stack prop, and a field of the config file)`;

/**
 * A literal region must be one the partition its prefix names has, or one the caller allowed;
 * tokens pass (a variable's region is the provider's business at plan time).
 */
export function regionProblems(field: string, region: string | undefined, allowedNewRegions: readonly string[] = []): Problem[] {
  if (region === undefined || Token.isUnresolved(region)) return [];
  if (typeof region !== "string" || !REGION_PATTERN.test(region)) return [{ field, value: region, fix: 'use an AWS region code such as "eu-west-1"' }];
  const partition = partitionOfRegion(region);
  if ((AWS_REGIONS[partition] as readonly string[]).includes(region) || (Array.isArray(allowedNewRegions) && allowedNewRegions.includes(region))) return [];
  const closest = closestKnownRegion(region);
  const guess = closest ? `did you mean "${closest}"? ` : "";
  return [{ field, value: region, fix: `is not a region of the ${partition} partition: ${guess}${ALLOW_NEW_REGION(region)}` }];
}

/** The allow-list itself: region codes only, so that a typo there does not hide one in `region`. */
export function allowedNewRegionsProblems(field: string, allowedNewRegions: readonly string[] | undefined): Problem[] {
  if (allowedNewRegions === undefined || Token.isUnresolved(allowedNewRegions)) return [];
  if (!Array.isArray(allowedNewRegions)) return [{ field, value: allowedNewRegions, fix: 'list region codes, e.g. ["xx-east-1"]' }];
  return allowedNewRegions.flatMap((region, index) =>
    typeof region === "string" && REGION_PATTERN.test(region) ? [] : [{ field: `${field}[${index}]`, value: region, fix: 'use an AWS region code such as "xx-east-1"' }],
  );
}
