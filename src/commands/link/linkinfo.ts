import type { Attribute } from '../../netlink/codec/index.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import type { LinkRenderContext } from './kinds/context.js';
import { bridgeHandler } from './kinds/bridge.js';
import { bridgeSlaveHandler } from './kinds/bridge_slave.js';
import { parseNested, type KindHandler } from './kinds/common.js';
import { macvlanHandler } from './kinds/macvlan.js';
import { tunHandler } from './kinds/tun.js';
import { vxlanHandler } from './kinds/vxlan.js';
import { geneveHandler } from './kinds/geneve.js';
import { ipvlanHandler } from './kinds/ipvlan.js';
import {
  gre6Handler,
  greHandler,
  ip6tnlHandler,
  iptunnelHandler,
  vti6Handler,
  vtiHandler,
} from './kinds/tunnel.js';
import { vrfHandler, vrfSlaveHandler } from './kinds/vrf.js';
import { vlanHandler } from './kinds/vlan.js';
import { bondHandler, bondSlaveHandler } from './kinds/bond.js';

export type { KindHandler, KindPrinter, AttrTable } from './kinds/common.js';
import {
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_MAX,
  IFLA_INFO_SLAVE_DATA,
  IFLA_INFO_SLAVE_KIND,
} from '../../netlink/gen/if_link.js';

/**
 * Kinds whose IFLA_INFO_DATA (or, for "<kind>_slave", IFLA_INFO_SLAVE_DATA)
 * nlts prints, keyed like iproute2's link_util ids. A kind missing here is
 * shown the way ip shows a kind without a print_opt (veth, ifb, dummy,
 * unknown kinds): its name only, with no "info_data" object.
 */
const kinds = new Map<string, KindHandler>([
  ['bridge', bridgeHandler],
  ['bridge_slave', bridgeSlaveHandler],
  ['macvlan', macvlanHandler],
  ['macvtap', macvlanHandler],
  ['vxlan', vxlanHandler],
  ['tun', tunHandler],
  ['gre', greHandler],
  ['gretap', greHandler],
  ['erspan', greHandler],
  ['ip6gre', gre6Handler],
  ['ip6gretap', gre6Handler],
  ['ip6erspan', gre6Handler],
  ['ip6tnl', ip6tnlHandler],
  ['ipip', iptunnelHandler],
  ['sit', iptunnelHandler],
  ['vti', vtiHandler],
  ['vti6', vti6Handler],
  ['vrf', vrfHandler],
  ['vrf_slave', vrfSlaveHandler],
  ['ipvlan', ipvlanHandler],
  ['ipvtap', ipvlanHandler],
  ['geneve', geneveHandler],
  ['vlan', vlanHandler],
  ['bond', bondHandler],
  ['bond_slave', bondSlaveHandler],
]);

/** Add or replace the printer of a kind ("<kind>_slave" for a port's data). */
export function registerLinkKind(id: string, handler: KindHandler): void {
  kinds.set(id, handler);
}

/** The printer nlts has for a kind id, if any. */
export function linkKindHandler(id: string): KindHandler | undefined {
  return kinds.get(id);
}

/**
 * The IFLA_LINKINFO part of `ip -d link show`, as print_linktype() in
 * ip/ipaddress.c (iproute2 6.1.0) prints it: a "linkinfo" JSON object with
 * "info_kind" and the kind's "info_data", then "info_slave_kind" and
 * "info_slave_data"; in text "\n    <kind> <data>" and "\n    <kind>_slave <data>".
 * Malformed or unexpected attributes never throw: what can be read is printed.
 */
export function printLinkInfo(p: Printer, linkinfo: Attribute, ctx: LinkRenderContext): void {
  const info = parseNested(linkinfo.data, IFLA_INFO_MAX);
  p.openObject('linkinfo');

  const kindAttr = info.get(IFLA_INFO_KIND);
  if (kindAttr) {
    const kind = info.string(IFLA_INFO_KIND)!;
    p.nl();
    p.string(PRINT_ANY, 'info_kind', '    %s ', kind);
    printData(p, kinds.get(kind), 'info_data', info.get(IFLA_INFO_DATA), ctx);
    // IFLA_INFO_XSTATS is shown (with -s) only by kinds nlts does not print (can).
  }

  const slaveAttr = info.get(IFLA_INFO_SLAVE_KIND);
  if (slaveAttr) {
    const slaveKind = info.string(IFLA_INFO_SLAVE_KIND)!;
    p.nl();
    p.string(PRINT_ANY, 'info_slave_kind', '    %s_slave ', slaveKind);
    printData(p, kinds.get(`${slaveKind}_slave`), 'info_slave_data', info.get(IFLA_INFO_SLAVE_DATA), ctx);
  }

  p.closeObject();
}

/** A kind with a printer always gets its data object, empty when the kernel sent no data. */
function printData(
  p: Printer,
  handler: KindHandler | undefined,
  key: string,
  data: Attribute | undefined,
  ctx: LinkRenderContext,
): void {
  if (!handler) return;
  const tb = data ? parseNested(data.data, handler.maxattr) : undefined;
  p.openObject(key);
  handler.print(p, tb, ctx);
  p.closeObject();
}
