/**
 * A nexthop as ip prints it (ip/ipnexthop.c __print_nexthop_entry): used by
 * `nlts nexthop show` and by `nlts monitor` ([NEXTHOP]).
 */
import type { IprouteNames } from '../../iproute/names.js';
import { type NexthopMessage } from '../../netlink/route/nexthop.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../output/printer.js';
import { formatG, printRtFlags } from '../common.js';
import { printEncap } from '../lwtunnel.js';

import { formatAddress as formatAddr } from '../../netlink/inet.js';
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES, NHA_ENCAP_TYPE } from '../../netlink/gen/nexthop.js';
import { AF_INET, AF_INET6 } from '../../netlink/gen/socket.js';

export interface NexthopRenderContext {
  /** ip -d: scope and protocol are printed even when 0. */
  details: number;
  /** ll_index_to_name ("if<N>" when unknown). */
  nameOf(ifindex: number): string;
  names: IprouteNames;
  /** ip -s (an encapsulation's counters); 0 when absent. */
  stats?: number;
}

/** __jiffies_to_tv + print_tv: clock_t ticks (USER_HZ 100) as seconds, "%g". */
export function printTicks(p: Printer, key: string, ticks: number | bigint): void {
  const s = formatG(Number(ticks) / 100);
  p.literal(PRINT_ANY, key, `${key} %s `, s);
}

function gatewayFamily(m: NexthopMessage, len: number): number {
  if (m.family === AF_INET || m.family === AF_INET6) return m.family;
  return len === 16 ? AF_INET6 : AF_INET;
}

/** One nexthop (one JSON object / one text line without its newline). */
export function renderNexthop(
  p: Printer,
  m: NexthopMessage,
  ctx: NexthopRenderContext,
  deleted = false,
): void {
  p.openObject();
  if (deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  p.number(PRINT_ANY, 'id', 'id %u ', m.id >>> 0);
  if (m.group) {
    p.openArray('group');
    p.fp('group ');
    m.group.forEach((g, i) => {
      p.openObject();
      if (i) p.fp('/');
      p.number(PRINT_ANY, 'id', '%u', g.id >>> 0);
      if (g.weight) p.number(PRINT_ANY, 'weight', ',%u', g.weight + 1);
      p.closeObject();
    });
    p.fp(' ');
    p.closeArray();
  }
  if (m.groupType !== NEXTHOP_GRP_TYPE_MPATH) {
    p.string(
      PRINT_ANY,
      'type',
      'type %s ',
      m.groupType === NEXTHOP_GRP_TYPE_RES ? 'resilient' : '<unknown type>',
    );
  }
  if (m.resGroup) {
    p.openObject('resilient_args');
    p.number(PRINT_ANY, 'buckets', 'buckets %u ', m.resGroup.buckets);
    printTicks(p, 'idle_timer', m.resGroup.idleTimer);
    printTicks(p, 'unbalanced_timer', m.resGroup.unbalancedTimer);
    printTicks(p, 'unbalanced_time', m.resGroup.unbalancedTime);
    p.closeObject();
  }
  if (m.encap) {
    // lwt_print_encap, as __print_nexthop_entry calls it (its " encap " leaves two spaces after the id).
    printEncap(p, m.attrs.get(NHA_ENCAP_TYPE)?.data, m.encap.data, {
      names: ctx.names,
      nameOf: ctx.nameOf,
      stats: ctx.stats ?? 0,
    });
  }
  if (m.gateway && m.gateway.length) {
    const fam = gatewayFamily(m, m.gateway.length);
    const gw = formatAddr(fam, m.gateway);
    if (p.json) p.string(PRINT_JSON, 'gateway', '', gw);
    else {
      p.fp('via ');
      p.string(PRINT_FP, null, '%s ', gw, fam === AF_INET6 ? 'inet6' : 'inet');
    }
  }
  if (m.oif) {
    const name = ctx.nameOf(m.oif);
    if (p.json) p.string(PRINT_JSON, 'dev', '', name);
    else {
      p.fp('dev ');
      p.string(PRINT_FP, null, '%s ', name, 'ifname');
    }
  }
  if (m.scope !== 0 || ctx.details > 0)
    p.string(PRINT_ANY, 'scope', 'scope %s ', ctx.names.scopeName(m.scope));
  if (m.blackhole) p.null(PRINT_ANY, 'blackhole', 'blackhole ', '');
  if (m.protocol !== 0 || ctx.details > 0)
    p.string(PRINT_ANY, 'protocol', 'proto %s ', ctx.names.protocolName(m.protocol));
  printRtFlags(p, m.flags);
  if (m.fdb) p.null(PRINT_ANY, 'fdb', 'fdb', '');
  p.closeObject();
}
