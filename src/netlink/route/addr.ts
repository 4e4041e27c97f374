/**
 * rtnetlink addresses: RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR with struct
 * ifaddrmsg and the IFA_* attributes. Constants from the kernel's UAPI
 * headers: <linux/rtnetlink.h> (message types, RT_SCOPE_*, RTNLGRP_*) and
 * <linux/if_addr.h> (struct ifaddrmsg, IFA_*, IFA_F_*, struct ifa_cacheinfo).
 * Pure: no sockets here.
 */
import {
  AttributeEncoder,
  attributeTable,
  parseAttributes,
  str,
  u32,
  type Attribute,
} from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { inet4Ntop, inet6Ntop } from '../inet.js';
export { inet4Ntop, inet6Ntop } from '../inet.js';
import { IFINFOMSG_LEN, IFLA_EXT_MASK, IFLA_INFO_KIND, IFLA_LINKINFO, IFLA_MASTER } from './link.js';

// <linux/rtnetlink.h>
export const RTM_NEWADDR = 20;
export const RTM_DELADDR = 21;
export const RTM_GETADDR = 22;

/** Multicast groups carrying address notifications (enum rtnetlink_groups). */
export const RTNLGRP_IPV4_IFADDR = 5;
export const RTNLGRP_IPV6_IFADDR = 9;

/** enum rt_scope_t */
export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_SITE = 200;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

// <linux/socket.h>
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_PACKET = 17;

/** sizeof(struct ifaddrmsg): u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index. */
export const IFADDRMSG_LEN = 8;

// <linux/if_addr.h> enum IFA_*
export const IFA_UNSPEC = 0;
export const IFA_ADDRESS = 1;
export const IFA_LOCAL = 2;
export const IFA_LABEL = 3;
export const IFA_BROADCAST = 4;
export const IFA_ANYCAST = 5;
export const IFA_CACHEINFO = 6;
export const IFA_MULTICAST = 7;
export const IFA_FLAGS = 8;
export const IFA_RT_PRIORITY = 9;
export const IFA_TARGET_NETNSID = 10;
export const IFA_PROTO = 11;

// <linux/if_addr.h> ifa_flags
export const IFA_F_SECONDARY = 0x01;
export const IFA_F_TEMPORARY = IFA_F_SECONDARY;
export const IFA_F_NODAD = 0x02;
export const IFA_F_OPTIMISTIC = 0x04;
export const IFA_F_DADFAILED = 0x08;
export const IFA_F_HOMEADDRESS = 0x10;
export const IFA_F_DEPRECATED = 0x20;
export const IFA_F_TENTATIVE = 0x40;
export const IFA_F_PERMANENT = 0x80;
export const IFA_F_MANAGETEMPADDR = 0x100;
export const IFA_F_NOPREFIXROUTE = 0x200;
export const IFA_F_MCAUTOJOIN = 0x400;
export const IFA_F_STABLE_PRIVACY = 0x800;

/** The "forever" lifetime (INFINITY_LIFE_TIME in iproute2, 0xFFFFFFFF in the kernel). */
export const INFINITY_LIFE_TIME = 0xffffffff;

/** struct ifa_cacheinfo (all u32, host order). */
export interface IfaCacheinfo {
  /** ifa_prefered: preferred lifetime left, seconds. */
  preferred: number;
  /** ifa_valid: valid lifetime left, seconds. */
  valid: number;
  /** cstamp: created, hundredths of seconds since boot. */
  cstamp: number;
  /** tstamp: updated, hundredths of seconds since boot. */
  tstamp: number;
}

/** One decoded RTM_NEWADDR/RTM_DELADDR. Every attribute is kept (first of a type in `attrs`, all in `list`). */
export class AddrMessage {
  constructor(
    readonly family: number,
    readonly prefixlen: number,
    /** ifa_flags, the u8 of the header (see `allFlags` for IFA_FLAGS). */
    readonly headerFlags: number,
    readonly scope: number,
    readonly index: number,
    readonly attrs: Map<number, Attribute>,
    readonly deleted = false,
  ) {}

  /** IFA_FLAGS when present (it supersedes the header's u8), else ifa_flags. */
  get flags(): number {
    const a = this.attrs.get(IFA_FLAGS);
    return a ? u32(a) : this.headerFlags;
  }
  /** IFA_LOCAL, falling back to IFA_ADDRESS (IPv6 sends only IFA_ADDRESS). */
  get local(): Uint8Array | undefined {
    return (this.attrs.get(IFA_LOCAL) ?? this.attrs.get(IFA_ADDRESS))?.data;
  }
  /** IFA_ADDRESS (the peer on point-to-point), falling back to IFA_LOCAL. */
  get address(): Uint8Array | undefined {
    return (this.attrs.get(IFA_ADDRESS) ?? this.attrs.get(IFA_LOCAL))?.data;
  }
  get label(): string | undefined {
    const a = this.attrs.get(IFA_LABEL);
    return a ? str(a) : undefined;
  }
  get cacheinfo(): IfaCacheinfo | undefined {
    const a = this.attrs.get(IFA_CACHEINFO);
    if (!a || a.data.length < 16) return undefined;
    const dv = view(a.data);
    return {
      preferred: dv.getUint32(0, HOST_LITTLE_ENDIAN),
      valid: dv.getUint32(4, HOST_LITTLE_ENDIAN),
      cstamp: dv.getUint32(8, HOST_LITTLE_ENDIAN),
      tstamp: dv.getUint32(12, HOST_LITTLE_ENDIAN),
    };
  }
}

/** Read just ifa_index of an address message payload (for grouping without decoding). */
export function addrIndexOf(payload: Uint8Array): number {
  if (payload.length < IFADDRMSG_LEN) return 0;
  return view(payload).getUint32(4, HOST_LITTLE_ENDIAN);
}

/** Decode an ifaddrmsg payload (the bytes after the nlmsghdr). */
export function decodeAddr(payload: Uint8Array, nlmsgType: number = RTM_NEWADDR): AddrMessage {
  if (payload.length < IFADDRMSG_LEN) {
    throw new CodecError(`ifaddrmsg needs ${IFADDRMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  const dv = view(payload);
  let attrs: Map<number, Attribute>;
  try {
    attrs = attributeTable(payload.subarray(IFADDRMSG_LEN));
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(e.message, e.offset + IFADDRMSG_LEN);
    throw e;
  }
  return new AddrMessage(
    dv.getUint8(0),
    dv.getUint8(1),
    dv.getUint8(2),
    dv.getUint8(3),
    dv.getUint32(4, HOST_LITTLE_ENDIAN),
    attrs,
    nlmsgType === RTM_DELADDR,
  );
}

/** Every attribute of an address message in wire order, duplicates included. */
export function addrAttributeList(payload: Uint8Array): Attribute[] {
  return parseAttributes(payload.subarray(IFADDRMSG_LEN));
}

export interface IfaddrmsgHeader {
  family: number;
  prefixlen?: number;
  flags?: number;
  scope?: number;
  index?: number;
}

/** struct ifaddrmsg followed by already-encoded attributes. */
export function encodeIfaddrmsg(h: IfaddrmsgHeader, attrs: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(IFADDRMSG_LEN + attrs.length);
  const dv = view(out);
  dv.setUint8(0, h.family);
  dv.setUint8(1, h.prefixlen ?? 0);
  dv.setUint8(2, h.flags ?? 0);
  dv.setUint8(3, h.scope ?? 0);
  dv.setUint32(4, (h.index ?? 0) >>> 0, HOST_LITTLE_ENDIAN);
  out.set(attrs, IFADDRMSG_LEN);
  return out;
}

/**
 * An RTM_GETADDR dump request as iproute2's rtnl_addrdump_req sends it: a
 * bare ifaddrmsg with the family and (strict dump checking) the ifindex to
 * filter on.
 */
export function encodeGetAddrRequest(opts: { family?: number; ifindex?: number } = {}): Uint8Array {
  return encodeIfaddrmsg({ family: opts.family ?? AF_UNSPEC, index: opts.ifindex ?? 0 });
}

/**
 * The RTM_GETLINK request `ip address` sends (ipaddr_link_get / ip_link_list):
 * ifi_family is the address family asked for (-4/-6/-0 or unspec), which
 * picks the kernel's per-family link dumper, then IFLA_EXT_MASK and the
 * master/kind dump filters (only for AF_UNSPEC/AF_PACKET, as ip does).
 */
export function encodeAddrLinkRequest(opts: {
  family: number;
  ifindex?: number;
  extMask: number;
  /** Dump filter IFLA_MASTER (`master DEV`, -1 for `nomaster`). */
  master?: number;
  /** Dump filter IFLA_LINKINFO{IFLA_INFO_KIND} (`type KIND`), sent as iplink_filter_req does. */
  kind?: string;
}): Uint8Array {
  // rtnl_linkdump_req_filter_fn: a per-family dump (-4/-6) is a bare ifinfomsg
  if (!opts.ifindex && opts.family !== AF_UNSPEC && opts.family !== AF_PACKET) {
    const bare = new Uint8Array(IFINFOMSG_LEN);
    bare[0] = opts.family;
    return bare;
  }
  const enc = new AttributeEncoder().u32(IFLA_EXT_MASK, opts.extMask);
  if (!opts.ifindex) {
    if (opts.master) enc.u32(IFLA_MASTER, opts.master);
    const kind = opts.kind;
    if (kind !== undefined)
      enc.nested(
        IFLA_LINKINFO,
        (inner) => inner.bytes(IFLA_INFO_KIND, new TextEncoder().encode(kind)),
        false,
      );
  }
  const body = enc.finish();
  const out = new Uint8Array(IFINFOMSG_LEN + body.length);
  const dv = view(out);
  dv.setUint8(0, opts.family);
  dv.setInt32(4, opts.ifindex ?? 0, HOST_LITTLE_ENDIAN);
  out.set(body, IFINFOMSG_LEN);
  return out;
}

/** Rewrite a received RTM_NEWADDR payload into the RTM_DELADDR body iproute2's flush sends: the same bytes. */
export function deleteRequestFor(payload: Uint8Array): Uint8Array {
  return payload.slice();
}

// ---- address text ----

/** rt_addr_n2a for the families an address message can carry. */
export function addrToString(family: number, b: Uint8Array): string {
  if (family === AF_INET) return inet4Ntop(b);
  if (family === AF_INET6) return inet6Ntop(b);
  if (family === AF_PACKET) {
    let s = '';
    for (let i = 0; i < b.length; i++) s += (i ? ':' : '') + b[i]!.toString(16).padStart(2, '0');
    return s;
  }
  return '???';
}

// ---- address parsing (iproute2's get_addr_1 / get_prefix_1) ----

export interface InetPrefix {
  family: number;
  bytes: Uint8Array;
  /** Prefix length: the one given, else the family's full length. */
  bitlen: number;
  /** A "/N" was given. */
  prefixGiven: boolean;
}

/**
 * C strtoul(s, &end, 0) over the whole of `s` reading as far as it can:
 * leading blanks, a sign, then 0x/0 prefixes. Returns the value and how many
 * characters were used (0 when there were no digits).
 */
function strtoul0(s: string, from = 0): { value: number; end: number } {
  let i = from;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') base = 8;
  const start = i;
  let v = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, base);
    if (Number.isNaN(d)) break;
    v = v * base + d;
  }
  if (i === start) return { value: 0, end: from };
  // a negative number wraps to a huge unsigned long: never a valid byte
  return { value: neg && v !== 0 ? Number.MAX_SAFE_INTEGER : v, end: i };
}

/** get_addr_ipv4: one to four dotted numbers (any C base), each at most 255. */
export function parseIpv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul0(s, pos);
    if (value > 255 || end === pos) return null;
    out[i] = value;
    if (end === s.length) return out;
    if (i === 3 || s[end] !== '.') return null;
    pos = end + 1;
  }
  return out;
}

/** inet_pton(AF_INET6), with a dotted IPv4 tail allowed in place of the last two groups. */
export function parseIpv6(s: string): Uint8Array | null {
  let t = s;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    const dotted = s.slice(lastColon + 1);
    if (!/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(dotted))
      return null;
    const p = dotted.split('.').map(Number) as [number, number, number, number];
    t =
      s.slice(0, lastColon + 1) + ((p[0] << 8) | p[1]).toString(16) + ':' + ((p[2] << 8) | p[3]).toString(16);
  }
  const dbl = t.indexOf('::');
  if (dbl >= 0 && t.indexOf('::', dbl + 1) >= 0) return null;
  const parseGroups = (g: string): number[] | null => {
    if (g === '') return [];
    const out: number[] = [];
    for (const x of g.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(x)) return null;
      out.push(parseInt(x, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const head = parseGroups(t.slice(0, dbl));
    const rest = parseGroups(t.slice(dbl + 2));
    if (!head || !rest || head.length + rest.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  } else {
    const g = parseGroups(t);
    if (!g || g.length !== 8) return null;
    groups = g;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** get_addr_1: an address of `family` (AF_UNSPEC: whichever it looks like); null when it is not one. */
export function parseAddress(s: string, family: number): InetPrefix | null {
  if (s.includes(':')) {
    if (family !== AF_UNSPEC && family !== AF_INET6) return null;
    const b = parseIpv6(s);
    return b ? { family: AF_INET6, bytes: b, bitlen: 128, prefixGiven: false } : null;
  }
  if (family !== AF_UNSPEC && family !== AF_INET) return null;
  const b = parseIpv4(s);
  return b ? { family: AF_INET, bytes: b, bitlen: 32, prefixGiven: false } : null;
}

/** get_netmask: a number, or a dotted IPv4 netmask of contiguous ones. */
function parseNetmask(s: string): number | null {
  if (/^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(s)) {
    const { value, end } = strtoul0(s);
    if (end === s.length && value <= 0xffffffff) return value;
  }
  const m = parseIpv4(s);
  if (!m) return null;
  const mask = ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0;
  const host = ~mask >>> 0;
  if ((host & (host + 1)) >>> 0 !== 0) return null;
  let bits = 0;
  for (let x = mask; x & 0x80000000; x = (x << 1) >>> 0) bits++;
  return bits;
}

/** get_prefix_1: ADDR[/LEN] (no "default"/"any" forms: an interface address needs a real one). */
export function parsePrefix(s: string, family: number): InetPrefix | null {
  const slash = s.indexOf('/');
  const a = parseAddress(slash >= 0 ? s.slice(0, slash) : s, family);
  if (!a) return null;
  if (slash < 0) return a;
  const plen = parseNetmask(s.slice(slash + 1));
  if (plen === null || plen > a.bitlen) return null;
  return { ...a, bitlen: plen, prefixGiven: true };
}

/** family_name() */
export function familyName(family: number): string {
  switch (family) {
    case AF_INET:
      return 'inet';
    case AF_INET6:
      return 'inet6';
    case AF_PACKET:
      return 'link';
    case 28:
      return 'mpls';
    case 7:
      return 'bridge';
    default:
      return '???';
  }
}
