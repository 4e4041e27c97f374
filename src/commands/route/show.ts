/**
 * `ip route show|list|flush SELECTOR` (iproute_list_flush_or_save and
 * filter_nlmsg of iproute2 6.1.0's ip/iproute.c): one strict-checked dump,
 * each message filtered and printed as it arrives, nothing collected.
 */
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { matches } from '../../iproute/parse.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { IprouteNames } from '../../iproute/names.js';
import { parseRealms, routeTypeId } from '../../iproute/names.js';
import { RouteMessage, afBitLen, encodeRouteDumpRequest } from '../../netlink/route/route.js';
import { HOST_LITTLE_ENDIAN, view } from '../../netlink/codec/bytes.js';
import { Args, ChunkedOutput, makePrinter, openRoute } from './common.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { invarg, getU32 } from '../../iproute/parse.js';
import { getPrefix, readFamily, bitsMatch, type InetPrefix } from '../../iproute/prefix.js';
import { renderRoute, type RouteRenderContext } from './render.js';
import { ROUTE_HELP } from './help.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';
import {
  RTA_DST,
  RTA_FLOW,
  RTA_GATEWAY,
  RTA_IIF,
  RTA_MARK,
  RTA_OIF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_SRC,
  RTA_VIA,
  RTM_DELROUTE,
  RTM_F_CLONED,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RTN_LOCAL,
  RTN_UNREACHABLE,
  RT_SCOPE_NOWHERE,
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
} from '../../netlink/gen/rtnetlink.js';

/** iproute2's `filter` for list/flush. Masks are "all ones" (-1) or 0 as in ip. */
export interface RouteFilter {
  family: number;
  /** filter.tb: 0 is every table. */
  tb: number;
  cloned: boolean;
  protocol: number;
  protocolSet: boolean;
  scope: number;
  scopeSet: boolean;
  /** Bit set of rtm_type values (0: any). */
  typemask: number;
  tos: number;
  tosSet: boolean;
  rdst?: InetPrefix;
  mdst?: InetPrefix;
  rsrc?: InetPrefix;
  msrc?: InetPrefix;
  rvia?: InetPrefix;
  rprefsrc?: InetPrefix;
  realm: number;
  realmmask: number;
  iifName?: string;
  oifName?: string;
  iif: number;
  oif: number;
  mark: number;
  markSet: boolean;
  metric: number;
  metricSet: boolean;
  flush: boolean;
}

export function emptyFilter(family: number): RouteFilter {
  return {
    family,
    tb: RT_TABLE_MAIN,
    cloned: false,
    protocol: 0,
    protocolSet: false,
    scope: 0,
    scopeSet: false,
    typemask: 0,
    tos: 0,
    tosSet: false,
    realm: 0,
    realmmask: 0,
    iif: 0,
    oif: 0,
    mark: 0,
    markSet: false,
    metric: 0,
    metricSet: false,
    flush: false,
  };
}

/** The SELECTOR words of ip route list/flush. */
export function parseSelector(
  words: string[],
  family: number,
  names: IprouteNames,
  flush: boolean,
): RouteFilter {
  const f = emptyFilter(family);
  f.flush = flush;
  const a = new Args(words);
  for (; a.more; a.i++) {
    const w = a.cur;
    if (matches(w, 'table')) {
      const v = a.next();
      const tid = names.tableId(v);
      if (tid === undefined) {
        if (v === 'all') f.tb = 0;
        else if (v === 'cache') f.cloned = true;
        else if (v === 'help') throw new CliError(ROUTE_HELP.trimEnd(), 0, 'help');
        else invarg('table id value is invalid', v);
      } else f.tb = tid;
    } else if (matches(w, 'cached') || matches(w, 'cloned')) {
      f.cloned = true;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = a.next();
      const t = names.dsfieldId(v) ?? invarg('TOS value is invalid', v);
      f.tos = t;
      f.tosSet = true;
    } else if (matches(w, 'protocol')) {
      const v = a.next();
      f.protocolSet = true;
      const id = names.protocolId(v);
      if (id === undefined) {
        if (v !== 'all') invarg('invalid "protocol"', v);
        f.protocol = 0;
        f.protocolSet = false;
      } else f.protocol = id;
    } else if (matches(w, 'scope')) {
      const v = a.next();
      f.scopeSet = true;
      const id = names.scopeId(v);
      if (id === undefined) {
        if (v !== 'all') invarg('invalid "scope"', v);
        f.scope = RT_SCOPE_NOWHERE;
        f.scopeSet = false;
      } else f.scope = id;
    } else if (matches(w, 'type')) {
      const v = a.next();
      const t = routeTypeId(v);
      if (t === undefined) invarg('node type value is invalid', v);
      f.typemask = 2 ** t;
    } else if (w === 'dev' || w === 'oif') {
      f.oifName = a.next();
    } else if (w === 'iif') {
      f.iifName = a.next();
    } else if (w === 'mark') {
      const v = a.next();
      const m = getU32(v);
      if (m === undefined) invarg('invalid mark value', v);
      f.mark = m;
      f.markSet = true;
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      const v = a.next();
      const m = getU32(v);
      if (m === undefined) invarg('"metric" value is invalid', v);
      f.metric = m;
      f.metricSet = true;
    } else if (w === 'via') {
      let v = a.next();
      let fam = readFamily(v);
      if (fam === AF_UNSPEC) fam = family;
      else v = a.next();
      f.rvia = getPrefix(v, fam);
    } else if (w === 'src') {
      f.rprefsrc = getPrefix(a.next(), family);
    } else if (matches(w, 'realms')) {
      const v = a.next();
      const r = parseRealms(names, v);
      if (r === undefined) invarg('invalid realms', v);
      f.realm = r;
      f.realmmask = 0xffffffff;
      if ((r & 0xffff) === 0 && v.endsWith('/')) f.realmmask = (f.realmmask & ~0xffff) >>> 0;
      if ((r & 0xffff0000) === 0 && (!v.includes('/') || v.startsWith('/')))
        f.realmmask = (f.realmmask & ~0xffff0000) >>> 0;
    } else if (matches(w, 'from')) {
      let v = a.next();
      if (matches(v, 'root')) f.rsrc = getPrefix(a.next(), family);
      else if (matches(v, 'match')) f.msrc = getPrefix(a.next(), family);
      else {
        if (matches(v, 'exact')) v = a.next();
        f.msrc = getPrefix(v, family);
        f.rsrc = f.msrc;
      }
    } else {
      let v = w;
      if (matches(v, 'to')) v = a.next();
      if (matches(v, 'root')) f.rdst = getPrefix(a.next(), family);
      else if (matches(v, 'match')) f.mdst = getPrefix(a.next(), family);
      else {
        if (matches(v, 'exact')) v = a.next();
        f.mdst = getPrefix(v, family);
        f.rdst = f.mdst;
      }
    }
  }
  return f;
}

/** Copy an address attribute into a host-length buffer (memcpy into inet_prefix.data). */
function addrOf(r: RouteMessage, type: number, n: number): Uint8Array {
  const out = new Uint8Array(16);
  const o = r.attrs.offset(type);
  if (o >= 0) out.set(r.payload.subarray(o, o + Math.min(n, r.attrs.length(type), 16)));
  return out;
}

/** State filter_nlmsg keeps across messages (its static ip6_multiple_tables). */
export interface FilterState {
  ip6MultipleTables: boolean;
}

/** filter_nlmsg(): 1 when the route is to be shown/flushed. */
export function filterRoute(r: RouteMessage, f: RouteFilter, st: FilterState): boolean {
  const table = r.table;
  if (f.family !== AF_UNSPEC && r.family !== f.family) return false;
  if (r.family === AF_INET6 && table !== RT_TABLE_MAIN) st.ip6MultipleTables = true;
  const cloned = (r.flags & RTM_F_CLONED) !== 0;
  if (f.cloned !== cloned) return false;
  if (r.family === AF_INET6 && !st.ip6MultipleTables) {
    if (f.tb) {
      if (f.tb === RT_TABLE_LOCAL) {
        if (r.type !== RTN_LOCAL) return false;
      } else if (f.tb === RT_TABLE_MAIN) {
        if (r.type === RTN_LOCAL) return false;
      } else return false;
    }
  } else if (f.tb > 0 && f.tb !== table) return false;
  if (f.protocolSet && f.protocol !== r.protocol) return false;
  if (f.scopeSet && f.scope !== r.scope) return false;
  if (f.typemask && !(f.typemask & (2 ** r.type))) return false;
  if (f.tosSet && f.tos !== r.tos) return false;
  const hostLen = afBitLen(r.family);
  const needDst = f.rdst !== undefined || f.mdst !== undefined;
  if (f.rdst) {
    if ((f.rdst.family && r.family !== f.rdst.family) || f.rdst.bitlen > r.dstLen) return false;
  }
  if (f.mdst) {
    if ((f.mdst.family && r.family !== f.mdst.family) || (f.mdst.bitlen >= 0 && f.mdst.bitlen < r.dstLen))
      return false;
  }
  if (f.rsrc) {
    if ((f.rsrc.family && r.family !== f.rsrc.family) || f.rsrc.bitlen > r.srcLen) return false;
  }
  if (f.msrc) {
    if ((f.msrc.family && r.family !== f.msrc.family) || (f.msrc.bitlen >= 0 && f.msrc.bitlen < r.srcLen))
      return false;
  }
  if (f.rvia) {
    let fam = r.family;
    if (r.attrs.has(RTA_VIA) && r.attrs.length(RTA_VIA) >= 2)
      fam = view(r.payload).getUint16(r.attrs.offset(RTA_VIA), HOST_LITTLE_ENDIAN);
    if (f.rvia.family && fam !== f.rvia.family) return false;
  }
  if (f.rprefsrc && f.rprefsrc.family && r.family !== f.rprefsrc.family) return false;
  if (needDst) {
    const dst = addrOf(r, RTA_DST, (r.dstLen + 7) >> 3);
    if (f.rdst && !bitsMatch(dst, f.rdst.bytes, f.rdst.bitlen)) return false;
    if (f.mdst && !bitsMatch(dst, f.mdst.bytes, r.dstLen)) return false;
  }
  if (f.rsrc || f.msrc) {
    const src = addrOf(r, RTA_SRC, (r.srcLen + 7) >> 3);
    if (f.rsrc && !bitsMatch(src, f.rsrc.bytes, f.rsrc.bitlen)) return false;
    if (f.msrc && f.msrc.bitlen >= 0 && !bitsMatch(src, f.msrc.bytes, r.srcLen)) return false;
  }
  if (f.rvia) {
    let via: Uint8Array = new Uint8Array(16);
    if (f.rvia.bitlen > 0) {
      if (r.attrs.has(RTA_GATEWAY)) via = addrOf(r, RTA_GATEWAY, hostLen / 8);
      if (r.attrs.has(RTA_VIA)) {
        const o = r.attrs.offset(RTA_VIA);
        via = new Uint8Array(16);
        via.set(r.payload.subarray(o + 2, o + Math.min(r.attrs.length(RTA_VIA), 18)));
      }
    }
    if (!bitsMatch(via, f.rvia.bytes, f.rvia.bitlen)) return false;
  }
  if (f.rprefsrc) {
    const ps = f.rprefsrc.bitlen > 0 ? addrOf(r, RTA_PREFSRC, hostLen / 8) : new Uint8Array(16);
    if (!bitsMatch(ps, f.rprefsrc.bytes, f.rprefsrc.bitlen)) return false;
  }
  if (f.realmmask && (((r.attrs.u32(RTA_FLOW) ?? 0) ^ f.realm) & f.realmmask) >>> 0) return false;
  if (f.iif && (r.attrs.u32(RTA_IIF) ?? 0) !== f.iif) return false;
  if (f.oif && (r.attrs.u32(RTA_OIF) ?? 0) !== f.oif) return false;
  if (f.markSet && (r.attrs.u32(RTA_MARK) ?? 0) !== f.mark) return false;
  if (f.metricSet && (r.attrs.u32(RTA_PRIORITY) ?? 0) !== f.metric) return false;
  if (
    f.flush &&
    r.family === AF_INET6 &&
    r.dstLen === 0 &&
    r.type === RTN_UNREACHABLE &&
    r.attrs.has(RTA_PRIORITY) &&
    r.attrs.u32(RTA_PRIORITY) === 0xffffffff
  )
    return false;
  return true;
}

/** ENOENT from a dump of the main table (no IPv4 route at all) is not an error, as in ip. */
function isMainTableMissing(e: unknown, f: RouteFilter): boolean {
  return e instanceof NetlinkKernelError && e.errno === 2 && f.tb === RT_TABLE_MAIN;
}

function resolveDevices(f: RouteFilter, links: LinkCache): void {
  if (f.iifName !== undefined) f.iif = links.require(f.iifName);
  if (f.oifName !== undefined) f.oif = links.require(f.oifName);
}

function dumpRequest(f: RouteFilter, family: number): Uint8Array {
  return encodeRouteDumpRequest({
    family,
    protocol: f.protocol,
    cloned: f.cloned,
    table: f.tb,
    oif: f.oif,
  });
}

/** `ip route show|list`. */
export function routeShow(words: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const f = parseSelector(words, env.opts.family, names, false);
  let dumpFamily = env.opts.family;
  if (dumpFamily === AF_UNSPEC && f.tb) dumpFamily = AF_INET;
  const conn = openRoute(env);
  const out = new ChunkedOutput(env.out);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    // ll_init_map: every name up front, because the route dump will hold the socket.
    links.loadAll();
    resolveDevices(f, links);
    const p = makePrinter(env, out);
    const ctx: RouteRenderContext = {
      details: env.opts.details,
      stats: env.opts.stats,
      names,
      nameOf: (i) => links.nameOf(i),
      color: env.colorize !== undefined,
      filter: {
        table: f.tb !== 0,
        protocol: f.protocolSet,
        scope: f.scopeSet,
        oif: f.oif !== 0,
        iif: f.iif !== 0,
        metric: f.metricSet,
        realms: f.realmmask === 0xffffffff,
        tos: f.tosSet,
        viaHost: f.rvia !== undefined && f.rvia.bitlen === afBitLen(f.rvia.family || dumpFamily),
        prefsrcHost:
          f.rprefsrc !== undefined && f.rprefsrc.bitlen === afBitLen(f.rprefsrc.family || dumpFamily),
      },
    };
    const st: FilterState = { ip6MultipleTables: false };
    const r = new RouteMessage();
    p.startDocument();
    try {
      for (const m of conn.dump(RTM_GETROUTE, dumpRequest(f, dumpFamily))) {
        if (m.type !== RTM_NEWROUTE && m.type !== RTM_DELROUTE) continue;
        r.reset(m.payload, m.type);
        if (!filterRoute(r, f, st)) continue;
        renderRoute(p, r, ctx);
        // A value too short for its type was printed as 0: say so once the route is out.
        r.attrs.throwIfError();
      }
    } catch (e) {
      if (!isMainTableMissing(e, f)) {
        out.flush();
        throw e;
      }
    }
    p.endDocument();
    return 0;
  } finally {
    out.flush();
    conn.close();
  }
}

/** `ip route flush SELECTOR`: dump, delete what matched, again until nothing matches. */
export function routeFlush(words: string[], env: CommandEnv): number {
  if (words.length === 0) throw new CliError('"ip route flush" requires arguments.', 1);
  const names = IprouteNames.forEnv(env);
  const f = parseSelector(words, env.opts.family, names, true);
  if (f.cloned) throw new CliError('nlts: "route flush cache" is not supported.', 1, 'unsupported');
  let dumpFamily = env.opts.family;
  if (dumpFamily === AF_UNSPEC && f.tb) dumpFamily = AF_INET;
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    resolveDevices(f, links);
    const start = Date.now();
    for (let round = 0; ; round++) {
      const st: FilterState = { ip6MultipleTables: false };
      const r = new RouteMessage();
      const victims: Uint8Array[] = [];
      try {
        for (const m of conn.dump(RTM_GETROUTE, dumpRequest(f, dumpFamily))) {
          if (m.type !== RTM_NEWROUTE) continue;
          r.reset(m.payload, m.type);
          if (filterRoute(r, f, st)) victims.push(new Uint8Array(m.payload));
        }
      } catch (e) {
        if (!isMainTableMissing(e, f)) throw e;
      }
      if (victims.length === 0) {
        if (env.opts.stats) {
          env.out.write(
            round === 0
              ? 'Nothing to flush.\n'
              : `*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`,
          );
        }
        return 0;
      }
      for (const payload of victims) {
        try {
          conn.request(RTM_DELROUTE, payload);
        } catch (e) {
          // ESRCH: already gone (a multipath sibling or a concurrent change).
          if (!(e instanceof NetlinkKernelError && e.errno === 3)) throw e;
        }
      }
      if (Date.now() - start > 30000) {
        env.out.write(
          `\n*** Flush not completed after ${Math.floor((Date.now() - start) / 1000)} seconds, ${victims.length} entries remain ***\n`,
        );
        return 1;
      }
      if (env.opts.stats) env.out.write(`\n*** Round ${round + 1}, deleting ${victims.length} entries ***\n`);
    }
  } finally {
    conn.close();
  }
}
