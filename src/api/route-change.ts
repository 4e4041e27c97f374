/**
 * Typed route changes (RTM_NEWROUTE / RTM_DELROUTE) for RouteClient: a
 * RouteChange, the very structure `nlts route add|replace|append|del` parses
 * ip's words into, made from an object and sent through the same
 * newRouteChange / finishRouteChange / encodeRouteChange.
 */
import type { IprouteNames } from '../iproute/names.js';
import { parseAddr, parsePrefix } from '../iproute/prefix.js';
import {
  encodeRouteChange,
  finishRouteChange,
  newRouteChange,
  rtvia,
  u32Bytes,
  type RouteChange,
  type RouteChangeNexthop,
} from '../netlink/route/route.js';
import {
  ICMPV6_ROUTER_PREF_HIGH,
  ICMPV6_ROUTER_PREF_LOW,
  ICMPV6_ROUTER_PREF_MEDIUM,
} from '../netlink/gen/icmpv6.js';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/gen/netlink.js';
import * as rt from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../netlink/gen/socket.js';
import { Devices, type DeviceRef } from './devices.js';
import { InvalidRequestError } from './errors.js';
import {
  protocolId,
  scopeId,
  tableId,
  u32Option,
  type ProtocolName,
  type ScopeName,
  type TableName,
} from './names.js';
import type { ChangeRequest } from './request.js';

/** Route types (RTN_*) by ip's names. */
export type RouteType =
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'anycast'
  | 'multicast'
  | 'blackhole'
  | 'unreachable'
  | 'prohibit'
  | 'throw'
  | 'nat';

const ROUTE_TYPES: Readonly<Record<RouteType, number>> = {
  unicast: rt.RTN_UNICAST,
  local: rt.RTN_LOCAL,
  broadcast: rt.RTN_BROADCAST,
  anycast: rt.RTN_ANYCAST,
  multicast: rt.RTN_MULTICAST,
  blackhole: rt.RTN_BLACKHOLE,
  unreachable: rt.RTN_UNREACHABLE,
  prohibit: rt.RTN_PROHIBIT,
  throw: rt.RTN_THROW,
  nat: rt.RTN_NAT,
};

/** One path of a multipath route (`nexthop via GW dev DEV weight N`). */
export interface RouteNexthop {
  gateway?: string;
  dev?: DeviceRef;
  /** 1..256 (default 1). */
  weight?: number;
  onlink?: boolean;
}

/**
 * RTA_METRICS members (RTAX_*), as `ip route` names them. Numbers are sent
 * as they are, but `rtt`, `rttvar` and `rto_min`, which are milliseconds
 * (ip's "100ms").
 */
export interface RouteMetrics {
  mtu?: number;
  advmss?: number;
  hoplimit?: number;
  window?: number;
  rtt?: number;
  rttvar?: number;
  rto_min?: number;
  ssthresh?: number;
  cwnd?: number;
  initcwnd?: number;
  initrwnd?: number;
  reordering?: number;
  quickack?: 0 | 1;
  fastopen_no_cookie?: 0 | 1;
  /** "ecn" */
  features?: 'ecn';
  /** The congestion control algorithm. */
  congctl?: string;
  /** Metrics to lock (`mtu lock 1400`). */
  lock?: (keyof Omit<RouteMetrics, 'lock' | 'features' | 'quickack' | 'fastopen_no_cookie'>)[];
}

const METRICS: Readonly<Record<string, number>> = {
  mtu: rt.RTAX_MTU,
  advmss: rt.RTAX_ADVMSS,
  hoplimit: rt.RTAX_HOPLIMIT,
  window: rt.RTAX_WINDOW,
  rtt: rt.RTAX_RTT,
  rttvar: rt.RTAX_RTTVAR,
  rto_min: rt.RTAX_RTO_MIN,
  ssthresh: rt.RTAX_SSTHRESH,
  cwnd: rt.RTAX_CWND,
  initcwnd: rt.RTAX_INITCWND,
  initrwnd: rt.RTAX_INITRWND,
  reordering: rt.RTAX_REORDERING,
  quickack: rt.RTAX_QUICKACK,
  fastopen_no_cookie: rt.RTAX_FASTOPEN_NO_COOKIE,
  features: rt.RTAX_FEATURES,
  congctl: rt.RTAX_CC_ALGO,
};

/** A route: what `ip route add|replace|append|del` takes. */
export interface RouteSpec {
  /** "10.1.0.0/16", "2001:db8::/32", "10.1.2.3" (a host route) or "default". */
  dst: string;
  /** The family of "default" (and of a route given only by its gateway): 'inet' unless said. */
  family?: 'inet' | 'inet6';
  type?: RouteType;
  /** A table id or rt_tables name; main unless said (local for local/broadcast/anycast/nat). */
  table?: TableName | number;
  /** RTA_PRIORITY: the route's metric. */
  metric?: number;
  protocol?: ProtocolName | number;
  /** Derived as ip derives it when left out (link for a route with no gateway). */
  scope?: ScopeName | number;
  tos?: number;
  gateway?: string;
  dev?: DeviceRef;
  /** RTA_PREFSRC: the preferred source address (`src`). */
  src?: string;
  /** RTA_SRC: a source prefix (`from`). */
  from?: string;
  onlink?: boolean;
  metrics?: RouteMetrics;
  /** A multipath route: one entry per path. */
  nexthops?: RouteNexthop[];
  /** Use a nexthop object (`nhid`). */
  nhid?: number;
  /** IPv6 router preference. */
  pref?: 'low' | 'medium' | 'high';
  /** Seconds until the route expires (IPv6). */
  expires?: number;
  realms?: number;
}

/** How a route change is sent: the verbs of `ip route`. */
export type RouteVerb = 'add' | 'change' | 'replace' | 'prepend' | 'append' | 'delete';

/** ip route's verbs and their nlmsg flags (iproute_modify). */
const VERBS: Readonly<Record<RouteVerb, { cmd: number; flags: number }>> = {
  add: { cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL },
  change: { cmd: rt.RTM_NEWROUTE, flags: NLM_F_REPLACE },
  replace: { cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_REPLACE },
  prepend: { cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE },
  append: { cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_APPEND },
  delete: { cmd: rt.RTM_DELROUTE, flags: 0 },
};

const PREFS = {
  low: ICMPV6_ROUTER_PREF_LOW,
  medium: ICMPV6_ROUTER_PREF_MEDIUM,
  high: ICMPV6_ROUTER_PREF_HIGH,
};

/** A gateway as RTA_GATEWAY when of the route's family, else RTA_VIA (iproute_modify's `via`). */
function gateway(option: string, text: string, family: number): { family: number; bytes: Uint8Array } {
  const a = parseAddr(text, AF_UNSPEC);
  if (!a || a.isDefault) throw new InvalidRequestError(`"${text}" is not an IPv4 or IPv6 address`, option);
  if (family !== AF_UNSPEC && a.family !== family && a.family !== AF_INET6)
    throw new InvalidRequestError(`"${text}" is not of the route's family`, option);
  return { family: a.family, bytes: a.bytes };
}

/** The RouteChange of a RouteSpec (what parseRouteChange makes of the same route in words). */
export function routeChange(verb: RouteVerb, spec: RouteSpec, names: IprouteNames): RouteChange {
  const { cmd, flags } = VERBS[verb];
  const family0 = spec.family === 'inet6' ? AF_INET6 : spec.family === 'inet' ? AF_INET : AF_UNSPEC;
  const c = newRouteChange(cmd, flags, family0);
  const add = (type: number, value: Uint8Array): void => {
    c.attrs.push({ type, value });
  };
  if (spec.type !== undefined) {
    const t = ROUTE_TYPES[spec.type];
    if (t === undefined) throw new InvalidRequestError(`unknown route type "${spec.type}"`, 'type');
    c.type = t;
  }
  const dst = parsePrefix(spec.dst, c.family);
  if (!dst) throw new InvalidRequestError(`"${spec.dst}" is not a prefix`, 'dst');
  if (c.family === AF_UNSPEC) c.family = dst.family;
  c.dstLen = dst.bitlen;
  if (dst.bytes.length) add(rt.RTA_DST, dst.bytes);
  if (spec.from !== undefined) {
    const p = parsePrefix(spec.from, c.family);
    if (!p) throw new InvalidRequestError(`"${spec.from}" is not a prefix of the route's family`, 'from');
    if (p.bytes.length) add(rt.RTA_SRC, p.bytes);
    c.srcLen = p.bitlen;
  }
  if (spec.src !== undefined) {
    const a = parseAddr(spec.src, c.family);
    if (!a || a.isDefault)
      throw new InvalidRequestError(`"${spec.src}" is not an address of the route's family`, 'src');
    add(rt.RTA_PREFSRC, a.bytes);
  }
  if (spec.gateway !== undefined) {
    const g = gateway('gateway', spec.gateway, c.family);
    if (c.family === AF_UNSPEC) c.family = g.family;
    if (g.family === c.family) add(rt.RTA_GATEWAY, g.bytes);
    else add(rt.RTA_VIA, rtvia(g.family, g.bytes));
  }
  if (spec.tos !== undefined) c.tos = u32Option('tos', spec.tos, 255);
  if (spec.expires !== undefined) add(rt.RTA_EXPIRES, u32Bytes(u32Option('expires', spec.expires)));
  if (spec.metric !== undefined) add(rt.RTA_PRIORITY, u32Bytes(u32Option('metric', spec.metric)));
  if (spec.scope !== undefined) c.scope = scopeId(names, 'scope', spec.scope);
  if (spec.metrics) {
    const m = spec.metrics;
    for (const [key, value] of Object.entries(m)) {
      if (key === 'lock' || value === undefined) continue;
      const type = METRICS[key];
      if (type === undefined) throw new InvalidRequestError(`unknown metric "${key}"`, `metrics.${key}`);
      if (key === 'congctl') c.metrics.push({ type, value: new TextEncoder().encode(String(value)) });
      else if (key === 'features') {
        if (value !== 'ecn')
          throw new InvalidRequestError(`"${String(value)}" is not "ecn"`, 'metrics.features');
        c.metrics.push({ type, value: u32Bytes(rt.RTAX_FEATURE_ECN) });
      } else {
        const n = u32Option(`metrics.${key}`, value as number, key === 'hoplimit' ? 255 : 0xffffffff);
        // get_time_rtt with a unit: RTAX_RTT in 1/8 ms, RTAX_RTTVAR in 1/4 ms, RTAX_RTO_MIN in ms.
        const scaled = key === 'rtt' ? n * 8 : key === 'rttvar' ? n * 4 : n;
        c.metrics.push({ type, value: u32Bytes(scaled) });
      }
      if (key === 'rto_min') c.mxlock |= 1 << type; // ip always locks rto_min
    }
    for (const key of m.lock ?? []) {
      const type = METRICS[key];
      if (type === undefined) throw new InvalidRequestError(`unknown metric "${key}"`, 'metrics.lock');
      c.mxlock |= 1 << type;
    }
  }
  if (spec.realms !== undefined) add(rt.RTA_FLOW, u32Bytes(u32Option('realms', spec.realms)));
  if (spec.onlink) c.rtmFlags |= rt.RTNH_F_ONLINK;
  if (spec.nhid !== undefined) add(rt.RTA_NH_ID, u32Bytes(u32Option('nhid', spec.nhid)));
  if (spec.protocol !== undefined) c.protocol = protocolId(names, 'protocol', spec.protocol);
  if (spec.table !== undefined) {
    const tid = tableId(names, 'table', spec.table);
    if (tid < 256) c.table = tid;
    else {
      c.table = rt.RT_TABLE_UNSPEC;
      add(rt.RTA_TABLE, u32Bytes(tid));
    }
  }
  if (spec.dev !== undefined) c.dev = Devices.key(spec.dev);
  if (spec.pref !== undefined) {
    const p = PREFS[spec.pref];
    if (p === undefined) throw new InvalidRequestError(`"${spec.pref}" is not low, medium or high`, 'pref');
    add(rt.RTA_PREF, Uint8Array.of(p));
  }
  (spec.nexthops ?? []).forEach((nh, i) => {
    const at = `nexthops[${i}]`;
    const out: RouteChangeNexthop = { weight: 1, flags: 0 };
    if (nh.gateway !== undefined) {
      const g = gateway(`${at}.gateway`, nh.gateway, c.family);
      if (c.family === AF_UNSPEC) c.family = g.family;
      if (g.family === c.family) out.gateway = g.bytes;
      else out.via = g;
    }
    if (nh.dev !== undefined) out.dev = Devices.key(nh.dev);
    if (nh.weight !== undefined) {
      if (!Number.isInteger(nh.weight) || nh.weight < 1 || nh.weight > 256)
        throw new InvalidRequestError(`${nh.weight} is not in 1..256`, `${at}.weight`);
      out.weight = nh.weight;
    }
    if (nh.onlink) out.flags = rt.RTNH_F_ONLINK;
    c.nexthops.push(out);
  });
  finishRouteChange(c, {
    table: spec.table !== undefined,
    scope: spec.scope !== undefined,
    type: spec.type !== undefined,
    gateway: spec.gateway !== undefined || c.nexthops.length > 0 || (spec.nhid ?? 0) !== 0,
  });
  return c;
}

/** The request of a route change, its devices resolved. */
export function routeRequest(
  verb: RouteVerb,
  spec: RouteSpec,
  devices: Devices,
  names: IprouteNames,
): ChangeRequest {
  const c = routeChange(verb, spec, names);
  return { type: c.cmd, flags: c.flags, payload: encodeRouteChange(c, devices), fds: [] };
}
