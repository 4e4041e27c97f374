import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ROOT, ip } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED examples tests: ${skip}`);

/** Run an example script the way a user would (it imports the package by its name). */
function example(name: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'examples', name), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skip !== null)('examples/ run against the kernel, so they cannot rot', () => {
  let ns: { name: string; delete(): void; ip(a: string[]): string };
  beforeAll(() => {
    ns = Netns.create('nlts-ex');
    ns.ip(['link', 'add', 'exa0', 'address', '02:00:00:00:0e:01', 'type', 'veth', 'peer', 'name', 'exa1']);
  });
  afterAll(() => ns?.delete());

  it('list-links.mjs lists what ip lists', () => {
    const r = example('list-links.mjs', [ns.name]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = JSON.parse(ip(['-n', ns.name, '-j', 'link']).stdout).map(
      (l: { ifname: string }) => l.ifname,
    );
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[1]),
    ).toEqual(names);
    expect(r.stdout).toContain('exa0\tDOWN\tmtu 1500\t02:00:00:00:0e:01');
  });

  it('raw-dump.mjs prints the same names', () => {
    const r = example('raw-dump.mjs', [ns.name]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['lo', 'exa1', 'exa0']);
  });

  it('genl-family.mjs shows nlctrl and fails cleanly for an unknown family', () => {
    const ok = example('genl-family.mjs', []);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^nlctrl: id 16, version \d+\n/);
    expect(ok.stdout).toContain('group notify (16)');
    const bad = example('genl-family.mjs', ['no-such-family']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Generic netlink family "no-such-family" is unknown/);
  });

  it('count-drops.mjs says plainly when the kernel has no drop monitor (it runs for real in the VM suite)', () => {
    const r = example('count-drops.mjs', ['1']);
    if (r.code === 0) return; // a kernel with NET_DM: test/vm covers the counting
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'the kernel has no drop monitor (NET_DM): it needs CONFIG_NET_DROP_MONITOR or `modprobe drop_monitor`\n',
    );
  });

  it('watch-routes.mjs sees a link come up and its routes appear', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'watch-routes.mjs'), ns.name, '3'], {
      cwd: ROOT,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const done = new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    // It says "watching" once subscribed: change state only then (no sleep to guess it).
    await new Promise<void>((resolve) => {
      let err = '';
      const timer = setTimeout(resolve, 10_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('watching')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    ns.ip(['link', 'add', 'watch0', 'type', 'veth', 'peer', 'name', 'watch1']);
    ns.ip(['route', 'add', 'blackhole', '10.66.0.0/16']);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await done;
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^new link watch[01] index \d+\nnew link watch[01] index \d+\nnew route 10\.66\.0\.0\/16 table 254\n$/,
    );
  });
});
