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
import { REGION_PATTERN } from "./resource-ids";
import type { Problem } from "./validate";

export const AWS_REGIONS = {
  aws: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "me-west-1",
    "mx-central-1",
    "sa-east-1",
    "sa-west-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-eusc": ["eusc-de-east-1"],
  "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
  "aws-iso-b": ["us-isob-east-1", "us-isob-west-1"],
  "aws-iso-e": ["eu-isoe-west-1"],
  "aws-iso-f": ["us-isof-east-1", "us-isof-south-1"],
} as const;

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

/** The known region of the same partition closest to a misspelt one (`eu-wset-1` → `eu-west-1`), if any is close. */
export function closestKnownRegion(region: string): string | undefined {
  let best: { region: string; distance: number } | undefined;
  for (const known of AWS_REGIONS[partitionOfRegion(region)]) {
    const distance = editDistance(region, known);
    if (!best || distance < best.distance) best = { region: known, distance };
  }
  // Two edits cover a swapped pair of letters or a wrong digit; further is another name, not a typo.
  return best && best.distance <= 2 ? best.region : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** How to let a region through that AWS opened after this list was written. */
const ALLOW_NEW_REGION = (region: string) =>
  `if AWS has opened it since this module's region list (modules/aws-regions.ts) was written, allow it with allowedNewRegions: ["${region}"] (a stack prop, and a field of the config file)`;

/**
 * A literal region must be one the partition its prefix names has, or one the caller allowed;
 * tokens pass (a variable's region is the provider's business at plan time).
 */
export function regionProblems(field: string, region: string | undefined, allowedNewRegions: readonly string[] = []): Problem[] {
  if (region === undefined || Token.isUnresolved(region)) return [];
  if (typeof region !== "string" || !REGION_PATTERN.test(region)) return [{ field, value: region, fix: 'use an AWS region code such as "eu-west-1"' }];
  const partition = partitionOfRegion(region);
  if ((AWS_REGIONS[partition] as readonly string[]).includes(region) || allowedNewRegions.includes(region)) return [];
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
