import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { NLTS, ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';
import { hasStrace, sentMessages } from '../support/wire.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live stats tests: ${skip}`);

/** RTM_GETSTATS (<linux/rtnetlink.h>), for picking the requests out of strace's dump. */
const RTM_GETSTATS = 94;

/**
 * `nlts stats` against `ip stats` (iproute2 6.1, ip/ipstats.c) on the same
 * namespace: a bridge with a veth port and the veth's peer, all down so no
 * counter moves between the two reads, lo up with a few pings' worth of
 * counters (nothing else sends on lo), and l3_stats switched on for lo.
 */
describe.skipIf(skip !== null)('live: nlts stats against ip stats', () => {
  let ns: { name: string; delete(): void };

  beforeAll(() => {
    ns = Netns.create('nlh4-stats');
    try {
      ipBatch(
        [
          'link add br0 type bridge',
          'link add sv0 type veth peer name sv1',
          'link set sv0 master br0',
          'link set lo up',
          'stats set dev lo l3_stats on',
        ],
        ns.name,
      );
      // A few UDP datagrams to 127.0.0.1 (no ping here): lo's counters are then not all zero.
      const send = `const s=require('dgram').createSocket('udp4');let n=0;const f=()=>s.send('x',9,'127.0.0.1',()=>{if(++n<3)f();else s.close();});f();`;
      execFileSync('ip', ['netns', 'exec', ns.name, process.execPath, '-e', send], { stdio: 'ignore' });
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  const CASES: string[][] = [
    ['stats'],
    ['stats', 'show'],
    ['-d', 'stats', 'show'],
    ['-s', 'stats', 'show', 'dev', 'lo'],
    ['stats', 'show', 'dev', 'lo', 'group', 'link'],
    ['stats', 'show', 'group', 'offload'],
    ['stats', 'show', 'dev', 'lo', 'group', 'offload', 'subgroup', 'l3_stats'],
    ['stats', 'show', 'group', 'offload', 'subgroup', 'hw_stats_info', 'group', 'link'],
    ['stats', 'show', 'group', 'xstats'],
    ['stats', 'show', 'group', 'xstats_slave', 'subgroup', 'bridge', 'suite', 'stp'],
    ['stats', 'show', 'dev', 'br0', 'group', 'xstats', 'subgroup', 'bridge', 'suite', 'mcast'],
    ['stats', 'show', 'group', 'xstats', 'subgroup', 'bond'],
    ['stats', 'show', 'group', 'afstats'],
    ['-o', 'stats', 'show', 'dev', 'lo'],
    ['-h', 'stats', 'show', 'dev', 'lo', 'group', 'link'],
  ];

  for (const args of CASES) {
    it(`text: ${args.join(' ')}`, async () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = await runCli(['-n', ns.name, ...args]);
      expect(theirs.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      expect(theirs.stdout.length).toBeGreaterThan(0);
      expect(ours.stdout).toBe(theirs.stdout);
    });
    it(`-j: ${args.join(' ')}`, async () => {
      const theirs = ip(['-n', ns.name, '-j', ...args]);
      const ours = await runCli(['-n', ns.name, '-j', ...args]);
      expect(ours.code).toBe(0);
      const expected = JSON.parse(theirs.stdout) as unknown[];
      expect(expected.length).toBeGreaterThan(0);
      expect(JSON.parse(ours.stdout)).toEqual(expected);
    });
  }

  it('-j -p lays out like ip -j -p', async () => {
    const args = ['-n', ns.name, '-j', '-p', 'stats', 'show', 'dev', 'lo'];
    expect((await runCli(args)).stdout).toBe(ip(args).stdout);
  });

  it('lo has counters (the comparison is not of zeros alone)', async () => {
    const ours = JSON.parse(
      (await runCli(['-n', ns.name, '-j', 'stats', 'show', 'dev', 'lo', 'group', 'link'])).stdout,
    ) as { stats64: { rx: { packets: number } } }[];
    expect(ours[0]!.stats64.rx.packets).toBeGreaterThan(0);
  });

  it('stats set dev DEV l3_stats on leaves the state ip leaves', async () => {
    const twin = Netns.create('nlh4-stats-t') as { name: string; delete(): void };
    try {
      for (const n of [ns.name, twin.name]) ipBatch(['link add sx0 type veth peer name sx1'], n);
      ip(['-n', twin.name, 'stats', 'set', 'dev', 'sx0', 'l3_stats', 'on']);
      const ours = await runCli(['-n', ns.name, 'stats', 'set', 'dev', 'sx0', 'l3_stats', 'on']);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      // The state of both, without the ifindex (the namespaces numbered their links differently).
      const show = (n: string): string =>
        JSON.stringify(
          (
            JSON.parse(
              ip([
                '-n',
                n,
                '-j',
                'stats',
                'show',
                'dev',
                'sx0',
                'group',
                'offload',
                'subgroup',
                'hw_stats_info',
              ]).stdout,
            ) as Record<string, unknown>[]
          ).map(({ ifindex: _i, ...rest }) => rest),
        );
      expect(show(ns.name)).toContain('"request":true');
      expect(show(ns.name)).toBe(show(twin.name));
    } finally {
      twin.delete();
      ip(['-n', ns.name, 'link', 'del', 'sx0']);
    }
  });

  for (const args of [
    ['stats', 'show', 'bogus'],
    ['stats', 'show', 'group', 'nope'],
    ['stats', 'show', 'group', 'link', 'subgroup', 'x'],
    ['stats', 'show', 'subgroup', 'x'],
    ['stats', 'show', 'group', 'xstats', 'subgroup', 'bridge', 'suite', 'x'],
    ['stats', 'show', 'dev', 'nope0'],
    ['stats', 'show', 'dev'],
    ['stats', 'frob'],
    ['stats', 'set', 'dev', 'lo', 'l3_stats', 'x'],
    ['stats', 'set', 'l3_stats', 'on'],
    ['stats', 'set', 'dev', 'lo'],
  ]) {
    it(`${args.join(' ')}: ip's message and exit status`, async () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = await runCli(['-n', ns.name, ...args]);
      expect(ours.code).toBe(theirs.code);
      expect(ours.stderr).toBe(theirs.stderr.replace(/\bip stats\b/g, 'nlts stats'));
      expect(ours.stdout).toBe('');
    });
  }

  describe.skipIf(!hasStrace)('the RTM_GETSTATS request (filter mask and nest filters) is ip’s', () => {
    /** Each RTM_GETSTATS body (the if_stats_msg and its attributes) as hex. */
    const bodies = (messages: Uint8Array[]): string[] =>
      messages
        .filter((b) => b.length >= 16 && (b[4]! | (b[5]! << 8)) === RTM_GETSTATS)
        // ip sends its whole request struct; the message is nlmsg_len long.
        .map((b) => Buffer.from(b.subarray(16, b[0]! | (b[1]! << 8))).toString('hex'));
    for (const words of [
      'show',
      'show group link',
      'show group offload subgroup l3_stats',
      'show group offload subgroup cpu_hit group link',
      'show group offload',
      'show group xstats_slave subgroup bridge',
      'show dev lo group afstats',
    ]) {
      it(`stats ${words}`, () => {
        const args = ['-n', ns.name, 'stats', ...words.split(' ')];
        const want = bodies(sentMessages('ip', args).messages);
        expect(want).toHaveLength(1);
        expect(bodies(sentMessages(process.execPath, [NLTS, ...args]).messages)).toEqual(want);
      });
    }
  });
});
