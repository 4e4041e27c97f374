/**
 * Each object's verbs (COMMAND words) and the keywords each verb takes, for
 * shell completion (src/cli/completion.ts) and the man-page test. Verbs are in
 * the order of the object's matches() chain in iproute2 (ip/iplink.c do_iplink,
 * ip/ipaddress.c do_ipaddr, ip/iproute.c do_iproute, …), so the first verb a
 * prefix matches is the one ip would run ("l" is list for route, "s" show).
 *
 * A keyword's value kind says which names may follow it: interface names,
 * namespace names, routing table names (rt_tables), or nothing to offer.
 */

/** The names a keyword's value can be completed from. */
export type ValueKind = 'dev' | 'netns' | 'table' | 'genl-family' | 'genl-op' | 'monitor' | 'none';

export interface VerbEntry {
  /** ip's words for the verb, in matching order; the first is the one completion offers. */
  readonly words: readonly string[];
  /** Keyword → what follows it ('none': a flag or a free value). */
  readonly keywords: Readonly<Record<string, ValueKind>>;
  /** What a bare word after the verb is (ip's implicit "dev"), if anything. */
  readonly positional?: ValueKind;
}

const LINK_SET: Record<string, ValueKind> = {
  dev: 'dev',
  up: 'none',
  down: 'none',
  name: 'none',
  mtu: 'none',
  address: 'none',
  broadcast: 'none',
  txqueuelen: 'none',
  master: 'dev',
  nomaster: 'none',
  netns: 'netns',
  alias: 'none',
  group: 'none',
  arp: 'none',
  multicast: 'none',
  promisc: 'none',
  type: 'none',
};

const ADDR_CHANGE: Record<string, ValueKind> = {
  dev: 'dev',
  local: 'none',
  peer: 'none',
  broadcast: 'none',
  label: 'none',
  scope: 'none',
  metric: 'none',
  valid_lft: 'none',
  preferred_lft: 'none',
  noprefixroute: 'none',
  nodad: 'none',
  home: 'none',
  autojoin: 'none',
};

const ROUTE_CHANGE: Record<string, ValueKind> = {
  dev: 'dev',
  via: 'none',
  table: 'table',
  proto: 'none',
  scope: 'none',
  metric: 'none',
  src: 'none',
  mtu: 'none',
  type: 'none',
  nexthop: 'none',
  nhid: 'none',
  onlink: 'none',
  encap: 'none',
  realm: 'none',
};

const ROUTE_SELECT: Record<string, ValueKind> = {
  dev: 'dev',
  table: 'table',
  vrf: 'dev',
  proto: 'none',
  scope: 'none',
  type: 'none',
  via: 'none',
  src: 'none',
  root: 'none',
  match: 'none',
  exact: 'none',
  cached: 'none',
};

const RULE_CHANGE: Record<string, ValueKind> = {
  from: 'none',
  to: 'none',
  priority: 'none',
  table: 'table',
  lookup: 'table',
  iif: 'dev',
  oif: 'dev',
  fwmark: 'none',
  tos: 'none',
  dsfield: 'none',
  not: 'none',
  goto: 'none',
  suppress_prefixlength: 'none',
  protocol: 'none',
};

const NEIGH_CHANGE: Record<string, ValueKind> = {
  dev: 'dev',
  lladdr: 'none',
  nud: 'none',
  proxy: 'none',
  router: 'none',
  extern_learn: 'none',
};

const NH_CHANGE: Record<string, ValueKind> = {
  id: 'none',
  dev: 'dev',
  via: 'none',
  group: 'none',
  blackhole: 'none',
  onlink: 'none',
  fdb: 'none',
  encap: 'none',
};

const help: VerbEntry = { words: ['help'], keywords: {} };

/** Object name (registry.ts ObjectEntry.name) → its verbs in ip's matching order. */
export const VERBS: Readonly<Record<string, readonly VerbEntry[]>> = {
  link: [
    { words: ['add'], keywords: { ...LINK_SET, link: 'dev', numtxqueues: 'none', numrxqueues: 'none' } },
    { words: ['set', 'change'], keywords: LINK_SET, positional: 'dev' },
    { words: ['replace'], keywords: LINK_SET },
    { words: ['delete'], keywords: { dev: 'dev', group: 'none', type: 'none' }, positional: 'dev' },
    { words: ['xstats'], keywords: { type: 'none', dev: 'dev' } },
    {
      words: ['show', 'list', 'lst'],
      keywords: {
        dev: 'dev',
        up: 'none',
        type: 'none',
        master: 'dev',
        nomaster: 'none',
        group: 'none',
        vrf: 'dev',
      },
      positional: 'dev',
    },
    help,
  ],
  address: [
    { words: ['add'], keywords: ADDR_CHANGE },
    { words: ['change'], keywords: ADDR_CHANGE },
    { words: ['replace'], keywords: ADDR_CHANGE },
    { words: ['delete'], keywords: ADDR_CHANGE },
    {
      words: ['show', 'list', 'lst'],
      keywords: {
        dev: 'dev',
        scope: 'none',
        to: 'none',
        label: 'none',
        up: 'none',
        master: 'dev',
        type: 'none',
      },
      positional: 'dev',
    },
    {
      words: ['flush'],
      keywords: { dev: 'dev', scope: 'none', to: 'none', label: 'none' },
      positional: 'dev',
    },
    help,
  ],
  addrlabel: [
    { words: ['list'], keywords: {} },
    { words: ['add'], keywords: { prefix: 'none', dev: 'dev', label: 'none' } },
    { words: ['del'], keywords: { prefix: 'none', dev: 'dev', label: 'none' } },
    { words: ['flush'], keywords: {} },
    help,
  ],
  route: [
    { words: ['add'], keywords: ROUTE_CHANGE },
    { words: ['change'], keywords: ROUTE_CHANGE },
    { words: ['replace'], keywords: ROUTE_CHANGE },
    { words: ['prepend'], keywords: ROUTE_CHANGE },
    { words: ['append'], keywords: ROUTE_CHANGE },
    { words: ['test'], keywords: ROUTE_CHANGE },
    { words: ['delete'], keywords: ROUTE_CHANGE },
    { words: ['list', 'show', 'lst'], keywords: ROUTE_SELECT },
    { words: ['flush'], keywords: ROUTE_SELECT },
    {
      words: ['get'],
      keywords: {
        from: 'none',
        iif: 'dev',
        oif: 'dev',
        mark: 'none',
        vrf: 'dev',
        table: 'table',
        fibmatch: 'none',
      },
    },
    { words: ['save'], keywords: ROUTE_SELECT },
    { words: ['showdump'], keywords: {} },
    help,
  ],
  rule: [
    { words: ['list', 'show', 'lst'], keywords: RULE_CHANGE },
    { words: ['add'], keywords: RULE_CHANGE },
    { words: ['delete'], keywords: RULE_CHANGE },
    { words: ['flush'], keywords: {} },
    { words: ['save'], keywords: {} },
    { words: ['restore'], keywords: {} },
    help,
  ],
  neigh: [
    { words: ['add'], keywords: NEIGH_CHANGE },
    { words: ['change', 'chg'], keywords: NEIGH_CHANGE },
    { words: ['replace'], keywords: NEIGH_CHANGE },
    { words: ['delete'], keywords: NEIGH_CHANGE },
    { words: ['get'], keywords: { dev: 'dev', proxy: 'none' } },
    {
      words: ['show', 'list', 'lst'],
      keywords: { dev: 'dev', to: 'none', nud: 'none', proxy: 'none', vrf: 'dev', nomaster: 'none' },
      positional: 'none',
    },
    { words: ['flush'], keywords: { dev: 'dev', to: 'none', nud: 'none', proxy: 'none' } },
    help,
  ],
  ntable: [
    { words: ['show', 'list', 'lst'], keywords: { dev: 'dev', name: 'none' } },
    {
      words: ['change', 'chg'],
      keywords: {
        dev: 'dev',
        name: 'none',
        thresh1: 'none',
        thresh2: 'none',
        thresh3: 'none',
        gc_int: 'none',
        base_reachable: 'none',
        retrans: 'none',
        gc_stale: 'none',
        delay_probe: 'none',
        queue: 'none',
        app_probes: 'none',
        ucast_probes: 'none',
        mcast_probes: 'none',
        anycast_delay: 'none',
        proxy_delay: 'none',
        proxy_queue: 'none',
        locktime: 'none',
      },
    },
    help,
  ],
  maddress: [
    { words: ['show', 'list', 'lst'], keywords: { dev: 'dev' }, positional: 'dev' },
    { words: ['add', 'delete'], keywords: { dev: 'dev', address: 'none' } },
    help,
  ],
  tuntap: [
    { words: ['show', 'list', 'lst'], keywords: {} },
    {
      words: ['add', 'delete'],
      keywords: {
        dev: 'none',
        name: 'none',
        mode: 'none',
        user: 'none',
        group: 'none',
        one_queue: 'none',
        pi: 'none',
        vnet_hdr: 'none',
        multi_queue: 'none',
      },
    },
    help,
  ],
  vrf: [
    { words: ['show', 'list', 'lst'], keywords: {}, positional: 'dev' },
    { words: ['exec'], keywords: {}, positional: 'dev' },
    { words: ['identify'], keywords: {} },
    { words: ['pids'], keywords: {}, positional: 'dev' },
    help,
  ],
  stats: [
    { words: ['show'], keywords: { dev: 'dev', group: 'none', subgroup: 'none', suite: 'none' } },
    { words: ['set'], keywords: { dev: 'dev', l3_stats: 'none' } },
    help,
  ],
  token: [
    { words: ['list', 'lst', 'show'], keywords: {} },
    { words: ['get'], keywords: { dev: 'dev' }, positional: 'dev' },
    { words: ['set'], keywords: { dev: 'dev' } },
    { words: ['del', 'delete'], keywords: { dev: 'dev' } },
    help,
  ],
  monitor: [
    { words: ['all'], keywords: { label: 'none' } },
    { words: ['proc'], keywords: { '--pid': 'none', '--comm': 'none', '--events': 'none' } },
    { words: ['uevent'], keywords: { '--subsystem': 'none', '--udev': 'none', '--udev-only': 'none' } },
    { words: ['genl'], keywords: { '--spec': 'none' }, positional: 'genl-family' },
    help,
  ],
  netns: [
    { words: ['list', 'show', 'lst'], keywords: {} },
    { words: ['list-id'], keywords: { target: 'netns', nsid: 'none' } },
    { words: ['set'], keywords: {}, positional: 'netns' },
    { words: ['identify'], keywords: {} },
    { words: ['pids'], keywords: {}, positional: 'netns' },
    { words: ['add'], keywords: {} },
    { words: ['attach'], keywords: {} },
    { words: ['delete', 'del'], keywords: {}, positional: 'netns' },
    { words: ['exec'], keywords: {}, positional: 'netns' },
    { words: ['monitor'], keywords: {} },
    help,
  ],
  netconf: [{ words: ['show', 'list', 'lst'], keywords: { dev: 'dev' } }, help],
  nexthop: [
    {
      words: ['list', 'show', 'lst'],
      keywords: { id: 'none', dev: 'dev', groups: 'none', fdb: 'none', vrf: 'dev' },
    },
    { words: ['flush'], keywords: { id: 'none', dev: 'dev', groups: 'none' } },
    { words: ['add'], keywords: NH_CHANGE },
    { words: ['replace'], keywords: NH_CHANGE },
    { words: ['get'], keywords: { id: 'none' } },
    { words: ['del'], keywords: { id: 'none' } },
    { words: ['bucket'], keywords: { id: 'none', index: 'none' } },
    help,
  ],
  mptcp: [
    {
      words: ['endpoint'],
      keywords: {
        add: 'none',
        delete: 'none',
        change: 'none',
        show: 'none',
        flush: 'none',
        id: 'none',
        dev: 'dev',
        port: 'none',
        signal: 'none',
        subflow: 'none',
        backup: 'none',
        nobackup: 'none',
        fullmesh: 'none',
        nofullmesh: 'none',
      },
    },
    {
      words: ['limits'],
      keywords: { set: 'none', show: 'none', subflows: 'none', add_addr_accepted: 'none' },
    },
    { words: ['monitor'], keywords: {} },
    help,
  ],
  genl: [
    { words: ['list'], keywords: {} },
    { words: ['family'], keywords: {}, positional: 'genl-family' },
    { words: ['dump'], keywords: {}, positional: 'genl-op' },
    { words: ['do'], keywords: {}, positional: 'genl-op' },
    { words: ['ctrl'], keywords: { list: 'none', get: 'none', name: 'genl-family', id: 'none' } },
    { words: ['--spec'], keywords: {} },
    help,
  ],
  raw: [
    {
      words: ['send'],
      keywords: { '--proto': 'none', '--type': 'none', '--flags': 'none', '--header-hex': 'none' },
    },
    help,
  ],
  dropwatch: [{ words: ['--mode'], keywords: { '--count': 'none' } }, help],
};
