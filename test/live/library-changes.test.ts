/**
 * The library's change methods (issue 14 item 1): every step runs as a
 * RouteClient call in namespace A and as the equivalent `ip` command in
 * namespace B; after each group the state of both, read by `ip -j`, must be
 * equal. Fixed MACs keep addresses, link-local addresses and bridge ids the
 * same in both. Then RouteClient.show() (item 2) must equal `ip -j … show`
 * of A, and the errors must be typed.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { isVolatile, jsonDiff } from '../support/json-diff.js';
import {
  InvalidRequestError,
  LinkNotFoundError,
  NetlinkKernelError,
  RouteClient,
  attributePath,
  type IpObjectKind,
} from '../../src/index.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live library change tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

/** One step: the library call in A, the ip command (words after `ip -n B`) in B. */
type Step = [lib: (nl: RouteClient) => Promise<void>, ipWords: string];

const mac = (n: number): string => `02:00:00:00:14:${n.toString(16).padStart(2, '0')}`;

const GROUPS: [string, Step[]][] = [
  [
    'links: veth pairs, bridge, macvlan, vxlan, ifb; set, enslave, rename, delete',
    [
      // Blackhole nexthops sit on lo, which a new namespace has down.
      [(nl) => nl.setLink('lo', { up: true }), 'link set lo up'],
      [
        (nl) =>
          nl.addLink({
            name: 'la0',
            type: 'veth',
            address: mac(1),
            peer: { name: 'la1', address: mac(2), mtu: 1400 },
          }),
        `link add la0 address ${mac(1)} type veth peer name la1 address ${mac(2)} mtu 1400`,
      ],
      [(nl) => nl.setLink('la0', { up: true }), 'link set la0 up'],
      [
        (nl) => nl.setLink('la1', { up: true, txqueuelen: 500, alias: 'the peer' }),
        'link set la1 up txqueuelen 500 alias "the peer"',
      ],
      [
        (nl) =>
          nl.addLink({
            name: 'ld0',
            type: 'veth',
            address: mac(3),
            mtu: 9000,
            peer: { name: 'ld1', address: mac(8) },
          }),
        `link add ld0 address ${mac(3)} mtu 9000 type veth peer name ld1 address ${mac(8)}`,
      ],
      [(nl) => nl.setLink('ld1', { up: true }), 'link set ld1 up'],
      [
        (nl) =>
          nl.addLink({
            name: 'lbr0',
            type: 'bridge',
            address: mac(4),
            bridge: { stp_state: 1, forward_delay: 400, priority: 4096, ageing_time: 6000 },
          }),
        `link add lbr0 address ${mac(4)} type bridge stp_state 1 forward_delay 400 priority 4096 ageing_time 6000`,
      ],
      [(nl) => nl.setLink('ld0', { master: 'lbr0' }), 'link set ld0 master lbr0'],
      [
        (nl) => nl.addLink({ name: 'lmv0', type: 'macvlan', link: 'la0', address: mac(5), mode: 'bridge' }),
        `link add lmv0 link la0 address ${mac(5)} type macvlan mode bridge`,
      ],
      [
        (nl) =>
          nl.addLink({
            name: 'lvx0',
            type: 'vxlan',
            address: mac(6),
            id: 42,
            dstport: 4789,
            remote: '192.0.2.1',
            local: '192.0.2.2',
            ttl: 64,
            learning: false,
          }),
        `link add lvx0 address ${mac(6)} type vxlan id 42 dstport 4789 remote 192.0.2.1 local 192.0.2.2 ttl 64 nolearning`,
      ],
      [
        (nl) => nl.addLink({ name: 'lifb', type: 'ifb', address: mac(7) }),
        `link add lifb address ${mac(7)} type ifb`,
      ],
      [(nl) => nl.setLink('lmv0', { name: 'lmv1' }), 'link set lmv0 name lmv1'],
      [(nl) => nl.setLink('ld0', { master: null, arp: false }), 'link set ld0 nomaster arp off'],
      [(nl) => nl.deleteLink('lifb'), 'link delete lifb'],
    ],
  ],
  [
    'addresses: add, replace, delete (IPv4 with broadcast +, IPv6 nodad, label, metric)',
    [
      [
        (nl) => nl.addAddress({ dev: 'la0', address: '10.14.0.1/24', broadcast: '+' }),
        'address add 10.14.0.1/24 broadcast + dev la0',
      ],
      [
        (nl) => nl.addAddress({ dev: 'la0', address: '10.14.1.1/24', label: 'la0:one', metric: 50 }),
        'address add 10.14.1.1/24 label la0:one metric 50 dev la0',
      ],
      [
        (nl) => nl.addAddress({ dev: 'la0', address: '2001:db8:14::1/64', flags: ['nodad'] }),
        'address add 2001:db8:14::1/64 nodad dev la0',
      ],
      [
        (nl) => nl.addAddress({ dev: 'la1', address: '10.14.0.2/24', peer: '10.14.9.9/32' }),
        'address add 10.14.0.2/24 peer 10.14.9.9/32 dev la1',
      ],
      [
        (nl) =>
          nl.replaceAddress({ dev: 'la0', address: '10.14.1.1/24', metric: 60, flags: ['noprefixroute'] }),
        'address replace 10.14.1.1/24 metric 60 noprefixroute dev la0',
      ],
      [
        (nl) => nl.deleteAddress({ dev: 'la1', address: '10.14.0.2/24', peer: '10.14.9.9/32' }),
        'address del 10.14.0.2/24 peer 10.14.9.9/32 dev la1',
      ],
    ],
  ],
  [
    'routes: gateway, metrics, tables, multipath, replace, append, prepend, types, delete',
    [
      [
        (nl) => nl.addRoute({ dst: '10.20.0.0/16', gateway: '10.14.0.254', metric: 7 }),
        'route add 10.20.0.0/16 via 10.14.0.254 metric 7',
      ],
      [
        (nl) =>
          nl.addRoute({
            dst: '10.21.0.0/16',
            dev: 'la0',
            metrics: { mtu: 1300, advmss: 1200, hoplimit: 10, initcwnd: 20, lock: ['mtu'] },
          }),
        'route add 10.21.0.0/16 dev la0 mtu lock 1300 advmss 1200 hoplimit 10 initcwnd 20',
      ],
      [
        (nl) =>
          nl.addRoute({
            dst: '10.22.0.0/16',
            table: 100,
            protocol: 'static',
            nexthops: [{ gateway: '10.14.0.2', dev: 'la0', weight: 3 }, { gateway: '10.14.0.3' }],
          }),
        'route add 10.22.0.0/16 table 100 proto static nexthop via 10.14.0.2 dev la0 weight 3 nexthop via 10.14.0.3',
      ],
      [
        (nl) => nl.addRoute({ dst: '10.23.0.0/16', table: 5000, type: 'blackhole' }),
        'route add blackhole 10.23.0.0/16 table 5000',
      ],
      [
        (nl) => nl.addRoute({ dst: '10.24.0.0/24', type: 'unreachable', metric: 9 }),
        'route add unreachable 10.24.0.0/24 metric 9',
      ],
      [
        (nl) => nl.addRoute({ dst: 'default', gateway: '10.14.0.254', src: '10.14.0.1' }),
        'route add default via 10.14.0.254 src 10.14.0.1',
      ],
      [
        (nl) => nl.replaceRoute({ dst: '10.20.0.0/16', gateway: '10.14.0.253', metric: 7 }),
        'route replace 10.20.0.0/16 via 10.14.0.253 metric 7',
      ],
      [
        (nl) => nl.prependRoute({ dst: '10.25.0.0/16', dev: 'la0', metric: 3, scope: 'link' }),
        'route prepend 10.25.0.0/16 dev la0 metric 3 scope link',
      ],
      [
        (nl) => nl.addRoute({ dst: '2001:db8:20::/48', gateway: '2001:db8:14::2', dev: 'la0', pref: 'high' }),
        'route add 2001:db8:20::/48 via 2001:db8:14::2 dev la0 pref high',
      ],
      [
        (nl) => nl.appendRoute({ dst: '2001:db8:20::/48', gateway: '2001:db8:14::3', dev: 'la0' }),
        'route append 2001:db8:20::/48 via 2001:db8:14::3 dev la0',
      ],
      [
        (nl) =>
          nl.addRoute({ family: 'inet6', dst: 'default', dev: 'la0', table: 'local', type: 'unreachable' }),
        '-6 route add unreachable default dev la0 table local',
      ],
      [
        (nl) => nl.deleteRoute({ dst: '10.24.0.0/24', type: 'unreachable' }),
        'route del unreachable 10.24.0.0/24',
      ],
      [(nl) => nl.deleteRoute({ dst: '10.23.0.0/16', table: 5000 }), 'route del 10.23.0.0/16 table 5000'],
    ],
  ],
  [
    'neighbours: add, replace, delete (IPv4, IPv6, router, proxy)',
    [
      [
        (nl) => nl.addNeighbour({ dev: 'la0', address: '10.14.0.7', lladdr: '02:00:00:00:00:07' }),
        'neigh add 10.14.0.7 lladdr 02:00:00:00:00:07 dev la0',
      ],
      [
        (nl) =>
          nl.addNeighbour({
            dev: 'la0',
            address: '2001:db8:14::7',
            lladdr: '02:00:00:00:00:08',
            state: 'stale',
            router: true,
          }),
        'neigh add 2001:db8:14::7 lladdr 02:00:00:00:00:08 nud stale router dev la0',
      ],
      [
        (nl) => nl.addNeighbour({ dev: 'la0', address: '10.14.0.50', proxy: true }),
        'neigh add proxy 10.14.0.50 dev la0',
      ],
      [
        (nl) =>
          nl.replaceNeighbour({
            dev: 'la0',
            address: '10.14.0.7',
            lladdr: '02:00:00:00:00:77',
            state: 'noarp',
          }),
        'neigh replace 10.14.0.7 lladdr 02:00:00:00:00:77 nud noarp dev la0',
      ],
      [
        (nl) =>
          nl.addNeighbour({
            dev: 'la1',
            address: '10.14.0.9',
            lladdr: '02:00:00:00:00:09',
            protocol: 'static',
          }),
        'neigh add 10.14.0.9 lladdr 02:00:00:00:00:09 protocol static dev la1',
      ],
      [(nl) => nl.deleteNeighbour({ dev: 'la1', address: '10.14.0.9' }), 'neigh del 10.14.0.9 dev la1'],
    ],
  ],
  [
    'rules: add and delete, IPv4 and IPv6',
    [
      [
        (nl) => nl.addRule({ priority: 100, from: '10.14.0.0/24', table: 100 }),
        'rule add priority 100 from 10.14.0.0/24 table 100',
      ],
      [
        (nl) =>
          nl.addRule({ priority: 101, to: '10.30.0.0/16', fwmark: 5, fwmask: 0xff, iif: 'la0', table: 5000 }),
        'rule add priority 101 to 10.30.0.0/16 fwmark 5/0xff iif la0 table 5000',
      ],
      [
        (nl) => nl.addRule({ priority: 102, not: true, from: '10.15.0.0/16', table: 100 }),
        'rule add priority 102 not from 10.15.0.0/16 table 100',
      ],
      [
        (nl) => nl.addRule({ priority: 105, from: '10.16.0.0/16', action: 'prohibit' }),
        'rule add priority 105 from 10.16.0.0/16 prohibit',
      ],
      [
        (nl) => nl.addRule({ priority: 103, ipproto: 6, dport: [80, 90], action: 'goto', goto: 200 }),
        'rule add priority 103 ipproto 6 dport 80-90 goto 200',
      ],
      [
        (nl) => nl.addRule({ family: 'inet6', priority: 200, from: '2001:db8::/32', table: 100 }),
        '-6 rule add priority 200 from 2001:db8::/32 table 100',
      ],
      [
        (nl) => nl.addRule({ priority: 104, uidrange: [1000, 2000], table: 'main' }),
        'rule add priority 104 uidrange 1000-2000 table main',
      ],
      [(nl) => nl.deleteRule({ priority: 104 }), 'rule del priority 104'],
    ],
  ],
  [
    'nexthops: objects, groups, replace, a route using one, delete',
    [
      [
        (nl) => nl.addNexthop({ id: 1, gateway: '10.14.0.2', dev: 'la0' }),
        'nexthop add id 1 via 10.14.0.2 dev la0',
      ],
      [
        (nl) => nl.addNexthop({ id: 2, gateway: '10.14.0.3', dev: 'la0' }),
        'nexthop add id 2 via 10.14.0.3 dev la0',
      ],
      [(nl) => nl.addNexthop({ id: 3, blackhole: true }), 'nexthop add id 3 blackhole'],
      [
        (nl) => nl.addNexthop({ id: 4, dev: 'la0', family: 'inet6', gateway: '2001:db8:14::2' }),
        'nexthop add id 4 via 2001:db8:14::2 dev la0',
      ],
      [
        (nl) => nl.addNexthop({ id: 10, group: [{ id: 1, weight: 3 }, { id: 2 }] }),
        'nexthop add id 10 group 1,3/2',
      ],
      [
        (nl) =>
          nl.addNexthop({
            id: 11,
            group: [{ id: 1 }, { id: 2 }],
            groupType: 'resilient',
            resilient: { buckets: 32, idleTimer: 10 },
          }),
        'nexthop add id 11 group 1/2 type resilient buckets 32 idle_timer 10',
      ],
      [
        (nl) => nl.replaceNexthop({ id: 2, gateway: '10.14.0.4', dev: 'la0' }),
        'nexthop replace id 2 via 10.14.0.4 dev la0',
      ],
      [(nl) => nl.addRoute({ dst: '10.40.0.0/16', nhid: 10 }), 'route add 10.40.0.0/16 nhid 10'],
      [(nl) => nl.deleteNexthop(3), 'nexthop del id 3'],
    ],
  ],
];

/** A list compared as a set: the kernel's order can depend on hash or timing. */
function sorted(text: string): string[] {
  return (JSON.parse(text) as unknown[]).map((e) => JSON.stringify(e)).sort();
}

/** What `ip -j` says about a namespace, for comparing twins. */
function state(ns: Ns): Record<string, unknown> {
  const j = (args: string[]): unknown => JSON.parse(ns.ip(['-j', ...args]));
  return {
    links: j(['-d', 'link', 'show']),
    addr4: j(['-4', 'address', 'show']),
    addr6: j(['-6', 'address', 'show', 'scope', 'global']),
    routes4: sorted(ns.ip(['-j', 'route', 'show', 'table', 'all'])),
    routes6: sorted(ns.ip(['-j', '-6', 'route', 'show', 'table', 'all'])),
    neigh: sorted(ns.ip(['-j', 'neigh', 'show', 'nud', 'all'])).filter((e) => !e.includes('"ff02:')),
    proxies: sorted(ns.ip(['-j', 'neigh', 'show', 'proxy'])),
    rules4: j(['rule', 'show']),
    rules6: j(['-6', 'rule', 'show']),
    nexthops: j(['nexthop', 'show']),
  };
}

/** Counters and the address lifetimes, which count down between two reads: not the commands' doing. */
const volatile = (path: string): boolean => isVolatile(path) || /\.(valid|preferred)_life_time$/.test(path);

describe.skipIf(skip !== null)(
  'live: library change methods leave the state ip leaves (twin namespaces)',
  () => {
    let ours: Ns;
    let theirs: Ns;
    let nl: RouteClient;

    beforeAll(() => {
      ours = Netns.create('nlh1-a');
      theirs = Netns.create('nlh1-b');
      nl = RouteClient.open({ netns: ours.name });
    });
    afterAll(() => {
      nl?.close();
      ours?.delete();
      theirs?.delete();
    });

    const expectSameState = (what: string): void => {
      for (let attempt = 0; ; attempt++) {
        const diffs = jsonDiff(state(theirs), state(ours), volatile);
        if (diffs.length && attempt < 20) {
          execFileSync('sleep', ['0.2']);
          continue;
        }
        expect(diffs, `${what}\n${diffs.join('\n')}`).toEqual([]);
        break;
      }
    };

    for (const [what, steps] of GROUPS) {
      it(what, async () => {
        for (const [lib, words] of steps) {
          const i = ip(['-n', theirs.name, ...splitWords(words)]);
          expect(i.code, `ip ${words}: ${i.stderr}`).toBe(0);
          await lib(nl);
        }
        expectSameState(what);
      });
    }

    it('show(kind) is `ip -j KIND show` of the same namespace, with raw messages', async () => {
      const collect = async (kind: IpObjectKind, options = {}): Promise<unknown[]> => {
        const out: unknown[] = [];
        for await (const o of nl.show(kind, options)) {
          expect(o.raw, `${kind} raw`).toBeDefined();
          expect(Object.keys(o)).not.toContain('raw');
          out.push(JSON.parse(JSON.stringify(o)));
        }
        return out;
      };
      const ipj = (args: string[]): unknown[] => JSON.parse(ours.ip(['-j', ...args])) as unknown[];
      const cases: [IpObjectKind, object, string[]][] = [
        ['link', {}, ['link', 'show']],
        ['route', {}, ['route', 'show']],
        // (With `table N`, ip leaves out the "table" it filtered on; objects always carry it: see docs/library.md.)
        ['route', { table: 'all' }, ['route', 'show', 'table', 'all']],
        ['route', { family: 'inet6' }, ['-6', 'route', 'show']],
        ['neighbour', {}, ['neigh', 'show']],
        ['rule', {}, ['rule', 'show']],
        ['rule', { family: 'inet6' }, ['-6', 'rule', 'show']],
        ['nexthop', {}, ['nexthop', 'show']],
        ['netconf', {}, ['netconf', 'show']],
      ];
      for (const [kind, options, args] of cases) {
        for (let attempt = 0; ; attempt++) {
          const expected = ipj(args);
          const got = await collect(kind, options);
          // The same JSON text, field order included, object by object.
          const a = got.map((o) => JSON.stringify(o));
          const b = expected.map((o) => JSON.stringify(o));
          if (kind === 'link' && JSON.stringify(a) !== JSON.stringify(b) && attempt < 5) continue; // carrier moved
          expect(a, `${kind} ${JSON.stringify(options)}`).toEqual(b);
          expect(got.length, `${kind} lists something`).toBeGreaterThan(0);
          break;
        }
      }
      // Addresses: each one as {ifindex, ifname, addr_info: [it]}, the entries of `ip -j address show` split.
      const perAddress = (
        ipj(['address', 'show']) as { ifindex: number; ifname: string; addr_info: unknown[] }[]
      )
        .flatMap((l) =>
          l.addr_info.map((a) => JSON.stringify({ ifindex: l.ifindex, ifname: l.ifname, addr_info: [a] })),
        )
        .map((s) => s.replace(/"(valid|preferred)_life_time":\d+/g, '"$1_life_time":T'))
        .sort();
      const ours4 = (await collect('address'))
        .map((o) => JSON.stringify(o).replace(/"(valid|preferred)_life_time":\d+/g, '"$1_life_time":T'))
        .sort();
      expect(ours4).toEqual(perAddress);
    });

    it('a kernel refusal is a NetlinkKernelError with errno, code, extack and attribute path', async () => {
      const err = await nl
        .addRoute({ dst: '10.20.0.0/16', gateway: '10.14.0.253', metric: 7 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetlinkKernelError);
      expect((err as NetlinkKernelError).code).toBe('EEXIST');
      expect((err as NetlinkKernelError).errno).toBe(17);
      const ipRan = ip([
        '-n',
        theirs.name,
        'route',
        'add',
        '10.20.0.0/16',
        'via',
        '10.14.0.253',
        'metric',
        '7',
      ]);
      expect(ipRan.code).toBe(2);

      // vxlan_validate: NL_SET_ERR_MSG_ATTR on a reversed source port range.
      const bad = await nl
        .addLink({ name: 'lvx9', type: 'vxlan', id: 9, dstport: 4789, srcport: [200, 100] })
        .catch((e: unknown) => e);
      const ipBad = ip([
        '-n',
        theirs.name,
        'link',
        'add',
        'lvx9',
        'type',
        'vxlan',
        'id',
        '9',
        'srcport',
        '200',
        '100',
        'dstport',
        '4789',
      ]);
      expect(bad).toBeInstanceOf(NetlinkKernelError);
      const k = bad as NetlinkKernelError;
      expect(`Error: ${k.extack.message ?? ''}.\n`).toBe(ipBad.stderr);
      if (/Invalid source port range/.test(ipBad.stderr)) {
        expect(k.code).toBe('EINVAL');
        expect(attributePath(k)).toEqual(['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'IFLA_VXLAN_PORT_RANGE']);
      }
    });

    it('a missing device or a bad option is refused before anything is sent, typed', async () => {
      const before = state(ours);
      const missing = await nl.addRoute({ dst: '10.50.0.0/16', dev: 'nosuch0' }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(LinkNotFoundError);
      expect((missing as LinkNotFoundError).device).toBe('nosuch0');
      const badAddr = await nl.addAddress({ dev: 'la0', address: '10.14.0.300/24' }).catch((e: unknown) => e);
      expect(badAddr).toBeInstanceOf(InvalidRequestError);
      expect((badAddr as InvalidRequestError).option).toBe('address');
      const badVni = await nl.addLink({ name: 'lvx8', type: 'vxlan', id: 1 << 24 }).catch((e: unknown) => e);
      expect(badVni).toBeInstanceOf(InvalidRequestError);
      expect((badVni as InvalidRequestError).option).toBe('id');
      const badWeight = await nl
        .addRoute({ dst: '10.51.0.0/16', nexthops: [{ gateway: '10.14.0.2', weight: 300 }] })
        .catch((e: unknown) => e);
      expect((badWeight as InvalidRequestError).option).toBe('nexthops[0].weight');
      expect(jsonDiff(before, state(ours), volatile)).toEqual([]);
    });
  },
);

/** The words of an ip command line (double quotes group words, as the shell would). */
function splitWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}
