/** The device words of ip nexthop (ll_name_to_index, name_is_vrf) with ipnexthop.c's messages. */
import { invarg } from '../../iproute/parse.js';
import type { Connection } from '../../netlink/connection.js';
import { linkByName } from '../neigh/show.js';
import { IFLA_INFO_KIND, IFLA_LINKINFO } from '../../netlink/gen/if_link.js';

/** ll_name_to_index for a `dev`/`master` word, or with `vrf` name_is_vrf first; ip's invarg when absent. */
export function resolveNexthopDev(conn: Connection, name: string, vrf: boolean): number {
  const l = linkByName(conn, name);
  if (vrf) {
    const kind = l?.attrs.nested(IFLA_LINKINFO)?.string(IFLA_INFO_KIND) ?? '';
    if (kind !== 'vrf') invarg('Invalid VRF\n', name);
  }
  if (!l) invarg(vrf ? 'VRF does not exist\n' : 'Device does not exist\n', name);
  return l.index;
}

/** ll_name_to_index: 0 when there is no such device. */
export function ifindexOf(conn: Connection, name: string): number {
  return linkByName(conn, name)?.index ?? 0;
}
