/**
 * Byte strings that are not UTF-8 (Linux interface names are any bytes but
 * "/", ":", NUL and blanks) carried in JS strings without loss: every byte
 * that is not part of a valid UTF-8 sequence becomes the lone surrogate
 * U+DC80..U+DCFF, as Python's "surrogateescape" does, and turns back into
 * that byte on the way out. Valid UTF-8 decodes and encodes as usual, so for
 * every ordinary string this is plain UTF-8.
 */

const fatal = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Bytes → string; invalid UTF-8 bytes become U+DC80..U+DCFF. */
export function decodeBytesLossless(b: Uint8Array): string {
  try {
    return fatal.decode(b);
  } catch {
    /* not UTF-8 throughout: decode by hand below */
  }
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let n = 0;
    let cp = 0;
    let min = 0;
    if (c >= 0xc2 && c <= 0xdf) [n, cp, min] = [1, c & 0x1f, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, cp, min] = [2, c & 0x0f, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, cp, min] = [3, c & 0x07, 0x10000];
    let ok = n > 0;
    for (let k = 1; ok && k <= n; k++) {
      const t = b[i + k];
      if (t === undefined || (t & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (t & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += n + 1;
    } else {
      out += String.fromCharCode(0xdc00 | c);
      i++;
    }
  }
  return out;
}

/** '0'..'9' as a UTF-16 unit: the scanners of printf formats and name tables ask it per character. */
export const isAsciiDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const ESCAPED = /[\udc80-\udcff]/;

/**
 * Whether a string holds escaped bytes (so is not plain UTF-8 text). A short
 * string (a name, a request's attribute) is looked at unit by unit: the
 * regular expression's compilation on first use was part of every start.
 */
export function hasEscapedBytes(s: string): boolean {
  if (s.length > 64) return ESCAPED.test(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) return true;
  }
  return false;
}

/** String → bytes: UTF-8, with U+DC80..U+DCFF (lone, as decodeBytesLossless makes them) back to their byte. */
export function encodeTextLossless(s: string): Uint8Array {
  if (!hasEscapedBytes(s)) return encoder.encode(s);
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out.push(cp & 0xff);
    else for (const x of encoder.encode(ch)) out.push(x);
  }
  return Uint8Array.from(out);
}

/**
 * A string for people to read on one line: control characters, DEL and
 * escaped bytes as \n, \t, \r, \xNN; a backslash stays a backslash. For
 * error messages, where a newline or an escape sequence from an argument or
 * a kernel message would otherwise break the line or drive the terminal
 * (C1 controls as \u0080..\u009f).
 */
export function escapeForDisplay(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f\u0080-\u009f\udc80-\udcff]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (c === 10) return '\\n';
    if (c === 9) return '\\t';
    if (c === 13) return '\\r';
    if (c >= 0x80 && c <= 0x9f) return `\\u00${c.toString(16)}`;
    return `\\x${(c & 0xff).toString(16).padStart(2, '0')}`;
  });
}
