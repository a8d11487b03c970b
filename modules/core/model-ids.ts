/**
 * The models a deployment may invoke, judged before anything is written: the id's form (the
 * contract's rule, the same the chat function applies to MODEL_ID), then whether Bedrock offers it
 * in the stacks' region (the model list, policies/catalogue/bedrock-models.ts), with the id most
 * likely meant. A model AWS added after the list was taken passes with `allowedNewModels`.
 * ChatAppRole, ChatbotDataPlane, DataPlaneStack and the config's `models` all judge with this.
 */
import { Token } from "cdktf";
import { modelIdFault } from "../../contract/model-id";
import { modelOfferFault, withAllowedNewModelFix } from "../../policies/catalogue/bedrock-models";
import type { ModelAccess } from "../../policies/documents/model-arns";
import { type Problem, listProblems } from "./validate";

/** What the models are judged against beyond their form. */
export interface ModelCheckContext {
  /**
   * The region the application calls Bedrock in. Only the config and DataPlaneStack know it as a
   * literal; a construct inside a stack of yours sees the provider's region as a token, so there
   * (and for a region the list did not scan) an id is judged against every region's ids together:
   * a typo is caught, availability in the region is the provider's business at the first request.
   */
  readonly region?: string;
  /** Model ids AWS added after the list was taken, let through as they are (their form is still checked). */
  readonly allowedNewModels?: readonly string[];
}

/**
 * The models (`field` names the list: `models`): at least one, each a model or inference-profile id
 * (not an ARN: the policies derive the ARNs) that Bedrock offers in the region, none twice. Tokens pass.
 */
export function modelsProblems(models: readonly ModelAccess[], field: string, context: ModelCheckContext = {}): Problem[] {
  return listProblems(field, models, {
    count: { min: 1, fix: "name at least one model id the application may invoke" },
    entry: (where, model) => modelProblems(where, model, context),
    // Only well-formed ids count as duplicates: a malformed one is named for its form.
    duplicates: { fix: "remove the duplicate", key: (model) => (model as ModelAccess).modelId },
  });
}

/** One entry of the models: an object whose modelId is a well-formed id Bedrock offers in the region. */
function modelProblems(where: string, model: unknown, { region, allowedNewModels }: ModelCheckContext): Problem[] {
  if (typeof model !== "object" || model === null) return [{ field: where, value: model, fix: 'must be a model, e.g. { modelId: "amazon.nova-lite-v1:0" }' }];
  const modelId: unknown = (model as ModelAccess).modelId;
  if (Token.isUnresolved(modelId)) return [];
  const field = `${where}.modelId`;
  const syntax = modelIdFault(modelId);
  if (syntax !== undefined) return [{ field, value: modelId, fix: syntax }];
  const id = modelId as string;
  if (Array.isArray(allowedNewModels) && allowedNewModels.includes(id)) return [];
  const offer = modelOfferFault(id, region === undefined || Token.isUnresolved(region) ? undefined : region);
  return offer === undefined ? [] : [{ field, value: id, fix: withAllowedNewModelFix(offer, id) }];
}

/** The escape hatch itself: well-formed ids only, so that a typo there does not let one in `models` through. */
export function allowedNewModelsProblems(field: string, allowedNewModels: readonly string[] | undefined): Problem[] {
  if (allowedNewModels === undefined || Token.isUnresolved(allowedNewModels)) return [];
  if (!Array.isArray(allowedNewModels)) return [{ field, value: allowedNewModels, fix: 'list model ids, e.g. ["vendor.model-v9:0"]' }];
  return allowedNewModels.flatMap((modelId, index) => {
    const fault = modelIdFault(modelId);
    return fault === undefined ? [] : [{ field: `${field}[${index}]`, value: modelId, fix: fault }];
  });
}
