/**
 * Typed address changes (RTM_NEWADDR / RTM_DELADDR) for RouteClient, built
 * as ipaddr_modify (ip/ipaddress.c) builds `ip address add|replace|del`:
 * struct ifaddrmsg through encodeIfaddrmsg, lifetimes through
 * encodeIfaLifetimes, `broadcast +` through ipv4BroadcastFor, flag names
 * from iproute/ifa-flags.ts, the table the CLI uses.
 */
import { IFA_FLAG_DATA } from '../iproute/ifa-flags.js';
import { parsePrefix, parseAddr, type InetPrefix } from '../iproute/prefix.js';
import { AttributeEncoder } from '../netlink/codec/attributes.js';
import {
  INFINITY_LIFE_TIME,
  encodeIfaLifetimes,
  encodeIfaddrmsg,
  ipv4BroadcastFor,
} from '../netlink/route/addr.js';
import {
  IFA_ADDRESS,
  IFA_ANYCAST,
  IFA_BROADCAST,
  IFA_CACHEINFO,
  IFA_FLAGS,
  IFA_LABEL,
  IFA_LOCAL,
  IFA_RT_PRIORITY,
} from '../netlink/gen/if_addr.js';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/gen/netlink.js';
import { RTM_DELADDR, RTM_NEWADDR, RT_SCOPE_HOST } from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../netlink/gen/socket.js';
import type { DeviceRef, Devices } from './devices.js';
import { InvalidRequestError } from './errors.js';
import type { ChangeRequest } from './request.js';
import { scopeId, type ScopeName } from './names.js';
import type { IprouteNames } from '../iproute/names.js';

/** Address flags userspace may set (ifa_flag_data[] entries that are not read-only). */
export type AddressFlag = 'nodad' | 'optimistic' | 'home' | 'mngtmpaddr' | 'noprefixroute' | 'autojoin';

/** An address on a device: what `ip address add ADDRESS dev DEV …` takes. */
export interface AddressSpec {
  dev: DeviceRef;
  /** "10.0.0.1/24", "2001:db8::1/64" (without "/LEN" the whole width). */
  address: string;
  /** The peer of a point-to-point address, "ADDR/LEN". */
  peer?: string;
  /** An IPv4 broadcast address, or "+" / "-" for the prefix's all-ones / all-zeros host part. */
  broadcast?: string;
  anycast?: string;
  label?: string;
  /** "global" (default; "host" for 127.0.0.0/8), "site", "link", "host", or a number. */
  scope?: ScopeName | number;
  /** IFA_RT_PRIORITY: the metric of the prefix route. */
  metric?: number;
  /** Seconds, or "forever" (default). */
  validLifetime?: number | 'forever';
  preferredLifetime?: number | 'forever';
  flags?: AddressFlag[];
}

/** The address to delete: `ip address del ADDRESS dev DEV`. */
export interface DeleteAddressSpec {
  dev: DeviceRef;
  address: string;
  peer?: string;
}

function prefix(option: string, text: string, family: number): InetPrefix {
  const p = parsePrefix(text, family);
  if (!p || p.isDefault || (p.family !== AF_INET && p.family !== AF_INET6))
    throw new InvalidRequestError(`"${text}" is not an IPv4 or IPv6 address`, option);
  return p;
}

function lifetime(option: string, v: number | 'forever' | undefined): number | undefined {
  if (v === undefined || v === 'forever') return v === undefined ? undefined : INFINITY_LIFE_TIME;
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
    throw new InvalidRequestError(`${v} is not a number of seconds`, option);
  return v;
}

/** RTM_NEWADDR or RTM_DELADDR for an address, attributes in ipaddr_modify's order. */
export function addressRequest(
  cmd: 'add' | 'replace' | 'delete',
  spec: AddressSpec | DeleteAddressSpec,
  devices: Devices,
  names: IprouteNames,
): ChangeRequest {
  const full = spec as AddressSpec;
  const del = cmd === 'delete';
  const attrs = new AttributeEncoder();
  const local = prefix('address', spec.address, AF_UNSPEC);
  const family = local.family;
  const width = family === AF_INET ? 4 : 16;
  attrs.bytes(IFA_LOCAL, local.bytes.subarray(0, width));
  let peer: InetPrefix | undefined;
  if (spec.peer !== undefined) {
    peer = prefix('peer', spec.peer, family);
    attrs.bytes(IFA_ADDRESS, peer.bytes.subarray(0, width));
  }
  const brd = full.broadcast;
  if (brd !== undefined && brd !== '+' && brd !== '-') {
    const b = parseAddr(brd, family);
    if (!b || b.isDefault)
      throw new InvalidRequestError(`"${brd}" is not an address of the address's family`, 'broadcast');
    attrs.bytes(IFA_BROADCAST, b.bytes);
  }
  if (full.anycast !== undefined) {
    const a = parseAddr(full.anycast, family);
    if (!a || a.isDefault)
      throw new InvalidRequestError(`"${full.anycast}" is not an address of the address's family`, 'anycast');
    attrs.bytes(IFA_ANYCAST, a.bytes);
  }
  if (full.label !== undefined) {
    // The kernel's IFA_LABEL policy: at most IFNAMSIZ-1 bytes (net/ipv4/devinet.c).
    if (Buffer.byteLength(full.label) > 15) throw new InvalidRequestError('longer than 15 bytes', 'label');
    attrs.string(IFA_LABEL, full.label);
  }
  const scope = full.scope === undefined ? undefined : scopeId(names, 'scope', full.scope);
  if (full.metric !== undefined) {
    if (!Number.isInteger(full.metric) || full.metric < 0 || full.metric > 0xffffffff)
      throw new InvalidRequestError(`${full.metric} is not a u32`, 'metric');
    attrs.u32(IFA_RT_PRIORITY, full.metric);
  }
  let ifaFlags = 0;
  for (const name of full.flags ?? []) {
    const d = IFA_FLAG_DATA.find((x) => x.name === name);
    if (!d || d.readonly) throw new InvalidRequestError(`"${name}" cannot be set`, 'flags');
    if (d.v6only && family !== AF_INET6)
      throw new InvalidRequestError(`"${name}" is for IPv6 addresses only`, 'flags');
    ifaFlags |= d.mask;
  }
  if (ifaFlags > 0xff) attrs.u32(IFA_FLAGS, ifaFlags);
  // ip's wildcard deletion: an IPv4 address deleted without "/LEN" is sent without IFA_ADDRESS.
  const wildcard = del && family === AF_INET && !local.lenSpecified;
  if (!peer && !wildcard) attrs.bytes(IFA_ADDRESS, local.bytes.subarray(0, width));
  const prefixlen = peer ? peer.bitlen : local.bitlen;
  if ((brd === '+' || brd === '-') && !del) {
    if (family !== AF_INET) throw new InvalidRequestError('can be set only for IPv4 addresses', 'broadcast');
    const base = peer ?? local;
    const out = ipv4BroadcastFor(base.bytes, base.bitlen, brd === '+');
    if (out) attrs.bytes(IFA_BROADCAST, out);
  }
  const valid = lifetime('validLifetime', full.validLifetime);
  const preferred = lifetime('preferredLifetime', full.preferredLifetime);
  if (!del && (valid !== undefined || preferred !== undefined)) {
    const v = valid ?? INFINITY_LIFE_TIME;
    const p = preferred ?? INFINITY_LIFE_TIME;
    if (!v) throw new InvalidRequestError('is zero', 'validLifetime');
    if (v < p) throw new InvalidRequestError('is greater than validLifetime', 'preferredLifetime');
    attrs.bytes(IFA_CACHEINFO, encodeIfaLifetimes(p, v));
  }
  const index = devices.index(spec.dev);
  const defaultScope = !del && family === AF_INET && local.bytes[0] === 127 ? RT_SCOPE_HOST : 0;
  return {
    type: del ? RTM_DELADDR : RTM_NEWADDR,
    flags: cmd === 'add' ? NLM_F_CREATE | NLM_F_EXCL : cmd === 'replace' ? NLM_F_CREATE | NLM_F_REPLACE : 0,
    payload: encodeIfaddrmsg(
      { family, prefixlen, flags: ifaFlags <= 0xff ? ifaFlags : 0, scope: scope ?? defaultScope, index },
      attrs.finish(),
    ),
    fds: [],
  };
}
