/**
 * `nlts raw`: send one message on any netlink protocol and print the replies,
 * or listen on a port id / multicast groups and print what arrives.
 */
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv, CommandHandler } from '../env.js';
import { parseGnuOptions } from '../gnu-options.js';
import { RAW_HELP } from './help.js';
import { rawListen, type ListenHooks } from './listen.js';
import { rawSend } from './send.js';

export type { ListenHooks } from './listen.js';

/** Run `nlts raw ARGS`; `hooks.signal` ends a listener (main wires SIGINT to it). */
export function runRaw(args: string[], env: CommandEnv, hooks: ListenHooks = {}): number | Promise<number> {
  const verb = args[0];
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    env.out.write(RAW_HELP);
    return verb === undefined ? 1 : 0;
  }
  if (verb === 'send') return rawSend(args.slice(1), env);
  if (verb === 'listen') return rawListen(args.slice(1), env, hooks);
  // An option before the verb: no option exists here, said in the options' wording.
  if (verb.startsWith('-')) parseGnuOptions({ name: 'nlts raw', hint: 'nlts raw help', options: [] }, [verb]);
  throw new CliError(`nlts raw: unknown command "${verb}", try "nlts raw help"`);
}

/** A raw handler bound to an abort signal (for main's SIGINT wiring, and tests). */
export function rawCommandWith(hooks: ListenHooks): CommandHandler {
  return (args, env) => runRaw(args, env, hooks);
}

export const rawCommand: CommandHandler = (args, env) => runRaw(args, env, { signal: env.signal });

export { parseSendArgs } from './send.js';
export { parseListenArgs } from './listen.js';
