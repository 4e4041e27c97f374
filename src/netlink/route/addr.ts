/**
 * rtnetlink addresses: RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR with struct
 * ifaddrmsg and the IFA_* attributes. Constants from the kernel's UAPI
 * headers: <linux/rtnetlink.h> (message types, RT_SCOPE_*, RTNLGRP_*) and
 * <linux/if_addr.h> (struct ifaddrmsg, IFA_*, IFA_F_*, struct ifa_cacheinfo).
 * Pure: no sockets here.
 */
import { AttributeDecoder, AttributeEncoder, AttributeIndex, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, be32Bytes, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { formatAddress } from '../inet.js';
export { inet4Ntop, inet6Ntop } from '../inet.js';
import { IFINFOMSG_LEN, RTM_DELADDR, RTM_NEWADDR } from '../gen/rtnetlink.js';
import { IFLA_EXT_MASK, IFLA_INFO_KIND, IFLA_LINKINFO, IFLA_MASTER } from '../gen/if_link.js';
import { AF_PACKET, AF_UNSPEC } from '../gen/socket.js';
import {
  IFADDRMSG_LEN,
  IFA_ADDRESS,
  IFA_CACHEINFO,
  IFA_FLAGS,
  IFA_LABEL,
  IFA_LOCAL,
} from '../gen/if_addr.js';

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
    readonly attrs: AttributeIndex,
    readonly deleted = false,
  ) {}

  /** IFA_FLAGS when present (it supersedes the header's u8), else ifa_flags. */
  get flags(): number {
    return this.attrs.u32(IFA_FLAGS) ?? this.headerFlags;
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
    return this.attrs.string(IFA_LABEL);
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
  // Offsets in a CodecError are offsets in the payload.
  const attrs = new AttributeIndex(payload, IFADDRMSG_LEN);
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
  return AttributeDecoder.all(payload.subarray(IFADDRMSG_LEN));
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
 * IFA_CACHEINFO of a change (ipaddr_modify's set_lifetime): struct
 * ifa_cacheinfo in host order, ifa_prefered then ifa_valid, the stamps 0.
 *
 * @example
 * attrs.bytes(IFA_CACHEINFO, encodeIfaLifetimes(1800, 3600)); // preferred 30 min, valid 1 h
 */
export function encodeIfaLifetimes(preferred: number, valid: number): Uint8Array {
  const ci = new Uint8Array(16);
  const dv = view(ci);
  dv.setUint32(0, preferred >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint32(4, valid >>> 0, HOST_LITTLE_ENDIAN);
  return ci;
}

/**
 * `broadcast +` / `broadcast -` (ipaddr_modify): the IPv4 address with every
 * host bit of `bitlen` set (`ones`) or cleared; undefined for a prefix
 * longer than /30, where ip sends no broadcast.
 *
 * @example
 * ipv4BroadcastFor(Uint8Array.of(10, 0, 0, 1), 24, true); // 10.0.0.255
 */
export function ipv4BroadcastFor(address: Uint8Array, bitlen: number, ones: boolean): Uint8Array | undefined {
  if (bitlen > 30) return undefined;
  let v = ((address[0]! << 24) | (address[1]! << 16) | (address[2]! << 8) | address[3]!) >>> 0;
  const host = bitlen === 0 ? 0xffffffff : (0xffffffff >>> bitlen) >>> 0;
  v = ones ? (v | host) >>> 0 : (v & ~host) >>> 0;
  return be32Bytes(v);
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

/** rt_addr_n2a (one home: src/netlink/inet.ts). */
export const addrToString = (family: number, b: Uint8Array): string => formatAddress(family, b);
