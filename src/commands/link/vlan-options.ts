import { getU16, getU32, incomplete, invarg, matches, onOffArg } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, be16Bytes } from '../../netlink/codec/bytes.js';
import { escapeForDisplay } from '../../netlink/codec/text.js';
import {
  IFLA_VLAN_EGRESS_QOS,
  IFLA_VLAN_FLAGS,
  IFLA_VLAN_ID,
  IFLA_VLAN_INGRESS_QOS,
  IFLA_VLAN_PROTOCOL,
  IFLA_VLAN_QOS_MAPPING,
} from '../../netlink/gen/if_link.js';
import { kindUsage, type KindParser } from './change-kinds.js';
import { llProtoA2n } from './kinds/bridge.js';
import { VLAN_FLAG_NAMES } from './kinds/vlan.js';

/** print_explain() of ip/iplink_vlan.c (iproute2 6.1). */
export const VLAN_USAGE = `Usage: ... vlan id VLANID
\t\t[ protocol VLANPROTO ]
\t\t[ reorder_hdr { on | off } ]
\t\t[ gvrp { on | off } ]
\t\t[ mvrp { on | off } ]
\t\t[ loose_binding { on | off } ]
\t\t[ bridge_binding { on | off } ]
\t\t[ ingress-qos-map QOS-MAP ]
\t\t[ egress-qos-map QOS-MAP ]

VLANID := 0-4095
VLANPROTO: [ 802.1Q | 802.1ad ]
QOS-MAP := [ QOS-MAP ] QOS-MAPPING
QOS-MAPPING := FROM:TO`;

/** Two host-order u32s: struct ifla_vlan_flags {flags, mask} and struct ifla_vlan_qos_mapping {from, to}. */
function u32Pair(a: number, b: number): Uint8Array {
  const out = new Uint8Array(8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, a >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint32(4, b >>> 0, HOST_LITTLE_ENDIAN);
  return out;
}

/**
 * vlan_parse_qos_map + parse_mapping (lib/utils.c): the FROM:TO words that
 * follow, up to the first without a colon (left for the option loop). A bad
 * number is refused naming the text before the colon, as ip (which has cut
 * the word there) does.
 */
function qosMap(args: string[], start: number, option: string): { pairs: Uint8Array[]; end: number } {
  const pairs: Uint8Array[] = [];
  let i = start;
  for (; i < args.length; i++) {
    const word = args[i]!;
    const colon = word.indexOf(':');
    if (colon < 0) break;
    const key = word.slice(0, colon);
    const from = getU32(key);
    const to = getU32(word.slice(colon + 1));
    if (from === undefined || to === undefined) invarg(`invalid ${option}`, key);
    pairs.push(u32Pair(from, to));
  }
  return { pairs, end: i };
}

/** vlan_parse_opt (ip/iplink_vlan.c, iproute2 6.1). */
export const vlanOptions: KindParser = (args) => {
  const out = new AttributeEncoder();
  let flags = 0;
  let mask = 0;
  // Not eachOption: a qos map takes a variable number of words, and the loop resumes after them.
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const value = (): string => args[++i] ?? incomplete();
    const flag = VLAN_FLAG_NAMES.find(([, name]) => matches(w, name.toLowerCase()));
    if (matches(w, 'protocol')) {
      const v = value();
      const proto = llProtoA2n(v);
      if (proto === undefined) invarg('protocol is invalid', v);
      // addattr_l of ll_proto_a2n's network-order u16.
      out.bytes(IFLA_VLAN_PROTOCOL, be16Bytes(proto));
    } else if (matches(w, 'id')) {
      const v = value();
      const id = getU16(v);
      if (id === undefined) invarg('id is invalid', v);
      out.u16(IFLA_VLAN_ID, id);
    } else if (flag) {
      const [bit, name] = flag;
      const v = value();
      mask |= bit;
      if (onOffArg(name.toLowerCase(), v)) flags |= bit;
      else flags &= ~bit;
    } else if (matches(w, 'ingress-qos-map') || matches(w, 'egress-qos-map')) {
      const ingress = matches(w, 'ingress-qos-map');
      value();
      const { pairs, end } = qosMap(args, i, ingress ? 'ingress-qos-map' : 'egress-qos-map');
      out.nested(
        ingress ? IFLA_VLAN_INGRESS_QOS : IFLA_VLAN_EGRESS_QOS,
        (map) => pairs.forEach((p) => map.bytes(IFLA_VLAN_QOS_MAPPING, p)),
        false,
      );
      i = end - 1;
    } else if (matches(w, 'help')) kindUsage(VLAN_USAGE);
    else kindUsage(VLAN_USAGE, `vlan: unknown command "${escapeForDisplay(w)}"?`);
  }
  if (mask) out.bytes(IFLA_VLAN_FLAGS, u32Pair(flags, mask));
  return out.finish();
};
