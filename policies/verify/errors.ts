/**
 * What stops the proof before it can say anything about the account: bad input, no or expired
 * credentials, an unknown stack, a missing output, an API that kept throttling. The CLI prints the
 * message as one line and exits 2; "exit 1" is kept for failures the proof found.
 */
export class VerifyInputError extends Error {
  override readonly name = "VerifyInputError";
}
