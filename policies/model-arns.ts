/**
 * Model identifiers → the ARNs an IAM policy must name so that the model can be invoked, and no
 * more. The rules (platform-facts.md, "Model ARNs"):
 * - foundation model: `arn:P:bedrock:R::foundation-model/ID` (no account);
 * - geographic cross-region profile (`us.`, `eu.`, `apac.`, …): the profile ARN, and the foundation
 *   model in every destination region, usable only through that profile;
 * - global profile (`global.`): the profile ARN, the foundation model in any region and the
 *   region-less foundation-model ARN, again only through the profile.
 * Partition, region and account arrive as arguments (tokens at synth time), never as literals.
 */

/** Geography prefixes of system-defined cross-region inference profiles. */
const PROFILE_GEOGRAPHY = /^(us|us-gov|eu|apac|ca|jp|au|global)\.(.+)$/;

/** A model the application may invoke. */
export interface ModelAccess {
  /** A foundation model id (`anthropic.claude-3-5-haiku-20241022-v1:0`) or a system inference profile id (`us.anthropic…`). */
  readonly modelId: string;
  /**
   * Regions a geographic inference profile routes to. Required for geographic profiles; ignored
   * for foundation models and global profiles (which may route to any commercial region).
   */
  readonly destinationRegions?: readonly string[];
}

export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export type ParsedModelId =
  | { readonly kind: "foundation-model"; readonly foundationModelId: string }
  | { readonly kind: "inference-profile"; readonly profileId: string; readonly geography: string; readonly foundationModelId: string };

export function parseModelId(modelId: string): ParsedModelId {
  const match = PROFILE_GEOGRAPHY.exec(modelId);
  if (!match) return { kind: "foundation-model", foundationModelId: modelId };
  return { kind: "inference-profile", profileId: modelId, geography: match[1], foundationModelId: match[2] };
}

export function foundationModelArn(scope: Pick<ArnScope, "partition">, region: string, foundationModelId: string): string {
  return `arn:${scope.partition}:bedrock:${region}::foundation-model/${foundationModelId}`;
}

export function inferenceProfileArn(scope: ArnScope, profileId: string): string {
  return `arn:${scope.partition}:bedrock:${scope.region}:${scope.accountId}:inference-profile/${profileId}`;
}

/** The ARNs to grant, split by whether a call may name them directly or only through a profile. */
export interface ModelResources {
  /** Foundation models and inference profiles the application names in its requests. */
  readonly direct: readonly string[];
  /** Foundation-model ARNs reachable only through one of `profileArns` (granted with a bedrock:InferenceProfileArn condition). */
  readonly routed: readonly string[];
  readonly profileArns: readonly string[];
}

export function modelResources(models: readonly ModelAccess[], scope: ArnScope): ModelResources {
  const direct: string[] = [];
  const routed: string[] = [];
  const profileArns: string[] = [];
  for (const model of models) {
    const parsed = parseModelId(model.modelId);
    if (parsed.kind === "foundation-model") {
      direct.push(foundationModelArn(scope, scope.region, parsed.foundationModelId));
      continue;
    }
    const profileArn = inferenceProfileArn(scope, parsed.profileId);
    direct.push(profileArn);
    profileArns.push(profileArn);
    if (parsed.geography === "global") {
      routed.push(foundationModelArn(scope, "*", parsed.foundationModelId), foundationModelArn(scope, "", parsed.foundationModelId));
      continue;
    }
    const regions = model.destinationRegions ?? [];
    if (regions.length === 0) {
      throw new Error(
        `model '${model.modelId}' is a cross-region inference profile but has no destinationRegions: ` +
          `list the regions it routes to (aws bedrock get-inference-profile --inference-profile-identifier ${model.modelId})`,
      );
    }
    for (const region of regions) routed.push(foundationModelArn(scope, region, parsed.foundationModelId));
  }
  return { direct: unique(direct), routed: unique(routed), profileArns: unique(profileArns) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
