/**
 * The `vrf NAME` selectors of route (show, flush, save, get, add), link show and address show, and
 * link/address show's `master DEV`, against ip on this host, which has no vrf link kind: every VRF
 * name here is refused, each with ip's message (its blank line included) and status. The selectors on a real VRF are checked in the VM
 * (scripts/vm/vrf-exec.sh, test/vm/vrf-exec-checks.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live vrf selector tests: ${skip}`);

describe.skipIf(skip)('vrf NAME and master DEV selectors (live, against ip)', () => {
  let ns: { name: string; ip(args: string[]): string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlvs');
    ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  });
  afterAll(() => ns?.delete());

  const cases = [
    ['route', 'show', 'vrf', 'v0'],
    ['route', 'show', 'vrf', 'nosuch'],
    ['route', 'flush', 'vrf', 'v0'],
    ['route', 'get', '192.0.2.1', 'vrf', 'v0'],
    ['route', 'add', '192.0.2.0/24', 'dev', 'v0', 'vrf', 'v0'],
    ['link', 'show', 'vrf', 'v0'],
    ['link', 'show', 'vrf', 'nosuch'],
    ['link', 'show', 'master', 'nosuch'],
    ['link', 'show', 'master', 'v0', 'vrf', 'v1'],
    ['address', 'show', 'vrf', 'v1', 'master', 'v0'],
    ['address', 'show', 'master', 'nosuch', 'vrf', 'v1'],
  ];
  for (const args of cases) {
    it(args.join(' '), () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = nlts(['-n', ns.name, ...args]);
      expect(theirs.code).not.toBe(0);
      expect({ code: ours.code, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
        code: theirs.code,
        stdout: theirs.stdout,
        stderr: theirs.stderr,
      });
    });
  }

  it('master DEV and nomaster still select as ip does', () => {
    for (const args of [
      ['-j', 'link', 'show', 'master', 'v0'],
      ['-j', 'address', 'show', 'nomaster'],
    ]) {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = nlts(['-n', ns.name, ...args]);
      expect(theirs.code).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
    }
  });
});
