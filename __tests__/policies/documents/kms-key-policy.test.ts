/** logsKeyPolicy: the data-plane key's policy document, which never admits CloudWatch for every alarm of the account. */
import { logsKeyPolicy } from "../../../policies/documents/kms-key-policy";

describe("logsKeyPolicy", () => {
  test("logsKeyPolicy refuses to admit CloudWatch without an alarm name pattern (it would admit every alarm)", () => {
    expect(() => logsKeyPolicy({ partition: "aws", region: "r", accountId: "a", logsServicePrincipal: "logs", cloudWatchServicePrincipal: "cloudwatch" })).toThrow(
      "alarmNamePattern is required with cloudWatchServicePrincipal",
    );
  });
});
