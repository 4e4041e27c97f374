/**
 * Interface statistics (RTM_GETSTATS, <linux/if_link.h>): struct if_stats_msg
 * followed by IFLA_STATS_* attributes, and the counter structs the nests
 * carry (read as arrays of __u64 in their declared order).
 */
import { AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { IF_STATS_MSG_LEN, IFLA_STATS_GET_FILTERS } from '../gen/if_link.js';
import { LINK_STATS_FIELDS } from './link.js';

export interface StatsMessage {
  family: number;
  ifindex: number;
  filterMask: number;
  /** The top-level IFLA_STATS_* attributes. */
  attrs: AttributeIndex;
}

/** IFLA_STATS_FILTER_BIT(ATTR) (<linux/if_link.h>): the bit of an attribute type in a filter mask. */
export function statsFilterBit(attr: number): number {
  return (1 << (attr - 1)) >>> 0;
}

export function decodeStats(payload: Uint8Array): StatsMessage {
  if (payload.length < IF_STATS_MSG_LEN)
    throw new CodecError(`if_stats_msg needs ${IF_STATS_MSG_LEN} bytes, got ${payload.length}`, 0);
  const v = view(payload);
  return {
    family: payload[0]!,
    ifindex: v.getUint32(4, HOST_LITTLE_ENDIAN),
    filterMask: v.getUint32(8, HOST_LITTLE_ENDIAN),
    attrs: new AttributeIndex(payload, IF_STATS_MSG_LEN),
  };
}

/**
 * The body of a RTM_GETSTATS request (ipstats_req_add_filters): the header
 * with the top-level filter mask, then, when a nest is filtered, the
 * IFLA_STATS_GET_FILTERS nest with one u32 mask per filtered attribute.
 */
export function encodeStatsRequest(r: {
  family: number;
  ifindex: number;
  filterMask: number;
  nestFilters?: ReadonlyMap<number, number>;
}): Uint8Array {
  const head = new Uint8Array(IF_STATS_MSG_LEN);
  head[0] = r.family;
  const v = view(head);
  v.setUint32(4, r.ifindex, HOST_LITTLE_ENDIAN);
  v.setUint32(8, r.filterMask >>> 0, HOST_LITTLE_ENDIAN);
  if (!r.nestFilters || r.nestFilters.size === 0) return head;
  const attrs = new AttributeEncoder()
    .nested(IFLA_STATS_GET_FILTERS, (inner) => {
      for (const [at, mask] of r.nestFilters!) inner.u32(at, mask >>> 0);
    })
    .finish();
  const out = new Uint8Array(head.length + attrs.length);
  out.set(head);
  out.set(attrs, head.length);
  return out;
}

/**
 * A struct of __u64 counters as its fields by name; a short attribute is
 * zero-filled and a long one truncated, as iproute2's IPSTATS_RTA_PAYLOAD
 * copies MIN(payload, sizeof) into a zeroed struct.
 */
export function readU64Struct<K extends string>(data: Uint8Array, fields: readonly K[]): Record<K, bigint> {
  const full = new Uint8Array(fields.length * 8);
  full.set(data.subarray(0, full.length));
  const v = view(full);
  const out = {} as Record<K, bigint>;
  fields.forEach((f, i) => (out[f] = v.getBigUint64(i * 8, HOST_LITTLE_ENDIAN)));
  return out;
}

/**
 * struct rtnl_hw_stats64 (<linux/if_link.h>): the first nine counters of
 * struct rtnl_link_stats64, in the same order.
 */
export const HW_STATS64_FIELDS = LINK_STATS_FIELDS.slice(0, 9);

/**
 * struct mpls_link_stats (<linux/mpls.h>): the first eight counters of
 * struct rtnl_link_stats64, then rx_noroute.
 */
export const MPLS_LINK_STATS_FIELDS = [...LINK_STATS_FIELDS.slice(0, 8), 'rx_noroute' as const];

/**
 * struct br_mcast_stats (<linux/if_bridge.h>): each [BR_MCAST_DIR_SIZE]
 * array as its _rx and _tx elements (BR_MCAST_DIR_RX is 0, TX 1).
 */
export const BR_MCAST_STATS_FIELDS = [
  'igmp_v1queries_rx',
  'igmp_v1queries_tx',
  'igmp_v2queries_rx',
  'igmp_v2queries_tx',
  'igmp_v3queries_rx',
  'igmp_v3queries_tx',
  'igmp_leaves_rx',
  'igmp_leaves_tx',
  'igmp_v1reports_rx',
  'igmp_v1reports_tx',
  'igmp_v2reports_rx',
  'igmp_v2reports_tx',
  'igmp_v3reports_rx',
  'igmp_v3reports_tx',
  'igmp_parse_errors',
  'mld_v1queries_rx',
  'mld_v1queries_tx',
  'mld_v2queries_rx',
  'mld_v2queries_tx',
  'mld_leaves_rx',
  'mld_leaves_tx',
  'mld_v1reports_rx',
  'mld_v1reports_tx',
  'mld_v2reports_rx',
  'mld_v2reports_tx',
  'mld_parse_errors',
  'mcast_bytes_rx',
  'mcast_bytes_tx',
  'mcast_packets_rx',
  'mcast_packets_tx',
] as const;

/** struct bridge_stp_xstats (<linux/if_bridge.h>), in declaration order. */
export const BRIDGE_STP_XSTATS_FIELDS = [
  'transition_blk',
  'transition_fwd',
  'rx_bpdu',
  'tx_bpdu',
  'rx_tcn',
  'tx_tcn',
] as const;
