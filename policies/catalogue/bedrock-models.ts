/**
 * Which model ids Bedrock serves the chat function from which region, so that a typo
 * (`amazon.nova-lite-v1`, the `:0` missing), a retired model, a foundation model invoked where only
 * a cross-region profile serves it, or a profile of another geography (`eu.` in `us-east-1`) stops
 * synth with a "did you mean" instead of failing on the first request.
 *
 * The list is data (bedrock-models.json beside this file, rebuilt by scripts/update-models.py):
 * per model, the regions where it is invokable on demand; per system inference profile, the
 * regions it can be invoked from. A region the list did not scan (another partition, a newer
 * region, one that did not answer), or a region synth only knows as a token, is judged against
 * every scanned region's ids together: a typo is still caught, availability is not. A model newer
 * than the list is let through with `allowedNewModels`.
 */
import data from "./bedrock-models.json";
import { closestMatch } from "./closest-match";
import { parseModelId } from "../documents/model-arns";

const FOUNDATION_MODELS: Readonly<Record<string, readonly string[]>> = data.foundationModels;
const INFERENCE_PROFILES: Readonly<Record<string, readonly string[]>> = data.inferenceProfiles;

/** When the list was taken (`YYYY-MM-DD`), and from where. */
export const MODEL_LIST = { takenOn: data.takenOn, source: data.source, file: "policies/catalogue/bedrock-models.json" } as const;

/** The regions the list covers: elsewhere ids are checked against all of these together. */
export const SCANNED_REGIONS: ReadonlySet<string> = new Set(data.scannedRegions);

/** Every foundation model id of the list (on demand somewhere, or only through profiles), and every profile id. */
export const KNOWN_FOUNDATION_MODELS: ReadonlySet<string> = new Set(Object.keys(FOUNDATION_MODELS));
export const KNOWN_INFERENCE_PROFILES: ReadonlySet<string> = new Set(Object.keys(INFERENCE_PROFILES));

/** Profile ids by the foundation model they serve. */
const PROFILES_OF = new Map<string, string[]>();
for (const id of KNOWN_INFERENCE_PROFILES) {
  const model = parseModelId(id).foundationModelId;
  PROFILES_OF.set(model, [...(PROFILES_OF.get(model) ?? []), id]);
}

/** The ids one region serves: foundation models on demand, and the profiles callable from there. */
export function idsOfferedIn(region: string): ReadonlySet<string> {
  const offered = new Set<string>();
  for (const [id, regions] of [...Object.entries(FOUNDATION_MODELS), ...Object.entries(INFERENCE_PROFILES)]) {
    if (regions.includes(region)) offered.add(id);
  }
  return offered;
}

const offeredByRegion = new Map<string, ReadonlySet<string>>();
const offeredIn = (region: string) => offeredByRegion.get(region) ?? offeredByRegion.set(region, idsOfferedIn(region)).get(region)!;

/**
 * Why Bedrock would refuse `modelId` from `region`, with the id it most likely meant, or undefined
 * when the list has it there. `region` undefined (a token at synth), or a region the list did not
 * scan: the id is judged against every region's. The caller adds the escape hatch (withAllowedNewModelFix).
 */
export function modelOfferFault(modelId: string, region: string | undefined): string | undefined {
  if (region === undefined || !SCANNED_REGIONS.has(region)) return unionFault(modelId, region);
  if (offeredIn(region).has(modelId)) return undefined;

  const parsed = parseModelId(modelId);
  const model = KNOWN_FOUNDATION_MODELS.has(parsed.foundationModelId) ? parsed.foundationModelId : closestModel(parsed.foundationModelId);
  if (model === undefined) {
    // A misspelt geography (`ue.`) hides the model: the region's own ids may still hold the one meant.
    const closest = closestOf(modelId, offeredIn(region));
    return `is not a model id Bedrock offers in ${region}, nor in any other region of the model list${closest === undefined ? "" : `: did you mean "${closest}"?`}`;
  }
  const ways = waysToCall(model, region, parsed.kind === "inference-profile");
  if (ways.length === 0) return `Bedrock does not offer ${model} in ${region} (the model list has it in ${regionsOffering(model)})`;

  const [best, ...others] = ways;
  const alternatives = others.length === 0 ? "" : ` (or ${others.map((id) => `"${id}"`).join(", ")})`;
  if (model !== parsed.foundationModelId) return `is not a model id Bedrock offers in ${region}: did you mean "${best}"?${alternatives}`;
  if (parsed.kind === "inference-profile") return `the ${parsed.geography}. inference profile is not offered from ${region}: did you mean "${best}"?${alternatives}`;
  return `is not invokable on demand in ${region}, only through a cross-region inference profile: did you mean "${best}"?${alternatives}`;
}

/** A fault and how to let the model through if Bedrock offers it since the list was taken (a new model, or a new region for it). */
export function withAllowedNewModelFix(fault: string, modelId: string): string {
  const hatch = `if Bedrock offers it there since the model list was taken (${MODEL_LIST.takenOn}, ${MODEL_LIST.file}), allow it with allowedNewModels: ["${modelId}"] (a prop of the stacks and constructs, and a config field)`;
  return fault.endsWith("?") ? `${fault} ${hatch}` : `${fault}; ${hatch}`;
}

/** No region to judge by: any id the list knows passes, and a profile of a known geography for a known model (`us-gov.`, unscanned). */
function unionFault(modelId: string, region: string | undefined): string | undefined {
  const parsed = parseModelId(modelId);
  if (KNOWN_FOUNDATION_MODELS.has(modelId) || KNOWN_INFERENCE_PROFILES.has(modelId) || (parsed.kind === "inference-profile" && KNOWN_FOUNDATION_MODELS.has(parsed.foundationModelId))) {
    return undefined;
  }
  // A profile keeps its geography (the list may not scan it: us-gov.); anything else is matched whole.
  const model = parsed.kind === "inference-profile" ? closestModel(parsed.foundationModelId) : undefined;
  const closest =
    parsed.kind === "inference-profile" ? model && `${parsed.geography}.${model}` : closestOf(modelId, [...KNOWN_FOUNDATION_MODELS, ...KNOWN_INFERENCE_PROFILES]);
  const where = region === undefined ? "checked against every region's ids: the region is known only at plan time" : `the model list does not cover ${region}: checked against every region's ids`;
  return `is not a model id Bedrock offers in any region of the model list (${where})${closest === undefined ? "" : `: did you mean "${closest}"?`}`;
}

/** The ids that call `model` from `region`, the likeliest meant first: a profile for a profile, the model itself for a model id. */
function waysToCall(model: string, region: string, wroteProfile: boolean): string[] {
  const offered = offeredIn(region);
  const profiles = PROFILES_OF.get(model)?.filter((id) => offered.has(id)) ?? [];
  // A geographic profile keeps the data in the region's geography; global. may route anywhere.
  const geographic = profiles.filter((id) => !id.startsWith("global."));
  const global = profiles.filter((id) => id.startsWith("global."));
  const direct = offered.has(model) ? [model] : [];
  return wroteProfile ? [...geographic, ...global, ...direct] : [...direct, ...geographic, ...global];
}

/** Where the model can be called from at all, on demand or through a profile, for the message. */
function regionsOffering(model: string): string {
  const regions = new Set([...(FOUNDATION_MODELS[model] ?? []), ...(PROFILES_OF.get(model) ?? []).flatMap((id) => INFERENCE_PROFILES[id])]);
  const sorted = [...regions].sort();
  return sorted.length <= 6 ? sorted.join(", ") : `${sorted.slice(0, 6).join(", ")} and ${sorted.length - 6} more`;
}

/** The known foundation model a misspelt or shortened one most likely means. */
function closestModel(model: string): string | undefined {
  return closestOf(model, KNOWN_FOUNDATION_MODELS);
}

/**
 * The nearest candidate: the one candidate that extends the value (a version left off:
 * `amazon.nova-lite-v1`, `anthropic.claude-sonnet-4-5`), else the nearest within a few edits (a
 * wrong digit, a swapped pair). Extension first: `…-sonnet-4-5` is one edit from `…-sonnet-4-6`,
 * another model.
 */
function closestOf(value: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const extended = list.filter((candidate) => candidate.startsWith(`${value}-`) || candidate.startsWith(`${value}:`));
  if (extended.length === 1) return extended[0];
  return closestMatch(value, list, Math.max(2, Math.floor(value.length / 10)));
}
