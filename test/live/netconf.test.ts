import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';
import { type GlobalOptions } from '../../src/cli/options.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live netconf tests: ${skip}`);

/** `nlts [global options] netconf ARGS…` through the real CLI entry, in-process. */
function nltsNetconf(args: string[], opts: Partial<GlobalOptions>): Promise<Ran> {
  const flags = [
    ...(opts.netns ? ['-n', opts.netns] : []),
    ...(opts.family === 2 ? ['-4'] : opts.family === 10 ? ['-6'] : []),
    ...(opts.details ? ['-d'] : []),
    ...(opts.json ? ['-j'] : []),
    ...(opts.pretty ? ['-p'] : []),
  ];
  return runCli([...flags, 'netconf', ...args]);
}

describe.skipIf(skip !== null)('live: nlts netconf show against ip netconf show', () => {
  let ns: { name: string; delete(): void; ip(x: string[]): string };

  beforeAll(() => {
    ns = Netns.create('nlts-nc');
    try {
      ipBatch(['link set lo up', 'link add v0 type veth peer name v1', 'link set v0 up'], ns.name);
      // Non-default values, so on/off and the rp_filter names are both exercised.
      for (const s of [
        'net.ipv4.conf.v0.forwarding=1',
        'net.ipv4.conf.v0.rp_filter=2',
        'net.ipv6.conf.v1.forwarding=1',
      ])
        execFileSync('ip', ['netns', 'exec', ns.name, 'sysctl', '-qw', s]);
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  const CASES: [string, string[], Partial<GlobalOptions>][] = [
    ['all', [], {}],
    ['show', ['show'], {}],
    ['-4', ['list'], { family: 2 }],
    ['-6', ['show'], { family: 10 }],
    ['dev', ['show', 'dev', 'v0'], {}],
    ['-4 dev (a single request)', ['show', 'dev', 'v0'], { family: 2 }],
    ['-6 dev', ['show', 'dev', 'v1'], { family: 10 }],
  ];
  const ipFlags = (o: Partial<GlobalOptions>): string[] =>
    o.family === 2 ? ['-4'] : o.family === 10 ? ['-6'] : [];

  for (const [what, args, opts] of CASES) {
    it(`text: ${what}`, async () => {
      const theirs = ip(['-n', ns.name, ...ipFlags(opts), 'netconf', ...args]);
      const ours = await nltsNetconf(args, { ...opts, netns: ns.name });
      expect(theirs.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      expect(theirs.stdout.length).toBeGreaterThan(0);
      expect(ours.stdout).toBe(theirs.stdout);
    });
    it(`-j: ${what}`, async () => {
      const theirs = ip(['-n', ns.name, '-j', ...ipFlags(opts), 'netconf', ...args]);
      const ours = await nltsNetconf(args, { ...opts, netns: ns.name, json: true });
      expect(ours.code).toBe(0);
      if (theirs.stdout.startsWith('[')) {
        const diffs = jsonDiff(JSON.parse(theirs.stdout), JSON.parse(ours.stdout));
        expect(diffs, diffs.join('\n')).toEqual([]);
      }
      expect(ours.stdout).toBe(theirs.stdout);
    });
  }

  it('shows the values that were set', () => {
    const text = ip(['-n', ns.name, 'netconf', 'show', 'dev', 'v0']).stdout;
    expect(text).toContain('inet v0 forwarding on rp_filter loose ');
  });

  it('-j -p lays out like ip -j -p', async () => {
    const theirs = ip(['-n', ns.name, '-j', '-p', 'netconf']);
    const ours = await nltsNetconf([], { netns: ns.name, json: true, pretty: true });
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it("an unknown device: ip's message and exit status", async () => {
    const theirs = ip(['-n', ns.name, 'netconf', 'show', 'dev', 'nope']);
    const ours = await nltsNetconf(['show', 'dev', 'nope'], { netns: ns.name });
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr);
  });
});
