import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live rule tests: ${skip}`);

/** `nlts ARGV…` through the real CLI entry, in-process. */
const nltsRule = (argv: string[]): Promise<Ran> => runCli(argv);

describe.skipIf(skip !== null)('live: nlts rule show against ip rule on a fresh namespace', () => {
  let ns: { name: string; delete(): void; ip(x: string[]): string };

  beforeAll(() => {
    ns = Netns.create('nlts-rule');
    try {
      ipBatch(
        [
          'link add r0 address 02:00:00:00:02:01 type veth peer name r1 address 02:00:00:00:02:02',
          'rule add pref 100 from 10.0.0.0/8 table 100',
          'rule add pref 101 to 192.168.1.0/24 lookup main',
          'rule add pref 102 fwmark 0x10 table 200',
          'rule add pref 103 fwmark 0x10/0xff unreachable',
          'rule add pref 104 iif r0 prohibit',
          'rule add pref 105 oif r1 blackhole',
          'rule add pref 106 goto 200',
          'rule add pref 107 uidrange 1000-2000 table 5',
          'rule add pref 108 ipproto tcp sport 80 dport 1000-2000 table 6',
          'rule add pref 109 table main suppress_prefixlength 0',
          'rule add pref 110 not from 10.1.0.0/16 tos 0x10 table default',
          'rule add pref 111 from 10.2.3.4 table local',
          'rule add pref 112 l3mdev',
          'rule add pref 113 table 7 proto static',
          'rule add pref 114 realms 3/4 table 8',
          'rule add pref 115 goto 999',
          'rule add pref 116 ipproto 200 table 9',
          'rule add pref 117 fwmark 5 table 10 suppress_ifgroup 3',
          'rule add pref 118 iif lo table 4000000',
          'rule add pref 200 nop',
          'rule add pref 300 to 10.3.0.0/16 table 100',
        ],
        ns.name,
      );
      for (const r of [
        ['pref', '50', 'from', 'fd00::/64', 'table', '77'],
        ['pref', '51', 'to', 'fd00::1', 'unreachable'],
        ['pref', '52', 'iif', 'r0', 'fwmark', '0x7/0xf', 'table', 'main'],
      ])
        ns.ip(['-6', 'rule', 'add', ...r]);
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  async function compare(args: string[], json: boolean): Promise<void> {
    const theirs = ip(['-n', ns.name, ...args]);
    const ours = await nltsRule(['-n', ns.name, ...args]);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    if (json) {
      const diffs = jsonDiff(JSON.parse(theirs.stdout), JSON.parse(ours.stdout));
      expect(diffs, `nlts ${args.join(' ')}:\n${diffs.join('\n')}`).toEqual([]);
    } else expect(ours.stdout).toBe(theirs.stdout);
  }

  it('the namespace has the rules the issue asks for', () => {
    const text = ns.ip(['rule']);
    for (const want of [
      'fwmark 0x10/0xff unreachable',
      'iif r0 prohibit',
      'goto 200',
      'uidrange 1000-2000',
      'lookup 100',
    ])
      expect(text).toContain(want);
  });

  const selections: string[][] = [
    [],
    ['show'],
    ['list', 'table', '100'],
    ['show', 'table', 'main'],
    ['show', 'table', 'local'],
    ['show', 'pref', '104'],
    ['show', 'priority', '32766'],
    ['show', 'fwmark', '0x10'],
    ['show', 'fwmark', '0x10/0xff'],
    ['show', 'iif', 'r0'],
    ['show', 'oif', 'r1'],
    ['show', 'uidrange', '1000-2000'],
    ['show', 'from', '10.0.0.0/8'],
    ['show', 'to', '10.3.0.0/16'],
    ['show', 'not'],
    ['show', 'ipproto', 'tcp'],
    ['show', 'sport', '80'],
    ['show', 'dport', '1000-2000'],
    ['show', 'l3mdev'],
  ];
  for (const sel of selections) {
    it(`-j rule ${sel.join(' ')} equals ip`, async () => {
      await compare(['-j', 'rule', ...sel], true);
    });
  }
  for (const args of [
    ['rule'],
    ['-6', 'rule'],
    ['-d', 'rule'],
    ['-N', 'rule'],
    ['-6', 'rule', 'show', 'table', 'main'],
  ]) {
    it(`text ${args.join(' ')} equals ip`, async () => {
      await compare(args, false);
    });
  }
  for (const args of [
    ['-6', '-j', 'rule'],
    ['-j', '-d', 'rule'],
    ['-j', '-p', 'rule'],
    ['-6', '-j', '-p', 'rule', 'show', 'pref', '52'],
  ]) {
    it(`${args.join(' ')} equals ip`, async () => {
      await compare(args, args.includes('-p') ? false : true);
    });
  }

  it('bad input: ip messages and exit codes, valid JSON with -j', async () => {
    const bad: [string[], number, string][] = [
      [['rule', 'show', 'pref', 'abc'], 255, 'Error: argument "abc" is wrong: preference value is invalid\n'],
      [
        ['rule', 'show', 'table', 'nosuchtable'],
        255,
        'Error: argument "nosuchtable" is wrong: table id value is invalid\n',
      ],
      [
        ['rule', 'show', 'from', '10.0.0.300/8'],
        1,
        'Error: inet prefix is expected rather than "10.0.0.300/8".\n',
      ],
      [
        ['rule', 'show', 'from', '10.0.0.0/33'],
        1,
        'Error: inet prefix is expected rather than "10.0.0.0/33".\n',
      ],
      [['rule', 'show', 'uidrange', '5'], 255, 'Error: argument "5" is wrong: invalid UID range\n'],
      [
        ['rule', 'show', 'iif', 'a/b'],
        255,
        'Error: argument "a/b" is wrong: "iif"/"dev" not a valid ifname\n',
      ],
      [['rule', 'show', 'fwmark'], 255, 'Command line is not complete. Try option "help"\n'],
      [
        ['rule', 'show', 'ipproto', 'nosuchproto'],
        255,
        'Error: argument "nosuchproto" is wrong: Invalid "ipproto" value\n',
      ],
      [['rule', 'frob'], 255, 'Command "frob" is unknown, try "nlts rule help".\n'],
    ];
    for (const [args, code, stderr] of bad) {
      const r = await nltsRule(['-n', ns.name, ...args]);
      expect([r.code, r.stderr], args.join(' ')).toEqual([code, stderr]);
      if (args[1] !== 'frob') expect(ip(['-n', ns.name, ...args]).code, args.join(' ')).toBe(code);
      const j = await nltsRule(['-j', '-n', ns.name, ...args]);
      expect(JSON.parse(j.stdout)).toHaveProperty('error');
    }
  });
});
