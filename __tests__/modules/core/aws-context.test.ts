/**
 * AwsContext: the deployment's partition, region and account, read from the provider at plan time
 * (one data source each), so that nothing built from them carries a literal: the same code deploys
 * to aws, aws-cn and aws-us-gov.
 */
import { TerraformOutput } from "cdktf";
import { AwsContext } from "../../../modules/core/aws-context";
import { synthScope } from "../../helpers/terraform";

describe("AwsContext", () => {
  const json = synthScope((scope) => {
    const context = new AwsContext(scope, "context");
    new TerraformOutput(scope, "arn_scope", { value: context.arnScope });
    new TerraformOutput(scope, "service", { value: context.endpointServiceName("bedrock-runtime") });
  });
  const output = (name: string) => (json as { output: Record<string, { value: unknown }> }).output[name].value;

  test("reads the partition, the region and the caller's account from one data source each", () => {
    expect(Object.keys(json.data ?? {}).sort()).toEqual(["aws_caller_identity", "aws_partition", "aws_region"]);
    for (const type of ["aws_caller_identity", "aws_partition", "aws_region"]) expect(Object.keys(json.data![type])).toHaveLength(1);
  });

  test("arnScope names them by reference, never by value", () => {
    expect(output("arn_scope")).toEqual({
      partition: expect.stringMatching(/^\$\{data\.aws_partition\.[\w-]+\.partition\}$/),
      region: expect.stringMatching(/^\$\{data\.aws_region\.[\w-]+\.region\}$/),
      accountId: expect.stringMatching(/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/),
    });
  });

  test("an endpoint service name is the partition's reverse-DNS prefix, the region and the service (com.amazonaws is not assumed)", () => {
    expect(output("service")).toMatch(/^\$\{data\.aws_partition\.[\w-]+\.reverse_dns_prefix\}\.\$\{data\.aws_region\.[\w-]+\.region\}\.bedrock-runtime$/);
    expect(JSON.stringify(json)).not.toMatch(/amazonaws|eu-west-1|\d{12}/);
  });
});
