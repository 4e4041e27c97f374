/** `nlts netns`: refused, as nlts enters namespaces only for -n NAME (ip netns manages them). */
import type { CommandHandler } from './env.js';
import { CliError } from '../iproute/errors.js';

export const netnsCommand: CommandHandler = () => {
  throw new CliError(
    'nlts: "netns" is not available; use "ip netns" (nlts takes -n NAME to look inside one).',
    1,
    'unsupported',
  );
};
