/**
 * Issue 12 defects of `route show` and `netconf show`, each compared with ip
 * on the same namespace: `all`/`any` selectors (item 2), nh_info under -d
 * (item 3) and devices named by an alternative name (item 6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live route selector tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(a: string[]): string };

function nexthopsWork(ns: Ns): boolean {
  try {
    ns.ip(['nexthop', 'add', 'id', '5', 'via', '10.1.0.2', 'dev', 'v0']);
    return true;
  } catch {
    return false;
  }
}

function altnamesWork(ns: Ns): boolean {
  try {
    ns.ip(['link', 'property', 'add', 'dev', 'v0', 'altname', 'v0alt']);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(skip !== null)('live: route show selectors, nh_info and altnames against ip', () => {
  let ns: Ns;
  let haveNexthops = false;
  let haveAltnames = false;

  beforeAll(() => {
    ns = Netns.create('h3obj-rs') as Ns;
    try {
      ipBatch(
        [
          'link set lo up',
          'link add v0 type veth peer name v1',
          'link set v0 up',
          'link set v1 up',
          'address add 10.1.0.1/24 dev v0',
          'address add 2001:db8:1::1/64 dev v0 nodad',
          'route add default via 10.1.0.3',
          'route add 10.9.0.0/16 via 10.1.0.2',
          'route add 10.10.0.0/16 dev v0 table 100',
          'route add 2001:db8:9::/48 via 2001:db8:1::2',
        ],
        ns.name,
      );
      haveNexthops = nexthopsWork(ns);
      if (haveNexthops) {
        ipBatch(
          ['nexthop add id 6 group 5', 'route add 10.20.0.0/16 nhid 5', 'route add 10.21.0.0/16 nhid 6'],
          ns.name,
        );
      } else console.warn('SKIPPED nh_info cases: this kernel has no nexthop objects');
      haveAltnames = altnamesWork(ns);
      if (!haveAltnames) console.warn('SKIPPED altname cases: this kernel has no alternative names');
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  async function same(args: string[]): Promise<string> {
    const theirs = ip(['-n', ns.name, ...args]);
    const ours = await runCli(['-n', ns.name, ...args]);
    expect(theirs.code).toBe(0);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(0);
    if (args.includes('-j')) {
      const diffs = jsonDiff(JSON.parse(theirs.stdout), JSON.parse(ours.stdout));
      expect(diffs, diffs.join('\n')).toEqual([]);
    }
    expect(ours.stdout).toBe(theirs.stdout);
    return ours.stdout;
  }

  /** Item 2: "all" and "any" select every route (they are no prefix), "default" only /0. */
  const SELECTORS: string[][] = [
    ['route', 'show', 'all'],
    ['route', 'show', 'any'],
    ['route', 'show', 'to', 'all'],
    ['route', 'show', 'table', 'all', 'all'],
    ['route', 'show', 'table', 'all', 'any'],
    ['route', 'show', 'table', '100', 'all'],
    ['-6', 'route', 'show', 'all'],
    ['-4', 'route', 'show', 'all'],
    ['route', 'show', 'default'],
    ['route', 'show', 'from', 'all'],
    ['route', 'show', 'root', 'all'],
  ];
  for (const args of SELECTORS) {
    it(`text: ${args.join(' ')}`, () => same(args));
    it(`-j: ${args.join(' ')}`, () => same(['-j', ...args]));
  }

  it('route show all lists more than the default route', async () => {
    const lines = (await same(['route', 'show', 'all'])).trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.some((l) => l.startsWith('10.9.0.0/16 '))).toBe(true);
    const every = (await same(['route', 'show', 'table', 'all', 'all'])).trim().split('\n');
    expect(every.some((l) => l.includes('table 100'))).toBe(true);
    expect(every.some((l) => l.includes('table local'))).toBe(true);
  });

  /** Item 3: -d prints the nexthop object of an nhid route (print_cache_nexthop_id). */
  for (const args of [
    ['-d', 'route', 'show'],
    ['-d', '-j', 'route', 'show'],
    ['-d', '-j', '-p', 'route', 'show'],
    ['-d', 'route', 'show', '10.21.0.0/16'],
  ]) {
    it(`nh_info: ${args.join(' ')}`, async (ctx) => {
      if (!haveNexthops) ctx.skip();
      const out = await same(args);
      expect(out).toContain('nh_info');
    });
  }

  /** Item 6: a device named by its alternative name. */
  for (const args of [
    ['route', 'show', 'dev', 'v0alt'],
    ['-j', 'route', 'show', 'dev', 'v0alt'],
    ['netconf', 'show', 'dev', 'v0alt'],
    ['-j', 'netconf', 'show', 'dev', 'v0alt'],
  ]) {
    it(`altname: ${args.join(' ')}`, async (ctx) => {
      if (!haveAltnames) ctx.skip();
      const out = await same(args);
      expect(out.length).toBeGreaterThan(2);
    });
  }
});
