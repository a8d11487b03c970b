/**
 * redeploymentTriggers: a REST API deployment is redeployed when anything it serves changes, and
 * only then. `redeployment` names the id of every deployed resource under the scope (a replaced
 * one redeploys), `configuration` hashes their synthesized configuration (an in-place change
 * redeploys); cdktf's "//" metadata and resources the stage does not serve change neither.
 */
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { deployedResources, redeploymentTriggers } from "../../../modules/api/api-redeployment";
import { redeploymentGaps } from "../../../policies/deployability";
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { only, synthApi, synthScope } from "../../helpers/terraform";

const USER_POOL = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEf123";

describe("redeploymentTriggers in ChatApi", () => {
  const json = synthApi();

  test("every resource the stage serves is in the deployment's trigger, the BAD_REQUEST_BODY answer included", () => {
    for (const api of [json, synthApi({ authorization: "COGNITO_USER_POOLS", cognitoUserPoolArns: [USER_POOL], cors: { allowedOrigins: ["https://a.example.com"] } })]) {
      expect(redeploymentGaps(api as TerraformConfig)).toEqual([]);
    }
    const trigger = (only(json, "aws_api_gateway_deployment").triggers as { redeployment: string }).redeployment;
    expect(trigger).toMatch(/aws_api_gateway_gateway_response\.[\w-]*bad-request-body[\w-]*\.id[,\]]/);
    expect(trigger).toMatch(/aws_api_gateway_model\.[\w-]+\.id[,\]]/);
  });

  test("an in-place change to a served resource (a new request model) redeploys; a change elsewhere does not", () => {
    const configuration = (api: ReturnType<typeof synthApi>) => (only(api, "aws_api_gateway_deployment").triggers as { configuration: string }).configuration;
    expect(configuration(synthApi({ requestLimits: { maxMessageChars: 100 } }))).not.toBe(configuration(json));
    expect(configuration(synthApi({ throttleRatePerSecond: 99 }))).toBe(configuration(json));
  });
});

describe("redeploymentTriggers on its own", () => {
  interface Variant {
    readonly authorization?: string;
    readonly apiName?: string;
    readonly logGroupName?: string;
    readonly metadata?: boolean;
  }

  /** A REST API with a resource and a method under `api`, its deployment, then an integration added after the triggers were taken. */
  function synthTriggers(variant: Variant = {}): { redeployment: string; configuration: string; deployed: string[] } {
    let deployed: string[] = [];
    const json = synthScope((scope) => {
      const api = new Construct(scope, "api");
      const rest = new ApiGatewayRestApi(api, "rest", { name: variant.apiName ?? "chat" });
      const chat = new ApiGatewayResource(api, "chat", { restApiId: rest.id, parentId: rest.rootResourceId, pathPart: "chat" });
      const post = new ApiGatewayMethod(api, "post", { restApiId: rest.id, resourceId: chat.id, httpMethod: "POST", authorization: variant.authorization ?? "AWS_IAM" });
      if (variant.metadata) post.addOverride("//.checks.suppress.some-rule", "a review marker, not configuration");
      new CloudwatchLogGroup(api, "logs", { name: variant.logGroupName ?? "chat-logs" });
      new ApiGatewayMethod(scope, "elsewhere", { restApiId: rest.id, resourceId: chat.id, httpMethod: "GET", authorization: "AWS_IAM" });
      new ApiGatewayDeployment(scope, "deployment", { restApiId: rest.id, triggers: redeploymentTriggers(api) });
      new ApiGatewayIntegration(api, "proxy", { restApiId: rest.id, resourceId: chat.id, httpMethod: post.httpMethod, type: "MOCK" });
      deployed = deployedResources(api).map((resource) => resource.terraformResourceType);
    });
    return { ...(only(json, "aws_api_gateway_deployment").triggers as { redeployment: string; configuration: string }), deployed };
  }

  test("names the id of every deployed resource under the scope, in tree order, one added later included; the API itself, other resources and resources elsewhere left out", () => {
    const { redeployment, deployed } = synthTriggers();
    expect(deployed).toEqual(["aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration"]);
    expect(redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_resource\.api_chat_\w+\.id, aws_api_gateway_method\.api_post_\w+\.id, aws_api_gateway_integration\.api_proxy_\w+\.id\]\)\)\}$/);
  });

  test("the configuration hash is stable, and changes with an in-place change to a deployed resource only", () => {
    const { configuration } = synthTriggers();
    expect(configuration).toMatch(/^[0-9a-f]{64}$/);
    expect(synthTriggers().configuration).toBe(configuration);
    expect(synthTriggers({ authorization: "NONE" }).configuration).not.toBe(configuration);
    expect(synthTriggers({ apiName: "renamed" }).configuration).toBe(configuration);
    expect(synthTriggers({ logGroupName: "other-logs" }).configuration).toBe(configuration);
  });

  test("cdktf's \"//\" metadata on a deployed resource is no change", () => {
    expect(synthTriggers({ metadata: true }).configuration).toBe(synthTriggers().configuration);
  });
});
