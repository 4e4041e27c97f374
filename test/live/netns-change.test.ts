/**
 * `nlts netns add|attach|delete` against `ip netns` (ip/ipnetns.c): the
 * same files and namespaces, the same lines and exit codes on failure, and
 * the calling thread back in its own namespace afterwards.
 */
import { spawn } from 'node:child_process';
import { readlinkSync, statSync, existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { liveSkipReason, uniqueName, run } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';
import { addNamedNetns, deleteNamedNetns } from '../../src/netlink/netns-files.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live netns add/attach/delete tests: ${skip}`);

const made: string[] = [];
const name = (tag: string): string => {
  const n = uniqueName(`nlts-nsc-${tag}`) as string;
  made.push(n);
  return n;
};

describe.skipIf(skip !== null)('live: netns add, attach, delete as ip does them', () => {
  afterAll(() => {
    for (const n of made) {
      try {
        run('ip', ['netns', 'del', n]);
      } catch {
        /* not there */
      }
    }
  });

  it('add makes a new, empty namespace under /run/netns, as ip netns add does', () => {
    const ours = name('a');
    const theirs = name('b');
    expect(nlts(['netns', 'add', ours]).code).toBe(0);
    expect(ip(['netns', 'add', theirs]).code).toBe(0);
    const listed = (JSON.parse(ip(['-j', 'netns', 'list']).stdout) as { name: string }[]).map((x) => x.name);
    expect(listed).toContain(ours);
    const links = (n: string): unknown => JSON.parse(ip(['-n', n, '-j', 'link', 'show']).stdout);
    expect(links(ours)).toEqual(links(theirs));
    // A namespace of its own: not the caller's, not the other one.
    const inode = (p: string): number => statSync(p).ino;
    expect(inode(`/run/netns/${ours}`)).not.toBe(inode('/proc/self/ns/net'));
    expect(inode(`/run/netns/${ours}`)).not.toBe(inode(`/run/netns/${theirs}`));
    expect(nlts(['netns', 'delete', ours]).code).toBe(0);
    expect(ip(['netns', 'delete', theirs]).code).toBe(0);
    expect(existsSync(`/run/netns/${ours}`)).toBe(false);
  });

  it('the library call leaves the calling thread in its own namespace', () => {
    const before = readlinkSync('/proc/thread-self/ns/net');
    const n = name('lib');
    addNamedNetns(n);
    try {
      expect(readlinkSync('/proc/thread-self/ns/net')).toBe(before);
      expect(statSync(`/run/netns/${n}`).ino).not.toBe(statSync('/proc/thread-self/ns/net').ino);
    } finally {
      deleteNamedNetns(n);
    }
  });

  it('attach names the namespace of a process', () => {
    const target = name('t');
    const ours = name('c');
    run('ip', ['netns', 'add', target]);
    // A process that lives in `target` for a moment.
    const child = spawn('ip', ['netns', 'exec', target, 'sleep', '5'], { stdio: 'ignore' });
    try {
      let pid = 0;
      for (let i = 0; i < 100 && !pid; i++) {
        const pids = ip(['netns', 'pids', target]).stdout.trim();
        if (pids) pid = Number(pids.split('\n')[0]);
        else run('sleep', ['0.05']);
      }
      expect(pid).toBeGreaterThan(0);
      expect(nlts(['netns', 'attach', ours, String(pid)]).code).toBe(0);
      expect(statSync(`/run/netns/${ours}`).ino).toBe(statSync(`/run/netns/${target}`).ino);
    } finally {
      child.kill();
    }
  });

  it('failures: the same line and exit code as ip, and nothing left behind', () => {
    const n = name('e');
    run('ip', ['netns', 'add', n]);
    const cases: string[][] = [
      ['netns', 'add', n],
      ['netns', 'add', 'a/b'],
      ['netns', 'add', '..'],
      ['netns', 'add'],
      ['netns', 'delete', `${n}-missing`],
      ['netns', 'delete', '../etc/x'],
      ['netns', 'delete'],
      ['netns', 'attach', `${n}-x`, '999999999'],
      ['netns', 'attach', `${n}-y`],
    ];
    for (const c of cases) {
      const a = nlts(c);
      const b = ip(c);
      expect({ c, status: a.code, stderr: a.stderr }).toEqual({ c, status: b.code, stderr: b.stderr });
    }
    expect(existsSync(`/run/netns/${n}-x`)).toBe(false);
  });
});
