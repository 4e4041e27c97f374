import type { CommandHandler } from './env.js';
import { CliError } from '../iproute/errors.js';

/**
 * The handler of an ip object nlts does not provide (the registry lists its
 * words so abbreviations resolve as in ip): one line naming the ip command,
 * exit 1, nothing sent to the kernel.
 */
export function notProvidedHandler(word: string): CommandHandler {
  return () => {
    throw new CliError(`nlts: "${word}" is not available; use "ip ${word}".`, 1, 'unsupported');
  };
}
