/**
 * DataPlaneKey: one customer-managed key for the data plane, or none when one is brought (never
 * two, never a duplicate), used by every log group, the function and the output, with a policy
 * that names no literal account or region. Its own check: the name prefix is judged with the same
 * words by the key, by ChatbotDataPlane (which creates it) and by the config's `name`; the
 * deletion window, which neither the data plane nor the config sets, by the key alone.
 */
import { TerraformVariable } from "cdktf";
import { DataPlaneKey, type DataPlaneKeyProps, dataPlaneKeyProblems } from "../../../modules/encryption/data-plane-key";
import { ChatbotDataPlane } from "../../../modules/stacks/chatbot-data-plane";
import { type Problem, PropError, describeProblem } from "../../../modules/core/validate";
import { BASE_CONFIG, config, fakeBundler, only, problemsOf, resources, resourceTypes, statementsOf, synthApp, synthScope, withContext } from "../../helpers/terraform";

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

function refusal(construct: string, build: () => unknown): Problem[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(PropError);
    expect((error as Error).message).toMatch(new RegExp(`^${construct} '`));
    return [...(error as PropError).problems];
  }
  throw new Error(`expected ${construct} to refuse its props`);
}

const key = (props: Partial<DataPlaneKeyProps> | Record<string, unknown>) => () =>
  withContext((scope, context) => new DataPlaneKey(scope, "key", { namePrefix: "chatbot-test", context, ...props }));

describe("DataPlaneKey guards", () => {
  test.each([
    [{ namePrefix: "Chat_Bot" }, "DataPlaneKey 'key': namePrefix: use 3–30 lower-case letters, digits or hyphens, starting with a letter, e.g. \"chatbot-dev\" (got \"Chat_Bot\")"],
    [{ namePrefix: "chatbot", deletionWindowInDays: 3 }, "DataPlaneKey 'key': deletionWindowInDays: must be a whole number of days 7–30 (KMS's range) (got 3)"],
  ])("DataPlaneKey rejects %j", (props, message) => {
    expect(() => withContext((scope, context) => new DataPlaneKey(scope, "key", { context, ...props }))).toThrow(message);
  });

  test.each(["Chat_Bot", "x", "chatbot-"])("the name prefix %j: the key, ChatbotDataPlane and the config's name refuse it with the same words", (namePrefix) => {
    const own = refusal("DataPlaneKey", key({ namePrefix }));
    expect(own).toEqual([{ field: "namePrefix", value: namePrefix, fix: expect.stringMatching(/lower-case letters/) }]);
    const dataPlane = () => synthScope((scope) => new ChatbotDataPlane(scope, "chatbot", { namePrefix, models: [{ modelId: "amazon.nova-lite-v1:0" }], network: BASE_CONFIG.network, bundler: fakeBundler }));
    expect(refusal("ChatbotDataPlane", dataPlane)).toEqual(own);
    expect(problemsOf({ name: namePrefix })).toEqual([describeProblem({ ...own[0], field: "name" })]);
  });

  test.each([[6], [31], [7.5], ["30"]])("a deletion window of %j days is refused", (deletionWindowInDays) => {
    expect(refusal("DataPlaneKey", key({ deletionWindowInDays }))).toEqual([
      { field: "deletionWindowInDays", value: deletionWindowInDays, fix: "must be a whole number of days 7–30 (KMS's range)" },
    ]);
  });

  test("7 and 30 days pass and reach the key", () => {
    for (const days of [7, 30]) {
      const json = key({ deletionWindowInDays: days })();
      expect(Object.values(json.resource!.aws_kms_key)[0]).toMatchObject({ deletion_window_in_days: days });
    }
  });

  test("every problem at once, under the caller's prefix; tokens pass", () => {
    expect(dataPlaneKeyProblems({ namePrefix: "X", deletionWindowInDays: 3 }, "key").map((p) => p.field)).toEqual(["key.namePrefix", "key.deletionWindowInDays"]);
    synthScope((scope) => {
      const days = new TerraformVariable(scope, "days", { type: "number" }).numberValue;
      const prefix = new TerraformVariable(scope, "prefix", { type: "string" }).stringValue;
      expect(dataPlaneKeyProblems({ namePrefix: prefix, deletionWindowInDays: days })).toEqual([]);
    });
  });
});
