/**
 * `nlts link xstats type KIND [ARGS]` (ip/iplink_xstats.c iplink_ifla_xstats,
 * bridge_parse_xstats / bridge_print_xstats of ip/iplink_bridge.c, and the
 * bond ones of ip/iplink_bond.c): one RTM_GETSTATS dump with the link's (or,
 * for a *_slave kind, the port's) extended statistics, printed per device as
 * ip prints them. The counters' printers are shared with the stats command (../xstats-render.ts).
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { invarg, matches, nodev } from '../../iproute/parse.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { AttributeDecoder, AttributeIndex, type Attribute } from '../../netlink/codec/attributes.js';
import {
  decodeStats,
  encodeStatsRequest,
  statsFilterBit,
  type StatsMessage,
} from '../../netlink/route/stats.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import { makePrinter, openRoute } from '../common.js';
import { printBond3ad, printBridgeMcast, printBridgeStp } from '../xstats-render.js';
import { KIND_PARSERS } from './change-kinds.js';
import { RTM_GETSTATS, RTM_NEWSTATS } from '../../netlink/gen/rtnetlink.js';
import {
  IFLA_STATS_LINK_XSTATS,
  IFLA_STATS_LINK_XSTATS_SLAVE,
  LINK_XSTATS_TYPE_BOND,
  LINK_XSTATS_TYPE_BRIDGE,
} from '../../netlink/gen/if_link.js';
import { BRIDGE_XSTATS_MCAST, BRIDGE_XSTATS_STP } from '../../netlink/gen/if_bridge.js';
import { BOND_XSTATS_3AD } from '../../netlink/gen/if_bonding.js';

/** print_explain of iplink_xstats.c. */
const XSTATS_USAGE = 'Usage: ... xstats type TYPE [ ARGS ]';

/** The kinds whose xstats ip prints: the nest they live in and the suites by word. */
const XSTATS_KINDS: Record<
  string,
  {
    linkType: number;
    words: Record<string, number>;
    usage: string;
    /** One suite attribute of the kind's nest, as the kernel sent it. */
    print: (p: Printer, a: Attribute) => void;
  }
> = {
  bridge: {
    linkType: LINK_XSTATS_TYPE_BRIDGE,
    words: { igmp: BRIDGE_XSTATS_MCAST, mcast: BRIDGE_XSTATS_MCAST, stp: BRIDGE_XSTATS_STP },
    usage: '[ igmp ] [ dev DEVICE ]',
    print: (p, a) => {
      if (a.type === BRIDGE_XSTATS_MCAST) printBridgeMcast(p, a.data);
      else if (a.type === BRIDGE_XSTATS_STP) printBridgeStp(p, a.data);
    },
  },
  bond: {
    linkType: LINK_XSTATS_TYPE_BOND,
    words: { lacp: BOND_XSTATS_3AD, '802.3ad': BOND_XSTATS_3AD },
    usage: '[ 802.3ad ] [ dev DEVICE ]',
    print: (p, a) => {
      if (a.type === BOND_XSTATS_3AD) printBond3ad(p, AttributeIndex.of(a, true)!);
    },
  },
};

/** iplink_ifla_xstats. */
export function linkXstats(args: string[], env: CommandEnv): number {
  if (args.length === 0) throw new CliError('xstats: missing argument', 1);
  const w = args[0]!;
  if (matches(w, 'help')) {
    env.out.write(XSTATS_USAGE + '\n');
    return 0;
  }
  if (!matches(w, 'type')) invarg('unknown argument', w);
  const kind = args[1];
  if (kind === undefined) throw new CliError('Command line is not complete. Try option "help"', 255);
  const slave = kind.endsWith('_slave');
  const base = slave ? kind.slice(0, -'_slave'.length) : kind;
  const x = XSTATS_KINDS[base];
  if (!x) {
    if (KIND_PARSERS[base] === undefined && !['tun', 'tap'].includes(base)) invarg('invalid type', kind);
    throw new CliError(`xstats: link type ${kind} doesn't support xstats`, 1);
  }
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn);
    let only = 0;
    let index = 0;
    // bridge_parse_xstats / bond_parse_xstats: exact words.
    for (let i = 2; i < args.length; i++) {
      const a = args[i]!;
      if (a in x.words) only = x.words[a]!;
      else if (a === 'dev') {
        const v = args[++i];
        if (v === undefined) throw new CliError('Command line is not complete. Try option "help"', 255);
        index = links.indexOf(v);
        if (!index) nodev(v);
      } else if (a === 'help') {
        env.out.write(`Usage: ... ${kind} ${x.usage}\n`);
        return 0;
      } else invarg('unknown attribute', a);
    }
    const at = slave ? IFLA_STATS_LINK_XSTATS_SLAVE : IFLA_STATS_LINK_XSTATS;
    const req = encodeStatsRequest({ family: 0, ifindex: 0, filterMask: statsFilterBit(at) });
    const p = makePrinter(env, env.out);
    p.startDocument();
    for (const msg of conn.dump(RTM_GETSTATS, req)) {
      if (msg.type !== RTM_NEWSTATS) continue;
      const m: StatsMessage = decodeStats(msg.payload);
      if (index && index !== m.ifindex) continue;
      // bridge_print_stats_attr: the kind's nest, its suites in the kernel's order.
      const raw = m.attrs.nested(at, true)?.bytes(x.linkType);
      if (!raw) continue;
      p.openObject();
      p.string(PRINT_ANY, 'ifname', '%-16s\n', links.nameOf(m.ifindex));
      for (const a of AttributeDecoder.all(raw)) {
        if (only && a.type !== only) continue;
        x.print(p, a);
      }
      p.closeObject();
    }
    p.endDocument();
    return 0;
  } finally {
    conn.close();
  }
}
