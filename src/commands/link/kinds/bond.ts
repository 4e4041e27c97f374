import { AttributeDecoder } from '../../../netlink/codec/index.js';
import { formatAddress } from '../../../netlink/inet.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../../output/printer.js';
import type { LinkRenderContext } from './context.js';
import { indexName, llAddr, type AttrTable, type KindHandler } from './common.js';
import {
  IFLA_BOND_ACTIVE_SLAVE,
  IFLA_BOND_AD_ACTOR_SYSTEM,
  IFLA_BOND_AD_ACTOR_SYS_PRIO,
  IFLA_BOND_AD_INFO,
  IFLA_BOND_AD_INFO_ACTOR_KEY,
  IFLA_BOND_AD_INFO_AGGREGATOR,
  IFLA_BOND_AD_INFO_NUM_PORTS,
  IFLA_BOND_AD_INFO_PARTNER_KEY,
  IFLA_BOND_AD_INFO_PARTNER_MAC,
  IFLA_BOND_AD_LACP_ACTIVE,
  IFLA_BOND_AD_LACP_RATE,
  IFLA_BOND_AD_SELECT,
  IFLA_BOND_AD_USER_PORT_KEY,
  IFLA_BOND_ALL_SLAVES_ACTIVE,
  IFLA_BOND_ARP_ALL_TARGETS,
  IFLA_BOND_ARP_INTERVAL,
  IFLA_BOND_ARP_IP_TARGET,
  IFLA_BOND_ARP_VALIDATE,
  IFLA_BOND_DOWNDELAY,
  IFLA_BOND_FAIL_OVER_MAC,
  IFLA_BOND_LP_INTERVAL,
  IFLA_BOND_MIIMON,
  IFLA_BOND_MIN_LINKS,
  IFLA_BOND_MISSED_MAX,
  IFLA_BOND_MODE,
  IFLA_BOND_NS_IP6_TARGET,
  IFLA_BOND_NUM_PEER_NOTIF,
  IFLA_BOND_PACKETS_PER_SLAVE,
  IFLA_BOND_PEER_NOTIF_DELAY,
  IFLA_BOND_PRIMARY,
  IFLA_BOND_PRIMARY_RESELECT,
  IFLA_BOND_RESEND_IGMP,
  IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE,
  IFLA_BOND_SLAVE_AD_AGGREGATOR_ID,
  IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,
  IFLA_BOND_SLAVE_LINK_FAILURE_COUNT,
  IFLA_BOND_SLAVE_MII_STATUS,
  IFLA_BOND_SLAVE_PERM_HWADDR,
  IFLA_BOND_SLAVE_PRIO,
  IFLA_BOND_SLAVE_QUEUE_ID,
  IFLA_BOND_SLAVE_STATE,
  IFLA_BOND_TLB_DYNAMIC_LB,
  IFLA_BOND_UPDELAY,
  IFLA_BOND_USE_CARRIER,
  IFLA_BOND_XMIT_HASH_POLICY,
} from '../../../netlink/gen/if_link.js';
import { AF_INET, AF_INET6 } from '../../../netlink/gen/socket.js';

/**
 * The value names of iplink_bond.c, indexed by the value (BOND_MODE_*,
 * BOND_XMIT_POLICY_*, ...): printed by -d and taken by `type bond OPTION NAME`.
 */
export const BOND_NAMES = {
  mode: ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'],
  arp_validate: ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'],
  arp_all_targets: ['any', 'all'],
  primary_reselect: ['always', 'better', 'failure'],
  fail_over_mac: ['none', 'active', 'follow'],
  xmit_hash_policy: ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4', 'vlan+srcmac'],
  lacp_active: ['off', 'on'],
  lacp_rate: ['slow', 'fast'],
  ad_select: ['stable', 'bandwidth', 'count'],
} as const satisfies Record<string, readonly string[]>;

/** iproute2 6.1's IFLA_BOND_MAX and IFLA_BOND_SLAVE_MAX (the tables it parses with). */
const BOND_MAX_6_1 = IFLA_BOND_NS_IP6_TARGET;
const BOND_SLAVE_MAX_6_1 = IFLA_BOND_SLAVE_PRIO;

const nameOf = (table: readonly string[], v: number): string => table[v] ?? String(v);

/** arp_ip_target / ns_ip6_target: "KEY a,b " in text, an array in JSON. */
function printTargets(p: Printer, key: string, family: number, data: Uint8Array | undefined): void {
  if (!data) return;
  const addrs: string[] = [];
  const cur = new AttributeDecoder(data);
  while (cur.next()) {
    const a = cur.attribute();
    if (a.data.length) addrs.push(formatAddress(family, a.data));
  }
  p.openArray(p.json ? key : null);
  p.string(PRINT_FP, null, '%s', `${key} `);
  addrs.forEach((a, i) => {
    if (p.json) p.string(PRINT_JSON, null, '%s', a);
    else p.fp(i ? `,${a}` : a);
  });
  p.closeArray();
  p.string(PRINT_FP, null, '%s', ' ');
}

/** bond_print_opt() in ip/iplink_bond.c (iproute2 6.1.0), in its order. */
function printBond(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  const u8 = (type: number, key: string, fmt = `${key} %u `): void => {
    const v = tb.u8(type);
    if (v !== undefined) p.number(PRINT_ANY, key, fmt, v);
  };
  const u32 = (type: number, key: string, fmt = `${key} %u `): void => {
    const v = tb.u32(type);
    if (v !== undefined) p.number(PRINT_ANY, key, fmt, v);
  };
  const named = (
    type: number,
    key: string,
    table: readonly string[],
    text = key,
    width: 'u8' | 'u32' = 'u8',
  ): void => {
    const v = width === 'u8' ? tb.u8(type) : tb.u32(type);
    if (v !== undefined) p.string(PRINT_ANY, key, `${text} %s `, nameOf(table, v));
  };
  named(IFLA_BOND_MODE, 'mode', BOND_NAMES.mode);
  const active = tb.u32(IFLA_BOND_ACTIVE_SLAVE);
  if (active) p.string(PRINT_ANY, 'active_slave', 'active_slave %s ', indexName(ctx, active));
  u32(IFLA_BOND_MIIMON, 'miimon');
  u32(IFLA_BOND_UPDELAY, 'updelay');
  u32(IFLA_BOND_DOWNDELAY, 'downdelay');
  u32(IFLA_BOND_PEER_NOTIF_DELAY, 'peer_notify_delay');
  u8(IFLA_BOND_USE_CARRIER, 'use_carrier');
  u32(IFLA_BOND_ARP_INTERVAL, 'arp_interval');
  u8(IFLA_BOND_MISSED_MAX, 'arp_missed_max');
  printTargets(p, 'arp_ip_target', AF_INET, tb.bytes(IFLA_BOND_ARP_IP_TARGET));
  printTargets(p, 'ns_ip6_target', AF_INET6, tb.bytes(IFLA_BOND_NS_IP6_TARGET));
  const validate = tb.u32(IFLA_BOND_ARP_VALIDATE);
  if (validate !== undefined) {
    // ip writes JSON null for "none".
    if (validate === 0 && p.json) p.null(PRINT_JSON, 'arp_validate', '', '');
    else p.string(PRINT_ANY, 'arp_validate', 'arp_validate %s ', nameOf(BOND_NAMES.arp_validate, validate));
  }
  named(IFLA_BOND_ARP_ALL_TARGETS, 'arp_all_targets', BOND_NAMES.arp_all_targets, 'arp_all_targets', 'u32');
  const primary = tb.u32(IFLA_BOND_PRIMARY);
  if (primary) p.string(PRINT_ANY, 'primary', 'primary %s ', indexName(ctx, primary));
  named(IFLA_BOND_PRIMARY_RESELECT, 'primary_reselect', BOND_NAMES.primary_reselect);
  named(IFLA_BOND_FAIL_OVER_MAC, 'fail_over_mac', BOND_NAMES.fail_over_mac);
  named(IFLA_BOND_XMIT_HASH_POLICY, 'xmit_hash_policy', BOND_NAMES.xmit_hash_policy);
  u32(IFLA_BOND_RESEND_IGMP, 'resend_igmp');
  u8(IFLA_BOND_NUM_PEER_NOTIF, 'num_peer_notif', 'num_grat_arp %u ');
  u8(IFLA_BOND_ALL_SLAVES_ACTIVE, 'all_slaves_active');
  u32(IFLA_BOND_MIN_LINKS, 'min_links');
  u32(IFLA_BOND_LP_INTERVAL, 'lp_interval');
  u32(IFLA_BOND_PACKETS_PER_SLAVE, 'packets_per_slave');
  named(IFLA_BOND_AD_LACP_ACTIVE, 'ad_lacp_active', BOND_NAMES.lacp_active, 'lacp_active');
  named(IFLA_BOND_AD_LACP_RATE, 'ad_lacp_rate', BOND_NAMES.lacp_rate, 'lacp_rate');
  named(IFLA_BOND_AD_SELECT, 'ad_select', BOND_NAMES.ad_select);
  const info = tb.nested(IFLA_BOND_AD_INFO);
  if (info) {
    p.openObject('ad_info');
    const u16 = (type: number, key: string): void => {
      const v = info.u16(type);
      if (v !== undefined) p.number(PRINT_ANY, key, `ad_${key} %d `, v);
    };
    u16(IFLA_BOND_AD_INFO_AGGREGATOR, 'aggregator');
    u16(IFLA_BOND_AD_INFO_NUM_PORTS, 'num_ports');
    u16(IFLA_BOND_AD_INFO_ACTOR_KEY, 'actor_key');
    u16(IFLA_BOND_AD_INFO_PARTNER_KEY, 'partner_key');
    const mac = info.bytes(IFLA_BOND_AD_INFO_PARTNER_MAC);
    if (mac) p.string(PRINT_ANY, 'partner_mac', 'ad_partner_mac %s ', llAddr(mac));
    p.closeObject();
  }
  const prio = tb.u16(IFLA_BOND_AD_ACTOR_SYS_PRIO);
  if (prio !== undefined) p.number(PRINT_ANY, 'ad_actor_sys_prio', 'ad_actor_sys_prio %u ', prio);
  const key = tb.u16(IFLA_BOND_AD_USER_PORT_KEY);
  if (key !== undefined) p.number(PRINT_ANY, 'ad_user_port_key', 'ad_user_port_key %u ', key);
  const system = tb.bytes(IFLA_BOND_AD_ACTOR_SYSTEM);
  if (system) p.string(PRINT_ANY, 'ad_actor_system', 'ad_actor_system %s ', llAddr(system));
  u8(IFLA_BOND_TLB_DYNAMIC_LB, 'tlb_dynamic_lb');
}

/** bond_slave_print_opt() in ip/iplink_bond_slave.c (iproute2 6.1.0), in its order. */
function printBondSlave(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  const state = tb.u8(IFLA_BOND_SLAVE_STATE);
  if (state !== undefined)
    p.string(PRINT_ANY, 'state', 'state %s ', ['ACTIVE', 'BACKUP'][state] ?? String(state));
  const mii = tb.u8(IFLA_BOND_SLAVE_MII_STATUS);
  if (mii !== undefined)
    p.string(
      PRINT_ANY,
      'mii_status',
      'mii_status %s ',
      ['UP', 'GOING_DOWN', 'DOWN', 'GOING_BACK'][mii] ?? String(mii),
    );
  const fails = tb.u32(IFLA_BOND_SLAVE_LINK_FAILURE_COUNT);
  if (fails !== undefined) p.number(PRINT_ANY, 'link_failure_count', 'link_failure_count %d ', fails);
  const perm = tb.bytes(IFLA_BOND_SLAVE_PERM_HWADDR);
  if (perm) p.string(PRINT_ANY, 'perm_hwaddr', 'perm_hwaddr %s ', llAddr(perm));
  const queue = tb.u16(IFLA_BOND_SLAVE_QUEUE_ID);
  if (queue !== undefined) p.number(PRINT_ANY, 'queue_id', 'queue_id %d ', queue);
  const prio = tb.s32(IFLA_BOND_SLAVE_PRIO);
  if (prio !== undefined) p.number(PRINT_ANY, 'prio', 'prio %d ', prio);
  const aggregator = tb.u16(IFLA_BOND_SLAVE_AD_AGGREGATOR_ID);
  if (aggregator !== undefined) p.number(PRINT_ANY, 'ad_aggregator_id', 'ad_aggregator_id %d ', aggregator);
  printPortState(p, 'ad_actor_oper_port_state', tb.u8(IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE));
  printPortState(p, 'ad_partner_oper_port_state', tb.u8(IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE));
}

/** The LACP port state bits by bit number, as iplink_bond_slave.c's slave_ad_partner_state names them. */
const LACP_PORT_STATE_NAMES = [
  'active',
  'short_timeout',
  'aggregating',
  'in_sync',
  'collecting',
  'distributing',
  'defaulted',
  'expired',
] as const;

/** An 802.3ad port state: "KEY N KEY_str <a,b> " in text; the number and a "KEY_str" array in JSON. */
function printPortState(p: Printer, key: string, state: number | undefined): void {
  if (state === undefined) return;
  p.number(PRINT_ANY, key, `${key} %d `, state);
  const names = LACP_PORT_STATE_NAMES.filter((_, bit) => state & (1 << bit));
  p.openArray(p.json ? `${key}_str` : null);
  if (p.json) names.forEach((n) => p.string(PRINT_JSON, null, '%s', n));
  else p.fp(`${key}_str <${names.join(',')}> `);
  p.closeArray();
}

export const bondHandler: KindHandler = { maxattr: BOND_MAX_6_1, print: printBond };
export const bondSlaveHandler: KindHandler = { maxattr: BOND_SLAVE_MAX_6_1, print: printBondSlave };
