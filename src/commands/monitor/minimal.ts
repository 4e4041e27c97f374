/**
 * Stand-in decoders for the rtnetlink objects whose show renderers are not
 * in the tree yet (addresses, routes, neighbours, rules, nsids). Each gives
 * a small object with iproute2's JSON key names and an ip-like text line.
 * When src/commands/{addr,route,neigh,rule}/render.ts land, the source table
 * in rtnl.ts switches to them and these go away.
 */
import { attributeTable, s32, str, u32, type Attribute } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../../netlink/codec/bytes.js';
import { CodecError } from '../../netlink/codec/errors.js';
import { PRINT_ANY, PRINT_JSON, type Printer } from '../../output/printer.js';

// <linux/socket.h>
const AF_INET = 2;
const AF_INET6 = 10;
const AF_BRIDGE = 7;
const AF_MPLS = 28;

// <linux/if_addr.h>
const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const IFA_LABEL = 3;
const IFA_BROADCAST = 4;
const IFA_CACHEINFO = 6;
const IFA_FLAGS = 8;
/** IFA_F_* (<linux/if_addr.h>) in the order ip prints them. */
const IFA_FLAG_NAMES: [number, string][] = [
  [0x01, 'secondary'],
  [0x02, 'nodad'],
  [0x04, 'optimistic'],
  [0x08, 'dadfailed'],
  [0x10, 'home'],
  [0x20, 'deprecated'],
  [0x40, 'tentative'],
  [0x100, 'mngtmpaddr'],
  [0x200, 'noprefixroute'],
  [0x400, 'autojoin'],
  [0x800, 'stable-privacy'],
];
// <linux/rtnetlink.h>
const RTA_DST = 1;
const RTA_SRC = 2;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_PRIORITY = 6;
const RTA_PREFSRC = 7;
const RTA_TABLE = 15;
const RTA_PREF = 20;
/** ICMPV6_ROUTER_PREF_* (<linux/icmpv6.h>). */
const ROUTER_PREF = new Map([
  [0, 'medium'],
  [1, 'high'],
  [3, 'low'],
]);
/** rtm_flags: a cache clone, which ip monitor does not print. */
export const RTM_F_CLONED = 0x200;
// <linux/neighbour.h>
const NDA_DST = 1;
const NDA_LLADDR = 2;
// <linux/fib_rules.h>
const FRA_DST = 1;
const FRA_SRC = 2;
const FRA_PRIORITY = 6;
const FRA_TABLE = 15;
// <linux/net_namespace.h>
const NETNSA_NSID = 1;

export function familyName(f: number): string {
  if (f === AF_INET) return 'inet';
  if (f === AF_INET6) return 'inet6';
  if (f === AF_BRIDGE) return 'bridge';
  if (f === AF_MPLS) return 'mpls';
  return String(f);
}

/** inet_ntop: dotted quad, or RFC 5952 IPv6 (longest run of two or more zero words as "::"). */
export function formatAddress(family: number, a: Uint8Array): string {
  if (family === AF_INET && a.length === 4) return Array.from(a).join('.');
  if (family === AF_INET6 && a.length === 16) {
    const w: number[] = [];
    for (let i = 0; i < 16; i += 2) w.push((a[i]! << 8) | a[i + 1]!);
    if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff)
      return `::ffff:${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (w[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && w[j] === 0) j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    const hex = w.map((x) => x.toString(16));
    if (best < 0) return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join(':');
}

const SCOPES = new Map([
  [0, 'global'],
  [200, 'site'],
  [253, 'link'],
  [254, 'host'],
  [255, 'nowhere'],
]);
const PROTOCOLS = new Map([
  [0, 'unspec'],
  [1, 'redirect'],
  [2, 'kernel'],
  [3, 'boot'],
  [4, 'static'],
  [16, 'dhcp'],
  [186, 'bgp'],
  [187, 'isis'],
  [188, 'ospf'],
  [189, 'rip'],
]);
const TABLES = new Map([
  [253, 'default'],
  [254, 'main'],
  [255, 'local'],
]);
const ROUTE_TYPES = [
  'none',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
];
const NUD = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT'];

const nameOr = (m: Map<number, string>, v: number): string => m.get(v) ?? String(v);

function header(payload: Uint8Array, len: number, what: string): DataView {
  if (payload.length < len) throw new CodecError(`${what} needs ${len} bytes, got ${payload.length}`, 0);
  return view(payload);
}

function attrs(payload: Uint8Array, len: number): Map<number, Attribute> {
  try {
    return attributeTable(payload.subarray(len));
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(e.message, e.offset + len);
    throw e;
  }
}

export interface NameLookup {
  /** ifindex -> interface name, undefined when unknown. */
  nameOf(ifindex: number): string | undefined;
}

const devName = (ctx: NameLookup, i: number): string => ctx.nameOf(i) ?? `if${i}`;

/** struct ifaddrmsg (8 bytes) + IFA_*; print_addrinfo's layout in one object. */
export function renderAddrMinimal(p: Printer, payload: Uint8Array, deleted: boolean, ctx: NameLookup): void {
  const dv = header(payload, 8, 'ifaddrmsg');
  const family = dv.getUint8(0);
  const prefixlen = dv.getUint8(1);
  const scope = dv.getUint8(3);
  const index = dv.getUint32(4, HOST_LITTLE_ENDIAN);
  const tb = attrs(payload, 8);
  const local = tb.get(IFA_LOCAL) ?? tb.get(IFA_ADDRESS);
  const peer = tb.get(IFA_LOCAL) && tb.get(IFA_ADDRESS);
  p.openObject();
  if (deleted) p.fp('Deleted ');
  p.number(PRINT_ANY, 'ifindex', '%u: ', index);
  p.string(PRINT_ANY, 'ifname', '%s    ', devName(ctx, index));
  p.string(PRINT_ANY, 'family', '%s ', familyName(family));
  if (local) p.string(PRINT_ANY, 'local', '%s', formatAddress(family, local.data));
  if (peer && local && !sameBytes(peer.data, local.data))
    p.string(PRINT_ANY, 'address', ' peer %s', formatAddress(family, peer.data));
  p.number(PRINT_ANY, 'prefixlen', '/%u ', prefixlen);
  const brd = tb.get(IFA_BROADCAST);
  if (brd) p.string(PRINT_ANY, 'broadcast', 'brd %s ', formatAddress(family, brd.data));
  p.string(PRINT_ANY, 'scope', 'scope %s ', nameOr(SCOPES, scope));
  const fl = tb.get(IFA_FLAGS);
  const flags = fl ? u32(fl) : dv.getUint8(2);
  for (const [bit, name] of IFA_FLAG_NAMES) {
    if (flags & bit) p.bool(PRINT_ANY, name, `${name} `, true);
  }
  const label = tb.get(IFA_LABEL);
  if (label) p.string(PRINT_ANY, 'label', '%s', str(label));
  const ci = tb.get(IFA_CACHEINFO);
  if (ci && ci.data.length >= 8) {
    const c = view(ci.data);
    const life = (v: number): string => (v === 0xffffffff ? 'forever' : `${v}sec`);
    const valid = c.getUint32(0, HOST_LITTLE_ENDIAN);
    const pref = c.getUint32(4, HOST_LITTLE_ENDIAN);
    p.fp('\n       ');
    p.number(PRINT_JSON, 'valid_life_time', '', valid);
    p.fp(`valid_lft ${life(valid)} `);
    p.number(PRINT_JSON, 'preferred_life_time', '', pref);
    p.fp(`preferred_lft ${life(pref)}`);
  }
  p.fp('\n');
  p.closeObject();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** struct rtmsg (12 bytes) + RTA_*; the common fields of print_route. */
export function renderRouteMinimal(p: Printer, payload: Uint8Array, deleted: boolean, ctx: NameLookup): void {
  const dv = header(payload, 12, 'rtmsg');
  const family = dv.getUint8(0);
  const dstLen = dv.getUint8(1);
  const tableHdr = dv.getUint8(4);
  const protocol = dv.getUint8(5);
  const scope = dv.getUint8(6);
  const type = dv.getUint8(7);
  const tb = attrs(payload, 12);
  const table = tb.has(RTA_TABLE) ? u32(tb.get(RTA_TABLE)) : tableHdr;
  p.openObject();
  if (deleted) p.fp('Deleted ');
  if (type !== 1) p.string(PRINT_ANY, 'type', '%s ', ROUTE_TYPES[type] ?? String(type));
  const dst = tb.get(RTA_DST);
  const dstText = dst
    ? dstLen === (family === AF_INET6 ? 128 : 32)
      ? formatAddress(family, dst.data)
      : `${formatAddress(family, dst.data)}/${dstLen}`
    : dstLen
      ? `0/${dstLen}`
      : 'default';
  p.string(PRINT_ANY, 'dst', '%s ', dstText);
  const src = tb.get(RTA_SRC);
  if (src) p.string(PRINT_ANY, 'src', 'from %s ', formatAddress(family, src.data));
  const gw = tb.get(RTA_GATEWAY);
  if (gw) p.string(PRINT_ANY, 'gateway', 'via %s ', formatAddress(family, gw.data));
  const oif = tb.get(RTA_OIF);
  if (oif) p.string(PRINT_ANY, 'dev', 'dev %s ', devName(ctx, u32(oif)));
  if (table !== 254) p.string(PRINT_ANY, 'table', 'table %s ', nameOr(TABLES, table));
  if (protocol !== 3) p.string(PRINT_ANY, 'protocol', 'proto %s ', nameOr(PROTOCOLS, protocol));
  if (scope !== 0) p.string(PRINT_ANY, 'scope', 'scope %s ', nameOr(SCOPES, scope));
  const prefsrc = tb.get(RTA_PREFSRC);
  if (prefsrc) p.string(PRINT_ANY, 'prefsrc', 'src %s ', formatAddress(family, prefsrc.data));
  const prio = tb.get(RTA_PRIORITY);
  if (prio) p.number(PRINT_ANY, 'metric', 'metric %u ', u32(prio));
  p.openArray('flags');
  p.closeArray();
  const pref = tb.get(RTA_PREF);
  if (pref) p.string(PRINT_ANY, 'pref', 'pref %s', nameOr(ROUTER_PREF, pref.data[0] ?? 0));
  p.fp('\n');
  p.closeObject();
}

/** struct ndmsg (12 bytes) + NDA_*; the common fields of print_neigh. */
export function renderNeighMinimal(p: Printer, payload: Uint8Array, deleted: boolean, ctx: NameLookup): void {
  const dv = header(payload, 12, 'ndmsg');
  const family = dv.getUint8(0);
  const index = dv.getInt32(4, HOST_LITTLE_ENDIAN);
  const state = dv.getUint16(8, HOST_LITTLE_ENDIAN);
  const tb = attrs(payload, 12);
  p.openObject();
  if (deleted) p.fp('Deleted ');
  const dst = tb.get(NDA_DST);
  if (dst) p.string(PRINT_ANY, 'dst', '%s ', formatAddress(family, dst.data));
  p.string(PRINT_ANY, 'dev', 'dev %s ', devName(ctx, index));
  const ll = tb.get(NDA_LLADDR);
  if (ll) p.string(PRINT_ANY, 'lladdr', 'lladdr %s ', formatAddress(-1, ll.data));
  p.openArray('state');
  NUD.forEach((name, bit) => {
    if (state & (1 << bit)) p.string(PRINT_ANY, null, '%s ', name);
  });
  p.closeArray();
  p.fp('\n');
  p.closeObject();
}

/** struct fib_rule_hdr (12 bytes) + FRA_*; the common fields of print_rule. */
export function renderRuleMinimal(p: Printer, payload: Uint8Array, deleted: boolean): void {
  const dv = header(payload, 12, 'fib_rule_hdr');
  const family = dv.getUint8(0);
  const dstLen = dv.getUint8(1);
  const srcLen = dv.getUint8(2);
  const tableHdr = dv.getUint8(4);
  const tb = attrs(payload, 12);
  p.openObject();
  if (deleted) p.fp('Deleted ');
  const prio = tb.get(FRA_PRIORITY);
  p.number(PRINT_ANY, 'priority', '%u:\t', prio ? u32(prio) : 0);
  const full = family === AF_INET6 ? 128 : 32;
  const src = tb.get(FRA_SRC);
  p.fp('from ');
  p.string(PRINT_ANY, 'src', '%s', src ? formatAddress(family, src.data) : 'all');
  if (src && srcLen !== full) p.number(PRINT_ANY, 'srclen', '/%u', srcLen);
  p.fp(' ');
  const dst = tb.get(FRA_DST);
  if (dst) {
    p.fp('to ');
    p.string(PRINT_ANY, 'dst', '%s', formatAddress(family, dst.data));
    if (dstLen !== full) p.number(PRINT_ANY, 'dstlen', '/%u', dstLen);
    p.fp(' ');
  }
  const table = tb.has(FRA_TABLE) ? u32(tb.get(FRA_TABLE)) : tableHdr;
  p.string(PRINT_ANY, 'table', 'lookup %s', nameOr(TABLES, table));
  p.fp('\n');
  p.closeObject();
}

/** struct rtgenmsg (4 bytes) + NETNSA_*: print_nsid's "nsid N" line. */
export function renderNsidMinimal(p: Printer, payload: Uint8Array, deleted: boolean): void {
  header(payload, 4, 'rtgenmsg');
  const tb = attrs(payload, 4);
  p.openObject();
  if (deleted) p.fp('Deleted ');
  const id = tb.get(NETNSA_NSID);
  if (id) p.number(PRINT_ANY, 'nsid', 'nsid %d ', s32(id));
  p.fp('\n');
  p.closeObject();
}
