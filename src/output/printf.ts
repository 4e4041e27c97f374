/**
 * The subset of printf that iproute2's print_* format strings use: one
 * conversion per format (%s %d %u %x %c with flags '-', '0', '#', width,
 * precision and length modifiers, which are ignored), plus %%. Keeping ip's
 * own format strings makes text output line up with ip's byte for byte.
 * Each format is parsed once and cached: the same few hundred formats are
 * used for every object printed.
 */
import { isAsciiDigit } from '../netlink/codec/text.js';

interface ParsedFormat {
  /** Literal text before the conversion (with %% already turned into %). */
  before: string;
  after: string;
  /** null when the format has no conversion at all. */
  conv: string | null;
  left: boolean;
  zero: boolean;
  alt: boolean;
  width: number;
  precision: number | undefined;
}

const cache = new Map<string, ParsedFormat>();

/** A conversion found at a '%' of a format: its parts, and where it ends. */
interface Conversion {
  end: number;
  flags: string;
  width: string;
  precision: string | undefined;
  conv: string;
}

/**
 * The conversion at `fmt[at]` (a '%'), or null when the text there is none
 * (`%q`, `%.x`): %[-0 +#]*[0-9]*(.[0-9]+)?(hh|h|ll|l|z|j|t)?[sdiuxXc%]. A
 * scanner, not a regular expression: compiling one was ~0.5 ms of every
 * start (`nlts link show lo` prints through here; issue 15 item 6).
 */
function conversionAt(fmt: string, at: number): Conversion | null {
  let i = at + 1;
  const flagsStart = i;
  while (i < fmt.length && '-0 +#'.includes(fmt[i]!)) i++;
  const flags = fmt.slice(flagsStart, i);
  const widthStart = i;
  while (i < fmt.length && isAsciiDigit(fmt.charCodeAt(i))) i++;
  const width = fmt.slice(widthStart, i);
  let precision: string | undefined;
  if (fmt[i] === '.' && isAsciiDigit(fmt.charCodeAt(i + 1))) {
    const p = ++i;
    while (i < fmt.length && isAsciiDigit(fmt.charCodeAt(i))) i++;
    precision = fmt.slice(p, i);
  }
  if (fmt.startsWith('hh', i) || fmt.startsWith('ll', i)) i += 2;
  else if ('hlzjt'.includes(fmt[i] ?? '-')) i++;
  const conv = fmt[i];
  if (conv === undefined || !'sdiuxXc%'.includes(conv)) return null;
  return { end: i + 1, flags, width, precision, conv };
}

function parse(fmt: string): ParsedFormat {
  let before = '';
  let after = '';
  let found: Conversion | null = null;
  let last = 0;
  for (let at = fmt.indexOf('%'); at >= 0;) {
    const m = conversionAt(fmt, at);
    if (!m) {
      // Not a conversion: the '%' is literal text, and the search goes on after it.
      at = fmt.indexOf('%', at + 1);
      continue;
    }
    const literal = fmt.slice(last, at);
    last = m.end;
    if (found) {
      // Later conversions print nothing (only one value is ever given).
      after += literal + (m.conv === '%' ? '%' : '');
    } else if (m.conv === '%') {
      before += literal + '%';
    } else {
      before += literal;
      found = m;
    }
    at = fmt.indexOf('%', m.end);
  }
  if (found) after += fmt.slice(last);
  else before += fmt.slice(last);
  const flags = found?.flags ?? '';
  return {
    before,
    after,
    conv: found ? found.conv : null,
    left: flags.includes('-'),
    zero: flags.includes('0'),
    alt: flags.includes('#'),
    width: found?.width ? Number(found.width) : 0,
    precision: found?.precision !== undefined ? Number(found.precision) : undefined,
  };
}

/** parse() for tests: the scanner is checked against the regular expression it replaces. */
export const parseFormatForTest = parse;

export function formatOne(fmt: string, value: unknown): string {
  let f = cache.get(fmt);
  if (!f) {
    f = parse(fmt);
    cache.set(fmt, f);
  }
  if (f.conv === null) return f.before;
  let s: string;
  switch (f.conv) {
    case 'x':
    case 'X': {
      s = typeof value === 'bigint' ? value.toString(16) : (Number(value) >>> 0).toString(16);
      if (f.conv === 'X') s = s.toUpperCase();
      // C's '#' flag: 0x prefix for non-zero values only.
      if (f.alt && !/^0*$/.test(s)) s = (f.conv === 'x' ? '0x' : '0X') + s;
      break;
    }
    case 'c':
      s = typeof value === 'number' ? String.fromCharCode(value) : String(value);
      break;
    default:
      s = String(value);
  }
  if (f.precision !== undefined && f.conv === 's') s = s.slice(0, f.precision);
  if (s.length < f.width) {
    if (f.left) s = s.padEnd(f.width, ' ');
    else if (f.zero && f.conv !== 's') s = s.padStart(f.width, '0');
    else s = s.padStart(f.width, ' ');
  }
  return f.before + s + f.after;
}
