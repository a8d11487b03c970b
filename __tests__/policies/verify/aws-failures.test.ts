import { awsStepFailure } from "../../../policies/verify/aws-failures";

const error = (name: string, message = "m", extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe("awsStepFailure", () => {
  it.each([
    [error("CredentialsProviderError", "Could not load credentials from any providers"), /^no AWS credentials found: sign in/],
    [error("ExpiredToken", "The security token included in the request is expired"), /^the AWS credentials have expired \(iam:SimulatePrincipalPolicy: ExpiredToken\)/],
    [error("ExpiredTokenException"), /^the AWS credentials have expired/],
    [error("InvalidClientTokenId", "The security token included in the request is invalid."), /^the AWS credentials are not valid \(iam:SimulatePrincipalPolicy: InvalidClientTokenId\)/],
    [error("Throttling", "Rate exceeded"), /^iam:SimulatePrincipalPolicy kept throttling after 8 attempts with the SDK's adaptive retries/],
    [error("AccessDenied", "User: bob is not authorized"), /^your identity may not call iam:SimulatePrincipalPolicy: User: bob is not authorized \(the runner's minimal policy is in docs\/deploying\.md, "After the first deploy"\)$/],
    [error("NoSuchEntity", "The role with name x cannot be found."), /^iam:SimulatePrincipalPolicy: The role with name x cannot be found\. \(is the stack deployed in this account\?\)$/],
    [error("InvalidInput", "Invalid ARN: arn:aws:iam::1:role/x"), /^iam:SimulatePrincipalPolicy refused the question: Invalid ARN: arn:aws:iam::1:role\/x$/],
    [error("Error", "getaddrinfo ENOTFOUND iam.amazonaws.com", { code: "ENOTFOUND" }), /^iam:SimulatePrincipalPolicy: could not reach AWS \(ENOTFOUND: .*\): check the region and the network$/],
  ])("%s → one line", (thrown, line) => {
    const failure = awsStepFailure("iam:SimulatePrincipalPolicy", thrown, 8);
    expect(failure?.message).toMatch(line);
    expect(failure?.message.split("\n")).toHaveLength(1);
  });

  it("leaves an error it does not know to surface as what it is (a bug, not bad input)", () => {
    expect(awsStepFailure("iam:SimulatePrincipalPolicy", new TypeError("x is undefined"))).toBeUndefined();
  });
});
