/**
 * Per-device IP configuration notifications (<linux/netconf.h>): struct
 * netconfmsg, NETCONFA_* attributes, RTM_*NETCONF. Pure: bytes in, values out.
 */
import { AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { CodecError } from '../codec/errors.js';
import { NETCONFA_IFINDEX, NETCONFMSG_LEN } from '../gen/netconf.js';

export interface NetconfMessage {
  family: number;
  /** NETCONFA_IFINDEX (signed: -1 all, -2 default); undefined when absent. */
  ifindex?: number;
  attrs: AttributeIndex;
}

export function decodeNetconf(payload: Uint8Array): NetconfMessage {
  if (payload.length < NETCONFMSG_LEN) {
    throw new CodecError(`netconfmsg needs ${NETCONFMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  // Offsets in a CodecError are offsets in the payload.
  const attrs = new AttributeIndex(payload, NETCONFMSG_LEN);
  const m: NetconfMessage = { family: payload[0]!, attrs };
  const idx = attrs.s32(NETCONFA_IFINDEX);
  if (idx !== undefined) m.ifindex = idx;
  attrs.throwIfError();
  return m;
}

/** A u32 attribute's value, undefined when absent. */
export function netconfValue(m: NetconfMessage, type: number): number | undefined {
  return m.attrs.u32(type);
}

/** RTM_GETNETCONF: a dump request (rtnl_netconfdump_req) or, with an ifindex, one device. */
export function encodeNetconfRequest(family: number, ifindex?: number): Uint8Array {
  const body =
    ifindex === undefined
      ? new Uint8Array(0)
      : new AttributeEncoder().s32(NETCONFA_IFINDEX, ifindex).finish();
  const out = new Uint8Array(NETCONFMSG_LEN + body.length);
  out[0] = family;
  out.set(body, NETCONFMSG_LEN);
  return out;
}
