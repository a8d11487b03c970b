import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import { ApiGatewayModel } from "@cdktf/provider-aws/lib/api-gateway-model";
import { ApiGatewayRequestValidator } from "@cdktf/provider-aws/lib/api-gateway-request-validator";
import { Construct } from "constructs";
import { type ChatRequestLimits, chatRequestSchema } from "./chat-request-schema";
import { chatOptionsProblems } from "../function/chat-options";
import { type Problem, fieldPath, throwProblems } from "../core/validate";

export interface ChatRequestValidationProps {
  /** The REST API the model and validator belong to. */
  readonly restApiId: string;
  /** The limits the function enforces; the model's maxLength / maxItems derive from them. */
  readonly limits?: ChatRequestLimits;
  /**
   * Extra headers on the 400 API Gateway answers for a body that fails the model (CORS headers),
   * as gateway-response parameters: `{ "gatewayresponse.header.Vary": "'Origin'" }`.
   * @default - none
   */
  readonly responseParameters?: Readonly<Record<string, string>>;
}

/** The error body of a request the model rejects: the function's own `{ error: { code, message } }` shape and code. */
export const INVALID_BODY_RESPONSE = {
  error: {
    code: "INVALID_REQUEST",
    message: "The body must be a JSON object with a non-empty string message and an optional history of {role, content} turns, and no other fields.",
  },
};

/**
 * The limits the request model derives from, held to the function's own ranges
 * (contract/chat-limits.ts, judged as the chat options are): a model for limits the function
 * refuses would be a lie. Tokens pass. `at` prefixes the fields (`limits`).
 */
export function chatRequestValidationProblems(props: Pick<ChatRequestValidationProps, "limits">, at = ""): Problem[] {
  return props.limits === undefined ? [] : chatOptionsProblems(props.limits, fieldPath(at, "limits"));
}

/**
 * A request validator (body only) and the `ChatRequest` model for `POST /chat`: API Gateway
 * answers a malformed body with 400 itself, in the function's error format, without invoking
 * Lambda. The function still validates every request (defence in depth).
 */
export class ChatRequestValidation extends Construct {
  readonly requestValidatorId: string;
  /** For the method's `request_models`. */
  readonly requestModels: Readonly<Record<string, string>>;
  /** The schema as deployed, for the deployment's redeploy trigger. */
  readonly schema: string;

  constructor(scope: Construct, id: string, props: ChatRequestValidationProps) {
    super(scope, id);
    throwProblems(this, chatRequestValidationProblems(props));
    const limits = props.limits ?? {};
    this.schema = JSON.stringify(chatRequestSchema(limits));

    const model = new ApiGatewayModel(this, "model", {
      restApiId: props.restApiId,
      name: "ChatRequest",
      description: "Body of POST /chat",
      contentType: "application/json",
      schema: this.schema,
    });
    const validator = new ApiGatewayRequestValidator(this, "validator", {
      restApiId: props.restApiId,
      name: "validate-body",
      validateRequestBody: true,
      validateRequestParameters: false,
    });
    // The validator's message names JSON-schema internals; the client gets the API's own error format instead.
    new ApiGatewayGatewayResponse(this, "bad-request-body", {
      restApiId: props.restApiId,
      responseType: "BAD_REQUEST_BODY",
      statusCode: "400",
      responseTemplates: { "application/json": JSON.stringify(INVALID_BODY_RESPONSE) },
      responseParameters: { "gatewayresponse.header.Cache-Control": "'no-store'", ...props.responseParameters },
    });

    this.requestValidatorId = validator.id;
    this.requestModels = { "application/json": model.name };
  }
}
