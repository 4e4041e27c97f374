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

describe.skipIf(skip !== null)('live: nlts ntable change against ip ntable change (twin namespaces)', () => {
  let ours: { name: string; delete(): void };
  let theirs: { name: string; delete(): void };
  beforeAll(() => {
    ours = Netns.create('nlts-nt-a');
    theirs = Netns.create('nlts-nt-b');
    for (const ns of [ours, theirs])
      ipBatch(['link add v0 type veth peer name v1', 'link set v0 up'], ns.name);
  });
  afterAll(() => {
    ours?.delete();
    theirs?.delete();
  });

  /** `ip -j ntable show` of a namespace, without the values the kernel moves by itself. */
  const state = (ns: string): unknown =>
    JSON.parse(ip(['-n', ns, '-j', 'ntable', 'show']).stdout, (k, v: unknown) =>
      k === 'reachable' || k === 'refcnt' ? undefined : v,
    );

  // The table-wide thresholds, GC interval and default (device-less) parameters exist in the
  // initial namespace only (neightbl_set, lookup_neigh_parms answer ENOENT elsewhere): they are
  // among the error cases below.
  const CHANGES: string[][] = [
    ['chg', 'name', 'ndisc_cache', 'dev', 'v0', 'queue', '99'],
    [
      'change',
      'name',
      'arp_cache',
      'dev',
      'v0',
      'base_reachable',
      '40000',
      'retrans',
      '2000',
      'gc_stale',
      '90000',
      'delay_probe',
      '7000',
      'queue',
      '55',
      'app_probes',
      '1',
      'ucast_probes',
      '5',
      'mcast_probes',
      '4',
      'anycast_delay',
      '1500',
      'proxy_delay',
      '900',
      'proxy_queue',
      '70',
      'locktime',
      '1200',
    ],
    ['-6', 'change', 'name', 'ndisc_cache', 'dev', 'v0', 'queue', '33'],
    ['change', 'name', 'arp_cache', 'dev', 'lo', 'queue', '77'],
  ];
  it('each change leaves the same tables as ip', async () => {
    const before = state(ours.name);
    for (const args of CHANGES) {
      const flags = args.filter((a) => a.startsWith('-'));
      const words = args.filter((a) => !a.startsWith('-'));
      const r = await runCli(['-n', ours.name, ...flags, 'ntable', ...words]);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
      expect(ip(['-n', theirs.name, ...flags, 'ntable', ...words]).code).toBe(0);
      expect(state(ours.name), args.join(' ')).toEqual(state(theirs.name));
    }
    expect(state(ours.name)).not.toEqual(before);
    const arp = ip(['-n', ours.name, 'ntable', 'show', 'name', 'arp_cache', 'dev', 'v0']).stdout;
    expect(arp).toContain('queue 55');
    expect(arp).toContain('locktime 1200');
  });

  for (const [what, args] of [
    ['no name', ['change', 'thresh1', '5']],
    ['nothing to change', ['change', 'name', 'arp_cache']],
    ['only a device', ['change', 'name', 'arp_cache', 'dev', 'v0']],
    ['a bad value', ['change', 'name', 'arp_cache', 'thresh1', 'many']],
    ['an unknown word', ['change', 'name', 'arp_cache', 'bogus', '1']],
    ['an unknown device', ['change', 'name', 'arp_cache', 'dev', 'nope0', 'queue', '1']],
    ['a second name', ['change', 'name', 'arp_cache', 'name', 'x', 'queue', '1']],
    ['an unknown table (the kernel says)', ['change', 'name', 'nosuch_cache', 'queue', '1']],
    [
      'the default parameters outside the initial namespace (the kernel says)',
      ['change', 'name', 'arp_cache', 'queue', '7'],
    ],
    [
      'thresholds outside the initial namespace (the kernel says)',
      [
        'change',
        'name',
        'arp_cache',
        'thresh1',
        '256',
        'thresh2',
        '1024',
        'thresh3',
        '2048',
        'gc_int',
        '45000',
      ],
    ],
  ] as [string, string[]][]) {
    it(`${what}: ip's message and exit status, nothing changed`, async () => {
      const before = state(ours.name);
      const theirsRun = ip(['-n', theirs.name, 'ntable', ...args]);
      const oursRun = await runCli(['-n', ours.name, 'ntable', ...args]);
      expect(oursRun.code).toBe(theirsRun.code);
      expect(oursRun.stderr).toBe(theirsRun.stderr);
      expect(state(ours.name)).toEqual(before);
    });
  }
});
