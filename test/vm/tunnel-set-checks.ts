import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `link set DEV type <tunnel> OPTIONS` against ip under Debian's 6.1 kernel (the host's 6.18 has no
 * tunnel modules): scripts/vm/tunnel-set.sh makes the same tunnels with ip in namespaces tA and tB,
 * changes each with ip in tA and with nlts in tB, and dumps the result. Equal transcripts mean nlts
 * read the tunnel's settings first, as ip does, and changed only what was asked (the kernel's
 * changelink rebuilds the whole set from the request). Run in test/vm/vm.test.ts's one VM boot.
 */
const STEPS = [
  'gre-ttl',
  'gre-nokey',
  'gre-remote',
  'gretap-okey',
  'erspan-hwid',
  'ipip-ttl',
  'ipip-remote',
  'sit-ttl',
  'sit-6rd',
  'vti-okey',
  'vti6-fwmark',
  'ip6gre-hoplimit',
  'ip6gre-tclass',
  'ip6erspan-index',
  'ip6tnl-hoplimit',
  'ip6tnl-mode',
  'not-a-tunnel',
];

/** A transcript without what differs between two twin namespaces by chance (random MACs). */
function normalised(text: string): string {
  return text.replace(/"(address|broadcast|permaddr)":"[^"]*"/g, '"$1":"X"');
}

export function defineTunnelSetChecks(dir: () => string, skip: () => string | null): void {
  describe('link set … type <tunnel> in the VM (read, then edit, as ip)', () => {
    const read = (name: string, tool: 'ip' | 'nlts'): string =>
      normalised(readFileSync(path.join(dir(), `${name}.${tool}`), 'utf8'));
    for (const name of STEPS) {
      it(`${name}: nlts leaves what ip leaves`, (ctx) => {
        const why = skip();
        if (why) ctx.skip(why);
        if (!existsSync(path.join(dir(), `${name}.ip`))) throw new Error(`the VM wrote no ${name}.ip`);
        expect(read(name, 'nlts')).toBe(read(name, 'ip'));
      });
    }
    it('the changes kept what was not asked: g1 keeps its local, dev and fwmark after ttl 10', (ctx) => {
      const why = skip();
      if (why) ctx.skip(why);
      const g1 = read('gre-ttl', 'nlts');
      expect(g1).toContain('"ttl":10');
      expect(g1).toContain('"local":"10.1.0.1"');
      expect(g1).toContain('"fwmark":"0x7"');
      expect(read('not-a-tunnel', 'nlts')).toMatch(/^Failed to get existing tunnel info\.\nstatus: 1\n/);
    });
  });
}
