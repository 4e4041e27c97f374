/**
 * `nlts token`: iproute2's `ip token` (ip/iptoken.c), the IPv6 tokenized
 * interface identifier of each link: list, get, set, del.
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { incomplete, invarg, matches } from '../../iproute/parse.js';
import { getPrefix } from '../../iproute/prefix.js';
import { formatAddress } from '../../netlink/inet.js';
import { decodeLink } from '../../netlink/route/link.js';
import { encodeInet6LinkDump, encodeTokenSet, tokenOf } from '../../netlink/route/token.js';
import { PRINT_ANY, PRINT_FP } from '../../output/printer.js';
import { makePrinter, openRoute } from '../route/common.js';
import { IFF_LOOPBACK, IFF_NOARP } from '../../netlink/gen/if.js';
import { RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from '../../netlink/gen/rtnetlink.js';
import { AF_INET6 } from '../../netlink/gen/socket.js';
import type { Connection } from '../../netlink/connection.js';

export const TOKEN_HELP = `Usage: nlts token [ list | set | del | get ] [ TOKEN ] [ dev DEV ]
`;

export const tokenCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return tokenList([], env);
  if (matches(verb, 'list') || matches(verb, 'lst') || matches(verb, 'show')) return tokenList(rest, env);
  if (matches(verb, 'set') || matches(verb, 'add')) return tokenSet(rest, env, false);
  if (matches(verb, 'delete') || matches(verb, 'del')) return tokenSet(rest, env, true);
  if (matches(verb, 'get')) return tokenList(rest, env);
  if (matches(verb, 'help')) throw new CliError(TOKEN_HELP.trimEnd(), 255, 'help');
  throw new CliError(`Command "${verb}" is unknown, try "nlts token help".`, 255);
};

/** `dev DEV` as iptoken.c resolves it: ll_name_to_index, "dev is invalid" when there is none. */
function devIndex(conn: Connection, name: string): number {
  const ifindex = new LinkCache(conn).indexOf(name);
  if (ifindex === 0) invarg('dev is invalid\n', name);
  return ifindex;
}

/** iptoken_list / iptoken_get: "token TOKEN dev DEV" for each link (or DEV), loopback and NOARP links left out. */
function tokenList(args: string[], env: CommandEnv): number {
  const conn = openRoute(env);
  try {
    let ifindex = 0;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === 'dev') {
        if (++i >= args.length) incomplete();
        ifindex = devIndex(conn, args[i]!);
      }
    }
    const links = new LinkCache(conn);
    const p = makePrinter(env, env.out);
    p.startDocument();
    for (const m of conn.dumpConsistent(RTM_GETLINK, encodeInet6LinkDump())) {
      if (m.type !== RTM_NEWLINK) continue;
      const l = decodeLink(m.payload);
      if (l.family !== AF_INET6 || l.index === 0) continue;
      if (ifindex > 0 && l.index !== ifindex) continue;
      if (l.flags & (IFF_LOOPBACK | IFF_NOARP)) continue;
      const token = tokenOf(l);
      if (token === undefined) {
        env.err.write("Seems there's no support for IPv6 token!\n");
        continue;
      }
      p.openObject();
      p.string(PRINT_FP, null, 'token ', '');
      p.string(PRINT_ANY, 'token', '%s', formatAddress(AF_INET6, token), 'inet6');
      p.string(PRINT_FP, null, ' dev ', '');
      p.string(PRINT_ANY, 'ifname', '%s\n', links.nameOf(l.index), 'ifname');
      p.closeObject();
    }
    p.endDocument();
  } finally {
    conn.close();
  }
  return 0;
}

/** iptoken_set: `set TOKEN dev DEV` (del: the token ::); words after the two are ignored, as by ip. */
function tokenSet(args: string[], env: CommandEnv, del: boolean): number {
  const conn = openRoute(env);
  try {
    let ifindex: number | undefined;
    let token: Uint8Array | undefined = del ? new Uint8Array(16) : undefined;
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!;
      if (w === 'dev') {
        if (++i >= args.length) incomplete();
        if (ifindex === undefined) ifindex = devIndex(conn, args[i]!);
      } else {
        if (matches(w, 'help')) throw new CliError(TOKEN_HELP.trimEnd(), 255, 'help');
        if (!del && token === undefined) token = getPrefix(w, AF_INET6).bytes;
      }
    }
    if (token === undefined) throw new CliError('Not enough information: token is required.', 1);
    if (ifindex === undefined) throw new CliError('Not enough information: "dev" argument is required.', 1);
    conn.request(RTM_SETLINK, encodeTokenSet(ifindex, token));
  } finally {
    conn.close();
  }
  return 0;
}
