/**
 * The nsid objects of `nlts monitor nsid` (there is no nsid show renderer
 * yet): print_nsid's "nsid N" line of iproute2 6.1.0's ip/ipnetns.c, the
 * JSON object {nsid}.
 */
import { attributeTable, s32, type Attribute } from '../../netlink/codec/attributes.js';
import { CodecError } from '../../netlink/codec/errors.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS } from '../../netlink/gen/socket.js';
import { NETNSA_NSID } from '../../netlink/gen/net_namespace.js';
import { RTGENMSG_LEN } from '../../netlink/gen/rtnetlink.js';

/** A family number as the monitor's own messages name it. */
export function familyName(f: number): string {
  if (f === AF_INET) return 'inet';
  if (f === AF_INET6) return 'inet6';
  if (f === AF_BRIDGE) return 'bridge';
  if (f === AF_MPLS) return 'mpls';
  return String(f);
}

/** struct rtgenmsg + NETNSA_*: "nsid N" ("Deleted " first in text for RTM_DELNSID). */
export function renderNsid(p: Printer, payload: Uint8Array, deleted: boolean): void {
  if (payload.length < RTGENMSG_LEN)
    throw new CodecError(`rtgenmsg needs ${RTGENMSG_LEN} bytes, got ${payload.length}`, 0);
  let tb: Map<number, Attribute>;
  try {
    tb = attributeTable(payload.subarray(RTGENMSG_LEN));
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(e.message, e.offset + RTGENMSG_LEN);
    throw e;
  }
  p.openObject();
  if (deleted) p.fp('Deleted ');
  const id = tb.get(NETNSA_NSID);
  if (id) p.number(PRINT_ANY, 'nsid', 'nsid %d ', s32(id));
  p.fp('\n');
  p.closeObject();
}
