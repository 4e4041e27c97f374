import { decodeBytesLossless } from './text.js';

/**
 * Netlink carries integers in host byte order unless NLA_F_NET_BYTEORDER says
 * otherwise. Asked of a typed array rather than node:os, which would cost
 * every command start-up a module load.
 */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A u16 in network byte order (htons), as its two bytes: what ip sends with addattr16(htons(x)). */
export function be16Bytes(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

/** A u32 in network byte order (htonl), as its four bytes. */
export function be32Bytes(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** A host-order u16 at buf[off], read without a DataView (decode loops run it per attribute). */
export const hostU16: (b: Uint8Array, off: number) => number = HOST_LITTLE_ENDIAN
  ? (b, o) => b[o]! | (b[o + 1]! << 8)
  : (b, o) => (b[o]! << 8) | b[o + 1]!;

/** A host-order u32 at buf[off], read without a DataView. */
export const hostU32: (b: Uint8Array, off: number) => number = HOST_LITTLE_ENDIAN
  ? (b, o) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
  : (b, o) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

export function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export const align4 = (n: number): number => (n + 3) & ~3;

export function toHex(buf: Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new TypeError(`not a hex string: ${hex}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/**
 * cString of buf[start, end) without a view when it is short plain ASCII
 * (interface names, qdiscs, kinds: the common case, decoded once per link).
 */
export function cStringAt(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let out = '';
    let i = start;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c === 0 || c >= 0x80) break;
      out += String.fromCharCode(c);
    }
    if (i === end || buf[i] === 0) return out;
  }
  return cString(buf.subarray(start, end));
}

/**
 * A C string: bytes up to the first NUL (or the end). Bytes that are not
 * UTF-8 (an interface may be named $'\\xff') are kept as U+DC80..U+DCFF
 * (decodeBytesLossless), so the name prints as the same bytes and finds the
 * same object when sent back.
 */
export function cString(buf: Uint8Array): string {
  const nul = buf.indexOf(0);
  return decodeBytesLossless(nul < 0 ? buf : buf.subarray(0, nul));
}
