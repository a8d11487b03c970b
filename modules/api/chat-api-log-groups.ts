import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { FIX, KMS_KEY_ARN_PATTERN } from "../core/resource-ids";
import { logRetentionDaysProblems } from "../function/chat-function";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

export interface ChatApiLogGroupsProps {
  /** The REST API's name; names the access log group. */
  readonly apiName: string;
  /** The REST API's id; part of the execution log group's name. */
  readonly restApiId: string;
  /** The stage whose logs the groups hold. */
  readonly stageName: string;
  /** Create the access log group. */
  readonly accessLogs: boolean;
  /** Create the execution log group (API Gateway would otherwise create it, unencrypted and kept forever). */
  readonly executionLogs: boolean;
  /** Days CloudWatch keeps the logs; one of CloudWatch's retention values. @default 30 */
  readonly retentionDays?: number;
  /**
   * Customer-managed key for both groups; its policy must let `logs.<region>.amazonaws.com` use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly kmsKeyArn?: string;
}

/** Fields of one access-log line: who called, what, the outcome, where the time went. No headers, no body. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  requestTime: "$context.requestTimeEpoch",
  sourceIp: "$context.identity.sourceIp",
  caller: "$context.identity.caller",
  user: "$context.identity.user",
  cognitoSubject: "$context.authorizer.claims.sub",
  apiKeyId: "$context.identity.apiKeyId",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integration.latency",
  integrationStatus: "$context.integration.status",
  errorType: "$context.error.responseType",
  errorMessage: "$context.error.message",
  wafStatus: "$context.waf.status",
});

/**
 * Every problem of ChatApiLogGroups' props: a retention CloudWatch Logs accepts, a KMS key's ARN.
 * Tokens pass. `at` prefixes the fields.
 */
export function chatApiLogGroupsProblems(props: Pick<ChatApiLogGroupsProps, "retentionDays" | "kmsKeyArn">, at = ""): Problem[] {
  const field = (key: string) => fieldPath(at, key);
  return [
    ...(props.retentionDays === undefined ? [] : logRetentionDaysProblems(field("retentionDays"), props.retentionDays)),
    ...(props.kmsKeyArn === undefined ? [] : patternProblems(field("kmsKeyArn"), props.kmsKeyArn, KMS_KEY_ARN_PATTERN, FIX.kmsKeyArn)),
  ];
}

/**
 * The API's log groups, made by Terraform so that they carry a retention and the key: the access
 * log (one JSON line per request) and, when execution logging is on, the group API Gateway writes
 * execution logs to (`API-Gateway-Execution-Logs_<api-id>/<stage>`, a name it fixes itself).
 */
export class ChatApiLogGroups extends Construct {
  /** ARN of the access log group, for the stage's access_log_settings. */
  readonly accessLogGroupArn?: string;
  readonly accessLogGroupName?: string;
  readonly executionLogGroupName?: string;
  /** The groups created, for resources that must wait for them. */
  readonly groups: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ChatApiLogGroupsProps) {
    super(scope, id);
    throwProblems(this, chatApiLogGroupsProblems(props));
    const retentionInDays = props.retentionDays ?? 30;
    const group = (groupId: string, name: string) => {
      const created = new CloudwatchLogGroup(this, groupId, { name, retentionInDays, kmsKeyId: props.kmsKeyArn });
      this.groups.push(created);
      return created;
    };
    if (props.accessLogs) {
      const access = group("access", `/aws/apigateway/${props.apiName}/${props.stageName}/access`);
      this.accessLogGroupArn = access.arn;
      this.accessLogGroupName = access.name;
    }
    if (props.executionLogs) {
      this.executionLogGroupName = group("execution", `API-Gateway-Execution-Logs_${props.restApiId}/${props.stageName}`).name;
    }
  }
}
