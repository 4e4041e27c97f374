/**
 * `ip route add|change|replace|prepend|append|test|delete ROUTE`
 * (iproute_modify and parse_nexthops of iproute2 6.1.0's ip/iproute.c).
 * Everything is parsed and checked before the one request is sent.
 */
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { matches } from '../../iproute/parse.js';

import { IprouteNames, parseRealms, routeTypeId } from '../../iproute/names.js';
import {
  encodeRouteChange as encodeRouteChangeWith,
  finishRouteChange,
  newRouteChange,
  rtvia,
  u32Bytes,
  type DeviceResolver,
  type RouteChange,
  type RouteChangeNexthop,
} from '../../netlink/route/route.js';
import { Args, openRoute } from './common.js';
import { parseEncap } from '../lwtunnel.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { EXIT_USAGE, invarg, getU32, getUnsigned, getU8 } from '../../iproute/parse.js';
import { getAddr, getPrefix, readFamily, type InetPrefix } from '../../iproute/prefix.js';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/gen/netlink.js';
import { AF_UNSPEC } from '../../netlink/gen/socket.js';
import {
  ICMPV6_ROUTER_PREF_HIGH,
  ICMPV6_ROUTER_PREF_LOW,
  ICMPV6_ROUTER_PREF_MEDIUM,
} from '../../netlink/gen/icmpv6.js';
import * as rt from '../../netlink/gen/rtnetlink.js';
import { vrfLookupOver, type VrfLookup } from '../../iproute/vrf.js';

/** The verbs and their nlmsg flags, in ip's matching order. */
export const MODIFY_VERBS: { verb: string; cmd: number; flags: number; exact?: string }[] = [
  { verb: 'add', cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL },
  { verb: 'change', cmd: rt.RTM_NEWROUTE, flags: NLM_F_REPLACE, exact: 'chg' },
  { verb: 'replace', cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_REPLACE },
  { verb: 'prepend', cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE },
  { verb: 'append', cmd: rt.RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_APPEND },
  { verb: 'test', cmd: rt.RTM_NEWROUTE, flags: NLM_F_EXCL },
  { verb: 'delete', cmd: rt.RTM_DELROUTE, flags: 0 },
];

export type { RouteChange } from '../../netlink/route/route.js';

/** get_time_rtt: NUMBER[s|ms] in milliseconds; `raw` when no unit was given. */
function getTimeRtt(s: string): { ms: number; raw: boolean } | null {
  const m = /^(\d+(?:\.\d+)?)(s|sec|secs|ms|msec|msecs)?$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]);
  if (!m[2]) return Number.isInteger(v) ? { ms: v, raw: true } : null;
  const ms = m[2].startsWith('m') ? v : v * 1000;
  return { ms: Math.floor(ms), raw: false };
}

/** Parse `ip route VERB ROUTE` words into a RouteChange (no kernel access). */
export function parseRouteChange(
  words: string[],
  cmd: number,
  flags: number,
  family: number,
  names: IprouteNames,
  vrf?: VrfLookup,
): RouteChange {
  const c = newRouteChange(cmd, flags, family);
  let gwOk = false;
  let dstOk = false;
  let nhsOk = false;
  let scopeOk = false;
  let tableOk = false;
  let typeOk = false;
  let nhid = 0;
  const add = (type: number, value: Uint8Array): void => {
    c.attrs.push({ type, value });
  };
  const mx = (type: number, v: number): void => {
    c.metrics.push({ type, value: u32Bytes(v) });
  };
  const a = new Args(words);
  /** "NAME [lock] NUMBER" metrics. */
  const lockable = (type: number, what: string, max = 0xffffffff): void => {
    let v = a.next();
    if (v === 'lock') {
      c.mxlock |= 1 << type;
      v = a.next();
    }
    const n = getUnsigned(v, 0, max);
    if (n === undefined) invarg(`"${what}" value is invalid`, v);
    mx(type, n);
  };
  for (; a.more; a.i++) {
    const w = a.cur;
    if (w === 'src') {
      const addr = getAddr(a.next(), c.family);
      if (c.family === AF_UNSPEC) c.family = addr.family;
      add(rt.RTA_PREFSRC, addr.bytes);
    } else if (w === 'via') {
      if (gwOk) invarg('use nexthop syntax to specify multiple via', w);
      gwOk = true;
      const addr = viaAddress(a, c.family);
      if (c.family === AF_UNSPEC) c.family = addr.family;
      if (addr.family === c.family) add(rt.RTA_GATEWAY, addr.bytes);
      else add(rt.RTA_VIA, rtvia(addr.family, addr.bytes));
    } else if (w === 'from') {
      const p = getPrefix(a.next(), c.family);
      if (c.family === AF_UNSPEC) c.family = p.family;
      if (p.bytes.length) add(rt.RTA_SRC, p.bytes);
      c.srcLen = p.bitlen;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = a.next();
      const t = names.dsfieldId(v) ?? invarg('"tos" value is invalid', v);
      c.tos = t;
    } else if (w === 'expires') {
      const v = a.next();
      const n = getU32(v);
      if (n === undefined) invarg('"expires" value is invalid', v);
      add(rt.RTA_EXPIRES, u32Bytes(n));
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      const v = a.next();
      const n = getU32(v);
      if (n === undefined) invarg('"metric" value is invalid', v);
      add(rt.RTA_PRIORITY, u32Bytes(n));
    } else if (w === 'scope') {
      const v = a.next();
      const s = names.scopeId(v);
      if (s === undefined) invarg('invalid "scope" value', v);
      c.scope = s;
      scopeOk = true;
    } else if (w === 'mtu') lockable(rt.RTAX_MTU, 'mtu');
    else if (w === 'hoplimit') lockable(rt.RTAX_HOPLIMIT, 'hoplimit', 255);
    else if (w === 'advmss') lockable(rt.RTAX_ADVMSS, 'mss');
    else if (matches(w, 'reordering')) lockable(rt.RTAX_REORDERING, 'reordering');
    else if (matches(w, 'window')) lockable(rt.RTAX_WINDOW, 'window');
    else if (matches(w, 'cwnd')) lockable(rt.RTAX_CWND, 'cwnd');
    else if (matches(w, 'initcwnd')) lockable(rt.RTAX_INITCWND, 'initcwnd');
    else if (matches(w, 'initrwnd')) lockable(rt.RTAX_INITRWND, 'initrwnd');
    else if (matches(w, 'ssthresh')) lockable(rt.RTAX_SSTHRESH, 'ssthresh');
    else if (w === 'rtt' || matches(w, 'rttvar')) {
      const type = w === 'rtt' ? rt.RTAX_RTT : rt.RTAX_RTTVAR;
      let v = a.next();
      if (v === 'lock') {
        c.mxlock |= 1 << type;
        v = a.next();
      }
      const t = getTimeRtt(v);
      if (!t) invarg(`"${w === 'rtt' ? 'rtt' : 'rttvar'}" value is invalid`, v);
      mx(type, t.raw ? t.ms : t.ms * (type === rt.RTAX_RTT ? 8 : 4));
    } else if (w === 'rto_min') {
      const v = a.next();
      c.mxlock |= 1 << rt.RTAX_RTO_MIN;
      const t = getTimeRtt(v);
      if (!t) invarg('"rto_min" value is invalid', v);
      mx(rt.RTAX_RTO_MIN, t.ms);
    } else if (matches(w, 'features')) {
      const v = a.next();
      if (v !== 'ecn') invarg('"features" value not valid', v);
      mx(rt.RTAX_FEATURES, rt.RTAX_FEATURE_ECN);
    } else if (matches(w, 'quickack') || matches(w, 'fastopen_no_cookie')) {
      const what = matches(w, 'quickack') ? 'quickack' : 'fastopen_no_cookie';
      const v = a.next();
      const n = getU32(v);
      if (n === undefined) invarg(`"${what}" value is invalid`, v);
      if (n !== 0 && n !== 1) invarg(`"${what}" value should be 0 or 1`, v);
      mx(what === 'quickack' ? rt.RTAX_QUICKACK : rt.RTAX_FASTOPEN_NO_COOKIE, n);
    } else if (matches(w, 'congctl')) {
      let v = a.next();
      if (v === 'lock') {
        c.mxlock |= 1 << rt.RTAX_CC_ALGO;
        v = a.next();
      }
      c.metrics.push({ type: rt.RTAX_CC_ALGO, value: new TextEncoder().encode(v) });
    } else if (matches(w, 'realms')) {
      const v = a.next();
      const r = parseRealms(names, v);
      if (r === undefined) invarg('"realm" value is invalid', v);
      add(rt.RTA_FLOW, u32Bytes(r));
    } else if (w === 'onlink') {
      c.rtmFlags |= rt.RTNH_F_ONLINK;
    } else if (w === 'nexthop') {
      nhsOk = true;
      break;
    } else if (w === 'nhid') {
      const v = a.next();
      const n = getU32(v);
      if (n === undefined) invarg('"id" value is invalid', v);
      nhid = n;
      add(rt.RTA_NH_ID, u32Bytes(n));
    } else if (matches(w, 'protocol')) {
      const v = a.next();
      const p = names.protocolId(v);
      if (p === undefined) invarg('"protocol" value is invalid', v);
      c.protocol = p;
    } else if (matches(w, 'table')) {
      const v = a.next();
      const tid = names.tableId(v);
      if (tid === undefined) invarg('"table" value is invalid', v);
      if (tid < 256) c.table = tid;
      else {
        c.table = rt.RT_TABLE_UNSPEC;
        add(rt.RTA_TABLE, u32Bytes(tid));
      }
      tableOk = true;
    } else if (vrf && matches(w, 'vrf')) {
      // iproute_modify: the VRF's table, as `table` would give it.
      const v = a.next();
      const tid = vrf(v).table;
      if (tid === 0) invarg('Invalid VRF\n', v);
      if (tid < 256) c.table = tid;
      else {
        c.table = rt.RT_TABLE_UNSPEC;
        add(rt.RTA_TABLE, u32Bytes(tid));
      }
      tableOk = true;
    } else if (w === 'dev' || w === 'oif') {
      c.dev = a.next();
    } else if (matches(w, 'pref')) {
      const v = a.next();
      let pref: number;
      if (v === 'low') pref = ICMPV6_ROUTER_PREF_LOW;
      else if (v === 'medium') pref = ICMPV6_ROUTER_PREF_MEDIUM;
      else if (v === 'high') pref = ICMPV6_ROUTER_PREF_HIGH;
      else {
        pref = getU8(v) ?? invarg('"pref" value is invalid', v);
      }
      add(rt.RTA_PREF, Uint8Array.of(pref));
    } else if (w === 'ttl-propagate') {
      const v = a.next();
      const on = matches(v, 'enabled')
        ? 1
        : matches(v, 'disabled')
          ? 0
          : invarg('"ttl-propagate" value is invalid', v);
      add(rt.RTA_TTL_PROPAGATE, Uint8Array.of(on));
    } else if (w === 'encap') {
      c.attrs.push({ type: 'encap', encap: parseEncap(a, names) });
    } else if (w === 'as') {
      throw new CliError(`nlts: "route ... ${w}" is not supported yet.`, 1, 'unsupported');
    } else {
      let v = w;
      if (v === 'to') v = a.next();
      const first = v.charCodeAt(0);
      if (!(first >= 0x30 && first <= 0x39)) {
        const t = routeTypeId(v);
        if (t !== undefined) {
          v = a.next();
          c.type = t;
          typeOk = true;
        }
      }
      if (matches(v, 'help')) throw new CliError('help', 0, 'help');
      if (dstOk) throw new CliError(`Error: either "to" is duplicate, or "${v}" is a garbage.`, EXIT_USAGE);
      const dst = getPrefix(v, c.family);
      if (c.family === AF_UNSPEC) c.family = dst.family;
      c.dstLen = dst.bitlen;
      dstOk = true;
      if (dst.bytes.length) add(rt.RTA_DST, dst.bytes);
    }
  }
  if (!dstOk)
    throw new CliError('Error: a destination prefix is required; try "nlts route help".', EXIT_USAGE);
  if (nhsOk) parseNexthops(words.slice(a.i), c, names);
  finishRouteChange(c, {
    table: tableOk,
    scope: scopeOk,
    type: typeOk,
    gateway: gwOk || nhsOk || nhid !== 0,
  });
  return c;
}

/** `via [ FAMILY ] ADDRESS` (iproute_modify, parse_one_nh): the address, of FAMILY when one is named. */
function viaAddress(a: Args, family: number): InetPrefix {
  let v = a.next();
  let fam = readFamily(v);
  if (fam === AF_UNSPEC) fam = family;
  else v = a.next();
  return getAddr(v, fam);
}

/** parse_nexthops / parse_one_nh: `nexthop NH [nexthop NH]...` to the end of the line. */
function parseNexthops(words: string[], c: RouteChange, names: IprouteNames): void {
  const a = new Args(words);
  while (a.more) {
    if (a.cur !== 'nexthop') {
      throw new CliError(`Error: "nexthop" or end of line is expected instead of "${a.cur}"`, EXIT_USAGE);
    }
    if (a.i + 1 >= words.length)
      throw new CliError('Error: unexpected end of line after "nexthop"', EXIT_USAGE);
    const nh: RouteChangeNexthop = { weight: 1, flags: 0 };
    a.i++;
    for (; a.more; a.i++) {
      const w: string = words[a.i]!;
      if (w === 'via') {
        const addr = viaAddress(a, c.family);
        if (c.family === AF_UNSPEC) c.family = addr.family;
        if (addr.family === c.family) nh.gateway = addr.bytes;
        else nh.via = { family: addr.family, bytes: addr.bytes };
      } else if (w === 'dev') {
        nh.dev = a.next();
      } else if (w === 'weight') {
        const v = a.next();
        const n = getU32(v);
        if (n === undefined || n === 0 || n > 256) invarg('"weight" is invalid', v);
        nh.weight = n;
      } else if (w === 'onlink') {
        nh.flags = (nh.flags ?? 0) | rt.RTNH_F_ONLINK;
      } else if (matches(w, 'realms')) {
        const v = a.next();
        const r = parseRealms(names, v);
        if (r === undefined) invarg('"realm" value is invalid', v);
        nh.realms = r;
      } else if (w === 'encap') {
        // parse_one_nh: the nexthop's own RTA_ENCAP/RTA_ENCAP_TYPE inside its rtnexthop.
        nh.encap = parseEncap(a, names);
      } else if (w === 'as') {
        throw new CliError(`nlts: "nexthop ... ${w}" is not supported yet.`, 1, 'unsupported');
      } else break;
    }
    c.nexthops.push(nh);
  }
}

/**
 * The request payload (rtmsg + attributes) with devices resolved: the
 * library's encoder, with parse_one_nh's failure for a missing nexthop
 * device (parse_nexthops gives up with exit(-1)).
 */
export function encodeRouteChange(c: RouteChange, links: DeviceResolver): Uint8Array {
  return encodeRouteChangeWith(c, links, {
    require(name) {
      try {
        return links.require(name);
      } catch (e) {
        if (e instanceof CliError) throw new CliError(e.message, EXIT_USAGE, e.kind);
        throw e;
      }
    },
  });
}

export function routeModify(
  words: string[],
  env: CommandEnv,
  verb: { cmd: number; flags: number },
  help: string,
): number {
  const names = IprouteNames.forEnv(env);
  let change: RouteChange;
  try {
    change = parseRouteChange(
      words,
      verb.cmd,
      verb.flags,
      env.opts.family,
      names,
      vrfLookupOver(() => openRoute(env)),
    );
  } catch (e) {
    if (e instanceof CliError && e.kind === 'help') {
      env.out.write(help);
      return 0;
    }
    throw e;
  }
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    const payload = encodeRouteChange(change, links);
    conn.request(verb.cmd, payload, verb.flags);
    return 0;
  } finally {
    conn.close();
  }
}
