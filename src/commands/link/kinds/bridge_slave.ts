import { PRINT_ANY, PRINT_FP, type Printer } from '../../../output/printer.js';
import type { LinkRenderContext } from './context.js';
import {
  bridgeId,
  indexName,
  print0xhex,
  printOnOffAttr,
  printTimer,
  type AttrTable,
  type KindHandler,
} from './common.js';
import {
  IFLA_BRPORT_BACKUP_PORT,
  IFLA_BRPORT_BCAST_FLOOD,
  IFLA_BRPORT_BRIDGE_ID,
  IFLA_BRPORT_CONFIG_PENDING,
  IFLA_BRPORT_COST,
  IFLA_BRPORT_DESIGNATED_COST,
  IFLA_BRPORT_DESIGNATED_PORT,
  IFLA_BRPORT_FAST_LEAVE,
  IFLA_BRPORT_FORWARD_DELAY_TIMER,
  IFLA_BRPORT_GROUP_FWD_MASK,
  IFLA_BRPORT_GUARD,
  IFLA_BRPORT_HOLD_TIMER,
  IFLA_BRPORT_ID,
  IFLA_BRPORT_ISOLATED,
  IFLA_BRPORT_LEARNING,
  IFLA_BRPORT_LOCKED,
  IFLA_BRPORT_MAX,
  IFLA_BRPORT_MCAST_FLOOD,
  IFLA_BRPORT_MCAST_TO_UCAST,
  IFLA_BRPORT_MESSAGE_AGE_TIMER,
  IFLA_BRPORT_MODE,
  IFLA_BRPORT_MULTICAST_ROUTER,
  IFLA_BRPORT_NEIGH_SUPPRESS,
  IFLA_BRPORT_NO,
  IFLA_BRPORT_PRIORITY,
  IFLA_BRPORT_PROTECT,
  IFLA_BRPORT_PROXYARP,
  IFLA_BRPORT_PROXYARP_WIFI,
  IFLA_BRPORT_ROOT_ID,
  IFLA_BRPORT_STATE,
  IFLA_BRPORT_TOPOLOGY_CHANGE_ACK,
  IFLA_BRPORT_UNICAST_FLOOD,
  IFLA_BRPORT_VLAN_TUNNEL,
} from '../../../netlink/gen/if_link.js';

/** BR_STATE_* from <linux/if_bridge.h>, named as ip prints them. */
const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];

/** Names ip gives to group_fwd_mask bits (ip/iplink_bridge_slave.c fwd_mask_tbl). */
const FWD_MASK_NAMES: Readonly<Record<number, string>> = { 0: 'stp', 2: 'lacp', 14: 'lldp' };

/** The group_fwd_mask_str form: known bits by name, others as 0x<bit>, comma-separated; "0x0" when empty. */
export function fwdMaskString(mask: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) {
    if (mask & (1 << i)) parts.push(FWD_MASK_NAMES[i] ?? `0x${(1 << i).toString(16)}`);
  }
  return parts.length ? parts.join(',') : '0x0';
}

/** bridge_slave_print_opt() in ip/iplink_bridge_slave.c (iproute2 6.1.0). */
function printBridgeSlave(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  const onOff = (type: number, key: string): void => printOnOffAttr(p, tb, type, key);
  const state = tb.get(IFLA_BRPORT_STATE);
  if (state) {
    const s = tb.u8(IFLA_BRPORT_STATE)!;
    const name = PORT_STATES[s];
    if (name !== undefined) p.string(PRINT_ANY, 'state', 'state %s ', name);
    else p.number(PRINT_ANY, 'state_index', 'state (%d) ', s);
  }
  const prio = tb.get(IFLA_BRPORT_PRIORITY);
  if (prio) p.number(PRINT_ANY, 'priority', 'priority %d ', tb.u16(IFLA_BRPORT_PRIORITY)!);
  const cost = tb.get(IFLA_BRPORT_COST);
  // print_int of a u32: values above INT_MAX show as negative.
  if (cost) p.number(PRINT_ANY, 'cost', 'cost %d ', tb.u32(IFLA_BRPORT_COST)! | 0);
  onOff(IFLA_BRPORT_MODE, 'hairpin');
  onOff(IFLA_BRPORT_GUARD, 'guard');
  onOff(IFLA_BRPORT_PROTECT, 'root_block');
  onOff(IFLA_BRPORT_FAST_LEAVE, 'fastleave');
  onOff(IFLA_BRPORT_LEARNING, 'learning');
  const flood = tb.get(IFLA_BRPORT_UNICAST_FLOOD);
  if (flood) p.onOff(PRINT_ANY, 'flood', 'flood %s ', tb.u8(IFLA_BRPORT_UNICAST_FLOOD)! !== 0);
  const id = tb.get(IFLA_BRPORT_ID);
  if (id) print0xhex(p, PRINT_ANY, 'id', 'port_id', tb.u16(IFLA_BRPORT_ID)!);
  const no = tb.get(IFLA_BRPORT_NO);
  if (no) print0xhex(p, PRINT_ANY, 'no', 'port_no', tb.u16(IFLA_BRPORT_NO)!);
  const dport = tb.get(IFLA_BRPORT_DESIGNATED_PORT);
  if (dport)
    p.number(PRINT_ANY, 'designated_port', 'designated_port %u ', tb.u16(IFLA_BRPORT_DESIGNATED_PORT)!);
  const dcost = tb.get(IFLA_BRPORT_DESIGNATED_COST);
  if (dcost)
    p.number(PRINT_ANY, 'designated_cost', 'designated_cost %u ', tb.u16(IFLA_BRPORT_DESIGNATED_COST)!);
  const bridge = tb.get(IFLA_BRPORT_BRIDGE_ID);
  if (bridge) p.string(PRINT_ANY, 'bridge_id', 'designated_bridge %s ', bridgeId(bridge));
  const root = tb.get(IFLA_BRPORT_ROOT_ID);
  if (root) p.string(PRINT_ANY, 'root_id', 'designated_root %s ', bridgeId(root));
  if (tb.has(IFLA_BRPORT_HOLD_TIMER)) printTimer(p, 'hold_timer', tb.u64(IFLA_BRPORT_HOLD_TIMER)!);
  if (tb.has(IFLA_BRPORT_MESSAGE_AGE_TIMER))
    printTimer(p, 'message_age_timer', tb.u64(IFLA_BRPORT_MESSAGE_AGE_TIMER)!);
  if (tb.has(IFLA_BRPORT_FORWARD_DELAY_TIMER))
    printTimer(p, 'forward_delay_timer', tb.u64(IFLA_BRPORT_FORWARD_DELAY_TIMER)!);
  const tca = tb.get(IFLA_BRPORT_TOPOLOGY_CHANGE_ACK);
  if (tca)
    p.number(
      PRINT_ANY,
      'topology_change_ack',
      'topology_change_ack %u ',
      tb.u8(IFLA_BRPORT_TOPOLOGY_CHANGE_ACK)!,
    );
  const pending = tb.get(IFLA_BRPORT_CONFIG_PENDING);
  if (pending)
    p.number(PRINT_ANY, 'config_pending', 'config_pending %u ', tb.u8(IFLA_BRPORT_CONFIG_PENDING)!);
  onOff(IFLA_BRPORT_PROXYARP, 'proxy_arp');
  onOff(IFLA_BRPORT_PROXYARP_WIFI, 'proxy_arp_wifi');
  const router = tb.get(IFLA_BRPORT_MULTICAST_ROUTER);
  if (router)
    p.number(PRINT_ANY, 'multicast_router', 'mcast_router %u ', tb.u8(IFLA_BRPORT_MULTICAST_ROUTER)!);
  // Text only: the JSON key "fastleave" was printed above.
  const fastLeave = tb.get(IFLA_BRPORT_FAST_LEAVE);
  if (fastLeave)
    p.string(PRINT_FP, null, 'mcast_fast_leave %s ', tb.u8(IFLA_BRPORT_FAST_LEAVE)! ? 'on' : 'off');
  onOff(IFLA_BRPORT_MCAST_FLOOD, 'mcast_flood');
  onOff(IFLA_BRPORT_BCAST_FLOOD, 'bcast_flood');
  onOff(IFLA_BRPORT_MCAST_TO_UCAST, 'mcast_to_unicast');
  onOff(IFLA_BRPORT_NEIGH_SUPPRESS, 'neigh_suppress');
  const fwd = tb.get(IFLA_BRPORT_GROUP_FWD_MASK);
  if (fwd) {
    const mask = tb.u16(IFLA_BRPORT_GROUP_FWD_MASK)!;
    print0xhex(p, PRINT_ANY, 'group_fwd_mask', 'group_fwd_mask', mask);
    p.string(PRINT_ANY, 'group_fwd_mask_str', 'group_fwd_mask_str %s ', fwdMaskString(mask));
  }
  onOff(IFLA_BRPORT_VLAN_TUNNEL, 'vlan_tunnel');
  onOff(IFLA_BRPORT_ISOLATED, 'isolated');
  onOff(IFLA_BRPORT_LOCKED, 'locked');
  const backup = tb.get(IFLA_BRPORT_BACKUP_PORT);
  if (backup)
    p.string(PRINT_ANY, 'backup_port', 'backup_port %s ', indexName(ctx, tb.u32(IFLA_BRPORT_BACKUP_PORT)!));
}

export const bridgeSlaveHandler: KindHandler = { maxattr: IFLA_BRPORT_MAX, print: printBridgeSlave };
