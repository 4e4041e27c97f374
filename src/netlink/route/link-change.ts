import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { IFINFOMSG_LEN } from './link.js';

/**
 * Encoders for changing links: RTM_NEWLINK (add, set, change, replace) and
 * RTM_DELLINK share struct ifinfomsg (<linux/rtnetlink.h>) followed by
 * IFLA_* attributes. Pure: bytes in, bytes out.
 */

/** VETH_INFO_PEER (<linux/veth.h>): a struct ifinfomsg and the peer's own attributes. */
export const VETH_INFO_PEER = 1;

/** IFLA_MACVLAN_* and MACVLAN_* (<linux/if_link.h>). */
export const IFLA_MACVLAN_MODE = 1;
export const IFLA_MACVLAN_FLAGS = 2;
export const IFLA_MACVLAN_BC_QUEUE_LEN = 7;
export const MACVLAN_MODE_PRIVATE = 1;
export const MACVLAN_MODE_VEPA = 2;
export const MACVLAN_MODE_BRIDGE = 4;
export const MACVLAN_MODE_PASSTHRU = 8;
export const MACVLAN_MODE_SOURCE = 16;
export const MACVLAN_FLAG_NOPROMISC = 1;
export const MACVLAN_FLAG_NODST = 2;

/** IFLA_VXLAN_* (<linux/if_link.h>). */
export const IFLA_VXLAN_ID = 1;
export const IFLA_VXLAN_GROUP = 2;
export const IFLA_VXLAN_LINK = 3;
export const IFLA_VXLAN_LOCAL = 4;
export const IFLA_VXLAN_TTL = 5;
export const IFLA_VXLAN_TOS = 6;
export const IFLA_VXLAN_LEARNING = 7;
export const IFLA_VXLAN_AGEING = 8;
export const IFLA_VXLAN_PORT = 15;
export const IFLA_VXLAN_GROUP6 = 16;
export const IFLA_VXLAN_LOCAL6 = 17;
export const IFLA_VXLAN_TTL_INHERIT = 28;

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
