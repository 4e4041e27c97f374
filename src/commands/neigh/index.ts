import { CliError } from '../../cli/errors.js';
import { matches } from '../../cli/matches.js';
import type { CommandEnv, CommandHandler } from '../../cli/env.js';
import { NETLINK_ROUTE } from '../../netlink/constants.js';
import { Connection } from '../../netlink/connection.js';
import { Printer } from '../../output/printer.js';
import { NameDb } from '../rule/names.js';
import { NEIGH_HELP } from './help.js';
import { parseNeighFilter, showNeighbours } from './show.js';

/** Verbs of `ip neigh` nlts does not do yet, in ip's matching order (ip/ipneigh.c do_ipneigh). */
const NOT_YET = ['add', 'change', 'chg', 'replace', 'delete', 'get'];

export const neighCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return neighShow([], env);
  for (const v of NOT_YET) {
    if (v === 'chg' ? verb === v : matches(verb, v)) {
      throw new CliError(`nlts: "neigh ${v}" is not available yet; use "ip neigh ${v}".`, 1, 'unsupported');
    }
  }
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list'))
    return neighShow(args.slice(1), env);
  if (matches(verb, 'flush')) {
    throw new CliError('nlts: "neigh flush" is not available yet; use "ip neigh flush".', 1, 'unsupported');
  }
  if (matches(verb, 'help')) {
    env.out.write(NEIGH_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts neigh help".`, 255);
};

function neighShow(args: string[], env: CommandEnv): number {
  const names = NameDb.forEnv(env);
  const filter = parseNeighFilter(args, env.opts.family, names);
  const conn = Connection.open(
    env.transports,
    NETLINK_ROUTE,
    env.opts.netns ? { netns: env.opts.netns } : undefined,
  );
  try {
    const p = new Printer(env.out, {
      json: env.opts.json,
      pretty: env.opts.pretty,
      oneline: env.opts.oneline,
      colorize: env.colorize,
    });
    showNeighbours(conn, p, filter, { stats: env.opts.stats, brief: env.opts.brief, names });
    return 0;
  } finally {
    conn.close();
  }
}
