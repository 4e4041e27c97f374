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
import { invarg } from './parse.js';

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

/** The `master DEV` and `vrf NAME` selectors of ip link/address show, in the order given. */
export type MasterSelectors = { name: string; vrf: boolean }[];

/**
 * ipaddr_list_flush_or_save's master selectors, resolved in the order given as
 * ip resolves them while it parses: each `master` must exist ("Device does not
 * exist"), each `vrf` must be a VRF ("Not a valid VRF name"); the last one's
 * ifindex is the filter. 0 when there is none.
 */
export function masterSelectorIndex(conn: Connection, selectors: MasterSelectors): number {
  let index = 0;
  for (const s of selectors) {
    if (s.vrf) {
      index = vrfByName(conn, s.name).index;
      if (!index) invarg('Not a valid VRF name\n', s.name);
    } else {
      const l = getLink(conn, { ifname: s.name }); // ll_name_to_index's ll_link_get
      if (l === null) invarg('Device does not exist\n', s.name);
      index = l.index;
    }
  }
  return index;
}
