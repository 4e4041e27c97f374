/**
 * Address text forms exactly as glibc's inet_ntop prints them (and so as
 * iproute2 prints them): the one implementation every renderer uses.
 */

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
