import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { IFINFOMSG_LEN } from '../gen/rtnetlink.js';

/**
 * Encoders for changing links: RTM_NEWLINK (add, set, change, replace) and
 * RTM_DELLINK share struct ifinfomsg (<linux/rtnetlink.h>) followed by
 * IFLA_* attributes. Pure: bytes in, bytes out.
 */

/** IF_OPER_* (<linux/if.h>), the names `ip link set state` takes, by value. */
export const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];

export interface IfinfoHeader {
  family: number;
  ifindex: number;
  flags: number;
  change: number;
}

/** struct ifinfomsg followed by already-encoded attributes. */
export function encodeIfinfomsg(h: IfinfoHeader, attrs: Uint8Array): Uint8Array {
  const out = new Uint8Array(IFINFOMSG_LEN + attrs.length);
  const dv = view(out);
  dv.setUint8(0, h.family);
  dv.setInt32(4, h.ifindex, HOST_LITTLE_ENDIAN);
  dv.setUint32(8, h.flags >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint32(12, h.change >>> 0, HOST_LITTLE_ENDIAN);
  out.set(attrs, IFINFOMSG_LEN);
  return out;
}
