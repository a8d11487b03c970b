/** Assume-role (trust) policies. No wildcard principal, and none that opens a whole account. */
import { policyDocument, type PolicyDocument } from "./statement";

/** Lambda may assume the role only on behalf of functions in this account (confused-deputy guard). */
export function lambdaTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "LambdaInThisAccount",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

export interface AdminTrustOptions {
  /** IAM role or user ARNs allowed to assume the admin role. */
  readonly principalArns: readonly string[];
  /** Require MFA on the assuming session. */
  readonly requireMfa: boolean;
}

export function adminTrustPolicy(options: AdminTrustOptions): PolicyDocument {
  return policyDocument([
    {
      Sid: "NamedAdministrators",
      Effect: "Allow",
      Principal: { AWS: [...options.principalArns] },
      Action: "sts:AssumeRole",
      ...(options.requireMfa ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } } : {}),
    },
  ]);
}
