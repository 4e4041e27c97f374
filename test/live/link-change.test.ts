import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip, withoutAttributeName } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';
import { isVolatile, jsonDiff } from '../support/json-diff.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live link-change tests: ${skip}`);

/** `nlts ARGV…` through the real CLI entry, in-process. */
const nltsLink = (argv: string[]): Promise<Ran> => runCli(argv);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

/** Every change command of the issue, run in order; TARGET is the namespace links move to. */
const CHANGES: string[][] = [
  [
    'add',
    'veth0',
    'address',
    '02:00:00:00:03:01',
    'type',
    'veth',
    'peer',
    'name',
    'veth1',
    'address',
    '02:00:00:00:03:02',
  ],
  [
    'add',
    'dev',
    'vb0',
    'address',
    '02:00:00:00:03:03',
    'type',
    'veth',
    'peer',
    'name',
    'vb0p',
    'address',
    '02:00:00:00:03:04',
  ],
  ['add', 'br0', 'address', '02:00:00:00:03:10', 'type', 'bridge'],
  ['add', 'mv0', 'link', 'vb0p', 'address', '02:00:00:00:03:20', 'type', 'macvlan', 'mode', 'bridge'],
  ['add', 'mv1', 'link', 'vb0p', 'address', '02:00:00:00:03:21', 'type', 'macvlan', 'mode', 'private'],
  [
    'add',
    'vx0',
    'address',
    '02:00:00:00:03:30',
    'type',
    'vxlan',
    'id',
    '42',
    'local',
    '10.1.0.1',
    'remote',
    '10.1.0.2',
    'dstport',
    '4789',
    'dev',
    'veth0',
  ],
  ['add', 'vx1', 'address', '02:00:00:00:03:31', 'type', 'vxlan', 'id', '43', 'dstport', '0', 'nolearning'],
  ['add', 'dev', 'ifb0', 'address', '02:00:00:00:03:40', 'type', 'ifb'],
  [
    'add',
    'vgone',
    'address',
    '02:00:00:00:03:50',
    'type',
    'veth',
    'peer',
    'name',
    'vgonep',
    'address',
    '02:00:00:00:03:51',
  ],
  ['set', 'dev', 'veth0', 'up'],
  ['set', 'dev', 'veth1', 'up'],
  ['set', 'dev', 'veth0', 'mtu', '1400'],
  ['set', 'dev', 'veth0', 'address', '02:00:00:00:03:09'],
  ['set', 'dev', 'veth0', 'alias', 'uplink to peer'],
  ['set', 'dev', 'veth0', 'txqueuelen', '500'],
  ['set', 'dev', 'veth0', 'promisc', 'on'],
  ['set', 'dev', 'veth1', 'arp', 'off'],
  ['set', 'dev', 'vb0', 'master', 'br0'],
  ['set', 'dev', 'veth1', 'master', 'br0'],
  ['set', 'dev', 'veth1', 'nomaster'],
  ['set', 'vb0', 'up'],
  ['set', 'dev', 'br0', 'up'],
  ['change', 'dev', 'ifb0', 'name', 'ifb9'],
  ['set', 'dev', 'ifb9', 'down'],
  ['set', 'dev', 'veth1', 'promisc', 'off'],
  ['set', 'dev', 'vgonep', 'netns', 'TARGET'],
  ['delete', 'dev', 'vx1'],
  ['del', 'mv1'],
];

describe.skipIf(skip !== null)('live: nlts link add/set/del leave the same state as ip', () => {
  let ours: Ns, theirs: Ns, ourTarget: Ns, theirTarget: Ns;

  beforeAll(() => {
    ours = Netns.create('nlts-lc');
    theirs = Netns.create('nlts-lci');
    ourTarget = Netns.create('nlts-lct');
    theirTarget = Netns.create('nlts-lcti');
  });
  afterAll(() => {
    for (const n of [ours, theirs, ourTarget, theirTarget]) n?.delete();
  });

  const state = (ns: Ns): unknown => JSON.parse(ns.ip(['-j', '-d', 'link', 'show']));

  it('every change command, by nlts in one netns and by ip in another, leaves identical ip -j -d link state', async () => {
    for (const cmd of CHANGES) {
      const r = await nltsLink([
        '-n',
        ours.name,
        'link',
        ...cmd.map((w) => (w === 'TARGET' ? ourTarget.name : w)),
      ]);
      const i = ip(['-n', theirs.name, 'link', ...cmd.map((w) => (w === 'TARGET' ? theirTarget.name : w))]);
      expect([r.code, i.code], cmd.join(' ') + '\n' + r.stderr + i.stderr).toEqual([0, 0]);
      // ip warns about vxlan's default port on stderr; so must nlts, word for word.
      expect(r.stderr, cmd.join(' ')).toBe(i.stderr);
    }
    for (const [a, b] of [
      [ours, theirs],
      [ourTarget, theirTarget],
    ] as const) {
      for (let attempt = 0; ; attempt++) {
        const diffs = jsonDiff(state(b), state(a), isVolatile);
        if (diffs.length && attempt < 20) {
          execFileSync('sleep', ['0.2']); // carriers and bridge ports settle asynchronously
          continue;
        }
        expect(diffs, diffs.join('\n')).toEqual([]);
        break;
      }
    }
    const links = state(ours) as { ifname: string }[];
    expect(links.map((l) => l.ifname).sort()).toEqual([
      'br0',
      'ifb9',
      'lo',
      'mv0',
      'vb0',
      'vb0p',
      'veth0',
      'veth1',
      'vgone',
      'vx0',
    ]);
    expect((state(ourTarget) as { ifname: string }[]).map((l) => l.ifname).sort()).toEqual(['lo', 'vgonep']);
  });

  it('bad input: ip message and exit code, nothing changed, valid JSON with -j', async () => {
    const bad: [string[], number, string][] = [
      [['set', 'dev', 'veth0', 'address', 'zz:zz'], 1, '"zz" is invalid lladdr.\n'],
      [
        ['set', 'dev', 'veth0', 'address', '02:00:00:00:00:01:02'],
        1,
        'Invalid address length 7 - must be 6 bytes\n',
      ],
      [['set', 'dev', 'veth0', 'mtu', 'abc'], 255, 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n'],
      [
        ['set', 'dev', 'veth0', 'name', 'a-name-longer-than-15'],
        255,
        'Error: argument "a-name-longer-than-15" is wrong: "name" not a valid ifname\n',
      ],
      // ip prints the kernel's text; nlts also names the attribute the extack offset points at.
      [
        ['add', 'a-name-longer-than-15', 'type', 'bridge'],
        2,
        'Error: Attribute failed policy validation (attribute IFLA_IFNAME).\n',
      ],
      [['set', 'dev', 'nosuch0', 'up'], 1, 'Cannot find device "nosuch0"\n'],
      [['del', 'dev', 'nosuch0'], 1, 'Cannot find device "nosuch0"\n'],
      [['add', 'foo0', 'type', 'nosuchtype'], 2, 'Error: Unknown device type.\n'],
      [['set', 'dev', 'veth0', 'bogus'], 255, 'Error: either "dev" is duplicate, or "bogus" is a garbage.\n'],
      [['set', 'dev', 'veth0', 'mtu', '10'], 2, 'Error: mtu less than device minimum.\n'],
      [['add', 'br0', 'type', 'bridge'], 2, 'RTNETLINK answers: File exists\n'],
      [
        ['set', 'dev', 'veth0', 'master', 'nosuch0'],
        255,
        'Error: argument "nosuch0" is wrong: Device does not exist\n\n',
      ],
      [
        ['set', 'dev', 'veth0', 'promisc', 'maybe'],
        1,
        'Error: argument of "promisc" must be "on" or "off", not "maybe"\n',
      ],
      [
        ['add', 'mv9', 'link', 'nosuch0', 'type', 'macvlan', 'mode', 'bridge'],
        1,
        'Cannot find device "nosuch0"\n',
      ],
      [
        ['add', 'mv9', 'link', 'veth0', 'type', 'macvlan', 'mode', 'bogus'],
        1,
        'Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "bogus"\n',
      ],
      [
        ['add', 'vx9', 'type', 'vxlan', 'id', '99999999'],
        255,
        'Error: argument "99999999" is wrong: invalid id\n',
      ],
      [['set'], 255, 'Not enough information: "dev" argument is required.\n'],
      [['add', 'foo0'], 1, 'Not enough information: "type" argument is required\n'],
      [
        ['set', 'dev', 'veth0', 'netns', 'nosuch-netns'],
        255,
        'Error: argument "nosuch-netns" is wrong: Invalid "netns" value\n\n',
      ],
    ];
    for (const [args, code, stderr] of bad) {
      const before = state(ours);
      const r = await nltsLink(['-n', ours.name, 'link', ...args]);
      expect([r.code, r.stderr], args.join(' ')).toEqual([code, stderr]);
      expect(jsonDiff(before, state(ours), isVolatile), args.join(' ')).toEqual([]);
      // ip agrees on the exit status and the message.
      const ipRan = ip(['-n', theirs.name, 'link', ...args]);
      expect([ipRan.code, ipRan.stderr], args.join(' ')).toEqual([code, withoutAttributeName(stderr)]);
      const j = await nltsLink(['-j', '-n', ours.name, 'link', ...args]);
      expect(JSON.parse(j.stdout), args.join(' ')).toHaveProperty('error');
    }
  });

  it('tun/tap: points to nlts tuntap instead of pretending', async () => {
    const r = await nltsLink(['-n', ours.name, 'link', 'add', 'tun0', 'type', 'tun']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/use "nlts tuntap add .*mode tun"/);
  });
});
