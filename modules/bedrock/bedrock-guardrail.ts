import { BedrockGuardrail as GuardrailResource } from "@cdktf/provider-aws/lib/bedrock-guardrail";
import { BedrockGuardrailVersion } from "@cdktf/provider-aws/lib/bedrock-guardrail-version";
import { Construct } from "constructs";
import { checkKmsKeyArn } from "../core/refs";
import { terraformAddress } from "../core/terraform-address";
import { checkOneOf, checkPattern } from "../core/validate";

/** An existing guardrail version, or the one this construct publishes. */
export interface GuardrailRef {
  /** The guardrail's id (the last part of its ARN). */
  readonly guardrailId: string;
  /** The guardrail's ARN: `bedrock:ApplyGuardrail` is granted on it. */
  readonly guardrailArn: string;
  /** A published version (`"1"`, `"2"`…), never `DRAFT`, which changes under the running app. */
  readonly guardrailVersion: string;
}

export type FilterStrength = "LOW" | "MEDIUM" | "HIGH";
const STRENGTHS: readonly FilterStrength[] = ["LOW", "MEDIUM", "HIGH"];

export interface BedrockGuardrailProps {
  /** Guardrail name (1–50 characters: letters, digits, `-`, `_`). */
  readonly name: string;
  /** Strength of the hate, insults, sexual, violence and misconduct filters (prompt attacks: always HIGH on input). @default "HIGH" - strongest filtering of hate, insults, sexual content, violence and misconduct */
  readonly contentFilterStrength?: FilterStrength;
  /** What the user sees when the guardrail blocks their input. @default "Sorry, I can't help with that request." */
  readonly blockedInputMessage?: string;
  /** What the user sees when the guardrail blocks the model's answer. @default "Sorry, I can't provide that answer." */
  readonly blockedOutputMessage?: string;
  /**
   * A customer-managed KMS key for the guardrail. The deploying identity needs `kms:Decrypt`,
   * `kms:GenerateDataKey`, `kms:CreateGrant` and `kms:DescribeKey` on it.
   * @default - encrypted with an AWS owned key
   */
  readonly kmsKeyArn?: string;
}

const CONTENT_FILTERS = ["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT"];
/** Credentials and card numbers have no place in a chat transcript, in either direction. */
const BLOCKED_PII = ["AWS_ACCESS_KEY", "AWS_SECRET_KEY", "CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_CVV", "PASSWORD"];

/**
 * A guardrail with safe default filters and a published version. A new version is published
 * whenever the guardrail changes; old versions are kept so that running functions never point
 * at a deleted one.
 */
export class BedrockGuardrail extends Construct implements GuardrailRef {
  readonly guardrailId: string;
  readonly guardrailArn: string;
  readonly guardrailVersion: string;

  constructor(scope: Construct, id: string, props: BedrockGuardrailProps) {
    super(scope, id);
    checkPattern(this, "name", props.name, /^[0-9a-zA-Z_-]{1,50}$/, "use 1–50 letters, digits, '-' or '_'");
    const strength = props.contentFilterStrength ?? "HIGH";
    checkOneOf(this, "contentFilterStrength", strength, STRENGTHS);
    checkKmsKeyArn(this, "kmsKeyArn", props.kmsKeyArn);

    const guardrail = new GuardrailResource(this, "guardrail", {
      name: props.name,
      description: "Chat guardrail: content filters, prompt-attack detection, credential blocking",
      blockedInputMessaging: props.blockedInputMessage ?? "Sorry, I can't help with that request.",
      blockedOutputsMessaging: props.blockedOutputMessage ?? "Sorry, I can't provide that answer.",
      kmsKeyArn: props.kmsKeyArn,
      contentPolicyConfig: [
        {
          filtersConfig: [
            ...CONTENT_FILTERS.map((type) => ({ type, inputStrength: strength, outputStrength: strength })),
            // Prompt attacks are a property of input; AWS requires NONE on output.
            { type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" },
          ],
        },
      ],
      sensitiveInformationPolicyConfig: [{ piiEntitiesConfig: BLOCKED_PII.map((type) => ({ type, action: "BLOCK" })) }],
    });
    const version = new BedrockGuardrailVersion(this, "version", {
      guardrailArn: guardrail.guardrailArn,
      description: "Published by Terraform",
      skipDestroy: true,
      // Any change to the guardrail publishes a new version (a bare address: see terraformAddress).
      lifecycle: { replaceTriggeredBy: [terraformAddress(guardrail)] },
    });
    this.guardrailId = guardrail.guardrailId;
    this.guardrailArn = guardrail.guardrailArn;
    this.guardrailVersion = version.version;
  }
}
