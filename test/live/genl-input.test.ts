/**
 * Issue 13 item 5 on a real kernel: an ethtool features-set of two bits.
 * Two bit nests given as plain words used to be merged into one nest (the
 * kernel applied only the last, exit 0); now they are refused, and the two
 * ways that say it exactly (--json, and indexed words bit[0]/bit[1]) both
 * change both bits, as features-get shows afterwards. `ethtool` is not
 * installed here, so features-get is the witness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/golden.js';
// @ts-expect-error plain JS helpers shared with the record scripts
import { Netns, liveSkipReason } from '../support/scenario.mjs';

const reason: string | null = liveSkipReason();
if (reason) console.log(`skipping live genl input tests: ${reason}`);

/** Two features veth offers as changeable and leaves off by default. */
const BITS = ['rx-gro-list', 'rx-udp-gro-forwarding'];

interface Bit {
  index: number;
  name: string;
  value?: boolean;
}
interface Bitset {
  nomask?: boolean;
  bits?: { bit?: Bit[] };
}

describe.skipIf(reason)('genl input: features-set of two bits on a veth (ethtool netlink)', () => {
  let ns: { name: string; ip(a: string[]): string; delete(): void };

  beforeAll(() => {
    ns = Netns.create('nlh2');
    ns.ip(['link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v2']);
  });
  afterAll(() => ns?.delete());

  /** The active feature names of v1 among BITS (features-get; active is a nomask bitset: listed = on). */
  async function activeBits(): Promise<string[]> {
    const r = await runCli([
      '-n',
      ns.name,
      '-j',
      'genl',
      'do',
      'ethtool',
      'features-get',
      'header.dev-name=v1',
    ]);
    expect(r.stderr).toBe('');
    const [msg] = JSON.parse(r.stdout) as { active: Bitset; hw: Bitset }[];
    // Both are lists even with one entry (multi-attr, item 4).
    expect(Array.isArray(msg!.active.bits?.bit ?? [])).toBe(true);
    expect(msg!.active.nomask).toBe(true);
    const hw = (msg!.hw.bits?.bit ?? []).map((b) => b.name);
    for (const b of BITS) expect(hw, `veth offers ${b}`).toContain(b);
    return (msg!.active.bits?.bit ?? []).map((b) => b.name).filter((n) => BITS.includes(n));
  }

  /** nlts genl do ethtool features-set header.dev-name=v1 WORDS... in the test's namespace. */
  const featuresSet = (words: string[]): ReturnType<typeof runCli> =>
    runCli(['-n', ns.name, 'genl', 'do', 'ethtool', 'features-set', 'header.dev-name=v1', ...words]);

  it('starts with both bits off', async () => {
    expect(await activeBits()).toEqual([]);
  });

  it('refuses two bit nests given as plain words (they would be merged), and changes nothing', async () => {
    const r = await featuresSet([
      ...BITS.flatMap((b) => [`wanted.bits.bit.name=${b}`, 'wanted.bits.bit.value']),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wanted\.bits\.bit\.name is given twice in one nest.*bit\[0\]/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await activeBits()).toEqual([]);
  });

  it('--json sets both bits, as YNL cli.py --json does', async () => {
    const body = {
      header: { 'dev-name': 'v1' },
      wanted: { bits: { bit: BITS.map((name) => ({ name, value: true })) } },
    };
    const r = await runCli([
      '-n',
      ns.name,
      '-j',
      'genl',
      'do',
      'ethtool',
      'features-set',
      '--json',
      JSON.stringify(body),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await activeBits()).sort()).toEqual([...BITS].sort());
  });

  it('indexed words bit[0]/bit[1] clear both bits again (bits listed without value are cleared)', async () => {
    const r = await featuresSet([...BITS.map((b, i) => `wanted.bits.bit[${i}].name=${b}`)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await activeBits()).toEqual([]);
  });

  it('the same with the value flag in indexed words sets both', async () => {
    const r = await featuresSet([
      ...BITS.flatMap((b, i) => [`wanted.bits.bit[${i}].name=${b}`, `wanted.bits.bit[${i}].value`]),
    ]);
    expect(r.code).toBe(0);
    expect((await activeBits()).sort()).toEqual([...BITS].sort());
  });

  it('a missing header is named with what it holds (extack MISS_TYPE)', async () => {
    const r = await runCli(['-n', ns.name, 'genl', 'do', 'ethtool', 'features-get']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing attribute "header"/);
  });
});
