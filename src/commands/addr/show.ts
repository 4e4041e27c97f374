/**
 * `ip address show` and `ip address flush`: ipaddr_list_flush_or_save(),
 * ipaddr_filter(), print_selected_addrinfo() and ipaddr_flush() of iproute2
 * 6.1.0's ip/ipaddress.c, with the same requests, filters and output.
 */
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { AttributeEncoder, AttributeIndex } from '../../netlink/codec/attributes.js';
import { IFINFOMSG_LEN } from '../../netlink/gen/rtnetlink.js';
import type { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';

import { openNativeTransport } from '../../netlink/native-transport.js';
import {
  addrIndexOf,
  decodeAddr,
  encodeAddrLinkRequest,
  encodeGetAddrRequest,
  type AddrMessage,
} from '../../netlink/route/addr.js';
import { getLink, LinkCache } from '../../iproute/link-cache.js';
import { IprouteNames } from '../../iproute/names.js';
import { invarg } from '../../iproute/parse.js';
import { type InetPrefix } from '../../iproute/prefix.js';
import { AF_UNSPEC as AF_ANY } from '../../netlink/gen/socket.js';
import { decodeLink, isValidIfname, LinkMessage } from '../../netlink/route/link.js';
import { lookupNamedNetns } from '../../netlink/route/netns.js';
import { Printer } from '../../output/printer.js';
import type { LinkRenderContext } from '../link/kinds/context.js';
import { renderLinkFields, renderLinkStatsAfter } from '../link/render.js';
import { renderAddr, type AddrRenderContext } from './render.js';
import { NETLINK_GET_STRICT_CHK } from '../../netlink/gen/netlink.js';
import { AF_INET, AF_INET6, AF_PACKET, SOL_NETLINK } from '../../netlink/gen/socket.js';
import { IFA_ADDRESS, IFA_LABEL, IFA_LOCAL } from '../../netlink/gen/if_addr.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_DELADDR,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_NEWADDR,
  RTM_NEWLINK,
} from '../../netlink/gen/rtnetlink.js';
import {
  IFLA_GROUP,
  IFLA_IFNAME,
  IFLA_INET6_STATS,
  IFLA_MASTER,
  IFLA_PROTINFO,
  IFLA_STATS,
  IFLA_STATS64,
  IFLA_TXQLEN,
} from '../../netlink/gen/if_link.js';
import { IFF_UP } from '../../netlink/gen/if.js';
import { masterSelectorIndex, type MasterSelectors } from '../../iproute/vrf.js';

/** ip's `struct link_filter` as `ip address` fills it. */
export interface AddrFilter {
  /**
   * filter.family: the family addresses are listed and matched in (-4/-6,
   * else the family of `to PREFIX`). The link dump keeps the global family
   * (preferred_family), so `to 2001:db8::/64` still shows qdisc and group.
   */
  family: number;
  dev?: string;
  up: boolean;
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  label?: string;
  to?: InetPrefix;
  group?: string;
  /** `master DEV` and `vrf NAME` (a master that must be a VRF), in the order given. */
  masters: MasterSelectors;
  nomaster: boolean;
  kind?: string;
  slaveKind?: string;
}

// ---- names ----

/** fnmatch(pattern, s, 0): *, ? and [...] (with ! or ^ negation), backslash escapes. */
export function fnmatch(pattern: string, s: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        let neg = false;
        if (body[0] === '!' || body[0] === '^') {
          neg = true;
          body = body.slice(1);
        }
        re += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$').test(s);
}
function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

// ---- filters ----

/** inet_addr_match_rta: the first `bitlen` bits of the address equal the prefix's. */
function prefixMatches(to: InetPrefix | undefined, addr: Uint8Array | undefined): boolean {
  if (!to || to.family === AF_ANY) return true;
  if (!addr) return false;
  const len = addr.length === 4 ? AF_INET : addr.length === 16 ? AF_INET6 : 0;
  if (!len || len !== to.family) return false;
  let bits = to.bitlen;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((addr[i]! ^ to.bytes[i]!) & mask) !== 0) return false;
  }
  return true;
}

/** The filters print_addrinfo applies to each address (ifindex, scope, flags, family, label, to). */
export function addrPasses(
  a: AddrMessage,
  f: AddrFilter,
  family: number,
  ifindex: number,
  nameOf: (i: number) => string | undefined,
): boolean {
  if (ifindex && ifindex !== a.index) return false;
  if ((f.scope ^ a.scope) & f.scopemask) return false;
  if ((f.flags ^ a.flags) & f.flagmask) return false;
  if (family && family !== a.family) return false;
  if (f.label !== undefined) {
    const label = a.attrs.has(IFA_LABEL) ? a.label! : (nameOf(a.index) ?? `if${a.index}`);
    if (!fnmatch(f.label, label)) return false;
  }
  const local = a.attrs.bytes(IFA_LOCAL) ?? a.attrs.bytes(IFA_ADDRESS);
  return prefixMatches(f.to, local);
}

// ---- kernel access ----

function strictDumps(conn: Connection): void {
  try {
    // As ip does (rtnl_set_strict_dump): the kernel then honours ifa_index in address dumps.
    conn.transport.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
  } catch {
    // Older kernels: the dump is filtered here instead.
  }
}

/** ll_name_to_index through RTM_GETLINK by name; null when there is no such device. */
export function getLinkByName(conn: Connection, name: string, extMask: number): LinkMessage | null {
  return getLink(conn, { ifname: name }, extMask);
}

/**
 * print_queuelen falls back to ioctl(SIOCGIFTXQLEN) when a link message has
 * no IFLA_TXQLEN (the IPv6 link dump of `ip -6 address`): the same number
 * comes from one unfiltered link dump, added to those messages.
 */
function fillTxqlen(conn: Connection, links: LinkMessage[]): LinkMessage[] {
  if (links.every((l) => l.attrs.has(IFLA_TXQLEN))) return links;
  const full = new Map<number, Uint8Array>();
  const req = encodeAddrLinkRequest({ family: 0, extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS });
  for (const m of conn.dump(RTM_GETLINK, req)) {
    if (m.type !== RTM_NEWLINK) continue;
    const l = decodeLink(m.payload);
    const q = l.attrs.bytes(IFLA_TXQLEN);
    if (q) full.set(l.index, q);
  }
  return links.map((l) => {
    const q = full.get(l.index);
    if (l.attrs.has(IFLA_TXQLEN) || !q) return l;
    return withAttr(l, IFLA_TXQLEN, q);
  });
}

/** The link message with one more attribute (of a type it does not have) appended to its payload. */
function withAttr(l: LinkMessage, type: number, value: Uint8Array): LinkMessage {
  const payload = l.attrs.buffer;
  const extra = new AttributeEncoder().bytes(type, value).finish();
  const at = (payload.length + 3) & ~3;
  const bytes = new Uint8Array(at + extra.length);
  bytes.set(payload);
  bytes.set(extra, at);
  const attrs = new AttributeIndex(bytes, IFINFOMSG_LEN);
  return new LinkMessage(l.family, l.type, l.index, l.flags, l.change, attrs, l.deleted);
}

/** [IPSTATS_MIB_* index, struct rtnl_link_stats64 field index] as get_snmp_counters maps them. */
const SNMP_TO_LINK_STATS: ReadonlyArray<readonly [number, number]> = [
  [1, 0], // InReceives -> rx_packets
  [2, 2], // InOctets -> rx_bytes
  [5, 1], // OutRequests -> tx_packets
  [6, 3], // OutOctets -> tx_bytes
  [13, 4], // InDiscards -> rx_errors
  [14, 5], // OutDiscards -> tx_errors
  [23, 8], // InMcastPkts -> multicast
  [31, 13], // InCsumErrors -> rx_frame_errors
];

/**
 * get_rtnl_link_stats_rta: a link message without IFLA_STATS64/IFLA_STATS
 * (the IPv6 link dump) has its counters taken from IFLA_PROTINFO's
 * IFLA_INET6_STATS; made into an IFLA_STATS64 here so the link renderer
 * prints them as ip does.
 */
function inet6Stats(links: LinkMessage[]): LinkMessage[] {
  return links.map((l) => {
    if (l.attrs.has(IFLA_STATS64) || l.attrs.has(IFLA_STATS)) return l;
    const protinfo = l.attrs.nested(IFLA_PROTINFO);
    if (!protinfo) return l;
    const mib = protinfo.bytes(IFLA_INET6_STATS);
    const out = new Uint8Array(25 * 8);
    if (mib) {
      for (const [from, to] of SNMP_TO_LINK_STATS) {
        if (mib.length >= (from + 1) * 8) out.set(mib.subarray(from * 8, from * 8 + 8), to * 8);
      }
    }
    return withAttr(l, IFLA_STATS64, out);
  });
}

function resolveGroup(word: string, env: CommandEnv): number {
  return IprouteNames.forEnv(env).groupId(word) ?? invarg('Invalid "group" value', word);
}

function linkContext(env: CommandEnv, names: LinkCache): LinkRenderContext {
  let netnsNames: Map<number, string> | undefined;
  return {
    stats: env.opts.stats,
    details: env.opts.details,
    oneline: env.opts.oneline,
    numeric: env.opts.numeric,
    nameOf: (i) => names.knownName(i),
    // ll_index_to_flags is -1 for an index the cache does not know (lib/ll_map.c), so a
    // peer in another namespace (the IPv6 link dump names no netnsid) is not M-DOWN.
    flagsOf: (i) => names.flagsOf(i),
    netnsNameOf(nsid) {
      netnsNames ??= new Map(
        env.fact('named-netns-by-nsid', () => [...lookupNamedNetns(openNativeTransport, env.opts.netns)]),
      );
      return netnsNames.get(nsid);
    },
  };
}

function addrContext(env: CommandEnv, names: LinkCache, showDev: boolean): AddrRenderContext {
  const db = IprouteNames.forEnv(env);
  return {
    brief: env.opts.brief && !showDev,
    showDev,
    nameOf: (i) => names.knownName(i),
    scopeName(scope) {
      return db.scopeName(scope);
    },
  };
}

// ---- show ----

/**
 * `ip address show`: the links (one GETLINK for `dev X`, else a dump in the
 * asked family), the addresses (one dump, kept grouped by link), ip's
 * filters, then one JSON object per link with its addr_info.
 */
export function showAddresses(conn: Connection, p: Printer, f: AddrFilter, env: CommandEnv): void {
  const opts = env.opts;
  const family = f.family;
  strictDumps(conn);
  const extMask = RTEXT_FILTER_VF | (opts.stats ? 0 : RTEXT_FILTER_SKIP_STATS);
  const names = new LinkCache(conn);
  const group = f.group === undefined ? undefined : resolveGroup(f.group, env);

  const masterIndex = f.nomaster ? -1 : masterSelectorIndex(conn, f.masters);

  let ifindex = 0;
  let links: LinkMessage[];
  if (f.dev !== undefined) {
    const l = getLinkByName(conn, f.dev, extMask);
    if (!l) throw new CliError(`Device "${f.dev}" does not exist.`, 1, 'no-device');
    ifindex = l.index;
    links = [l];
  } else {
    const state = { interrupted: false };
    links = [];
    const req = encodeAddrLinkRequest({ family: opts.family, extMask, master: masterIndex, kind: f.kind });
    for (const m of conn.dump(RTM_GETLINK, req, 0, state)) {
      if (m.type === RTM_NEWLINK) links.push(decodeLink(m.payload));
    }
    if (state.interrupted) env.err.write('Dump was interrupted and may be inconsistent.\n');
    const kernelFiltered =
      (opts.family === 0 || opts.family === AF_PACKET) && (masterIndex !== 0 || f.kind !== undefined);
    names.complete = !kernelFiltered;
  }
  for (const l of links) names.remember(l);
  links = fillTxqlen(conn, links);
  if (opts.stats) links = inet6Stats(links);

  // Addresses by link, in the kernel's order (all IPv4, then IPv6).
  const byLink = new Map<number, AddrMessage[]>();
  if (family !== AF_PACKET) {
    const state = { interrupted: false };
    for (const m of conn.dump(RTM_GETADDR, encodeGetAddrRequest({ family, ifindex }), 0, state)) {
      if (m.type !== RTM_NEWADDR) continue;
      const idx = addrIndexOf(m.payload);
      let list = byLink.get(idx);
      if (!list) byLink.set(idx, (list = []));
      list.push(decodeAddr(m.payload, m.type));
    }
    if (state.interrupted) env.err.write('Dump was interrupted and may be inconsistent.\n');
    // ipaddr_filter: keep links with a matching address, or with none at all (unspec family)
    links = links.filter((l) => {
      const list = byLink.get(l.index);
      if (!list || list.length === 0) return family === 0;
      return list.some((a) => addrPasses(a, f, family, 0, (i) => names.knownName(i)));
    });
  }

  const noLink = opts.oneline && family !== AF_PACKET;
  const lctx = linkContext(env, names);
  const actx = addrContext(env, names, opts.oneline);
  p.startDocument();
  for (const l of links) {
    let res = 0;
    if (opts.brief || !noLink) {
      res = linkVerdict(l, f, ifindex, group, masterIndex);
      // ip 6.1 leaves an empty {} in its JSON for every link it filters out; nlts leaves nothing
      if (res < 0) continue;
    }
    p.openObject();
    if (res > 0) {
      renderLinkFields(p, l, lctx, opts.brief, { doLink: false, family });
      if (opts.brief) res = 0;
    }
    if (family !== AF_PACKET) {
      p.openArray('addr_info');
      for (const a of byLink.get(l.index) ?? []) {
        if (family && family !== a.family) continue;
        if (f.up && !(l.flags & IFF_UP)) continue;
        // likewise ip's {} for each address its filters drop
        if (!addrPasses(a, f, family, ifindex, (i) => names.knownName(i))) continue;
        p.openObject();
        renderAddr(p, a, actx);
        p.closeObject();
        a.attrs.throwIfError(); // a value too short for its type was printed as 0
      }
      p.closeArray();
      if (opts.brief) p.fp('\n');
    }
    if (res > 0 && opts.stats) renderLinkStatsAfter(p, l, opts.stats);
    p.closeObject();
  }
  p.endDocument();
}

/**
 * print_linkinfo's filters for `ip address`, in its order: -1 the link is
 * skipped, 0 its header is not printed (a `label` filter), 1 it is.
 */
function linkVerdict(
  l: LinkMessage,
  f: AddrFilter,
  ifindex: number,
  group: number | undefined,
  master: number,
): number {
  if (ifindex && l.index !== ifindex) return -1;
  if (f.up && !(l.flags & IFF_UP)) return -1;
  // get_ifname_rta: a name ip would refuse (or "if<N>" when there is none)
  if (!isValidIfname(l.attrs.has(IFLA_IFNAME) ? l.ifname : `if${l.index >>> 0}`)) return -1;
  if (f.label !== undefined) return 0;
  const g = l.attrs.s32(IFLA_GROUP);
  if (g !== undefined && group !== undefined && g !== group) return -1;
  const m = l.attrs.s32(IFLA_MASTER);
  if (m !== undefined) {
    if (master > 0 && m !== master) return -1;
  } else if (master > 0) return -1;
  if (f.kind !== undefined && l.kind !== f.kind) return -1;
  if (f.slaveKind !== undefined && l.slaveKind !== f.slaveKind) return -1;
  return 1;
}

// ---- flush ----

/** ipaddr_flush: dump, delete what matches, repeat until nothing matches (secondaries get promoted). */
export function flushAddresses(conn: Connection, f: AddrFilter, env: CommandEnv, maxRounds = 10): number {
  const opts = env.opts;
  const family = f.family;
  strictDumps(conn);
  const names = new LinkCache(conn);
  let ifindex = 0;
  if (f.dev !== undefined) {
    const l = getLinkByName(conn, f.dev, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
    if (!l) throw new CliError(`Device "${f.dev}" does not exist.`, 1, 'no-device');
    ifindex = l.index;
    names.remember(l);
  }
  const actx = addrContext(env, names, true);
  const p = new Printer(env.out, {
    json: false,
    pretty: false,
    oneline: opts.oneline,
    colorize: env.colorize,
  });
  const onlyPrimary = (f.flagmask & 1) !== 0 && (f.flags & 1) === 0;
  for (let round = 0; round < maxRounds;) {
    const doomed: Uint8Array[] = [];
    const state = { interrupted: false };
    for (const m of conn.dump(RTM_GETADDR, encodeGetAddrRequest({ family, ifindex }), 0, state)) {
      if (m.type !== RTM_NEWADDR) continue;
      const a = decodeAddr(m.payload, m.type);
      if (!addrPasses(a, f, family, ifindex, (i) => names.knownName(i))) continue;
      doomed.push(m.payload.slice());
      if (opts.stats >= 2) renderAddr(p, a, actx);
      a.attrs.throwIfError();
    }
    if (doomed.length === 0) {
      done(env, round);
      return 0;
    }
    round++;
    for (const payload of doomed) {
      try {
        conn.request(RTM_DELADDR, payload);
      } catch (e) {
        // The kernel may already have removed it along with its primary (EADDRNOTAVAIL).
        if (!(e instanceof NetlinkKernelError && e.errno === 99)) throw e;
      }
    }
    if (opts.stats) env.out.write(`\n*** Round ${round}, deleting ${doomed.length} addresses ***\n`);
    if (onlyPrimary) {
      done(env, round);
      return 0;
    }
  }
  env.err.write(`*** Flush remains incomplete after ${maxRounds} rounds. ***\n`);
  return 1;
}

function done(env: CommandEnv, round: number): void {
  if (!env.opts.stats) return;
  if (round === 0) env.out.write('Nothing to flush.\n');
  else env.out.write(`*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
}
