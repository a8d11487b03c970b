/**
 * networkSourcesProblems: who may reach the control-plane endpoint. At least one source; ids and
 * ranges in AWS's forms; never every address; never the chat function (its group, or a range that
 * overlaps its subnets). Tokens pass.
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { networkSourcesProblems } from "../../../modules/network/network-sources";

const fixes = (...args: Parameters<typeof networkSourcesProblems>) => networkSourcesProblems(...args).map((p) => `${p.field}: ${p.fix}`);

describe("networkSourcesProblems", () => {
  test("a source of each kind is accepted", () => {
    expect(networkSourcesProblems({ securityGroupIds: ["sg-0a1b2c3d"], cidrBlocks: ["10.40.8.0/24"], prefixListIds: ["pl-0a1b2c3d4e5f67890"] }, "sources")).toEqual([]);
  });

  test.each([
    ["absent", undefined, /^sources: is required: name who may connect/],
    ["empty", {}, /^sources: names no network source: name who may connect/],
    ["all lists empty", { securityGroupIds: [], cidrBlocks: [] }, /^sources: names no network source/],
    ["not an object", "sg-0a1b2c3d", /^sources: must be an object$/],
  ])("%s: refused with the fix", (_case, sources, message) => {
    expect(fixes(sources as never, "sources")).toEqual([expect.stringMatching(message)]);
  });

  test("malformed entries, every address and unknown keys are each named", () => {
    expect(
      fixes({ securityGroupIds: ["default"], cidrBlocks: ["10.40.8.0/33", "0.0.0.0/0"], prefixListIds: ["com.amazonaws.eu-west-1.s3"], sources: ["x"] } as never, "s"),
    ).toEqual([
      "s.sources: unknown field; expected one of securityGroupIds, cidrBlocks, prefixListIds",
      expect.stringMatching(/^s\.securityGroupIds\[0\]: give the id of an existing security group/),
      "s.cidrBlocks[0]: has a prefix length above 32",
      expect.stringMatching(/^s\.cidrBlocks\[1\]: admits every address/),
      expect.stringMatching(/^s\.prefixListIds\[0\]: give a managed prefix list id/),
    ]);
  });

  test("the chat function is never a source: its group, or a range overlapping its subnets", () => {
    const excluded = { securityGroupIds: ["sg-0b1c2d3e"], cidrBlocks: ["10.40.0.0/24", "10.40.1.0/24"] };
    expect(fixes({ securityGroupIds: ["sg-0a1b2c3d", "sg-0b1c2d3e"], cidrBlocks: ["10.40.8.0/24", "10.40.1.128/25", "10.0.0.0/8"] }, "s", excluded)).toEqual([
      expect.stringMatching(/^s\.securityGroupIds\[1\]: is the chat function's security group/),
      "s.cidrBlocks[1]: overlaps the chat function's subnet 10.40.1.0/24, so the function could reach the control plane: name a range outside its subnets, or a security group",
      expect.stringMatching(/^s\.cidrBlocks\[2\]: overlaps the chat function's subnet 10\.40\.0\.0\/24/),
    ]);
  });

  test("duplicates are named once", () => {
    expect(fixes({ cidrBlocks: ["10.40.8.0/24", "10.40.8.0/24"] }, "s")).toEqual(["s.cidrBlocks[1]: is listed twice; remove the duplicate"]);
  });

  test("tokens pass: a group of the caller's own stack, or a whole list from a variable", () => {
    const stack = new TerraformStack(new App(), "s");
    const group = new TerraformVariable(stack, "group", { type: "string" }).stringValue;
    const ranges = new TerraformVariable(stack, "ranges", { type: "list(string)" }).listValue;
    expect(networkSourcesProblems({ securityGroupIds: [group] }, "s", { securityGroupIds: ["sg-0b1c2d3e"] })).toEqual([]);
    expect(networkSourcesProblems({ cidrBlocks: ranges }, "s", { cidrBlocks: ["10.40.0.0/24"] })).toEqual([]);
  });
});
