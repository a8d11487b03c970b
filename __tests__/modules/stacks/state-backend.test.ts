import { App, TerraformStack } from "cdktf";
import { useStateBackend } from "../../../modules/stacks/state-backend";
import { config, synthApp, synthStack } from "../../helpers/terraform";

const S3 = { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1", keyPrefix: "platform/chatbot" } as const;

describe("state backend", () => {
  test("by default each stack keeps a local state file, by a path relative to its working directory", () => {
    const { control, data } = synthApp();
    expect(control.terraform?.backend).toEqual({ local: { path: "../../../terraform.chatbot-test-control-plane.tfstate" } });
    expect(data.terraform?.backend).toEqual({ local: { path: "../../../terraform.chatbot-test-data-plane.tfstate" } });
  });

  test("S3: one encrypted object per stack, locked with S3's native lock file (no DynamoDB table)", () => {
    const { control, data } = synthApp(config({ stateBackend: S3 }));
    for (const [json, stack] of [[control, "control-plane"], [data, "data-plane"]] as const) {
      const s3 = (json.terraform?.backend as Record<string, Record<string, unknown>>).s3;
      expect(s3).toEqual({ bucket: S3.bucket, region: "eu-west-1", key: `platform/chatbot/chatbot-test-${stack}.tfstate`, encrypt: true, use_lockfile: true });
      expect(s3).not.toHaveProperty("dynamodb_table");
    }
  });

  test("S3 with a KMS key and the default folder", () => {
    const stack = new TerraformStack(new App(), "stack");
    useStateBackend(stack, "stack", { type: "s3", bucket: "acme-terraform-state", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect((synthStack(stack).terraform?.backend as Record<string, unknown>).s3).toMatchObject({
      key: "bedrock-chatbot/stack.tfstate",
      kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    });
  });

  test.each([
    [{ bucket: "my_bucket" }, /stateBackend\.bucket: .*\(got "my_bucket"\)/],
    [{ bucket: "acme-state", keyPrefix: "a//b" }, /stateBackend\.keyPrefix: .*\(got "a\/\/b"\)/],
    [{ bucket: "acme-state", region: "Ireland" }, /stateBackend\.region: use an AWS region code .*\(got "Ireland"\)/],
    [{ bucket: "acme-state", region: "eu-wset-1" }, /stateBackend\.region: is not a region of the aws partition: did you mean "eu-west-1"\?/],
  ])("the construct guard rejects %j", (props, message) => {
    const stack = new TerraformStack(new App(), "stack");
    expect(() => useStateBackend(stack, "stack", { type: "s3", ...props })).toThrow(message);
  });
});
