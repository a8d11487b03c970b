/** logsKeyPolicy: the data-plane key's policy document, which never admits CloudWatch for every alarm of the account. */
import { logsKeyPolicy } from "../../../policies/documents/kms-key-policy";

describe("logsKeyPolicy", () => {
  test("logsKeyPolicy refuses to admit CloudWatch without an alarm name pattern (it would admit every alarm)", () => {
    expect(() => logsKeyPolicy({ partition: "aws", region: "r", accountId: "a", logsServicePrincipal: "logs", cloudWatchServicePrincipal: "cloudwatch" })).toThrow(
      "alarmNamePattern is required with cloudWatchServicePrincipal",
    );
  });

  const options = { partition: "aws", region: "eu-west-1", accountId: "111122223333", logsServicePrincipal: "logs.eu-west-1.amazonaws.com" };
  const statements = (extra: Partial<Parameters<typeof logsKeyPolicy>[0]> = {}) => logsKeyPolicy({ ...options, ...extra }).Statement;
  /** KMS's cryptographic operations with a symmetric key: the only ones a request carries an encryption context to. */
  const TAKES_CONTEXT = /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/;

  test("a statement conditioned on an encryption context grants only operations that carry one (no dead kms:Describe*)", () => {
    const all = [...statements(), ...statements({ cloudWatchServicePrincipal: "cloudwatch.amazonaws.com", alarmNamePattern: "bot-*" })];
    const withContext = all.filter((s) => JSON.stringify(s.Condition ?? {}).includes("kms:EncryptionContext"));
    expect(withContext).not.toHaveLength(0);
    for (const statement of withContext) {
      for (const action of [statement.Action ?? []].flat()) expect(action).toMatch(TAKES_CONTEXT);
    }
  });

  test("CloudWatch Logs may encrypt and decrypt for this account's log groups in the region, and nothing more", () => {
    const logs = statements().find((s) => s.Sid === "CloudWatchLogsForThisAccountsLogGroups")!;
    expect(logs).toMatchObject({
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: ["kms:Decrypt*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:log-group:*" } },
    });
    expect(statements().filter((s) => JSON.stringify(s.Principal).includes("logs."))).toHaveLength(1);
  });
});
