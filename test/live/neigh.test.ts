import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live neigh tests: ${skip}`);

/** `nlts ARGV…` through the real CLI entry, in-process. */
const nltsNeigh = (argv: string[]): Promise<Ran> => runCli(argv);

/** Cache timers move between two reads; everything else must be equal. */
const timer = (path: string): boolean => /\.(used|confirmed|updated)$/.test(path);

describe.skipIf(skip !== null)('live: nlts neigh show against ip neigh on fresh namespaces', () => {
  let a: { name: string; delete(): void; ip(x: string[]): string };
  let b: { name: string; delete(): void; ip(x: string[]): string };

  beforeAll(() => {
    a = Netns.create('nlts-neigh');
    b = Netns.create('nlts-neighp');
    try {
      ipBatch(
        [
          `link add v0 address 02:00:00:00:01:01 type veth peer name v1 address 02:00:00:00:01:02 netns ${b.name}`,
          'link add d0 address 02:00:00:00:01:03 type veth peer name d0p address 02:00:00:00:01:04',
          'link set lo up',
          'link set v0 up',
          'link set d0 up',
          'addr add 10.9.0.1/24 dev v0',
          'addr add fd00::1/64 dev v0 nodad',
          'addr add 10.8.0.1/24 dev d0',
          // Long reachable times so REACHABLE entries stay so while both tools read them.
          'ntable change name arp_cache dev v0 base_reachable 3600000',
          'ntable change name ndisc_cache dev v0 base_reachable 3600000',
          'neigh add 10.9.0.50 lladdr 02:11:22:33:44:55 dev v0 nud permanent',
          'neigh add 10.9.0.51 lladdr 02:11:22:33:44:56 dev v0 nud stale',
          'neigh add 10.9.0.52 lladdr 02:11:22:33:44:5a dev v0 nud noarp',
          'neigh add proxy 10.9.0.77 dev v0',
          'neigh add proxy fd00::77 dev v0',
          'neigh add fd00::50 lladdr 02:11:22:33:44:57 dev v0 router nud permanent',
          'neigh add fd00::51 lladdr 02:11:22:33:44:58 dev v0 nud stale',
          'neigh add 10.8.0.9 lladdr 02:11:22:33:44:59 dev d0 nud permanent',
        ],
        a.name,
      );
      ipBatch(
        [
          'link set v1 up',
          'link set lo up',
          'addr add 10.9.0.2/24 dev v1',
          'addr add fd00::2/64 dev v1 nodad',
        ],
        b.name,
      );
      // Real traffic (no ping here): one UDP datagram each way resolves 10.9.0.2 and fd00::2 to REACHABLE.
      const send = `const d=require('dgram');for(const [f,h] of [['udp4','10.9.0.2'],['udp6','fd00::2']]){const s=d.createSocket(f);s.send('x',9,h,()=>s.close())}`;
      execFileSync('ip', ['netns', 'exec', a.name, process.execPath, '-e', send]);
      for (let i = 0; i < 50; i++) {
        const out = a.ip(['neigh', 'show', 'dev', 'v0']);
        if (/10\.9\.0\.2 .*REACHABLE/.test(out) && /fd00::2 .*REACHABLE/.test(out)) break;
        execFileSync('sleep', ['0.1']);
      }
    } catch (e) {
      a.delete();
      b.delete();
      throw e;
    }
  });
  afterAll(() => {
    a?.delete();
    b?.delete();
  });

  /** ip, nlts, ip again: when ip's two reads differ the kernel moved, so read again (bounded). */
  async function compare(args: string[], json: boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const before = ip(['-n', a.name, ...args]);
      const ours = await nltsNeigh(['-n', a.name, ...args]);
      const after = ip(['-n', a.name, ...args]);
      expect(before.code, before.stderr).toBe(0);
      const ipStable = json
        ? jsonDiff(JSON.parse(before.stdout), JSON.parse(after.stdout), timer).length === 0
        : before.stdout === after.stdout;
      if (!ipStable && attempt < 3) continue;
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      if (json) {
        const diffs = jsonDiff(JSON.parse(before.stdout), JSON.parse(ours.stdout), timer);
        expect(diffs, `nlts ${args.join(' ')}:\n${diffs.join('\n')}`).toEqual([]);
      } else expect(ours.stdout).toBe(before.stdout);
      return;
    }
  }

  it('the namespace holds permanent, reachable, stale, noarp, proxy and IPv6 entries', () => {
    const all = a.ip(['neigh', 'show', 'nud', 'all']);
    for (const want of [
      /PERMANENT/,
      /10\.9\.0\.2 .*REACHABLE/,
      /STALE/,
      /fd00::50 .*router/,
      /fd00::2 .*REACHABLE/,
    ])
      expect(all).toMatch(want);
    expect(a.ip(['neigh', 'show', 'proxy'])).toMatch(/10\.9\.0\.77 dev v0 proxy/);
  });

  const cases: string[][] = [
    ['neigh', 'show'],
    ['neigh'],
    ['-4', 'neigh', 'show'],
    ['-6', 'neigh', 'show'],
    ['neigh', 'show', 'dev', 'v0'],
    ['neigh', 'show', 'nud', 'all'],
    ['neigh', 'show', 'nud', 'noarp'],
    ['neigh', 'show', 'nud', 'permanent', 'nud', 'stale'],
    ['neigh', 'show', 'proxy'],
    ['neigh', 'show', 'to', '10.9.0.0/24'],
    ['neigh', 'show', 'fd00::/64'],
    ['-s', 'neigh', 'show'],
    ['neighbour', 'list', 'dev', 'd0'],
  ];
  for (const args of cases) {
    it(`-j ${args.join(' ')} equals ip`, async () => {
      await compare(['-j', ...args.map((w) => (w === 'neighbour' ? 'neigh' : w))], true);
    });
  }
  for (const args of [
    ['neigh', 'show'],
    ['-br', 'neigh'],
    ['neigh', 'show', 'nud', 'all'],
    ['neigh', 'show', 'proxy'],
    ['-6', 'neigh', 'show', 'dev', 'v0'],
  ]) {
    it(`text ${args.join(' ')} equals ip`, async () => {
      await compare(args, false);
    });
  }
  it('-j -p output is ip -j -p byte for byte apart from timers', async () => {
    await compare(['-j', '-p', 'neigh', 'show', 'dev', 'v0'], false);
  });

  it('bad input: one line, ip exit codes, valid JSON with -j', async () => {
    const bad: [string[], number, string][] = [
      [['neigh', 'show', 'dev', 'nosuch0'], 1, 'Cannot find device "nosuch0"\n'],
      [['neigh', 'show', 'nud', 'bogus'], 255, 'Error: argument "bogus" is wrong: nud state is bad\n'],
      [
        ['neigh', 'show', 'to', '10.0.0.300'],
        1,
        'Error: any valid prefix is expected rather than "10.0.0.300".\n',
      ],
      [
        ['-6', 'neigh', 'show', '10.0.0.0/8'],
        1,
        'Error: inet6 prefix is expected rather than "10.0.0.0/8".\n',
      ],
      [['neigh', 'show', 'dev'], 255, 'Command line is not complete. Try option "help"\n'],
      [
        ['neigh', 'show', 'master', 'nosuch0'],
        255,
        'Error: argument "nosuch0" is wrong: Device does not exist\n\n',
      ],
      [['neigh', 'frob'], 255, 'Command "frob" is unknown, try "nlts neigh help".\n'],
    ];
    for (const [args, code, stderr] of bad) {
      const r = await nltsNeigh(['-n', a.name, ...args]);
      expect([r.code, r.stderr], args.join(' ')).toEqual([code, stderr]);
      const theirs = ip(['-n', a.name, ...args]);
      if (args[1] !== 'frob') expect(theirs.code, args.join(' ')).toBe(code);
      const j = await nltsNeigh(['-j', '-n', a.name, ...args]);
      expect(JSON.parse(j.stdout)).toHaveProperty('error');
    }
  });
});
