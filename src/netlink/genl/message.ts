import { CodecError } from '../codec/errors.js';
import { GENL_HDRLEN } from '../gen/genetlink.js';

/** struct genlmsghdr (<linux/genetlink.h>) and the attributes after it. */
export interface GenlHeader {
  cmd: number;
  version: number;
  reserved: number;
}

export interface GenlMessage extends GenlHeader {
  /** The family-specific header (hdrsize bytes, usually none). */
  familyHeader: Uint8Array;
  /** The attribute run after the headers (a view into the payload). */
  attrs: Uint8Array;
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

/** The payload of a generic netlink request: genlmsghdr, an optional family header, then attributes. */
export function encodeGenlPayload(
  cmd: number,
  version: number,
  attrs: Uint8Array = new Uint8Array(0),
  familyHeader: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const fhLen = align4(familyHeader.length);
  const out = new Uint8Array(GENL_HDRLEN + fhLen + attrs.length);
  out[0] = cmd & 0xff;
  out[1] = version & 0xff;
  // reserved (bytes 2-3) stays zero
  out.set(familyHeader, GENL_HDRLEN);
  out.set(attrs, GENL_HDRLEN + fhLen);
  return out;
}

/** Split a generic netlink payload; a payload shorter than its headers is a CodecError. */
export function decodeGenlPayload(payload: Uint8Array, hdrsize = 0): GenlMessage {
  if (!Number.isSafeInteger(hdrsize) || hdrsize < 0) {
    throw new CodecError(`generic netlink family header size ${hdrsize} is not a byte count`, 0);
  }
  // Not (n + 3) & ~3: bitwise operators wrap at 2^31, and a corrupt size must not wrap to a small one.
  const fhLen = align4(hdrsize);
  if (payload.length < GENL_HDRLEN + fhLen) {
    throw new CodecError(
      `generic netlink payload of ${payload.length} bytes, needs ${GENL_HDRLEN + fhLen}`,
      0,
    );
  }
  return {
    cmd: payload[0]!,
    version: payload[1]!,
    reserved: payload[2]! | (payload[3]! << 8),
    familyHeader: payload.subarray(GENL_HDRLEN, GENL_HDRLEN + hdrsize),
    attrs: payload.subarray(GENL_HDRLEN + fhLen),
  };
}
