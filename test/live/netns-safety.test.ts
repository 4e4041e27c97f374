import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS, ROOT } from '../support/cli.js';
import { RouteClient } from '../../src/api/route-client.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live netns safety tests: ${skip}`);

/**
 * An empty or blank -n never means "the caller's namespace" (issue 10, item 1).
 * Every command runs inside a throw-away namespace (`ip netns exec`), so if one
 * did fall back to "here", the change lands in that namespace, where the test
 * sees it, and never on the host.
 */
describe.skipIf(skip !== null)('live: an empty or blank -n is refused, nothing is sent', () => {
  let caller: { name: string; delete(): void; ip(a: string[]): string };
  beforeAll(() => {
    caller = Netns.create('nlts-ns10');
  });
  afterAll(() => caller?.delete());

  function nltsIn(args: string[]): { code: number; stdout: string; stderr: string } {
    const r = spawnSync('ip', ['netns', 'exec', caller.name, process.execPath, NLTS, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 20_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  const changes: string[][] = [
    ['link', 'add', 'nsx0', 'type', 'bridge'],
    ['address', 'add', '10.9.9.9/32', 'dev', 'lo'],
    ['route', 'add', 'blackhole', '10.9.9.0/24'],
    ['rule', 'add', 'pref', '777', 'table', '77'],
    ['neigh', 'add', '10.9.9.8', 'lladdr', '02:00:00:00:00:09', 'dev', 'lo', 'nud', 'permanent'],
  ];
  it.each(['', ' ', '\t'].flatMap((name) => changes.map((c) => [name, c] as const)))(
    "nlts -n %j %j: exit 255, ip's message, the caller's namespace unchanged",
    (name, args) => {
      const before = caller.ip(['-j', '-d', 'link']) + caller.ip(['-j', 'addr']) + caller.ip(['-j', 'route']);
      const r = nltsIn(['-n', name, ...args]);
      expect(r.code).toBe(255);
      // Control characters in the name are shown escaped: stderr stays one line.
      const shown = name.replace('\t', '\\t');
      expect(r.stderr).toBe(`setting the network namespace "${shown}" failed: Invalid argument\n`);
      expect(r.stdout).toBe('');
      const after = caller.ip(['-j', '-d', 'link']) + caller.ip(['-j', 'addr']) + caller.ip(['-j', 'route']);
      expect(after).toBe(before);
      expect(caller.ip(['rule'])).not.toMatch(/^777:/m);
    },
  );

  it.each([
    ['link', 'show'],
    ['route', 'show'],
    ['nexthop', 'show'],
    ['netconf', 'show'],
    ['genl', 'list'],
    ['monitor', 'link'],
    ['raw', 'send', '--proto', 'route', '--type', 'RTM_GETLINK', '--flags', 'request,dump'],
  ])('with -j, %j keeps stdout JSON and says why', (...args) => {
    const r = nltsIn(['-j', '-n', '', ...args]);
    expect(r.code).toBe(255);
    const out = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(out.error.code).toBe('EINVAL');
    expect(out.error.message).toMatch(/setting the network namespace "" failed/);
  });

  it('the library refuses { netns: "" } instead of opening a socket here', () => {
    for (const netns of ['', '   ']) {
      expect(() => RouteClient.open({ netns })).toThrow(/setns.*Invalid argument/);
    }
  });

  it("an unknown namespace is an error like ip's, exit 255", () => {
    const r = nltsIn(['-n', 'nlts-ns10-does-not-exist', 'link', 'add', 'nsx1', 'type', 'bridge']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe(
      'Cannot open network namespace "nlts-ns10-does-not-exist": No such file or directory\n',
    );
    expect(caller.ip(['link'])).not.toMatch(/nsx1/);
  });
});
