/**
 * What a model id looks like: the one syntax rule synth (the config's `models`, ChatAppRole,
 * ChatbotDataPlane) and the chat function (`MODEL_ID`) both apply, so that neither accepts what
 * the other refuses. Whether Bedrock offers the id in a region is synth's further check
 * (policies/catalogue/bedrock-models.ts); the function leaves that to Bedrock and stays small.
 *
 * Pure TypeScript with no imports (bundled into the function, built with the constructs).
 */

/**
 * A foundation model id (`vendor.model…`, versions after `:`) or a system inference profile id
 * (the same with a geography in front: `eu.`, `global.`, `us-gov.`). Lower case, as Bedrock spells
 * them; at most 256 characters.
 */
export const MODEL_ID_PATTERN = /^[a-z0-9-]+\.[a-z0-9][a-z0-9._-]*(:[a-z0-9]+)*$/;

const MAX_MODEL_ID_LENGTH = 256;

/**
 * Why `modelId` is not a model or inference-profile id, or undefined when it is.
 *
 * ARNs are refused on both sides, with their own reason. Synth derives the role's and the
 * endpoint's grants from the id (a foundation-model ARN per partition and region, an
 * inference-profile ARN in this account): an ARN given whole would be wrapped in another ARN that
 * grants nothing, and the ARN-only kinds (application inference profiles, provisioned or imported
 * models) have no id to derive a grant from. The function calls exactly what synth granted, so an
 * ARN in `MODEL_ID` can only come from an edit out of band that IAM would deny on every request:
 * refusing it at start says so once, by name.
 */
export function modelIdFault(modelId: unknown): string | undefined {
  if (typeof modelId === "string" && modelId.startsWith("arn:")) {
    return "give the model or inference-profile id, not its ARN (the ARNs are derived per partition, region and account)";
  }
  if (typeof modelId === "string" && modelId.length <= MAX_MODEL_ID_LENGTH && MODEL_ID_PATTERN.test(modelId)) return undefined;
  return 'must be a Bedrock model id like "amazon.nova-lite-v1:0" or an inference-profile id like "eu.amazon.nova-lite-v1:0"';
}
