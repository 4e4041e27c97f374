/**
 * `nlts neigh add|change|replace|delete` (ip/ipneigh.c ipneigh_modify):
 * ip's words, checks, messages and exit statuses; one RTM_NEWNEIGH or
 * RTM_DELNEIGH with an ACK.
 */
import { Args } from '../../iproute/args.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { Connection } from '../../netlink/connection.js';
import { encodeNeighChange, type NeighChange } from '../../netlink/route/neigh.js';
import { getAddr, type InetPrefix } from '../../iproute/prefix.js';
import type { IprouteNames } from '../../iproute/names.js';
import { NEIGH_HELP } from './help.js';
import { nudStateA2n } from '../../iproute/nud.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { llAddrA2n, NEIGH_LLADDR_MAX } from '../../iproute/ll-addr.js';

import { EXIT_USAGE, duparg, duparg2, invarg } from '../../iproute/parse.js';
import {
  NTF_EXT_LEARNED,
  NTF_EXT_MANAGED,
  NTF_PROXY,
  NTF_ROUTER,
  NTF_USE,
  NUD_NONE,
  NUD_PERMANENT,
} from '../../netlink/gen/neighbour.js';
import { AF_UNSPEC } from '../../netlink/gen/socket.js';

/** A parsed `ip neigh add|change|replace|del` command line. */
export interface NeighModify {
  change: Omit<NeighChange, 'ifindex'>;
  dev?: string;
}

/** Parse the words after the verb exactly as ipneigh_modify does (same order of tests). */
export function parseNeighModify(args: string[], family: number, names: IprouteNames): NeighModify {
  let state = NUD_PERMANENT;
  let flags = 0;
  let extFlags = 0;
  const protocols: number[] = [];
  let dev: string | undefined;
  let devOk = false;
  let dst: InetPrefix | undefined;
  let lla: string | undefined;
  for (const argv = new Args(args); argv.more; argv.i++) {
    let w = argv.cur;
    if (matches(w, 'lladdr')) {
      const v = argv.next();
      if (lla !== undefined) duparg('lladdr', v);
      lla = v;
    } else if (w === 'nud') {
      const v = argv.next();
      const s = nudStateA2n(v);
      if (s === undefined) invarg('nud state is bad', v);
      state = s;
    } else if (matches(w, 'proxy')) {
      const v = argv.next();
      if (matches(v, 'help')) throw new CliError(NEIGH_HELP.trimEnd(), EXIT_USAGE, 'help');
      if (dst) duparg('address', v);
      dst = getAddr(v, family);
      devOk = true;
      flags |= NTF_PROXY;
    } else if (w === 'router') {
      flags |= NTF_ROUTER;
    } else if (w === 'use') {
      flags |= NTF_USE;
    } else if (w === 'managed') {
      extFlags |= NTF_EXT_MANAGED;
      state = NUD_NONE;
    } else if (matches(w, 'extern_learn')) {
      flags |= NTF_EXT_LEARNED;
    } else if (w === 'dev') {
      dev = argv.next();
      devOk = true;
    } else if (matches(w, 'protocol')) {
      const v = argv.next();
      const p = names.protocolId(v);
      if (p === undefined) invarg('"protocol" value is invalid\n', v);
      protocols.push(p);
    } else {
      if (w === 'to') w = argv.next();
      // ip skips a "help" here and takes the next word as the address.
      if (matches(w, 'help')) w = argv.next();
      if (dst) duparg2('to', w);
      dst = getAddr(w, family);
    }
  }
  if (!devOk || !dst || dst.family === AF_UNSPEC) {
    throw new CliError('Device and destination are required arguments.', EXIT_USAGE);
  }
  let lladdr: Uint8Array | undefined;
  if (lla !== undefined && lla !== 'null') lladdr = llAddrA2n(lla, NEIGH_LLADDR_MAX);
  return {
    change: {
      family: dst.family,
      state,
      flags,
      protocols,
      dst: dst.bytes,
      extFlags,
      ...(lladdr ? { lladdr } : {}),
    },
    ...(dev !== undefined ? { dev } : {}),
  };
}

/** Send one parsed change; kernel refusals propagate as NetlinkKernelError (exit 2). */
export function modifyNeighbour(conn: Connection, type: number, flags: number, m: NeighModify): void {
  let ifindex = 0;
  if (m.dev !== undefined) {
    ifindex = new LinkCache(conn).indexOf(m.dev);
    if (!ifindex) throw new CliError(`Cannot find device "${m.dev}"`, 1, 'no-device');
  }
  conn.request(type, encodeNeighChange({ ...m.change, ifindex }), flags);
}
