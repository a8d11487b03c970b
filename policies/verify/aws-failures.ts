/**
 * An AWS call the proof cannot do without (who am I, the simulator) failed: one line naming the
 * step, what went wrong and what to do. Pure. Credentials and throttling are the usual causes;
 * the SDK has retried throttling already by the time an error gets here.
 */
import { VerifyInputError } from "./errors";

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const INVALID = new Set(["InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId"]);
const THROTTLED = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);
const UNREACHABLE = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

function field(error: unknown, key: string): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

/** The one-line error for a failed step, or undefined when the error is none of the known kinds (a bug: let it surface). */
export function awsStepFailure(step: string, error: unknown, attempts?: number): VerifyInputError | undefined {
  const name = String(field(error, "name") ?? "");
  const message = String(field(error, "message") ?? "").split("\n")[0];
  const code = String(field(error, "code") ?? field(field(error, "cause"), "code") ?? "");
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new VerifyInputError("no AWS credentials found: sign in (aws sso login, AWS_PROFILE=…, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and run again");
  }
  if (EXPIRED.has(name) || /token.*expired|expired.*token/i.test(message)) {
    return new VerifyInputError(`the AWS credentials have expired (${step}: ${name}): refresh them (aws sso login, or new temporary keys) and run again`);
  }
  if (INVALID.has(name)) return new VerifyInputError(`the AWS credentials are not valid (${step}: ${name}): check the profile or keys, and that the region is one your account uses`);
  if (THROTTLED.has(name)) {
    return new VerifyInputError(`${step} kept throttling${attempts ? ` after ${attempts} attempts with the SDK's adaptive retries` : ""}: AWS limits this API per account; wait a minute and run again`);
  }
  if (name === "AccessDenied" || name === "AccessDeniedException") {
    return new VerifyInputError(`your identity may not call ${step}: ${message} (the runner's minimal policy is in docs/deploying.md, "After the first deploy")`);
  }
  if (name === "NoSuchEntity" || name === "NoSuchEntityException") return new VerifyInputError(`${step}: ${message} (is the stack deployed in this account?)`);
  if (name === "InvalidInput" || name === "InvalidInputException" || name === "ValidationError") return new VerifyInputError(`${step} refused the question: ${message}`);
  if (UNREACHABLE.has(code) || UNREACHABLE.has(name)) return new VerifyInputError(`${step}: could not reach AWS (${code || name}: ${message}): check the region and the network`);
  return undefined;
}
