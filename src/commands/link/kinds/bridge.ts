import { PRINT_ANY, type Printer } from '../../../output/printer.js';
import {
  be16At,
  bridgeId,
  llAddr,
  print0xhex,
  printTimer,
  type AttrTable,
  type KindHandler,
} from './common.js';
import {
  IFLA_BR_AGEING_TIME,
  IFLA_BR_BRIDGE_ID,
  IFLA_BR_FORWARD_DELAY,
  IFLA_BR_GC_TIMER,
  IFLA_BR_GROUP_ADDR,
  IFLA_BR_GROUP_FWD_MASK,
  IFLA_BR_HELLO_TIME,
  IFLA_BR_HELLO_TIMER,
  IFLA_BR_MAX,
  IFLA_BR_MAX_AGE,
  IFLA_BR_MCAST_HASH_ELASTICITY,
  IFLA_BR_MCAST_HASH_MAX,
  IFLA_BR_MCAST_IGMP_VERSION,
  IFLA_BR_MCAST_LAST_MEMBER_CNT,
  IFLA_BR_MCAST_LAST_MEMBER_INTVL,
  IFLA_BR_MCAST_MEMBERSHIP_INTVL,
  IFLA_BR_MCAST_MLD_VERSION,
  IFLA_BR_MCAST_QUERIER,
  IFLA_BR_MCAST_QUERIER_INTVL,
  IFLA_BR_MCAST_QUERY_INTVL,
  IFLA_BR_MCAST_QUERY_RESPONSE_INTVL,
  IFLA_BR_MCAST_QUERY_USE_IFADDR,
  IFLA_BR_MCAST_ROUTER,
  IFLA_BR_MCAST_SNOOPING,
  IFLA_BR_MCAST_STARTUP_QUERY_CNT,
  IFLA_BR_MCAST_STARTUP_QUERY_INTVL,
  IFLA_BR_MCAST_STATS_ENABLED,
  IFLA_BR_MULTI_BOOLOPT,
  IFLA_BR_NF_CALL_ARPTABLES,
  IFLA_BR_NF_CALL_IP6TABLES,
  IFLA_BR_NF_CALL_IPTABLES,
  IFLA_BR_PRIORITY,
  IFLA_BR_ROOT_ID,
  IFLA_BR_ROOT_PATH_COST,
  IFLA_BR_ROOT_PORT,
  IFLA_BR_STP_STATE,
  IFLA_BR_TCN_TIMER,
  IFLA_BR_TOPOLOGY_CHANGE,
  IFLA_BR_TOPOLOGY_CHANGE_DETECTED,
  IFLA_BR_TOPOLOGY_CHANGE_TIMER,
  IFLA_BR_VLAN_DEFAULT_PVID,
  IFLA_BR_VLAN_FILTERING,
  IFLA_BR_VLAN_PROTOCOL,
  IFLA_BR_VLAN_STATS_ENABLED,
  IFLA_BR_VLAN_STATS_PER_PORT,
} from '../../../netlink/gen/if_link.js';
import { BR_BOOLOPT_MCAST_VLAN_SNOOPING, BR_BOOLOPT_NO_LL_LEARN } from '../../../netlink/gen/if_bridge.js';

/**
 * iproute2's llproto_names (lib/ll_proto.c): ethertype -> name, first match
 * wins, "[N]" (decimal) when absent.
 */
const LL_PROTO_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x0060, 'loop'],
  [0x0200, 'pup'],
  [0x0201, 'pupat'],
  [0x0800, 'ip'],
  [0x0805, 'x25'],
  [0x0806, 'arp'],
  [0x08ff, 'bpq'],
  [0x0a00, 'ieeepup'],
  [0x0a01, 'ieeepupat'],
  [0x6000, 'dec'],
  [0x6001, 'dna_dl'],
  [0x6002, 'dna_rc'],
  [0x6003, 'dna_rt'],
  [0x6004, 'lat'],
  [0x6005, 'diag'],
  [0x6006, 'cust'],
  [0x6007, 'sca'],
  [0x8035, 'rarp'],
  [0x809b, 'atalk'],
  [0x80f3, 'aarp'],
  [0x8137, 'ipx'],
  [0x86dd, 'ipv6'],
  [0x8863, 'ppp_disc'],
  [0x8864, 'ppp_ses'],
  [0x884c, 'atmmpoa'],
  [0x8884, 'atmfate'],
  [0x0001, '802_3'],
  [0x0002, 'ax25'],
  [0x0003, 'all'],
  [0x0004, '802_2'],
  [0x0005, 'snap'],
  [0x0006, 'ddcmp'],
  [0x0007, 'wan_ppp'],
  [0x0008, 'ppp_mp'],
  [0x0009, 'localtalk'],
  [0x000c, 'can'],
  [0x0010, 'ppptalk'],
  [0x0011, 'tr_802_2'],
  [0x0015, 'mobitex'],
  [0x0016, 'control'],
  [0x0017, 'irda'],
  [0x0018, 'econet'],
  [0x88ca, 'tipc'],
  [0x8892, 'profinet'],
  [0x88a2, 'aoe'],
  [0x88a4, 'ethercat'],
  [0x8100, '802.1Q'],
  [0x88a8, '802.1ad'],
  [0x8847, 'mpls_uc'],
  [0x8848, 'mpls_mc'],
  [0x6558, 'teb'],
  [0x88cc, 'LLDP'],
];

/** ll_proto_n2a() of an ethertype already in host order. */
export function llProtoName(ethertype: number): string {
  for (const [id, name] of LL_PROTO_NAMES) if (id === ethertype) return name;
  return `[${ethertype}]`;
}

function uint(
  p: Printer,
  tb: AttrTable,
  type: number,
  key: string,
  label: string,
  width: 'u8' | 'u16' | 'u32' | 'u64',
): void {
  const v = tb[width](type);
  if (v !== undefined) p.number(PRINT_ANY, key, `${label} %u `, v);
}

/** bridge_print_opt() in ip/iplink_bridge.c (iproute2 6.1.0). */
function printBridge(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  uint(p, tb, IFLA_BR_FORWARD_DELAY, 'forward_delay', 'forward_delay', 'u32');
  uint(p, tb, IFLA_BR_HELLO_TIME, 'hello_time', 'hello_time', 'u32');
  uint(p, tb, IFLA_BR_MAX_AGE, 'max_age', 'max_age', 'u32');
  uint(p, tb, IFLA_BR_AGEING_TIME, 'ageing_time', 'ageing_time', 'u32');
  uint(p, tb, IFLA_BR_STP_STATE, 'stp_state', 'stp_state', 'u32');
  uint(p, tb, IFLA_BR_PRIORITY, 'priority', 'priority', 'u16');
  uint(p, tb, IFLA_BR_VLAN_FILTERING, 'vlan_filtering', 'vlan_filtering', 'u8');
  const proto = tb.get(IFLA_BR_VLAN_PROTOCOL);
  if (proto) p.string(PRINT_ANY, 'vlan_protocol', 'vlan_protocol %s ', llProtoName(be16At(proto)));
  const bridge = tb.get(IFLA_BR_BRIDGE_ID);
  if (bridge) p.string(PRINT_ANY, 'bridge_id', 'bridge_id %s ', bridgeId(bridge));
  // iproute2 6.1.0 formats the root id from IFLA_BR_BRIDGE_ID, not from
  // IFLA_BR_ROOT_ID; `ip` is the reference, so the same value is shown here.
  if (tb.has(IFLA_BR_ROOT_ID)) p.string(PRINT_ANY, 'root_id', 'designated_root %s ', bridgeId(bridge));
  uint(p, tb, IFLA_BR_ROOT_PORT, 'root_port', 'root_port', 'u16');
  uint(p, tb, IFLA_BR_ROOT_PATH_COST, 'root_path_cost', 'root_path_cost', 'u32');
  uint(p, tb, IFLA_BR_TOPOLOGY_CHANGE, 'topology_change', 'topology_change', 'u8');
  uint(p, tb, IFLA_BR_TOPOLOGY_CHANGE_DETECTED, 'topology_change_detected', 'topology_change_detected', 'u8');
  if (tb.has(IFLA_BR_HELLO_TIMER)) printTimer(p, 'hello_timer', tb.u64(IFLA_BR_HELLO_TIMER)!);
  if (tb.has(IFLA_BR_TCN_TIMER)) printTimer(p, 'tcn_timer', tb.u64(IFLA_BR_TCN_TIMER)!);
  if (tb.has(IFLA_BR_TOPOLOGY_CHANGE_TIMER))
    printTimer(p, 'topology_change_timer', tb.u64(IFLA_BR_TOPOLOGY_CHANGE_TIMER)!);
  if (tb.has(IFLA_BR_GC_TIMER)) printTimer(p, 'gc_timer', tb.u64(IFLA_BR_GC_TIMER)!);
  uint(p, tb, IFLA_BR_VLAN_DEFAULT_PVID, 'vlan_default_pvid', 'vlan_default_pvid', 'u16');
  uint(p, tb, IFLA_BR_VLAN_STATS_ENABLED, 'vlan_stats_enabled', 'vlan_stats_enabled', 'u8');
  uint(p, tb, IFLA_BR_VLAN_STATS_PER_PORT, 'vlan_stats_per_port', 'vlan_stats_per_port', 'u8');
  const fwd = tb.get(IFLA_BR_GROUP_FWD_MASK);
  if (fwd) print0xhex(p, PRINT_ANY, 'group_fwd_mask', 'group_fwd_mask', tb.u16(IFLA_BR_GROUP_FWD_MASK)!);
  const group = tb.get(IFLA_BR_GROUP_ADDR);
  if (group) p.string(PRINT_ANY, 'group_addr', 'group_address %s ', llAddr(group.data));
  uint(p, tb, IFLA_BR_MCAST_SNOOPING, 'mcast_snooping', 'mcast_snooping', 'u8');
  const boolopt = tb.get(IFLA_BR_MULTI_BOOLOPT);
  if (boolopt) {
    // struct br_boolopt_multi { __u32 optval; __u32 optmask; }
    const optval = tb.u32(IFLA_BR_MULTI_BOOLOPT)!;
    const optmask = boolopt.data.length >= 8 ? new Uint32Array(boolopt.data.slice(4, 8).buffer)[0]! : 0;
    const opt = (bit: number, key: string): void => {
      const m = 1 << bit;
      if (optmask & m) p.number(PRINT_ANY, key, `${key} %u `, optval & m ? 1 : 0);
    };
    opt(BR_BOOLOPT_NO_LL_LEARN, 'no_linklocal_learn');
    opt(BR_BOOLOPT_MCAST_VLAN_SNOOPING, 'mcast_vlan_snooping');
  }
  uint(p, tb, IFLA_BR_MCAST_ROUTER, 'mcast_router', 'mcast_router', 'u8');
  uint(p, tb, IFLA_BR_MCAST_QUERY_USE_IFADDR, 'mcast_query_use_ifaddr', 'mcast_query_use_ifaddr', 'u8');
  uint(p, tb, IFLA_BR_MCAST_QUERIER, 'mcast_querier', 'mcast_querier', 'u8');
  uint(p, tb, IFLA_BR_MCAST_HASH_ELASTICITY, 'mcast_hash_elasticity', 'mcast_hash_elasticity', 'u32');
  uint(p, tb, IFLA_BR_MCAST_HASH_MAX, 'mcast_hash_max', 'mcast_hash_max', 'u32');
  uint(p, tb, IFLA_BR_MCAST_LAST_MEMBER_CNT, 'mcast_last_member_cnt', 'mcast_last_member_count', 'u32');
  uint(p, tb, IFLA_BR_MCAST_STARTUP_QUERY_CNT, 'mcast_startup_query_cnt', 'mcast_startup_query_count', 'u32');
  uint(
    p,
    tb,
    IFLA_BR_MCAST_LAST_MEMBER_INTVL,
    'mcast_last_member_intvl',
    'mcast_last_member_interval',
    'u64',
  );
  uint(p, tb, IFLA_BR_MCAST_MEMBERSHIP_INTVL, 'mcast_membership_intvl', 'mcast_membership_interval', 'u64');
  uint(p, tb, IFLA_BR_MCAST_QUERIER_INTVL, 'mcast_querier_intvl', 'mcast_querier_interval', 'u64');
  uint(p, tb, IFLA_BR_MCAST_QUERY_INTVL, 'mcast_query_intvl', 'mcast_query_interval', 'u64');
  uint(
    p,
    tb,
    IFLA_BR_MCAST_QUERY_RESPONSE_INTVL,
    'mcast_query_response_intvl',
    'mcast_query_response_interval',
    'u64',
  );
  uint(
    p,
    tb,
    IFLA_BR_MCAST_STARTUP_QUERY_INTVL,
    'mcast_startup_query_intvl',
    'mcast_startup_query_interval',
    'u64',
  );
  uint(p, tb, IFLA_BR_MCAST_STATS_ENABLED, 'mcast_stats_enabled', 'mcast_stats_enabled', 'u8');
  uint(p, tb, IFLA_BR_MCAST_IGMP_VERSION, 'mcast_igmp_version', 'mcast_igmp_version', 'u8');
  uint(p, tb, IFLA_BR_MCAST_MLD_VERSION, 'mcast_mld_version', 'mcast_mld_version', 'u8');
  uint(p, tb, IFLA_BR_NF_CALL_IPTABLES, 'nf_call_iptables', 'nf_call_iptables', 'u8');
  uint(p, tb, IFLA_BR_NF_CALL_IP6TABLES, 'nf_call_ip6tables', 'nf_call_ip6tables', 'u8');
  uint(p, tb, IFLA_BR_NF_CALL_ARPTABLES, 'nf_call_arptables', 'nf_call_arptables', 'u8');
}

export const bridgeHandler: KindHandler = { maxattr: IFLA_BR_MAX, print: printBridge };
