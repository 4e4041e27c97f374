import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';
import { type GlobalOptions } from '../../src/cli/options.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live nexthop tests: ${skip}`);

/** `nlts [global options] nexthop ARGS…` through the real CLI entry, in-process. */
function nltsNexthop(args: string[], opts: Partial<GlobalOptions>): Promise<Ran> {
  const flags = [
    ...(opts.netns ? ['-n', opts.netns] : []),
    ...(opts.family === 2 ? ['-4'] : opts.family === 10 ? ['-6'] : []),
    ...(opts.details ? ['-d'] : []),
    ...(opts.json ? ['-j'] : []),
    ...(opts.pretty ? ['-p'] : []),
  ];
  return runCli([...flags, 'nexthop', ...args]);
}

describe.skipIf(skip !== null)('live: nlts nexthop show against ip nexthop show', () => {
  let ns: { name: string; delete(): void; ip(x: string[]): string };
  let fdb = true;

  beforeAll(() => {
    ns = Netns.create('nlts-nh');
    try {
      ipBatch(
        [
          'link set lo up',
          'link add v0 type veth peer name v1',
          'link set v0 up',
          'link set v1 up',
          'addr add 10.0.0.1/24 dev v0',
          'addr add 2001:db8::1/64 dev v0 nodad',
          'nexthop add id 1 via 10.0.0.2 dev v0',
          'nexthop add id 2 blackhole',
          'nexthop add id 3 via 10.0.0.3 dev v0 onlink proto static',
          'nexthop add id 4 via 2001:db8::2 dev v0',
          'nexthop add id 7 dev v0',
          'nexthop add id 10 group 1/3,5',
          'nexthop add id 11 group 1/3 type resilient buckets 8',
        ],
        ns.name,
      );
      try {
        ipBatch(['nexthop add id 5 via 10.0.0.5 fdb', 'nexthop add id 12 group 5 fdb'], ns.name);
      } catch {
        fdb = false;
        console.warn('SKIPPED fdb nexthops: the kernel refused them');
      }
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  const CASES: [string, string[], Partial<GlobalOptions>][] = [
    ['all', [], {}],
    ['show', ['show'], {}],
    ['list -4', ['list'], { family: 2 }],
    ['-6', ['show'], { family: 10 }],
    ['dev', ['show', 'dev', 'v0'], {}],
    ['groups', ['show', 'groups'], {}],
    ['fdb', ['show', 'fdb'], {}],
    ['id', ['show', 'id', '10'], {}],
    ['protocol', ['show', 'protocol', '4'], {}],
    ['-d', ['show'], { details: 1 }],
    ['-d id', ['show', 'id', '11'], { details: 1 }],
  ];
  const ipFlags = (o: Partial<GlobalOptions>): string[] => [
    ...(o.family === 2 ? ['-4'] : o.family === 10 ? ['-6'] : []),
    ...(o.details ? ['-d'] : []),
  ];

  for (const [what, args, opts] of CASES) {
    it(`text: ${what}`, async () => {
      const theirs = ip(['-n', ns.name, ...ipFlags(opts), 'nexthop', ...args]);
      const ours = await nltsNexthop(args, { ...opts, netns: ns.name });
      expect(theirs.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      expect(theirs.stdout.length).toBeGreaterThan(0);
      expect(ours.stdout).toBe(theirs.stdout);
    });
    it(`-j: ${what}`, async () => {
      const theirs = ip(['-n', ns.name, '-j', ...ipFlags(opts), 'nexthop', ...args]);
      const ours = await nltsNexthop(args, { ...opts, netns: ns.name, json: true });
      expect(ours.code).toBe(0);
      const diffs = jsonDiff(JSON.parse(theirs.stdout), JSON.parse(ours.stdout));
      expect(diffs, diffs.join('\n')).toEqual([]);
      expect(ours.stdout).toBe(theirs.stdout);
    });
  }

  it('covers gateway, blackhole, weights, IPv6, onlink and fdb', () => {
    const text = ip(['-n', ns.name, 'nexthop']).stdout;
    expect(text).toContain('id 1 via 10.0.0.2 dev v0 scope link');
    expect(text).toContain('id 2 blackhole');
    expect(text).toContain('id 10 group 1/3,5');
    expect(text).toContain('2001:db8::2');
    expect(text).toContain('onlink');
    if (fdb) expect(text).toMatch(/id 5 via 10\.0\.0\.5 scope link fdb\n/);
  });

  it('-j -p lays out like ip -j -p', async () => {
    const theirs = ip(['-n', ns.name, '-j', '-p', 'nexthop']);
    const ours = await nltsNexthop([], { netns: ns.name, json: true, pretty: true });
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('an unknown id is the kernel error, exit 2, like ip', async () => {
    const theirs = ip(['-n', ns.name, 'nexthop', 'show', 'id', '99']);
    const ours = await nltsNexthop(['show', 'id', '99'], { netns: ns.name });
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stdout).toBe('');
  });

  it('an unknown device is an argument error, exit 255, worded as ip', async () => {
    const theirs = ip(['-n', ns.name, 'nexthop', 'show', 'dev', 'nope']);
    const ours = await nltsNexthop(['show', 'dev', 'nope'], { netns: ns.name });
    expect(ours.code).toBe(255);
    expect(theirs.code).toBe(255);
    // invarg("Device does not exist\n"): ip's own newline leaves an empty line.
    expect(ours.stderr).toBe('Error: argument "nope" is wrong: Device does not exist\n\n');
    expect(ours.stderr).toBe(theirs.stderr);
  });
});
