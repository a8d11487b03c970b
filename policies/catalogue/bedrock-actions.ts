/**
 * The single source of Bedrock IAM action names and their plane. Every other file names a
 * Bedrock action through this module, never through a string literal of its own.
 *
 * The catalogue (catalogue/bedrock-iam-actions.json) is copied from the team's shared catalogue
 * by scripts/update-catalogue.py. An action it does not list counts as control plane: a new
 * Bedrock API is assumed able to change configuration until someone classifies it.
 */
import catalogue from "./bedrock-iam-actions.json";

export type Plane = "data" | "control";

export interface BedrockActionEntry {
  readonly action: string;
  readonly plane: Plane;
  /** The API endpoint that serves it: bedrock, bedrock-runtime, bedrock-agent, bedrock-agent-runtime or other/unknown. */
  readonly endpoint: string;
  readonly accessLevel: string;
  /**
   * The resource types the Service Authorization Reference lists for it (`guardrail*`: required).
   * Empty: the action has none, and IAM grants it only through a statement whose Resource
   * matches `*` (a statement scoped to model ARNs does not grant ListFoundationModels).
   */
  readonly resourceTypes: readonly string[];
  /**
   * Whether the action makes a model generate, whatever the endpoint: true for inference on the
   * runtime endpoints and for the control-plane jobs and builders that run models (batch
   * inference, evaluation, customization, prompt optimization…); false for a borderline action
   * that was weighed and does not count; absent otherwise. `generatesNote` says why.
   */
  readonly generates?: boolean;
  readonly generatesNote?: string;
}

export const BEDROCK_ACTIONS: readonly BedrockActionEntry[] = catalogue.actions as BedrockActionEntry[];

/**
 * Names that look like IAM actions but are not (Converse is authorized by InvokeModel, etc.).
 * A Deny on one of them denies nothing, so the evaluator must not count it as a Deny.
 */
export const BEDROCK_NON_ACTIONS: readonly string[] = catalogue.nonActions;

const byLowerName = new Map(BEDROCK_ACTIONS.map((entry) => [entry.action.toLowerCase(), entry]));

/** The data-plane actions this module grants to applications. Converse/ConverseStream need nothing more. */
export const Bedrock = {
  InvokeModel: "bedrock:InvokeModel",
  InvokeModelWithResponseStream: "bedrock:InvokeModelWithResponseStream",
  ApplyGuardrail: "bedrock:ApplyGuardrail",
  /** The auth gate for Bedrock API keys (bearer tokens); the app role denies it explicitly. */
  CallWithBearerToken: "bedrock:CallWithBearerToken",
  /** Every Bedrock action; used only for the admin role and the control-plane endpoint. */
  All: "bedrock:*",
} as const;

/** Bedrock condition keys used by the policy builders. */
export const BedrockConditionKey = {
  InferenceProfileArn: "bedrock:InferenceProfileArn",
  GuardrailIdentifier: "bedrock:GuardrailIdentifier",
} as const;

/** Default allow-list for an application role: inference, and the guardrail it is given. */
export const APP_DATA_PLANE_ACTIONS: readonly string[] = [
  Bedrock.InvokeModel,
  Bedrock.InvokeModelWithResponseStream,
  Bedrock.ApplyGuardrail,
];

/** Returns the catalogue entry of a concrete (wildcard-free) action, case-insensitively. */
export function lookupBedrockAction(action: string): BedrockActionEntry | undefined {
  return byLowerName.get(action.toLowerCase());
}

/** The plane of a concrete `bedrock:` action; unknown actions are control plane (fail closed). */
export function planeOf(action: string): Plane {
  return lookupBedrockAction(action)?.plane ?? "control";
}

/** Catalogue names as written → whether the action has no resource type: the evaluator asks for every action of every statement. */
const resourcelessByName = new Map(BEDROCK_ACTIONS.map((entry) => [entry.action, entry.resourceTypes.length === 0]));

/** True for a catalogue action that has no resource type (IAM matches it only against Resource `*`). */
export function hasNoResourceType(action: string): boolean {
  return resourcelessByName.get(action) ?? (/^bedrock:/i.test(action) && lookupBedrockAction(action)?.resourceTypes.length === 0);
}

export function actionsOfPlane(plane: Plane): readonly string[] {
  return BEDROCK_ACTIONS.filter((entry) => entry.plane === plane).map((entry) => entry.action);
}

/**
 * The catalogue actions that make a model generate, on any plane and endpoint, in catalogue order.
 * A "no inference" promise must deny all of them: `bedrock:CreateModelInvocationJob` (batch
 * inference) and `bedrock:CreateEvaluationJob` are control-plane actions, yet models answer.
 */
export function generatingActions(): readonly string[] {
  return BEDROCK_ACTIONS.filter((entry) => entry.generates === true).map((entry) => entry.action);
}
