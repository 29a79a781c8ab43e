/**
 * A mistake the user can fix (a bad argument, a missing file, an unsupported feature): shown as its
 * message without a stack trace. Exit code 2 marks a usage error, 1 anything else.
 */
export class UserError extends Error {
  override name = "UserError";
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
