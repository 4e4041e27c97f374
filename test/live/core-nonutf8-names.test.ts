/**
 * Interface names are bytes (dev_valid_name refuses only "/", ":", NUL and
 * blanks), so ip can create one named $'\xff'. nlts keeps such bytes through
 * the codec (cString's lossless decoding) and writes them back unchanged, so
 * its text and -j output are byte-identical to ip's and the name given back
 * on the command line finds the same interface.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live non-UTF-8 name tests: ${skip}`);

/** Run through bash so argv can carry bytes that are not UTF-8 ($'\xff'); stdout as bytes. */
function sh(script: string): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

describe.skipIf(skip !== null)('live: interface names that are not UTF-8 round-trip', () => {
  let ns: { name: string; delete(): void };
  let created: { code: number; stderr: string };
  const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(NLTS)}`;
  beforeAll(() => {
    ns = Netns.create('h4core');
    created = sh(`ip -n ${ns.name} link add name $'\\xff' type veth peer name $'a\\xfe'`);
  });
  afterAll(() => ns?.delete());

  it.each([[''], ['-j'], ['-d']])('link show %s: the same bytes as ip', (opt) => {
    expect(created.code, created.stderr).toBe(0);
    const want = sh(`ip ${opt} -n ${ns.name} link show`);
    const got = sh(`${node} ${opt} -n ${ns.name} link show`);
    expect(want.stdout.includes(0xff)).toBe(true);
    expect(got.code).toBe(want.code);
    expect(got.stdout.equals(want.stdout)).toBe(true);
  });

  it('link show dev <name>: the bytes from argv find the interface', () => {
    expect(created.code, created.stderr).toBe(0);
    const want = sh(`ip -j -n ${ns.name} link show dev $'\\xff'`);
    const got = sh(`${node} -j -n ${ns.name} link show dev $'\\xff'`);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout.equals(want.stdout)).toBe(true);
    // The name in the JSON is the single byte 0xff, not U+FFFD nor an escape.
    expect(got.stdout.includes(Buffer.from('"ifname":"\xff"', 'latin1'))).toBe(true);
  });

  it('link set dev <name> changes that interface as ip would', () => {
    expect(created.code, created.stderr).toBe(0);
    const set = sh(`${node} -n ${ns.name} link set dev $'\\xff' mtu 1400`);
    expect(set.code, set.stderr).toBe(0);
    const mtu = sh(`ip -j -n ${ns.name} link show dev $'\\xff'`);
    expect((JSON.parse(mtu.stdout.toString('latin1')) as { mtu: number }[])[0]!.mtu).toBe(1400);
  });
});
