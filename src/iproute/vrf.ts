/**
 * What ip asks the kernel about a VRF device by name (ip/iplink_vrf.c
 * name_is_vrf, ipvrf_get_table): whether NAME is a "vrf" link, its ifindex
 * and its routing table. Used by `vrf show|exec|pids` and by the `vrf NAME`
 * selectors of route, link and address commands.
 */
import type { Connection } from '../netlink/connection.js';
import { RTEXT_FILTER_VF } from '../netlink/gen/rtnetlink.js';
import { IFLA_INFO_DATA, IFLA_LINKINFO, IFLA_VRF_TABLE } from '../netlink/gen/if_link.js';
import type { LinkMessage } from '../netlink/route/link.js';
import { getLink } from './link-cache.js';

/** vrf_table_linkinfo: the table of a "vrf" link, 0 for any other link. */
export function vrfTableOfLink(l: LinkMessage): number {
  if (l.kind !== 'vrf') return 0;
  return l.attrs.nested(IFLA_LINKINFO, true)?.nested(IFLA_INFO_DATA, true)?.u32(IFLA_VRF_TABLE) ?? 0;
}

/** The VRF facts of one name: ifindex and table, both 0 when NAME is not a VRF (or no link). */
export interface VrfFacts {
  index: number;
  table: number;
}

/** Asks the kernel (RTM_GETLINK by name) whether NAME is a VRF. */
export function vrfByName(conn: Connection, name: string): VrfFacts {
  const l = getLink(conn, { ifname: name }, RTEXT_FILTER_VF);
  if (l === null || l.kind !== 'vrf') return { index: 0, table: 0 };
  return { index: l.index, table: vrfTableOfLink(l) };
}

/**
 * A lookup the argument parsers call while they parse (ip asks at that point
 * too), each time over a connection made for it: `open` gives one, which is
 * closed after the question.
 */
export type VrfLookup = (name: string) => VrfFacts;

export function vrfLookupOver(open: () => Connection): VrfLookup {
  return (name) => {
    const conn = open();
    try {
      return vrfByName(conn, name);
    } finally {
      conn.close();
    }
  };
}
