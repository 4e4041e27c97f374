import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const live = liveSkipReason() as string | null;
if (live) console.warn(`SKIPPED live vrf tests: ${live}`);

type Ns = { name: string; delete(): void };

/** Whether this kernel has the vrf link kind (the 6.18 development kernel does not). */
function vrfKindMissing(ns: Ns): string | null {
  const r = spawnSync('ip', ['-n', ns.name, 'link', 'add', 'vprobe', 'type', 'vrf', 'table', '4242'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return `this kernel has no vrf link kind (${r.stderr.trim()})`;
  spawnSync('ip', ['-n', ns.name, 'link', 'del', 'vprobe']);
  return null;
}

/**
 * `nlts vrf` against `ip vrf` (ip/ipvrf.c, iproute2 6.1). What needs no VRF
 * device runs everywhere: the empty listing, identify (from /proc/PID/cgroup),
 * and the refusals. The listing of real VRFs needs the vrf kind: skipped with
 * the reason where the kernel lacks it (it is compared in the VM then).
 */
describe.skipIf(live !== null)('live: nlts vrf against ip vrf', () => {
  let ns: Ns;
  let noVrf: string | null = 'not probed';

  beforeAll(() => {
    ns = Netns.create('nlh4-vrf');
    noVrf = vrfKindMissing(ns);
    if (noVrf) console.warn(`SKIPPED live vrf listing tests: ${noVrf}`);
    else {
      for (const args of [
        ['link', 'add', 'vr1', 'type', 'vrf', 'table', '100'],
        ['link', 'add', 'vr2', 'type', 'vrf', 'table', '200'],
        ['link', 'add', 'vd0', 'type', 'veth', 'peer', 'name', 'vd1'],
        ['link', 'set', 'vd0', 'master', 'vr1'],
      ])
        ip(['-n', ns.name, ...args]);
    }
  });
  afterAll(() => ns?.delete());

  /** Same stdout, stderr (ip's words for the program) and exit status as ip. */
  async function same(args: string[]): Promise<string> {
    const theirs = ip(args);
    const ours = await runCli(args);
    expect(ours.stderr).toBe(theirs.stderr.replace(/\bip vrf\b/g, 'nlts vrf'));
    expect(ours.code).toBe(theirs.code);
    expect(ours.stdout).toBe(theirs.stdout);
    return ours.stdout;
  }

  describe('without VRF devices', () => {
    let empty: Ns;
    beforeAll(() => {
      empty = Netns.create('nlh4-vrf-e');
    });
    afterAll(() => empty?.delete());
    for (const args of [
      ['vrf'],
      ['vrf', 'show'],
      ['-j', 'vrf', 'show'],
      ['-j', '-p', 'vrf'],
      ['-br', 'vrf', 'lst'],
      ['vrf', 'show', 'nope0'],
      ['vrf', 'show', 'lo'],
      ['vrf', 'pids', 'lo'],
      ['vrf', 'pids'],
      ['vrf', 'frob'],
    ]) {
      it(`${args.join(' ')}`, async () => {
        await same(['-n', empty.name, ...args]);
      });
    }
    it('vrf show prints "No VRF has been configured" (the comparison has text)', async () => {
      expect(await same(['-n', empty.name, 'vrf', 'show'])).toContain('No VRF has been configured');
    });
  });

  for (const args of [
    ['vrf', 'identify'],
    ['vrf', 'identify', '1'],
    ['vrf', 'identify', String(process.pid)],
    ['vrf', 'identify', 'x'],
    ['vrf', 'identify', '1', '2'],
    ['vrf', 'identify', '999999999'],
  ]) {
    it(`${args.join(' ')} (from /proc/PID/cgroup)`, async () => {
      await same(args);
    });
  }

  describe('with VRF devices', () => {
    for (const args of [
      ['vrf'],
      ['vrf', 'show'],
      ['-j', 'vrf', 'show'],
      ['-br', 'vrf', 'show'],
      ['vrf', 'show', 'vr1'],
      ['vrf', 'show', 'vd0'],
      ['vrf', 'pids', 'vr1'],
    ]) {
      it(`${args.join(' ')}`, async (ctx) => {
        if (noVrf) ctx.skip(noVrf);
        const out = await same(['-n', ns.name, ...args]);
        if (args.includes('show') && !args.includes('vd0')) expect(out).toMatch(/vr1/);
      });
    }
  });
});
