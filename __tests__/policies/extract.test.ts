/**
 * Extractor tests: every path by which a policy reaches a role in Terraform JSON, how
 * application roles are recognised, and how endpoints are read. Each builds a small Terraform
 * config by hand and looks at the review.
 */
import { reviewStacks, endpointAdmitsOnly, type Review, type ReviewedRole } from "../../policies/review/review";
import type { TerraformBlock, TerraformConfig } from "../../policies/extract/terraform-json";
import { allow, deny, LAMBDA_TRUST, policyJson, review, stack } from "./helpers";

const CONTROL = policyJson([allow("bedrock:CreateGuardrail")]);
const ACCOUNT_TRUST = policyJson([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/Ops" }, Action: "sts:AssumeRole" }]);

function appRole(extra: Record<string, unknown> = {}) {
  return { name: "chat-app", assume_role_policy: LAMBDA_TRUST, ...extra };
}

function roleOf(result: Review, address = "aws_iam_role.app"): ReviewedRole {
  const found = result.roles.find((role) => role.address === address);
  if (!found) throw new Error(`no ${address} in ${result.roles.map((role) => role.address).join(", ")}`);
  return found;
}

const actions = (role: ReviewedRole) => role.grants.map((grant) => grant.action);
const violationActions = (result: Review) => result.violations.flatMap((violation) => violation.actions);

describe("attachment paths", () => {
  it("reads a policy written with jsonencode, its grants reported by action, an unknown Resource kept symbolic", () => {
    const policy = '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["bedrock:InvokeModel", "bedrock:CreateGuardrail"], Resource = aws_bedrock_guardrail.g.guardrail_arn }] })}';
    const result = review({ resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy } } } });
    expect(result.violations).toEqual([expect.objectContaining({ role: "aws_iam_role.app", actions: ["bedrock:CreateGuardrail"] })]);
    expect(roleOf(result).grants.find((grant) => grant.action === "bedrock:InvokeModel")?.via[0].resources).toEqual(["${aws_bedrock_guardrail.g.guardrail_arn}"]);
  });

  it("reads a trust policy written with jsonencode: a role people assume is no application role", () => {
    const trust = '${jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole" }] })}';
    const result = review({ resource: { aws_iam_role: { admin: { name: "admin", assume_role_policy: trust, inline_policy: [{ name: "p", policy: CONTROL }] } } } });
    expect(roleOf(result, "aws_iam_role.admin").application).toBe(false);
    expect(result.violations).toEqual([]);
  });

  it("fails closed on an Action or Effect that is an expression", () => {
    const policy = '${jsonencode({ Statement = [{ Effect = var.effect, Action = var.actions, Resource = "*" }] })}';
    const result = review({ resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy } } } });
    expect(result.violations).toEqual([expect.objectContaining({ kind: "unresolvable", actions: ["${var.actions}"] })]);
  });

  it("reads aws_iam_role inline_policy blocks", () => {
    const result = review({ resource: { aws_iam_role: { app: appRole({ inline_policy: [{ name: "inline", policy: CONTROL }] }) } } });
    expect(actions(roleOf(result))).toEqual(["bedrock:CreateGuardrail"]);
    expect(result.violations[0]).toEqual(expect.objectContaining({ role: "aws_iam_role.app", action: "bedrock:CreateGuardrail", statement: expect.stringContaining("inline_policy[0]") }));
  });

  it.each(["name", "id"])("reads aws_iam_role_policy attached by the role's .%s", (attribute) => {
    const result = review({
      resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { extra: { role: `\${aws_iam_role.app.${attribute}}`, policy: CONTROL } } },
    });
    expect(result.violations).toEqual([expect.objectContaining({ role: "aws_iam_role.app", action: "bedrock:CreateGuardrail", statement: expect.stringContaining("aws_iam_role_policy.extra") })]);
  });

  it("reads aws_iam_role_policy attached by literal role name", () => {
    const result = review({ resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { extra: { role: "chat-app", policy: CONTROL } } } });
    expect(violationActions(result)).toEqual(["bedrock:CreateGuardrail"]);
  });

  it("reads aws_iam_policy through aws_iam_role_policy_attachment", () => {
    const result = review({
      resource: {
        aws_iam_role: { app: appRole() },
        aws_iam_policy: { admin: { name: "admin", policy: CONTROL } },
        aws_iam_role_policy_attachment: { attach: { role: "${aws_iam_role.app.name}", policy_arn: "${aws_iam_policy.admin.arn}" } },
      },
    });
    expect(result.violations).toEqual([expect.objectContaining({ action: "bedrock:CreateGuardrail", statement: expect.stringContaining("aws_iam_policy.admin") })]);
  });

  it("reads aws_iam_policy_attachment (roles list)", () => {
    const result = review({
      resource: {
        aws_iam_role: { app: appRole(), other: { name: "other", assume_role_policy: ACCOUNT_TRUST } },
        aws_iam_policy: { admin: { policy: CONTROL } },
        aws_iam_policy_attachment: { attach: { name: "a", roles: ["${aws_iam_role.other.name}", "${aws_iam_role.app.name}"], policy_arn: "${aws_iam_policy.admin.arn}" } },
      },
    });
    expect(actions(roleOf(result))).toEqual(["bedrock:CreateGuardrail"]);
    expect(actions(roleOf(result, "aws_iam_role.other"))).toEqual(["bedrock:CreateGuardrail"]);
    expect(result.violations.map((violation) => violation.role)).toEqual(["aws_iam_role.app"]);
  });

  it("reads aws_iam_role_policy_attachments_exclusive", () => {
    const result = review({
      resource: {
        aws_iam_role: { app: appRole() },
        aws_iam_role_policy_attachments_exclusive: { only: { role_name: "${aws_iam_role.app.name}", policy_arns: ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"] } },
      },
    });
    expect(violationActions(result)).toEqual(expect.arrayContaining(["bedrock:CreateGuardrail", "bedrock:*", "iam:PassRole"]));
  });

  it("reads managed_policy_arns by content, partition expressions included", () => {
    const result = review({
      resource: {
        aws_iam_role: {
          app: appRole({ managed_policy_arns: ["arn:${data.aws_partition.p.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"] }),
        },
      },
    });
    expect(actions(roleOf(result))).toEqual(expect.arrayContaining(["logs:PutLogEvents", "xray:PutTraceSegments"]));
    expect(result.violations).toEqual([]);
  });

  it("catches AmazonBedrockFullAccess in managed_policy_arns", () => {
    const result = review({ resource: { aws_iam_role: { app: appRole({ managed_policy_arns: ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"] }) } } });
    expect(violationActions(result)).toContain("bedrock:CreateGuardrail");
  });

  it("makes an unknown managed policy an unresolvable violation", () => {
    const result = review({ resource: { aws_iam_role: { app: appRole({ managed_policy_arns: ["arn:aws:iam::aws:policy/SomeNewManagedPolicy"] }) } } });
    expect(result.violations).toEqual([expect.objectContaining({ action: "*", reason: expect.stringMatching(/unresolvable.*SomeNewManagedPolicy/) })]);
  });

  it("makes a customer policy ARN outside the synth output unresolvable", () => {
    const result = review({
      resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy_attachment: { a: { role: "${aws_iam_role.app.name}", policy_arn: "arn:aws:iam::111122223333:policy/Elsewhere" } } },
    });
    expect(result.violations).toEqual([expect.objectContaining({ action: "*", reason: expect.stringContaining("unresolvable") })]);
  });

  it.each([
    ["jsonencode of a variable", "${jsonencode(var.policy)}"],
    ["file", "${file(\"policy.json\")}"],
    ["remote state we cannot follow", "${data.terraform_remote_state.shared.outputs.policy_json}"],
    ["invalid JSON", "{not json"],
    ["a heredoc whose Action is an interpolation", '{"Statement": [{"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"}]}'],
  ])("makes a policy built by %s an unresolvable violation", (_label, policy) => {
    const result = review({ resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy } } } });
    expect(result.violations).toEqual([expect.objectContaining({ role: "aws_iam_role.app", action: "*", reason: expect.stringContaining("unresolvable") })]);
  });
});

describe("data.aws_iam_policy_document", () => {
  const withDocument = (document: Record<string, unknown>, more: Record<string, Record<string, unknown>> = {}): TerraformConfig => ({
    resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { p: { role: "${aws_iam_role.app.name}", policy: "${data.aws_iam_policy_document.doc.json}" } } },
    data: { aws_iam_policy_document: { doc: document, ...more } as Record<string, TerraformBlock> },
  });

  it("converts snake_case statement blocks (actions, resources, effect)", () => {
    const result = review(withDocument({ statement: [{ actions: ["bedrock:InvokeModel"], resources: ["arn:aws:bedrock:eu-west-1::foundation-model/x"] }] }));
    expect(roleOf(result).grants[0]).toEqual(expect.objectContaining({ action: "bedrock:InvokeModel", via: [expect.objectContaining({ source: "aws_iam_role_policy.p", resources: ["arn:aws:bedrock:eu-west-1::foundation-model/x"] })] }));
    expect(result.violations).toEqual([]);
  });

  it("converts not_actions, and a NotAction Allow grants the control plane", () => {
    const result = review(withDocument({ statement: [{ not_actions: ["s3:*"], resources: ["*"] }] }));
    expect(violationActions(result)).toEqual(expect.arrayContaining(["bedrock:CreateGuardrail", "aws-marketplace:*", "iam:PassRole"]));
  });

  it("converts condition blocks: a conditional grant still counts, marked conditional", () => {
    const result = review(withDocument({ statement: [{ actions: ["bedrock:CreateGuardrail"], resources: ["*"], condition: [{ test: "StringEquals", variable: "aws:RequestedRegion", values: ["eu-west-1"] }] }] }));
    expect(result.violations).toEqual([expect.objectContaining({ action: "bedrock:CreateGuardrail", conditional: true })]);
    expect(roleOf(result).grants[0].via[0].condition).toEqual({ StringEquals: { "aws:RequestedRegion": ["eu-west-1"] } });
  });

  it("applies a Deny statement block", () => {
    const result = review(withDocument({ statement: [{ actions: ["bedrock:*Guardrail"], resources: ["*"] }, { effect: "Deny", actions: ["bedrock:*"], resources: ["*"] }] }));
    expect(result.violations.filter((violation) => violation.action.startsWith("bedrock:"))).toEqual([]);
  });

  it("merges source_policy_documents and lets a same-Sid statement override", () => {
    const result = review(
      withDocument(
        {
          source_policy_documents: ["${data.aws_iam_policy_document.base.json}"],
          override_policy_documents: [policyJson([deny("bedrock:*", { Sid: "Lockdown" })])],
          statement: [{ sid: "Lockdown", effect: "Allow", actions: ["logs:PutLogEvents"], resources: ["*"] }],
        },
        { base: { statement: [{ actions: ["bedrock:CreateGuardrail"], resources: ["*"] }, { sid: "Lockdown", effect: "Deny", actions: ["*"], resources: ["*"] }] } },
      ),
    );
    // The Deny * of `base` is replaced by our Allow logs, itself replaced by the override's Deny bedrock:*.
    expect(actions(roleOf(result))).toEqual([]);
  });

  it("a source document's statements reach the role", () => {
    const result = review(withDocument({ source_policy_documents: ["${data.aws_iam_policy_document.base.minified_json}"] }, { base: { statement: [{ actions: ["bedrock:CreateGuardrail"], resources: ["*"] }] } }));
    expect(violationActions(result)).toEqual(["bedrock:CreateGuardrail"]);
  });

  it("makes a dynamic statement block unresolvable", () => {
    const result = review(withDocument({ dynamic: { statement: { for_each: "${var.x}", content: {} } } }));
    expect(result.violations).toEqual([expect.objectContaining({ action: "*", reason: expect.stringContaining("dynamic") })]);
  });

  it("reads a dynamic statement as may-grant: its literal actions count, its iterator's actions fail closed, an empty for_each adds nothing", () => {
    const dynamic = (forEach: unknown, content: Record<string, unknown>) => review(withDocument({ statement: [{ actions: ["logs:PutLogEvents"], resources: ["*"] }], dynamic: { statement: [{ for_each: forEach, content: [content] }] } }));
    expect(dynamic("${var.buckets}", { actions: ["bedrock:CreateGuardrail"], resources: ["${statement.value}"] }).violations).toEqual([expect.objectContaining({ actions: ["bedrock:CreateGuardrail"] })]);
    expect(dynamic("${var.statements}", { actions: "${statement.value.actions}", resources: ["*"] }).violations).toEqual([expect.objectContaining({ kind: "unresolvable", reason: expect.stringContaining("dynamic statement") })]);
    expect(dynamic([], { actions: ["bedrock:CreateGuardrail"], resources: ["*"] }).violations).toEqual([]);
  });

  it("reads an empty list in a statement block as not set (a plan writes them all): an empty not_actions grants nothing", () => {
    const result = review(withDocument({ statement: [{ effect: "Allow", actions: ["bedrock:InvokeModel"], not_actions: [], resources: ["*"], not_resources: [] }] }));
    expect(result.violations).toEqual([]);
    expect(roleOf(result).grants.map((grant) => grant.action)).toEqual(["bedrock:InvokeModel"]);
  });

  it("does not rely on a Deny that a dynamic block may leave out", () => {
    const result = review(withDocument({ statement: [{ actions: ["bedrock:CreateGuardrail"], resources: ["*"] }], dynamic: { statement: [{ for_each: "${var.x}", content: [{ effect: "Deny", actions: ["bedrock:CreateGuardrail"], resources: ["*"] }] }] } }));
    expect(result.violations).toEqual([expect.objectContaining({ actions: ["bedrock:CreateGuardrail"] })]);
  });

  it("finds a role referenced with a for_each or count index", () => {
    const result = review({
      resource: { aws_iam_role: { app: appRole() }, aws_iam_role_policy: { p: { role: "${aws_iam_role.app[each.key].name}", policy: CONTROL }, q: { role: "${aws_iam_role.app[count.index].id}", policy: CONTROL } } },
    });
    expect(result.violations.map((violation) => violation.role)).toEqual(["aws_iam_role.app", "aws_iam_role.app"]);
  });

  it("makes a missing data source unresolvable", () => {
    const result = review({ resource: { aws_iam_role: { app: appRole({ inline_policy: [{ name: "x", policy: "${data.aws_iam_policy_document.gone.json}" }] }) } } });
    expect(result.violations).toEqual([expect.objectContaining({ action: "*" })]);
  });
});

describe("permissions boundary", () => {
  it("filters through an aws_iam_policy boundary", () => {
    const result = review({
      resource: {
        aws_iam_role: { app: appRole({ permissions_boundary: "${aws_iam_policy.boundary.arn}", inline_policy: [{ name: "broad", policy: policyJson([allow("bedrock:*")]) }] }) },
        aws_iam_policy: { boundary: { policy: policyJson([allow(["bedrock:InvokeModel", "logs:*"])]) } },
      },
    });
    expect(roleOf(result).boundary.status).toBe("applied");
    expect(actions(roleOf(result))).toEqual(["bedrock:InvokeModel"]);
    expect(result.violations).toEqual([]);
  });

  it("ignores a boundary it cannot read (the grant stays)", () => {
    const result = review({
      resource: { aws_iam_role: { app: appRole({ permissions_boundary: "arn:aws:iam::111122223333:policy/OrgBoundary", inline_policy: [{ name: "x", policy: CONTROL }] }) } },
    });
    expect(roleOf(result).boundary.status).toBe("ignored");
    expect(violationActions(result)).toEqual(["bedrock:CreateGuardrail"]);
  });
});

describe("application roles", () => {
  const controlRole = (extra: Record<string, unknown>) => ({ name: "r", assume_role_policy: ACCOUNT_TRUST, inline_policy: [{ name: "x", policy: CONTROL }], ...extra });
  const isApplication = (config: TerraformConfig) => roleOf(review(config)).application;

  it("a role with an account principal, no compute and no data tag is not an application role", () => {
    expect(isApplication({ resource: { aws_iam_role: { app: controlRole({ tags: { BedrockPlane: "control" } }) } } })).toBe(false);
  });

  it("a role used by aws_lambda_function is", () => {
    expect(isApplication({ resource: { aws_iam_role: { app: controlRole({}) }, aws_lambda_function: { f: { function_name: "f", role: "${aws_iam_role.app.arn}" } } } })).toBe(true);
  });

  it("a role used by an ECS task definition is", () => {
    expect(isApplication({ resource: { aws_iam_role: { app: controlRole({}) }, aws_ecs_task_definition: { t: { family: "t", task_role_arn: "${aws_iam_role.app.arn}" } } } })).toBe(true);
  });

  it("a role in an instance profile is", () => {
    expect(
      isApplication({
        resource: {
          aws_iam_role: { app: controlRole({}) },
          aws_iam_instance_profile: { p: { role: "${aws_iam_role.app.name}" } },
          aws_instance: { vm: { iam_instance_profile: "${aws_iam_instance_profile.p.name}" } },
        },
      }),
    ).toBe(true);
  });

  it.each(["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com"])("a role whose trust policy admits %s is", (service) => {
    const trust = policyJson([{ Effect: "Allow", Principal: { Service: [service] }, Action: "sts:AssumeRole" }]);
    expect(isApplication({ resource: { aws_iam_role: { app: controlRole({ assume_role_policy: trust }) } } })).toBe(true);
  });

  it("a role tagged BedrockPlane = data is", () => {
    expect(isApplication({ resource: { aws_iam_role: { app: controlRole({ tags: { BedrockPlane: "data" } }) } } })).toBe(true);
  });

  it("a role whose trust policy cannot be read is treated as one", () => {
    expect(isApplication({ resource: { aws_iam_role: { app: controlRole({ assume_role_policy: "${data.aws_iam_policy_document.missing.json}" }) } } })).toBe(true);
  });

  it("a control-plane grant on a non-application role is listed but not a violation", () => {
    const result = review({ resource: { aws_iam_role: { app: controlRole({}) } } });
    expect(actions(roleOf(result))).toEqual(["bedrock:CreateGuardrail"]);
    expect(result.violations).toEqual([]);
  });
});

describe("cross-stack references and unidentified roles", () => {
  it("follows a remote-state role reference to the producing stack's role", () => {
    const producer = stack({ resource: { aws_iam_role: { app: appRole() } }, output: { "cross-stack-output-aws_iam_roleappname": { value: "${aws_iam_role.app.name}" } } }, "base");
    const consumer = stack(
      { resource: { aws_iam_role_policy: { extra: { role: "${data.terraform_remote_state.cross-stack-reference-input-base.outputs.cross-stack-output-aws_iam_roleappname}", policy: CONTROL } } } },
      "app",
    );
    const result = reviewStacks([producer, consumer]);
    expect(result.violations).toEqual([expect.objectContaining({ stack: "base", role: "aws_iam_role.app", action: "bedrock:CreateGuardrail", statement: expect.stringContaining("aws_iam_role_policy.extra") })]);
  });

  it("judges a policy attached to a role it cannot identify as an application role's", () => {
    const result = review({ resource: { aws_iam_role_policy: { extra: { role: "${var.role_name}", policy: CONTROL } } } });
    expect(result.violations).toEqual([expect.objectContaining({ role: "unidentified role ${var.role_name}", action: "bedrock:CreateGuardrail" })]);
  });

  it("stays quiet about a harmless policy attached to an unidentified role", () => {
    const result = review({ resource: { aws_iam_role_policy: { extra: { role: "${var.role_name}", policy: policyJson([allow("logs:PutLogEvents")]) } } } });
    expect(result.violations).toEqual([]);
  });
});

describe("VPC endpoints", () => {
  const endpointConfig = (policy: string | undefined, extra: Record<string, unknown> = {}): TerraformConfig => ({
    resource: {
      aws_iam_role: { app: appRole() },
      aws_vpc_endpoint: { runtime: { service_name: "com.amazonaws.eu-west-1.bedrock-runtime", vpc_endpoint_type: "Interface", ...(policy ? { policy } : {}) } },
      ...extra,
    },
  });
  const runtimePolicy = (principal: unknown, condition?: object) =>
    policyJson([{ Effect: "Allow", Principal: principal as never, Action: ["bedrock:InvokeModel"], Resource: "*", ...(condition ? { Condition: condition as never } : {}) }]);

  it("reports each endpoint's service, principals, actions and resources", () => {
    const [endpoint] = review(endpointConfig(runtimePolicy({ AWS: "${aws_iam_role.app.arn}" }))).endpoints;
    expect(endpoint).toEqual(
      expect.objectContaining({
        address: "aws_vpc_endpoint.runtime",
        serviceName: "com.amazonaws.eu-west-1.bedrock-runtime",
        policy: "resolved",
        statements: [expect.objectContaining({ effect: "Allow", actions: ["bedrock:InvokeModel"], resources: ["*"], principals: [{ value: "${aws_iam_role.app.arn}", role: "stack-0/aws_iam_role.app" }] })],
      }),
    );
  });

  it("admits only the intended principal (by reference or by role address)", () => {
    const [endpoint] = review(endpointConfig(runtimePolicy({ AWS: "${aws_iam_role.app.arn}" }))).endpoints;
    expect(endpointAdmitsOnly(endpoint, "${aws_iam_role.app.arn}").ok).toBe(true);
    expect(endpointAdmitsOnly(endpoint, "stack-0/aws_iam_role.app").ok).toBe(true);
    expect(endpointAdmitsOnly(endpoint, "${aws_iam_role.other.arn}")).toEqual({ ok: false, unexpected: ["${aws_iam_role.app.arn}"] });
  });

  it("fails the check for Principal * and for a missing policy (AWS's default admits anyone)", () => {
    const [open] = review(endpointConfig(runtimePolicy("*"))).endpoints;
    expect(endpointAdmitsOnly(open, "${aws_iam_role.app.arn}").ok).toBe(false);
    const [none] = review(endpointConfig(undefined)).endpoints;
    expect(none.policy).toBe("default-full-access");
    expect(endpointAdmitsOnly(none, "${aws_iam_role.app.arn}").ok).toBe(false);
  });

  it("reads Principal * narrowed by aws:PrincipalArn as that principal", () => {
    const [endpoint] = review(endpointConfig(runtimePolicy("*", { ArnEquals: { "aws:PrincipalArn": "${aws_iam_role.app.arn}" } }))).endpoints;
    expect(endpointAdmitsOnly(endpoint, "stack-0/aws_iam_role.app").ok).toBe(true);
  });

  it("reads a policy set by a separate aws_vpc_endpoint_policy", () => {
    const [endpoint] = review(
      endpointConfig(undefined, { aws_vpc_endpoint_policy: { p: { vpc_endpoint_id: "${aws_vpc_endpoint.runtime.id}", policy: runtimePolicy({ AWS: "${aws_iam_role.app.arn}" }) } } }),
    ).endpoints;
    expect(endpoint).toEqual(expect.objectContaining({ policy: "resolved", policySource: "aws_vpc_endpoint_policy.p" }));
    expect(endpointAdmitsOnly(endpoint, "${aws_iam_role.app.arn}").ok).toBe(true);
  });

  it("resolves a cross-stack principal to the producing stack's role", () => {
    const producer = stack({ resource: { aws_iam_role: { admin: { assume_role_policy: ACCOUNT_TRUST } } }, output: { "cross-stack-output-aws_iam_roleadminarn": { value: "${aws_iam_role.admin.arn}" } } }, "control");
    const consumer = stack(
      endpointConfig(runtimePolicy({ AWS: "${data.terraform_remote_state.cross-stack-reference-input-control.outputs.cross-stack-output-aws_iam_roleadminarn}" })),
      "data",
    );
    const endpoint = reviewStacks([producer, consumer]).endpoints[0];
    expect(endpointAdmitsOnly(endpoint, "control/aws_iam_role.admin").ok).toBe(true);
  });
});
