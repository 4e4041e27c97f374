import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live ntable tests: ${skip}`);

/**
 * Values that move between two reads: reachable is re-randomised from
 * base_reachable by the kernel's periodic work; with -s the table's entries,
 * flush/rehash times (printed to the second) and counters.
 */
const VOLATILE =
  /\.(reachable|refcnt|entries|last_flush|last_rand|allocs|destroys|hash_grows|res_failed|lookups|hits|rcv_probes_mcast|rcv_probes_ucast|periodic_gc_runs|forced_gc_runs|table_fulls)$/;
const volatileText = (s: string): string =>
  s
    .replace(
      /\b(reachable|refcnt|entries|allocs|destroys|hash_grows|res_failed|lookups|hits|rcv_probes_mcast|rcv_probes_ucast|periodic_gc_runs|forced_gc_runs|table_fulls) \d+/g,
      '$1 N',
    )
    .replace(/\b(last_flush|last_rand) (\S+ \S+|\(error\))/g, '$1 T');

describe.skipIf(skip !== null)('live: nlts ntable show against ip ntable show', () => {
  let ns: { name: string; delete(): void };

  beforeAll(() => {
    ns = Netns.create('nlts-r11-nt');
    try {
      ipBatch(
        [
          'link set lo up',
          'link add v0 type veth peer name v1',
          'link set v0 up',
          'link set v1 up',
          'address add 192.0.2.1/24 dev v0',
        ],
        ns.name,
      );
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  const CASES: [string, string[]][] = [
    ['all', []],
    ['show', ['show']],
    ['list (abbreviated, ntbl)', ['lst']],
    ['dev v0', ['show', 'dev', 'v0']],
    ['dev none', ['show', 'dev', 'none']],
    ['name arp_cache', ['show', 'name', 'arp_cache']],
    ['name and dev', ['show', 'name', 'ndisc_cache', 'dev', 'lo']],
    ['-4', ['-4', 'show']],
    ['-6', ['-6', 'show']],
    ['-s', ['-s', 'show']],
  ];
  /** Split "[-4|-6|-s] VERB ARGS" into global flags and ntable words. */
  const split = (args: string[]): [string[], string[]] => {
    const flags = args.filter((a) => a.startsWith('-'));
    return [flags, args.filter((a) => !a.startsWith('-'))];
  };

  for (const [what, args] of CASES) {
    const [flags, words] = split(args);
    it(`-j: ${what}, field by field`, async () => {
      const theirs = ip(['-n', ns.name, '-j', ...flags, 'ntable', ...words]);
      const ours = await runCli([
        '-n',
        ns.name,
        '-j',
        ...flags,
        what.includes('ntbl') ? 'ntbl' : 'ntable',
        ...words,
      ]);
      expect(theirs.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      const expected = JSON.parse(theirs.stdout) as unknown[];
      expect(expected.length).toBeGreaterThan(0);
      const diffs = jsonDiff(expected, JSON.parse(ours.stdout), (p) => VOLATILE.test(p));
      expect(diffs, diffs.join('\n')).toEqual([]);
    });
    it(`text: ${what}`, async () => {
      const theirs = ip(['-n', ns.name, ...flags, 'ntable', ...words]);
      const ours = await runCli(['-n', ns.name, ...flags, 'ntable', ...words]);
      expect(ours.code).toBe(0);
      expect(volatileText(ours.stdout)).toBe(volatileText(theirs.stdout));
    });
  }

  it('-o puts each table on one line as ip does', async () => {
    const theirs = ip(['-n', ns.name, '-o', 'ntable']);
    const ours = await runCli(['-n', ns.name, '-o', 'ntable']);
    expect(volatileText(ours.stdout)).toBe(volatileText(theirs.stdout));
  });

  it('-j -p lays out like ip -j -p', async () => {
    const theirs = ip(['-n', ns.name, '-j', '-p', 'ntable', 'show', 'dev', 'v0']);
    const ours = await runCli(['-n', ns.name, '-j', '-p', 'ntable', 'show', 'dev', 'v0']);
    expect(volatileText(ours.stdout.replace(/"reachable": \d+/g, ''))).toBe(
      volatileText(theirs.stdout.replace(/"reachable": \d+/g, '')),
    );
  });

  for (const [what, args] of [
    ['an unknown device', ['show', 'dev', 'nope0']],
    ['an unknown argument', ['show', 'bogus']],
    ['a missing value', ['show', 'name']],
    ['an unknown command', ['frob']],
  ] as [string, string[]][]) {
    it(`${what}: ip's message and exit status`, async () => {
      const theirs = ip(['-n', ns.name, 'ntable', ...args]);
      const ours = await runCli(['-n', ns.name, 'ntable', ...args]);
      expect(ours.code).toBe(theirs.code);
      expect(ours.stderr).toBe(theirs.stderr.replace(/\bip ntable help\b/, 'nlts ntable help'));
      expect(ours.stdout).toBe('');
    });
  }
});
