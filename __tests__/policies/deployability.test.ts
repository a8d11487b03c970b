/**
 * The static deployability checks on small, hand-written Terraform JSON: each check finds what
 * Terraform or AWS would refuse, including the five bugs found by running Terraform on this
 * project's output, and stays quiet on what they accept.
 */
import { deployabilityProblems, metaArgumentProblems, policySizes, redeploymentGaps, referenceCycles } from "../../policies/deployability";
import { templateParts } from "../../policies/deployability/expressions";
import { workspaceOf } from "../../policies/extract/resolve";
import type { SynthStack, TerraformBlock, TerraformConfig } from "../../policies/extract/terraform-json";

const stack = (config: TerraformConfig, name = "s"): SynthStack => ({ name, file: `${name}/cdk.tf.json`, config });
const sizesOf = (...stacks: SynthStack[]) => policySizes(workspaceOf(stacks), stacks[0]);

describe("template expressions", () => {
  test("split into text and ${…} bodies; $${ is a literal, nested braces and quoted strings stay inside", () => {
    expect(templateParts('arn:${data.aws_partition.p.partition}:x $${literal} ${jsonencode({a = "}"})}')).toEqual([
      { kind: "text", text: "arn:" },
      { kind: "expression", expression: "data.aws_partition.p.partition" },
      { kind: "text", text: ":x ${literal} " },
      { kind: "expression", expression: 'jsonencode({a = "}"})' },
    ]);
  });
});

describe("reference cycles", () => {
  test("the requireSourceVpce cycle: role → boundary → endpoint (its policy names the role) → role", () => {
    const cycles = referenceCycles({
      resource: {
        aws_iam_role: { app: { permissions_boundary: "${aws_iam_policy.boundary.arn}" } },
        aws_iam_policy: { boundary: { policy: '{"Condition":{"StringEquals":{"aws:SourceVpce":"${aws_vpc_endpoint.runtime.id}"}}}' } },
        aws_vpc_endpoint: { runtime: { policy: '{"Principal":{"AWS":["${aws_iam_role.app.arn}"]}}' } },
      },
    });
    expect(cycles).toEqual([["aws_iam_policy.boundary", "aws_vpc_endpoint.runtime", "aws_iam_role.app", "aws_iam_policy.boundary"]]);
  });

  test("a reference after an operator is a reference (`-aws_c.c.n`), one inside a hyphenated name is not", () => {
    expect(referenceCycles({ resource: { aws_b: { b: { v: "${aws_c.c.n}" } }, aws_c: { c: { v: "${-aws_b.b.n}" } } } })).toHaveLength(1);
    expect(referenceCycles({ resource: { aws_b: { b: { v: "${aws_x.chat-aws_b.b}" } }, aws_x: { "chat-aws_b": {} } } })).toEqual([]);
  });

  test("depends_on, replace_triggered_by, data sources and locals close cycles too; a self-reference is one", () => {
    expect(referenceCycles({ resource: { a: { x: { depends_on: ["data.b.y"] } } }, data: { b: { y: { v: "${local.z}" } } }, locals: { z: "${a.x.id}" } })).toHaveLength(1);
    expect(referenceCycles({ resource: { a: { x: { lifecycle: { replace_triggered_by: ["a.y"] } }, y: { v: "${a.x.id}" } } } })).toHaveLength(1);
    expect(referenceCycles({ resource: { a: { x: { v: "${a.x.id}" } } } })).toEqual([["a.x", "a.x"]]);
  });

  test("a chain, a diamond and cdktf's '//' metadata are no cycle", () => {
    const config = {
      resource: {
        a: { top: { l: "${a.left.id}", r: "${a.right.id}" }, left: { v: "${a.bottom.id}" }, right: { v: "${a.bottom.id}" }, bottom: { "//": { path: "${a.top.id}" } } },
      },
    };
    expect(referenceCycles(config)).toEqual([]);
  });
});

describe("meta-arguments", () => {
  const withLifecycle = (lifecycle: Record<string, unknown>, dependsOn?: string[]): TerraformConfig => ({
    resource: {
      aws_bedrock_guardrail: { g: {} },
      aws_bedrock_guardrail_version: { v: { lifecycle: lifecycle as TerraformBlock, ...(dependsOn ? { depends_on: dependsOn } : {}) } },
    },
  });

  test("replace_triggered_by as an interpolation (cdktf 0.21's rendering) is refused, as terraform init refuses it", () => {
    const problems = metaArgumentProblems(withLifecycle({ replace_triggered_by: ["${aws_bedrock_guardrail.g}"] }));
    expect(problems).toEqual([expect.objectContaining({ address: "aws_bedrock_guardrail_version.v", argument: "lifecycle.replace_triggered_by", value: "${aws_bedrock_guardrail.g}" })]);
  });

  test("bare addresses, attributes of them and ignore_changes paths pass", () => {
    expect(
      metaArgumentProblems(withLifecycle({ replace_triggered_by: ["aws_bedrock_guardrail.g", "aws_bedrock_guardrail.g.version"], ignore_changes: ["tags", 'tags["Owner"]'] }, ["aws_bedrock_guardrail.g"])),
    ).toEqual([]);
    expect(metaArgumentProblems(withLifecycle({ ignore_changes: "all" }))).toEqual([]);
  });

  test.each([
    [{ depends_on: ["${aws_bedrock_guardrail.g}"] }, "depends_on"],
    [{ depends_on: ["aws_bedrock_guardrail.g.arn"] }, "depends_on"],
    [{ depends_on: ["aws_bedrock_guardrail.missing"] }, "depends_on"],
    [{ lifecycle: { replace_triggered_by: ["aws_bedrock_guardrail.missing"] } }, "lifecycle.replace_triggered_by"],
    [{ lifecycle: { ignore_changes: ["${tags}"] } }, "lifecycle.ignore_changes"],
    [{ lifecycle: { replace_triggered_by: ["local.l"] } }, "lifecycle.replace_triggered_by"],
    [{ lifecycle: { replace_triggered_by: ["var.v"] } }, "lifecycle.replace_triggered_by"],
    [{ depends_on: ["local.l"] }, "depends_on"],
  ])("%j is refused", (meta, argument) => {
    const config: TerraformConfig = { resource: { aws_bedrock_guardrail: { g: {} }, aws_x: { y: meta as never } }, locals: { l: "x" }, variable: { v: {} } };
    expect(metaArgumentProblems(config)).toEqual([expect.objectContaining({ address: "aws_x.y", argument })]);
  });
});

describe("policy sizes, as AWS measures them", () => {
  const longRole = "r".repeat(60);
  const statement = (resource: string) => `{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"${resource}"}`;
  const policy = (count: number, resource: string) => `{"Version":"2012-10-17","Statement":[${Array.from({ length: count }, () => statement(resource)).join(",")}]}`;

  test("a managed policy under the limit as written but over it once interpolated is caught", () => {
    const text = policy(60, "${aws_iam_role.r.arn}");
    expect(text.length).toBeLessThan(6_144);
    const config = { resource: { aws_iam_role: { r: { name: longRole } }, aws_iam_policy: { p: { policy: text } } } };
    const [size] = sizesOf(stack(config)).filter((entry) => entry.kind === "managedPolicy");
    expect(size.size).toBeGreaterThan(6_144);
    expect(deployabilityProblems([stack(config)])).toEqual([
      expect.objectContaining({ check: "policy-size", message: expect.stringMatching(/^aws_iam_policy\.p\.policy can reach [\d,]+ characters \(whitespace not counted\), over the 6,144 limit/) }),
    ]);
  });

  test("IAM does not count whitespace; a VPC endpoint policy does", () => {
    const spaced = `{ "Statement": [ ${" ".repeat(30_000)} ] }`;
    const config = { resource: { aws_iam_policy: { p: { policy: spaced } }, aws_vpc_endpoint: { e: { policy: spaced } } } };
    const sizes = Object.fromEntries(sizesOf(stack(config)).map((entry) => [entry.kind, entry.size]));
    expect(sizes.managedPolicy).toBe('{"Statement":[]}'.length);
    expect(sizes.vpcEndpointPolicy).toBe(spaced.length);
  });

  test("a role's inline policies count together, whichever way they are attached", () => {
    const half = policy(70, "arn:aws:iam::111122223333:role/x");
    const config = {
      resource: {
        aws_iam_role: { r: { name: "r", inline_policy: [{ name: "a", policy: half }] } },
        aws_iam_role_policy: { b: { role: "${aws_iam_role.r.name}", policy: half } },
      },
    };
    const [inline] = sizesOf(stack(config)).filter((entry) => entry.kind === "roleInlinePolicies");
    expect(inline).toEqual(expect.objectContaining({ where: "aws_iam_role.r (inline policies)", size: 2 * half.length, limit: 10_240 }));
  });

  test("cross-stack references are measured by the producing stack's output; a reference with no bound is reported", () => {
    const producer = stack({ output: { arn: { value: "${aws_bedrock_guardrail.g.guardrail_arn}" } }, resource: { aws_bedrock_guardrail: { g: {} } } }, "producer");
    const consumer = stack(
      { resource: { aws_iam_policy: { p: { policy: '{"Resource":"${data.terraform_remote_state.cross-stack-reference-input-producer.outputs.arn}","Other":"${var.unknown}"}' } } } },
      "consumer",
    );
    const [size] = policySizes(workspaceOf([producer, consumer]), consumer);
    const guardrailArn = "arn:aws-us-gov:bedrock:us-isof-south-1:123456789012:guardrail/abcdefghijkl";
    expect(size.size).toBe('{"Resource":"","Other":""}'.length + guardrailArn.length);
    expect(size.unresolved).toEqual(["var.unknown"]);
  });
});

describe("API redeployment triggers", () => {
  const api = (triggers: string, dependsOn: string[] = []): TerraformConfig => ({
    resource: {
      aws_api_gateway_rest_api: { api: {} },
      aws_api_gateway_method: { post: { rest_api_id: "${aws_api_gateway_rest_api.api.id}" } },
      aws_api_gateway_gateway_response: { bad_body: { rest_api_id: "${aws_api_gateway_rest_api.api.id}" } },
      aws_api_gateway_deployment: { d: { rest_api_id: "${aws_api_gateway_rest_api.api.id}", triggers: { redeployment: triggers }, depends_on: dependsOn } },
    },
  });

  test("a gateway response left out of the trigger is found (it would not be live after the first deployment)", () => {
    expect(redeploymentGaps(api("${sha1(jsonencode([aws_api_gateway_method.post.id]))}"))).toEqual([
      { deployment: "aws_api_gateway_deployment.d", missing: "aws_api_gateway_gateway_response.bad_body" },
    ]);
  });

  test("every served resource in the trigger passes; depends_on alone does not (it orders the first deployment only)", () => {
    expect(redeploymentGaps(api("${sha1(jsonencode([aws_api_gateway_method.post.id, aws_api_gateway_gateway_response.bad_body.id]))}"))).toEqual([]);
    expect(redeploymentGaps(api("${sha1(jsonencode([aws_api_gateway_method.post.id]))}", ["aws_api_gateway_gateway_response.bad_body"]))).toEqual([
      { deployment: "aws_api_gateway_deployment.d", missing: "aws_api_gateway_gateway_response.bad_body" },
    ]);
  });
});
