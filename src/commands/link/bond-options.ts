import { getAddr, getAddr32 } from '../../iproute/prefix.js';
import { getInteger, getU16, invarg, matches, nodev } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { escapeForDisplay } from '../../netlink/codec/text.js';
import * as bond from '../../netlink/gen/if_link.js';
import { AF_INET6 } from '../../netlink/gen/socket.js';
import { GET_UINT, eachOption, kindUsage, type KindParser } from './change-kinds.js';
import { llAddrA2n } from '../../iproute/ll-addr.js';
import { BOND_NAMES } from './kinds/bond.js';

/** print_explain() of ip/iplink_bond.c (iproute2 6.1). */
export const BOND_USAGE = `Usage: ... bond [ mode BONDMODE ] [ active_slave SLAVE_DEV ]
                [ clear_active_slave ] [ miimon MIIMON ]
                [ updelay UPDELAY ] [ downdelay DOWNDELAY ]
                [ peer_notify_delay DELAY ]
                [ use_carrier USE_CARRIER ]
                [ arp_interval ARP_INTERVAL ]
                [ arp_validate ARP_VALIDATE ]
                [ arp_all_targets ARP_ALL_TARGETS ]
                [ arp_ip_target [ ARP_IP_TARGET, ... ] ]
                [ ns_ip6_target [ NS_IP6_TARGET, ... ] ]
                [ primary SLAVE_DEV ]
                [ primary_reselect PRIMARY_RESELECT ]
                [ fail_over_mac FAIL_OVER_MAC ]
                [ xmit_hash_policy XMIT_HASH_POLICY ]
                [ resend_igmp RESEND_IGMP ]
                [ num_grat_arp|num_unsol_na NUM_GRAT_ARP|NUM_UNSOL_NA ]
                [ all_slaves_active ALL_SLAVES_ACTIVE ]
                [ min_links MIN_LINKS ]
                [ lp_interval LP_INTERVAL ]
                [ packets_per_slave PACKETS_PER_SLAVE ]
                [ tlb_dynamic_lb TLB_DYNAMIC_LB ]
                [ lacp_rate LACP_RATE ]
                [ lacp_active LACP_ACTIVE]
                [ ad_select AD_SELECT ]
                [ ad_user_port_key PORTKEY ]
                [ ad_actor_sys_prio SYSPRIO ]
                [ ad_actor_system LLADDR ]
                [ arp_missed_max MISSED_MAX ]

BONDMODE := balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb
ARP_VALIDATE := none|active|backup|all|filter|filter_active|filter_backup
ARP_ALL_TARGETS := any|all
PRIMARY_RESELECT := always|better|failure
FAIL_OVER_MAC := none|active|follow
XMIT_HASH_POLICY := layer2|layer2+3|layer3+4|encap2+3|encap3+4|vlan+srcmac
LACP_ACTIVE := off|on
LACP_RATE := slow|fast
AD_SELECT := stable|bandwidth|count`;

const BOND_SLAVE_USAGE = 'Usage: ... bond_slave [ queue_id ID ] [ prio PRIORITY ]';

/** BOND_MAX_ARP_TARGETS and BOND_MAX_NS_TARGETS (include/net/bonding.h): ip sends at most 16 of each. */
const BOND_MAX_TARGETS = 16;

/**
 * bond's options in bond_parse_opt's order (an abbreviation picks the first
 * it fits): [word, IFLA_BOND_*, value type]. `exact` words are compared with
 * strcmp in ip 6.1, so they cannot be abbreviated.
 */
type BondValue =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'dev'
  | 'clear'
  | 'ipv4-list'
  | 'ipv6-list'
  | 'lladdr'
  | { u8: readonly string[] }
  | { u32: readonly string[] };
interface BondOption {
  word: string;
  attr: number;
  value: BondValue;
  exact?: boolean;
  /** The name in ip's "invalid NAME" message when it is not `word`. */
  message?: string;
}
const BOND_OPTIONS: readonly BondOption[] = [
  { word: 'mode', attr: bond.IFLA_BOND_MODE, value: { u8: BOND_NAMES.mode } },
  { word: 'active_slave', attr: bond.IFLA_BOND_ACTIVE_SLAVE, value: 'dev' },
  { word: 'clear_active_slave', attr: bond.IFLA_BOND_ACTIVE_SLAVE, value: 'clear' },
  { word: 'miimon', attr: bond.IFLA_BOND_MIIMON, value: 'u32' },
  { word: 'updelay', attr: bond.IFLA_BOND_UPDELAY, value: 'u32' },
  { word: 'downdelay', attr: bond.IFLA_BOND_DOWNDELAY, value: 'u32' },
  { word: 'peer_notify_delay', attr: bond.IFLA_BOND_PEER_NOTIF_DELAY, value: 'u32' },
  { word: 'use_carrier', attr: bond.IFLA_BOND_USE_CARRIER, value: 'u8' },
  { word: 'arp_interval', attr: bond.IFLA_BOND_ARP_INTERVAL, value: 'u32' },
  { word: 'arp_missed_max', attr: bond.IFLA_BOND_MISSED_MAX, value: 'u8', exact: true },
  { word: 'arp_ip_target', attr: bond.IFLA_BOND_ARP_IP_TARGET, value: 'ipv4-list' },
  { word: 'ns_ip6_target', attr: bond.IFLA_BOND_NS_IP6_TARGET, value: 'ipv6-list', exact: true },
  { word: 'arp_validate', attr: bond.IFLA_BOND_ARP_VALIDATE, value: { u32: BOND_NAMES.arp_validate } },
  {
    word: 'arp_all_targets',
    attr: bond.IFLA_BOND_ARP_ALL_TARGETS,
    value: { u32: BOND_NAMES.arp_all_targets },
  },
  { word: 'primary', attr: bond.IFLA_BOND_PRIMARY, value: 'dev' },
  {
    word: 'primary_reselect',
    attr: bond.IFLA_BOND_PRIMARY_RESELECT,
    value: { u8: BOND_NAMES.primary_reselect },
  },
  { word: 'fail_over_mac', attr: bond.IFLA_BOND_FAIL_OVER_MAC, value: { u8: BOND_NAMES.fail_over_mac } },
  {
    word: 'xmit_hash_policy',
    attr: bond.IFLA_BOND_XMIT_HASH_POLICY,
    value: { u8: BOND_NAMES.xmit_hash_policy },
  },
  { word: 'resend_igmp', attr: bond.IFLA_BOND_RESEND_IGMP, value: 'u32' },
  {
    word: 'num_grat_arp',
    attr: bond.IFLA_BOND_NUM_PEER_NOTIF,
    value: 'u8',
    message: 'num_grat_arp|num_unsol_na',
  },
  {
    word: 'num_unsol_na',
    attr: bond.IFLA_BOND_NUM_PEER_NOTIF,
    value: 'u8',
    message: 'num_grat_arp|num_unsol_na',
  },
  { word: 'all_slaves_active', attr: bond.IFLA_BOND_ALL_SLAVES_ACTIVE, value: 'u8' },
  { word: 'min_links', attr: bond.IFLA_BOND_MIN_LINKS, value: 'u32' },
  { word: 'lp_interval', attr: bond.IFLA_BOND_LP_INTERVAL, value: 'u32' },
  { word: 'packets_per_slave', attr: bond.IFLA_BOND_PACKETS_PER_SLAVE, value: 'u32' },
  { word: 'lacp_rate', attr: bond.IFLA_BOND_AD_LACP_RATE, value: { u8: BOND_NAMES.lacp_rate } },
  {
    word: 'lacp_active',
    attr: bond.IFLA_BOND_AD_LACP_ACTIVE,
    value: { u8: BOND_NAMES.lacp_active },
    exact: true,
  },
  { word: 'ad_select', attr: bond.IFLA_BOND_AD_SELECT, value: { u8: BOND_NAMES.ad_select } },
  { word: 'ad_user_port_key', attr: bond.IFLA_BOND_AD_USER_PORT_KEY, value: 'u16' },
  { word: 'ad_actor_sys_prio', attr: bond.IFLA_BOND_AD_ACTOR_SYS_PRIO, value: 'u16' },
  { word: 'ad_actor_system', attr: bond.IFLA_BOND_AD_ACTOR_SYSTEM, value: 'lladdr' },
  { word: 'tlb_dynamic_lb', attr: bond.IFLA_BOND_TLB_DYNAMIC_LB, value: 'u8' },
];

/** get_index() of iplink_bond.c: a decimal index into the table, else a name in it; -1 if neither. */
function getIndex(table: readonly string[], word: string): number {
  const n = getInteger(word, 10);
  if (n !== undefined && n >= 0 && n < table.length) return n;
  return table.indexOf(word);
}

/**
 * The comma-separated target list of arp_ip_target / ns_ip6_target: taken
 * only when a word follows (NEXT_ARG_OK), empty pieces skipped (strtok), at
 * most 16, each sent as attribute i (0, 1, ...) of the nest.
 */
function targetList(out: AttributeEncoder, attr: number, list: string | undefined, ipv6: boolean): void {
  const targets = (list ?? '')
    .split(',')
    .filter(Boolean)
    .slice(0, BOND_MAX_TARGETS)
    .map((t) => (ipv6 ? getAddr(t, AF_INET6).bytes : getAddr32(t)));
  out.nested(attr, (nest) => targets.forEach((t, i) => nest.bytes(i, t)), false);
}

/** bond_parse_opt (ip/iplink_bond.c, iproute2 6.1). */
export const bondOptions: KindParser = (args, deps) => {
  const out = new AttributeEncoder();
  eachOption(args, (w, next, nextIf) => {
    const opt = BOND_OPTIONS.find((o) => (o.exact ? w === o.word : matches(w, o.word)));
    if (!opt) {
      if (matches(w, 'help')) kindUsage(BOND_USAGE);
      kindUsage(BOND_USAGE, `bond: unknown command "${escapeForDisplay(w)}"?`);
    }
    const { attr, value } = opt;
    const message = `invalid ${opt.message ?? opt.word}`;
    if (value === 'clear') out.u32(attr, 0);
    else if (value === 'ipv4-list' || value === 'ipv6-list')
      targetList(
        out,
        attr,
        nextIf(() => true),
        value === 'ipv6-list',
      );
    else {
      const v = next();
      if (value === 'dev') {
        const link = deps.getLink(v);
        if (!link) nodev(v);
        out.u32(attr, link.index);
      } else if (value === 'lladdr') out.bytes(attr, llAddrA2n(v));
      else if (typeof value === 'string') out[value](attr, GET_UINT[value](v) ?? invarg(message, v));
      else {
        const [width, table] = 'u8' in value ? (['u8', value.u8] as const) : (['u32', value.u32] as const);
        const index = getIndex(table, v);
        if (index < 0) invarg(message, v);
        out[width](attr, index);
      }
    }
  });
  return out.finish();
};

/** bond_slave_parse_opt (ip/iplink_bond_slave.c, iproute2 6.1): queue_id, prio (strcmp). */
export const bondSlaveOptions: KindParser = (args) => {
  const out = new AttributeEncoder();
  eachOption(args, (w, next) => {
    if (matches(w, 'queue_id')) {
      const v = next();
      out.u16(bond.IFLA_BOND_SLAVE_QUEUE_ID, getU16(v) ?? invarg('queue_id is invalid', v));
    } else if (w === 'prio') {
      const v = next();
      const prio = getInteger(v) ?? invarg('prio is invalid', v);
      out.s32(bond.IFLA_BOND_SLAVE_PRIO, prio);
    } else if (matches(w, 'help')) kindUsage(BOND_SLAVE_USAGE);
    else kindUsage(BOND_SLAVE_USAGE, `bond_slave: unknown option "${escapeForDisplay(w)}"?`);
  });
  return out.finish();
};
