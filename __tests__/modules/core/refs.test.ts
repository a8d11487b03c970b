/**
 * The references a caller brings instead of letting a construct create the resource (an existing
 * network, role or guardrail): told apart from creation options, and judged against AWS's formats
 * when literal (a guardrail's id and ARN must agree, and its version be published), through the
 * stacks as a caller meets them; tokens of the caller's own resources pass through unchecked.
 */
import { App, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { checkRoleRef, guardrailRefProblems, isGuardrailRef, isNetworkRef, isRoleRef, networkRefProblems, roleRefProblems } from "../../../modules/core/refs";
import { PropError } from "../../../modules/core/validate";
import { ControlPlaneStack } from "../../../modules/stacks/control-plane-stack";
import { DataPlaneStack } from "../../../modules/stacks/data-plane-stack";
import { fakeBundler, synthScope } from "../../helpers/terraform";

const VPC_ID = "vpc-0a1b2c3d4e5f67890";
const SUBNET_IDS = ["subnet-0a1b2c3d4e5f67890", "subnet-0f9e8d7c6b5a43210"];
const GUARDRAIL_ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcd1234efgh";
const ROLE = { roleArn: "arn:aws:iam::111122223333:role/platform/BedrockAdmin", roleName: "BedrockAdmin" };

describe("references checked by the stacks themselves", () => {
  const dataPlane = (network: object) => () =>
    new DataPlaneStack(new App(), "data", {
      namePrefix: "chatbot-test",
      region: "eu-west-1",
      models: [{ modelId: "eu.amazon.nova-lite-v1:0" }],
      network: network as never,
      bundler: fakeBundler,
    });
  const controlPlane = (props: object) => () =>
    new ControlPlaneStack(new App(), "control", { namePrefix: "chatbot-test", region: "eu-west-1", admin: { principalArns: ["arn:aws:iam::111122223333:role/A"] }, ...props });

  test.each([
    [{ vpcId: "vpc-123", subnetIds: SUBNET_IDS }, /network\.vpcId: give the id of an existing VPC.*\(got "vpc-123"\)/],
    [{ vpcId: VPC_ID, subnetIds: [SUBNET_IDS[0]] }, /network\.subnetIds: list at least two subnet ids in different availability zones/],
    [{ vpcId: VPC_ID, subnetIds: [SUBNET_IDS[0], SUBNET_IDS[0]] }, /network\.subnetIds\[1\]: is listed twice; remove the duplicate .*\(got "subnet-0a1b2c3d4e5f67890"\)/],
    [{ vpcId: VPC_ID, subnetIds: [SUBNET_IDS[0], "subnet-x"] }, /network\.subnetIds\[1\]/],
  ])("DataPlaneStack rejects the network %j", (network, message) => {
    expect(dataPlane(network)).toThrow(message);
  });

  test.each([
    [{ admin: { roleArn: "BedrockAdmin", roleName: "BedrockAdmin" } }, /admin\.roleArn: give an IAM role ARN/],
    [{ guardrail: { guardrailArn: GUARDRAIL_ARN, guardrailId: "other", guardrailVersion: "1" } }, /guardrail\.guardrailId: the ARN names guardrail "abcd1234efgh": give the id and ARN of the same guardrail \(got "other"\)/],
    [{ guardrail: { guardrailArn: GUARDRAIL_ARN, guardrailId: "abcd1234efgh", guardrailVersion: "DRAFT" } }, /guardrail\.guardrailVersion: .*not "DRAFT"/],
    [{ kmsKeyArn: "alias/chatbot" }, /kmsKeyArn: .*not an alias/],
  ])("ControlPlaneStack rejects %j", (props, message) => {
    expect(controlPlane(props)).toThrow(message);
  });

  test("refs that are tokens of the caller's own resources pass through unchecked", () => {
    const app = new App();
    const control = new ControlPlaneStack(app, "control", { namePrefix: "chatbot-test", region: "eu-west-1", admin: { principalArns: ["arn:aws:iam::111122223333:role/A"] } });
    expect(() =>
      new DataPlaneStack(app, "data", {
        namePrefix: "chatbot-test",
        region: "eu-west-1",
        models: [{ modelId: "eu.amazon.nova-lite-v1:0" }],
        network: { vpcCidr: "10.0.0.0/16", subnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"] },
        guardrail: control.guardrail,
        bundler: fakeBundler,
      }),
    ).not.toThrow();
  });
});

describe("refs on their own", () => {
  test("a ref is told from the options of a resource to create by the field only a ref has", () => {
    expect(isNetworkRef({ vpcId: VPC_ID, subnetIds: SUBNET_IDS })).toBe(true);
    expect(isNetworkRef({ vpcCidr: "10.40.0.0/16", subnetCidrs: [] })).toBe(false);
    expect(isRoleRef(ROLE)).toBe(true);
    expect(isRoleRef({ principalArns: ["arn:aws:iam::111122223333:role/A"] })).toBe(false);
    expect(isGuardrailRef({ guardrailArn: GUARDRAIL_ARN, guardrailId: "abcd1234efgh", guardrailVersion: "1" })).toBe(true);
    expect(isGuardrailRef({ contentFilterStrength: "HIGH" })).toBe(false);
  });

  test("an existing network: a missing subnet list is a problem named after its field, not a TypeError", () => {
    expect(networkRefProblems({ vpcId: VPC_ID, subnetIds: SUBNET_IDS }, "network")).toEqual([]);
    expect(networkRefProblems({ vpcId: VPC_ID } as never, "network")).toEqual([{ field: "network.subnetIds", value: undefined, fix: expect.stringMatching(/at least two subnet ids/) }]);
  });

  test("a role: an ARN with a path passes; a bare name as ARN, or a name IAM refuses, is named", () => {
    expect(roleRefProblems(ROLE, "admin")).toEqual([]);
    expect(roleRefProblems({ roleArn: "BedrockAdmin", roleName: "Bedrock Admin" }, "admin").map((p) => p.field)).toEqual(["admin.roleArn", "admin.roleName"]);
    expect(() => synthScope((scope) => checkRoleRef(new Construct(scope, "grant"), "principal", { ...ROLE, roleArn: "BedrockAdmin" }))).toThrow(PropError);
  });

  test("a guardrail: the id and ARN must name the same guardrail, unless either is known only at plan time", () => {
    const ref = { guardrailArn: GUARDRAIL_ARN, guardrailId: "abcd1234efgh", guardrailVersion: "1" };
    expect(guardrailRefProblems(ref, "guardrail")).toEqual([]);
    expect(guardrailRefProblems({ ...ref, guardrailId: "other" }, "guardrail")).toEqual([
      { field: "guardrail.guardrailId", value: "other", fix: 'the ARN names guardrail "abcd1234efgh": give the id and ARN of the same guardrail' },
    ]);
    expect(guardrailRefProblems({ ...ref, guardrailVersion: "DRAFT" }, "guardrail").map((p) => p.field)).toEqual(["guardrail.guardrailVersion"]);
    synthScope((scope) => {
      const id = new TerraformVariable(scope, "id", { type: "string" }).stringValue;
      expect(guardrailRefProblems({ ...ref, guardrailId: id }, "guardrail")).toEqual([]);
    });
  });
});
