/**
 * `nlts link xstats type KIND …` against `ip link xstats` (ip/iplink_xstats.c, iplink_bridge.c): a
 * bridge with a port, then each form ip takes, text and -j, and its errors. ip 6.1 aborts ("stack
 * smashing detected") after printing bridge_slave and bond xstats; its output up to there is what
 * nlts must print.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live link xstats tests: ${skip}`);

/** ip's output without its crash line. */
const cleaned = (s: string): string => s.replace(/\*\*\* stack smashing detected \*\*\*: terminated\n/, '');

describe.skipIf(skip)('link xstats (live, against ip)', () => {
  let ns: { name: string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlxs');
    ipBatch(
      ['link add br0 type bridge', 'link add v0 type veth peer name v1', 'link set v0 master br0'],
      ns.name,
    );
  });
  afterAll(() => ns?.delete());

  for (const args of [
    ['link', 'xstats', 'type', 'bridge'],
    ['-j', 'link', 'xstats', 'type', 'bridge'],
    ['link', 'xstats', 'type', 'bridge_slave'],
    ['-j', 'link', 'xstats', 'type', 'bridge_slave'],
    ['link', 'xstats', 'type', 'bridge_slave', 'stp'],
    ['link', 'xstats', 'type', 'bridge', 'igmp', 'dev', 'br0'],
    ['link', 'xstats', 'type', 'bridge', 'help'],
    ['link', 'xstats', 'help'],
  ]) {
    it(args.join(' '), () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = nlts(['-n', ns.name, ...args]);
      expect(ours.stdout).toBe(cleaned(theirs.stdout));
      expect(ours.code).toBe(0);
    });
  }

  for (const args of [
    ['link', 'xstats'],
    ['link', 'xstats', 'foo'],
    ['link', 'xstats', 'type', 'nosuch'],
    ['link', 'xstats', 'type', 'veth'],
    ['link', 'xstats', 'type', 'bridge', 'foo'],
    ['link', 'xstats', 'type', 'bridge', 'dev', 'nosuch'],
  ]) {
    it(`${args.join(' ')}: ip's message and status`, () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = nlts(['-n', ns.name, ...args]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({
        code: theirs.code,
        stderr: cleaned(theirs.stderr),
      });
    });
  }

  it('the counters are there: bridge multicast for br0, multicast and STP for its port', () => {
    const out = nlts(['-n', ns.name, 'link', 'xstats', 'type', 'bridge_slave']).stdout;
    expect(out).toMatch(/^v0 +\n/);
    expect(out).toContain('IGMP queries:');
    expect(out).toContain('STP BPDU:  RX: 0 TX: 0');
  });
});
