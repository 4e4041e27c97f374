/**
 * Address text forms exactly as glibc's inet_ntop prints them (and so as
 * iproute2 prints them): the one implementation every renderer uses.
 */

import { AF_INET, AF_INET6, AF_MPLS, AF_PACKET } from './gen/socket.js';

const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** inet_ntop(AF_INET) of the 4 bytes at `o`. */
export function inet4Ntop(b: Uint8Array, o = 0): string {
  return DEC[b[o] ?? 0]! + '.' + DEC[b[o + 1] ?? 0]! + '.' + DEC[b[o + 2] ?? 0]! + '.' + DEC[b[o + 3] ?? 0]!;
}

/**
 * inet_ntop(AF_INET6) of the 16 bytes at `o`: lowercase hex groups, the
 * longest run (the first of equal ones) of two or more zero groups as "::",
 * and the IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) forms.
 * Missing bytes read as zero.
 */
export function inet6Ntop(b: Uint8Array, o = 0): string {
  const w = new Array<number>(8);
  for (let i = 0; i < 8; i++) w[i] = ((b[o + 2 * i] ?? 0) << 8) | (b[o + 2 * i + 1] ?? 0);
  let base = -1;
  let blen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > blen) {
      base = i;
      blen = j - i;
    }
    i = j;
  }
  if (blen < 2) base = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (base >= 0 && i >= base && i < base + blen) {
      if (i === base) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    if (i === 6 && base === 0 && (blen === 6 || (blen === 5 && w[5] === 0xffff))) {
      s += inet4Ntop(b, o + 12);
      return s;
    }
    s += w[i]!.toString(16);
  }
  if (base >= 0 && base + blen === 8) s += ':';
  return s;
}

/**
 * iproute2's rt_addr_n2a (lib/utils.c) with numeric output: the text of an
 * address of `family` in `len` bytes at `o`; "???" for a family ip does not
 * print or bytes too short for it, as ip does.
 */
export function formatAddress(family: number, b: Uint8Array, o = 0, len = b.length - o): string {
  if (family === AF_INET && len >= 4) return inet4Ntop(b, o);
  if (family === AF_INET6 && len >= 16) return inet6Ntop(b, o);
  if (family === AF_MPLS) {
    // mpls_ntop: labels separated by '/', until the bottom-of-stack bit.
    const parts: string[] = [];
    for (let i = o; i + 4 <= o + len; i += 4) {
      const v = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
      parts.push(String(v >>> 12));
      if (v & 0x100) break;
    }
    return parts.join('/');
  }
  if (family === AF_PACKET) {
    // ll_addr_n2a: colon-separated hex bytes.
    let s = '';
    for (let i = o; i < o + len; i++) s += (i > o ? ':' : '') + b[i]!.toString(16).padStart(2, '0');
    return s;
  }
  return '???';
}
