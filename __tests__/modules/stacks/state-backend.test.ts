import { App, TerraformStack, TerraformVariable } from "cdktf";
import { useStateBackend } from "../../../modules/stacks/state-backend";
import { config, problemsOf, synthApp, synthStack } from "../../helpers/terraform";

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
    useStateBackend(stack, "stack", { type: "s3", bucket: "acme-terraform-state", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-4cd3-9ef0-1234567890ab" });
    expect((synthStack(stack).terraform?.backend as Record<string, unknown>).s3).toMatchObject({
      key: "bedrock-chatbot/stack.tfstate",
      kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-4cd3-9ef0-1234567890ab",
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

  describe("the state key: only a key id Terraform's S3 backend accepts at init", () => {
    const ARN = "arn:aws:kms:eu-west-1:111122223333:key/";
    const backendWith = (kmsKeyArn: string) => () => useStateBackend(new TerraformStack(new App(), "stack"), "stack", { type: "s3", bucket: "acme-state", kmsKeyArn });

    // Checked against Terraform 1.11.4's `init`: these two it refused with "Invalid KMS Key ARN", the others it accepted.
    test.each([
      ["AWS's documentation example (variant nibble 5)", "1234abcd-12ab-34cd-56ef-1234567890ab"],
      ["version nibble 0", "1234abcd-12ab-04cd-96ef-1234567890ab"],
    ])("%s is refused at synth, with the fix", (_case, keyId) => {
      expect(backendWith(`${ARN}${keyId}`)).toThrow(
        `TerraformStack 'stack': stateBackend.kmsKeyArn: has a key id Terraform's S3 backend refuses at init ("Invalid KMS Key ARN"), although KMS's format allows it: ` +
          `give the key's ARN as KMS shows it (aws kms describe-key --key-id <id> --query KeyMetadata.Arn), e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-4cd3-9ef0-1234567890ab": ` +
          `Terraform's S3 backend takes a key id that is an RFC 4122 UUID (version 1–5, variant 8, 9, a or b) or a multi-Region mrk- id (got "${ARN}${keyId}")`,
      );
    });

    test.each([
      ["a UUID as KMS creates them (version 4, variant 9)", "1234abcd-12ab-44cd-96ef-1234567890ab"],
      ["variant b", "1234abcd-12ab-14cd-b6ef-1234567890ab"],
      ["a multi-Region key", "mrk-1234abcd12ab34cd56ef1234567890ab"],
    ])("%s is accepted", (_case, keyId) => {
      expect(backendWith(`${ARN}${keyId}`)).not.toThrow();
    });

    test("a malformed ARN gets one problem, the format's, with the state key's fix; a token is left to plan time", () => {
      expect(backendWith("arn:aws:kms:eu-west-1:111122223333:alias/state")).toThrow(/^TerraformStack 'stack': stateBackend\.kmsKeyArn: give the key's ARN as KMS shows it .* \(got "arn:aws:kms:eu-west-1:111122223333:alias\/state"\)$/);
      const stack = new TerraformStack(new App(), "stack");
      const token = new TerraformVariable(stack, "key", { type: "string" }).stringValue;
      expect(() => useStateBackend(stack, "stack", { type: "s3", bucket: "acme-state", kmsKeyArn: token })).not.toThrow();
    });

    test("the configuration file's stateBackend.kmsKeyArn is refused the same way", () => {
      expect(problemsOf({ stateBackend: { type: "s3", bucket: "acme-state", kmsKeyArn: `${ARN}1234abcd-12ab-34cd-56ef-1234567890ab` } })).toEqual([
        expect.stringMatching(/^stateBackend\.kmsKeyArn: has a key id Terraform's S3 backend refuses at init/),
      ]);
    });
  });
});
