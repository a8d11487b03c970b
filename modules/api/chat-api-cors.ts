import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayIntegrationResponse } from "@cdktf/provider-aws/lib/api-gateway-integration-response";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodResponse } from "@cdktf/provider-aws/lib/api-gateway-method-response";
import { Construct } from "constructs";
import { ANY_ORIGIN, API_FIX, CORS_ORIGIN_PATTERN, MAX_CORS_ORIGINS } from "./api-formats";
import { type Problem, fieldPath, listProblems, patternProblems, switchProblems, throwProblems } from "../core/validate";

export interface CorsOptions {
  /** Origins whose pages may call the API, e.g. `["https://chat.example.com"]`; or `["*"]` for any site (then never with credentials). */
  readonly allowedOrigins: readonly string[];
  /**
   * Let browsers send cookies or TLS client certificates along (`Access-Control-Allow-Credentials`).
   * SigV4 and Cognito tokens travel in the Authorization header and need no credentials mode.
   * @default false
   */
  readonly allowCredentials?: boolean;
}

export interface ChatApiCorsProps extends CorsOptions {
  /** The REST API the preflight and gateway responses belong to. */
  readonly restApiId: string;
  /** The `/chat` resource the preflight answers for. */
  readonly resourceId: string;
}

/** Request headers a browser client may send: JSON, SigV4 (AWS_IAM), a Cognito token, an API key. */
export const CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Amz-Content-Sha256", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The origins are a CORS allow-list a browser can use: 1–10 origins, each `https://host[:port]`
 * (or localhost over http), none twice; or `"*"` alone and never with credentials, which would
 * let every site read answers with the user's cookies. Tokens pass. `at` prefixes the fields
 * (ChatApi's `cors`, the config's `api.cors`).
 */
export function chatApiCorsProblems(props: CorsOptions, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  const origins: unknown = props.allowedOrigins;
  const switches = switchProblems(props, ["allowCredentials"], at);
  if (switches.length > 0) return switches;
  if (Array.isArray(origins) && origins.includes(ANY_ORIGIN) && origins.length <= MAX_CORS_ORIGINS) {
    return [
      ...(props.allowCredentials === true ? [{ field: field("allowCredentials"), value: true, fix: API_FIX.anyOriginWithCredentials }] : []),
      ...(origins.length > 1 ? [{ field: field("allowedOrigins"), value: origins, fix: API_FIX.anyOriginAlone }] : []),
    ];
  }
  const section = at === "" ? "CORS" : at;
  return listProblems(field("allowedOrigins"), origins, {
    count: { min: 1, max: MAX_CORS_ORIGINS, fix: `list 1–${MAX_CORS_ORIGINS} origins, e.g. ["https://chat.example.com"]; leave ${section} out for no browser access` },
    entry: (where, origin) => patternProblems(where, origin as string, CORS_ORIGIN_PATTERN, API_FIX.corsOrigin),
    duplicates: { fix: "remove the duplicate" },
  });
}

/**
 * The preflight template: API Gateway's mock integration runs it, and echoes the request's Origin
 * only when it is one of the allowed origins (otherwise no Allow-Origin header: the browser refuses).
 */
export function preflightOriginTemplate(allowedOrigins: readonly string[]): string {
  const matches = allowedOrigins.map((origin) => `$origin == '${origin}'`).join(" || ");
  return [
    "#set($origin = $input.params().header.get('Origin'))",
    "#if(!$origin)#set($origin = $input.params().header.get('origin'))#end",
    `#if(${matches})`,
    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
    "#end",
  ].join("\n");
}

/**
 * CORS for `/chat`, only for the configured origins: an OPTIONS preflight answered by a mock
 * integration (no Lambda call, no authorization: browsers send preflights without credentials),
 * and the CORS headers on API Gateway's own 4xx/5xx answers (authorization, throttling, WAF,
 * validation), so that a browser can read why a call failed. The function adds the same headers to
 * its own answers (CORS_ALLOWED_ORIGINS in its environment).
 *
 * Gateway responses are not templates, so they carry one fixed origin: with several origins they
 * name the first, and pages on the others see gateway errors as opaque CORS failures — never a
 * wider grant than configured.
 */
export class ChatApiCors extends Construct {
  /** Gateway-response parameters with the CORS headers, for other customized gateway responses. */
  readonly gatewayResponseParameters: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ChatApiCorsProps) {
    super(scope, id);
    throwProblems(this, chatApiCorsProblems(props));
    const origins = props.allowedOrigins;
    const credentials = props.allowCredentials === true;
    const quoted = (value: string) => `'${value}'`;

    const method = new ApiGatewayMethod(this, "preflight", {
      restApiId: props.restApiId,
      resourceId: props.resourceId,
      httpMethod: "OPTIONS",
      // Browsers send preflights without credentials; the mock integration answers with headers only.
      authorization: "NONE",
    });
    const integration = new ApiGatewayIntegration(this, "preflight-mock", {
      restApiId: props.restApiId,
      resourceId: props.resourceId,
      httpMethod: method.httpMethod,
      type: "MOCK",
      requestTemplates: { "application/json": JSON.stringify({ statusCode: 204 }) },
    });
    const headers: Record<string, string> = {
      "Access-Control-Allow-Methods": quoted("OPTIONS,POST"),
      "Access-Control-Allow-Headers": quoted(CORS_ALLOWED_HEADERS.join(",")),
      "Access-Control-Max-Age": quoted(String(PREFLIGHT_MAX_AGE_SECONDS)),
      Vary: quoted("Origin"),
      ...(credentials ? { "Access-Control-Allow-Credentials": quoted("true") } : {}),
      // One origin (or "*") is a fixed header; several are echoed by the template below.
      ...(origins.length === 1 ? { "Access-Control-Allow-Origin": quoted(origins[0]) } : {}),
    };
    const methodResponse = new ApiGatewayMethodResponse(this, "preflight-response", {
      restApiId: props.restApiId,
      resourceId: props.resourceId,
      httpMethod: method.httpMethod,
      statusCode: "204",
      responseParameters: Object.fromEntries(
        [...Object.keys(headers), "Access-Control-Allow-Origin"].map((name) => [`method.response.header.${name}`, false]),
      ),
    });
    new ApiGatewayIntegrationResponse(this, "preflight-headers", {
      restApiId: props.restApiId,
      resourceId: props.resourceId,
      httpMethod: method.httpMethod,
      statusCode: methodResponse.statusCode,
      responseParameters: Object.fromEntries(Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, value])),
      ...(origins.length > 1 ? { responseTemplates: { "application/json": preflightOriginTemplate(origins) } } : {}),
      dependsOn: [integration],
    });

    this.gatewayResponseParameters = {
      "gatewayresponse.header.Access-Control-Allow-Origin": quoted(origins[0]),
      "gatewayresponse.header.Vary": quoted("Origin"),
      ...(credentials ? { "gatewayresponse.header.Access-Control-Allow-Credentials": quoted("true") } : {}),
    };
    for (const responseType of ["DEFAULT_4XX", "DEFAULT_5XX"]) {
      new ApiGatewayGatewayResponse(this, responseType.toLowerCase().replace("_", "-"), {
        restApiId: props.restApiId,
        responseType,
        responseParameters: this.gatewayResponseParameters,
      });
    }
  }
}
