/**
 * `ip route show|list|flush SELECTOR` (iproute_list_flush_or_save and
 * filter_nlmsg of iproute2 6.1.0's ip/iproute.c): one strict-checked dump,
 * each message filtered and printed as it arrives, nothing collected.
 */
import { closeSync, constants, writeSync } from 'node:fs';
import { openInNetns } from '../../netlink/netns-proc.js';
import { native } from '../../netlink/native.js';
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
import { renderRoute, routeContext, type RouteRenderContext } from './render.js';
import type { Connection } from '../../netlink/connection.js';
import { decodeNexthop, encodeNexthopGetRequest, type NexthopMessage } from '../../netlink/route/nexthop.js';
import { Printer } from '../../output/printer.js';
import { StringOutput, type Output } from '../../output/output.js';
import { ROUTE_HELP } from './help.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';
import {
  RTA_DST,
  RTA_FLOW,
  RTA_GATEWAY,
  RTA_IIF,
  RTA_MARK,
  RTA_NH_ID,
  RTA_OIF,
  RTA_PREFSRC,
  RTA_PRIORITY,
  RTA_SRC,
  RTA_VIA,
  RTM_DELROUTE,
  RTM_F_CLONED,
  RTM_GETNEXTHOP,
  RTM_GETROUTE,
  RTM_NEWNEXTHOP,
  RTM_NEWROUTE,
  RTN_BROADCAST,
  RTN_LOCAL,
  RTN_UNREACHABLE,
  RT_SCOPE_NOWHERE,
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
} from '../../netlink/gen/rtnetlink.js';
import { vrfLookupOver, type VrfLookup } from '../../iproute/vrf.js';

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

/** A protocol or scope selector: its id, undefined for "all" (no filter), else ip's `invalid "KEY"`. */
function idOrAll(v: string, id: number | undefined, key: string): number | undefined {
  if (id === undefined && v !== 'all') invarg(`invalid "${key}"`, v);
  return id;
}

/** The SELECTOR words of ip route list/flush. */
export function parseSelector(
  words: string[],
  family: number,
  names: IprouteNames,
  flush: boolean,
  vrf?: VrfLookup,
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
    } else if (vrf && matches(w, 'vrf')) {
      // ipvrf_get_table; a VRF's table without its local and broadcast routes.
      const v = a.next();
      const tid = vrf(v).table;
      if (tid === 0) invarg('Invalid VRF\n', v);
      f.tb = tid;
      f.typemask = ~((1 << RTN_LOCAL) | (1 << RTN_BROADCAST));
    } else if (matches(w, 'cached') || matches(w, 'cloned')) {
      f.cloned = true;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = a.next();
      const t = names.dsfieldId(v) ?? invarg('TOS value is invalid', v);
      f.tos = t;
      f.tosSet = true;
    } else if (matches(w, 'protocol')) {
      const v = a.next();
      const id = idOrAll(v, names.protocolId(v), 'protocol');
      f.protocolSet = id !== undefined;
      f.protocol = id ?? 0;
    } else if (matches(w, 'scope')) {
      const v = a.next();
      const id = idOrAll(v, names.scopeId(v), 'scope');
      f.scopeSet = id !== undefined;
      f.scope = id ?? RT_SCOPE_NOWHERE;
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

/** parseSelector for a command: the global family, and VRF names asked of the command's namespace. */
export function selectorOf(
  words: string[],
  env: CommandEnv,
  names: IprouteNames,
  flush: boolean,
): RouteFilter {
  return parseSelector(
    words,
    env.opts.family,
    names,
    flush,
    vrfLookupOver(() => openRoute(env)),
  );
}

/** Copy an address attribute into a host-length buffer (memcpy into inet_prefix.data). */
function addrOf(r: RouteMessage, type: number, n: number): Uint8Array {
  const out = new Uint8Array(16);
  const o = r.attrs.offset(type);
  if (o >= 0) out.set(r.payload.subarray(o, o + Math.min(n, r.attrs.length(type), 16)));
  return out;
}

/** A dst/src selector filter_nlmsg applies: one with a family or PREFIXLEN_SPECIFIED ("all"/"any" alone is none). */
function selects(p: InetPrefix | undefined): InetPrefix | undefined {
  return p && (p.family !== AF_UNSPEC || p.lenSpecified) ? p : undefined;
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
  // filter_nlmsg tests a prefix only when it names a family or a length:
  // "all"/"any" with no family is every route, "default" (PREFIXLEN_SPECIFIED) only /0.
  const rdst = selects(f.rdst);
  const mdst = selects(f.mdst);
  const rsrc = selects(f.rsrc);
  const msrc = selects(f.msrc);
  if (rdst) {
    if ((rdst.family && r.family !== rdst.family) || rdst.bitlen > r.dstLen) return false;
  }
  if (mdst) {
    if ((mdst.family && r.family !== mdst.family) || (mdst.bitlen >= 0 && mdst.bitlen < r.dstLen))
      return false;
  }
  if (rsrc) {
    if ((rsrc.family && r.family !== rsrc.family) || rsrc.bitlen > r.srcLen) return false;
  }
  if (msrc) {
    if ((msrc.family && r.family !== msrc.family) || (msrc.bitlen >= 0 && msrc.bitlen < r.srcLen))
      return false;
  }
  const rvia = f.rvia?.family ? f.rvia : undefined;
  const rprefsrc = f.rprefsrc?.family ? f.rprefsrc : undefined;
  if (rvia) {
    let fam = r.family;
    if (r.attrs.has(RTA_VIA) && r.attrs.length(RTA_VIA) >= 2)
      fam = view(r.payload).getUint16(r.attrs.offset(RTA_VIA), HOST_LITTLE_ENDIAN);
    if (fam !== rvia.family) return false;
  }
  if (rprefsrc && r.family !== rprefsrc.family) return false;
  if (rdst || mdst) {
    const dst = addrOf(r, RTA_DST, (r.dstLen + 7) >> 3);
    if (rdst && !bitsMatch(dst, rdst.bytes, rdst.bitlen)) return false;
    if (mdst && !bitsMatch(dst, mdst.bytes, r.dstLen)) return false;
  }
  if (rsrc || msrc) {
    const src = addrOf(r, RTA_SRC, (r.srcLen + 7) >> 3);
    if (rsrc && !bitsMatch(src, rsrc.bytes, rsrc.bitlen)) return false;
    if (msrc && msrc.bitlen >= 0 && !bitsMatch(src, msrc.bytes, r.srcLen)) return false;
  }
  if (rvia) {
    let via: Uint8Array = new Uint8Array(16);
    if (rvia.bitlen > 0) {
      if (r.attrs.has(RTA_GATEWAY)) via = addrOf(r, RTA_GATEWAY, hostLen / 8);
      if (r.attrs.has(RTA_VIA)) {
        const o = r.attrs.offset(RTA_VIA);
        via = new Uint8Array(16);
        via.set(r.payload.subarray(o + 2, o + Math.min(r.attrs.length(RTA_VIA), 18)));
      }
    }
    if (!bitsMatch(via, rvia.bytes, rvia.bitlen)) return false;
  }
  if (rprefsrc) {
    const ps = rprefsrc.bitlen > 0 ? addrOf(r, RTA_PREFSRC, hostLen / 8) : new Uint8Array(16);
    if (!bitsMatch(ps, rprefsrc.bytes, rprefsrc.bitlen)) return false;
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

/** __print_nexthop_entry of ip/ipnexthop.c, loaded on use (see routeShow). */
type NexthopRenderer = (typeof import('../nexthop/render.js'))['renderNexthop'];

/**
 * ip -d prints the nexthop object of every route with an nhid after the
 * route (print_cache_nexthop_id: "\tnh_info …", JSON "nh_info"), asking
 * the kernel for each id once (nh_cache_add). The route dump holds the
 * socket, so with -d the matching routes are kept until it ends; a table
 * without nhid routes costs no extra request.
 */
function nexthopInfoPrinter(
  conn: Connection,
  ids: Iterable<number>,
  renderNexthop: NexthopRenderer,
  nctx: Parameters<NexthopRenderer>[2],
): NonNullable<RouteRenderContext['nexthopInfo']> {
  const byId = new Map<number, NexthopMessage>();
  for (const id of ids) {
    try {
      const reply = conn
        .request(RTM_GETNEXTHOP, encodeNexthopGetRequest(AF_UNSPEC, id))
        .find((m) => m.type === RTM_NEWNEXTHOP);
      if (reply) byId.set(id, decodeNexthop(reply.payload));
    } catch (e) {
      // Gone since the dump (ENOENT): ip prints nothing for it either.
      if (!(e instanceof NetlinkKernelError)) throw e;
    }
  }
  return (p, id) => {
    const nh = byId.get(id >>> 0);
    if (!nh) return;
    if (p.json) {
      // __print_nexthop_entry opens its own object; written aside, it becomes the value of "nh_info".
      const aside = new StringOutput();
      renderNexthop(
        new Printer(aside, { json: true, pretty: false, oneline: false, colorize: undefined }),
        nh,
        nctx,
      );
      p.value('nh_info', JSON.parse(aside.text));
    } else {
      p.fp('\tnh_info ');
      renderNexthop(p, nh, nctx);
      p.fp('\n');
    }
  };
}

/**
 * `ip route show|list`. With -d the nexthop renderer is loaded on use:
 * commands/nexthop imports from commands/route, so a static import back
 * would make a folder cycle.
 */
export function routeShow(words: string[], env: CommandEnv): number | Promise<number> {
  const names = IprouteNames.forEnv(env);
  const f = selectorOf(words, env, names, false);
  if (env.opts.details > 0)
    return import('../nexthop/render.js').then((m) => listRoutes(f, env, names, m.renderNexthop));
  return listRoutes(f, env, names);
}

/** The dump and print of `ip route show`. */
function listRoutes(
  f: RouteFilter,
  env: CommandEnv,
  names: IprouteNames,
  renderNexthop?: NexthopRenderer,
): number {
  let dumpFamily = env.opts.family;
  if (dumpFamily === AF_UNSPEC && f.tb) dumpFamily = AF_INET;
  const conn = openRoute(env);
  // An output that buffers itself (FdOutput: it has flush) is written to directly: a second
  // layer of chunking would only concatenate every piece twice.
  const out = env.out.flush ? (env.out as Output & { flush(): void }) : new ChunkedOutput(env.out);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    // ll_init_map: every name up front, because the route dump will hold the socket.
    links.loadAll();
    resolveDevices(f, links);
    const p = makePrinter(env, out);
    const ctx: RouteRenderContext = {
      ...routeContext(env, names, (i) => links.nameOf(i)),
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
    const kept: { type: number; payload: Uint8Array }[] = [];
    const nhids = new Set<number>();
    p.startDocument();
    try {
      // Transient: each route is printed (or, with -d, copied) before the next datagram is read.
      conn.dumpEach(
        RTM_GETROUTE,
        dumpRequest(f, dumpFamily),
        (m) => {
          if (m.type !== RTM_NEWROUTE && m.type !== RTM_DELROUTE) return;
          r.reset(m.payload, m.type);
          if (!filterRoute(r, f, st)) return;
          if (renderNexthop) {
            kept.push({ type: m.type, payload: m.payload.slice() });
            const id = r.attrs.u32(RTA_NH_ID);
            if (id !== undefined) nhids.add(id >>> 0);
            return;
          }
          renderRoute(p, r, ctx);
          // A value too short for its type was printed as 0: say so once the route is out.
          r.attrs.throwIfError();
        },
        0,
        undefined,
        true,
      );
    } catch (e) {
      if (!isMainTableMissing(e, f)) {
        out.flush();
        throw e;
      }
    }
    if (renderNexthop) {
      const nctx = { details: env.opts.details, nameOf: (i: number) => links.nameOf(i), names };
      ctx.nexthopInfo = nexthopInfoPrinter(conn, nhids, renderNexthop, nctx);
      for (const m of kept) {
        r.reset(m.payload, m.type);
        renderRoute(p, r, ctx);
        r.attrs.throwIfError();
      }
    }
    p.endDocument();
    return 0;
  } finally {
    out.flush();
    conn.close();
  }
}

/** The file iproute_flush_cache writes "-1" to (ROUTE_FLUSH_PATH). */
const ROUTE_FLUSH_PATH = '/proc/sys/net/ipv4/route/flush';

/**
 * iproute_flush_cache: "-1" written to the namespace's flush file. A network
 * sysctl belongs to the namespace of the task that opens it, so with -n the
 * file is opened inside that namespace (openInNetns), as ip, which switches
 * to it, opens it there.
 */
function flushIpv4Cache(env: CommandEnv): void {
  const fd = openInNetns(ROUTE_FLUSH_PATH, constants.O_WRONLY, env.opts.netns);
  // ip reports a failure and goes on (its caller ignores it).
  if (fd < 0) {
    env.err.write(`Cannot open "${ROUTE_FLUSH_PATH}": ${native().strerror(fd)}\n`);
    return;
  }
  try {
    writeSync(fd, '-1');
  } finally {
    closeSync(fd);
  }
}

/** `ip route flush SELECTOR`: dump, delete what matched, again until nothing matches. */
export function routeFlush(words: string[], env: CommandEnv): number {
  if (words.length === 0) throw new CliError('"ip route flush" requires arguments.', 1);
  const names = IprouteNames.forEnv(env);
  const f = selectorOf(words, env, names, true);
  if (f.cloned) {
    // `flush cache`: IPv4 has no route cache to dump, its generation is bumped through /proc
    // (iproute_flush_cache); IPv6's cached routes are dumped and deleted below.
    if (env.opts.family !== AF_INET6) {
      flushIpv4Cache(env);
      if (env.opts.stats) env.out.write('*** IPv4 routing cache is flushed.\n');
    }
    if (env.opts.family !== AF_INET6) return 0;
  }
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
