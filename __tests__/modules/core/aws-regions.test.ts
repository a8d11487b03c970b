/** Regions are checked against the partition's known regions (modules/core/aws-regions.ts), with allowedNewRegions for a new one. */
import { App, TerraformVariable } from "cdktf";
import { AWS_REGIONS, partitionOfRegion, regionProblems } from "../../../modules/core/aws-regions";
import { ControlPlaneStack } from "../../../modules/stacks/control-plane-stack";
import { DataPlaneStack } from "../../../modules/stacks/data-plane-stack";
import { REGION_PATTERN } from "../../../modules/core/resource-ids";
import { fakeBundler } from "../../helpers/terraform";

const dataPlane = (props: object) => () =>
  new DataPlaneStack(new App(), "data", {
    namePrefix: "chatbot-test",
    region: "eu-west-1",
    models: [{ modelId: "eu.amazon.nova-lite-v1:0" }],
    network: { vpcCidr: "10.40.0.0/16", subnetCidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
    bundler: fakeBundler,
    ...props,
  });
const controlPlane = (props: object) => () =>
  new ControlPlaneStack(new App(), "control", { namePrefix: "chatbot-test", region: "eu-west-1", admin: { principalArns: ["arn:aws:iam::111122223333:role/A"] }, ...props });

describe("AWS regions", () => {
  test("every listed region has the code format and belongs to the partition it is listed under", () => {
    for (const [partition, regions] of Object.entries(AWS_REGIONS)) {
      for (const region of regions) {
        expect(region).toMatch(REGION_PATTERN);
        expect(partitionOfRegion(region)).toBe(partition);
      }
    }
    expect(Object.keys(AWS_REGIONS)).toEqual(expect.arrayContaining(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"]));
  });

  test.each([
    ["eu-wset-1", /^DataPlaneStack 'data': region: is not a region of the aws partition: did you mean "eu-west-1"\? if AWS has opened it since .* allow it with allowedNewRegions: \["eu-wset-1"\]/],
    ["us-east-3", /^DataPlaneStack 'data': region: is not a region of the aws partition: did you mean "us-east-1"\?/],
    ["cn-south-1", /region: is not a region of the aws-cn partition/],
    ["Ireland", /^DataPlaneStack 'data': region: use an AWS region code such as "eu-west-1" \(got "Ireland"\)$/],
  ])("DataPlaneStack refuses the region %s", (region, message) => {
    expect(dataPlane({ region })).toThrow(message);
  });

  test("ControlPlaneStack refuses an unknown region too, and so does the state backend's region", () => {
    expect(controlPlane({ region: "us-east-3" })).toThrow(/^ControlPlaneStack 'control': region: is not a region of the aws partition/);
    expect(controlPlane({ stateBackend: { type: "s3", bucket: "acme-state", region: "eu-wset-1" } })).toThrow(/stateBackend\.region: is not a region of the aws partition/);
  });

  test("known regions of every partition pass, and allowedNewRegions lets a new one through both stacks", () => {
    for (const region of ["eu-west-1", "cn-northwest-1", "us-gov-west-1", "us-isob-east-1", "eusc-de-east-1"]) expect(regionProblems("region", region)).toEqual([]);
    expect(dataPlane({ region: "us-east-3", allowedNewRegions: ["us-east-3"] })).not.toThrow();
    expect(controlPlane({ region: "us-east-3", allowedNewRegions: ["us-east-3"] })).not.toThrow();
    expect(controlPlane({ allowedNewRegions: ["East 3"] })).toThrow(/allowedNewRegions\[0\]: use an AWS region code/);
  });

  test("a region that is a token is left to the provider", () => {
    const app = new App();
    const stack = new ControlPlaneStack(app, "control", { namePrefix: "chatbot-test", region: "eu-west-1", admin: { principalArns: ["arn:aws:iam::111122223333:role/A"] } });
    expect(regionProblems("region", new TerraformVariable(stack, "region", { type: "string" }).stringValue)).toEqual([]);
  });
});
