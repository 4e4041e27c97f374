/**
 * The subset of printf that iproute2's print_* format strings use: one
 * conversion per format (%s %d %u %x %c with flags '-', '0', width and
 * length modifiers, which are ignored), plus %%. Keeping ip's own format
 * strings makes text output line up with ip's byte for byte.
 */
const CONVERSION = /%([-0 +#]*)(\d*)(?:\.(\d+))?(?:hh|h|ll|l|z|j|t)?([sdiuxXc%])/g;

export function formatOne(fmt: string, value: unknown): string {
  let used = false;
  return fmt.replace(
    CONVERSION,
    (_m, flags: string, width: string, precision: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      if (used) return '';
      used = true;
      let s: string;
      switch (conv) {
        case 'x':
          s = typeof value === 'bigint' ? value.toString(16) : (Number(value) >>> 0).toString(16);
          break;
        case 'X':
          s = (
            typeof value === 'bigint' ? value.toString(16) : (Number(value) >>> 0).toString(16)
          ).toUpperCase();
          break;
        case 'c':
          s = typeof value === 'number' ? String.fromCharCode(value) : String(value);
          break;
        default:
          s = String(value);
      }
      // C's '#' flag: 0x prefix for non-zero hex values only.
      if (flags.includes('#') && (conv === 'x' || conv === 'X') && !/^0*$/.test(s))
        s = (conv === 'x' ? '0x' : '0X') + s;
      if (precision !== undefined && conv === 's') s = s.slice(0, Number(precision));
      const w = width ? Number(width) : 0;
      if (s.length < w) {
        if (flags.includes('-')) s = s.padEnd(w, ' ');
        else if (flags.includes('0') && conv !== 's') s = s.padStart(w, '0');
        else s = s.padStart(w, ' ');
      }
      return s;
    },
  );
}
