/**
 * The selectors of `ip neigh show|flush` (ip/ipneigh.c: the filter struct,
 * do_show_or_flush's argument loop, print_neigh's checks), shared by the
 * neigh command and the library's RouteClient.show().
 */
import { Args } from './args.js';
import { duparg, invarg, matches } from './parse.js';
import { getPrefix, prefixMatches, type InetPrefix } from './prefix.js';
import type { IprouteNames } from './names.js';
import { nudStateA2n } from './nud.js';
import { cacheinfo, type NeighMessage } from '../netlink/route/neigh.js';
import {
  NDA_CACHEINFO,
  NDA_DST,
  NDA_PROTOCOL,
  NTF_EXT_LEARNED,
  NTF_PROXY,
  NUD_NOARP,
  NUD_PERMANENT,
} from '../netlink/gen/neighbour.js';
import { AF_UNSPEC } from '../netlink/gen/socket.js';

/** The selectors of `ip neigh show` (ip/ipneigh.c's filter struct). */
export interface NeighFilter {
  family: number;
  dev?: string;
  /** An ifindex, -1 for "nomaster", or a name to resolve. */
  master?: string | -1;
  vrf?: string;
  unusedOnly: boolean;
  /** NUD_* mask; 0x100 stands for NUD_NONE. */
  state: number;
  /** ndm_flags of the request (NTF_PROXY for "proxy"). */
  ndmFlags: number;
  protocol: number;
  pfx?: InetPrefix;
}

/**
 * Parse `ip neigh show` arguments exactly as do_show_or_flush does; `help`
 * where a prefix would be is the caller's to answer (onHelp; without one it
 * is parsed as a prefix, and refused as one).
 */
export function parseNeighFilter(
  args: string[],
  family: number,
  names: IprouteNames,
  flush = false,
  onHelp?: () => never,
): NeighFilter {
  const f: NeighFilter = {
    family,
    unusedOnly: false,
    state: flush ? ~(NUD_PERMANENT | NUD_NOARP) : 0xff & ~NUD_NOARP,
    ndmFlags: 0,
    protocol: 0,
  };
  let stateGiven = false;
  for (const argv = new Args(args); argv.more; argv.i++) {
    const w = argv.cur;
    if (w === 'dev') {
      const v = argv.next();
      if (f.dev !== undefined) duparg('dev', v);
      f.dev = v;
    } else if (w === 'master') {
      f.master = argv.next();
    } else if (w === 'vrf') {
      f.vrf = argv.next();
    } else if (w === 'nomaster') {
      f.master = -1;
    } else if (w === 'unused') {
      f.unusedOnly = true;
    } else if (w === 'nud') {
      const v = argv.next();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let state = nudStateA2n(v);
      if (state === undefined) {
        if (v !== 'all') invarg('nud state is bad', v);
        state = ~0;
        if (flush) state &= ~NUD_NOARP;
      }
      if (state === 0) state = 0x100;
      f.state |= state;
    } else if (w === 'proxy') {
      f.ndmFlags = NTF_PROXY;
    } else if (matches(w, 'protocol')) {
      const v = argv.next();
      const prot = names.protocolId(v);
      if (prot === undefined) {
        if (v !== 'all') invarg('invalid "protocol"', v);
        f.protocol = 0;
      } else f.protocol = prot;
    } else {
      let v = w;
      if (w === 'to') v = argv.next();
      if (onHelp && matches(v, 'help')) onHelp();
      f.pfx = getPrefix(v, f.family);
      if (f.family === AF_UNSPEC) f.family = f.pfx.family;
    }
  }
  return f;
}

/** print_neigh's state filter: NOARP (and NONE) entries only when asked for; proxies and learned entries always. */
export function neighStateSelected(f: NeighFilter, n: NeighMessage): boolean {
  return !(
    !(f.state & n.state) &&
    !(n.flags & NTF_PROXY) &&
    !(n.flags & NTF_EXT_LEARNED) &&
    (n.state || !(f.state & 0x100))
  );
}

/** print_neigh's remaining checks: the destination prefix, the protocol, `unused` (no references). */
export function neighAttrsSelected(f: NeighFilter, n: NeighMessage): boolean {
  if (f.pfx && !prefixMatches(f.pfx, n.attrs.bytes(NDA_DST))) return false;
  const protocol = n.attrs.u8(NDA_PROTOCOL) ?? 0;
  if (f.protocol && f.protocol !== protocol) return false;
  if (f.unusedOnly && cacheinfo(n.attrs.get(NDA_CACHEINFO))?.refcnt) return false;
  return true;
}
