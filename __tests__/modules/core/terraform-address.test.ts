/**
 * terraformAddress: a resource's bare Terraform address (`<type>.<name>`), the key it is
 * synthesized under, which a meta-argument such as `lifecycle.replace_triggered_by` takes as
 * written (an interpolated `${…}` there is refused by `terraform init`).
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { terraformAddress } from "../../../modules/core/terraform-address";
import { synthScope } from "../../helpers/terraform";

describe("terraformAddress", () => {
  test("is the resource's type and the name it is synthesized under, also when nested in constructs", () => {
    let addresses: string[] = [];
    const json = synthScope((scope) => {
      const top = new CloudwatchLogGroup(scope, "top", { name: "top" });
      const nested = new CloudwatchLogGroup(new Construct(new Construct(scope, "outer"), "inner"), "logs", { name: "nested" });
      addresses = [terraformAddress(top), terraformAddress(nested)];
    });
    const names = Object.keys(json.resource!.aws_cloudwatch_log_group);
    expect(addresses.map((address) => address.split("."))).toEqual([
      ["aws_cloudwatch_log_group", names.find((name) => (json.resource!.aws_cloudwatch_log_group[name] as { name: string }).name === "top")],
      ["aws_cloudwatch_log_group", names.find((name) => (json.resource!.aws_cloudwatch_log_group[name] as { name: string }).name === "nested")],
    ]);
    expect(addresses[1]).toMatch(/^aws_cloudwatch_log_group\.outer_inner_logs_[0-9A-F]{8}$/);
  });

  test("given to replace_triggered_by, it is synthesized as a bare address, not an interpolation", () => {
    const json = synthScope((scope) => {
      const source = new CloudwatchLogGroup(scope, "source", { name: "source" });
      new CloudwatchLogGroup(scope, "follower", { name: "follower", lifecycle: { replaceTriggeredBy: [terraformAddress(source)] } });
    });
    const follower = Object.values(json.resource!.aws_cloudwatch_log_group).find((group) => group.name === "follower") as { lifecycle: { replace_triggered_by: string[] } };
    expect(follower.lifecycle.replace_triggered_by).toEqual(["aws_cloudwatch_log_group.source"]);
  });
});
