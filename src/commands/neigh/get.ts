/**
 * `nlts neigh get { ADDR | proxy ADDR } dev DEV` (ipneigh_get of iproute2
 * 6.1.0's ip/ipneigh.c): one RTM_GETNEIGH for the address on the device,
 * the answer printed by print_neigh. ip prints it as text even with -j (it
 * opens no JSON document there), so nlts does too.
 */
import { Args } from '../../iproute/args.js';
import { CliError } from '../../iproute/errors.js';
import type { IprouteNames } from '../../iproute/names.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { duparg, duparg2, matches } from '../../iproute/parse.js';
import { getAddr, type InetPrefix } from '../../iproute/prefix.js';
import type { Connection } from '../../netlink/connection.js';
import { NTF_PROXY } from '../../netlink/gen/neighbour.js';
import { RTM_GETNEIGH, RTM_NEWNEIGH } from '../../netlink/gen/rtnetlink.js';
import { AF_UNSPEC } from '../../netlink/gen/socket.js';
import { decodeNeigh, encodeNeighChange } from '../../netlink/route/neigh.js';
import type { Printer } from '../../output/printer.js';
import { renderNeigh } from './render.js';

export interface NeighGet {
  dst: InetPrefix;
  /** Optional for `proxy ADDR` (ip then asks without a device). */
  dev?: string;
  proxy: boolean;
}

/** ipneigh_get's arguments; `help` anywhere an address goes is ip's usage. */
export function parseNeighGet(args: string[], family: number, help: string): NeighGet {
  let dev: string | undefined;
  let dst: InetPrefix | undefined;
  let devOk = false;
  let proxy = false;
  for (const argv = new Args(args); argv.more; argv.i++) {
    let w = argv.cur;
    if (w === 'dev') {
      dev = argv.next();
      devOk = true;
    } else if (matches(w, 'proxy')) {
      w = argv.next();
      if (matches(w, 'help')) throw new CliError(help.trimEnd(), 255, 'help');
      if (dst) duparg('address', w);
      dst = getAddr(w, family);
      // ip counts a proxy entry's device as given (the kernel then looks in every device's table).
      devOk = true;
      proxy = true;
    } else {
      if (w === 'to') w = argv.next();
      if (matches(w, 'help')) throw new CliError(help.trimEnd(), 255, 'help');
      if (dst) duparg2('to', w);
      dst = getAddr(w, family);
    }
  }
  if (!devOk || !dst || dst.family === AF_UNSPEC)
    throw new CliError('Device and address are required arguments.', 1);
  return { dst, proxy, ...(dev !== undefined ? { dev } : {}) };
}

/** Ask the kernel for the entry and print it; a missing entry is the kernel's error (exit 2). */
export function getNeighbour(
  conn: Connection,
  p: Printer,
  g: NeighGet,
  opts: { stats: number; names: IprouteNames },
): void {
  const links = new LinkCache(conn);
  let ifindex = 0;
  if (g.dev !== undefined) {
    ifindex = links.indexOf(g.dev);
    if (!ifindex) throw new CliError(`Cannot find device "${g.dev}"`, 1, 'no-device');
  }
  const req = encodeNeighChange({
    family: g.dst.family,
    ifindex,
    state: 0,
    flags: g.proxy ? NTF_PROXY : 0,
    dst: g.dst.bytes,
  });
  const answer = conn.request(RTM_GETNEIGH, req).find((m) => m.type === RTM_NEWNEIGH);
  if (!answer) return;
  const n = decodeNeigh(answer.payload);
  renderNeigh(p, n, {
    stats: opts.stats,
    brief: false,
    devFiltered: false,
    nameOf: (i) => links.knownName(i),
    typeOf: (i) => links.typeOf(i),
    names: opts.names,
  });
  n.attrs.throwIfError();
}
