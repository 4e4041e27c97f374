import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';

import { Connection } from '../../netlink/connection.js';

import { Printer } from '../../output/printer.js';
import { IprouteNames } from '../../iproute/names.js';
import { EXIT_USAGE } from '../../iproute/parse.js';
import { modifyNeighbour, parseNeighModify } from './change.js';
import { NEIGH_HELP } from './help.js';
import { flushNeighbours, parseNeighFilter, showNeighbours } from './show.js';
import { inNetns } from '../../netlink/transport.js';
import { NETLINK_ROUTE, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/gen/netlink.js';
import { RTM_DELNEIGH, RTM_NEWNEIGH } from '../../netlink/gen/rtnetlink.js';

/** `nlts neigh`: ip neigh's verbs in ip's matching order (ip/ipneigh.c do_ipneigh). */
export const neighCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return neighShow([], env);
  if (matches(verb, 'add')) return neighModify(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, rest, env);
  if (matches(verb, 'change') || verb === 'chg') return neighModify(RTM_NEWNEIGH, NLM_F_REPLACE, rest, env);
  if (matches(verb, 'replace')) return neighModify(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, rest, env);
  if (matches(verb, 'delete')) return neighModify(RTM_DELNEIGH, 0, rest, env);
  if (matches(verb, 'get')) {
    throw new CliError('nlts: "neigh get" is not available yet; use "ip neigh get".', 1, 'unsupported');
  }
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list')) return neighShow(rest, env);
  if (matches(verb, 'flush')) return neighFlush(rest, env);
  if (matches(verb, 'help')) {
    env.out.write(NEIGH_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts neigh help".`, EXIT_USAGE);
};

function open(env: CommandEnv): Connection {
  return Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
}

function neighShow(args: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const filter = parseNeighFilter(args, env.opts.family, names);
  const conn = open(env);
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

/** add / change / replace / delete: parse and check everything, then one request. */
function neighModify(type: number, flags: number, args: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const m = parseNeighModify(args, env.opts.family, names);
  const conn = open(env);
  try {
    modifyNeighbour(conn, type, flags, m);
    return 0;
  } finally {
    conn.close();
  }
}

/** `ip neigh flush SELECTOR`: ip prints nothing but -s statistics (and, with -s -s, the entries as text). */
function neighFlush(args: string[], env: CommandEnv): number {
  if (args.length === 0) throw new CliError('Flush requires arguments.', 1);
  const names = IprouteNames.forEnv(env);
  const filter = parseNeighFilter(args, env.opts.family, names, true);
  const conn = open(env);
  try {
    const p = new Printer(env.out, {
      json: false,
      pretty: false,
      oneline: env.opts.oneline,
      colorize: env.colorize,
    });
    return flushNeighbours(conn, p, env.out, filter, { stats: env.opts.stats, names });
  } finally {
    conn.close();
  }
}
