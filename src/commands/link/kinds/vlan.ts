import { AttributeDecoder } from '../../../netlink/codec/index.js';
import { HOST_LITTLE_ENDIAN, view } from '../../../netlink/codec/bytes.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../../output/printer.js';
import { llProtoName } from './bridge.js';
import type { AttrTable, KindHandler } from './common.js';
import {
  IFLA_VLAN_EGRESS_QOS,
  IFLA_VLAN_FLAGS,
  IFLA_VLAN_ID,
  IFLA_VLAN_INGRESS_QOS,
  IFLA_VLAN_MAX,
  IFLA_VLAN_PROTOCOL,
  IFLA_VLAN_QOS_MAPPING,
} from '../../../netlink/gen/if_link.js';
import {
  IFLA_VLAN_FLAGS_LEN,
  IFLA_VLAN_QOS_MAPPING_LEN,
  VLAN_FLAG_BRIDGE_BINDING,
  VLAN_FLAG_GVRP,
  VLAN_FLAG_LOOSE_BINDING,
  VLAN_FLAG_MVRP,
  VLAN_FLAG_REORDER_HDR,
} from '../../../netlink/gen/if_vlan.js';

/** VLAN_FLAG_* as ip prints them (vlan_print_flags) and takes them (lower case, "on"/"off"). */
export const VLAN_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [VLAN_FLAG_REORDER_HDR, 'REORDER_HDR'],
  [VLAN_FLAG_GVRP, 'GVRP'],
  [VLAN_FLAG_MVRP, 'MVRP'],
  [VLAN_FLAG_LOOSE_BINDING, 'LOOSE_BINDING'],
  [VLAN_FLAG_BRIDGE_BINDING, 'BRIDGE_BINDING'],
];

/** vlan_print_flags: "<A,B> " in text, a "flags" array in JSON; unknown bits as 0x%x. */
function printVlanFlags(p: Printer, flags: number): void {
  p.openArray(p.json ? 'flags' : null);
  if (!p.json) p.fp('<');
  let first = true;
  let rest = flags;
  for (const [bit, name] of VLAN_FLAG_NAMES) {
    if (!(flags & bit)) continue;
    rest &= ~bit;
    if (p.json) p.string(PRINT_JSON, null, '%s', name);
    else p.fp(first ? name : `,${name}`);
    first = false;
  }
  if (rest) {
    const hex = `0x${rest.toString(16)}`;
    if (p.json) p.string(PRINT_JSON, null, '%s', hex);
    else p.fp(first ? hex : `,${hex}`);
  }
  p.closeArray();
  if (!p.json) p.fp('> ');
}

/** vlan_print_map: "\n      NAME { FROM:TO ... } " in text, an array of {from, to} in JSON. */
function printQosMap(p: Printer, jsonKey: string, textName: string, data: Uint8Array | undefined): void {
  if (!data) return;
  p.openArray(p.json ? jsonKey : null);
  p.string(PRINT_FP, null, '%s', `\n      ${textName} { `);
  const cur = new AttributeDecoder(data);
  while (cur.next()) {
    const a = cur.attribute();
    if (a.type !== IFLA_VLAN_QOS_MAPPING || a.data.length < IFLA_VLAN_QOS_MAPPING_LEN) continue;
    const dv = view(a.data);
    p.openObject();
    p.number(PRINT_ANY, 'from', '%u:', dv.getUint32(0, HOST_LITTLE_ENDIAN));
    p.number(PRINT_ANY, 'to', '%u ', dv.getUint32(4, HOST_LITTLE_ENDIAN));
    p.closeObject();
  }
  p.closeArray();
  p.string(PRINT_FP, null, '%s ', '}');
}

/** vlan_print_opt() in ip/iplink_vlan.c (iproute2 6.1.0). */
function printVlan(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  const proto = tb.bytes(IFLA_VLAN_PROTOCOL);
  const id = tb.bytes(IFLA_VLAN_ID);
  // ip prints nothing of a vlan that lacks either.
  if (!proto || proto.length < 2 || !id || id.length < 2) return;
  p.string(PRINT_ANY, 'protocol', 'protocol %s ', llProtoName((proto[0]! << 8) | proto[1]!));
  p.number(PRINT_ANY, 'id', 'id %u ', tb.u16(IFLA_VLAN_ID)!);
  const flags = tb.bytes(IFLA_VLAN_FLAGS);
  if (flags && flags.length >= IFLA_VLAN_FLAGS_LEN)
    printVlanFlags(p, view(flags).getUint32(0, HOST_LITTLE_ENDIAN));
  printQosMap(p, 'ingress_qos', 'ingress-qos-map', tb.bytes(IFLA_VLAN_INGRESS_QOS));
  printQosMap(p, 'egress_qos', 'egress-qos-map', tb.bytes(IFLA_VLAN_EGRESS_QOS));
}

export const vlanHandler: KindHandler = { maxattr: IFLA_VLAN_MAX, print: printVlan };
