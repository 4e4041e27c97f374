/**
 * `nlts netns` against `ip netns` on namespaces this test creates. Listings
 * name every namespace of the machine (other tests add and delete theirs
 * meanwhile), so they are compared restricted to this test's names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, withoutAttributeName } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live netns tests: ${skip}`);

describe.skipIf(skip !== null)('live: nlts netns against ip netns', () => {
  let a: { name: string; delete(): void };
  let b: { name: string; delete(): void };
  let c: { name: string; delete(): void };
  const mine = (line: string): boolean => [a, b, c].some((n) => line.includes(n.name));
  const textOfMine = (s: string): string => s.split('\n').filter(mine).join('\n');
  const jsonOfMine = (s: string): unknown =>
    (JSON.parse(s) as { name?: string }[]).filter((o) => o.name !== undefined && mine(o.name));

  beforeAll(() => {
    a = Netns.create('lnetns-a');
    b = Netns.create('lnetns-b');
    c = Netns.create('lnetns-c');
    // A veth between a and b makes the kernel give b an nsid in a (and a in b).
    ipBatch([`link add v0 type veth peer name v1 netns ${b.name}`], a.name);
    // c gets an id in a only by `netns set` (tested below).
  });
  afterAll(() => {
    for (const n of [a, b, c]) n?.delete();
  });

  const same = async (args: string[], filter?: 'mine' | 'mine-json'): Promise<void> => {
    const theirs = ip(args);
    const ours = await runCli(args);
    expect(ours.code, ours.stderr).toBe(theirs.code);
    expect(withoutAttributeName(ours.stderr)).toBe(theirs.stderr.replace(/ip netns/g, 'nlts netns'));
    if (filter === 'mine') expect(textOfMine(ours.stdout)).toBe(textOfMine(theirs.stdout));
    else if (filter === 'mine-json') expect(jsonOfMine(ours.stdout)).toEqual(jsonOfMine(theirs.stdout));
    else expect(ours.stdout).toBe(theirs.stdout);
  };

  it('list, from here and from inside a namespace (ids as seen there)', async () => {
    await same(['netns', 'list'], 'mine');
    await same(['-n', a.name, 'netns', 'list'], 'mine');
    await same(['-n', a.name, 'netns', 'show'], 'mine');
    // The listing from a really shows b's id, else the comparison proves little.
    const ours = await runCli(['-n', a.name, 'netns', 'list']);
    expect(ours.stdout).toMatch(new RegExp(`${b.name} \\(id: \\d+\\)`));
  });

  it('-j list: names and ids as ip -j', async () => {
    await same(['-j', 'netns', 'list'], 'mine-json');
    await same(['-j', '-n', a.name, 'netns', 'list'], 'mine-json');
  });

  it('list-id, plain, by nsid, by target-nsid, text and JSON', async () => {
    await same(['-n', a.name, 'netns', 'list-id']);
    await same(['-j', '-n', a.name, 'netns', 'list-id']);
    await same(['-n', a.name, 'netns', 'list-id', 'nsid', '0']);
    await same(['-n', a.name, 'netns', 'list-id', 'target-nsid', '0']);
    await same(['-j', '-n', a.name, 'netns', 'list-id', 'target-nsid', '0']);
    const ours = await runCli(['-n', a.name, 'netns', 'list-id']);
    expect(ours.stdout).toContain(`(iproute2 netns name: ${b.name})`);
  });

  it('set: an id for c as seen from a, then refused the second time, as ip', async () => {
    // nlts sets it in a; ip sees the same id.
    const ours = await runCli(['-n', a.name, 'netns', 'set', c.name, '17']);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ip(['-n', a.name, 'netns', 'list-id', 'nsid', '17']).stdout).toContain(c.name);
    await same(['-n', a.name, 'netns', 'set', c.name, '18']);
    await same(['-n', a.name, 'netns', 'set', c.name, 'auto']);
  });

  it('identify and pids, with a process living in a', async () => {
    await same(['netns', 'identify']);
    await same(['netns', 'identify', String(process.pid)]);
    const sleeper = spawn('ip', ['netns', 'exec', a.name, 'sleep', '30'], { stdio: 'ignore' });
    try {
      // Wait until the process has entered the namespace (ip netns exec setns()es, then execs sleep).
      let pids = '';
      for (let i = 0; i < 100 && !pids.trim(); i++) {
        pids = ip(['netns', 'pids', a.name]).stdout;
        if (!pids.trim()) await new Promise((r) => setTimeout(r, 20));
      }
      expect(pids.trim()).not.toBe('');
      await same(['netns', 'pids', a.name]);
      const pid = pids.trim().split('\n')[0]!;
      await same(['netns', 'identify', pid]);
      expect((await runCli(['netns', 'identify', pid])).stdout).toBe(`${a.name}\n`);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  for (const [what, args] of [
    ['set with a bad id', ['netns', 'set', 'ZZ', 'foo']],
    ['set of a missing name', ['netns', 'set', 'lnetns-nosuch', '3']],
    ['set without an id', ['netns', 'set', 'lnetns-nosuch']],
    ['list-id with a missing value', ['netns', 'list-id', 'target-nsid']],
    ['list-id of an unknown nsid', ['netns', 'list-id', 'nsid', '999']],
    ['list-id of an unknown target', ['netns', 'list-id', 'target-nsid', '999']],
    ['identify of a word', ['netns', 'identify', 'self']],
    ['identify of a missing pid', ['netns', 'identify', '999999999']],
    ['identify with two pids', ['netns', 'identify', '1', '2']],
    ['pids without a name', ['netns', 'pids']],
    ['pids of a missing name', ['netns', 'pids', 'lnetns-nosuch']],
    ['an unknown verb', ['netns', 'frob']],
  ] as [string, string[]][]) {
    it(`${what}: ip's message and exit status, nothing changed`, async () => {
      const before = ip(['-n', a.name, 'netns', 'list-id']).stdout;
      const theirs = ip(['-n', a.name, ...args]);
      const ours = await runCli(['-n', a.name, ...args]);
      expect(ours.code).toBe(theirs.code);
      expect(withoutAttributeName(ours.stderr)).toBe(
        theirs.stderr.replace(/ip netns help/, 'nlts netns help'),
      );
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ip(['-n', a.name, 'netns', 'list-id']).stdout).toBe(before);
    });
  }
});
