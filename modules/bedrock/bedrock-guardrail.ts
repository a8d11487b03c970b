import { BedrockGuardrail as GuardrailResource } from "@cdktf/provider-aws/lib/bedrock-guardrail";
import { BedrockGuardrailVersion } from "@cdktf/provider-aws/lib/bedrock-guardrail-version";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { FIX, KMS_KEY_ARN_PATTERN } from "../core/resource-ids";
import { terraformAddress } from "../core/terraform-address";
import { type Problem, fieldPath, oneOfProblems, patternProblems, throwProblems } from "../core/validate";

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

/** Bedrock's lengths for a blocked-content message. */
const BLOCKED_MESSAGE_CHARS = { min: 1, max: 500 };

/**
 * Every problem of BedrockGuardrail's props, as Bedrock would refuse them at apply: the name, the
 * filter strength, the blocked messages' length, the key's format. Tokens pass. `at` prefixes the
 * fields; the config's `guardrail` (no name: it is `<name>-chat`, checked as the config's `name`)
 * passes its contentFilterStrength alone, so the name is judged when given.
 */
export function bedrockGuardrailProblems(props: Partial<BedrockGuardrailProps>, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const problems: Problem[] = [];
  if (props.name !== undefined) problems.push(...patternProblems(field("name"), props.name, /^[0-9a-zA-Z_-]{1,50}$/, "use 1–50 letters, digits, '-' or '_'"));
  if (props.contentFilterStrength !== undefined) problems.push(...oneOfProblems(field("contentFilterStrength"), props.contentFilterStrength, STRENGTHS));
  for (const key of ["blockedInputMessage", "blockedOutputMessage"] as const) {
    const message: unknown = props[key];
    if (message === undefined || Token.isUnresolved(message)) continue;
    const length = typeof message === "string" ? [...message].length : -1;
    if (length < BLOCKED_MESSAGE_CHARS.min || length > BLOCKED_MESSAGE_CHARS.max) {
      problems.push({ field: field(key), value: message, fix: `must be text of ${BLOCKED_MESSAGE_CHARS.min}–${BLOCKED_MESSAGE_CHARS.max} characters (Bedrock's limit)` });
    }
  }
  if (props.kmsKeyArn !== undefined) problems.push(...patternProblems(field("kmsKeyArn"), props.kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn));
  return problems;
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
    throwProblems(this, bedrockGuardrailProblems(props));
    const strength = props.contentFilterStrength ?? "HIGH";

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
