/**
 * Mutation tests: start from a realistic synth output (the chatbot fixture: control-plane and
 * data-plane stacks), inject a control-plane grant into the application role through every path
 * a policy can take, and check the guard catches each; inject harmless changes and check it stays
 * quiet. Roles and policies are found by property (tag, role reference), never by generated name.
 */
import { reviewStacks } from "../../policies/review/review";
import { allow, appRoleName, chatbotFixture, policyJson, type MutableConfig } from "./helpers";

// Statements are edited loosely here (the guard must cope with whatever JSON it is given).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Statement = Record<string, any>;

function setUp() {
  const fixture = chatbotFixture();
  const data = fixture.data;
  const role = appRoleName(data);
  const roleAddress = `aws_iam_role.${role}`;
  const [policyName, rolePolicy] = Object.entries(data.resource.aws_iam_role_policy).find(([, policy]) => String(policy.role).includes(`aws_iam_role.${role}.`))!;
  const statements = (): Statement[] => JSON.parse(rolePolicy.policy).Statement;
  const setStatements = (next: Statement[]) => {
    rolePolicy.policy = policyJson(next as never);
  };
  const add = (type: string, name: string, block: Record<string, unknown>, where: "resource" | "data" = "resource") => {
    const section = (where === "resource" ? data.resource : (data.data ??= {})) as MutableConfig["resource"];
    section[type] = { ...section[type], [name]: block };
  };
  const run = () => reviewStacks(fixture.stacks());
  return { control: fixture.control, data, role, roleAddress, policyName, rolePolicy, statements, setStatements, add, run };
}

const CONTROL = "bedrock:CreateGuardrail";

describe("the unmodified fixture", () => {
  it("has one application role, reviewed, with no violation", () => {
    const { run, roleAddress } = setUp();
    const result = run();
    expect(result.roles.filter((role) => role.application).map((role) => role.address)).toEqual([roleAddress]);
    expect(result.violations).toEqual([]);
  });
});

describe("injected control-plane grants are caught", () => {
  const expectCaught = (result: ReturnType<ReturnType<typeof setUp>["run"]>, roleAddress: string, action: string | RegExp) => {
    const hits = result.violations.filter((violation) => violation.role === roleAddress && violation.actions.some((granted) => (typeof action === "string" ? granted === action : action.test(granted))));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toEqual(expect.objectContaining({ stack: "chatbot-data-plane", reason: expect.any(String), statement: expect.any(String) }));
  };

  it("through an inline_policy block on the role", () => {
    const t = setUp();
    t.data.resource.aws_iam_role[t.role].inline_policy = [{ name: "sneaky", policy: policyJson([allow(CONTROL)]) }];
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through a new aws_iam_role_policy", () => {
    const t = setUp();
    t.add("aws_iam_role_policy", "sneaky", { role: `\${aws_iam_role.${t.role}.id}`, policy: policyJson([allow(CONTROL)]) });
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through a statement added to the existing role policy", () => {
    const t = setUp();
    t.setStatements([...t.statements(), allow("bedrock:PutModelInvocationLoggingConfiguration")]);
    expectCaught(t.run(), t.roleAddress, "bedrock:PutModelInvocationLoggingConfiguration");
  });

  it("through a managed policy attachment (AmazonBedrockFullAccess)", () => {
    const t = setUp();
    t.add("aws_iam_role_policy_attachment", "sneaky", { role: `\${aws_iam_role.${t.role}.name}`, policy_arn: "arn:${data.aws_partition.context_partition_B73F2326.partition}:iam::aws:policy/AmazonBedrockFullAccess" });
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through a customer-managed aws_iam_policy attached to the role", () => {
    const t = setUp();
    t.add("aws_iam_policy", "sneaky", { name: "sneaky", policy: policyJson([allow(CONTROL)]) });
    t.add("aws_iam_role_policy_attachment", "sneaky", { role: `\${aws_iam_role.${t.role}.name}`, policy_arn: "${aws_iam_policy.sneaky.arn}" });
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through managed_policy_arns on the role", () => {
    const t = setUp();
    t.data.resource.aws_iam_role[t.role].managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonBedrockReadOnly"];
    expectCaught(t.run(), t.roleAddress, "bedrock:GetGuardrail");
  });

  it("through a policy-document data source", () => {
    const t = setUp();
    t.add("aws_iam_policy_document", "sneaky", { statement: [{ actions: [CONTROL], resources: ["*"] }] }, "data");
    t.rolePolicy.policy = "${data.aws_iam_policy_document.sneaky.json}";
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through NotAction", () => {
    const t = setUp();
    t.setStatements([...t.statements(), { Effect: "Allow", NotAction: ["s3:*"], Resource: "*" }]);
    const result = t.run();
    expectCaught(result, t.roleAddress, CONTROL);
    expectCaught(result, t.roleAddress, "aws-marketplace:*");
    expectCaught(result, t.roleAddress, "iam:PassRole");
  });

  it("through a wildcard widening the invoke statement (bedrock:Invoke*)", () => {
    const t = setUp();
    t.setStatements(t.statements().map((statement) => (statement.Sid === "InvokeConfiguredModels" ? { ...statement, Action: ["bedrock:Invoke*"] } : statement)));
    // On the models' ARNs: InvokeBuilder has no resource type, so only Resource "*" would grant it;
    // InvokeBlueprintRecommendationAsync has one, and the wildcard reaches what the catalogue does not list.
    const result = t.run();
    expectCaught(result, t.roleAddress, "bedrock:InvokeBlueprintRecommendationAsync");
    expectCaught(result, t.roleAddress, "bedrock:Invoke*");
    expect(result.violations.flatMap((violation) => violation.actions)).not.toContain("bedrock:InvokeBuilder");
  });

  it("through a conditional grant", () => {
    const t = setUp();
    t.setStatements([...t.statements(), allow(CONTROL, { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })]);
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through Marketplace subscription rights", () => {
    const t = setUp();
    t.setStatements([...t.statements(), allow("aws-marketplace:Subscribe")]);
    expectCaught(t.run(), t.roleAddress, "aws-marketplace:Subscribe");
  });

  it("through a policy written with jsonencode", () => {
    const t = setUp();
    t.rolePolicy.policy = '${jsonencode({Statement = [{Effect = "Allow", Action = "bedrock:*", Resource = "*"}]})}';
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });

  it("through a policy the guard cannot read (jsonencode of a variable)", () => {
    const t = setUp();
    t.rolePolicy.policy = "${jsonencode(var.policy)}";
    expectCaught(t.run(), t.roleAddress, "*");
  });

  it("even with a Deny that only applies under a condition", () => {
    const t = setUp();
    t.setStatements([...t.statements(), allow(CONTROL), { Effect: "Deny", Action: CONTROL, Resource: "*", Condition: { Bool: { "aws:ViaAWSService": "false" } } }]);
    expectCaught(t.run(), t.roleAddress, CONTROL);
  });
});

describe("harmless changes keep the guard quiet", () => {
  const expectQuiet = (t: ReturnType<typeof setUp>) => expect(t.run().violations).toEqual([]);

  it("adding a logs permission", () => {
    const t = setUp();
    t.setStatements([...t.statements(), allow(["logs:CreateLogGroup"], { Resource: "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/x" })]);
    expectQuiet(t);
  });

  it("reordering the statements", () => {
    const t = setUp();
    t.setStatements([...t.statements()].reverse());
    expectQuiet(t);
  });

  it("attaching AWSLambdaBasicExecutionRole and AWSXRayDaemonWriteAccess", () => {
    const t = setUp();
    t.add("aws_iam_role_policy_attachment", "logs", { role: `\${aws_iam_role.${t.role}.name}`, policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });
    t.add("aws_iam_role_policy_attachment", "xray", { role: `\${aws_iam_role.${t.role}.name}`, policy_arn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess" });
    expectQuiet(t);
  });

  it("adding an explicit Deny of the control plane", () => {
    const t = setUp();
    t.setStatements([...t.statements(), { Effect: "Deny", Action: ["bedrock:Create*", "bedrock:Delete*"], Resource: "*" }]);
    expectQuiet(t);
  });

  it("adding a condition to an allowed statement", () => {
    const t = setUp();
    t.setStatements(t.statements().map((statement) => (statement.Effect === "Allow" ? { ...statement, Condition: { StringEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.x.id}" } } } : statement)));
    expectQuiet(t);
  });

  it("widening the admin role, which is not an application role", () => {
    const t = setUp();
    const [, adminPolicy] = Object.entries(t.control.resource.aws_iam_role_policy)[0];
    adminPolicy.policy = policyJson([allow(["bedrock:*", "aws-marketplace:*", "iam:*"])]);
    const result = t.run();
    expect(result.roles.find((role) => role.planeTag === "control")?.grants.map((grant) => grant.action)).toEqual(expect.arrayContaining(["aws-marketplace:*", "iam:*"]));
    expect(result.violations).toEqual([]);
  });
});
