/**
 * A dropped packet's payload read down to L3/L4: addresses, protocol, ports,
 * ICMP type/code. NET_DM copies the packet from its MAC header when it has
 * one (drop_monitor.c), so the payload may start with an Ethernet header or
 * directly with the IP header; both are recognised. Pure: bytes in, facts out.
 */
import { ETH_HLEN, ETH_P_ARP, ETH_P_IP, ETH_P_IPV6 } from '../gen/if_ether.js';
import { inet4Ntop, inet6Ntop } from '../inet.js';

import {
  IPPROTO_DSTOPTS,
  IPPROTO_HOPOPTS,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_ROUTING,
  IPPROTO_TCP,
  IPPROTO_UDP,
} from '../gen/in.js';

/** IPv6 extension headers walked over: hop-by-hop, routing, destination options. */
const IPV6_EXT = new Set([IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_DSTOPTS]);

const L4_NAMES: Record<number, string> = {
  [IPPROTO_ICMP]: 'icmp',
  [IPPROTO_TCP]: 'tcp',
  [IPPROTO_UDP]: 'udp',
  [IPPROTO_ICMPV6]: 'icmpv6',
};

export interface PacketSummary {
  /** Where the IP header starts in the payload (0, or 14 after an Ethernet header). */
  l3Offset: number;
  family: 'ipv4' | 'ipv6';
  src: string;
  dst: string;
  /** L4 protocol name (tcp, udp, icmp, icmpv6) or its number. */
  protocol: string | number;
  ttl?: number;
  sport?: number;
  dport?: number;
  /** TCP flags as letters (S, A, F, R, P, U). */
  tcpFlags?: string;
  icmpType?: number;
  icmpCode?: number;
}

export function ethProtoName(proto: number | undefined): string | undefined {
  if (proto === ETH_P_IP) return 'ipv4';
  if (proto === ETH_P_IPV6) return 'ipv6';
  if (proto === ETH_P_ARP) return 'arp';
  return proto === undefined ? undefined : `0x${proto.toString(16).padStart(4, '0')}`;
}

// The packet's addresses print as glibc's inet_ntop does (dropwatch's -j
// and text agree with ip's forms, ::a.b.c.d included): src/netlink/inet.ts.

function be16(b: Uint8Array, off: number): number {
  return (b[off]! << 8) | b[off + 1]!;
}

/** Where the IP header starts, or -1 when the payload is not IP. */
function l3Start(p: Uint8Array, proto: number | undefined): number {
  const version = (at: number): number => (p.length > at ? p[at]! >> 4 : -1);
  const isIp = (at: number): boolean =>
    (proto === ETH_P_IP && version(at) === 4) || (proto === ETH_P_IPV6 && version(at) === 6);
  if (p.length >= ETH_HLEN + 1 && be16(p, 12) === proto && isIp(ETH_HLEN)) return ETH_HLEN;
  if (isIp(0)) return 0;
  // Unknown or missing proto: trust the version nibble alone.
  if (proto === undefined || (proto !== ETH_P_IP && proto !== ETH_P_IPV6)) {
    if (p.length >= ETH_HLEN + 20 && (be16(p, 12) === ETH_P_IP || be16(p, 12) === ETH_P_IPV6))
      return ETH_HLEN;
  }
  return -1;
}

const TCP_FLAG_LETTERS: [number, string][] = [
  [0x02, 'S'],
  [0x10, 'A'],
  [0x01, 'F'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x20, 'U'],
];

function l4(p: Uint8Array, off: number, protocol: number, out: PacketSummary): void {
  if (protocol === IPPROTO_TCP || protocol === IPPROTO_UDP) {
    if (p.length < off + 4) return;
    out.sport = be16(p, off);
    out.dport = be16(p, off + 2);
    if (protocol === IPPROTO_TCP && p.length >= off + 14) {
      const f = p[off + 13]!;
      out.tcpFlags = TCP_FLAG_LETTERS.filter(([bit]) => f & bit)
        .map(([, l]) => l)
        .join('');
    }
  } else if (protocol === IPPROTO_ICMP || protocol === IPPROTO_ICMPV6) {
    if (p.length < off + 2) return;
    out.icmpType = p[off]!;
    out.icmpCode = p[off + 1]!;
  }
}

/** Read the payload's IPv4/IPv6 header and TCP/UDP/ICMP header; undefined when it is not IP or too short. */
export function decodePacket(p: Uint8Array, proto: number | undefined): PacketSummary | undefined {
  const off = l3Start(p, proto);
  if (off < 0) return undefined;
  const v4 = p[off]! >> 4 === 4;
  if (p.length < off + (v4 ? 20 : 40)) return undefined;
  // struct iphdr: ttl at 8, protocol at 9, saddr at 12, daddr at 16;
  // struct ipv6hdr: nexthdr at 6, hop_limit at 7, saddr at 8, daddr at 24.
  let next = p[off + (v4 ? 9 : 6)]!;
  let l4At = -1;
  if (v4) {
    const ihl = (p[off]! & 0x0f) * 4;
    const fragOffset = be16(p, off + 6) & 0x1fff;
    if (ihl >= 20 && fragOffset === 0) l4At = off + ihl;
  } else {
    l4At = off + 40;
    while (IPV6_EXT.has(next) && p.length >= l4At + 8) {
      const len = (p[l4At + 1]! + 1) * 8;
      next = p[l4At]!;
      l4At += len;
    }
  }
  const out: PacketSummary = {
    l3Offset: off,
    family: v4 ? 'ipv4' : 'ipv6',
    src: v4 ? inet4Ntop(p, off + 12) : inet6Ntop(p, off + 8),
    dst: v4 ? inet4Ntop(p, off + 16) : inet6Ntop(p, off + 24),
    protocol: L4_NAMES[next] ?? next,
    ttl: p[off + (v4 ? 8 : 7)]!,
  };
  if (l4At >= 0) l4(p, l4At, next, out);
  return out;
}
