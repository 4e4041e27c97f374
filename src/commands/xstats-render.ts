/**
 * The extended-statistics printers of ip/iplink_bridge.c and ip/iplink_bond.c
 * (bridge_print_stats_mcast, bridge_print_stats_stp, bond_print_3ad_stats),
 * shared by `stats show … group xstats` and `link xstats`.
 */
import type { AttributeIndex } from '../netlink/codec/attributes.js';
import { BR_MCAST_STATS_FIELDS, BRIDGE_STP_XSTATS_FIELDS, readU64Struct } from '../netlink/route/stats.js';
import { PRINT_ANY, type Printer } from '../output/printer.js';
import {
  BOND_3AD_STAT_LACPDU_ILLEGAL_RX,
  BOND_3AD_STAT_LACPDU_RX,
  BOND_3AD_STAT_LACPDU_TX,
  BOND_3AD_STAT_LACPDU_UNKNOWN_RX,
  BOND_3AD_STAT_MARKER_RESP_RX,
  BOND_3AD_STAT_MARKER_RESP_TX,
  BOND_3AD_STAT_MARKER_RX,
  BOND_3AD_STAT_MARKER_TX,
  BOND_3AD_STAT_MARKER_UNKNOWN_RX,
} from '../netlink/gen/if_bonding.js';

/** "%-16s    " of an empty string: the indent of iplink_bridge.c's and iplink_bond.c's stats lines. */
const XSTATS_INDENT = ' '.repeat(20);

/** bridge_print_stats_mcast (ip/iplink_bridge.c). */
export function printBridgeMcast(p: Printer, data: Uint8Array): void {
  const s = readU64Struct(data, BR_MCAST_STATS_FIELDS);
  const u = (key: string, fmt: string, v: bigint): void => p.number(PRINT_ANY, key, fmt, v);
  const versions = (title: string, what: string, n: 2 | 3): void => {
    p.openObject(title.toLowerCase().replace(' ', '_'));
    p.fp(`${XSTATS_INDENT}${title}:\n`);
    for (const dir of ['rx', 'tx'] as const) {
      p.fp(`${XSTATS_INDENT}  `);
      for (let v = 1; v <= n; v++) {
        const field = `${what.replace('vN', `v${v}`)}_${dir}` as (typeof BR_MCAST_STATS_FIELDS)[number];
        const lead = v === 1 ? `${dir.toUpperCase()}: ` : '';
        u(`${dir}_v${v}`, `${lead}v${v} %llu${v === n ? '\n' : ' '}`, s[field]);
      }
    }
    p.closeObject();
  };
  const leaves = (proto: 'igmp' | 'mld', title: string): void => {
    p.openObject(`${proto}_leaves`);
    p.fp(`${XSTATS_INDENT}${title} leaves: `);
    u('rx', 'RX: %llu ', s[`${proto}_leaves_rx`]);
    u('tx', 'TX: %llu\n', s[`${proto}_leaves_tx`]);
    p.closeObject();
  };
  p.openObject('multicast');
  versions('IGMP queries', 'igmp_vNqueries', 3);
  versions('IGMP reports', 'igmp_vNreports', 3);
  leaves('igmp', 'IGMP');
  p.fp(`${XSTATS_INDENT}IGMP parse errors: `);
  u('igmp_parse_errors', '%llu\n', s.igmp_parse_errors);
  versions('MLD queries', 'mld_vNqueries', 2);
  versions('MLD reports', 'mld_vNreports', 2);
  leaves('mld', 'MLD');
  p.fp(`${XSTATS_INDENT}MLD parse errors: `);
  u('mld_parse_errors', '%llu\n', s.mld_parse_errors);
  p.closeObject();
}

/** bridge_print_stats_stp (ip/iplink_bridge.c). */
export function printBridgeStp(p: Printer, data: Uint8Array): void {
  const s = readU64Struct(data, BRIDGE_STP_XSTATS_FIELDS);
  p.openObject('stp');
  p.fp(`${XSTATS_INDENT}STP BPDU:  `);
  p.number(PRINT_ANY, 'rx_bpdu', 'RX: %llu ', s.rx_bpdu);
  p.number(PRINT_ANY, 'tx_bpdu', 'TX: %llu\n', s.tx_bpdu);
  p.fp(`${XSTATS_INDENT}STP TCN:   `);
  p.number(PRINT_ANY, 'rx_tcn', 'RX: %llu ', s.rx_tcn);
  p.number(PRINT_ANY, 'tx_tcn', 'TX: %llu\n', s.tx_tcn);
  p.fp(`${XSTATS_INDENT}STP Transitions: `);
  p.number(PRINT_ANY, 'transition_blk', 'Blocked: %llu ', s.transition_blk);
  p.number(PRINT_ANY, 'transition_fwd', 'Forwarding: %llu\n', s.transition_fwd);
  p.closeObject();
}

/** bond_print_3ad_stats (ip/iplink_bond.c): each counter the kernel sent, in this order. */
const BOND_3AD_COUNTERS: readonly (readonly [number, string, string])[] = [
  [BOND_3AD_STAT_LACPDU_RX, 'lacpdu_rx', 'LACPDU Rx'],
  [BOND_3AD_STAT_LACPDU_TX, 'lacpdu_tx', 'LACPDU Tx'],
  [BOND_3AD_STAT_LACPDU_UNKNOWN_RX, 'lacpdu_unknown_rx', 'LACPDU Unknown type Rx'],
  [BOND_3AD_STAT_LACPDU_ILLEGAL_RX, 'lacpdu_illegal_rx', 'LACPDU Illegal Rx'],
  [BOND_3AD_STAT_MARKER_RX, 'marker_rx', 'Marker Rx'],
  [BOND_3AD_STAT_MARKER_TX, 'marker_tx', 'Marker Tx'],
  [BOND_3AD_STAT_MARKER_RESP_RX, 'marker_response_rx', 'Marker response Rx'],
  [BOND_3AD_STAT_MARKER_RESP_TX, 'marker_response_tx', 'Marker response Tx'],
  [BOND_3AD_STAT_MARKER_UNKNOWN_RX, 'marker_unknown_rx', 'Marker unknown type Rx'],
];

export function printBond3ad(p: Printer, t: AttributeIndex): void {
  p.openObject('802.3ad');
  for (const [type, key, label] of BOND_3AD_COUNTERS) {
    const v = t.u64(type);
    if (v === undefined) continue;
    p.fp(XSTATS_INDENT);
    p.number(PRINT_ANY, key, `${label} %llu\n`, v);
  }
  p.closeObject();
}
