/**
 * `nlts token` against `ip token`: listings equal on the same namespace;
 * each change run by nlts in one namespace and by ip in a twin leaves the
 * same tokens; bad input gets ip's message and exit status, nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live token tests: ${skip}`);

describe.skipIf(skip !== null)('live: nlts token against ip token', () => {
  let ours: { name: string; delete(): void };
  let theirs: { name: string; delete(): void };
  // A tun device is NOARP and lo is LOOPBACK: ip leaves both out of the listing.
  const setup = [
    'link set lo up',
    'link add t0 type veth peer name t1',
    'link set t0 up',
    'link add br0 type bridge',
    'tuntap add dev tp0 mode tun',
  ];

  beforeAll(() => {
    ours = Netns.create('ltoken-n');
    theirs = Netns.create('ltoken-i');
    ipBatch(setup, ours.name);
    ipBatch(setup, theirs.name);
  });
  afterAll(() => {
    ours?.delete();
    theirs?.delete();
  });

  const tokens = (ns: string): string => ip(['-n', ns, '-j', 'token', 'list']).stdout;

  const listings = [[], ['list'], ['show'], ['get'], ['get', 'dev', 't0'], ['list', 'dev', 't1']];
  const compareListings = async (): Promise<void> => {
    for (const words of listings)
      for (const flags of [[], ['-j']]) {
        const a = ip(['-n', ours.name, ...flags, 'token', ...words]);
        const b = await runCli(['-n', ours.name, ...flags, 'token', ...words]);
        expect([b.code, b.stderr]).toEqual([a.code, a.stderr]);
        expect(b.stdout).toBe(a.stdout);
      }
  };

  it('listings: text and JSON equal to ip, lo and NOARP links left out', async () => {
    await compareListings();
    expect(tokens(ours.name)).not.toContain('"tp0"');
    expect(tokens(ours.name)).not.toContain('"lo"');
  });

  for (const words of [
    ['set', '::1:2/64', 'dev', 't0'],
    ['add', '::abcd', 'dev', 't1'],
    ['set', '::5', 'dev', 'br0', 'extra'],
    ['del', 'dev', 't0'],
    ['delete', '::9', 'dev', 't1'],
  ]) {
    it(`${words.join(' ')}: the same tokens as ip's in a twin namespace`, async () => {
      const b = await runCli(['-n', ours.name, 'token', ...words]);
      const a = ip(['-n', theirs.name, 'token', ...words]);
      expect([b.code, b.stderr]).toEqual([a.code, a.stderr]);
      expect(tokens(ours.name)).toBe(tokens(theirs.name));
      await compareListings();
    });
  }

  for (const [what, words] of [
    ['an unknown device', ['set', '::5', 'dev', 'nosuch']],
    ['an IPv4 token', ['set', '1.2.3.4', 'dev', 't0']],
    ['no device', ['set', '::5']],
    ['no token', ['set', 'dev', 't0']],
    ['del without a device', ['del']],
    ['loopback', ['set', '::5', 'dev', 'lo']],
    ['get of an unknown device', ['get', 'dev', 'nosuch']],
    ['a missing value', ['get', 'dev']],
    ['an unknown command', ['frob']],
  ] as [string, string[]][]) {
    it(`${what}: ip's message and exit status, nothing changed`, async () => {
      const before = tokens(ours.name);
      const b = await runCli(['-n', ours.name, 'token', ...words]);
      const a = ip(['-n', theirs.name, 'token', ...words]);
      expect(b.code).toBe(a.code);
      expect(b.stderr).toBe(a.stderr.replace('ip token help', 'nlts token help'));
      expect(b.stdout).toBe(a.stdout);
      expect(tokens(ours.name)).toBe(before);
    });
  }

  it('objects ip has and nlts does not: one line, exit 1, abbreviations as in ip', async () => {
    for (const [word, object] of [
      ['t', 'tunnel'],
      ['x', 'xfrm'],
    ]) {
      const r = await runCli(['-n', ours.name, word!, 'show']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`nlts: "${object}" is not available; use "ip ${object}".\n`);
      // and ip resolves the word to the same object
      expect(ip([word!, 'help']).stderr).toMatch(
        new RegExp(`ip ${object === 'maddress' ? 'maddr' : object}`),
      );
    }
  });
});
