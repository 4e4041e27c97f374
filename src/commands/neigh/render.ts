import { cacheinfo, type NeighMessage } from '../../netlink/route/neigh.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import { llAddrToString } from '../link/render.js';

import { formatAddress as formatAddr } from '../../netlink/inet.js';
import type { IprouteNames } from '../../iproute/names.js';
import { NUD_NAMES } from '../../iproute/nud.js';
import {
  NDA_CACHEINFO,
  NDA_DST,
  NDA_FLAGS_EXT,
  NDA_LLADDR,
  NDA_PROBES,
  NDA_PROTOCOL,
  NTF_EXT_LEARNED,
  NTF_EXT_MANAGED,
  NTF_OFFLOADED,
  NTF_PROXY,
  NTF_ROUTER,
} from '../../netlink/gen/neighbour.js';
import { AF_BRIDGE, AF_INET, AF_INET6 } from '../../netlink/gen/socket.js';

/** USER_HZ: the unit of struct nda_cacheinfo (sysconf(_SC_CLK_TCK), 100 on Linux). */
export const USER_HZ = 100;

export interface NeighRenderContext {
  /** ip -s count. */
  stats: number;
  brief: boolean;
  /** A `dev X` filter is in force: ip then leaves the device out. */
  devFiltered: boolean;
  /** ll_index_to_name; undefined when unknown. */
  nameOf(ifindex: number): string | undefined;
  /** ll_index_to_type (ARPHRD_*), 0 when unknown. */
  typeOf(ifindex: number): number;
  names: IprouteNames;
}

function printState(p: Printer, nud: number): void {
  p.openArray(p.json ? 'state' : '');
  for (const [bit, name] of NUD_NAMES) if (nud & bit) p.string(PRINT_ANY, null, '%s ', name);
  p.closeArray();
}

/** The family NDA_DST is written in: bridge FDB entries carry IPv4 or IPv6 by length. */
function dstFamily(n: NeighMessage, len: number): number {
  if (n.family === AF_BRIDGE) return len === 16 ? AF_INET6 : AF_INET;
  return n.family;
}

function color(family: number): 'inet' | 'inet6' | 'none' {
  return family === AF_INET ? 'inet' : family === AF_INET6 ? 'inet6' : 'none';
}

function devName(ctx: NeighRenderContext, ifindex: number): string {
  return ctx.nameOf(ifindex) ?? `if${ifindex}`;
}

/** print_neigh (ip/ipneigh.c): one neighbour entry as `ip neigh` prints it. */
export function renderNeigh(
  p: Printer,
  n: NeighMessage,
  ctx: NeighRenderContext,
  msgType: 'new' | 'del' | 'get' = 'new',
): void {
  const tb = n.attrs;
  p.openObject();
  if (msgType === 'del') p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  else if (msgType === 'get') p.null(PRINT_ANY, 'miss', '%s ', 'miss');

  const dst = tb.get(NDA_DST);
  const lladdr = tb.get(NDA_LLADDR);
  if (ctx.brief) {
    if (dst) {
      const fam = dstFamily(n, dst.data.length);
      p.string(PRINT_ANY, 'dst', '%-39s ', formatAddr(fam, dst.data), color(fam));
    }
    if (!ctx.devFiltered && n.ifindex)
      p.string(PRINT_ANY, 'dev', '%-16s ', devName(ctx, n.ifindex), 'ifname');
    if (lladdr)
      p.string(PRINT_ANY, 'lladdr', '%s', llAddrToString(lladdr.data, ctx.typeOf(n.ifindex)), 'mac');
    p.fp('\n');
    p.closeObject();
    return;
  }

  if (dst) {
    const fam = dstFamily(n, dst.data.length);
    p.string(PRINT_ANY, 'dst', '%s ', formatAddr(fam, dst.data), color(fam));
  }
  if (!ctx.devFiltered && n.ifindex) {
    p.fp('dev ');
    p.string(PRINT_ANY, 'dev', '%s ', devName(ctx, n.ifindex), 'ifname');
  }
  if (lladdr) {
    p.fp('lladdr ');
    p.string(PRINT_ANY, 'lladdr', '%s ', llAddrToString(lladdr.data, ctx.typeOf(n.ifindex)), 'mac');
  }
  const extFlags = tb.u32(NDA_FLAGS_EXT) ?? 0;
  if (n.flags & NTF_ROUTER) p.null(PRINT_ANY, 'router', '%s ', 'router');
  if (n.flags & NTF_PROXY) p.null(PRINT_ANY, 'proxy', '%s ', 'proxy');
  if (extFlags & NTF_EXT_MANAGED) p.null(PRINT_ANY, 'managed', '%s ', 'managed');
  if (n.flags & NTF_EXT_LEARNED) p.null(PRINT_ANY, 'extern_learn', '%s ', 'extern_learn');
  if (n.flags & NTF_OFFLOADED) p.null(PRINT_ANY, 'offload', '%s ', 'offload');

  if (ctx.stats) {
    const ci = cacheinfo(tb.get(NDA_CACHEINFO));
    if (ci) {
      if (ci.refcnt) p.number(PRINT_ANY, 'refcnt', ' ref %u', ci.refcnt);
      p.number(PRINT_ANY, 'used', ' used %u', Math.floor(ci.used / USER_HZ));
      p.number(PRINT_ANY, 'confirmed', '/%u', Math.floor(ci.confirmed / USER_HZ));
      p.number(PRINT_ANY, 'updated', '/%u', Math.floor(ci.updated / USER_HZ));
    }
    const probes = tb.u32(NDA_PROBES);
    if (probes !== undefined) p.number(PRINT_ANY, 'probes', 'probes %u ', probes);
  }

  if (n.state) printState(p, n.state);

  const protocol = tb.u8(NDA_PROTOCOL) ?? 0;
  if (protocol) p.string(PRINT_ANY, 'protocol', 'proto %s ', ctx.names.protocolName(protocol));

  p.fp('\n');
  p.closeObject();
}
