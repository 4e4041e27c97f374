/**
 * An error meant for people: one line on stderr, then exit with `exitCode`.
 * Commands throw it for bad input; main() prints it without a stack trace.
 * (It lives here, below both src/cli/ and src/commands/, so commands do not
 * import the CLI.)
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Short machine-readable kind for the -j error object. */
    readonly kind = 'usage',
    /**
     * nlts's own text laid out in lines (a usage or help text, as ip prints it).
     * Other messages are printed on one line, their newlines escaped, since
     * they may carry an argument or a kernel message.
     */
    readonly lines = kind === 'help',
  ) {
    super(message);
  }
}
