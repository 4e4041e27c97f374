/**
 * `nlts maddress add|del` against `ip maddress add|del` (ip/ipmaddr.c multiaddr_modify) in twin
 * namespaces, each with a veth v0: every step runs with ip in one and with nlts (-n) in the other;
 * messages, statuses and the addresses left (`ip maddress show dev v0`) must be equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live maddress add/del tests: ${skip}`);

describe.skipIf(skip)('maddress add|del (live, twin namespaces against ip)', () => {
  let theirs: { name: string; ip(a: string[]): string; delete(): void };
  let ours: { name: string; ip(a: string[]): string; delete(): void };
  beforeAll(() => {
    theirs = Netns.create('nlma-ip');
    ours = Netns.create('nlma-nl');
    for (const ns of [theirs, ours]) {
      ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
      ns.ip(['link', 'set', 'v0', 'address', '02:00:00:00:00:01']);
    }
  });
  afterAll(() => {
    theirs?.delete();
    ours?.delete();
  });

  const STEPS = [
    'maddress add 01:00:5e:01:02:03 dev v0',
    'maddress add address 33:33:00:00:00:09 dev v0',
    '-6 maddress add 33:33:00:00:00:0a dev v0',
    '-0 maddress add 01:80:c2:00:00:0e dev v0',
    'maddress add 01:00:5e:01:02:03 dev v0',
    'maddress del 01:00:5e:01:02:03 dev v0',
    'maddress del 01:00:5e:01:02:03 dev v0',
    'maddress add 01:00:5e:01:02:03',
    'maddress add 1.2.3.4 dev v0',
    'maddress add 01:02 dev v0',
    'maddress add zz dev v0',
    'maddress add 01:00:5e:01:02:03 dev nosuch',
    'maddress add 01:00:5e:01:02:03 dev v0 dev v1',
    'maddress add 01:00:5e:01:02:03 02:00:5e:01:02:03 dev v0',
    'maddress add 01:00:5e:01:02:03 dev a/b',
    'maddr d 33:33:00:00:00:0a dev v0',
  ];
  it('each step: the same message, status and multicast addresses as ip', () => {
    for (const step of STEPS) {
      const words = step.split(' ');
      const a = ip(['-n', theirs.name, ...words]);
      const b = nlts(['-n', ours.name, ...words]);
      expect({ step, code: b.code, stdout: b.stdout, stderr: b.stderr }).toEqual({
        step,
        code: a.code,
        stdout: a.stdout,
        stderr: a.stderr,
      });
      const show = (ns: string): string => ip(['-n', ns, '-j', 'maddress', 'show', 'dev', 'v0']).stdout;
      expect(show(ours.name), step).toBe(show(theirs.name));
    }
    const left = ip(['-n', ours.name, 'maddress', 'show', 'dev', 'v0']).stdout;
    expect(left).toContain('link  33:33:00:00:00:09 static');
    expect(left).toContain('link  01:80:c2:00:00:0e static');
    expect(left).not.toContain('01:00:5e:01:02:03');
  });

  it('a namespace that is not there: ip’s message and status', () => {
    const args = ['-n', 'nlma-no-such-ns', 'maddress', 'add', '01:00:5e:01:02:03', 'dev', 'lo'];
    const a = ip(args);
    const b = nlts(args);
    expect({ code: b.code, stderr: b.stderr }).toEqual({ code: a.code, stderr: a.stderr });
    expect(b.code).toBe(255);
  });
});
