/**
 * ip's -human / -iec counter format: print_num() in iproute2 6.1's
 * lib/utils.c, used by `ip -s link` and `ip -s address` (print_stats64,
 * print_vf_stats64). JSON output never goes through it: counters stay numbers.
 */

/** The global options that change print_num (ip.c's human_readable and use_iec). */
export interface NumberFormat {
  /** -h / -human / -human-readable. */
  human?: boolean;
  /** -iec: powers of 1024 and an "i" after the prefix; only with -human. */
  iec?: boolean;
}

const PREFIXES = 'kMGTPE';

/**
 * print_num(fp, width, count): "%*llu " as is, or, with -human and a count
 * of at least one base (1000, or 1024 with -iec), the count scaled to the
 * largest prefix it reaches, with 2, 1 or 0 decimals so that about three
 * digits show ("%.*f%c%s"), right-aligned in `width`, then one space.
 */
export function printNum(width: number, count: bigint | number, fmt: NumberFormat = {}): string {
  const n = BigInt(count);
  const base = fmt.iec ? 1024n : 1000n;
  let text: string;
  if (!fmt.human || n < base) {
    text = n.toString();
  } else {
    let powi = 1n;
    let prefix = 0;
    for (;;) {
      powi *= base;
      if (n / base < powi) break;
      if (prefix + 1 >= PREFIXES.length) break;
      prefix++;
    }
    let precision = 2;
    let powj = 1n;
    for (; precision > 0; precision--) {
      powj *= 10n;
      if (n / powi < powj) break;
    }
    // (double) count / powi, as C computes it, then printf's exact rounding.
    text = formatFixed(Number(n) / Number(powi), precision) + PREFIXES[prefix]! + (fmt.iec ? 'i' : '');
  }
  return (width > text.length ? text.padStart(width) : text) + ' ';
}

/**
 * printf("%.*f", digits, x) for a finite x >= 0 as glibc prints it: the
 * double's exact binary value rounded half to even (Number.prototype.toFixed
 * rounds an exact half up, so 1.125 would print as "1.13" instead of "1.12").
 */
export function formatFixed(x: number, digits: number): string {
  // x = mantissa * 2^exp exactly.
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  const scale = 10n ** BigInt(digits);
  let num = mantissa * scale;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q++;
  const s = q.toString().padStart(digits + 1, '0');
  return digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
}
