/**
 * `route get … connected` (ip/iproute.c iproute_get) against ip: ip prints the kernel's answer,
 * checks that it has a source to "connect" from ("Failed to connect the route" otherwise), and asks
 * again (ip 6.1 resends its first request unchanged) and prints the second answer too. With -j, ip
 * prints a JSON array and then the second route as text; nlts prints both routes in one valid array
 * (README, known differences).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live route get connected tests: ${skip}`);

describe.skipIf(skip)('route get … connected (live, against ip)', () => {
  let ns: { name: string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlrc');
    ipBatch(
      [
        'link add v0 type veth peer name v1',
        'link set v0 up',
        'link set v1 up',
        'address add 192.0.2.1/24 dev v0',
        'route add default via 192.0.2.254',
      ],
      ns.name,
    );
  });
  afterAll(() => ns?.delete());

  for (const args of [
    ['198.51.100.7', 'connected'],
    ['198.51.100.7', 'from', '192.0.2.1', 'connected'],
    ['192.0.2.9', 'connected'],
    ['192.0.2.9', 'oif', 'v0', 'conn'],
  ]) {
    it(`route get ${args.join(' ')}: the same lines and status as ip`, () => {
      const theirs = ip(['-n', ns.name, 'route', 'get', ...args]);
      const ours = nlts(['-n', ns.name, 'route', 'get', ...args]);
      expect(ours).toEqual(theirs);
      // Without "from" the route is printed twice, as ip prints it.
      expect(ours.stdout.split('uid 0').length - 1).toBe(args.includes('from') ? 1 : 2);
    });
  }

  it('-j: both answers in one valid JSON array, each equal to ip’s JSON object', () => {
    const theirs = ip(['-n', ns.name, '-j', 'route', 'get', '198.51.100.7', 'connected']);
    const ours = nlts(['-n', ns.name, '-j', 'route', 'get', '198.51.100.7', 'connected']);
    const first = (JSON.parse(theirs.stdout.split('\n')[0]!) as unknown[])[0];
    expect(JSON.parse(ours.stdout)).toEqual([first, first]);
    expect(ours.code).toBe(theirs.code);
  });
});
