/**
 * The library's typed requests and the CLI's words build the same bytes
 * (issue 14 item 1: "CLI and library cannot disagree"). For each case the
 * words are given in the order the library adds attributes, so the two
 * payloads must be byte-identical, header, defaults and attributes alike.
 */
import { describe, expect, it } from 'vitest';
import { IprouteNames } from '../../src/iproute/names.js';
import { parseRouteChange, encodeRouteChange as cliEncodeRoute } from '../../src/commands/route/modify.js';
import { parseNeighModify } from '../../src/commands/neigh/change.js';
import { parseRuleModify, ruleRequestFlags } from '../../src/commands/rule/change.js';
import { parseNexthopChange } from '../../src/commands/nexthop/change.js';
import { encodeNeighChange } from '../../src/netlink/route/neigh.js';
import { encodeRuleChange } from '../../src/netlink/route/rule.js';
import { encodeNexthopChange } from '../../src/netlink/route/nexthop.js';
import { routeRequest, type RouteSpec, type RouteVerb } from '../../src/api/route-change.js';
import { neighRequest, type NeighbourSpec } from '../../src/api/neigh-change.js';
import { ruleRequest, type RuleSpec } from '../../src/api/rule-change.js';
import { nexthopRequest, type NexthopObjectSpec } from '../../src/api/nexthop-change.js';
import { Devices } from '../../src/api/devices.js';
import { InvalidRequestError } from '../../src/api/errors.js';
import { MODIFY_VERBS } from '../../src/commands/route/modify.js';
import { RTM_DELRULE, RTM_NEWNEIGH, RTM_NEWRULE } from '../../src/netlink/gen/rtnetlink.js';
import { NLM_F_CREATE, NLM_F_EXCL } from '../../src/netlink/gen/netlink.js';
import { addLinkRequest, type AddLinkSpec } from '../../src/api/link-change.js';
import { parseLinkArgs, type LinkRequest } from '../../src/commands/link/change.js';
import { KIND_PARSERS } from '../../src/commands/link/change-kinds.js';
import { encodeIfinfomsg, encodeLinkInfo } from '../../src/netlink/route/link-change.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { defaultOptions } from '../../src/cli/options.js';
import { StringOutput } from '../../src/output/output.js';
import type { CommandEnv } from '../../src/commands/env.js';
import type { LinkMessage } from '../../src/netlink/route/link.js';

const names = IprouteNames.fromTexts({});
const IFINDEX: Record<string, number> = { eth0: 2, eth1: 3 };

/** A Devices over a fixed table (no socket): names and "\0INDEX" keys, as the real one. */
const devices = {
  require: (key: string) => (key.startsWith('\0') ? Number(key.slice(1)) : IFINDEX[key]!),
  index: (ref: string | number) => (typeof ref === 'number' ? ref : IFINDEX[ref]!),
} as unknown as Devices;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('library route requests are the CLI route requests', () => {
  const cases: [RouteVerb, RouteSpec, string][] = [
    [
      'add',
      { dst: '10.1.0.0/16', gateway: '192.0.2.1', metric: 5, dev: 'eth0' },
      '10.1.0.0/16 via 192.0.2.1 metric 5 dev eth0',
    ],
    ['add', { dst: 'default', gateway: '192.0.2.1' }, 'default via 192.0.2.1'],
    [
      'replace',
      { dst: '10.2.0.0/24', dev: 'eth1', table: 100, protocol: 'static' },
      '10.2.0.0/24 protocol static table 100 dev eth1',
    ],
    ['add', { dst: '10.3.0.0/24', table: 5000, type: 'blackhole' }, 'blackhole 10.3.0.0/24 table 5000'],
    ['add', { dst: '10.4.0.0/24', type: 'local', dev: 'eth0' }, 'local 10.4.0.0/24 dev eth0'],
    [
      'append',
      { dst: '2001:db8::/32', gateway: 'fe80::1', dev: 'eth0', pref: 'high' },
      '2001:db8::/32 via fe80::1 dev eth0 pref high',
    ],
    [
      'add',
      { dst: '10.5.0.0/16', metrics: { mtu: 1400, advmss: 1300, lock: ['mtu'] }, dev: 'eth0' },
      '10.5.0.0/16 mtu lock 1400 advmss 1300 dev eth0',
    ],
    [
      'add',
      {
        dst: '10.6.0.0/16',
        nexthops: [
          { gateway: '192.0.2.1', dev: 'eth0', weight: 2 },
          { gateway: '192.0.2.2', onlink: true },
        ],
      },
      '10.6.0.0/16 nexthop via 192.0.2.1 dev eth0 weight 2 nexthop via 192.0.2.2 onlink',
    ],
    ['add', { dst: '10.7.0.0/16', nhid: 10 }, '10.7.0.0/16 nhid 10'],
    ['delete', { dst: '10.1.0.0/16', table: 100 }, '10.1.0.0/16 table 100'],
    ['prepend', { dst: '10.8.0.0/16', scope: 'link', dev: 'eth0' }, '10.8.0.0/16 scope link dev eth0'],
    [
      'change',
      { dst: '10.9.0.0/16', from: '10.0.0.0/8', src: '10.0.0.1', dev: 'eth0' },
      '10.9.0.0/16 from 10.0.0.0/8 src 10.0.0.1 dev eth0',
    ],
  ];
  for (const [verb, spec, words] of cases) {
    it(`${verb} ${words}`, () => {
      const v = MODIFY_VERBS.find((x) => x.verb === verb)!;
      const cli = parseRouteChange(words.split(' '), v.cmd, v.flags, 0, names);
      const lib = routeRequest(verb, spec, devices, names);
      expect([lib.type, lib.flags]).toEqual([v.cmd, v.flags]);
      expect(hex(lib.payload)).toBe(hex(cliEncodeRoute(cli, devices)));
    });
  }
});

describe('library neighbour, rule and nexthop requests are the CLI ones', () => {
  const neigh: [NeighbourSpec, string][] = [
    [
      { dev: 'eth0', address: '10.0.0.1', lladdr: '02:00:00:00:00:01' },
      '10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0',
    ],
    [
      {
        dev: 'eth0',
        address: 'fe80::1',
        lladdr: '02:00:00:00:00:02',
        state: 'stale',
        router: true,
        protocol: 'static',
      },
      'fe80::1 lladdr 02:00:00:00:00:02 nud stale router protocol static dev eth0',
    ],
    [{ dev: 'eth1', address: '10.0.0.5', proxy: true }, 'proxy 10.0.0.5 dev eth1'],
  ];
  for (const [spec, words] of neigh) {
    it(`neigh add ${words}`, () => {
      const m = parseNeighModify(words.split(' '), 0, names);
      const lib = neighRequest('add', spec, devices, names);
      expect([lib.type, lib.flags]).toEqual([RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL]);
      expect(hex(lib.payload)).toBe(hex(encodeNeighChange({ ...m.change, ifindex: IFINDEX[m.dev!]! })));
    });
  }

  const rules: ['add' | 'delete', RuleSpec, string][] = [
    ['add', { from: '10.0.0.0/8', priority: 100, table: 100 }, 'from 10.0.0.0/8 priority 100 table 100'],
    [
      'add',
      { to: '10.1.0.0/16', fwmark: 5, fwmask: 255, iif: 'eth0' },
      'to 10.1.0.0/16 fwmark 5/255 iif eth0',
    ],
    [
      'add',
      { not: true, from: '10.2.0.0/16', priority: 7, action: 'prohibit' },
      'not from 10.2.0.0/16 priority 7 prohibit',
    ],
    ['add', { family: 'inet6', from: '2001:db8::/32', table: 5000 }, 'from 2001:db8::/32 table 5000'],
    [
      'add',
      { priority: 9, ipproto: 6, dport: [80, 90], action: 'goto', goto: 200 },
      'priority 9 ipproto 6 dport 80-90 goto 200',
    ],
    ['delete', { priority: 100 }, 'priority 100'],
  ];
  for (const [verb, spec, words] of rules) {
    it(`rule ${verb} ${words}`, () => {
      const cmd = verb === 'add' ? RTM_NEWRULE : RTM_DELRULE;
      const family = spec.family === 'inet6' ? 10 : 0;
      const m = parseRuleModify(cmd, words.split(' '), family, names);
      const lib = ruleRequest(verb, spec, names);
      expect([lib.type, lib.flags]).toEqual([cmd, ruleRequestFlags(cmd)]);
      expect(hex(lib.payload)).toBe(hex(encodeRuleChange(m.header, m.attrs)));
    });
  }

  const nexthops: [NexthopObjectSpec, string][] = [
    [{ id: 1, dev: 'eth0', gateway: '192.0.2.1' }, 'id 1 via 192.0.2.1 dev eth0'],
    [{ id: 2, blackhole: true }, 'id 2 blackhole'],
    [{ id: 3, group: [{ id: 1, weight: 3 }, { id: 2 }] }, 'id 3 group 1,3/2'],
    [
      {
        id: 4,
        group: [{ id: 1 }, { id: 2 }],
        groupType: 'resilient',
        resilient: { buckets: 32, idleTimer: 10 },
      },
      'id 4 group 1/2 type resilient buckets 32 idle_timer 10',
    ],
    [
      { id: 5, dev: 'eth1', onlink: true, gateway: '192.0.2.9', protocol: 'static' },
      'id 5 via 192.0.2.9 dev eth1 onlink protocol static',
    ],
  ];
  for (const [spec, words] of nexthops) {
    it(`nexthop add ${words}`, () => {
      const cli = parseNexthopChange(words.split(' '), {
        family: 0,
        names,
        ifindexOf: (n) => IFINDEX[n] ?? 0,
      });
      expect(hex(nexthopRequest('add', spec, devices, names).payload)).toBe(hex(encodeNexthopChange(cli)));
    });
  }
});

describe('library option checks', () => {
  it('name the option at fault, before anything is built', () => {
    const bad = (f: () => unknown): InvalidRequestError => {
      try {
        f();
      } catch (e) {
        return e as InvalidRequestError;
      }
      throw new Error('no error');
    };
    expect(bad(() => routeRequest('add', { dst: '10.0.0.0/33' }, devices, names)).option).toBe('dst');
    expect(
      bad(() => routeRequest('add', { dst: '10.0.0.0/8', nexthops: [{ gateway: 'x' }] }, devices, names))
        .option,
    ).toBe('nexthops[0].gateway');
    expect(
      bad(() => routeRequest('add', { dst: '10.0.0.0/8', table: 'nosuchtable' }, devices, names)).option,
    ).toBe('table');
    expect(
      bad(() =>
        neighRequest('add', { dev: 'eth0', address: '10.0.0.1', state: 'sleepy' as 'stale' }, devices, names),
      ).option,
    ).toBe('state');
    expect(
      bad(() => nexthopRequest('add', { id: 3, group: [{ id: 1, weight: 0 }] }, devices, names)).option,
    ).toBe('group[0].weight');
    expect(bad(() => ruleRequest('add', { action: 'goto' }, names)).option).toBe('goto');
  });
});

describe('library link requests are the CLI link requests', () => {
  const env: CommandEnv = {
    opts: defaultOptions(),
    out: new StringOutput(),
    err: new StringOutput(),
    transports: () => {
      throw new Error('no sockets in unit tests');
    },
    colorize: undefined,
    readFile: () => null,
    fact: (_k, c) => c(),
  };
  const getLink = (name: string): LinkMessage | null =>
    IFINDEX[name] ? ({ index: IFINDEX[name], attrs: new Map() } as unknown as LinkMessage) : null;

  /** What `nlts link add WORDS` sends (linkChange without the socket). */
  function cli(words: string): Uint8Array {
    const args = words.split(' ');
    const req: LinkRequest = {
      hdr: { family: 0, ifindex: 0, flags: 0, change: 0 },
      attrs: new AttributeEncoder(),
      create: true,
      setOp: false,
    };
    const deps = { env, getLink, getLinkByIndex: () => null, fds: [] };
    const { consumed, type } = parseLinkArgs(args, req, deps);
    const rest = args.slice(consumed);
    encodeLinkInfo(req.attrs, type!, rest.length ? KIND_PARSERS[type!]!(rest, { ...deps, req }) : undefined);
    return encodeIfinfomsg(req.hdr, req.attrs.finish());
  }

  const cases: [AddLinkSpec, string][] = [
    [
      {
        name: 'v0',
        address: '02:00:00:00:00:01',
        mtu: 1400,
        up: true,
        type: 'veth',
        peer: { name: 'v1', address: '02:00:00:00:00:02', mtu: 1300 },
      },
      'up address 02:00:00:00:00:01 mtu 1400 name v0 type veth peer address 02:00:00:00:00:02 mtu 1300 name v1',
    ],
    [{ name: 'v2', type: 'veth' }, 'name v2 type veth'],
    [
      { name: 'br1', type: 'bridge', bridge: { stp_state: 1, forward_delay: 400, no_linklocal_learn: 1 } },
      'name br1 type bridge stp_state 1 forward_delay 400 no_linklocal_learn 1',
    ],
    [
      { name: 'mv0', link: 'eth0', type: 'macvlan', mode: 'bridge', nodst: true },
      'link eth0 name mv0 type macvlan mode bridge nodst',
    ],
    [
      {
        name: 'vx0',
        type: 'vxlan',
        id: 42,
        dev: 'eth0',
        ttl: 64,
        srcport: [100, 200],
        remote: '192.0.2.1',
        local: '192.0.2.2',
        dstport: 4789,
        learning: false,
      },
      'name vx0 type vxlan id 42 dev eth0 ttl 64 srcport 100 200 remote 192.0.2.1 local 192.0.2.2 dstport 4789 nolearning',
    ],
    [
      { name: 'mv1', link: 'eth1', master: 'eth0', type: 'macvtap' },
      'master eth0 link eth1 name mv1 type macvtap',
    ],
  ];
  for (const [spec, words] of cases) {
    it(`link add ${words}`, () => {
      expect(hex(addLinkRequest(spec, devices).payload)).toBe(hex(cli(words)));
    });
  }
});
