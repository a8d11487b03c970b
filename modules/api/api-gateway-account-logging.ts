import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { apiGatewayLoggingPolicy, apiGatewayLoggingTrustPolicy } from "../../policies/documents/api-gateway-logging-policy";
import type { AwsContext } from "../core/aws-context";
import { type Problem, fieldPath, patternProblems, throwProblems } from "../core/validate";

export interface ApiGatewayAccountLoggingProps {
  /** Prefix of the role's name (`<namePrefix>-apigw-cloudwatch`). */
  readonly namePrefix: string;
  /** Partition, region and account the role's log permissions are scoped to. */
  readonly context: AwsContext;
}

const ROLE_SUFFIX = "-apigw-cloudwatch";
/**
 * As long as IAM's 64-character role name allows beside the suffix: ChatApi passes its API's name
 * (`<name>-chat`), longer than the 30 characters of a stack's name prefix.
 */
const NAME_PREFIX_PATTERN = new RegExp(`^[a-z][a-z0-9-]{1,${64 - ROLE_SUFFIX.length - 2}}[a-z0-9]$`);

/** The name prefix of the role's name: the one prop ApiGatewayAccountLogging checks. Tokens pass. `at` prefixes the field. */
export function apiGatewayAccountLoggingProblems(props: Pick<ApiGatewayAccountLoggingProps, "namePrefix">, at = ""): Problem[] {
  const fix = `use 3–${64 - ROLE_SUFFIX.length} lower-case letters, digits or hyphens, starting with a letter (the role is <namePrefix>${ROLE_SUFFIX}, at most 64), e.g. "chatbot-dev-chat"`;
  return patternProblems(fieldPath(at, "namePrefix"), props.namePrefix, NAME_PREFIX_PATTERN, fix);
}

/**
 * The API Gateway account setting of this region (`aws_api_gateway_account`): the CloudWatch role
 * every REST API of the account and region logs through. API Gateway refuses access and execution
 * logging on a stage until it is set. It is an account-wide singleton: whichever stack sets it last
 * wins, so create it from one place only (opt-in here), or set it once outside this module.
 */
export class ApiGatewayAccountLogging extends Construct {
  readonly roleArn: string;
  /** Stages that log must wait for this. */
  readonly setting: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps) {
    super(scope, id);
    throwProblems(this, apiGatewayAccountLoggingProblems(props));
    const { context } = props;
    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}${ROLE_SUFFIX}`,
      description: "API Gateway account setting: writes the access and execution logs of this region's REST APIs",
      assumeRolePolicy: JSON.stringify(apiGatewayLoggingTrustPolicy(context.accountId)),
    });
    const policy = new IamRolePolicy(this, "logs", { name: "push-to-cloudwatch-logs", role: role.name, policy: JSON.stringify(apiGatewayLoggingPolicy(context.arnScope)) });
    this.setting = new ApiGatewayAccount(this, "account", { cloudwatchRoleArn: role.arn, dependsOn: [policy] });
    this.roleArn = role.arn;
  }
}
