import { CliError } from '../../src/iproute/errors.js';

/** The CliError `fn` throws; anything else it throws is rethrown, and not throwing is a failure. */
export function cliErrorOf(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('no error');
}
