/**
 * Which compute runs as which role: the resources that run code, or call AWS for someone, with
 * a role's credentials. A role that some compute runs as is an application role whatever its
 * trust policy says.
 */
import type { Workspace } from "./resolve";
import type { RoleIndex } from "./role-index";
import { blocksOf, resourcesOf, stringOf, stringsOf, type TerraformBlock } from "./terraform-json";

/**
 * Resources that run code, or call AWS for someone, as a role, and the attributes naming it
 * (dotted paths enter nested blocks). An instance profile is followed to its role.
 */
export const COMPUTE_ROLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_lambda_function: ["role"],
  aws_ecs_task_definition: ["task_role_arn", "execution_role_arn"],
  aws_sfn_state_machine: ["role_arn"],
  aws_codebuild_project: ["service_role"],
  aws_glue_job: ["role_arn"],
  aws_sagemaker_notebook_instance: ["role_arn"],
  aws_sagemaker_model: ["execution_role_arn"],
  aws_sagemaker_domain: ["default_user_settings.execution_role"],
  aws_sagemaker_user_profile: ["user_settings.execution_role"],
  aws_apprunner_service: ["instance_configuration.instance_role_arn"],
  aws_eks_pod_identity_association: ["role_arn"],
  aws_eks_node_group: ["node_role_arn"],
  aws_eks_fargate_profile: ["pod_execution_role_arn"],
  aws_batch_compute_environment: ["compute_resources.instance_role"],
  aws_instance: ["iam_instance_profile"],
  aws_launch_template: ["iam_instance_profile.name", "iam_instance_profile.arn"],
  aws_launch_configuration: ["iam_instance_profile"],
  aws_emr_cluster: ["ec2_attributes.instance_profile"],
  aws_mwaa_environment: ["execution_role_arn"],
  aws_kinesisanalyticsv2_application: ["service_execution_role"],
  aws_appsync_datasource: ["service_role_arn"],
  // Workloads outside AWS: certificates (Roles Anywhere), devices (IoT role aliases), on-premises servers (SSM hybrid activations).
  aws_rolesanywhere_profile: ["role_arns"],
  aws_iot_role_alias: ["role_arn"],
  aws_ssm_activation: ["iam_role"],
  // API Gateway's AWS integrations call the service (Bedrock Runtime included) with these credentials.
  aws_api_gateway_integration: ["credentials"],
  aws_apigatewayv2_integration: ["credentials_arn"],
};

/** Adds to each role's `usedBy` the compute resources (and EC2 instance profiles) that run as it. */
export function recordComputeUsage(workspace: Workspace, roles: RoleIndex): void {
  for (const stack of workspace.stacks) {
    for (const [type, attributes] of Object.entries(COMPUTE_ROLE_ATTRIBUTES)) {
      for (const { address, block } of resourcesOf(stack.config, type)) {
        for (const path of attributes) {
          for (const value of valuesAt(block, path)) {
            const role = roles.find(stack, value, path.includes("instance_profile"));
            // Compute in another stack is named with its stack, so that the reader can find it.
            if (role) role.usedBy.add(`${stack.name === role.stack.name ? "" : `${stack.name}:`}${address}`);
          }
        }
      }
    }
    for (const { address, block } of resourcesOf(stack.config, "aws_iam_instance_profile")) {
      const role = stringOf(block.role) && roles.find(stack, stringOf(block.role)!);
      if (role) role.usedBy.add(`${address} (EC2 instance profile)`);
    }
  }
}

function valuesAt(block: TerraformBlock, path: string): string[] {
  const [head, ...rest] = path.split(".");
  if (rest.length === 0) return stringsOf(block[head]);
  return blocksOf(block[head]).flatMap((nested) => valuesAt(nested, rest.join(".")));
}
