/**
 * A dropped packet's payload read down to L3/L4: addresses, protocol, ports,
 * ICMP type/code. NET_DM copies the packet from its MAC header when it has
 * one (drop_monitor.c), so the payload may start with an Ethernet header or
 * directly with the IP header; both are recognised. Pure: bytes in, facts out.
 */
import { ETH_HLEN, ETH_P_ARP, ETH_P_IP, ETH_P_IPV6 } from '../gen/if_ether.js';

/** <linux/in.h> IPPROTO_* */
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_ICMPV6 = 58;
/** IPv6 extension headers walked over: hop-by-hop, routing, destination options (<linux/in6.h>). */
const IPV6_EXT = new Set([0, 43, 60]);

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

export function formatIpv4(b: Uint8Array, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** RFC 5952 text: lower case, the longest run (2+) of zero groups as "::", first one on a tie. */
export function formatIpv6(b: Uint8Array, off = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  // IPv4-mapped ::ffff:a.b.c.d
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `::ffff:${formatIpv4(b, off + 12)}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

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
  if (p[off]! >> 4 === 4) {
    if (p.length < off + 20) return undefined;
    const ihl = (p[off]! & 0x0f) * 4;
    const protocol = p[off + 9]!;
    const out: PacketSummary = {
      l3Offset: off,
      family: 'ipv4',
      src: formatIpv4(p, off + 12),
      dst: formatIpv4(p, off + 16),
      protocol: L4_NAMES[protocol] ?? protocol,
      ttl: p[off + 8]!,
    };
    const fragOffset = be16(p, off + 6) & 0x1fff;
    if (ihl >= 20 && fragOffset === 0) l4(p, off + ihl, protocol, out);
    return out;
  }
  if (p.length < off + 40) return undefined;
  let next = p[off + 6]!;
  let at = off + 40;
  while (IPV6_EXT.has(next) && p.length >= at + 8) {
    const len = (p[at + 1]! + 1) * 8;
    next = p[at]!;
    at += len;
  }
  const out: PacketSummary = {
    l3Offset: off,
    family: 'ipv6',
    src: formatIpv6(p, off + 8),
    dst: formatIpv6(p, off + 24),
    protocol: L4_NAMES[next] ?? next,
    ttl: p[off + 7]!,
  };
  l4(p, at, next, out);
  return out;
}
