/**
 * examples/veth-netns.mjs runs against the kernel as a user would run it (it
 * imports the package by name): it makes a namespace, changes it through
 * the library, watches the events, lists routes as ip -j does, tears down.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { liveSkipReason, uniqueName } from '../support/scenario.mjs';
import { ROOT } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED library example test: ${skip}`);

describe.skipIf(skip !== null)('examples/veth-netns.mjs', () => {
  const netns = uniqueName('nlh1-ex') as string;
  afterAll(() => {
    // The script removes the namespace it made; remove it here too if it failed half-way.
    if (existsSync(`/run/netns/${netns}`)) spawnSync('ip', ['netns', 'del', netns]);
  });

  it('makes a veth pair, addresses and a route in a new namespace, sees the events, tears down', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'examples', 'veth-netns.mjs'), netns], {
      encoding: 'utf8',
      cwd: ROOT,
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('made veth0 (10.99.0.1/24), veth1 (10.99.1.1/24), 10.100.0.0/16 via 10.99.0.2');
    expect(lines).toContain('event: new link');
    expect(lines).toContain('event: new address');
    expect(lines).toContain('route event seen: true');
    // The route as `ip -j route show` prints it, and its decoded rtm_table.
    expect(lines).toContain(
      'route {"dst":"10.100.0.0/16","gateway":"10.99.0.2","dev":"veth0","metric":10,"flags":[]} table 254',
    );
    expect(lines).toContain('again: EEXIST (File exists)');
    expect(lines[lines.length - 1]).toBe('deleted veth0; routes left on veth*: 0');
    expect(existsSync(`/run/netns/${netns}`)).toBe(false);
  });
});
