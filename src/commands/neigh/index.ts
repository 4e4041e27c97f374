import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';

import { IprouteNames } from '../../iproute/names.js';
import { EXIT_USAGE } from '../../iproute/parse.js';
import { modifyNeighbour, parseNeighModify } from './change.js';
import { NEIGH_HELP } from './help.js';
import { makePrinter, modifyVerb, textPrinter, withRoute } from '../common.js';
import { getNeighbour, parseNeighGet } from './get.js';
import { flushNeighbours, showNeighbours } from './show.js';
import { parseNeighFilter } from '../../iproute/neigh-filter.js';
import { RTM_DELNEIGH, RTM_NEWNEIGH } from '../../netlink/gen/rtnetlink.js';

/** `help` among the show/flush selectors: ip's usage(). */
const neighHelp = (): never => {
  throw new CliError(NEIGH_HELP.trimEnd(), 255, 'help');
};

/** `nlts neigh`: ip neigh's verbs in ip's matching order (ip/ipneigh.c do_ipneigh). */
export const neighCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return neighShow([], env);
  const change = modifyVerb(verb);
  if (change) return neighModify(change.del ? RTM_DELNEIGH : RTM_NEWNEIGH, change.flags, rest, env);
  if (matches(verb, 'get')) return neighGet(rest, env);
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list')) return neighShow(rest, env);
  if (matches(verb, 'flush')) return neighFlush(rest, env);
  if (matches(verb, 'help')) {
    env.out.write(NEIGH_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts neigh help".`, EXIT_USAGE);
};

function neighShow(args: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const filter = parseNeighFilter(args, env.opts.family, names, false, neighHelp);
  return withRoute(env, (conn) => {
    showNeighbours(conn, makePrinter(env), filter, { stats: env.opts.stats, brief: env.opts.brief, names });
    return 0;
  });
}

/** `ip neigh get`: printed as text even with -j, as ip does (ipneigh_get opens no JSON document). */
function neighGet(args: string[], env: CommandEnv): number {
  const g = parseNeighGet(args, env.opts.family, NEIGH_HELP);
  return withRoute(env, (conn) => {
    getNeighbour(conn, textPrinter(env), g, { stats: env.opts.stats, names: IprouteNames.forEnv(env) });
    return 0;
  });
}

/** add / change / replace / delete: parse and check everything, then one request. */
function neighModify(type: number, flags: number, args: string[], env: CommandEnv): number {
  const m = parseNeighModify(args, env.opts.family, IprouteNames.forEnv(env));
  return withRoute(env, (conn) => {
    modifyNeighbour(conn, type, flags, m);
    return 0;
  });
}

/** `ip neigh flush SELECTOR`: ip prints nothing but -s statistics (and, with -s -s, the entries as text). */
function neighFlush(args: string[], env: CommandEnv): number {
  if (args.length === 0) throw new CliError('Flush requires arguments.', 1);
  const names = IprouteNames.forEnv(env);
  const filter = parseNeighFilter(args, env.opts.family, names, true, neighHelp);
  return withRoute(env, (conn) =>
    flushNeighbours(conn, textPrinter(env), env.out, filter, { stats: env.opts.stats, names }),
  );
}
