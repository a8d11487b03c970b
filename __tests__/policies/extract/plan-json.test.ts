/**
 * `terraform show -json` plans: module instances become stacks, values unknown until apply come
 * back as the references the configuration gives for them, deleted instances are left out.
 * The documents follow https://developer.hashicorp.com/terraform/internals/json-format; the
 * end-to-end plans Terraform itself writes are in the corpus test.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSynthOutput } from "../../../policies/extract/load";
import { isTerraformShowJson, KNOWN_AFTER_APPLY, stacksOfShowJson } from "../../../policies/extract/plan-json";
import { reviewStacks } from "../../../policies/review/review";
import { allow, LAMBDA_TRUST, policyJson } from "../helpers";

const CONTROL = policyJson([allow("bedrock:CreateGuardrail")]);

function change(address: string, type: string, name: string, after: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { address, mode: "managed", type, name, change: { actions: ["create"], before: null, after, after_unknown: {} }, ...extra };
}

/** A plan of a root role whose policy lives in a module, attached by a role ARN unknown until apply. */
const PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  planned_values: { root_module: {} },
  resource_changes: [
    change("aws_iam_role.app", "aws_iam_role", "app", { name: "chat-app", assume_role_policy: LAMBDA_TRUST, tags: { Team: "x" } }, {}),
    {
      ...change("module.extra.aws_iam_policy.this[0]", "aws_iam_policy", "this", { name: "extra", policy: CONTROL }, { module_address: "module.extra", index: 0 }),
    },
    {
      ...change("module.extra.aws_iam_role_policy_attachment.this", "aws_iam_role_policy_attachment", "this", { role: "chat-app" }, { module_address: "module.extra" }),
      change: { actions: ["create"], before: null, after: { role: "chat-app" }, after_unknown: { policy_arn: true, id: true } },
    },
    {
      ...change("aws_lambda_function.chat", "aws_lambda_function", "chat", { function_name: "chat" }),
      change: { actions: ["create"], before: null, after: { function_name: "chat" }, after_unknown: { role: true } },
    },
    { ...change("aws_iam_role.old", "aws_iam_role", "old", {}), change: { actions: ["delete"], before: { name: "old" }, after: null } },
  ],
  configuration: {
    root_module: {
      resources: [{ address: "aws_lambda_function.chat", mode: "managed", type: "aws_lambda_function", name: "chat", expressions: { role: { references: ["aws_iam_role.app.arn", "aws_iam_role.app"] } } }],
      module_calls: {
        extra: {
          source: "./extra",
          module: {
            resources: [
              {
                address: "aws_iam_role_policy_attachment.this",
                mode: "managed",
                type: "aws_iam_role_policy_attachment",
                name: "this",
                expressions: { policy_arn: { references: ["aws_iam_policy.this[0].arn", "aws_iam_policy.this[0]", "aws_iam_policy.this"] } },
              },
            ],
          },
        },
      },
    },
  },
};

describe("terraform show -json plans", () => {
  it("is told apart from a configuration", () => {
    expect(isTerraformShowJson(PLAN)).toBe(true);
    expect(isTerraformShowJson({ resource: {} })).toBe(false);
    expect(isTerraformShowJson({ format_version: "1.0", resource: {} })).toBe(false);
  });

  const stacks = stacksOfShowJson(PLAN, "plan", "plan.json");

  it("makes one stack per module instance, root first", () => {
    expect(stacks.map((stack) => stack.name)).toEqual(["plan", "plan/module.extra"]);
  });

  it("leaves out what the plan deletes", () => {
    expect(Object.keys(stacks[0].config.resource!.aws_iam_role)).toEqual(["app"]);
  });

  it("writes unknown values back as the configuration's reference", () => {
    expect(stacks[0].config.resource!.aws_lambda_function.chat.role).toBe("${aws_iam_role.app.arn}");
    expect(stacks[1].config.resource!.aws_iam_role_policy_attachment.this.policy_arn).toBe("${aws_iam_policy.this[0].arn}");
  });

  it("leaves out what the provider computes and the configuration does not set (a new role's managed_policy_arns)", () => {
    expect(stacks[1].config.resource!.aws_iam_role_policy_attachment.this).not.toHaveProperty("id");
  });

  it("keeps an unknown unknown when the configuration is not there to say otherwise", () => {
    const document = { format_version: "1.2", resource_changes: [{ ...change("aws_iam_role.r", "aws_iam_role", "r", { name: "r" }), change: { actions: ["create"], after: { name: "r" }, after_unknown: { managed_policy_arns: true } } }] };
    expect(stacksOfShowJson(document, "p", "p.json")[0].config.resource!.aws_iam_role.r.managed_policy_arns).toBe(KNOWN_AFTER_APPLY);
  });

  it("finds the module's control-plane grant on the root role, through the literal role name", () => {
    const review = reviewStacks(stacks);
    expect(review.violations.map((violation) => [violation.stack, violation.role, violation.action])).toEqual([["plan", "aws_iam_role.app", "bedrock:CreateGuardrail"]]);
    expect(review.roles.find((role) => role.address === "aws_iam_role.app")?.applicationReasons).toEqual(["runs aws_lambda_function.chat", "trust policy admits lambda.amazonaws.com"]);
    expect(review.unreviewedModules).toEqual([]);
  });

  it("reads planned_values (with child modules) when there are no resource_changes, and a state's values", () => {
    const module = {
      resources: [{ address: "aws_iam_role.app", mode: "managed", type: "aws_iam_role", name: "app", values: { name: "chat-app", assume_role_policy: LAMBDA_TRUST, inline_policy: [{ name: "p", policy: CONTROL }] } }],
      child_modules: [{ address: "module.x", resources: [{ address: "module.x.aws_iam_role.r", mode: "managed", type: "aws_iam_role", name: "r", values: { name: "r" } }] }],
    };
    for (const document of [{ format_version: "1.2", planned_values: { root_module: module } }, { format_version: "1.0", values: { root_module: module } }]) {
      const fromValues = stacksOfShowJson(document, "p", "p.json");
      expect(fromValues.map((stack) => stack.name)).toEqual(["p", "p/module.x"]);
      expect(reviewStacks(fromValues).violations.map((violation) => violation.role)).toEqual(["aws_iam_role.app"]);
    }
  });

  it("reads the data sources Terraform read while planning from prior_state: a policy attached to an existing role is shown, not judged", () => {
    const document = {
      format_version: "1.2",
      resource_changes: [change("aws_iam_role_policy.dev", "aws_iam_role_policy", "dev", { role: "developer", policy: CONTROL })],
      prior_state: { values: { root_module: { resources: [{ address: "data.aws_iam_role.developer", mode: "data", type: "aws_iam_role", name: "developer", values: { name: "developer", arn: "arn:aws:iam::111122223333:role/developer" } }] } } },
    };
    const [stack] = stacksOfShowJson(document, "p", "p.json");
    expect(stack.config.data!.aws_iam_role.developer).toEqual(expect.objectContaining({ name: "developer" }));
    const review = reviewStacks([stack]);
    expect(review.roles).toEqual([expect.objectContaining({ address: "unidentified role developer", application: false })]);
    expect(review.violations).toEqual([]);
  });

  it("keys several instances of one resource by index", () => {
    const document = {
      format_version: "1.2",
      resource_changes: [0, 1].map((index) => change(`aws_iam_role.r[${index}]`, "aws_iam_role", "r", { name: `r${index}` }, { index })),
    };
    expect(Object.keys(stacksOfShowJson(document, "p", "p.json")[0].config.resource!.aws_iam_role)).toEqual(["r[0]", "r[1]"]);
  });

  it("is read from a file by the loader, named after the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-json-"));
    writeFileSync(join(dir, "tfplan.json"), JSON.stringify(PLAN));
    expect(loadSynthOutput(join(dir, "tfplan.json")).map((stack) => stack.name)).toEqual(["tfplan", "tfplan/module.extra"]);
  });

  it("refuses show output that has none of the sections", () => {
    expect(() => stacksOfShowJson({ format_version: "1.0", configuration: {} }, "p", "p.json")).toThrow(/p: terraform show -json output without resource_changes, planned_values or values/);
  });
});

describe("a policy Terraform renders only at apply", () => {
  it("is unreadable even when the configuration references a document: a reference says what the policy depends on, not what it says", () => {
    const statement = { sid: "", effect: "Allow", actions: ["bedrock:InvokeModel"], not_actions: [], resources: null, not_resources: [], principals: [], not_principals: [], condition: [] };
    const document = {
      format_version: "1.2",
      resource_changes: [
        change("aws_iam_role.app", "aws_iam_role", "app", { name: "app", assume_role_policy: LAMBDA_TRUST }),
        // policy = jsonencode({ Statement = concat(jsondecode(data.aws_iam_policy_document.d.json).Statement, [{ Action = "bedrock:*", … }]) }) has these same references.
        { ...change("aws_iam_role_policy.p", "aws_iam_role_policy", "p", { role: "app" }), change: { actions: ["create"], after: { role: "app" }, after_unknown: { policy: true } } },
        {
          address: "data.aws_iam_policy_document.d",
          mode: "data",
          type: "aws_iam_policy_document",
          name: "d",
          change: { actions: ["read"], after: { statement: [statement] }, after_unknown: { json: true, minified_json: true, statement: [{ resources: true }] } },
        },
      ],
      configuration: {
        root_module: {
          resources: [
            { address: "aws_iam_role_policy.p", mode: "managed", type: "aws_iam_role_policy", name: "p", expressions: { policy: { references: ["data.aws_iam_policy_document.d.json", "data.aws_iam_policy_document.d"] } } },
            { address: "data.aws_iam_policy_document.d", mode: "data", type: "aws_iam_policy_document", name: "d", expressions: { statement: [{ actions: { constant_value: ["bedrock:InvokeModel"] }, resources: { references: ["aws_s3_bucket.b.arn"] } }] } },
          ],
        },
      },
    };
    const [stack] = stacksOfShowJson(document, "p", "p.json");
    expect(stack.config.resource!.aws_iam_role_policy.p.policy).toBe(KNOWN_AFTER_APPLY);
    // The document's own statements are there, its empty lists not read as set (an empty NotAction would grant everything).
    expect(stack.config.data!.aws_iam_policy_document.d).toEqual({ statement: [{ ...statement, resources: "${aws_s3_bucket.b.arn}" }] });
    expect(reviewStacks([stack]).violations).toEqual([expect.objectContaining({ role: "aws_iam_role.app", kind: "unresolvable" })]);
  });
});
