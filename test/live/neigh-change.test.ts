import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live neigh change tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

/** The same starting point in each namespace: a veth pair, up. */
function setup(prefix: string): Ns {
  const ns = Netns.create(prefix) as Ns;
  try {
    ipBatch(
      [
        'link add n0 address 02:00:00:00:03:01 type veth peer name n1 address 02:00:00:00:03:02',
        'link set n0 up',
        'link set n1 up',
      ],
      ns.name,
    );
  } catch (e) {
    ns.delete();
    throw e;
  }
  return ns;
}

/**
 * Every neighbour table entry ip -j sees, IPv4 and IPv6 and proxies. The
 * multicast entries the kernel adds by itself (ff02::, whenever MLD runs)
 * are left out: they come and go independently of the commands.
 */
function state(ns: Ns): string {
  return ['', '-6']
    .flatMap((f) => [
      ip(['-n', ns.name, '-j', ...(f ? [f] : []), 'neigh', 'show', 'nud', 'all']).stdout,
      ip(['-n', ns.name, '-j', ...(f ? [f] : []), 'neigh', 'show', 'proxy']).stdout,
    ])
    .map((text) =>
      // The kernel lists entries in hash order, which differs between namespaces: compare as sets.
      (JSON.parse(text) as { dst?: string }[])
        .filter((e) => !e.dst?.startsWith('ff02:'))
        .map((e) => JSON.stringify(e))
        .sort()
        .join('\n'),
    )
    .join('\n');
}

/** Commands run in order, each by ip in one namespace and by nlts in the other. */
const SCRIPT: string[][] = [
  ['neigh', 'add', '10.0.0.1', 'lladdr', '02:00:00:00:00:01', 'dev', 'n0'],
  ['neigh', 'add', '10.0.0.2', 'dev', 'n0', 'lladdr', '2:0:0:0:0:2', 'nud', 'reachable', 'router'],
  ['neigh', 'add', 'fe80::1', 'dev', 'n0', 'lladdr', '02:00:00:00:00:03', 'nud', 'stale', 'router'],
  ['neigh', 'add', 'proxy', '10.0.0.5', 'dev', 'n0'],
  ['-6', 'neigh', 'add', 'proxy', '2001:db8::5', 'dev', 'n1'],
  [
    'neigh',
    'add',
    '10.0.0.9',
    'dev',
    'n1',
    'lladdr',
    '00:11:22:33:44:55',
    'protocol',
    'static',
    'nud',
    'stale',
  ],
  ['neigh', 'add', '10.0.0.10', 'dev', 'n1', 'lladdr', '00:11:22:33:44:56', 'extern_learn', 'protocol', '99'],
  ['neigh', 'add', 'to', '10.0.0.11', 'dev', 'n1', 'lladdr', '00:11:22:33:44:57', 'nud', 'noarp'],
  ['neigh', 'add', '10.0.0.1', 'dev', 'n0', 'lladdr', '02:00:00:00:00:01'], // EEXIST
  ['neigh', 'change', '10.0.0.1', 'dev', 'n0', 'lladdr', '02:00:00:00:00:11', 'nud', 'noarp'],
  ['neigh', 'chg', '10.0.0.2', 'dev', 'n0', 'nud', 'permanent'],
  ['neigh', 'change', '10.0.0.99', 'dev', 'n0', 'lladdr', '02:00:00:00:00:11'], // ENOENT
  ['neigh', 'replace', '10.0.0.3', 'dev', 'n0', 'lladdr', '02:00:00:00:00:04'],
  ['neigh', 'replace', '10.0.0.3', 'dev', 'n0', 'lladdr', '02:00:00:00:00:05', 'nud', 'probe'],
  ['neigh', 'add', '10.0.0.4', 'dev', 'n0', 'lladdr', 'null', 'nud', 'none'],
  ['neigh', 'del', '10.0.0.3', 'dev', 'n0'],
  ['neigh', 'delete', '10.0.0.3', 'dev', 'n0'], // ENOENT
  ['neigh', 'del', 'proxy', '10.0.0.5', 'dev', 'n0'],
  ['neigh', 'add', '10.0.0.12', 'dev', 'n0', 'lladdr', '00:11'], // Invalid link address (extack)
  ['neigh', 'add', '10.0.0.13', 'dev', 'n0', 'lladdr', '1.2.3.4'], // 4 bytes: refused too
  ['-s', 'neigh', 'flush', 'dev', 'n1'],
  ['-s', 'neigh', 'flush', 'dev', 'n1'],
  ['neigh', 'flush', 'to', '10.0.0.0/24'],
  ['-s', '-s', 'neigh', 'flush', 'nud', 'permanent', 'dev', 'n0'],
  ['-6', '-s', 'neigh', 'flush', 'all'],
  ['neigh', 'flush', 'nud', 'all'],
];

describe.skipIf(skip !== null)('live: nlts neigh add|del|change|replace|flush against ip', () => {
  let theirs: Ns;
  let ours: Ns;
  beforeAll(() => {
    theirs = setup('nlts-nc-ip');
    ours = setup('nlts-nc-us');
  });
  afterAll(() => {
    theirs?.delete();
    ours?.delete();
  });

  it('the two namespaces start alike', () => {
    expect(state(ours)).toBe(state(theirs));
  });

  for (const [i, args] of SCRIPT.entries()) {
    it(`step ${i}: ${args.join(' ')}: same output, exit and resulting tables`, async () => {
      const a = ip(['-n', theirs.name, ...args]);
      const b: Ran = await runCli(['-n', ours.name, ...args]);
      expect(b.stderr).toBe(a.stderr);
      expect(b.stdout).toBe(a.stdout);
      expect(b.code).toBe(a.code);
      expect(state(ours)).toBe(state(theirs));
    });
  }

  it('a difference between the namespaces is seen (the comparison can fail)', () => {
    theirs.ip(['neigh', 'add', '10.0.0.50', 'lladdr', '02:00:00:00:00:50', 'dev', 'n0']);
    try {
      expect(state(ours)).not.toBe(state(theirs));
    } finally {
      theirs.ip(['neigh', 'del', '10.0.0.50', 'dev', 'n0']);
    }
    expect(state(ours)).toBe(state(theirs));
  });

  describe('bad input: ip message and exit status, nothing changed, valid JSON with -j', () => {
    const bad: [string[], number, string][] = [
      [
        ['neigh', 'add', '10.0.0.300', 'dev', 'n0'],
        1,
        'Error: any valid address is expected rather than "10.0.0.300".\n',
      ],
      [['neigh', 'add', '10.0.0.20', 'lladdr', 'zz:00', 'dev', 'n0'], 1, '"zz" is invalid lladdr.\n'],
      [
        ['neigh', 'add', '10.0.0.20', 'lladdr', '1.2.3.999', 'dev', 'n0'],
        1,
        '"1.2.3.999" is invalid lladdr.\n',
      ],
      [
        ['neigh', 'add', '10.0.0.20', 'lladdr', '02:00:00:00:00:01', 'dev', 'nosuch'],
        1,
        'Cannot find device "nosuch"\n',
      ],
      [
        ['neigh', 'add', '10.0.0.20', 'lladdr', '02:00:00:00:00:01'],
        255,
        'Device and destination are required arguments.\n',
      ],
      [
        ['neigh', 'add', '10.0.0.20', 'dev', 'n0', 'nud', 'bogus'],
        255,
        'Error: argument "bogus" is wrong: nud state is bad\n',
      ],
      [
        ['neigh', 'add', '10.0.0.20', '10.0.0.21', 'dev', 'n0'],
        255,
        'Error: either "to" is duplicate, or "10.0.0.21" is a garbage.\n',
      ],
      [
        [
          'neigh',
          'add',
          '10.0.0.20',
          'lladdr',
          '02:00:00:00:00:01',
          'lladdr',
          '02:00:00:00:00:02',
          'dev',
          'n0',
        ],
        255,
        'Error: duplicate "lladdr": "02:00:00:00:00:02" is the second value.\n',
      ],
      [
        ['neigh', 'add', '10.0.0.20', 'dev', 'n0', 'protocol', 'bogus'],
        255,
        'Error: argument "bogus" is wrong: "protocol" value is invalid\n\n',
      ],
      [['neigh', 'add', '10.0.0.20', 'dev'], 255, 'Command line is not complete. Try option "help"\n'],
      [
        ['-4', 'neigh', 'add', 'fe80::9', 'dev', 'n0'],
        1,
        'Error: inet address is expected rather than "fe80::9".\n',
      ],
      [['neigh', 'flush'], 1, 'Flush requires arguments.\n'],
      [['neigh', 'flush', 'dev', 'nosuch'], 1, 'Cannot find device "nosuch"\n'],
      [['neigh', 'del', '10.0.0.77', 'dev', 'n0'], 2, 'RTNETLINK answers: No such file or directory\n'],
      [['neigh', 'add', '10.0.0.20', 'dev', 'n0', 'lladdr', '00:11'], 2, 'Error: Invalid link address.\n'],
      [['neigh', 'frob'], 255, 'Command "frob" is unknown, try "nlts neigh help".\n'],
    ];
    for (const [args, code, message] of bad) {
      it(`nlts ${args.join(' ')}`, async () => {
        const before = state(ours);
        const r = await runCli(['-n', ours.name, ...args]);
        expect(r.stderr).toBe(message);
        expect(r.code).toBe(code);
        expect(r.stdout).toBe('');
        if (!message.startsWith('Command "frob"')) {
          const theirsRan = ip(['-n', theirs.name, ...args]);
          expect(theirsRan.stderr).toBe(message);
          expect(theirsRan.code).toBe(code);
        }
        const j = await runCli(['-j', '-n', ours.name, ...args]);
        expect(j.code).toBe(code);
        const parsed = JSON.parse(j.stdout) as { error: { message: string } };
        expect(parsed.error.message.trimEnd()).toBe(message.trimEnd());
        expect(state(ours)).toBe(before);
      });
    }
  });
});
