/**
 * `nlts monitor [all|link|address|route|neigh|netconf|rule|nsid|nexthop]`: rtnetlink
 * multicast groups, printed as ip monitor prints them (ip/ipmonitor.c) or as
 * NDJSON records, with overrun detection and resynchronisation by dumping.
 *
 * Every object kind plugs in through one table entry: its groups, message
 * types, resync dumps and renderer.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { CommandEnv } from '../env.js';
import { EXIT_USAGE } from '../../iproute/parse.js';
import { fsErrorText } from '../../netlink/native.js';
import { hostU32 } from '../../netlink/codec/bytes.js';
import type { Datagram } from '../../netlink/transport.js';
import { CliError } from '../../iproute/errors.js';
import { parseMessages, type NetlinkMessage } from '../../netlink/codec/message.js';
import { Connection } from '../../netlink/connection.js';

import { NetlinkKernelError, NetlinkTimeoutError } from '../../netlink/errors.js';
import { joinGroup } from '../../netlink/events.js';

import { LinkMessage, decodeLink, encodeGetLinkRequest } from '../../netlink/route/link.js';
import { decodeAddr } from '../../netlink/route/addr.js';
import { decodeNeigh } from '../../netlink/route/neigh.js';
import { lookupNamedNetns } from '../../netlink/route/netns.js';
import { decodeNetconf } from '../../netlink/route/netconf.js';
import { decodeNexthop, encodeNexthopDumpRequest } from '../../netlink/route/nexthop.js';
import { IprouteNames } from '../../iproute/names.js';
import { RouteMessage } from '../../netlink/route/route.js';
import { groupKey, monitorObjects, type MonitorSourceName, type RtnlGroup } from '../../registry/registry.js';

const reusedRoute = new RouteMessage();
import { decodeRule } from '../../netlink/route/rule.js';
import { PRINT_JSON, type Printer } from '../../output/printer.js';
import { renderAddr } from '../addr/render.js';
import type { LinkRenderContext } from '../link/kinds/context.js';
import type { LinkRenderExtras } from '../link/render-base.js';
import { renderLink } from '../link/render.js';
import { renderNeigh } from '../neigh/render.js';
import { renderNetconf } from '../netconf/render.js';
import { renderNexthop } from '../nexthop/render.js';
import { renderRoute } from '../route/render.js';
import { renderRule } from '../rule/render.js';
import { renderNsid } from './nsid.js';
import { NetnsNameCache } from '../../iproute/netns-map.js';
import { familyName } from '../../iproute/prefix.js';
import { openMonitorSocket, type MonitorRequest } from './socket.js';
import { runMonitorSource, type SourceLoop } from './runner.js';
import { EventWriter } from './writer.js';
import { inNetns } from '../../netlink/transport.js';
import {
  NETLINK_PKTINFO,
  NETLINK_ROUTE,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
} from '../../netlink/gen/netlink.js';
import { AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC, SOL_NETLINK } from '../../netlink/gen/socket.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_F_CLONED,
  RTM_GETLINK,
  RTM_NEWLINK,
  RTNL_FAMILY_IP6MR,
  RTNL_FAMILY_IPMR,
} from '../../netlink/gen/rtnetlink.js';

/** Group numbers as the JSON "group" field spells them (the kernel's names, lower case, "-" for "_"). */
export const RTNL_GROUP_NAMES: ReadonlyMap<number, string> = new Map(
  monitorObjects().flatMap((o) =>
    o.rtnl.groups.map((g) => [g.group, groupKey(g.group).replace(/_/g, '-')] as const),
  ),
);

/** What a renderer may ask about the namespace being monitored. */
export interface MonitorContext extends LinkRenderContext {
  /** Keep ip monitor's ll_remember_index cache in step with link events. */
  remember(link: LinkMessage): void;
  /** ll_index_to_type: ARPHRD_* of a link (how a neighbour's lladdr is printed), 0 when unknown. */
  typeOf(ifindex: number): number;
  /** rtnl_rtscope_n2a (addresses): rt_scopes, or the number with -N. */
  scopeName(scope: number): string;
  /** The one name database (rt_tables, rt_protos, rt_dsfield, group, ...), read on first use. */
  names(): IprouteNames;
  /** ip's nsid cache (names under /run/netns), made on first use unless made at start. */
  netnsNames(): NetnsNameCache;
  /** ip -N */
  numeric: boolean;
  /** Text is coloured (ip -c). */
  color: boolean;
}

export interface RtnlSource {
  /** The JSON "source" (the registry's monitor.source). */
  name: MonitorSourceName;
  /** ip monitor's label with `all`. */
  label: string;
  newType: number;
  delType: number;
  /** Other message types of this source, shown as "new" (RTM_GETNEIGH: a resolution request). */
  otherTypes?: number[];
  /** Groups to join for a family filter (AF_UNSPEC = all). */
  groups(family: number): number[];
  /** The group an object belongs to, for records that carry no NETLINK_PKTINFO (dumps, replays). */
  groupOf(msg: NetlinkMessage): number;
  /** Requests that dump the current state (resync). */
  dumps(family: number): { type: number; payload: Uint8Array }[];
  /** False when ip monitor would not print it. */
  accept?(msg: NetlinkMessage, family: number): boolean;
  /** One object: text as ip monitor prints it, JSON as the show command prints it. */
  render(p: Printer, msg: NetlinkMessage, ctx: MonitorContext): void;
}

/** ll_index_to_name as `ip route` prints it: "*" for 0, "if<N>" when unknown. */
const routeDev = (ctx: MonitorContext, i: number): string =>
  i === 0 ? '*' : (ctx.nameOf(i) ?? `if${i >>> 0}`);

/**
 * An address event. Text: print_addrinfo with the "INDEX: DEV" prefix, as ip
 * monitor prints it. JSON: the shape of one element of `ip -j address show`
 * reduced to the link's identification and this one address,
 * {ifindex, ifname, addr_info: [{family, local, prefixlen, ...}]}; a deletion
 * is the same object (the record's "event" says "del").
 */
function renderAddrEvent(p: Printer, msg: NetlinkMessage, ctx: MonitorContext, ev: EventKind): void {
  const addrCtx = { brief: false, nameOf: ctx.nameOf, scopeName: ctx.scopeName };
  const a = decodeAddr(msg.payload, ev.decodeAs);
  if (!p.json) {
    renderAddr(p, a, { ...addrCtx, showDev: true });
    return;
  }
  p.openObject();
  p.number(PRINT_JSON, 'ifindex', '', a.index);
  p.string(PRINT_JSON, 'ifname', '', ctx.nameOf(a.index) ?? `if${a.index >>> 0}`);
  p.openArray('addr_info');
  p.openObject();
  renderAddr(p, a, { ...addrCtx, showDev: false });
  p.closeObject();
  p.closeArray();
  p.closeObject();
}

function familyHeader(len: number, family: number): Uint8Array {
  const b = new Uint8Array(len);
  b[0] = family;
  return b;
}

function familyDumps(type: number, len: number, family: number, families: number[]) {
  return families
    .filter((f) => family === AF_UNSPEC || f === family)
    .map((f) => ({ type, payload: familyHeader(len, f) }));
}

/**
 * What a message is among its source's registry types (RtnlSpec.types), so
 * the renderers need no RTM_* of their own.
 */
interface EventKind {
  /** RTM_DEL*: text says "Deleted " (a JSON record says it in "event"). */
  deleted: boolean;
  /** One of the source's other types (RTM_GETNEIGH: a resolution request). */
  other: boolean;
  /** The type to decode as: RTM_NEW* in JSON (the show command's object), the message's own in text. */
  decodeAs: number;
}

/** What only the monitor knows about a source: its resync dumps, filter and renderer. */
interface SourceBehaviour {
  /** Requests that dump the current state; `get` is the registry's RTM_GET* of the object. */
  dumps(family: number, get: number): { type: number; payload: Uint8Array }[];
  accept?(msg: NetlinkMessage, family: number): boolean;
  render(p: Printer, msg: NetlinkMessage, ctx: MonitorContext, ev: EventKind): void;
}

/**
 * One behaviour per registry monitor source: an object added to the registry
 * with a monitor word does not compile until it has one here.
 */
const BEHAVIOUR: Record<MonitorSourceName, SourceBehaviour> = {
  link: {
    dumps: (_f, get) => [
      {
        type: get,
        payload: encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS }),
      },
    ],
    render(p, msg, ctx, ev) {
      // JSON: exactly the `ip -j link show` object (the record's "event" says it was deleted).
      const link = decodeLink(msg.payload, ev.decodeAs);
      ctx.remember(link);
      // Text: print_linkinfo as ip monitor calls it (do_link = 0, no qlen).
      renderLink(p, link, p.json ? ctx : { ...ctx, monitor: true });
    },
  },
  addr: {
    dumps: (f, get) => familyDumps(get, 8, f, [AF_INET, AF_INET6]),
    // No family filter: ip's print_addrinfo does not filter a monitor's addresses (-4/-6 only
    // choose the groups it joins), so `-4 monitor file` prints a saved IPv6 address too.
    render: renderAddrEvent,
  },
  route: {
    dumps: (f, get) => familyDumps(get, 12, f, [AF_INET, AF_INET6]),
    accept: (msg, f) => {
      if (msg.payload.length < 12) return true; // let the decoder report it
      const rfam = msg.payload[0]!;
      if (rfam === RTNL_FAMILY_IPMR || rfam === RTNL_FAMILY_IP6MR) return false;
      const flags =
        msg.payload[8]! | (msg.payload[9]! << 8) | (msg.payload[10]! << 16) | (msg.payload[11]! << 24);
      if (flags & RTM_F_CLONED) return false;
      return f === AF_UNSPEC || rfam === f;
    },
    // JSON: exactly an element of `ip -j route show table all`.
    render: (p, msg, ctx, ev) =>
      // One RouteMessage reused for every event: it is rendered at once and not kept.
      renderRoute(p, reusedRoute.reset(msg.payload, ev.decodeAs), {
        details: ctx.details,
        stats: ctx.stats,
        names: ctx.names(),
        nameOf: (i) => routeDev(ctx, i),
        color: ctx.color,
      }),
  },
  neigh: {
    dumps: (f, get) => [{ type: get, payload: familyHeader(12, f) }],
    // ipmonitor.c filters neighbours by the preferred family.
    accept: (msg, f) => f === AF_UNSPEC || msg.payload[0] === f,
    // JSON: exactly an element of `ip -j neigh show`; an RTM_GETNEIGH (a resolution request)
    // keeps print_neigh's "miss", which no other field of the record carries.
    render: (p, msg, ctx, ev) =>
      renderNeigh(
        p,
        decodeNeigh(msg.payload),
        {
          stats: ctx.stats,
          brief: false,
          devFiltered: false,
          nameOf: ctx.nameOf,
          typeOf: ctx.typeOf,
          names: ctx.names(),
        },
        ev.other ? 'get' : ev.deleted && !p.json ? 'del' : 'new',
      ),
  },
  netconf: {
    // <linux/netconf.h>: struct netconfmsg is one byte, padded to 4.
    dumps: (f, get) => familyDumps(get, 4, f, [AF_INET, AF_INET6]),
    // JSON: exactly an element of `ip -j netconf show` (ipmonitor.c resets the netconf
    // filter, so every family the joined groups deliver is printed).
    render(p, msg, ctx, ev) {
      renderNetconf(p, decodeNetconf(msg.payload), (i) => routeDev(ctx, i), ev.deleted && !p.json);
      p.fp('\n');
    },
  },
  rule: {
    dumps: (f, get) => familyDumps(get, 12, f, [AF_INET, AF_INET6]),
    // print_rule drops a rule of another family than -4/-6 asked for (seen in `monitor file`).
    accept: (msg, f) => f === AF_UNSPEC || msg.payload[0] === f,
    // JSON: exactly an element of `ip -j rule show`.
    render: (p, msg, ctx, ev) =>
      renderRule(
        p,
        decodeRule(msg.payload),
        { names: ctx.names(), details: ctx.details, numeric: ctx.numeric },
        ev.deleted && !p.json,
      ),
  },
  nsid: {
    dumps: (_f, get) => [{ type: get, payload: familyHeader(4, AF_UNSPEC) }],
    render: (p, msg, ctx, ev) => renderNsid(p, msg.payload, ev.deleted, ctx.netnsNames()),
  },
  nexthop: {
    dumps: (_f, get) => [{ type: get, payload: encodeNexthopDumpRequest({ family: AF_UNSPEC }) }],
    // JSON: exactly an element of `ip -j nexthop show`.
    render(p, msg, ctx, ev) {
      renderNexthop(
        p,
        decodeNexthop(msg.payload),
        { details: ctx.details, nameOf: (i) => routeDev(ctx, i), names: ctx.names() },
        ev.deleted && !p.json,
      );
      p.fp('\n');
    },
  },
};

/** The groups of a source to join for a family filter: a group of another family is left out. */
function groupsFor(groups: readonly RtnlGroup[], family: number): number[] {
  return groups
    .filter((g) => family === AF_UNSPEC || g.family === undefined || g.family === family)
    .map((g) => g.group);
}

/**
 * The group of an object that came without NETLINK_PKTINFO (a resync dump, a
 * replay): the group of its family; a family with no group of its own counts
 * under the MPLS group where the source has one (route, netconf), else the first.
 */
function groupOfFamily(groups: readonly RtnlGroup[]): (msg: NetlinkMessage) => number {
  const fallback = (groups.find((g) => g.family === AF_MPLS) ?? groups[0]!).group;
  return (msg) =>
    groups.find((g) => g.family !== undefined && g.family === msg.payload[0])?.group ?? fallback;
}

/** Every rtnetlink source, from the registry's monitor objects, in ipmonitor.c's order. */
export const RTNL_SOURCES: readonly RtnlSource[] = monitorObjects().map(({ rtnl, source }) => {
  const groups = rtnl.groups;
  const b = BEHAVIOUR[source];
  const newType = rtnl.types.new;
  const delType = rtnl.types.del ?? newType;
  const otherTypes = rtnl.monitor.otherTypes ?? [];
  const s: RtnlSource = {
    name: source,
    label: `[${source.toUpperCase()}]`,
    newType,
    delType,
    groups: (f) => groupsFor(groups, f),
    groupOf: groups.length === 1 ? () => groups[0]!.group : groupOfFamily(groups),
    dumps: (f) => b.dumps(f, rtnl.types.get),
    render: (p, msg, ctx) =>
      b.render(p, msg, ctx, {
        deleted: msg.type === delType && delType !== newType,
        other: otherTypes.includes(msg.type),
        decodeAs: p.json ? newType : msg.type,
      }),
  };
  if (b.accept) s.accept = b.accept;
  if (otherTypes.length) s.otherTypes = [...otherTypes];
  return s;
});

/** ip monitor's object words (ipmonitor.c matches() order) → source names. */
export const OBJECT_WORDS: readonly [string, RtnlSource['name']][] = monitorObjects().map((o) => [
  o.rtnl.monitor.word,
  o.source,
]);

/** A resync dump that stalls this long is reported and abandoned, never waited on forever. */
const DUMP_TIMEOUT_MS = 30_000;

/** Bound on the ifindex → name cache, so a host that churns interfaces for days stays flat. */
const NAME_CACHE_MAX = 65536;

/** Names, flags and types by ifindex (ip's ll_map), fed by link events and by GETLINK on a miss. */
class LinkNames {
  private readonly map = new Map<number, { name: string; flags: number; type: number }>();
  constructor(private readonly query: () => Connection) {}
  remember(link: LinkMessage): void {
    if (link.deleted) {
      this.map.delete(link.index);
      return;
    }
    if (this.map.size >= NAME_CACHE_MAX) this.map.clear();
    this.map.set(link.index, { name: link.ifname, flags: link.flags, type: link.type });
  }
  get(ifindex: number): { name: string; flags: number; type: number } | undefined {
    let e = this.map.get(ifindex);
    if (e) return e;
    try {
      const replies = this.query().request(
        RTM_GETLINK,
        encodeGetLinkRequest({ ifindex, extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS }),
      );
      const m = replies.find((r) => r.type === RTM_NEWLINK);
      if (!m) return undefined;
      const l = decodeLink(m.payload);
      e = { name: l.ifname, flags: l.flags, type: l.type };
      if (this.map.size >= NAME_CACHE_MAX) this.map.clear();
      this.map.set(ifindex, e);
      return e;
    } catch (err) {
      if (err instanceof NetlinkKernelError) return undefined; // gone already
      throw err;
    }
  }
}

export interface RtnlRequest extends MonitorRequest {
  sources: RtnlSource[];
  /** ip monitor prints labels only with an explicit `all` (or `label`). */
  labels: boolean;
  family: number;
  resync: boolean;
  /**
   * The objects were named (`ip monitor nsid`), not all by default: ip's nsid
   * cache is then filled at start (netns_map_init), so a namespace named then
   * and deleted later still has its name; with all objects it is filled on
   * first use (recordings of `monitor all` keep no names).
   */
  named?: boolean;
}

/**
 * The sockets a monitor's renderer and resync use besides the one it listens
 * on, opened on first use: name lookups happen while a resync dump is being
 * streamed, and a request on the dumping socket would swallow the rest of the
 * dump, so there are two.
 */
class RtnlSockets {
  private query: Connection | undefined;
  private dumper: Connection | undefined;
  constructor(private readonly env: CommandEnv) {}
  private open(): Connection {
    return Connection.open(this.env.transports, NETLINK_ROUTE, inNetns(this.env.opts.netns ?? undefined));
  }
  openQuery = (): Connection => (this.query ??= this.open());
  openDumper = (): Connection => {
    if (!this.dumper) {
      this.dumper = this.open();
      this.dumper.transport.setReceiveTimeout(DUMP_TIMEOUT_MS);
    }
    return this.dumper;
  };
  /** A dump that failed half-way leaves its socket out of step: start afresh next time. */
  dropDumper(): void {
    this.dumper?.close();
    this.dumper = undefined;
  }
  close(): void {
    this.query?.close();
    this.dropDumper();
  }
}

/** Run the rtnetlink monitor until a signal, --count or --duration ends it. */
export async function runRtnl(req: RtnlRequest, env: CommandEnv): Promise<number> {
  const t = openMonitorSocket(env, NETLINK_ROUTE, req);
  const sockets = new RtnlSockets(env);
  return runMonitorSource(env, req, t, {
    labels: req.labels,
    oneline: env.opts.oneline,
    close: () => sockets.close(),
    start: (w) => {
      const groups = new Set<number>();
      for (const s of req.sources) for (const g of s.groups(req.family)) groups.add(g);
      for (const g of groups) joinGroup(t, g);
      try {
        t.setOption(SOL_NETLINK, NETLINK_PKTINFO, 1);
      } catch {
        /* the group then comes from the object itself */
      }
      return rtnlLoop(req, env, w, sockets);
    },
  });
}

/**
 * `ip monitor file FILE` (rtnl_from_file): the rtnetlink messages saved in
 * FILE (rtmon's format: netlink messages back to back), printed as the
 * monitor prints events, then exit. Like ip, a message longer than its 16 KiB
 * buffer or cut short ends the run with its message and status 1 (do_ipmonitor
 * returns rtnl_from_file's -1); a file that cannot be opened, 255.
 */
export async function runRtnlFile(req: RtnlRequest, file: string, env: CommandEnv): Promise<number> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new CliError(`Cannot fopen: ${fsErrorText(e)}`, EXIT_USAGE);
  }
  const sockets = new RtnlSockets(env);
  const w = new EventWriter(env, {
    json: env.opts.json,
    timestamp: req.timestamp,
    labels: req.labels,
    oneline: env.opts.oneline,
  });
  try {
    const loop = rtnlLoop({ ...req, resync: false }, env, w, sockets);
    const buf = new Uint8Array(FILE_MESSAGE_MAX);
    let at = 0;
    for (;;) {
      const got = readSync(fd, buf, 0, NLMSG_HDRLEN, at);
      if (got === 0) break;
      if (got !== NLMSG_HDRLEN) throw new CliError('rtnl-from_file: truncated message', 1);
      at += got;
      const len = hostU32(buf, 0);
      if (len < NLMSG_HDRLEN || len > FILE_MESSAGE_MAX)
        throw new CliError(`!!!malformed message: len=${len | 0} @${at}`, 1);
      const rest = (len - NLMSG_HDRLEN + 3) & ~3;
      if (readSync(fd, buf, NLMSG_HDRLEN, rest, at) !== rest)
        throw new CliError('rtnl-from_file: truncated message', 1);
      at += rest;
      const d: Datagram = { data: buf.slice(0, len), senderPid: 0, senderGroups: 0, group: -1, nsid: null };
      if (!loop.datagram(d)) break;
    }
    w.flush();
    return 0;
  } finally {
    closeSync(fd);
    sockets.close();
  }
}

/**
 * rtmon's timestamp record in a saved stream: iproute2's own message type
 * (include/libnetlink.h NLMSG_TSTAMP), not the kernel's, so not generated.
 */
const NLMSG_TSTAMP = 15;

/** rtnl_from_file's buffer: a saved message longer than this is "malformed". */
const FILE_MESSAGE_MAX = 16384;

/** What one rtnetlink message becomes (accept_msg), and the resync after a loss. */
function rtnlLoop(req: RtnlRequest, env: CommandEnv, w: EventWriter, sockets: RtnlSockets): SourceLoop {
  const { openQuery, openDumper } = sockets;
  const byType = new Map<number, RtnlSource>();
  for (const s of req.sources) {
    byType.set(s.newType, s);
    byType.set(s.delType, s);
    for (const o of s.otherTypes ?? []) byType.set(o, s);
  }
  const names = new LinkNames(openQuery);
  let netnsNames: NetnsNameCache | undefined;
  let lookups = 0;
  const netnsCache = (): NetnsNameCache =>
    (netnsNames ??= new NetnsNameCache(
      env.fact('named-netns-by-nsid', () => [...lookupNamedNetns(env.transports, env.opts.netns)]),
      // netns_get_name: a system fact, numbered so a replay answers each lookup as it was.
      (nsid) =>
        env.fact(
          `netns-name-of-nsid:${lookups++}:${nsid}`,
          () => lookupNamedNetns(env.transports, env.opts.netns).get(nsid) ?? null,
        ) ?? undefined,
    ));
  if (req.named && req.sources.some((s) => s.name === 'nsid')) netnsCache();
  // One name database for every object (iproute2's lib/rt_names.c), read on first use.
  let db: IprouteNames | undefined;
  const iprouteNames = (): IprouteNames => (db ??= IprouteNames.forEnv(env));
  const ctx: MonitorContext & LinkRenderExtras = {
    stats: env.opts.stats,
    details: env.opts.details,
    oneline: env.opts.oneline,
    nameOf: (i) => names.get(i)?.name || undefined,
    flagsOf: (i) => names.get(i)?.flags ?? 0,
    netnsNameOf: (nsid) => netnsCache().get(nsid),
    netnsNames: netnsCache,
    remember: (l) => names.remember(l),
    typeOf: (i) => names.get(i)?.type ?? 0,
    scopeName: (scope) => iprouteNames().scopeName(scope),
    names: iprouteNames,
    groupName: (g) => iprouteNames().groupNameOrUndefined(g),
    protodownReasonName: (bit) => iprouteNames().protodownReasonName(bit),
    numeric: env.opts.numeric,
    color: env.colorize !== undefined,
  };

  let seen = 0;
  const limit = req.count;
  /** One message → one record; false when --count is reached. */
  const handle = (m: NetlinkMessage, group: number): boolean => {
    if (m.type === NLMSG_TSTAMP) {
      // accept_msg: a saved stream's timestamp (struct timeval's seconds and microseconds as u32s).
      if (m.payload.length >= 8) w.savedTimestamp(hostU32(m.payload, 0), hostU32(m.payload, 4));
      return true;
    }
    const s = byType.get(m.type);
    if (!s) {
      if (
        m.type === NLMSG_ERROR ||
        m.type === NLMSG_NOOP ||
        m.type === NLMSG_DONE ||
        m.type === NLMSG_OVERRUN
      )
        return true;
      env.err.write(
        `Unknown message: type=0x${m.type.toString(16).padStart(8, '0')}(${m.type}) flags=0x${m.flags.toString(16).padStart(8, '0')}(${m.flags}) len=0x${(m.payload.length + 16).toString(16).padStart(8, '0')}(${m.payload.length + 16})\n`,
      );
      return true;
    }
    if (s.accept && !s.accept(m, req.family)) return true;
    const g = group >= 0 ? group : s.groupOf(m);
    w.event(
      {
        source: s.name,
        group: RTNL_GROUP_NAMES.get(g) ?? String(g),
        event: m.type === s.delType ? 'del' : 'new',
        label: s.label,
      },
      (p) => s.render(p, m, ctx),
    );
    seen++;
    return limit === undefined || seen < limit;
  };

  const resync = (): boolean => {
    const kinds = req.sources.map((s) => s.name);
    w.notice('resync-start', { sources: kinds }, `[RESYNC-START] dumping ${kinds.join(' ')}`);
    let objects = 0;
    let more = true;
    let complete = true;
    for (const s of req.sources) {
      for (const d of s.dumps(req.family)) {
        try {
          for (const m of openDumper().dump(d.type, d.payload)) {
            objects++;
            if (!handle(m, -1)) {
              more = false;
              break;
            }
          }
        } catch (e) {
          if (!(e instanceof NetlinkKernelError || e instanceof NetlinkTimeoutError)) throw e;
          complete = false;
          sockets.dropDumper();
          const why = e instanceof NetlinkKernelError ? e.description : e.message;
          const family = d.payload[0] ?? AF_UNSPEC;
          env.err.write(
            `nlts monitor: cannot dump ${s.name}${family === AF_UNSPEC ? '' : ` (${familyName(family)})`}: ${why}\n`,
          );
        }
        if (!more) break;
      }
      if (!more) break;
    }
    w.notice(
      'resync-end',
      { objects, complete },
      `[RESYNC-END] ${objects} objects${complete ? '' : ' (incomplete: a dump failed)'}`,
    );
    w.flush();
    return more;
  };

  return {
    datagram(d) {
      for (const m of parseMessages(d.data)) if (!handle(m, d.group)) return false;
      return true;
    },
    afterLost: () => (req.resync ? resync() : true),
  };
}

/** Reject what ip monitor would reject for this object list. */
export function checkFamily(family: number): void {
  if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) {
    throw new CliError('nlts monitor: only -4 and -6 select a family', 1);
  }
}
