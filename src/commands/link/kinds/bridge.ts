import { PRINT_ANY, type Printer } from '../../../output/printer.js';
import { getU16 } from '../../../iproute/parse.js';
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

/** ll_proto_a2n(): a name from llproto_names (any case) or a number (get_u16 base 0); host order. */
export function llProtoA2n(word: string): number | undefined {
  const lower = word.toLowerCase();
  for (const [id, name] of LL_PROTO_NAMES) if (name.toLowerCase() === lower) return id;
  return getU16(word);
}

/** ll_proto_n2a() of an ethertype already in host order. */
export function llProtoName(ethertype: number): string {
  for (const [id, name] of LL_PROTO_NAMES) if (id === ethertype) return name;
  return `[${ethertype}]`;
}

/** How one IFLA_BR_* value is printed and, for the settable ones, parsed. */
export type BridgeFieldType =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 'ethertype'
  | 'bridge_id'
  | 'root_id'
  | 'timer'
  | 'hex16'
  | 'lladdr'
  | 'boolopt';

export interface BridgeField {
  attr: number;
  /** JSON key. */
  key: string;
  /** The word in text output, and the option `ip link add|set … type bridge` takes when `settable`. */
  word: string;
  type: BridgeFieldType;
  settable?: boolean;
}

const SET = true;
const SHOW = false;

/**
 * One BRIDGE_FIELDS row; the word defaults to ip's spelling of the JSON key
 * (its "_intvl" and "_cnt" keys are "_interval" and "_count" words).
 */
function row(
  attr: number,
  key: string,
  type: BridgeFieldType,
  settable = SHOW,
  word = key.replace(/_intvl$/, '_interval').replace(/_cnt$/, '_count'),
): BridgeField {
  return { attr, key, word, type, settable };
}

/**
 * bridge_print_opt() in ip/iplink_bridge.c (iproute2 6.1.0), as data: one
 * row per attribute in ip's print order. bridge_parse_opt takes the rows
 * marked settable (change-kinds.ts), so the words a user types and the
 * words `ip -d link show` prints are the same list.
 */
export const BRIDGE_FIELDS: readonly BridgeField[] = [
  row(IFLA_BR_FORWARD_DELAY, 'forward_delay', 'u32', SET),
  row(IFLA_BR_HELLO_TIME, 'hello_time', 'u32', SET),
  row(IFLA_BR_MAX_AGE, 'max_age', 'u32', SET),
  row(IFLA_BR_AGEING_TIME, 'ageing_time', 'u32', SET),
  row(IFLA_BR_STP_STATE, 'stp_state', 'u32', SET),
  row(IFLA_BR_PRIORITY, 'priority', 'u16', SET),
  row(IFLA_BR_VLAN_FILTERING, 'vlan_filtering', 'u8', SET),
  row(IFLA_BR_VLAN_PROTOCOL, 'vlan_protocol', 'ethertype', SET),
  row(IFLA_BR_BRIDGE_ID, 'bridge_id', 'bridge_id'),
  row(IFLA_BR_ROOT_ID, 'root_id', 'root_id', SHOW, 'designated_root'),
  row(IFLA_BR_ROOT_PORT, 'root_port', 'u16'),
  row(IFLA_BR_ROOT_PATH_COST, 'root_path_cost', 'u32'),
  row(IFLA_BR_TOPOLOGY_CHANGE, 'topology_change', 'u8'),
  row(IFLA_BR_TOPOLOGY_CHANGE_DETECTED, 'topology_change_detected', 'u8'),
  row(IFLA_BR_HELLO_TIMER, 'hello_timer', 'timer'),
  row(IFLA_BR_TCN_TIMER, 'tcn_timer', 'timer'),
  row(IFLA_BR_TOPOLOGY_CHANGE_TIMER, 'topology_change_timer', 'timer'),
  row(IFLA_BR_GC_TIMER, 'gc_timer', 'timer'),
  row(IFLA_BR_VLAN_DEFAULT_PVID, 'vlan_default_pvid', 'u16', SET),
  row(IFLA_BR_VLAN_STATS_ENABLED, 'vlan_stats_enabled', 'u8', SET),
  row(IFLA_BR_VLAN_STATS_PER_PORT, 'vlan_stats_per_port', 'u8', SET),
  row(IFLA_BR_GROUP_FWD_MASK, 'group_fwd_mask', 'hex16', SET),
  row(IFLA_BR_GROUP_ADDR, 'group_addr', 'lladdr', SET, 'group_address'),
  row(IFLA_BR_MCAST_SNOOPING, 'mcast_snooping', 'u8', SET),
  row(IFLA_BR_MULTI_BOOLOPT, '', 'boolopt'),
  row(IFLA_BR_MCAST_ROUTER, 'mcast_router', 'u8', SET),
  row(IFLA_BR_MCAST_QUERY_USE_IFADDR, 'mcast_query_use_ifaddr', 'u8', SET),
  row(IFLA_BR_MCAST_QUERIER, 'mcast_querier', 'u8', SET),
  row(IFLA_BR_MCAST_HASH_ELASTICITY, 'mcast_hash_elasticity', 'u32', SET),
  row(IFLA_BR_MCAST_HASH_MAX, 'mcast_hash_max', 'u32', SET),
  row(IFLA_BR_MCAST_LAST_MEMBER_CNT, 'mcast_last_member_cnt', 'u32', SET),
  row(IFLA_BR_MCAST_STARTUP_QUERY_CNT, 'mcast_startup_query_cnt', 'u32', SET),
  row(IFLA_BR_MCAST_LAST_MEMBER_INTVL, 'mcast_last_member_intvl', 'u64', SET),
  row(IFLA_BR_MCAST_MEMBERSHIP_INTVL, 'mcast_membership_intvl', 'u64', SET),
  row(IFLA_BR_MCAST_QUERIER_INTVL, 'mcast_querier_intvl', 'u64', SET),
  row(IFLA_BR_MCAST_QUERY_INTVL, 'mcast_query_intvl', 'u64', SET),
  row(IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, 'mcast_query_response_intvl', 'u64', SET),
  row(IFLA_BR_MCAST_STARTUP_QUERY_INTVL, 'mcast_startup_query_intvl', 'u64', SET),
  row(IFLA_BR_MCAST_STATS_ENABLED, 'mcast_stats_enabled', 'u8', SET),
  row(IFLA_BR_MCAST_IGMP_VERSION, 'mcast_igmp_version', 'u8', SET),
  row(IFLA_BR_MCAST_MLD_VERSION, 'mcast_mld_version', 'u8', SET),
  row(IFLA_BR_NF_CALL_IPTABLES, 'nf_call_iptables', 'u8', SET),
  row(IFLA_BR_NF_CALL_IP6TABLES, 'nf_call_ip6tables', 'u8', SET),
  row(IFLA_BR_NF_CALL_ARPTABLES, 'nf_call_arptables', 'u8', SET),
];

/** The bits of IFLA_BR_MULTI_BOOLOPT ip prints and takes, by their option word (BR_BOOLOPT_*). */
export const BRIDGE_BOOLOPTS: readonly (readonly [number, string])[] = [
  [BR_BOOLOPT_NO_LL_LEARN, 'no_linklocal_learn'],
  [BR_BOOLOPT_MCAST_VLAN_SNOOPING, 'mcast_vlan_snooping'],
];

type FieldPrinter = (p: Printer, tb: AttrTable, f: BridgeField) => void;

const uint =
  (width: 'u8' | 'u16' | 'u32' | 'u64'): FieldPrinter =>
  (p, tb, f) => {
    const v = tb[width](f.attr);
    if (v !== undefined) p.number(PRINT_ANY, f.key, `${f.word} %u `, v);
  };

const FIELD_PRINTERS: Record<BridgeFieldType, FieldPrinter> = {
  u8: uint('u8'),
  u16: uint('u16'),
  u32: uint('u32'),
  u64: uint('u64'),
  ethertype: (p, tb, f) => p.string(PRINT_ANY, f.key, `${f.word} %s `, llProtoName(be16At(tb.get(f.attr)))),
  bridge_id: (p, tb, f) => p.string(PRINT_ANY, f.key, `${f.word} %s `, bridgeId(tb.get(f.attr))),
  // iproute2 6.1.0 formats the root id from IFLA_BR_BRIDGE_ID, not from
  // IFLA_BR_ROOT_ID; `ip` is the reference, so the same value is shown here.
  root_id: (p, tb, f) => p.string(PRINT_ANY, f.key, `${f.word} %s `, bridgeId(tb.get(IFLA_BR_BRIDGE_ID))),
  timer: (p, tb, f) => printTimer(p, f.key, tb.u64(f.attr)!),
  hex16: (p, tb, f) => print0xhex(p, PRINT_ANY, f.key, f.word, tb.u16(f.attr)!),
  lladdr: (p, tb, f) => p.string(PRINT_ANY, f.key, `${f.word} %s `, llAddr(tb.get(f.attr)!.data)),
  boolopt: (p, tb, f) => {
    // struct br_boolopt_multi { __u32 optval; __u32 optmask; }
    const optval = tb.u32(f.attr)!;
    const data = tb.get(f.attr)!.data;
    const optmask = data.length >= 8 ? new Uint32Array(data.slice(4, 8).buffer)[0]! : 0;
    for (const [bit, word] of BRIDGE_BOOLOPTS) {
      const m = 1 << bit;
      if (optmask & m) p.number(PRINT_ANY, word, `${word} %u `, optval & m ? 1 : 0);
    }
  },
};

/** bridge_print_opt() in ip/iplink_bridge.c (iproute2 6.1.0): BRIDGE_FIELDS in order. */
function printBridge(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  for (const f of BRIDGE_FIELDS) if (tb.has(f.attr)) FIELD_PRINTERS[f.type](p, tb, f);
}

export const bridgeHandler: KindHandler = { maxattr: IFLA_BR_MAX, print: printBridge };
