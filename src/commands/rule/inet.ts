import { CliError } from '../../cli/errors.js';
import { inet4, inet6 } from '../link/kinds/common.js';
import { strtoul0 } from './names.js';

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_BRIDGE = 7;

/** iproute2's inet_prefix: family, address bytes and prefix length (-1 host, 0 for all/any/default). */
export interface InetPrefix {
  family: number;
  bytes: Uint8Array;
  bitlen: number;
}

export function afBitLen(af: number): number {
  return af === AF_INET6 ? 128 : af === AF_INET ? 32 : 0;
}

/** get_addr_ipv4: one to four dot-separated numbers (strtoul base 0), each at most 255. */
function parseIpv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  const parts = s.split('.');
  if (parts.length > 4) return null;
  for (let i = 0; i < parts.length; i++) {
    const n = strtoul0(parts[i]!);
    if (n === undefined || n > 255) return null;
    out[i] = n;
  }
  return out;
}

/** inet_pton(AF_INET6). */
export function parseIpv6(s: string): Uint8Array | null {
  let tail4: Uint8Array | null = null;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = text.slice(lastColon + 1);
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return null;
    tail4 = parseIpv4(v4);
    if (!tail4) return null;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const group = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0]!);
  const tail = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !tail) return null;
  let words: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    words = head;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  if (tail4) out.set(tail4, 12);
  return out;
}

/** get_addr_1: "default", "all", "any", an IPv6 or IPv4 address; null when invalid or of the wrong family. */
export function parseAddr(name: string, family: number): InetPrefix | null {
  if (name === 'default') return { family, bytes: new Uint8Array(afBitLen(family) / 8), bitlen: -2 };
  if (name === 'all' || name === 'any') return { family, bytes: new Uint8Array(0), bitlen: -2 };
  if (name.includes(':')) {
    if (family !== AF_UNSPEC && family !== AF_INET6) return null;
    const b = parseIpv6(name);
    return b ? { family: AF_INET6, bytes: b, bitlen: -1 } : null;
  }
  if (family !== AF_UNSPEC && family !== AF_INET) return null;
  const b = parseIpv4(name);
  return b ? { family: AF_INET, bytes: b, bitlen: -1 } : null;
}

/** get_prefix_1: ADDR[/LEN]; the length defaults to the full address (0 for all/any/default). */
export function parsePrefix(arg: string, family: number): InetPrefix | null {
  const slash = arg.indexOf('/');
  const a = parseAddr(slash >= 0 ? arg.slice(0, slash) : arg, family);
  if (!a) return null;
  let bitlen = afBitLen(a.family);
  if (slash >= 0) {
    if (a.bitlen === -2) return null;
    const plen = strtoul0(arg.slice(slash + 1));
    if (plen === undefined || plen > bitlen) return null;
    bitlen = plen;
  } else if (a.bitlen === -2) bitlen = 0;
  return { ...a, bitlen };
}

function familyNameVerbose(family: number): string {
  if (family === AF_UNSPEC) return 'any valid';
  return family === AF_INET ? 'inet' : family === AF_INET6 ? 'inet6' : String(family);
}

/** get_prefix: a prefix or ip's error (exit 1). */
export function getPrefix(arg: string, family: number): InetPrefix {
  const p = parsePrefix(arg, family);
  if (!p) {
    throw new CliError(`Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".`, 1);
  }
  return p;
}

/** get_addr: an address or ip's error (exit 1). */
export function getAddr(arg: string, family: number): InetPrefix {
  const p = parseAddr(arg, family);
  if (!p) {
    throw new CliError(`Error: ${familyNameVerbose(family)} address is expected rather than "${arg}".`, 1);
  }
  return p;
}

/**
 * inet_addr_match_rta: true when the attribute's address lies in the prefix
 * (always true for an unset or zero-length prefix; false for a missing or
 * foreign-family address).
 */
export function prefixMatches(m: InetPrefix, addr: Uint8Array | undefined): boolean {
  if (!addr || m.family === AF_UNSPEC || m.bitlen <= 0) return true;
  const fam = addr.length === 4 ? AF_INET : addr.length === 16 ? AF_INET6 : -1;
  if (fam !== m.family) return false;
  const full = m.bitlen >> 3;
  for (let i = 0; i < full; i++) if (addr[i] !== m.bytes[i]) return false;
  const rest = m.bitlen & 7;
  if (rest) {
    const mask = (0xff << (8 - rest)) & 0xff;
    if (((addr[full] ?? 0) ^ (m.bytes[full] ?? 0)) & mask) return false;
  }
  return true;
}

/** rt_addr_n2a / format_host (numeric): inet_ntop for IPv4 and IPv6. */
export function formatAddr(family: number, data: Uint8Array): string {
  if (family === AF_INET && data.length >= 4) return inet4(data);
  if (family === AF_INET6 && data.length >= 16) return inet6(data);
  return '???';
}
