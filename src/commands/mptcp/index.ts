/**
 * `nlts mptcp`: iproute2's `ip mptcp` (ip/ipmptcp.c) for the in-kernel path
 * manager: endpoint add/delete/change/show/flush and limits set/show.
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { getU16, getU32, getU8, incomplete, invarg, matches, missarg } from '../../iproute/parse.js';
import { getAddr } from '../../iproute/prefix.js';
import { formatAddress } from '../../netlink/inet.js';
import { MptcpPm, NoMptcpError, type MptcpEndpoint, type MptcpLimits } from '../../netlink/mptcp/pm.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../output/printer.js';
import { makePrinter, openRoute } from '../route/common.js';
import {
  MPTCP_PM_ADDR_FLAG_BACKUP,
  MPTCP_PM_ADDR_FLAG_FULLMESH,
  MPTCP_PM_ADDR_FLAG_IMPLICIT,
  MPTCP_PM_ADDR_FLAG_SIGNAL,
  MPTCP_PM_ADDR_FLAG_SUBFLOW,
} from '../../netlink/gen/mptcp.js';
import { AF_UNSPEC } from '../../netlink/gen/socket.js';

export const MPTCP_HELP = `Usage: nlts mptcp endpoint add ADDRESS [ dev NAME ] [ id ID ]
                                 [ port NR ] [ FLAG-LIST ]
       nlts mptcp endpoint delete id ID [ ADDRESS ]
       nlts mptcp endpoint change [ id ID ] [ ADDRESS ] [ port NR ] CHANGE-OPT
       nlts mptcp endpoint show [ id ID ]
       nlts mptcp endpoint flush
       nlts mptcp limits set [ subflows NR ] [ add_addr_accepted NR ]
       nlts mptcp limits show
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ signal | subflow | backup | fullmesh ]
CHANGE-OPT := [ backup | nobackup | fullmesh | nofullmesh ]
`;

/** mptcp_addr_flag_names: printed in this order; "no…" words set nothing. */
const FLAG_NAMES: readonly [string, number][] = [
  ['signal', MPTCP_PM_ADDR_FLAG_SIGNAL],
  ['subflow', MPTCP_PM_ADDR_FLAG_SUBFLOW],
  ['backup', MPTCP_PM_ADDR_FLAG_BACKUP],
  ['fullmesh', MPTCP_PM_ADDR_FLAG_FULLMESH],
  ['implicit', MPTCP_PM_ADDR_FLAG_IMPLICIT],
  ['nobackup', 0],
  ['nofullmesh', 0],
];

type Mode = 'add' | 'delete' | 'change' | 'show';

export const mptcpCommand: CommandHandler = (args, env) => {
  const [object, verb] = args;
  if (object === undefined || matches(object, 'help')) throw new CliError(MPTCP_HELP.trimEnd(), 255, 'help');
  const unknown = (w: string): never => {
    throw new CliError(`Command "${w}" is unknown, try "nlts mptcp help".`, 255);
  };
  if (matches(object, 'endpoint')) {
    const rest = args.slice(2);
    if (verb === undefined) return withPm(env, (pm) => showEndpoints(pm, env, []));
    if (matches(verb, 'add')) return withPm(env, (pm) => pm.addEndpoint(parseEndpoint(rest, 'add', env)));
    if (matches(verb, 'change'))
      return withPm(env, (pm) => pm.setEndpointFlags(parseEndpoint(rest, 'change', env)));
    if (matches(verb, 'delete'))
      return withPm(env, (pm) => pm.deleteEndpoint(parseEndpoint(rest, 'delete', env)));
    if (matches(verb, 'show')) return withPm(env, (pm) => showEndpoints(pm, env, rest));
    if (matches(verb, 'flush')) return withPm(env, (pm) => pm.flushEndpoints());
    return unknown(verb);
  }
  if (matches(object, 'limits')) {
    if (verb === undefined) return withPm(env, (pm) => showLimits(pm.limits(), env));
    if (matches(verb, 'set')) return withPm(env, (pm) => pm.setLimits(parseLimits(args.slice(2))));
    if (matches(verb, 'show')) return withPm(env, (pm) => showLimits(pm.limits(), env));
    // ip goes on to its "monitor" check with the verb, and names the verb.
    if (!matches(verb, 'monitor')) return unknown(verb);
  }
  if (matches(object, 'monitor') || (matches(object, 'limits') && verb !== undefined))
    throw new CliError(
      'nlts: "mptcp monitor" is not available; use "nlts monitor genl mptcp_pm".',
      1,
      'unsupported',
    );
  return unknown(object);
};

function withPm(env: CommandEnv, fn: (pm: MptcpPm) => void): number {
  let pm: MptcpPm;
  try {
    pm = MptcpPm.open(env.transports, env.opts.netns);
  } catch (e) {
    if (e instanceof NoMptcpError) throw new CliError(`nlts: ${e.message}`, 1, 'unsupported');
    throw e;
  }
  try {
    fn(pm);
  } finally {
    pm.close();
  }
  return 0;
}

/** mptcp_parse_opt: flags, `id`, `dev`, `port` and one ADDRESS (the last one given wins). */
function parseEndpoint(args: string[], mode: Mode, env: CommandEnv): MptcpEndpoint {
  const e: MptcpEndpoint = {};
  let flags = 0;
  let linkCache: LinkCache | null = null;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const flag = FLAG_NAMES.find(([name]) => name === w);
    if (flag) {
      flags |= flag[1];
      if (mode === 'add' && flags & MPTCP_PM_ADDR_FLAG_SIGNAL && flags & MPTCP_PM_ADDR_FLAG_FULLMESH)
        invarg("flags mustn't have both signal and fullmesh", w);
      if (mode === 'change' && flags & ~(MPTCP_PM_ADDR_FLAG_BACKUP | MPTCP_PM_ADDR_FLAG_FULLMESH))
        invarg('invalid flags, backup and fullmesh only', w);
    } else if (matches(w, 'id')) {
      if (++i >= args.length) incomplete();
      const id = getU8(args[i]!, 0);
      if (id === undefined) invarg('invalid ID\n', args[i]!);
      e.id = id;
    } else if (matches(w, 'dev')) {
      if (++i >= args.length) incomplete();
      if (!linkCache) {
        const conn = openRoute(env);
        linkCache = new LinkCache(conn);
        try {
          e.ifindex = linkCache.indexOf(args[i]!);
        } finally {
          conn.close();
        }
      } else e.ifindex = linkCache.indexOf(args[i]!);
      if (!e.ifindex) invarg('device does not exist\n', args[i]!);
    } else if (matches(w, 'port')) {
      if (++i >= args.length) incomplete();
      const port = getU16(args[i]!, 0);
      if (port === undefined) invarg('expected port', args[i]!);
      e.port = port;
    } else {
      // get_addr: a word that is no address ends the command with its message.
      const a = getAddr(w, AF_UNSPEC);
      e.family = a.family;
      e.address = a.bytes;
    }
  }
  if (mode === 'add' && e.address === undefined) missarg('ADDRESS');
  if (mode === 'delete') {
    if (e.id === undefined) missarg('ID');
    if (e.id && e.address) invarg('invalid for non-zero id address\n', 'ADDRESS');
    if (!e.id && !e.address) invarg('address is needed for deleting id 0 address\n', 'ID');
  }
  if (mode === 'add' && e.port && !(flags & MPTCP_PM_ADDR_FLAG_SIGNAL))
    invarg('flags must have signal when using port', 'port');
  if (flags) e.flags = flags;
  return e;
}

/** `endpoint show [id ID]`: the dump, or one endpoint. */
function showEndpoints(pm: MptcpPm, env: CommandEnv, args: string[]): void {
  const list = args.length ? pm.getEndpoint(parseEndpoint(args, 'show', env)) : pm.endpoints();
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn);
    const p = makePrinter(env, env.out);
    p.startDocument();
    for (const e of list) printEndpoint(p, e, (i) => links.knownName(i));
    p.endDocument();
  } finally {
    conn.close();
  }
}

/** print_mptcp_addrinfo. */
export function printEndpoint(
  p: Printer,
  e: MptcpEndpoint,
  nameOf: (ifindex: number) => string | undefined,
): void {
  p.openObject();
  if (e.address && e.family !== undefined)
    p.string(PRINT_ANY, 'address', '%s ', formatAddress(e.family, e.address));
  if (e.port) p.number(PRINT_ANY, 'port', 'port %u ', e.port);
  if (e.id !== undefined) p.number(PRINT_ANY, 'id', 'id %u ', e.id);
  if (e.flags !== undefined) {
    let rest = e.flags;
    for (const [name, mask] of FLAG_NAMES) {
      if (rest & mask) {
        p.string(PRINT_FP, null, '%s ', name);
        p.bool(PRINT_JSON, name, '', true);
      }
      rest &= ~mask;
    }
    if (rest) p.string(PRINT_ANY, 'rawflags', 'rawflags %s ', rest.toString(16).padStart(2, '0'));
  }
  if (e.ifindex) {
    const name = nameOf(e.ifindex);
    if (name !== undefined) p.string(PRINT_ANY, 'dev', 'dev %s ', name);
  }
  p.closeObject();
  p.fp('\n');
}

/** mptcp_parse_limit: `subflows N` and `add_addr_accepted N` (abbreviable). */
function parseLimits(args: string[]): MptcpLimits {
  const l: MptcpLimits = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (matches(w, 'subflows')) {
      if (++i >= args.length) incomplete();
      const v = getU32(args[i]!, 0);
      if (v === undefined) invarg('invalid subflows\n', args[i]!);
      l.subflows = v;
    } else if (matches(w, 'add_addr_accepted')) {
      if (++i >= args.length) incomplete();
      const v = getU32(args[i]!, 0);
      if (v === undefined) invarg('invalid add_addr_accepted\n', args[i]!);
      l.addAddrAccepted = v;
    } else invarg('unknown limit', w);
  }
  return l;
}

/**
 * print_mptcp_limit. ip 6.1 prints this line as text even with -j (it opens
 * no JSON document here); nlts prints one JSON object so -j stays JSON.
 */
function showLimits(l: MptcpLimits, env: CommandEnv): void {
  const p = makePrinter(env, env.out);
  p.openObject();
  if (l.addAddrAccepted !== undefined)
    p.number(PRINT_ANY, 'add_addr_accepted', 'add_addr_accepted %d ', l.addAddrAccepted);
  if (l.subflows !== undefined) p.number(PRINT_ANY, 'subflows', 'subflows %d ', l.subflows);
  p.fp('\n');
  p.closeObject();
  if (env.opts.json) env.out.write('\n');
}
