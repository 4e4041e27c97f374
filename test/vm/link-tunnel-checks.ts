import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Tunnel, vrf, ipvlan and geneve links under Debian's 6.1 kernel (the host's
 * 6.18 lacks them): scripts/vm/tunnel-kinds.sh creates each with nlts in
 * namespace A and with ip in namespace B, and dumps both. Checked here, per
 * device: `nlts -j -d link show` and `nlts -d link show` equal ip's on A, and
 * A's links equal B's (the state each tool left), bar random addresses.
 * Run in test/vm/vm.test.ts's one VM boot (guest-suite.sh scenario 11).
 */

/**
 * The links the script creates (d1x is a veth it puts in vrf r1: a vrf_slave), and the
 * fallback devices their modules add to each namespace.
 */
const DEVICES = [
  ...['g1', 'g2', 'g3', 'e1', 'e2', 'g4', 'i1', 'i2', 's1', 's2', 's3', 'v1', 'v2'],
  ...['r1', 'd1x', 'iv1', 'iv2', 'gn1', 'gn2', 'gn3'],
  ...['q1', 'q2', 'q4', 'q5', 'q6', 'q8', 't1', 't2', 't4', 't6'],
  ...['gre0', 'gretap0', 'erspan0', 'tunl0', 'sit0', 'ip_vti0', 'ip6gre0', 'ip6tnl0'],
];

type Link = Record<string, unknown> & { ifname: string };

/** `ip -d link show` text cut into one block of lines per device. */
function textBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of text.split('\n')) {
    const m = /^\d+: ([^:@]+)[@:]/.exec(line);
    if (m) blocks.set(m[1]!, (cur = []));
    cur?.push(line);
  }
  return new Map([...blocks].map(([k, v]) => [k, v.join('\n')]));
}

/** A link without what the kernel picks at random (MAC, tunnel6 permaddr). */
function withoutRandom(l: Link | undefined): unknown {
  if (!l) return undefined;
  const { address: _a, broadcast: _b, permaddr: _p, ...rest } = l;
  return rest;
}

/**
 * The checks, run by test/vm/vm.test.ts on the files of its one VM boot
 * (`outDir()` is that run's $OUT/tunnel; `skipReason()` why the VM did not run).
 */
export function defineTunnelChecks(outDir: () => string, skipReason: () => string | null): void {
  const file = (name: string): string => readFileSync(path.join(outDir(), name), 'utf8');
  const links = (name: string): Map<string, Link> =>
    new Map((JSON.parse(file(name)) as Link[]).map((l) => [l.ifname, l]));
  const guard = (ctx: { skip: (note?: string) => void }): void => {
    const why = skipReason();
    if (why) {
      console.warn(`skipping VM tunnel test: ${why}`);
      ctx.skip(why);
    }
  };
  describe('VM: tunnel, vrf, ipvlan and geneve links (Debian 6.1 under qemu)', () => {
    it('ip and nlts created every link (both batches exit 0)', (ctx) => {
      guard(ctx);
      expect(file('nlts-batch.txt').trim()).toBe('nlts batch exit 0');
      expect(file('ip-batch.txt').trim()).toBe('ip batch exit 0');
      expect([...links('ip-A.json').keys()]).toEqual(expect.arrayContaining(DEVICES));
    });

    for (const dev of DEVICES) {
      it(`${dev}: nlts -j -d and -d link show equal ip's, and nlts left the state ip left`, (ctx) => {
        guard(ctx);
        expect(links('nlts-A.json').get(dev)).toEqual(links('ip-A.json').get(dev));
        expect(textBlocks(file('nlts-A.txt')).get(dev)).toBe(textBlocks(file('ip-A.txt')).get(dev));
        expect(withoutRandom(links('ip-A.json').get(dev))).toEqual(
          withoutRandom(links('ip-B.json').get(dev)),
        );
      });
    }
  });
}
