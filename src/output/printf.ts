/**
 * The subset of printf that iproute2's print_* format strings use: one
 * conversion per format (%s %d %u %x %c with flags '-', '0', '#', width,
 * precision and length modifiers, which are ignored), plus %%. Keeping ip's
 * own format strings makes text output line up with ip's byte for byte.
 * Each format is parsed once and cached: the same few hundred formats are
 * used for every object printed.
 */
const CONVERSION = /%([-0 +#]*)(\d*)(?:\.(\d+))?(?:hh|h|ll|l|z|j|t)?([sdiuxXc%])/g;

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

function parse(fmt: string): ParsedFormat {
  let before = '';
  let after = '';
  let found: RegExpExecArray | null = null;
  let last = 0;
  CONVERSION.lastIndex = 0;
  for (let m = CONVERSION.exec(fmt); m; m = CONVERSION.exec(fmt)) {
    const literal = fmt.slice(last, m.index);
    last = m.index + m[0].length;
    if (found) {
      // Later conversions print nothing (only one value is ever given).
      after += literal + (m[4] === '%' ? '%' : '');
    } else if (m[4] === '%') {
      before += literal + '%';
    } else {
      before += literal;
      found = m;
    }
  }
  if (found) after += fmt.slice(last);
  else before += fmt.slice(last);
  const flags = found?.[1] ?? '';
  return {
    before,
    after,
    conv: found ? found[4]! : null,
    left: flags.includes('-'),
    zero: flags.includes('0'),
    alt: flags.includes('#'),
    width: found?.[2] ? Number(found[2]) : 0,
    precision: found?.[3] !== undefined ? Number(found[3]) : undefined,
  };
}

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
