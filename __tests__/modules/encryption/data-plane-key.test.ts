/** One customer-managed key for the data plane, or none when one is brought: never two, never a duplicate. */
import { config, only, resources, resourceTypes, statementsOf, synthApp } from "../../helpers/terraform";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("DataPlaneKey in the data-plane stack", () => {
  const { data } = synthApp();
  const key = only(data, "aws_kms_key");
  const keyArn = expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/);

  test("exactly one key is created, with yearly rotation and an alias", () => {
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(only(data, "aws_kms_alias")).toMatchObject({ name: "alias/chatbot-test-data-plane", target_key_id: expect.stringMatching(/aws_kms_key\..+\.key_id/) });
  });

  test("every log group, the function's environment and the output use that key", () => {
    const groups = resources(data, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(["/aws/lambda/chatbot-test-chat", "/aws/apigateway/chatbot-test-chat/v1/access", expect.stringMatching(/^API-Gateway-Execution-Logs_/)]),
    );
    for (const group of groups) expect(group.kms_key_id).toEqual(keyArn);
    expect(only(data, "aws_lambda_function").kms_key_arn).toEqual(keyArn);
    expect(data.output?.kms_key_arn.value).toEqual(keyArn);
  });

  test("the key policy: the account administers it, CloudWatch Logs uses it for this account's log groups only", () => {
    const statements = statementsOf(key.policy);
    expect(statements.map((s) => s.Sid)).toEqual(["AccountAdministersKeyThroughIam", "CloudWatchLogsForThisAccountsLogGroups"]);
    expect(statements[0]).toMatchObject({ Principal: { AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\}:iam::\$\{data\.aws_caller_identity\..+\.account_id\}:root$/) } });
    expect(statements[1].Principal).toEqual({ Service: expect.stringMatching(/^\$\{data\.aws_service_principal\..+\.name\}$/) });
    expect(statements[1].Condition).toEqual({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": expect.stringMatching(/^arn:\$\{data\.aws_partition.+\}:logs:\$\{data\.aws_region.+\}:\$\{data\.aws_caller_identity.+\}:log-group:\*$/) },
    });
    expect(Object.values(data.data?.aws_service_principal ?? {})).toEqual([expect.objectContaining({ service_name: "logs" })]);
  });

  test("the key policy names no literal account or region", () => {
    expect(String(key.policy)).not.toMatch(/\d{12}|eu-west-1/);
  });

  test("CloudWatch gets no use of the key unless alarms publish to a created topic", () => {
    expect(String(key.policy)).not.toContain("cloudwatch");
  });

  test("a key brought with kmsKeyArn is used everywhere, and no key, alias or principal lookup is created", () => {
    const { data: byo } = synthApp(config({ kmsKeyArn: KEY }));
    expect(resourceTypes(byo)).not.toContain("aws_kms_key");
    expect(resourceTypes(byo)).not.toContain("aws_kms_alias");
    expect(byo.data?.aws_service_principal).toBeUndefined();
    for (const group of resources(byo, "aws_cloudwatch_log_group")) expect(group.kms_key_id).toBe(KEY);
    expect(only(byo, "aws_lambda_function").kms_key_arn).toBe(KEY);
    expect(byo.output?.kms_key_arn.value).toBe(KEY);
  });
});
