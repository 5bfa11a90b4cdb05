/** A startup problem a person can fix; the CLI prints `message` without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}
