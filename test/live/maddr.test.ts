import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live maddr tests: ${skip}`);

type Ns = { name: string; delete(): void };

/**
 * `nlts maddress` against `ip maddress` (ip/ipmaddr.c, iproute2 6.1) on the
 * same namespace: a bridge, a veth pair, static link-layer groups and the groups the kernel joins by itself. ip reads
 * /proc/net after entering the namespace; nlts reads /proc/PID/net of a
 * process living there, so the test keeps one (a sleep) in it.
 */
describe.skipIf(skip !== null)('live: nlts maddress against ip maddress', () => {
  let ns: Ns;
  let empty: Ns;
  let resident: ChildProcess | undefined;

  beforeAll(async () => {
    ns = Netns.create('nlh4-maddr');
    empty = Netns.create('nlh4-maddr-e');
    try {
      ipBatch(
        [
          'link set lo up',
          'link add br0 type bridge',
          'link add mv0 type veth peer name mv1',
          'link set mv0 master br0',
          'link set br0 up',
          'link set mv0 up',
          'link set mv1 up',
        ],
        ns.name,
      );
      // One process each: ip's maddr add exits when done, so in a batch it would end the batch.
      for (const [addr, dev] of [
        ['01:00:5e:01:02:03', 'mv1'],
        ['33:33:00:00:01:01', 'mv1'],
        ['33:33:00:00:01:01', 'br0'],
      ])
        ip(['-n', ns.name, 'maddress', 'add', addr!, 'dev', dev!]);
      resident = spawn('ip', ['netns', 'exec', ns.name, 'sleep', '600'], { stdio: 'ignore' });
      // Until the sleep is in the namespace (ip netns exec has entered it and exec'd).
      for (let i = 0; i < 50 && !ip(['netns', 'pids', ns.name]).stdout.trim(); i++)
        await new Promise((r) => setTimeout(r, 50));
    } catch (e) {
      ns.delete();
      empty.delete();
      throw e;
    }
  });
  afterAll(() => {
    resident?.kill();
    ns?.delete();
    empty?.delete();
  });

  const CASES: string[][] = [
    ['maddress'],
    ['maddress', 'show'],
    ['maddr', 'list', 'dev', 'mv1'],
    ['maddr', 'show', 'br0'],
    ['maddr', 'lst', 'dev', 'nope0'],
    ['-4', 'maddr'],
    ['-6', 'maddr'],
    ['-0', 'maddr'],
    ['-o', 'maddr'],
    ['m', 's', 'dev', 'lo'],
  ];
  for (const args of CASES) {
    it(`text: ${args.join(' ')}`, async () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = await runCli(['-n', ns.name, ...args]);
      expect(theirs.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.code).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
    });
    it(`-j: ${args.join(' ')}`, async () => {
      const theirs = ip(['-n', ns.name, '-j', ...args]);
      const ours = await runCli(['-n', ns.name, '-j', ...args]);
      expect(ours.code).toBe(0);
      expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(theirs.stdout));
    });
  }

  it('the state has what the printer must show: static link-layer groups', async () => {
    const ours = await runCli(['-n', ns.name, 'maddr', 'show', 'dev', 'mv1']);
    expect(ours.stdout).toContain('link  33:33:00:00:01:01 static');
    expect(ours.stdout).toContain('link  01:00:5e:01:02:03 static');
  });

  it('-j -p lays out like ip -j -p', async () => {
    const args = ['-n', ns.name, '-j', '-p', 'maddr', 'show', 'dev', 'br0'];
    expect((await runCli(args)).stdout).toBe(ip(args).stdout);
  });

  it('a namespace no process lives in: read from inside it, as ip reads it', async () => {
    for (const j of [[], ['-j']]) {
      const theirs = ip(['-n', empty.name, ...j, 'maddr']);
      const ours = await runCli(['-n', empty.name, ...j, 'maddr']);
      expect(ours.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.stdout).toBe(theirs.stdout);
    }
    // The namespace's own view: its lo only (the host's would list its own links).
    expect(ip(['-n', empty.name, 'maddr']).stdout).toMatch(/^1:\tlo\n(\t.*\n)*$/);
  });

  it('a namespace that does not exist: ip’s message and status', async () => {
    const theirs = ip(['-n', `${ns.name}-gone`, 'maddr']);
    const ours = await runCli(['-n', `${ns.name}-gone`, 'maddr']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr);
  });

  it('an unknown command: ip’s message and status', async () => {
    const theirs = ip(['-n', ns.name, 'maddr', 'frob']);
    const ours = await runCli(['-n', ns.name, 'maddr', 'frob']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr.replace('ip maddr help', 'nlts maddr help'));
  });
});
