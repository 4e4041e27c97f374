/**
 * `nlts stats show [ dev DEV ] [ group GROUP [ subgroup SUB [ suite SUITE ] ] ] …`
 * and `nlts stats set dev DEV l3_stats { on | off }`: iproute2 6.1's `ip stats`
 * (ip/ipstats.c, with the xstats suites of ip/iplink_bridge.c and
 * ip/iplink_bond.c), one RTM_GETSTATS request or dump with the filter mask the
 * selected statistics need, printed leaf by leaf as ip prints them.
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { Args } from '../../iproute/args.js';
import { duparg2, invarg, nodev, parseOnOff } from '../../iproute/parse.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { printNum, type NumberFormat } from '../../iproute/human.js';
import { AttributeEncoder, type AttributeIndex } from '../../netlink/codec/attributes.js';
import { decodeLinkStats, isValidIfname } from '../../netlink/route/link.js';
import {
  HW_STATS64_FIELDS,
  MPLS_LINK_STATS_FIELDS,
  decodeStats,
  encodeStatsRequest,
  readU64Struct,
  statsFilterBit,
  type StatsMessage,
} from '../../netlink/route/stats.js';
import { PRINT_ANY, PRINT_JSON, type Printer } from '../../output/printer.js';
import { printStats64 } from '../link/render-base.js';
import { printBond3ad, printBridgeMcast, printBridgeStp } from '../xstats-render.js';
import { makePrinter, openRoute } from '../common.js';
import { RTM_GETSTATS, RTM_NEWSTATS, RTM_SETSTATS } from '../../netlink/gen/rtnetlink.js';
import {
  IFLA_OFFLOAD_XSTATS_CPU_HIT,
  IFLA_OFFLOAD_XSTATS_HW_S_INFO,
  IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST,
  IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED,
  IFLA_OFFLOAD_XSTATS_L3_STATS,
  IFLA_OFFLOAD_XSTATS_MAX,
  IFLA_STATS_AF_SPEC,
  IFLA_STATS_LINK_64,
  IFLA_STATS_LINK_OFFLOAD_XSTATS,
  IFLA_STATS_LINK_XSTATS,
  IFLA_STATS_LINK_XSTATS_SLAVE,
  IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS,
  LINK_XSTATS_TYPE_BOND,
  LINK_XSTATS_TYPE_BRIDGE,
  LINK_XSTATS_TYPE_MAX,
} from '../../netlink/gen/if_link.js';
import { BRIDGE_XSTATS_MCAST, BRIDGE_XSTATS_STP } from '../../netlink/gen/if_bridge.js';
import { BOND_XSTATS_3AD } from '../../netlink/gen/if_bonding.js';
import { MPLS_STATS_LINK } from '../../netlink/gen/mpls.js';
import { AF_MPLS } from '../../netlink/gen/socket.js';

/** ipstats_levels[]: the selector words, outermost first. */
const LEVELS = ['group', 'subgroup', 'suite'] as const;

/**
 * What a leaf prints after its "IFINDEX: NAME: group …" header; true when
 * it has ended the line itself (the link printer's print_stats64 does).
 */
type Show = (p: Printer, m: StatsMessage, level: number, fmt: NumberFormat) => boolean | void;

interface Leaf {
  readonly kind: 'leaf';
  readonly name: string;
  /** ip 6.1's print order of enabled leaves (see ORDER). */
  readonly rank: number;
  /** The top-level IFLA_STATS_* it needs, and the bit inside that nest (0: the whole nest). */
  readonly at: number;
  readonly subBits: readonly number[];
  readonly show: Show;
}

interface Group {
  readonly kind: 'group';
  readonly name: string;
  readonly subs: readonly Desc[];
}

type Desc = Leaf | Group;

/**
 * ip 6.1 sorts the enabled leaves by the address of their descriptors
 * (ipstats_comp_enabled's qsort); in its binary that order is this one, so
 * nlts prints in it too: afstats, link, offload (l3_stats, hw_stats_info,
 * cpu_hit), then the bond and bridge xstats suites.
 */
const ORDER = [
  'afstats/mpls',
  'link',
  'offload/l3_stats',
  'offload/hw_stats_info',
  'offload/cpu_hit',
  'xstats_slave/bond/802.3ad',
  'xstats/bond/802.3ad',
  'xstats_slave/bridge/mcast',
  'xstats_slave/bridge/stp',
  'xstats/bridge/mcast',
  'xstats/bridge/stp',
];

/** The nested table of a top-level attribute, or undefined (ipstats_stat_show_get_attr). */
function nest(m: StatsMessage, at: number): AttributeIndex | undefined {
  return m.attrs.nested(at, true);
}

/** The 64-bit counters ip prints through print_stats64 (ip/ipaddress.c), the JSON object "stats64". */
function printStats64Of(p: Printer, data: Uint8Array, level: number, fmt: NumberFormat): true {
  printStats64(p, decodeLinkStats(data), undefined, 'stats64', level, fmt);
  // print_nl(), which ipstats prints after closing the object.
  p.nl();
  return true;
}

/** size_columns (ip/ipaddress.c): each column as wide as its widest number, unless -human. */
function sizeColumns(cols: number[], values: readonly bigint[], fmt: NumberFormat): void {
  if (fmt.human) return;
  values.forEach((v, i) => (cols[i] = Math.max(cols[i]!, v.toString().length)));
}

/**
 * print_hw_stats64 (ip/ipstats.c) and print_mpls_link_stats (ip/ipaddress.c):
 * the same five-column RX and four-column TX blocks; the fifth RX column is
 * "mcast" for the former and "noroute" for the latter.
 */
function printFiveColumns(
  p: Printer,
  s: Readonly<
    Record<
      | 'rx_bytes'
      | 'rx_packets'
      | 'rx_errors'
      | 'rx_dropped'
      | 'tx_bytes'
      | 'tx_packets'
      | 'tx_errors'
      | 'tx_dropped',
      bigint
    >
  >,
  fifthValue: bigint,
  fifth: { key: string; head: string },
  fmt: NumberFormat,
): void {
  const indent = '    ';
  const rx = [s.rx_bytes, s.rx_packets, s.rx_errors, s.rx_dropped, fifthValue];
  const tx = [s.tx_bytes, s.tx_packets, s.tx_errors, s.tx_dropped];
  if (p.json) {
    p.openObject('rx');
    ['bytes', 'packets', 'errors', 'dropped', fifth.key].forEach((k, i) =>
      p.number(PRINT_JSON, k, '', rx[i]!),
    );
    p.closeObject();
    p.openObject('tx');
    ['bytes', 'packets', 'errors', 'dropped'].forEach((k, i) => p.number(PRINT_JSON, k, '', tx[i]!));
    p.closeObject();
    return;
  }
  // strlen("*X: bytes"), "packets", "errors", "dropped", and "overrun" (print_hw_stats64) or
  // "noroute" (print_mpls_link_stats): seven either way, whatever the fifth header says.
  const cols = [9, 7, 6, 7, 7];
  sizeColumns(cols, rx, fmt);
  sizeColumns(cols, [...tx, 0n], fmt);
  const head = (dir: string, n: number): string =>
    `${indent}${dir}: ` +
    ['bytes', 'packets', 'errors', 'dropped', fifth.head]
      .slice(0, n)
      .map((h, i) => h.padStart(i === 0 ? cols[0]! - 4 : cols[i]!))
      .join(' ');
  let t = head('RX', 5) + p.sl + indent;
  rx.forEach((v, i) => (t += printNum(cols[i]!, v, fmt)));
  t += p.sl + head('TX', 4) + p.sl + indent;
  tx.forEach((v, i) => (t += printNum(cols[i]!, v, fmt)));
  p.fp(t);
}

/** ipstats_show_hw64: struct rtnl_hw_stats64 as print_hw_stats64 prints it. */
function printHwStats64(p: Printer, data: Uint8Array, fmt: NumberFormat): void {
  const s = readU64Struct(data, HW_STATS64_FIELDS);
  printFiveColumns(p, s, s.multicast, { key: 'multicast', head: 'mcast' }, fmt);
}

/** One IFLA_OFFLOAD_XSTATS_HW_S_INFO entry: request and used, each 0 or 1 (ipstats_dissect_hw_s_info_one). */
interface HwStatsInfo {
  request?: boolean;
  used?: boolean;
}

function dissectOne(t: AttributeIndex | undefined, what: string): HwStatsInfo | undefined {
  if (!t) return undefined;
  const r: HwStatsInfo = {};
  const bool01 = (v: number | undefined, name: string): boolean | undefined => {
    if (v === undefined) return undefined;
    if (v === 0 || v === 1) return v === 1;
    throw new CliError(`Invalid value for ${name}: expected 0 or 1, got ${v}.`, 1);
  };
  r.request = bool01(t.u8(IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST), 'request');
  // "This has to be present & valid." (ipstats_dissect_hw_s_info_one)
  if (t.has(IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST) && r.request === undefined)
    throw new CliError(`Invalid ${what} statistics info`, 1);
  r.used = bool01(t.u8(IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED), 'used');
  return r;
}

/** __ipstats_show_hw_s_info_one: " on|off" for the request, " used on|off". */
function printHwStatsInfoOne(p: Printer, i: HwStatsInfo | undefined): void {
  if (!i) return;
  if (i.request !== undefined) p.onOff(PRINT_ANY, 'request', ' %s', i.request);
  if (i.used !== undefined) p.onOff(PRINT_ANY, 'used', ' used %s', i.used);
}

const showLink: Show = (p, m, level, fmt) => {
  p.nl();
  const d = m.attrs.bytes(IFLA_STATS_LINK_64);
  if (d) return printStats64Of(p, d, level, fmt);
};

const showCpuHit: Show = (p, m, level, fmt) => {
  p.nl();
  const d = nest(m, IFLA_STATS_LINK_OFFLOAD_XSTATS)?.bytes(IFLA_OFFLOAD_XSTATS_CPU_HIT);
  if (d) return printStats64Of(p, d, level, fmt);
};

const showHwStatsInfo: Show = (p, m) => {
  const info = nest(m, IFLA_STATS_LINK_OFFLOAD_XSTATS)?.nested(IFLA_OFFLOAD_XSTATS_HW_S_INFO, true);
  if (!info) return;
  p.nl();
  const l3 = dissectOne(info.nested(IFLA_OFFLOAD_XSTATS_L3_STATS, true), 'l3');
  p.openObject('info');
  if (l3) {
    p.fp('    l3_stats');
    p.openObject('l3_stats');
    printHwStatsInfoOne(p, l3);
    p.closeObject();
  }
  p.closeObject();
};

const showL3Stats: Show = (p, m, _level, fmt) => {
  const off = nest(m, IFLA_STATS_LINK_OFFLOAD_XSTATS);
  const info = off?.nested(IFLA_OFFLOAD_XSTATS_HW_S_INFO, true);
  if (!info) return;
  const stats = off!.bytes(IFLA_OFFLOAD_XSTATS_L3_STATS);
  p.openObject('info');
  printHwStatsInfoOne(p, dissectOne(info.nested(IFLA_OFFLOAD_XSTATS_L3_STATS, true), 'l3'));
  p.closeObject();
  if (stats) {
    p.nl();
    p.openObject('stats64');
    printHwStats64(p, stats, fmt);
    p.closeObject();
  }
};

const showMpls: Show = (p, m, _level, fmt) => {
  const af = nest(m, IFLA_STATS_AF_SPEC)?.nested(AF_MPLS, true);
  if (!af) return;
  const d = af.bytes(MPLS_STATS_LINK);
  if (!d) return;
  const s = readU64Struct(d, MPLS_LINK_STATS_FIELDS);
  p.nl();
  p.openObject('mpls_stats');
  printFiveColumns(p, s, s.rx_noroute, { key: 'noroute', head: 'noroute' }, fmt);
  p.closeObject();
};

/**
 * ipstats_stat_desc_show_xstats: the suite's attribute inside the link
 * type's nest of IFLA_STATS_LINK_XSTATS[_SLAVE]; printed after a newline
 * when the kernel sent it.
 */
function xstatsShow(
  at: number,
  linkType: number,
  inner: number,
  print: (p: Printer, t: AttributeIndex) => void,
): Show {
  return (p, m) => {
    const suites = nest(m, at)?.nested(linkType, true);
    if (!suites || !suites.has(inner)) return;
    p.nl();
    print(p, suites);
  };
}

/** A suite of the xstats groups: its attribute inside the link type's nest, and its printer. */
function xstatsLeaf(
  at: number,
  linkType: number,
  path: string,
  inner: number,
  print: (p: Printer, t: AttributeIndex) => void,
): Leaf {
  const suite = path.slice(path.lastIndexOf('/') + 1);
  return leaf(`${xname(at)}/${path}`, suite, at, [], xstatsShow(at, linkType, inner, print));
}

/** The bridge suites (ip/iplink_bridge.c): stp, then mcast. */
function bridgeSuites(at: number): Group {
  const bytes =
    (type: number, print: (p: Printer, d: Uint8Array) => void) => (p: Printer, t: AttributeIndex) =>
      print(p, t.bytes(type)!);
  return {
    kind: 'group',
    name: 'bridge',
    subs: [
      xstatsLeaf(
        at,
        LINK_XSTATS_TYPE_BRIDGE,
        'bridge/stp',
        BRIDGE_XSTATS_STP,
        bytes(BRIDGE_XSTATS_STP, printBridgeStp),
      ),
      xstatsLeaf(
        at,
        LINK_XSTATS_TYPE_BRIDGE,
        'bridge/mcast',
        BRIDGE_XSTATS_MCAST,
        bytes(BRIDGE_XSTATS_MCAST, printBridgeMcast),
      ),
    ],
  };
}

/** The bond suite (ip/iplink_bond.c): 802.3ad. */
function bondSuites(at: number): Group {
  return {
    kind: 'group',
    name: 'bond',
    subs: [
      xstatsLeaf(at, LINK_XSTATS_TYPE_BOND, 'bond/802.3ad', BOND_XSTATS_3AD, (p, t) =>
        printBond3ad(p, t.nested(BOND_XSTATS_3AD, true)!),
      ),
    ],
  };
}

function xname(at: number): string {
  return at === IFLA_STATS_LINK_XSTATS ? 'xstats' : 'xstats_slave';
}

function leaf(path: string, name: string, at: number, subBits: readonly number[], show: Show): Leaf {
  const rank = ORDER.indexOf(path);
  if (rank < 0) throw new Error(`stats leaf ${path} has no place in ORDER`);
  return { kind: 'leaf', name, rank, at, subBits, show };
}

/** ipstats_stat_desc_toplev_group: the groups in ip's order (its help and its selection walk). */
const TOP: Group = {
  kind: 'group',
  name: 'top-level',
  subs: [
    leaf('link', 'link', IFLA_STATS_LINK_64, [], showLink),
    {
      kind: 'group',
      name: 'xstats',
      subs: [bridgeSuites(IFLA_STATS_LINK_XSTATS), bondSuites(IFLA_STATS_LINK_XSTATS)],
    },
    {
      kind: 'group',
      name: 'xstats_slave',
      subs: [bridgeSuites(IFLA_STATS_LINK_XSTATS_SLAVE), bondSuites(IFLA_STATS_LINK_XSTATS_SLAVE)],
    },
    {
      kind: 'group',
      name: 'offload',
      subs: [
        leaf(
          'offload/cpu_hit',
          'cpu_hit',
          IFLA_STATS_LINK_OFFLOAD_XSTATS,
          [IFLA_OFFLOAD_XSTATS_CPU_HIT],
          showCpuHit,
        ),
        leaf(
          'offload/hw_stats_info',
          'hw_stats_info',
          IFLA_STATS_LINK_OFFLOAD_XSTATS,
          [IFLA_OFFLOAD_XSTATS_HW_S_INFO],
          showHwStatsInfo,
        ),
        leaf(
          'offload/l3_stats',
          'l3_stats',
          IFLA_STATS_LINK_OFFLOAD_XSTATS,
          [IFLA_OFFLOAD_XSTATS_L3_STATS, IFLA_OFFLOAD_XSTATS_HW_S_INFO],
          showL3Stats,
        ),
      ],
    },
    {
      kind: 'group',
      name: 'afstats',
      subs: [leaf('afstats/mpls', 'mpls', IFLA_STATS_AF_SPEC, [], showMpls)],
    },
  ],
};

/** do_help (ip/ipstats.c): the usage, then each group's subgroups and suites, built from TOP. */
export function statsHelp(): string {
  const lines = [
    'Usage: nlts stats help',
    '       nlts stats show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ...',
    '       nlts stats set dev DEV l3_stats { on | off }',
    `GROUP := { ${TOP.subs.map((d) => d.name).join(' | ')} }`,
  ];
  for (const g of TOP.subs) {
    if (g.kind !== 'group') continue;
    const subs = g.subs.map((s) =>
      s.kind === 'group' ? `${s.name}${s.subs.map((x) => ` [ suite ${x.name} ]`).join('')}` : s.name,
    );
    lines.push(`${g.name} SUBGROUP := { ${subs.join(' | ')} }`);
  }
  return lines.join('\n');
}

/** One enabled leaf and the selector words that reached it (ipstats_stat_enabled_one). */
interface Enabled {
  leaf: Leaf;
  sel: string[];
}

/** ipstats_enable_find_stat_desc: the descriptor a selection names, or ip's message. */
function findDesc(sel: readonly string[]): Desc {
  let desc: Desc = TOP;
  sel.forEach((name, i) => {
    if (desc.kind === 'leaf') {
      throw new CliError(
        `Error: ${LEVELS[i]} ${name} requested inside leaf ${LEVELS[i - 1]} ${desc.name}`,
        22,
      );
    }
    const next: Desc | undefined = desc.subs.find((s) => s.name === name);
    if (!next) throw new CliError(`Error: no ${LEVELS[i]} named ${name} found inside ${desc.name}`, 22);
    desc = next;
  });
  return desc;
}

/** ipstats_enable_recursively: every leaf under `desc`, each with its selector path. */
function leavesUnder(desc: Desc, sel: string[], out: Enabled[]): void {
  if (desc.kind === 'leaf') {
    out.push({ leaf: desc, sel });
    return;
  }
  for (const s of desc.subs) leavesUnder(s, [...sel, s.name], out);
}

/** ipstats_enable: add the selection's leaves, kept in ip's order and each once. */
function enable(sel: readonly string[], enabled: Enabled[]): void {
  const found: Enabled[] = [];
  leavesUnder(findDesc(sel), [...sel], found);
  for (const e of found) if (!enabled.some((x) => x.leaf === e.leaf)) enabled.push(e);
  enabled.sort((a, b) => a.leaf.rank - b.leaf.rank);
}

/** "dev DEV" of ipstats_show and ipstats_set: once, and a valid name (check_ifname). */
function devArg(v: string, seen: string | undefined): string {
  if (seen !== undefined) duparg2('dev', v);
  if (!isValidIfname(v)) invarg('"dev" not a valid ifname', v);
  return v;
}

export interface StatsShowArgs {
  dev?: string;
  enabled: Enabled[];
}

/** ipstats_show's argument loop (exact words, as ip compares them with strcmp). */
export function parseStatsShow(args: readonly string[]): StatsShowArgs | 'help' {
  const sel: (string | undefined)[] = [];
  const enabled: Enabled[] = [];
  let dev: string | undefined;
  const push = (): void => {
    const s = sel.filter((x): x is string => x !== undefined);
    enable(s, enabled);
  };
  for (const argv = new Args(args); argv.more; argv.i++) {
    const a = argv.cur;
    if (a === 'dev') {
      dev = devArg(argv.next(), dev);
    } else if (a === 'help') return 'help';
    else {
      const level = (LEVELS as readonly string[]).indexOf(a);
      if (level < 0) throw new CliError(`What is "${a}"?\n${statsHelp()}`, 22, 'usage', true);
      const v = argv.next();
      // ipstats_select: the outer levels must be chosen first; a deeper choice already made is pushed.
      for (let i = 0; i < level; i++) {
        if (sel[i] === undefined) {
          throw new CliError(
            `Error: ${LEVELS[level]} ${v} requested without selecting a ${LEVELS[i]} first`,
            22,
          );
        }
      }
      if (sel.slice(level).some((x) => x !== undefined)) push();
      sel[level] = v;
      sel.length = level + 1;
    }
  }
  // "Push whatever was given."
  push();
  return { dev, enabled };
}

/** ipstats_req_add_filters: the top-level mask, and a nest mask where only part of a nest is wanted. */
export function statsFilters(enabled: readonly Enabled[]): { mask: number; nests: Map<number, number> } {
  let mask = 0;
  const nestMasks = new Map<number, number>();
  for (const { leaf: l } of enabled) {
    mask |= statsFilterBit(l.at);
    for (const b of l.subBits) nestMasks.set(l.at, (nestMasks.get(l.at) ?? 0) | statsFilterBit(b));
  }
  // ipstats_req_should_filter_at: a nest with every attribute wanted is not filtered.
  const nests = new Map<number, number>();
  for (const [at, m] of nestMasks) {
    const max = at === IFLA_STATS_LINK_OFFLOAD_XSTATS ? IFLA_OFFLOAD_XSTATS_MAX : LINK_XSTATS_TYPE_MAX;
    if (m !== 0 && m !== (1 << max) - 1) nests.set(at, m);
  }
  return { mask, nests };
}

/** ipstats_process_ifsm: each enabled leaf of one interface as one object. */
function renderStats(
  p: Printer,
  m: StatsMessage,
  enabled: readonly Enabled[],
  nameOf: (i: number) => string,
  level: number,
  fmt: NumberFormat,
): void {
  for (const { leaf: l, sel } of enabled) {
    p.openObject();
    p.number(PRINT_ANY, 'ifindex', '%d:', m.ifindex);
    p.string(PRINT_ANY, 'ifname', ' %s:', nameOf(m.ifindex), 'ifname');
    sel.forEach((s, i) => {
      p.string(PRINT_JSON, LEVELS[i]!, '', s);
      p.fp(` ${LEVELS[i]!} ${s}`);
    });
    const ended = l.show(p, m, level, fmt) === true;
    p.closeObject();
    if (!ended) p.nl();
  }
}

function statsShow(args: string[], env: CommandEnv, level: number): number {
  const parsed = parseStatsShow(args);
  if (parsed === 'help') {
    env.err.write(statsHelp() + '\n');
    return 0;
  }
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn);
    let ifindex = 0;
    if (parsed.dev !== undefined) {
      ifindex = links.indexOf(parsed.dev);
      if (!ifindex) nodev(parsed.dev);
    }
    const { mask, nests } = statsFilters(parsed.enabled);
    const body = encodeStatsRequest({ family: 0, ifindex, filterMask: mask, nestFilters: nests });
    const fmt: NumberFormat = { human: env.opts.human, iec: env.opts.iec };
    const p = makePrinter(env, env.out);
    p.startDocument();
    const nameOf = (i: number): string => links.nameOf(i);
    if (ifindex) {
      for (const msg of conn.request(RTM_GETSTATS, body)) {
        if (msg.type === RTM_NEWSTATS)
          renderStats(p, decodeStats(msg.payload), parsed.enabled, nameOf, level, fmt);
      }
    } else {
      for (const msg of conn.dump(RTM_GETSTATS, body)) {
        if (msg.type !== RTM_NEWSTATS) continue;
        renderStats(p, decodeStats(msg.payload), parsed.enabled, nameOf, level, fmt);
        p.nl();
      }
    }
    p.endDocument();
    return 0;
  } finally {
    conn.close();
  }
}

/** ipstats_set: RTM_SETSTATS with the one u8 toggle. */
function statsSet(args: string[], env: CommandEnv): number {
  let dev: string | undefined;
  let toggle: { at: number; on: boolean } | undefined;
  for (const argv = new Args(args); argv.more; argv.i++) {
    const a = argv.cur;
    if (a === 'dev') {
      dev = devArg(argv.next(), dev);
    } else if (a === 'l3_stats') {
      const v = argv.next();
      if (toggle) throw new CliError('A statistics suite to toggle was already given.', 22);
      // ip stats set exits with parse_on_off's -EINVAL (22).
      toggle = { at: IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS, on: parseOnOff('l3_stats', v, 22) };
    } else if (a === 'help') {
      env.err.write(statsHelp() + '\n');
      return 0;
    } else throw new CliError(`What is "${a}"?\n${statsHelp()}`, 22, 'usage', true);
  }
  if (dev === undefined) throw new CliError('Not enough information: "dev" argument is required.', 255);
  if (!toggle) throw new CliError('Not enough information: stat type to toggle is required.', 255);
  const conn = openRoute(env);
  try {
    const ifindex = new LinkCache(conn).indexOf(dev);
    if (!ifindex) nodev(dev);
    const attrs = new AttributeEncoder().u8(toggle.at, toggle.on ? 1 : 0).finish();
    const head = encodeStatsRequest({ family: 0, ifindex, filterMask: 0 });
    const body = new Uint8Array(head.length + attrs.length);
    body.set(head);
    body.set(attrs, head.length);
    conn.request(RTM_SETSTATS, body);
    return 0;
  } finally {
    conn.close();
  }
}

export const statsCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  // A bare "ip stats" shows at the -s level given; print_stats64 prints level 0 as 1.
  if (verb === undefined) return statsShow([], env, Math.max(env.opts.stats, 1));
  if (verb === 'help') {
    env.err.write(statsHelp() + '\n');
    return 0;
  }
  // "Invoking "stats show" implies one -s. Passing -d adds one more -s." (do_ipstats)
  if (verb === 'show') return statsShow(args.slice(1), env, env.opts.stats + env.opts.details + 1);
  if (verb === 'set') return statsSet(args.slice(1), env);
  throw new CliError(`Command "${verb}" is unknown, try "nlts stats help".`, 1);
};
