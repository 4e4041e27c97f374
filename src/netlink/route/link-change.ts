import { AttributeEncoder } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, be16Bytes, view } from '../codec/bytes.js';
import { IFINFOMSG_LEN } from '../gen/rtnetlink.js';
import { AF_INET, AF_INET6 } from '../gen/socket.js';
import {
  IFLA_AF_SPEC,
  IFLA_ALT_IFNAME,
  IFLA_INET6_ADDR_GEN_MODE,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_DATA,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINKINFO,
  IFLA_PROP_LIST,
  IN6_ADDR_GEN_MODE_EUI64,
  IN6_ADDR_GEN_MODE_NONE,
  IN6_ADDR_GEN_MODE_RANDOM,
  IN6_ADDR_GEN_MODE_STABLE_PRIVACY,
  IFLA_MACVLAN_FLAGS,
  IFLA_MACVLAN_MODE,
  IFLA_VXLAN_GROUP,
  IFLA_VXLAN_GROUP6,
  IFLA_VXLAN_ID,
  IFLA_VXLAN_LEARNING,
  IFLA_VXLAN_LOCAL,
  IFLA_VXLAN_LOCAL6,
  IFLA_VXLAN_PORT,
} from '../gen/if_link.js';
import { VETH_INFO_PEER } from '../gen/veth.js';

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

/**
 * IFLA_LINKINFO for "type KIND" as iplink_modify() builds it: a kind ending
 * in "_slave" names the master's kind in IFLA_INFO_SLAVE_KIND ("bridge_slave"
 * -> "bridge") and its options go in IFLA_INFO_SLAVE_DATA; any other kind is
 * IFLA_INFO_KIND with IFLA_INFO_DATA. `data` is the kind's encoded options.
 */
export function encodeLinkInfo(attrs: AttributeEncoder, type: string, data?: Uint8Array): void {
  const slave = type.endsWith('_slave');
  const kind = slave ? type.slice(0, -'_slave'.length) : type;
  attrs.nested(
    IFLA_LINKINFO,
    (li) => {
      li.bytes(slave ? IFLA_INFO_SLAVE_KIND : IFLA_INFO_KIND, new TextEncoder().encode(kind));
      if (data) li.bytes(slave ? IFLA_INFO_SLAVE_DATA : IFLA_INFO_DATA, data);
    },
    false,
  );
}

/** IN6_ADDR_GEN_MODE_* by the names `ip link set addrgenmode` takes (get_addr_gen_mode). */
export const ADDR_GEN_MODES: Readonly<Record<string, number>> = {
  eui64: IN6_ADDR_GEN_MODE_EUI64,
  none: IN6_ADDR_GEN_MODE_NONE,
  stable_secret: IN6_ADDR_GEN_MODE_STABLE_PRIVACY,
  random: IN6_ADDR_GEN_MODE_RANDOM,
};

/** IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE } }, as iplink_parse sends "addrgenmode". */
export function encodeAddrGenMode(attrs: AttributeEncoder, mode: number): void {
  attrs.nested(
    IFLA_AF_SPEC,
    (af) => af.nested(AF_INET6, (in6) => in6.u8(IFLA_INET6_ADDR_GEN_MODE, mode), false),
    false,
  );
}

/**
 * RTM_NEWLINKPROP / RTM_DELLINKPROP body (iplink_prop_mod): ifinfomsg for
 * the link, then IFLA_PROP_LIST (NLA_F_NESTED) holding one IFLA_ALT_IFNAME
 * per name. Adding wants NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND.
 */
export function encodeAltnameRequest(
  family: number,
  ifindex: number,
  altnames: readonly string[],
): Uint8Array {
  const attrs = new AttributeEncoder().nested(IFLA_PROP_LIST, (list) => {
    for (const name of altnames) list.string(IFLA_ALT_IFNAME, name);
  });
  return encodeIfinfomsg({ family, ifindex, flags: 0, change: 0 }, attrs.finish());
}

/**
 * IFLA_INFO_DATA of a veth (veth_parse_opt, ip/link_veth.c): VETH_INFO_PEER
 * holding the peer's own struct ifinfomsg and IFLA_* attributes.
 *
 * @example
 * const peer = new AttributeEncoder().string(IFLA_IFNAME, 'veth1').finish();
 * encodeLinkInfo(attrs, 'veth', encodeVethPeer({ family: 0, ifindex: 0, flags: 0, change: 0 }, peer));
 */
export function encodeVethPeer(peer: IfinfoHeader, peerAttrs: Uint8Array): Uint8Array {
  return new AttributeEncoder().bytes(VETH_INFO_PEER, encodeIfinfomsg(peer, peerAttrs)).finish();
}

/** An IPv4 or IPv6 address as vxlan sends it: the family picks the attribute. */
export interface InetBytes {
  family: number;
  bytes: Uint8Array;
}

/** The options vxlan_parse_opt (ip/iplink_vxlan.c) writes after its word loop. */
export interface VxlanTail {
  /** IFLA_VXLAN_ID: the 24-bit VNI. */
  vni?: number;
  /** IFLA_VXLAN_LOCAL / IFLA_VXLAN_LOCAL6. */
  local?: InetBytes;
  /** IFLA_VXLAN_GROUP / IFLA_VXLAN_GROUP6: a multicast group or a unicast remote. */
  remote?: InetBytes;
  /** With neither local nor remote: ip -4 / -6 send an all-zero group of that family. */
  family?: number;
  /** IFLA_VXLAN_LEARNING (u8), left out when undefined. */
  learning?: number;
  /** IFLA_VXLAN_PORT: the UDP destination port, left out when 0 or undefined. */
  dstport?: number;
}

/** vxlan_parse_opt's attributes after the option loop, in its order. *
 * @example
 * const data = new AttributeEncoder();
 * encodeVxlanTail(data, { vni: 42, remote: { family: AF_INET, bytes: Uint8Array.of(192, 0, 2, 1) }, learning: 1, dstport: 4789 });
 * encodeLinkInfo(attrs, 'vxlan', data.finish());
 */
export function encodeVxlanTail(out: AttributeEncoder, t: VxlanTail): void {
  if (t.vni !== undefined) out.u32(IFLA_VXLAN_ID, t.vni);
  if (t.local) out.bytes(t.local.family === AF_INET ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, t.local.bytes);
  if (t.remote) out.bytes(t.remote.family === AF_INET ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, t.remote.bytes);
  if (!t.local && !t.remote) {
    if (t.family === AF_INET) out.bytes(IFLA_VXLAN_GROUP, new Uint8Array(4));
    else if (t.family === AF_INET6) out.bytes(IFLA_VXLAN_GROUP6, new Uint8Array(16));
  }
  if (t.learning !== undefined) out.u8(IFLA_VXLAN_LEARNING, t.learning);
  // addattr16(htons(port)): network order, without NLA_F_NET_BYTEORDER, as ip sends it.
  if (t.dstport) out.bytes(IFLA_VXLAN_PORT, be16Bytes(t.dstport));
}

/**
 * macvlan_parse_opt's (ip/iplink_macvlan.c) closing attributes:
 * IFLA_MACVLAN_MODE when a mode was given, IFLA_MACVLAN_FLAGS (u16) when
 * any flag word was.
 *
 * @example
 * encodeMacvlanTail(data, MACVLAN_MODE_BRIDGE, MACVLAN_FLAG_NODST);
 */
export function encodeMacvlanTail(out: AttributeEncoder, mode: number, flags: number | undefined): void {
  if (mode) out.u32(IFLA_MACVLAN_MODE, mode);
  if (flags !== undefined) out.u16(IFLA_MACVLAN_FLAGS, flags);
}
