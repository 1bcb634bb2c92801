/**
 * The embedded database could not be opened for a reason the operator can fix (a directory
 * that is not writable, in use, or made by another version). The message is one line that
 * names the path; the command line prints it without a stack trace.
 */
export class EmbeddedDatabaseError extends Error {
  override readonly name = "EmbeddedDatabaseError";
}
