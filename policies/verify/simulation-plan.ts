/**
 * The questions the proof puts to IAM's policy simulator about the application role, as a list of
 * simulations (actions × resources × request context) each with the answer a sound deployment
 * gives. Pure: built from the target alone.
 *
 * The request context. The simulator evaluates a condition only on the context it is given, and a
 * condition on an absent key does not match: a grant conditioned on `aws:SourceVpce` then looks
 * denied, and a Deny conditioned with a negated operator (`StringNotEquals
 * bedrock:GuardrailIdentifier`) looks as if it applied. So each simulation passes the context the
 * application's real call carries, as far as the stack's outputs tell it:
 * - calls the application names directly (the model or profile, the guardrail): `aws:SourceVpce`
 *   (the bedrock-runtime endpoint), `aws:SourceVpc` (the VPC) and `bedrock:GuardrailIdentifier`
 *   (`<guardrail-arn>:<version>`);
 * - the hop Bedrock makes to a cross-region profile's foundation model: `bedrock:InferenceProfileArn`
 *   and the guardrail identifier, no network keys (Bedrock makes that hop, not the endpoint).
 * The forbidden actions are asked with the same, fullest context: the most a condition could
 * grant the application, so a conditional grant cannot hide.
 *
 * Probes are asked for evidence, not verdicts (the open questions): the same calls without the
 * network keys (do the grants depend on the endpoint?), and the profile hop without the
 * guardrail identifier (would the mandatory-guardrail Deny stop it if Bedrock left the key out?).
 * A probe expects what the hardened default gives (denied); another answer is reported, never
 * counted as a failure.
 */
import { BEDROCK_ACTIONS, Bedrock, BedrockConditionKey } from "../catalogue/bedrock-actions";
import { foundationModelArn, inferenceProfileArn, parseModelId } from "../documents/model-arns";
import type { VerifyTarget } from "./target";

export interface ContextValue {
  readonly key: string;
  readonly values: readonly string[];
}

export type Expectation = "denied" | "allowed";

export interface Simulation {
  readonly id: string;
  /** What the simulation shows, in the report's words. */
  readonly title: string;
  readonly expect: Expectation;
  /** Evidence for the open questions: its answer is reported, never counted as a failure. */
  readonly probe: boolean;
  readonly actions: readonly string[];
  /** The resources asked about; none: `*` (what actions without a resource type are checked on). */
  readonly resourceArns?: readonly string[];
  readonly context: readonly ContextValue[];
}

/** Outside Bedrock, what the permission review also forbids an application role (policies/evaluator/app-role-rule.ts). */
export const FORBIDDEN_BEYOND_BEDROCK: readonly string[] = ["aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe", "aws-marketplace:ViewSubscriptions", "iam:PassRole"];

/** What the chat function calls: Converse (InvokeModel), ConverseStream (InvokeModelWithResponseStream), and the guardrail it applies. */
export function chatbotActions(target: Pick<VerifyTarget, "guardrail">): string[] {
  return [Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream, ...(target.guardrail ? [Bedrock.ApplyGuardrail] : [])];
}

/** Every catalogued Bedrock action the application must not have: the control plane, and the data plane outside the chatbot's set. */
export function forbiddenActions(target: Pick<VerifyTarget, "guardrail">): string[] {
  const own = new Set(chatbotActions(target));
  const bedrock = BEDROCK_ACTIONS.map((entry) => entry.action).filter((action) => !own.has(action));
  return [...bedrock, ...FORBIDDEN_BEYOND_BEDROCK];
}

/** `<guardrail-arn>:<version>`: the value of `bedrock:GuardrailIdentifier` when a call applies the guardrail. */
export function guardrailIdentifier(guardrail: NonNullable<VerifyTarget["guardrail"]>): string {
  return `${guardrail.arn}:${guardrail.version}`;
}

/** The ARNs a call to each model is authorized on: what the application names, and where a profile routes. */
export interface ModelTargets {
  readonly modelId: string;
  /** The foundation model in the stack's region, or the inference profile. */
  readonly directArn: string;
  /** A profile's foundation model as Bedrock authorizes the hop: in the stack's region (the policy names every region alike), and region-less for a global profile. */
  readonly routedArns: readonly string[];
}

export function modelTargets(target: Pick<VerifyTarget, "partition" | "region" | "accountId" | "modelIds">): ModelTargets[] {
  const scope = { partition: target.partition, region: target.region, accountId: target.accountId };
  return target.modelIds.map((modelId) => {
    const parsed = parseModelId(modelId);
    if (parsed.kind === "foundation-model") return { modelId, directArn: foundationModelArn(scope, target.region, modelId), routedArns: [] };
    const routedArns = [foundationModelArn(scope, target.region, parsed.foundationModelId)];
    if (parsed.geography === "global") routedArns.push(foundationModelArn(scope, "", parsed.foundationModelId));
    return { modelId, directArn: inferenceProfileArn(scope, parsed.profileId), routedArns };
  });
}

function networkContext(target: VerifyTarget): ContextValue[] {
  return [
    ...(target.runtimeEndpointId ? [{ key: "aws:SourceVpce", values: [target.runtimeEndpointId] }] : []),
    ...(target.vpcId ? [{ key: "aws:SourceVpc", values: [target.vpcId] }] : []),
  ];
}

function guardrailContext(target: VerifyTarget): ContextValue[] {
  return target.guardrail ? [{ key: BedrockConditionKey.GuardrailIdentifier, values: [guardrailIdentifier(target.guardrail)] }] : [];
}

const INVOKE = [Bedrock.InvokeModel, Bedrock.InvokeModelWithResponseStream];

export function simulationPlan(target: VerifyTarget): Simulation[] {
  const models = modelTargets(target);
  const appContext = [...networkContext(target), ...guardrailContext(target)];
  const deploymentArns = [...models.flatMap((model) => [model.directArn, ...model.routedArns]), ...(target.guardrail ? [target.guardrail.arn] : [])];
  const forbidden = forbiddenActions(target);
  const plan: Simulation[] = [
    {
      id: "forbidden-any-resource",
      title: "Control-plane actions, data-plane actions outside the chatbot's set, model subscriptions and iam:PassRole, on any resource (`*`)",
      expect: "denied",
      probe: false,
      actions: forbidden,
      context: appContext,
    },
    {
      id: "forbidden-deployment-resources",
      title: "The same actions on this deployment's own models and guardrail",
      expect: "denied",
      probe: false,
      actions: forbidden,
      resourceArns: [...new Set(deploymentArns)],
      context: appContext,
    },
    {
      id: "invoke-models",
      title: "Converse and ConverseStream (InvokeModel, InvokeModelWithResponseStream) on each configured model, as the function calls them",
      expect: "allowed",
      probe: false,
      actions: INVOKE,
      resourceArns: models.map((model) => model.directArn),
      context: appContext,
    },
  ];
  for (const model of models.filter((m) => m.routedArns.length > 0)) {
    const profileContext = { key: BedrockConditionKey.InferenceProfileArn, values: [model.directArn] };
    plan.push({
      id: `invoke-routed:${model.modelId}`,
      title: `The hop of ${model.modelId} to its foundation model, through the profile`,
      expect: "allowed",
      probe: false,
      actions: INVOKE,
      resourceArns: model.routedArns,
      context: [profileContext, ...guardrailContext(target)],
    });
    if (target.guardrail) {
      plan.push({
        id: `probe-routed-without-guardrail-key:${model.modelId}`,
        title: `Probe: the hop of ${model.modelId} if Bedrock left bedrock:GuardrailIdentifier out of it`,
        expect: "denied",
        probe: true,
        actions: INVOKE,
        resourceArns: model.routedArns,
        context: [profileContext],
      });
    }
  }
  if (target.guardrail) {
    plan.push({
      id: "apply-guardrail",
      title: "ApplyGuardrail on the attached guardrail",
      expect: "allowed",
      probe: false,
      actions: [Bedrock.ApplyGuardrail],
      resourceArns: [target.guardrail.arn],
      context: appContext,
    });
    plan.push({
      id: "probe-guardrail-outside-network",
      title: "Probe: ApplyGuardrail without the endpoint and VPC keys (does the grant depend on the network path?)",
      expect: "denied",
      probe: true,
      actions: [Bedrock.ApplyGuardrail],
      resourceArns: [target.guardrail.arn],
      context: guardrailContext(target),
    });
  }
  plan.push({
    id: "probe-invoke-outside-network",
    title: "Probe: InvokeModel without the endpoint and VPC keys (are stolen credentials useless outside the VPC?)",
    expect: "denied",
    probe: true,
    actions: [Bedrock.InvokeModel],
    resourceArns: models.map((model) => model.directArn),
    context: guardrailContext(target),
  });
  return plan;
}
