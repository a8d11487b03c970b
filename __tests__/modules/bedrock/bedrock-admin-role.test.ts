/**
 * BedrockAdminRole's guards: only named IAM roles or users may assume the admin role (none, "*"
 * or an account root is refused), for a session IAM accepts. What the role holds is tested through
 * ControlPlaneStack (stacks/control-plane-stack.test.ts), its trust policy's size in
 * core/policy-size-guard.test.ts.
 */
import { BedrockAdminRole } from "../../../modules/bedrock/bedrock-admin-role";
import { synthScope } from "../../helpers/terraform";

describe("BedrockAdminRole guards", () => {
  test.each([
    [[], "BedrockAdminRole 'admin': principalArns: list at least one IAM role or user ARN that may assume the admin role"],
    [["*"], 'BedrockAdminRole \'admin\': principalArns[0]: must be an IAM role or user ARN like "arn:aws:iam::<account-id>:role/PlatformTeam" (no "*") (got "*")'],
    [["arn:aws:iam::111122223333:root"], "BedrockAdminRole 'admin': principalArns[0]: an account root opens the admin role to every principal of that account"],
  ])("BedrockAdminRole rejects principals %j", (principalArns, message) => {
    expect(() => synthScope((scope) => new BedrockAdminRole(scope, "admin", { namePrefix: "t", principalArns }))).toThrow(message);
  });

  test("BedrockAdminRole rejects a session duration outside IAM's range", () => {
    expect(() =>
      synthScope((scope) => new BedrockAdminRole(scope, "admin", { namePrefix: "t", principalArns: ["arn:aws:iam::111122223333:role/Ops"], maxSessionDurationSeconds: 60 })),
    ).toThrow("BedrockAdminRole 'admin': maxSessionDurationSeconds: must be a whole number of seconds 3600–43200 (IAM's range) (got 60)");
  });
});
