/** Input the review cannot read: the CLI turns it into exit code 2 and a one-line message naming the path. */
export class UnusableInputError extends Error {
  override readonly name = "UnusableInputError";
}
