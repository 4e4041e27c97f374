/**
 * One route as `ip route` / `ip monitor` print it: print_route() of
 * iproute2 6.1.0's ip/iproute.c (the installed `ip` is the reference), with
 * the same fields, order, text formats, JSON keys and types.
 */
import { afBitLen, decodeMultipath, formatAddress, type RouteMessage } from '../../netlink/route/route.js';
import { HOST_LITTLE_ENDIAN, cString, view } from '../../netlink/codec/bytes.js';
import { AttributeIndex } from '../../netlink/codec/attributes.js';
import type { IprouteNames } from '../../iproute/names.js';
import { familyName } from '../../iproute/prefix.js';
import { formatG, printRtFlags } from '../common.js';
import { printEncap } from '../lwtunnel.js';
// print_rt_flags has its home with the commands' shared pieces (nexthop prints it too).
export { printRtFlags } from '../common.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type ColorAttr, type Printer } from '../../output/printer.js';
import { AF_INET, AF_INET6, AF_MPLS } from '../../netlink/gen/socket.js';
import {
  ICMPV6_ROUTER_PREF_HIGH,
  ICMPV6_ROUTER_PREF_LOW,
  ICMPV6_ROUTER_PREF_MEDIUM,
} from '../../netlink/gen/icmpv6.js';
import {
  RTAX_CC_ALGO,
  RTAX_FEATURES,
  RTAX_FEATURE_ECN,
  RTAX_HOPLIMIT,
  RTAX_LOCK,
  RTAX_MAX,
  RTAX_RTO_MIN,
  RTAX_RTT,
  RTAX_RTTVAR,
  RTA_CACHEINFO,
  RTA_DST,
  RTA_ENCAP,
  RTA_ENCAP_TYPE,
  RTA_FLOW,
  RTA_GATEWAY,
  RTA_IIF,
  RTA_MARK,
  RTA_METRICS,
  RTA_MULTIPATH,
  RTA_NEWDST,
  RTA_NH_ID,
  RTA_OIF,
  RTA_PREF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_SRC,
  RTA_TTL_PROPAGATE,
  RTA_UID,
  RTA_VIA,
  RTM_DELROUTE,
  RTM_F_CLONED,
  RTNL_FAMILY_IP6MR,
  RTNL_FAMILY_IPMR,
  RTN_MULTICAST,
  RTN_UNICAST,
  RTPROT_BOOT,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
} from '../../netlink/gen/rtnetlink.js';
import {
  RTCF_BROADCAST,
  RTCF_DIRECTDST,
  RTCF_DIRECTSRC,
  RTCF_DNAT,
  RTCF_DOREDIRECT,
  RTCF_FAST,
  RTCF_LOCAL,
  RTCF_MASQ,
  RTCF_MULTICAST,
  RTCF_NOTIFY,
  RTCF_REDIRECTED,
  RTCF_REJECT,
  RTCF_SNAT,
  RTCF_TPROXY,
} from '../../netlink/gen/in_route.js';

/**
 * Which fields the show filter pins down, so print_route leaves them out
 * (ip prints nothing it was asked to match exactly).
 */
export interface RouteFieldFilter {
  /** filter.tb: a table was selected, so "table" is not printed. */
  table?: boolean;
  protocol?: boolean;
  scope?: boolean;
  oif?: boolean;
  iif?: boolean;
  metric?: boolean;
  realms?: boolean;
  tos?: boolean;
  /** The via/src filter was a full host address. */
  viaHost?: boolean;
  prefsrcHost?: boolean;
}

export interface RouteRenderContext {
  /** ip -d count */
  details: number;
  /** ip -s count */
  stats: number;
  names: IprouteNames;
  /** ll_index_to_name: "*" for 0, "if<N>" for an index that does not exist. */
  nameOf(ifindex: number): string;
  filter?: RouteFieldFilter;
  /** sysconf(_SC_CLK_TCK), the unit of rta_cacheinfo times (100 on Linux). */
  userHz?: number;
  /**
   * False when the printer does not colour text: the hot fields are then
   * written with one pre-split format instead of a printf call each.
   */
  color?: boolean;
  /**
   * ip -d: print_cache_nexthop_id(fp, "\t", "nh_info", id) for a route
   * using a nexthop object (RTA_NH_ID), after the route's line.
   */
  nexthopInfo?(p: Printer, id: number): void;
}

/** The context of the global options (-d, -s, colour) with no show filter: route get, showdump. */
export function routeContext(
  env: { opts: { details: number; stats: number }; colorize?: unknown },
  names: IprouteNames,
  nameOf: (ifindex: number) => string,
): RouteRenderContext {
  return {
    details: env.opts.details,
    stats: env.opts.stats,
    names,
    nameOf,
    color: env.colorize !== undefined,
  };
}

/** "PREFIX%sSUFFIX" split once per format string (formats here hold one plain %s/%u/%d). */
const SPLIT = new Map<string, [string, string]>();
function splitFmt(fmt: string): [string, string] {
  let f = SPLIT.get(fmt);
  if (!f) {
    const i = fmt.search(/%[sud]/);
    f = i < 0 ? [fmt, ''] : [fmt.slice(0, i), fmt.slice(i + 2)];
    SPLIT.set(fmt, f);
  }
  return f;
}

/** JSON string literals of the short words routes repeat (names, types), built once each. */
const QUOTED = new Map<string, string>();
/** JSON.stringify for a string; addresses and names are cached or need no escaping. */
function quoted(s: string): string {
  let q = QUOTED.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (QUOTED.size < 4096) QUOTED.set(s, q);
  }
  return q;
}
/** An address printed by formatAddress: digits, hex, '.', ':', '/' and "???" never need escaping. */
function quotedAddr(s: string): string {
  return '"' + s + '"';
}

/** print_string/print_uint for the fields of every route: same output as the printer, fewer steps. */
function field(
  p: Printer,
  ctx: RouteRenderContext,
  key: string,
  fmt: string,
  value: string | number,
  color: ColorAttr = 'none',
): void {
  if (p.json) {
    if (typeof value === 'string') p.literal(PRINT_JSON, key, fmt, quoted(value));
    else p.number(PRINT_JSON, key, fmt, value);
  } else if (ctx.color === false || color === 'none') {
    const f = splitFmt(fmt);
    p.fp(f[0] + value + f[1]);
  } else if (typeof value === 'string') p.string(PRINT_FP, key, fmt, value, color);
  else p.number(PRINT_FP, key, fmt, value, color);
}

const NO_FILTER: RouteFieldFilter = {};

function familyColor(family: number): ColorAttr {
  return family === AF_INET ? 'inet' : family === AF_INET6 ? 'inet6' : 'none';
}

/** get_real_family */
function realFamily(type: number, family: number): number {
  if (type !== RTN_MULTICAST) return family;
  if (family === RTNL_FAMILY_IPMR) return AF_INET;
  if (family === RTNL_FAMILY_IP6MR) return AF_INET6;
  return family;
}

function printGateway(p: Printer, family: number, gw: string, color = true): void {
  if (p.json) p.literal(PRINT_JSON, 'gateway', '', quotedAddr(gw));
  else if (!color) p.fp('via ' + gw + ' ');
  else {
    p.fp('via ');
    p.string(PRINT_FP, null, '%s ', gw, familyColor(family));
  }
}

function printVia(p: Printer, data: Uint8Array): void {
  const fam = data.length >= 2 ? view(data).getUint16(0, HOST_LITTLE_ENDIAN) : 0;
  const host = formatAddress(fam, data, 2, data.length - 2);
  if (p.json) {
    p.openObject('via');
    p.string(PRINT_JSON, 'family', '', familyName(fam));
    p.string(PRINT_JSON, 'host', '', host);
    p.closeObject();
  } else {
    p.string(PRINT_FP, null, 'via %s ', familyName(fam));
    p.string(PRINT_FP, null, '%s ', host, familyColor(fam));
  }
}

function printFlow(p: Printer, names: IprouteNames, value: number): void {
  const from = value >>> 16;
  const to = value & 0xffff;
  if (p.json) {
    p.openObject('flow');
    if (from) p.string(PRINT_JSON, 'from', '', names.realmName(from));
    p.string(PRINT_JSON, 'to', '', names.realmName(to));
    p.closeObject();
  } else {
    p.fp(from ? 'realms ' : 'realm ');
    if (from) p.string(PRINT_FP, null, '%s/', names.realmName(from));
    p.string(PRINT_FP, null, '%s ', names.realmName(to));
  }
}

function printNewdst(p: Printer, family: number, data: Uint8Array): void {
  const s = formatAddress(family, data);
  if (p.json) p.string(PRINT_JSON, 'to', '', s);
  else {
    p.fp('as to ');
    p.string(PRINT_FP, null, '%s ', s, familyColor(family));
  }
}

function printIfindex(p: Printer, ctx: RouteRenderContext, ifindex: number, key: string): void {
  const name = ctx.nameOf(ifindex);
  if (p.json) p.literal(PRINT_JSON, key, '', quoted(name));
  else if (ctx.color === false) p.fp(key + ' ' + name + ' ');
  else {
    p.fp(key + ' ');
    p.string(PRINT_FP, null, '%s ', name, 'ifname');
  }
}

const MX_NAMES: readonly (string | undefined)[] = [
  undefined,
  undefined,
  'mtu',
  'window',
  'rtt',
  'rttvar',
  'ssthresh',
  'cwnd',
  'advmss',
  'reordering',
  'hoplimit',
  'initcwnd',
  'features',
  'rto_min',
  'initrwnd',
  'quickack',
  'congctl',
  'fastopen_no_cookie',
];

/** print_rta_metrics */
function printMetrics(p: Printer, data: Uint8Array): void {
  const mx = new AttributeIndex(data);
  p.openArray('metrics');
  p.openObject();
  const lock = mx.u32(RTAX_LOCK) ?? 0;
  for (let i = 2; i <= RTAX_MAX; i++) {
    const a = mx.get(i);
    const locked = (lock & (1 << i)) !== 0;
    if (!a && !locked) continue;
    let val = a && i !== RTAX_CC_ALGO ? mx.u32(i)! : 0;
    if (i === RTAX_HOPLIMIT && (val | 0) === -1) continue;
    const name = MX_NAMES[i];
    if (!p.json) {
      p.fp(name ? `${name} ` : `metric ${i} `);
      if (locked) p.fp('lock ');
    }
    switch (i) {
      case RTAX_FEATURES: {
        let f = val;
        if (f & RTAX_FEATURE_ECN) {
          p.null(PRINT_ANY, 'ecn', 'ecn ', '');
          f &= ~RTAX_FEATURE_ECN;
        }
        if (f) p.hex0x(PRINT_ANY, 'features', '%#llx ', val);
        break;
      }
      case RTAX_RTT:
      case RTAX_RTTVAR:
      case RTAX_RTO_MIN:
        if (i === RTAX_RTT) val = Math.floor(val / 8);
        else if (i === RTAX_RTTVAR) val = Math.floor(val / 4);
        if (p.json) p.number(PRINT_JSON, name ?? null, '', val);
        else p.fp(val >= 1000 ? `${formatG(val / 1e3)}s ` : `${val}ms `);
        break;
      case RTAX_CC_ALGO:
        p.string(PRINT_ANY, 'congestion', '%s ', a ? cString(a.data) : '');
        break;
      default:
        p.number(PRINT_ANY, name ?? null, '%u ', val);
    }
  }
  p.closeObject();
  p.closeArray();
}

/** print_rta_multipath */
function printMultipath(p: Printer, r: RouteMessage, ctx: RouteRenderContext, data: Uint8Array): void {
  p.openArray('nexthops');
  let first = true;
  const mcastCache = (r.flags & RTM_F_CLONED) !== 0 && r.type === RTN_MULTICAST;
  for (const nh of decodeMultipath(data)) {
    p.openObject();
    if (mcastCache) {
      p.fp(first ? 'Oifs: ' : ' ');
      first = false;
    } else {
      p.fp(`${p.sl}\tnexthop `);
    }
    const tb = nh.attrs;
    const gw = tb.get(RTA_GATEWAY);
    const via = tb.get(RTA_VIA);
    const flow = tb.u32(RTA_FLOW);
    const newdst = tb.get(RTA_NEWDST);
    // print_rta_multipath: the nexthop's encapsulation comes first.
    const encap = tb.bytes(RTA_ENCAP);
    if (encap) printEncap(p, tb.bytes(RTA_ENCAP_TYPE), encap, ctx);
    if (newdst) printNewdst(p, r.family, newdst.data);
    if (gw) printGateway(p, r.family, formatAddress(r.family, gw.data));
    if (via) printVia(p, via.data);
    if (flow !== undefined) printFlow(p, ctx.names, flow);
    if (mcastCache) {
      p.string(PRINT_ANY, 'dev', '%s', ctx.nameOf(nh.ifindex));
      if (nh.hops !== 1) p.number(PRINT_ANY, 'ttl', '(ttl>%d)', nh.hops);
      p.fp(' ');
    } else {
      p.string(PRINT_ANY, 'dev', 'dev %s ', ctx.nameOf(nh.ifindex));
      if (r.family !== AF_MPLS) p.number(PRINT_ANY, 'weight', 'weight %d ', nh.hops + 1);
    }
    printRtFlags(p, nh.flags);
    p.closeObject();
  }
  p.closeArray();
}

const CACHE_FLAGS: [number, string][] = [
  [RTCF_LOCAL, 'local'],
  [RTCF_REJECT, 'reject'],
  [RTCF_MULTICAST, 'mc'],
  [RTCF_BROADCAST, 'brd'],
  [RTCF_DNAT, 'dst-nat'],
  [RTCF_SNAT, 'src-nat'],
  [RTCF_MASQ, 'masq'],
  [RTCF_DIRECTDST, 'dst-direct'],
  [RTCF_DIRECTSRC, 'src-direct'],
  [RTCF_REDIRECTED, 'redirected'],
  [RTCF_DOREDIRECT, 'redirect'],
  [RTCF_FAST, 'fastroute'],
  [RTCF_NOTIFY, 'notify'],
  [RTCF_TPROXY, 'proxy'],
];

/** print_cache_flags: the RTCF_* bits of a cloned IPv4 route. */
function printCacheFlags(p: Printer, rtmFlags: number): void {
  let flags = (rtmFlags & ~0xffff) >>> 0;
  if (p.json) p.openArray('cache');
  else {
    p.fp(`${p.sl}    cache `);
    if (flags === 0) return;
    p.fp('<');
  }
  for (const [bit, name] of CACHE_FLAGS) {
    if ((flags & bit) >>> 0) {
      flags = (flags & ~bit) >>> 0;
      if (p.json) p.string(PRINT_JSON, null, '', name);
      else p.fp(`${name}${flags ? ',' : '> '}`);
    }
  }
  if (flags) p.hex(PRINT_ANY, 'flags', '%x>', flags);
  if (p.json) p.closeArray();
}

/** print_rta_cacheinfo */
function printCacheinfo(p: Printer, r: RouteMessage, ctx: RouteRenderContext): void {
  const ci = r.cacheinfo();
  if (!ci) return;
  const hz = ctx.userHz ?? 100;
  if (ci.expires !== 0) p.number(PRINT_ANY, 'expires', 'expires %dsec ', Math.trunc(ci.expires / hz));
  if (ci.error !== 0) p.number(PRINT_ANY, 'error', 'error %u ', ci.error);
  if (ctx.stats) {
    if (ci.clntref) p.number(PRINT_ANY, 'users', 'users %u ', ci.clntref);
    if (ci.used !== 0) p.number(PRINT_ANY, 'used', 'used %u ', ci.used);
    if (ci.lastuse !== 0) p.number(PRINT_ANY, 'age', 'age %usec ', Math.floor(ci.lastuse / hz));
  }
  if (ci.id) p.hex0x(PRINT_ANY, 'ipid', 'ipid 0x%04llx ', ci.id);
  if (ci.ts || ci.tsage) {
    p.hex0x(PRINT_ANY, 'ts', 'ts 0x%llx', ci.ts);
    p.number(PRINT_ANY, 'tsage', 'tsage %usec ', ci.tsage);
  }
}

/** An address-with-length field (dst, from) as print_route builds it. */
function prefixText(r: RouteMessage, attr: number, plen: number, hostLen: number): string {
  const fam = realFamily(r.type, r.family);
  const o = r.attrs.offset(attr);
  const s = formatAddress(fam, r.payload, o, r.attrs.length(attr));
  return plen !== hostLen ? s + '/' + plen : s;
}

/**
 * print_route(): one RTM_NEWROUTE/RTM_DELROUTE message. The caller filters
 * (filter_nlmsg) before; this only prints, inside its own JSON object.
 */
export function renderRoute(p: Printer, r: RouteMessage, ctx: RouteRenderContext): void {
  const f = ctx.filter ?? NO_FILTER;
  const hostLen = afBitLen(r.family);
  const table = r.table;
  const names = ctx.names;

  p.openObject();
  if (r.nlmsgType === RTM_DELROUTE) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (r.type !== RTN_UNICAST || ctx.details > 0) field(p, ctx, 'type', '%s ', names.typeName(r.type));

  let dst: string;
  let color: ColorAttr = 'none';
  if (r.attrs.has(RTA_DST)) {
    color = familyColor(realFamily(r.type, r.family));
    dst = prefixText(r, RTA_DST, r.dstLen, hostLen);
  } else if (r.dstLen) dst = `0/${r.dstLen} `;
  else dst = 'default';
  if (p.json) p.literal(PRINT_JSON, 'dst', '', quotedAddr(dst));
  else field(p, ctx, 'dst', '%s ', dst, color);

  if (r.attrs.has(RTA_SRC)) {
    p.string(
      PRINT_ANY,
      'from',
      'from %s ',
      prefixText(r, RTA_SRC, r.srcLen, hostLen),
      familyColor(realFamily(r.type, r.family)),
    );
  } else if (r.srcLen) {
    p.string(PRINT_ANY, 'src', 'from %s ', `0/${r.srcLen}`);
  }

  if (r.attrs.has(RTA_NH_ID)) p.number(PRINT_ANY, 'nhid', 'nhid %u ', r.attrs.u32(RTA_NH_ID)!);
  if (r.attrs.has(RTA_NEWDST)) printNewdst(p, r.family, r.attrs.bytes(RTA_NEWDST)!);
  if (r.attrs.has(RTA_ENCAP)) printEncap(p, r.attrs.bytes(RTA_ENCAP_TYPE), r.attrs.bytes(RTA_ENCAP)!, ctx);
  if (r.tos && !f.tos) p.string(PRINT_ANY, 'tos', 'tos %s ', ctx.names.dsfieldName(r.tos));
  if (r.attrs.has(RTA_GATEWAY) && !f.viaHost) {
    printGateway(
      p,
      r.family,
      formatAddress(r.family, r.payload, r.attrs.offset(RTA_GATEWAY), r.attrs.length(RTA_GATEWAY)),
      ctx.color !== false,
    );
  }
  if (r.attrs.has(RTA_VIA)) printVia(p, r.attrs.bytes(RTA_VIA)!);
  if (r.attrs.has(RTA_OIF) && !f.oif) printIfindex(p, ctx, r.attrs.u32(RTA_OIF)!, 'dev');

  if (table && (table !== RT_TABLE_MAIN || ctx.details > 0) && !f.table)
    field(p, ctx, 'table', 'table %s ', names.tableName(table));

  if (!(r.flags & RTM_F_CLONED)) {
    if ((r.protocol !== RTPROT_BOOT || ctx.details > 0) && !f.protocol)
      field(p, ctx, 'protocol', 'proto %s ', names.protocolName(r.protocol));
    if ((r.scope !== RT_SCOPE_UNIVERSE || ctx.details > 0) && !f.scope)
      field(p, ctx, 'scope', 'scope %s ', names.scopeName(r.scope));
  }

  if (r.attrs.has(RTA_PREFSRC) && !f.prefsrcHost) {
    const psrc = formatAddress(r.family, r.payload, r.attrs.offset(RTA_PREFSRC), r.attrs.length(RTA_PREFSRC));
    if (p.json) p.literal(PRINT_JSON, 'prefsrc', '', quotedAddr(psrc));
    else if (ctx.color === false) p.fp('src ' + psrc + ' ');
    else {
      p.fp('src ');
      p.string(PRINT_FP, null, '%s ', psrc, familyColor(r.family));
    }
  }

  if (r.attrs.has(RTA_PRIORITY) && !f.metric)
    field(p, ctx, 'metric', 'metric %u ', r.attrs.u32(RTA_PRIORITY)!);

  printRtFlags(p, r.flags);

  if (r.attrs.has(RTA_MARK)) {
    const mark = r.attrs.u32(RTA_MARK)!;
    if (mark) {
      if (p.json) p.number(PRINT_JSON, 'mark', '', mark);
      else if (mark >= 16) p.fp(`mark 0x${mark.toString(16)} `);
      else p.fp(`mark ${mark} `);
    }
  }

  if (r.attrs.has(RTA_FLOW) && !f.realms) printFlow(p, names, r.attrs.u32(RTA_FLOW)!);
  if (r.attrs.has(RTA_UID)) p.number(PRINT_ANY, 'uid', 'uid %u ', r.attrs.u32(RTA_UID)!);

  if (r.family === AF_INET) {
    if (r.flags & RTM_F_CLONED) printCacheFlags(p, r.flags);
    if (r.attrs.has(RTA_CACHEINFO)) printCacheinfo(p, r, ctx);
  } else if (r.family === AF_INET6) {
    if (r.attrs.has(RTA_CACHEINFO)) printCacheinfo(p, r, ctx);
  }

  if (r.attrs.has(RTA_METRICS)) printMetrics(p, r.attrs.bytes(RTA_METRICS)!);
  if (r.attrs.has(RTA_IIF) && !f.iif) printIfindex(p, ctx, r.attrs.u32(RTA_IIF)!, 'iif');
  if (r.attrs.has(RTA_PREF)) printPref(p, r.attrs.u8(RTA_PREF)!);
  if (r.attrs.has(RTA_TTL_PROPAGATE)) {
    const on = r.attrs.u8(RTA_TTL_PROPAGATE)! !== 0;
    if (p.json) p.bool(PRINT_JSON, 'ttl-propogate', '', on);
    else p.fp(`ttl-propogate ${on ? 'enabled' : 'disabled'}`);
  }
  if (r.attrs.has(RTA_MULTIPATH)) printMultipath(p, r, ctx, r.attrs.bytes(RTA_MULTIPATH)!);
  p.fp('\n');
  const nhid = r.attrs.u32(RTA_NH_ID);
  if (nhid !== undefined && ctx.details > 0) ctx.nexthopInfo?.(p, nhid);
  p.closeObject();
}

function printPref(p: Printer, pref: number): void {
  if (pref === ICMPV6_ROUTER_PREF_LOW) p.string(PRINT_ANY, 'pref', 'pref %s', 'low');
  else if (pref === ICMPV6_ROUTER_PREF_MEDIUM) p.string(PRINT_ANY, 'pref', 'pref %s', 'medium');
  else if (pref === ICMPV6_ROUTER_PREF_HIGH) p.string(PRINT_ANY, 'pref', 'pref %s', 'high');
  else p.number(PRINT_ANY, 'pref', '%u', pref);
}
