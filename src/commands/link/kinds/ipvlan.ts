import { PRINT_ANY, type Printer } from '../../../output/printer.js';
import type { AttrTable, KindHandler } from './common.js';
import {
  IFLA_IPVLAN_FLAGS,
  IFLA_IPVLAN_MAX,
  IFLA_IPVLAN_MODE,
  IPVLAN_F_PRIVATE,
  IPVLAN_F_VEPA,
  IPVLAN_MODE_L2,
  IPVLAN_MODE_L3,
  IPVLAN_MODE_L3S,
} from '../../../netlink/gen/if_link.js';

const IPVLAN_MODE_NAMES: Readonly<Record<number, string>> = {
  [IPVLAN_MODE_L2]: 'l2',
  [IPVLAN_MODE_L3]: 'l3',
  [IPVLAN_MODE_L3S]: 'l3s',
};

/**
 * ipvlan_print_opt (ip/iplink_ipvlan.c, iproute2 6.1), for ipvlan and ipvtap:
 * " mode MODE " (its own leading space, hence "ipvlan  mode") and one of
 * private, vepa or bridge; each only when its u16 has exactly two bytes.
 */
function printIpvlan(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  if (tb.get(IFLA_IPVLAN_MODE)?.data.length === 2) {
    const mode = tb.u16(IFLA_IPVLAN_MODE)!;
    p.string(PRINT_ANY, 'mode', ' mode %s ', IPVLAN_MODE_NAMES[mode] ?? 'unknown');
  }
  if (tb.get(IFLA_IPVLAN_FLAGS)?.data.length === 2) {
    const flags = tb.u16(IFLA_IPVLAN_FLAGS)!;
    if (flags & IPVLAN_F_PRIVATE) p.bool(PRINT_ANY, 'private', 'private ', true);
    else if (flags & IPVLAN_F_VEPA) p.bool(PRINT_ANY, 'vepa', 'vepa ', true);
    else p.bool(PRINT_ANY, 'bridge', 'bridge ', true);
  }
}

export const ipvlanHandler: KindHandler = { maxattr: IFLA_IPVLAN_MAX, print: printIpvlan };
