/**
 * IPv6 address labels (RFC 6724 policy table, <linux/if_addrlabel.h>):
 * struct ifaddrlblmsg followed by IFAL_ADDRESS and IFAL_LABEL.
 */
import { AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { IFADDRLBLMSG_LEN, IFAL_ADDRESS, IFAL_LABEL } from '../gen/if_addrlabel.js';
import { HOST_LITTLE_ENDIAN } from '../codec/bytes.js';

export interface AddrLabelMessage {
  family: number;
  prefixLen: number;
  flags: number;
  ifindex: number;
  seq: number;
  attrs: AttributeIndex;
}

export function decodeAddrLabel(payload: Uint8Array): AddrLabelMessage {
  if (payload.length < IFADDRLBLMSG_LEN)
    throw new CodecError(`ifaddrlblmsg needs ${IFADDRLBLMSG_LEN} bytes, got ${payload.length}`, 0);
  const v = view(payload);
  return {
    family: payload[0]!,
    prefixLen: payload[2]!,
    flags: payload[3]!,
    ifindex: v.getUint32(4, HOST_LITTLE_ENDIAN),
    seq: v.getUint32(8, HOST_LITTLE_ENDIAN),
    attrs: new AttributeIndex(payload, IFADDRLBLMSG_LEN),
  };
}

/** The header alone: a dump request for `family`. */
export function encodeAddrLabelHeader(family: number, prefixLen = 0, ifindex = 0): Uint8Array {
  const b = new Uint8Array(IFADDRLBLMSG_LEN);
  b[0] = family;
  b[2] = prefixLen;
  view(b).setUint32(4, ifindex, HOST_LITTLE_ENDIAN);
  return b;
}

/** ipaddrlabel_modify's request body: the header, IFAL_LABEL, then IFAL_ADDRESS (ip's order). */
export function encodeAddrLabelRequest(r: {
  family: number;
  prefixLen: number;
  ifindex: number;
  address: Uint8Array;
  label: number;
}): Uint8Array {
  const attrs = new AttributeEncoder().u32(IFAL_LABEL, r.label).bytes(IFAL_ADDRESS, r.address).finish();
  const head = encodeAddrLabelHeader(r.family, r.prefixLen, r.ifindex);
  const out = new Uint8Array(head.length + attrs.length);
  out.set(head);
  out.set(attrs, head.length);
  return out;
}
