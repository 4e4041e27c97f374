/**
 * The one object registry: every object nlts knows, in ip's order of
 * abbreviation matching (ip/ip.c cmds[]: "l" is link, "n" is neighbor, "net"
 * is netns), with what each part of nlts needs to know about it:
 *
 *   - the CLI dispatches on `words` and lazily loads `load()` (src/cli/main.ts);
 *   - `nlts help` lists `usage` objects, and the See-also line their `man` pages;
 *   - for rtnetlink objects (`rtnl`): `nlts monitor`'s object words, labels,
 *     groups and message types (src/commands/monitor/rtnl.ts), the group
 *     names of JSON records and of the library's events() (src/api/route-client.ts),
 *     and the library's event kind;
 *   - `npm run record` runs each `golden.script` once (scripts/record.mjs).
 *
 * Wire values come from the generated tables (src/netlink/gen/); nothing here
 * is a hand-typed constant. This module sits below src/cli and src/commands and
 * imports neither statically, so there is no cycle; handlers are loaded on use.
 */
import type { CommandHandler } from '../commands/env.js';
import { notProvidedHandler } from '../commands/not-provided.js';
import { matches } from '../iproute/parse.js';
import {
  RTM_DELADDR,
  RTM_DELADDRLABEL,
  RTM_GETADDRLABEL,
  RTM_NEWADDRLABEL,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_DELNETCONF,
  RTM_DELNEXTHOP,
  RTM_DELNSID,
  RTM_DELROUTE,
  RTM_DELRULE,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETNEIGH,
  RTM_GETNEIGHTBL,
  RTM_GETNETCONF,
  RTM_GETNEXTHOP,
  RTM_GETNSID,
  RTM_GETROUTE,
  RTM_GETRULE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWNEIGHTBL,
  RTM_NEWNETCONF,
  RTM_NEWNEXTHOP,
  RTM_NEWNSID,
  RTM_NEWROUTE,
  RTM_NEWRULE,
  RTM_SETNEIGHTBL,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV4_NETCONF,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV4_RULE,
  RTNLGRP_IPV6_IFADDR,
  RTNLGRP_IPV6_NETCONF,
  RTNLGRP_IPV6_ROUTE,
  RTNLGRP_IPV6_RULE,
  RTNLGRP_LINK,
  RTNLGRP_MPLS_NETCONF,
  RTNLGRP_MPLS_ROUTE,
  RTNLGRP_NAMES,
  RTNLGRP_NEIGH,
  RTNLGRP_NEXTHOP,
  RTNLGRP_NSID,
} from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_MPLS } from '../netlink/gen/socket.js';

/** A multicast group and the address family whose events it carries (none: every family). */
export interface RtnlGroup {
  readonly group: number;
  readonly family?: number;
}

/** What an rtnetlink object is on the wire. */
export interface RtnlSpec {
  /** RTM_NEW* / RTM_DEL* / RTM_GET* (and RTM_SET* where the kernel has one). */
  readonly types: {
    readonly new: number;
    readonly del?: number;
    readonly get: number;
    readonly set?: number;
  };
  /** Groups its notifications go to; empty when the kernel sends none. */
  readonly groups: readonly RtnlGroup[];
  /** `nlts monitor`: absent when ip monitor has no word for the object. */
  readonly monitor?: {
    /** ip monitor's word (ipmonitor.c), abbreviable. */
    readonly word: string;
    /** The JSON record's "source" (and, upper-cased, the `[LABEL]` with `all`). */
    readonly source: string;
    /** Position in ipmonitor.c's matches() chain and in `monitor all`'s output order. */
    readonly rank: number;
    /** Other message types delivered on the groups and shown as "new" (RTM_GETNEIGH: a resolution request). */
    readonly otherTypes?: readonly number[];
  };
  /** The library's RouteEvent kind (RouteClient.events()); absent: delivered as a raw message. */
  readonly eventKind?: string;
}

export interface ObjectEntry {
  /** The canonical name: `nlts-NAME(8)`, monitor and record use it. */
  readonly name: string;
  /** ip's table words for this object, in its matching order; the first is the one usage shows. */
  readonly words: readonly string[];
  /** The handler, loaded on first use. */
  readonly load: () => Promise<CommandHandler>;
  /** A listener: runs until a signal, so it gets an AbortSignal. */
  readonly longRunning?: boolean;
  /** One line for the man page's OBJECTS list. */
  readonly summary: string;
  /** Listed in `nlts help`'s OBJECT := { … } (false for help and the objects not provided). */
  readonly usage: boolean;
  /** Its manual page (`nlts-link` for nlts-link(8)); null when nlts(8) covers it. */
  readonly man: string | null;
  readonly rtnl?: RtnlSpec;
  /** The golden fixtures: the case file (test/golden/…-cases.mjs) and the script that records them. */
  readonly golden?: { readonly cases: string | null; readonly script: string; readonly vm?: boolean };
  /**
   * false for an object of ip that nlts does not provide: its words are in the
   * table so abbreviations resolve as in ip ("m" is maddress, "t" tunnel), and
   * using one says so in one line.
   */
  readonly provided?: false;
}

const v4 = AF_INET;
const v6 = AF_INET6;

/**
 * An object of ip that nlts does not provide: listed so abbreviations
 * resolve as in ip, and using it says so in one line.
 */
function notProvided<N extends string>(name: N, words: readonly string[], what: string) {
  return {
    name,
    words,
    load: async () => notProvidedHandler(words[0]!),
    summary: `${what} (not provided: use ip ${words[0]!})`,
    usage: false,
    man: null,
    provided: false,
  } as const;
}

/** ip/ip.c cmds[] order, with nlts's own objects (genl, raw, dropwatch) before help. */
export const OBJECTS = [
  {
    name: 'address',
    words: ['address'],
    load: async () => (await import('../commands/addr/index.js')).addrCommand,
    summary: 'IPv4 and IPv6 addresses: show, add, change, replace, delete, flush',
    usage: true,
    man: 'nlts-addr',
    rtnl: {
      types: { new: RTM_NEWADDR, del: RTM_DELADDR, get: RTM_GETADDR },
      groups: [
        { group: RTNLGRP_IPV4_IFADDR, family: v4 },
        { group: RTNLGRP_IPV6_IFADDR, family: v6 },
      ],
      monitor: { word: 'address', source: 'addr', rank: 1 },
      eventKind: 'address',
    },
    golden: { cases: 'test/golden/addr-cases.mjs', script: 'scripts/record-addr-goldens.mjs' },
  },
  {
    name: 'addrlabel',
    words: ['addrlabel'],
    load: async () => (await import('../commands/addrlabel/index.js')).addrlabelCommand,
    summary: 'IPv6 address labels (RFC 6724 policy table): list, add, del, flush',
    usage: true,
    man: null,
    // The kernel multicasts no address-label changes; ip monitor has no word for them.
    rtnl: {
      types: { new: RTM_NEWADDRLABEL, del: RTM_DELADDRLABEL, get: RTM_GETADDRLABEL },
      groups: [],
    },
  },
  {
    name: 'maddress',
    words: ['maddress'],
    load: async () => (await import('../commands/maddr/index.js')).maddrCommand,
    summary: 'Multicast addresses of each interface: show, add, del',
    usage: true,
    man: null,
    golden: { cases: 'test/golden/ip-objects-cases.mjs', script: 'scripts/record-ip-objects-goldens.mjs' },
  },
  {
    name: 'route',
    words: ['route'],
    load: async () => (await import('../commands/route/index.js')).routeCommand,
    summary: 'Routing tables: show (streamed), get, add, delete, change, replace, append, flush',
    usage: true,
    man: 'nlts-route',
    rtnl: {
      types: { new: RTM_NEWROUTE, del: RTM_DELROUTE, get: RTM_GETROUTE },
      groups: [
        { group: RTNLGRP_IPV4_ROUTE, family: v4 },
        { group: RTNLGRP_IPV6_ROUTE, family: v6 },
        { group: RTNLGRP_MPLS_ROUTE, family: AF_MPLS },
      ],
      monitor: { word: 'route', source: 'route', rank: 2 },
      eventKind: 'route',
    },
    golden: { cases: 'test/golden/route-cases.mjs', script: 'scripts/record-route-goldens.mjs' },
  },
  {
    name: 'rule',
    words: ['rule'],
    load: async () => (await import('../commands/rule/index.js')).ruleCommand,
    summary: 'Routing policy rules: show, add, delete, flush',
    usage: true,
    man: 'nlts-rule',
    rtnl: {
      types: { new: RTM_NEWRULE, del: RTM_DELRULE, get: RTM_GETRULE },
      groups: [
        { group: RTNLGRP_IPV4_RULE, family: v4 },
        { group: RTNLGRP_IPV6_RULE, family: v6 },
      ],
      monitor: { word: 'rule', source: 'rule', rank: 5 },
      eventKind: 'rule',
    },
    golden: { cases: 'test/golden/rule-cases.mjs', script: 'scripts/record-neigh-rule-goldens.mjs' },
  },
  {
    name: 'neigh',
    words: ['neighbor', 'neighbour'],
    load: async () => (await import('../commands/neigh/index.js')).neighCommand,
    summary: 'The neighbour (ARP and NDP) tables: show, add, delete, change, replace, flush',
    usage: true,
    man: 'nlts-neigh',
    rtnl: {
      types: { new: RTM_NEWNEIGH, del: RTM_DELNEIGH, get: RTM_GETNEIGH },
      groups: [{ group: RTNLGRP_NEIGH }],
      monitor: { word: 'neigh', source: 'neigh', rank: 3, otherTypes: [RTM_GETNEIGH] },
      eventKind: 'neighbour',
    },
    golden: { cases: 'test/golden/neigh-cases.mjs', script: 'scripts/record-neigh-rule-goldens.mjs' },
  },
  {
    name: 'ntable',
    words: ['ntable', 'ntbl'],
    load: async () => (await import('../commands/ntable/index.js')).ntableCommand,
    summary: 'Neighbour table parameters (show, change)',
    usage: true,
    man: 'nlts-ntable',
    golden: { cases: 'test/golden/ip-objects-cases.mjs', script: 'scripts/record-ip-objects-goldens.mjs' },
    // The kernel multicasts no neighbour-table changes; ip monitor has no word for them.
    rtnl: {
      types: { new: RTM_NEWNEIGHTBL, get: RTM_GETNEIGHTBL, set: RTM_SETNEIGHTBL },
      groups: [],
    },
  },
  {
    name: 'link',
    words: ['link'],
    load: async () => (await import('../commands/link/index.js')).linkCommand,
    summary: 'Network devices: show, add, set, delete',
    usage: true,
    man: 'nlts-link',
    rtnl: {
      types: { new: RTM_NEWLINK, del: RTM_DELLINK, get: RTM_GETLINK },
      groups: [{ group: RTNLGRP_LINK }],
      monitor: { word: 'link', source: 'link', rank: 0 },
      eventKind: 'link',
    },
    golden: { cases: 'test/golden/cases.mjs', script: 'scripts/record-goldens.mjs' },
  },
  notProvided('l2tp', ['l2tp'], 'L2TPv3 static tunnels'),
  notProvided('fou', ['fou'], 'Foo-over-UDP receive ports'),
  notProvided('ila', ['ila'], 'Identifier-locator addressing'),
  notProvided('macsec', ['macsec'], 'MACsec devices'),
  notProvided('tunnel', ['tunnel', 'tunl'], 'IP tunnels (ioctl interface)'),
  {
    name: 'tuntap',
    words: ['tuntap', 'tap'],
    load: async () => (await import('../commands/tuntap/index.js')).tuntapCommand,
    summary: 'TUN/TAP devices: show, add, del',
    usage: true,
    man: null,
    golden: { cases: 'test/golden/ip-objects-cases.mjs', script: 'scripts/record-ip-objects-goldens.mjs' },
  },
  {
    name: 'token',
    words: ['token'],
    load: async () => (await import('../commands/token/index.js')).tokenCommand,
    summary: 'IPv6 tokenized interface identifiers: list, get, set, del',
    usage: true,
    man: null,
  },
  notProvided('tcpmetrics', ['tcpmetrics', 'tcp_metrics'], 'TCP metrics cache'),
  {
    name: 'monitor',
    words: ['monitor'],
    load: async () => (await import('../commands/monitor/index.js')).monitorCommand,
    longRunning: true,
    summary:
      'Kernel events as they happen: every rtnetlink object above, process events, uevents and generic netlink groups, with lost events reported and resynchronised',
    usage: true,
    man: 'nlts-monitor',
    golden: { cases: 'test/golden/monitor-cases.mjs', script: 'scripts/record-monitor-goldens.mjs' },
  },
  notProvided('xfrm', ['xfrm'], 'IPsec policies and states'),
  notProvided('mroute', ['mroute'], 'Multicast routing cache'),
  notProvided('mrule', ['mrule'], 'Multicast routing policy'),
  {
    // ip's table has netns before netconf, so "net" means netns there; keep that meaning.
    name: 'netns',
    words: ['netns'],
    load: async () => (await import('../commands/netns/index.js')).netnsCommand,
    summary:
      'Named network namespaces: list, list-id, set, identify, pids, add, attach, delete, exec, monitor',
    usage: true,
    man: null,
    // Namespace ids (ip netns list-id) are what `ip monitor nsid` watches.
    rtnl: {
      types: { new: RTM_NEWNSID, del: RTM_DELNSID, get: RTM_GETNSID },
      groups: [{ group: RTNLGRP_NSID }],
      monitor: { word: 'nsid', source: 'nsid', rank: 6 },
    },
  },
  {
    name: 'netconf',
    words: ['netconf'],
    load: async () => (await import('../commands/netconf/index.js')).netconfCommand,
    summary: 'Per-device IP configuration (forwarding, rp_filter, ...): show',
    usage: true,
    man: 'nlts-netconf',
    rtnl: {
      types: { new: RTM_NEWNETCONF, del: RTM_DELNETCONF, get: RTM_GETNETCONF },
      groups: [
        { group: RTNLGRP_IPV4_NETCONF, family: v4 },
        { group: RTNLGRP_IPV6_NETCONF, family: v6 },
        { group: RTNLGRP_MPLS_NETCONF, family: AF_MPLS },
      ],
      monitor: { word: 'netconf', source: 'netconf', rank: 4 },
    },
    golden: { cases: 'test/golden/nexthop-cases.mjs', script: 'scripts/record-nexthop-netconf-goldens.mjs' },
  },
  {
    name: 'vrf',
    words: ['vrf'],
    load: async () => (await import('../commands/vrf/index.js')).vrfCommand,
    summary: 'VRF devices and their tables, the VRF of a process: show, exec, identify, pids',
    usage: true,
    man: null,
    golden: { cases: 'test/golden/ip-objects-cases.mjs', script: 'scripts/record-ip-objects-goldens.mjs' },
  },
  notProvided('sr', ['sr'], 'IPv6 segment routing'),
  {
    name: 'nexthop',
    words: ['nexthop'],
    load: async () => (await import('../commands/nexthop/index.js')).nexthopCommand,
    summary: 'Nexthop objects: add, replace, delete, get, flush, show; resilient group buckets',
    usage: true,
    man: 'nlts-nexthop',
    rtnl: {
      types: { new: RTM_NEWNEXTHOP, del: RTM_DELNEXTHOP, get: RTM_GETNEXTHOP },
      groups: [{ group: RTNLGRP_NEXTHOP }],
      monitor: { word: 'nexthop', source: 'nexthop', rank: 7 },
    },
    golden: { cases: 'test/golden/nexthop-cases.mjs', script: 'scripts/record-nexthop-netconf-goldens.mjs' },
  },
  {
    name: 'mptcp',
    words: ['mptcp'],
    load: async () => (await import('../commands/mptcp/index.js')).mptcpCommand,
    summary: 'MPTCP path manager: endpoint add, delete, change, show, flush; limits set, show',
    usage: true,
    man: null,
  },
  notProvided('ioam', ['ioam'], 'IPv6 IOAM namespaces and schemas'),
  {
    name: 'stats',
    words: ['stats'],
    load: async () => (await import('../commands/stats/index.js')).statsCommand,
    summary: 'Interface statistics by group (RTM_GETSTATS): show, set l3_stats',
    usage: true,
    man: null,
    golden: { cases: 'test/golden/ip-objects-cases.mjs', script: 'scripts/record-ip-objects-goldens.mjs' },
  },
  {
    name: 'genl',
    words: ['genl'],
    load: async () => (await import('../commands/genl/index.js')).genlCommand,
    summary: 'Generic netlink families, their operations, groups and policies, and requests to any family',
    usage: true,
    man: 'nlts-genl',
    golden: { cases: null, script: 'scripts/record-genl-goldens.mjs' },
  },
  {
    name: 'raw',
    words: ['raw'],
    load: async () => (await import('../commands/raw/index.js')).rawCommand,
    longRunning: true,
    summary: 'Send and receive arbitrary netlink messages on any protocol',
    usage: true,
    man: 'nlts-raw',
    golden: { cases: null, script: 'scripts/record-raw-goldens.mjs' },
  },
  {
    name: 'dropwatch',
    words: ['dropwatch'],
    load: async () => (await import('../commands/dropwatch/index.js')).dropwatchCommand,
    longRunning: true,
    summary: "Where and why the kernel drops packets (NET_DM, the kernel's drop monitor)",
    usage: true,
    man: 'nlts-dropwatch',
    // Recorded inside the qemu VM (npm run record:vm): this kernel lacks NET_DM.
    golden: { cases: null, script: 'scripts/vm/record-goldens.mjs', vm: true },
  },
  {
    name: 'help',
    words: ['help'],
    load: async () => (await import('../cli/usage.js')).helpCommand,
    summary: 'Print the usage summary',
    usage: false,
    man: null,
  },
] as const satisfies readonly ObjectEntry[];

export type ObjectName = (typeof OBJECTS)[number]['name'];

/** The JSON "source" of every monitor object, as a type (rtnl.ts needs one behaviour for each). */
export type MonitorSourceName = Extract<
  (typeof OBJECTS)[number],
  { rtnl: { monitor: unknown } }
>['rtnl']['monitor']['source'];

/** An object with what the monitor needs, in ipmonitor.c's order. */
export interface MonitorObject {
  readonly object: ObjectEntry;
  readonly rtnl: RtnlSpec & { readonly monitor: NonNullable<RtnlSpec['monitor']> };
  readonly source: MonitorSourceName;
}

const entries: readonly ObjectEntry[] = OBJECTS;

/** The object a command-line word names, by ip's abbreviation rule (a non-empty prefix, first match wins). */
export function findObject(word: string): ObjectEntry | undefined {
  for (const o of entries) for (const w of o.words) if (matches(word, w)) return o;
  return undefined;
}

/** Every object with an rtnetlink side. */
export function rtnlObjects(): { object: ObjectEntry; rtnl: RtnlSpec }[] {
  return entries.flatMap((object) => (object.rtnl ? [{ object, rtnl: object.rtnl }] : []));
}

/** The objects `nlts monitor` watches, in ipmonitor.c's order. */
export function monitorObjects(): MonitorObject[] {
  const out: MonitorObject[] = [];
  for (const object of entries) {
    const rtnl = object.rtnl;
    if (rtnl?.monitor)
      out.push({
        object,
        rtnl: rtnl as MonitorObject['rtnl'],
        source: rtnl.monitor.source as MonitorSourceName,
      });
  }
  return out.sort((a, b) => a.rtnl.monitor.rank - b.rtnl.monitor.rank);
}

/** A group's name as the generated table spells it without RTNLGRP_, lower case ("IPV4_IFADDR" → "ipv4_ifaddr"). */
export function groupKey(group: number): string {
  const name = RTNLGRP_NAMES[group];
  if (name === undefined) throw new Error(`no RTNLGRP_* has the value ${group}`);
  return name.slice('RTNLGRP_'.length).toLowerCase();
}

/** Every group some registry object's events go to, in registry order. */
export function rtnlGroups(): number[] {
  const seen = new Set<number>();
  for (const { rtnl } of rtnlObjects()) for (const g of rtnl.groups) seen.add(g.group);
  return [...seen];
}

/** The golden record scripts, each once, in registry order (VM-only ones apart). */
export function recordScripts(): { script: string; objects: string[]; cases: string[]; vm: boolean }[] {
  const byScript = new Map<string, { script: string; objects: string[]; cases: string[]; vm: boolean }>();
  for (const o of entries) {
    if (!o.golden) continue;
    let s = byScript.get(o.golden.script);
    if (!s) {
      s = { script: o.golden.script, objects: [], cases: [], vm: o.golden.vm ?? false };
      byScript.set(o.golden.script, s);
    }
    s.objects.push(o.name);
    if (o.golden.cases && !s.cases.includes(o.golden.cases)) s.cases.push(o.golden.cases);
  }
  return [...byScript.values()];
}
