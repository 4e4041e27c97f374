/**
 * Routes over rtnetlink: RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE with
 * struct rtmsg and RTA_* attributes. Constants are those of the kernel UAPI
 * headers: /usr/include/linux/rtnetlink.h (RTM_*, struct rtmsg, RTA_*, RTN_*,
 * RT_SCOPE_*, RTPROT_*, RT_TABLE_*, RTM_F_*, struct rtnexthop, RTNH_F_*,
 * RTAX_*, struct rta_cacheinfo, struct rtvia), /usr/include/linux/in_route.h
 * (RTCF_*) and /usr/include/linux/icmpv6.h (ICMPV6_ROUTER_PREF_*).
 *
 * Pure: no sockets here. `RouteMessage` indexes a message's attributes
 * without copying them and can be reset onto the next message, so a dump of
 * a million routes allocates no per-route decoder state.
 */
import { AttributeDecoder, AttributeEncoder, AttributeIndex, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, align4, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';

/** af_bit_len(): address width in bits of a route family (0 when ip does not know it). */
export function afBitLen(family: number): number {
  return family === AF_INET6 ? 128 : family === AF_INET ? 32 : family === AF_MPLS ? 20 : 0;
}

const readU32: (b: Uint8Array, o: number) => number = HOST_LITTLE_ENDIAN
  ? (b, o) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
  : (b, o) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

/**
 * One route message: struct rtmsg and an index of its attributes (the first
 * of each type wins, as iproute2's parse_rtattr). Values stay in the payload;
 * `attributes()` returns every attribute, unknown types and duplicates
 * included, so nothing the kernel sent is lost.
 */
export class RouteMessage {
  nlmsgType = RTM_NEWROUTE;
  family = 0;
  dstLen = 0;
  srcLen = 0;
  tos = 0;
  /** rtm_table (8 bits); `table` gives RTA_TABLE when present, as rtm_get_table(). */
  rtmTable = 0;
  protocol = 0;
  scope = 0;
  type = 0;
  flags = 0;
  payload: Uint8Array = new Uint8Array(0);
  /**
   * The attributes, indexed in `payload` (offsets are payload offsets); reset
   * with the message, so a dump reuses one index.
   */
  readonly attrs = new AttributeIndex();

  /** Point this object at another message (no allocation). Throws CodecError on bad lengths. */
  reset(payload: Uint8Array, nlmsgType: number = RTM_NEWROUTE): this {
    if (payload.length < RTMSG_LEN) {
      throw new CodecError(`rtmsg needs ${RTMSG_LEN} bytes, got ${payload.length}`, 0);
    }
    this.nlmsgType = nlmsgType;
    this.payload = payload;
    this.family = payload[0]!;
    this.dstLen = payload[1]!;
    this.srcLen = payload[2]!;
    this.tos = payload[3]!;
    this.rtmTable = payload[4]!;
    this.protocol = payload[5]!;
    this.scope = payload[6]!;
    this.type = payload[7]!;
    this.flags = readU32(payload, 8);
    this.attrs.reset(payload, RTMSG_LEN);
    return this;
  }

  /** rtm_get_table(): RTA_TABLE when present, else rtm_table. */
  get table(): number {
    return this.attrs.u32(RTA_TABLE) ?? this.rtmTable;
  }
  /** Every attribute in order, duplicates and unknown types included. */
  attributes(): Attribute[] {
    return AttributeDecoder.all(this.payload.subarray(RTMSG_LEN));
  }
  /** struct rta_cacheinfo, or undefined. */
  cacheinfo(): RtaCacheinfo | undefined {
    const o = this.attrs.offset(RTA_CACHEINFO);
    if (o < 0 || this.attrs.length(RTA_CACHEINFO) < RTA_CACHEINFO_LEN) return undefined;
    const dv = view(this.payload);
    return {
      clntref: dv.getUint32(o, HOST_LITTLE_ENDIAN),
      lastuse: dv.getUint32(o + 4, HOST_LITTLE_ENDIAN),
      expires: dv.getInt32(o + 8, HOST_LITTLE_ENDIAN),
      error: dv.getUint32(o + 12, HOST_LITTLE_ENDIAN),
      used: dv.getUint32(o + 16, HOST_LITTLE_ENDIAN),
      id: dv.getUint32(o + 20, HOST_LITTLE_ENDIAN),
      ts: dv.getUint32(o + 24, HOST_LITTLE_ENDIAN),
      tsage: dv.getUint32(o + 28, HOST_LITTLE_ENDIAN),
    };
  }
  /** RTA_MULTIPATH as a list of nexthops (each with its own attribute index). */
  nexthops(): RouteNexthop[] {
    const d = this.attrs.bytes(RTA_MULTIPATH);
    return d ? decodeMultipath(d) : [];
  }
  /** RTA_METRICS indexed by RTAX type (first wins); undefined when absent. */
  metrics(): AttributeIndex | undefined {
    return this.attrs.nested(RTA_METRICS);
  }
}

/** Decode one route message into a fresh RouteMessage. */
export function decodeRoute(payload: Uint8Array, nlmsgType: number = RTM_NEWROUTE): RouteMessage {
  return new RouteMessage().reset(payload, nlmsgType);
}

export interface RtaCacheinfo {
  clntref: number;
  lastuse: number;
  expires: number;
  error: number;
  used: number;
  id: number;
  ts: number;
  tsage: number;
}

/** One struct rtnexthop of RTA_MULTIPATH and its attributes. */
export interface RouteNexthop {
  flags: number;
  /** rtnh_hops: weight - 1 */
  hops: number;
  ifindex: number;
  attrs: AttributeIndex;
}

/** Walk RTA_MULTIPATH (RTNH_OK / RTNH_NEXT); stops at a nexthop that overruns, as ip does. */
export function decodeMultipath(buf: Uint8Array): RouteNexthop[] {
  const out: RouteNexthop[] = [];
  const dv = view(buf);
  let o = 0;
  while (buf.length - o >= RTNEXTHOP_LEN) {
    const len = dv.getUint16(o, HOST_LITTLE_ENDIAN);
    if (len > buf.length - o || len < RTNEXTHOP_LEN) break;
    const attrs = new AttributeIndex(buf.subarray(o + RTNEXTHOP_LEN, o + len));
    out.push({
      flags: buf[o + 2]!,
      hops: buf[o + 3]!,
      ifindex: dv.getInt32(o + 4, HOST_LITTLE_ENDIAN),
      attrs,
    });
    o += align4(len);
  }
  return out;
}

// ---- addresses ----

export { formatAddress, inet4Ntop, inet6Ntop } from '../inet.js';
import {
  RTAX_LOCK,
  RTA_CACHEINFO,
  RTA_CACHEINFO_LEN,
  RTA_ENCAP,
  RTA_ENCAP_TYPE,
  RTA_FLOW,
  RTA_GATEWAY,
  RTA_METRICS,
  RTA_MULTIPATH,
  RTA_OIF,
  RTA_TABLE,
  RTA_VIA,
  RTMSG_LEN,
  RTM_DELROUTE,
  RTM_F_CLONED,
  RTM_NEWROUTE,
  RTNEXTHOP_LEN,
  RTN_ANYCAST,
  RTN_BROADCAST,
  RTN_LOCAL,
  RTN_MULTICAST,
  RTN_NAT,
  RTN_UNICAST,
  RTN_UNSPEC,
  RTPROT_BOOT,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
} from '../gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC } from '../gen/socket.js';
import { NLA_F_NESTED } from '../gen/netlink.js';

// ---- requests ----

export interface RtmsgHeader {
  family: number;
  dstLen?: number;
  srcLen?: number;
  tos?: number;
  table?: number;
  protocol?: number;
  scope?: number;
  type?: number;
  flags?: number;
}

/** struct rtmsg followed by `attrs`. */
export function encodeRtmsg(h: RtmsgHeader, attrs?: Uint8Array): Uint8Array {
  const body = attrs ?? new Uint8Array(0);
  const out = new Uint8Array(RTMSG_LEN + body.length);
  out[0] = h.family;
  out[1] = h.dstLen ?? 0;
  out[2] = h.srcLen ?? 0;
  out[3] = h.tos ?? 0;
  out[4] = h.table ?? 0;
  out[5] = h.protocol ?? 0;
  out[6] = h.scope ?? 0;
  out[7] = h.type ?? 0;
  view(out).setUint32(8, (h.flags ?? 0) >>> 0, HOST_LITTLE_ENDIAN);
  out.set(body, RTMSG_LEN);
  return out;
}

/**
 * The RTM_GETROUTE dump request of rtnl_routedump_req + iproute_dump_filter:
 * rtm_family, rtm_protocol (the proto filter), RTM_F_CLONED for the cache,
 * then RTA_TABLE when a table is asked for and RTA_OIF for a device.
 */
export function encodeRouteDumpRequest(opts: {
  family: number;
  protocol?: number;
  cloned?: boolean;
  table?: number;
  oif?: number;
}): Uint8Array {
  const a = new AttributeEncoder();
  if (opts.table) a.u32(RTA_TABLE, opts.table);
  if (opts.oif) a.u32(RTA_OIF, opts.oif);
  return encodeRtmsg(
    { family: opts.family, protocol: opts.protocol ?? 0, flags: opts.cloned ? RTM_F_CLONED : 0 },
    a.finish(),
  );
}

/** One nexthop of a multipath request. */
export interface NexthopSpec {
  gateway?: Uint8Array;
  /** RTA_VIA: a gateway of another family (struct rtvia). */
  via?: { family: number; bytes: Uint8Array };
  ifindex?: number;
  /** 1..256 */
  weight?: number;
  flags?: number;
  realms?: number;
}

/** RTA_MULTIPATH's value: struct rtnexthop + its attributes, per nexthop. */
export function encodeMultipath(nhs: NexthopSpec[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const nh of nhs) {
    const a = new AttributeEncoder();
    if (nh.gateway) a.bytes(RTA_GATEWAY, nh.gateway);
    if (nh.via) a.bytes(RTA_VIA, rtvia(nh.via.family, nh.via.bytes));
    if (nh.realms !== undefined) a.u32(RTA_FLOW, nh.realms);
    const attrs = a.finish();
    const len = RTNEXTHOP_LEN + attrs.length;
    const b = new Uint8Array(align4(len));
    const dv = view(b);
    dv.setUint16(0, len, HOST_LITTLE_ENDIAN);
    b[2] = nh.flags ?? 0;
    b[3] = (nh.weight ?? 1) - 1;
    dv.setInt32(4, nh.ifindex ?? 0, HOST_LITTLE_ENDIAN);
    b.set(attrs, RTNEXTHOP_LEN);
    parts.push(b);
    total += b.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** struct rtvia: a 2-byte family then the address. */
export function rtvia(family: number, bytes: Uint8Array): Uint8Array {
  const b = new Uint8Array(2 + bytes.length);
  view(b).setUint16(0, family, HOST_LITTLE_ENDIAN);
  b.set(bytes, 2);
  return b;
}

// ---- changes (RTM_NEWROUTE / RTM_DELROUTE) ----

/**
 * Device names to ifindexes (ll_name_to_index + nodev()): `require` throws
 * when there is no such device. The CLI passes its LinkCache, the library
 * its own resolver, so one encoder serves both.
 */
export interface DeviceResolver {
  require(name: string): number;
}

/**
 * An `encap TYPE …` (lwt_parse_encap): RTA_ENCAP_TYPE and a builder of the
 * RTA_ENCAP nest's contents (seg6local's iif/oif are device names resolved
 * only when the request is encoded).
 */
export interface RouteEncap {
  type: number;
  attrs(links: DeviceResolver): Uint8Array;
}

/** One attribute of a route change in the order it is sent, device names still unresolved. */
export type RouteChangeAttr =
  { type: number; value: Uint8Array } | { type: 'oif'; dev: string } | { type: 'encap'; encap: RouteEncap };

/** One `nexthop …` of a multipath route: the rtnexthop, its device name and its own `encap`. */
export type RouteChangeNexthop = NexthopSpec & { dev?: string; encap?: RouteEncap };

/**
 * A route change as iproute_modify (ip/iproute.c) builds it, ready to encode
 * once device names are resolved: `nlts route add …` parses words into it,
 * RouteClient.addRoute() builds it from typed options; both send
 * encodeRouteChange() of it.
 */
export interface RouteChange {
  /** RTM_NEWROUTE or RTM_DELROUTE. */
  cmd: number;
  /** nlmsg flags: NLM_F_CREATE|NLM_F_EXCL for add, NLM_F_REPLACE, NLM_F_APPEND, … */
  flags: number;
  family: number;
  dstLen: number;
  srcLen: number;
  tos: number;
  /** rtm_table: the table id when below 256, else RT_TABLE_UNSPEC with RTA_TABLE in `attrs`. */
  table: number;
  protocol: number;
  scope: number;
  type: number;
  /** rtm_flags (RTNH_F_ONLINK for `onlink`). */
  rtmFlags: number;
  /** Attributes in the order ip adds them, with device names still unresolved. */
  attrs: RouteChangeAttr[];
  /** RTA_OIF by name: `dev NAME`. */
  dev?: string;
  /** RTA_METRICS members (RTAX_*), each value already encoded. */
  metrics: { type: number; value: Uint8Array }[];
  /** RTAX_LOCK: a bit per locked metric. */
  mxlock: number;
  /** RTA_MULTIPATH members, in order. */
  nexthops: RouteChangeNexthop[];
}

/** A host-order u32 attribute value. */
export function u32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  view(b).setUint32(0, v >>> 0, HOST_LITTLE_ENDIAN);
  return b;
}

/** lwt_parse_encap's attributes: RTA_ENCAP (a nest) then RTA_ENCAP_TYPE (a u16). */
function encodeRouteEncap(enc: AttributeEncoder, encap: RouteEncap, links: DeviceResolver): void {
  enc.bytes(RTA_ENCAP | NLA_F_NESTED, encap.attrs(links));
  enc.u16(RTA_ENCAP_TYPE, encap.type);
}

/**
 * RTA_MULTIPATH with each nexthop's `encap`: encodeMultipath's rtnexthop,
 * then the encap attributes appended inside it and rtnh_len grown to cover
 * them, as parse_one_nh does.
 */
function encodeMultipathWithEncap(
  nhs: (RouteChangeNexthop & { ifindex: number })[],
  links: DeviceResolver,
): Uint8Array {
  if (!nhs.some((nh) => nh.encap)) return encodeMultipath(nhs);
  const parts = nhs.map((nh) => {
    const base = encodeMultipath([nh]);
    if (!nh.encap) return base;
    const extra = new AttributeEncoder();
    encodeRouteEncap(extra, nh.encap, links);
    const tail = extra.finish();
    const out = new Uint8Array(base.length + tail.length);
    out.set(base);
    out.set(tail, base.length);
    // rtnh_len (a host-order u16 at 0); attributes keep base 4-aligned, so the padding stays right.
    view(out).setUint16(0, out.length, HOST_LITTLE_ENDIAN);
    return out;
  });
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of parts) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

/**
 * The request payload (rtmsg + attributes) of a route change with devices
 * resolved: `links` for RTA_OIF and encap devices, `nexthopLinks` (default
 * `links`) for the devices of multipath nexthops (ip's parse_one_nh fails
 * differently from iproute_modify when one is missing).
 *
 * @example
 * const c = newRouteChange(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, AF_INET);
 * c.dstLen = 16;
 * c.attrs.push({ type: RTA_DST, value: Uint8Array.of(10, 8, 0, 0) });
 * c.dev = 'eth0';
 * finishRouteChange(c, { table: false, scope: false, type: false, gateway: false });
 * conn.request(c.cmd, encodeRouteChange(c, { require: (name) => ifindexOf(name) }), c.flags);
 */
export function encodeRouteChange(
  c: RouteChange,
  links: DeviceResolver,
  nexthopLinks: DeviceResolver = links,
): Uint8Array {
  const enc = new AttributeEncoder();
  for (const at of c.attrs) {
    if (typeof at.type === 'number' && 'value' in at) enc.bytes(at.type, at.value);
    else if ('encap' in at) encodeRouteEncap(enc, at.encap, links);
    else if ('dev' in at) enc.u32(RTA_OIF, links.require(at.dev));
  }
  if (c.dev !== undefined) enc.u32(RTA_OIF, links.require(c.dev));
  if (c.metrics.length) {
    enc.nested(
      RTA_METRICS,
      (m) => {
        for (const x of c.metrics) m.bytes(x.type, x.value);
        if (c.mxlock) m.u32(RTAX_LOCK, c.mxlock);
      },
      false,
    );
  }
  if (c.nexthops.length) {
    const resolved = c.nexthops.map((nh) => ({
      ...nh,
      ifindex: nh.dev === undefined ? 0 : nexthopLinks.require(nh.dev),
    }));
    enc.bytes(RTA_MULTIPATH, encodeMultipathWithEncap(resolved, links));
  }
  return encodeRtmsg(
    {
      family: c.family,
      dstLen: c.dstLen,
      srcLen: c.srcLen,
      tos: c.tos,
      table: c.table,
      protocol: c.protocol,
      scope: c.scope,
      type: c.type,
      flags: c.rtmFlags,
    },
    enc.finish(),
  );
}

/**
 * iproute_modify's request before any word is read: main table and, for
 * RTM_NEWROUTE, protocol boot, scope universe and type unicast (a delete
 * leaves them 0 so the kernel matches any).
 *
 * @example
 * const c = newRouteChange(RTM_DELROUTE, 0, AF_INET6); // protocol, scope and type 0: match any
 */
export function newRouteChange(cmd: number, flags: number, family: number): RouteChange {
  const create = cmd !== RTM_DELROUTE;
  return {
    cmd,
    flags,
    family,
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: RT_TABLE_MAIN,
    protocol: create ? RTPROT_BOOT : 0,
    scope: create ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE,
    type: create ? RTN_UNICAST : 0,
    rtmFlags: 0,
    attrs: [],
    metrics: [],
    mxlock: 0,
    nexthops: [],
  };
}

/**
 * iproute_modify's defaults once everything is read: the family (IPv4 when
 * nothing fixed one), the local table for local/broadcast/nat/anycast
 * routes, the scope by type (link for a unicast route with no gateway,
 * multipath or nexthop id), and unicast for MPLS. `given` says what the
 * caller set explicitly.
 *
 * @example
 * finishRouteChange(c, { table: false, scope: false, type: false, gateway: true }); // scope stays universe
 */
export function finishRouteChange(
  c: RouteChange,
  given: { table: boolean; scope: boolean; type: boolean; gateway: boolean },
): void {
  if (c.family === AF_UNSPEC) c.family = AF_INET;
  if (!given.table) {
    if (c.type === RTN_LOCAL || c.type === RTN_BROADCAST || c.type === RTN_NAT || c.type === RTN_ANYCAST)
      c.table = RT_TABLE_LOCAL;
  }
  if (!given.scope) {
    if (c.family === AF_INET6 || c.family === AF_MPLS) c.scope = RT_SCOPE_UNIVERSE;
    else if (c.type === RTN_LOCAL || c.type === RTN_NAT) c.scope = RT_SCOPE_HOST;
    else if (c.type === RTN_BROADCAST || c.type === RTN_MULTICAST || c.type === RTN_ANYCAST)
      c.scope = RT_SCOPE_LINK;
    else if (c.type === RTN_UNICAST || c.type === RTN_UNSPEC) {
      if (c.cmd === RTM_DELROUTE) c.scope = RT_SCOPE_NOWHERE;
      else if (!given.gateway) c.scope = RT_SCOPE_LINK;
    }
  }
  if (!given.type && c.family === AF_MPLS) c.type = RTN_UNICAST;
}
