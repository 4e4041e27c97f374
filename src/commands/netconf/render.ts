/**
 * A netconf entry as ip prints it (ip/ipnetconf.c print_netconf): used by
 * `nlts netconf show` and by `nlts monitor` ([NETCONF]).
 */
import { familyName } from '../../iproute/prefix.js';
import { netconfValue, type NetconfMessage } from '../../netlink/route/netconf.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import {
  NETCONFA_FORWARDING,
  NETCONFA_IFINDEX_ALL,
  NETCONFA_IFINDEX_DEFAULT,
  NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN,
  NETCONFA_INPUT,
  NETCONFA_MC_FORWARDING,
  NETCONFA_PROXY_NEIGH,
  NETCONFA_RP_FILTER,
} from '../../netlink/gen/netconf.js';

const RP_FILTER_NAMES = ['off', 'strict', 'loose'];

/** ll_index_to_name for the NETCONFA_IFINDEX values ("all", "default", a device, "if<N>"). */
export function netconfDevName(ifindex: number, nameOf: (i: number) => string): string {
  if (ifindex === NETCONFA_IFINDEX_ALL) return 'all';
  if (ifindex === NETCONFA_IFINDEX_DEFAULT) return 'default';
  return nameOf(ifindex);
}

/** One entry (one JSON object / one text line without its newline). */
export function renderNetconf(
  p: Printer,
  m: NetconfMessage,
  nameOf: (ifindex: number) => string,
  deleted = false,
): void {
  p.openObject();
  if (deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  p.string(PRINT_ANY, 'family', '%s ', familyName(m.family));
  if (m.ifindex !== undefined) {
    p.string(PRINT_ANY, 'interface', '%s ', netconfDevName(m.ifindex, nameOf), 'ifname');
  }
  const onOff = (type: number, key: string): void => {
    const v = netconfValue(m, type);
    if (v !== undefined) p.onOff(PRINT_ANY, key, `${key} %s `, v !== 0);
  };
  onOff(NETCONFA_FORWARDING, 'forwarding');
  const rp = netconfValue(m, NETCONFA_RP_FILTER);
  if (rp !== undefined) {
    const name = RP_FILTER_NAMES[rp];
    if (name !== undefined) p.string(PRINT_ANY, 'rp_filter', 'rp_filter %s ', name);
    else p.number(PRINT_ANY, 'rp_filter', 'rp_filter %u ', rp);
  }
  onOff(NETCONFA_MC_FORWARDING, 'mc_forwarding');
  onOff(NETCONFA_PROXY_NEIGH, 'proxy_neigh');
  onOff(NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, 'ignore_routes_with_linkdown');
  onOff(NETCONFA_INPUT, 'input');
  p.closeObject();
}
