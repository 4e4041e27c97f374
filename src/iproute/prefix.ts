/**
 * iproute2's address and prefix parsing (lib/utils.c get_addr_1,
 * get_prefix_1, get_netmask, get_addr, get_prefix): the one parser every
 * command uses, with one `InetPrefix` shape.
 *
 * - an IPv4 address is one to four dotted strtoul(…, 0) numbers, each <= 255
 *   ("10.8" is 10.8.0.0, "0x0a.1" is 10.1.0.0, leading blanks and '+' pass);
 * - anything with a ':' is IPv6 (inet_pton);
 * - "default" is the family's zero address with the length given (0),
 *   "all"/"any" an empty one; neither takes a "/LEN" (nor exists for MPLS);
 * - "/LEN" is get_netmask: get_unsigned (so "+8", "0x10", "020", "-0") or a
 *   dotted IPv4 netmask of contiguous ones ("255.255.0.0"), at most the
 *   family's width.
 */
import { CliError } from './errors.js';
import { getUnsigned, strtoul } from './parse.js';
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_PACKET, AF_UNSPEC } from '../netlink/gen/socket.js';

/** iproute2's inet_prefix. */
export interface InetPrefix {
  /** AF_INET or AF_INET6; for default/all/any the family asked for (AF_UNSPEC when any). */
  family: number;
  /** The address: 4 or 16 bytes; "default" has the family's width of zeros, "all"/"any" none. */
  bytes: Uint8Array;
  /**
   * get_addr: -1 for an address, -2 for default/all/any. get_prefix: the
   * prefix length ("/LEN", else the family's width, 0 for default/all/any).
   */
  bitlen: number;
  /** PREFIXLEN_SPECIFIED: "/LEN" was written, or the word was "default". */
  lenSpecified: boolean;
  /** The word was "default", "all" or "any". */
  isDefault: boolean;
}

/** af_bit_len */
export function afBitLen(af: number): number {
  return af === AF_INET6 ? 128 : af === AF_INET ? 32 : af === AF_MPLS ? 20 : 0;
}

/** get_addr_ipv4: "10.8" is 10.8.0.0 (legacy), not inet_aton's 10.0.0.8. */
export function parseIpv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul(s, 0, pos);
    if (value > 255 || end === pos) return null;
    out[i] = value;
    if (end === s.length) return out;
    if (i === 3 || s[end] !== '.') return null;
    pos = end + 1;
  }
  return out;
}

const DEC_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_TAIL = new RegExp(`^${DEC_OCTET}(\\.${DEC_OCTET}){3}$`);

/** inet_pton(AF_INET6), a dotted IPv4 tail allowed in place of the last two groups. */
export function parseIpv6(s: string): Uint8Array | null {
  let t = s;
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  if (s.indexOf('.', lastColon) >= 0) {
    const dotted = s.slice(lastColon + 1);
    if (!DOTTED_TAIL.test(dotted)) return null;
    const p = dotted.split('.').map(Number) as [number, number, number, number];
    t =
      s.slice(0, lastColon + 1) + ((p[0] << 8) | p[1]).toString(16) + ':' + ((p[2] << 8) | p[3]).toString(16);
  }
  const dbl = t.indexOf('::');
  if (dbl >= 0 && t.indexOf('::', dbl + 1) >= 0) return null;
  const groups = (g: string): number[] | null => {
    if (g === '') return [];
    const out: number[] = [];
    for (const x of g.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(x)) return null;
      out.push(parseInt(x, 16));
    }
    return out;
  };
  let words: number[];
  if (dbl >= 0) {
    const head = groups(t.slice(0, dbl));
    const rest = groups(t.slice(dbl + 2));
    if (!head || !rest || head.length + rest.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  } else {
    const g = groups(t);
    if (!g || g.length !== 8) return null;
    words = g;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** An address of `family` with these bytes, as get_addr_1 and get_addr_rta make it (no prefix length). */
export function addrOfBytes(family: number, bytes: Uint8Array): InetPrefix {
  return { family, bytes, bitlen: -1, lenSpecified: false, isDefault: false };
}

/** get_addr_1 (AF_PACKET and MPLS labels aside): an address of `family`, AF_UNSPEC taking either; null when not one. */
export function parseAddr(name: string, family: number): InetPrefix | null {
  if (name === 'default') {
    if (family === AF_MPLS) return null;
    return {
      family,
      bytes: new Uint8Array(afBitLen(family) >> 3),
      bitlen: -2,
      lenSpecified: true,
      isDefault: true,
    };
  }
  if (name === 'all' || name === 'any') {
    if (family === AF_MPLS) return null;
    return { family, bytes: new Uint8Array(0), bitlen: -2, lenSpecified: false, isDefault: true };
  }
  if (name.includes(':')) {
    if (family !== AF_UNSPEC && family !== AF_INET6) return null;
    const b = parseIpv6(name);
    return b ? addrOfBytes(AF_INET6, b) : null;
  }
  if (family !== AF_UNSPEC && family !== AF_INET) return null;
  const b = parseIpv4(name);
  return b ? addrOfBytes(AF_INET, b) : null;
}

/** mask2bits over a 4-byte mask: the number of leading ones, -1 unless they are contiguous. */
export function maskToBits(m: Uint8Array): number {
  const mask = ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0;
  const host = ~mask >>> 0;
  if ((host & (host + 1)) >>> 0 !== 0) return -1;
  let bits = 0;
  for (let x = mask; x & 0x80000000; x = (x << 1) >>> 0) bits++;
  return bits;
}

/** get_netmask: get_unsigned(…, 0), else a dotted IPv4 mask of contiguous ones; null when neither. */
export function parseNetmask(s: string): number | null {
  const n = getUnsigned(s);
  if (n !== undefined) return n;
  const a = parseAddr(s, AF_INET);
  if (!a || a.family !== AF_INET || a.isDefault) return null;
  const b = maskToBits(a.bytes);
  return b >= 0 ? b : null;
}

/** get_prefix_1: ADDR[/LEN]; the length defaults to the family's width (0 for default/all/any). */
export function parsePrefix(arg: string, family: number): InetPrefix | null {
  const slash = arg.indexOf('/');
  const a = parseAddr(slash >= 0 ? arg.slice(0, slash) : arg, family);
  if (!a) return null;
  const width = afBitLen(a.family);
  if (slash < 0) return { ...a, bitlen: a.isDefault ? 0 : width };
  if (a.isDefault) return null;
  const plen = parseNetmask(arg.slice(slash + 1));
  if (plen === null || plen > width) return null;
  return { ...a, bitlen: plen, lenSpecified: true };
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
    case AF_MPLS:
      return 'mpls';
    case AF_BRIDGE:
      return 'bridge';
    default:
      return '???';
  }
}

/** family_name_verbose() */
export function familyNameVerbose(family: number): string {
  return family === AF_UNSPEC ? 'any valid' : familyName(family);
}

/** read_family() */
export function readFamily(name: string): number {
  if (name === 'inet') return AF_INET;
  if (name === 'inet6') return AF_INET6;
  if (name === 'link') return AF_PACKET;
  if (name === 'mpls') return AF_MPLS;
  if (name === 'bridge') return AF_BRIDGE;
  return AF_UNSPEC;
}

/** get_prefix(): the prefix, or ip's message and exit 1. */
export function getPrefix(arg: string, family: number): InetPrefix {
  if (family === AF_PACKET)
    throw new CliError(`Error: "${arg}" may be inet prefix, but it is not allowed in this context.`, 1);
  const p = parsePrefix(arg, family);
  if (!p)
    throw new CliError(`Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".`, 1);
  return p;
}

/** get_addr(): the address, or ip's message and exit 1 (AF_PACKET link-layer addresses are not parsed here). */
export function getAddr(arg: string, family: number): InetPrefix {
  const p = family === AF_PACKET ? null : parseAddr(arg, family);
  if (!p)
    throw new CliError(`Error: ${familyNameVerbose(family)} address is expected rather than "${arg}".`, 1);
  return p;
}

/** get_addr32(): an IPv4 address as 4 bytes, or ip's message and exit 1. */
export function getAddr32(arg: string): Uint8Array {
  const p = parseAddr(arg, AF_INET);
  if (!p) throw new CliError(`Error: an IP address is expected rather than "${arg}"`, 1);
  return p.bytes.length === 4 ? p.bytes : new Uint8Array(4);
}

/** inet_addr_match on raw bytes: do the first `bits` bits of a and b agree (missing bytes read as 0)? */
export function bitsMatch(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
  if (bits > 0) {
    const mask = (0xff << (8 - bits)) & 0xff;
    if (((a[i] ?? 0) & mask) !== ((b[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * inet_addr_match_rta: true when the attribute's address lies in the prefix
 * (always for an unset family or a zero-length prefix; false for a missing
 * or foreign-family address).
 */
export function prefixMatches(m: InetPrefix, addr: Uint8Array | undefined): boolean {
  if (!addr || m.family === AF_UNSPEC || m.bitlen <= 0) return true;
  const fam = addr.length === 4 ? AF_INET : addr.length === 16 ? AF_INET6 : -1;
  if (fam !== m.family) return false;
  return bitsMatch(addr, m.bytes, m.bitlen);
}
