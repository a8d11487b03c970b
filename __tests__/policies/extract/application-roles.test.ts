/**
 * Which roles are application roles: any role a workload can assume or runs as (Lambda, ECS,
 * EC2 instance profiles, Step Functions, EKS IRSA and Pod Identity, …), and not Bedrock's own
 * service roles, people, or CI deploy roles. Each case gives the role a control-plane grant, so
 * being an application role is exactly "has a violation".
 */
import type { TerraformConfig } from "../../../policies/extract/terraform-json";
import { allow, policyJson, review } from "../helpers";

const GRANT = { inline_policy: [{ name: "p", policy: policyJson([allow("bedrock:GetFoundationModel")]) }] };

const trust = (statement: Record<string, unknown>) => policyJson([{ Effect: "Allow", ...statement } as never]);
const serviceTrust = (service: string) => trust({ Principal: { Service: service }, Action: "sts:AssumeRole" });
const webIdentity = (federated: string, condition: Record<string, unknown> = {}) =>
  trust({ Principal: { Federated: federated }, Action: "sts:AssumeRoleWithWebIdentity", ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) });

function roleConfig(assumeRolePolicy: string, extra: TerraformConfig["resource"] = {}): TerraformConfig {
  return { resource: { aws_iam_role: { r: { name: "r", assume_role_policy: assumeRolePolicy, ...GRANT } }, ...extra } };
}

const verdict = (config: TerraformConfig) => {
  const result = review(config);
  const role = result.roles.find((candidate) => candidate.address === "aws_iam_role.r")!;
  return { application: role.application, reasons: role.applicationReasons, violations: result.violations.filter((violation) => violation.role === "aws_iam_role.r").length };
};

describe("application roles by trust policy", () => {
  it.each([
    "lambda.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "ec2.amazonaws.com",
    "states.amazonaws.com",
    "pods.eks.amazonaws.com",
    "tasks.apprunner.amazonaws.com",
    "appsync.amazonaws.com",
    "sagemaker.amazonaws.com",
    "bedrock-agentcore.amazonaws.com",
  ])("%s", (service) => {
    expect(verdict(roleConfig(serviceTrust(service)))).toEqual({ application: true, reasons: [`trust policy admits ${service}`], violations: 1 });
  });

  it.each([
    ["rolesanywhere.amazonaws.com", ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]],
    ["credentials.iot.amazonaws.com", "sts:AssumeRole"],
    ["ssm.amazonaws.com", "sts:AssumeRole"],
  ])("%s: a workload outside AWS gets the role's credentials", (service, action) => {
    const assumeRolePolicy = trust({ Principal: { Service: service }, Action: action });
    expect(verdict(roleConfig(assumeRolePolicy))).toEqual({ application: true, reasons: [`trust policy admits ${service} (workloads outside AWS)`], violations: 1 });
  });

  it("EKS IRSA: web identity through the cluster's OIDC provider", () => {
    const irsa = webIdentity("${aws_iam_openid_connect_provider.eks.arn}", { StringEquals: { "${replace(aws_iam_openid_connect_provider.eks.url, \"https://\", \"\")}:sub": "system:serviceaccount:chat:app" } });
    expect(verdict(roleConfig(irsa))).toEqual(expect.objectContaining({ application: true, violations: 1 }));
    expect(verdict(roleConfig(webIdentity("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"))).application).toBe(true);
  });

  it("Cognito identity pools: the application's users", () => {
    expect(verdict(roleConfig(webIdentity("cognito-identity.amazonaws.com"))).application).toBe(true);
  });

  it.each([
    ["a GitHub Actions deploy role (by provider ARN)", webIdentity("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com")],
    ["a GitHub Actions deploy role (by condition key)", webIdentity("${aws_iam_openid_connect_provider.github.arn}", { StringLike: { "token.actions.githubusercontent.com:sub": "repo:org/infra:*" } })],
    ["a Terraform Cloud run role", webIdentity("arn:aws:iam::111122223333:oidc-provider/app.terraform.io")],
    ["Bedrock's own service role", serviceTrust("bedrock.amazonaws.com")],
    ["people, through SAML", trust({ Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/okta" }, Action: "sts:AssumeRoleWithSAML" })],
    ["an account's administrators", trust({ Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" })],
  ])("not %s", (_name, assumeRolePolicy) => {
    expect(verdict(roleConfig(assumeRolePolicy))).toEqual({ application: false, reasons: [], violations: 0 });
  });

  it("a GitHub provider known by its url in the same configuration", () => {
    const config = roleConfig(webIdentity("${aws_iam_openid_connect_provider.ci.arn}"), {
      aws_iam_openid_connect_provider: { ci: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] } },
    });
    expect(verdict(config).application).toBe(false);
  });

  it.each([
    ["a variable's default", "${var.gitlab_url}", { variable: { gitlab_url: { default: "https://gitlab.com" } } }],
    ["format()", '${format("https://api.bitbucket.org/2.0/workspaces/%s/pipelines-config/identity/oidc", var.workspace)}', {}],
  ])("a CI provider whose url comes from %s stays a deploy role, also when the trust is jsonencode'd with the url in its condition key", (_name, url, extra) => {
    const trustPolicy =
      '${jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = aws_iam_openid_connect_provider.ci.arn }, Condition = { StringLike = { "${aws_iam_openid_connect_provider.ci.url}:sub" = "project_path:group/project:*" } } }] })}';
    const config = { ...roleConfig(trustPolicy, { aws_iam_openid_connect_provider: { ci: { url, client_id_list: ["sts.amazonaws.com"] } } }), ...extra } as TerraformConfig;
    expect(verdict(config)).toEqual({ application: false, reasons: [], violations: 0 });
  });

  it("a role an application role may assume (role chaining)", () => {
    const config: TerraformConfig = {
      resource: {
        aws_iam_role: {
          r: { name: "r", assume_role_policy: trust({ Principal: { AWS: "${aws_iam_role.lambda.arn}" }, Action: "sts:AssumeRole" }), ...GRANT },
          lambda: { name: "lambda", assume_role_policy: serviceTrust("lambda.amazonaws.com") },
        },
      },
    };
    expect(verdict(config)).toEqual({ application: true, reasons: ["trust policy admits application role aws_iam_role.lambda"], violations: 1 });
  });
});

describe("application roles by use", () => {
  const human = trust({ Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" });

  it.each([
    ["aws_iam_instance_profile + aws_instance", { aws_iam_instance_profile: { p: { name: "p", role: "${aws_iam_role.r.name}" } }, aws_instance: { vm: { iam_instance_profile: "${aws_iam_instance_profile.p.name}" } } }],
    ["an instance profile by literal name", { aws_iam_instance_profile: { p: { name: "p", role: "r" } }, aws_launch_template: { lt: { iam_instance_profile: [{ name: "p" }] } } }],
    ["an EKS node group", { aws_eks_node_group: { ng: { node_role_arn: "${aws_iam_role.r.arn}" } } }],
    ["an EKS Pod Identity association", { aws_eks_pod_identity_association: { a: { role_arn: "${aws_iam_role.r.arn}" } } }],
    ["an API Gateway AWS integration", { aws_api_gateway_integration: { i: { credentials: "${aws_iam_role.r.arn}" } } }],
    ["an ECS task definition", { aws_ecs_task_definition: { t: { task_role_arn: "${aws_iam_role.r.arn}" } } }],
    ["a Roles Anywhere profile", { aws_rolesanywhere_profile: { p: { name: "p", role_arns: ["${aws_iam_role.r.arn}"] } } }],
    ["an IoT role alias", { aws_iot_role_alias: { a: { alias: "devices", role_arn: "${aws_iam_role.r.arn}" } } }],
    ["an SSM hybrid activation", { aws_ssm_activation: { a: { iam_role: "${aws_iam_role.r.name}" } } }],
  ])("%s", (_name, extra) => {
    expect(verdict(roleConfig(human, extra as TerraformConfig["resource"]))).toEqual(expect.objectContaining({ application: true, violations: 1 }));
  });
});
