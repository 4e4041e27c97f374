/**
 * `nlts tuntap add|del` against `ip tuntap add|del` (ip/iptuntap.c) in twin namespaces: each command
 * runs with ip in one namespace and with nlts (-n) in the other; their messages and statuses must be
 * equal, and so must the devices left (`ip tuntap show`, `ip -j -d link show` bar the random MAC).
 * With -n the device is made in that namespace (/dev/net/tun is opened inside it), never here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';
import { existsSync } from 'node:fs';

const skip =
  (liveSkipReason() as string | null) ?? (existsSync('/dev/net/tun') ? null : '/dev/net/tun is missing');
if (skip) console.warn(`SKIPPED live tuntap add/del tests: ${skip}`);

describe.skipIf(skip)('tuntap add|del (live, twin namespaces against ip)', () => {
  let theirs: { name: string; delete(): void };
  let ours: { name: string; delete(): void };
  beforeAll(() => {
    theirs = Netns.create('nltt-ip');
    ours = Netns.create('nltt-nl');
  });
  afterAll(() => {
    theirs?.delete();
    ours?.delete();
  });

  /** The tun devices of a namespace as ip sees them: tuntap show and -d link show without addresses. */
  const state = (ns: string): string => {
    const links = JSON.parse(ip(['-n', ns, '-j', '-d', 'link', 'show']).stdout, (k, v: unknown) =>
      k === 'address' || k === 'ifindex' ? undefined : v,
    ) as unknown;
    return ip(['-n', ns, 'tuntap', 'show']).stdout + JSON.stringify(links);
  };

  const STEPS = [
    'add tt0 mode tap',
    'add dev tt1 mode tun pi vnet_hdr user 1 group 2 multi_queue',
    'add tt2 mode tap one_queue user nobody group 3',
    'add name tt3 mode tun user -1',
    'add mode tun',
    'add tt0 mode tap',
    'add x1 mode foo',
    'add x1 mode tun mode tap',
    'add x1',
    'add x1 user nlts-no-such-user mode tun',
    'add x1 group nlts-no-such-group mode tun',
    'add a/b mode tun',
    'add dev a/b mode tun',
    'add x1 x2 mode tun',
    'add name',
    'del tt0 mode tap',
    'del nosuch mode tun',
    'del tt1 mode tun multi_queue',
    'del tt2 mode tun',
    'd tt3 mode tun',
  ];
  it('each step: the same message, status and devices as ip', () => {
    const hostLinks = ip(['-br', 'link', 'show']).stdout;
    for (const step of STEPS) {
      const words = step.split(' ');
      const a = ip(['-n', theirs.name, 'tuntap', ...words]);
      const b = nlts(['-n', ours.name, 'tuntap', ...words]);
      expect({ step, code: b.code, stderr: b.stderr }).toEqual({
        step,
        code: a.code,
        stderr: a.stderr,
      });
      expect(state(ours.name), step).toBe(state(theirs.name));
    }
    // What was left is really there (in the namespace, not here).
    const show = ip(['-n', ours.name, 'tuntap', 'show']).stdout;
    expect(show).toContain('tun0: tun persist');
    expect(show).not.toContain('tt1');
    expect(ip(['-br', 'link', 'show']).stdout).toBe(hostLinks);
  });

  it('a namespace that is not there: ip’s message and status, nothing made here', () => {
    const hostLinks = ip(['-br', 'link', 'show']).stdout;
    const args = ['-n', 'nltt-no-such-ns', 'tuntap', 'add', 'ttx', 'mode', 'tun'];
    const a = ip(args);
    const b = nlts(args);
    expect({ code: b.code, stderr: b.stderr }).toEqual({ code: a.code, stderr: a.stderr });
    expect(b.code).toBe(255);
    expect(ip(['-br', 'link', 'show']).stdout).toBe(hostLinks);
  });
});
