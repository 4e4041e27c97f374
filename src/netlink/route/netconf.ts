/**
 * Per-device IP configuration notifications (<linux/netconf.h>): struct
 * netconfmsg, NETCONFA_* attributes, RTM_*NETCONF. Pure: bytes in, values out.
 */
import { AttributeEncoder, attributeTable, s32, u32, type Attribute } from '../codec/attributes.js';
import { CodecError } from '../codec/errors.js';
import { NETCONFA_IFINDEX, NETCONFMSG_LEN } from '../gen/netconf.js';

export interface NetconfMessage {
  family: number;
  /** NETCONFA_IFINDEX (signed: -1 all, -2 default); undefined when absent. */
  ifindex?: number;
  attrs: Map<number, Attribute>;
}

export function decodeNetconf(payload: Uint8Array): NetconfMessage {
  if (payload.length < NETCONFMSG_LEN) {
    throw new CodecError(`netconfmsg needs ${NETCONFMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  let attrs: Map<number, Attribute>;
  try {
    attrs = attributeTable(payload.subarray(NETCONFMSG_LEN));
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(e.message, e.offset + NETCONFMSG_LEN);
    throw e;
  }
  const m: NetconfMessage = { family: payload[0]!, attrs };
  const idx = attrs.get(NETCONFA_IFINDEX);
  if (idx) m.ifindex = s32(idx);
  return m;
}

/** A u32 attribute's value, undefined when absent. */
export function netconfValue(m: NetconfMessage, type: number): number | undefined {
  const a = m.attrs.get(type);
  return a ? u32(a) : undefined;
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
