import { PRINT_ANY, type Printer } from '../../../output/printer.js';
import type { AttrTable, KindHandler } from './common.js';
import {
  IFLA_VRF_MAX,
  IFLA_VRF_PORT_MAX,
  IFLA_VRF_PORT_TABLE,
  IFLA_VRF_TABLE,
} from '../../../netlink/gen/if_link.js';

/** vrf_print_opt (ip/iplink_vrf.c, iproute2 6.1): "table N". */
function printVrf(p: Printer, tb: AttrTable | undefined): void {
  if (tb?.has(IFLA_VRF_TABLE)) p.number(PRINT_ANY, 'table', 'table %u ', tb.u32(IFLA_VRF_TABLE)!);
}

/** vrf_slave_print_opt: a port's "vrf_slave table N". */
function printVrfSlave(p: Printer, tb: AttrTable | undefined): void {
  if (tb?.has(IFLA_VRF_PORT_TABLE)) p.number(PRINT_ANY, 'table', 'table %u ', tb.u32(IFLA_VRF_PORT_TABLE)!);
}

export const vrfHandler: KindHandler = { maxattr: IFLA_VRF_MAX, print: printVrf };
export const vrfSlaveHandler: KindHandler = { maxattr: IFLA_VRF_PORT_MAX, print: printVrfSlave };
