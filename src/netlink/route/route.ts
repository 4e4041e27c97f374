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
  RTA_CACHEINFO,
  RTA_CACHEINFO_LEN,
  RTA_FLOW,
  RTA_GATEWAY,
  RTA_METRICS,
  RTA_MULTIPATH,
  RTA_OIF,
  RTA_TABLE,
  RTA_VIA,
  RTMSG_LEN,
  RTM_F_CLONED,
  RTM_NEWROUTE,
  RTNEXTHOP_LEN,
} from '../gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_MPLS } from '../gen/socket.js';

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
