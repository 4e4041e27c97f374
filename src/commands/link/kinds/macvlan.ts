import { AttributeDecoder } from '../../../netlink/codec/index.js';
import { PRINT_ANY, PRINT_JSON, type Printer } from '../../../output/printer.js';
import { hex2, type AttrTable, type KindHandler } from './common.js';
import {
  IFLA_MACVLAN_BC_QUEUE_LEN,
  IFLA_MACVLAN_BC_QUEUE_LEN_USED,
  IFLA_MACVLAN_FLAGS,
  IFLA_MACVLAN_MACADDR,
  IFLA_MACVLAN_MACADDR_COUNT,
  IFLA_MACVLAN_MACADDR_DATA,
  IFLA_MACVLAN_MAX,
  IFLA_MACVLAN_MODE,
  MACVLAN_FLAG_NODST,
  MACVLAN_FLAG_NOPROMISC,
  MACVLAN_MODE_BRIDGE,
  MACVLAN_MODE_PASSTHRU,
  MACVLAN_MODE_PRIVATE,
  MACVLAN_MODE_SOURCE,
  MACVLAN_MODE_VEPA,
} from '../../../netlink/gen/if_link.js';

/** MACVLAN_MODE_* as ip names them (iplink_macvlan.c): printed by -d, taken by "mode". */
export const MACVLAN_MODE_NAMES: readonly (readonly [number, string])[] = [
  [MACVLAN_MODE_PRIVATE, 'private'],
  [MACVLAN_MODE_VEPA, 'vepa'],
  [MACVLAN_MODE_BRIDGE, 'bridge'],
  [MACVLAN_MODE_PASSTHRU, 'passthru'],
  [MACVLAN_MODE_SOURCE, 'source'],
];

/** macvlan_print_opt() in ip/iplink_macvlan.c (iproute2 6.1.0), used for macvlan and macvtap. */
function printMacvlan(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  const modeAttr = tb.get(IFLA_MACVLAN_MODE);
  if (!modeAttr || modeAttr.data.length < 4) return;
  const mode = tb.u32(IFLA_MACVLAN_MODE)!;
  p.string(PRINT_ANY, 'mode', 'mode %s ', MACVLAN_MODE_NAMES.find(([m]) => m === mode)?.[1] ?? 'unknown');

  const flagsAttr = tb.get(IFLA_MACVLAN_FLAGS);
  const flags = flagsAttr && flagsAttr.data.length >= 2 ? tb.u16(IFLA_MACVLAN_FLAGS)! : 0;
  if (flags & MACVLAN_FLAG_NOPROMISC) p.bool(PRINT_ANY, 'nopromisc', 'nopromisc ', true);
  if (flags & MACVLAN_FLAG_NODST) p.bool(PRINT_ANY, 'nodst', 'nodst ', true);

  const bcq = tb.get(IFLA_MACVLAN_BC_QUEUE_LEN);
  if (bcq && bcq.data.length >= 4)
    p.number(PRINT_ANY, 'bcqueuelen', 'bcqueuelen %u ', tb.u32(IFLA_MACVLAN_BC_QUEUE_LEN)!);
  const used = tb.get(IFLA_MACVLAN_BC_QUEUE_LEN_USED);
  if (used && used.data.length >= 4)
    p.number(PRINT_ANY, 'usedbcqueuelen', 'usedbcqueuelen %u ', tb.u32(IFLA_MACVLAN_BC_QUEUE_LEN_USED)!);

  // Source mode also lists the allowed source addresses.
  if (mode !== MACVLAN_MODE_SOURCE) return;
  const countAttr = tb.get(IFLA_MACVLAN_MACADDR_COUNT);
  if (!countAttr || countAttr.data.length < 4) return;
  p.number(PRINT_ANY, 'macaddr_count', 'remotes (%d) ', tb.u32(IFLA_MACVLAN_MACADDR_COUNT)! | 0);
  const list = tb.get(IFLA_MACVLAN_MACADDR_DATA);
  if (!list) return;
  p.openArray('macaddr_data');
  const cur = new AttributeDecoder(list.data);
  while (cur.next()) {
    const a = cur.attribute();
    // iproute2 compares the raw rta_type, so flag bits make the entry not match.
    if (a.type !== IFLA_MACVLAN_MACADDR || a.nested || a.netByteOrder || a.data.length < 6) continue;
    const mac = Array.from(a.data.subarray(0, 6), hex2).join(':');
    if (p.json) p.string(PRINT_JSON, null, '', mac);
    else p.fp(`${mac} `);
  }
  p.closeArray();
}

export const macvlanHandler: KindHandler = { maxattr: IFLA_MACVLAN_MAX, print: printMacvlan };
