import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `nlts vrf exec` against `ip vrf exec` under Debian's 6.1 kernel (the host's 6.18 has no vrf link
 * kind): scripts/vm/vrf-exec.sh runs each probe under ip in namespace xA and under nlts in its twin
 * xB. Checked here: the transcripts are equal once the namespace names are made one, and the probes
 * show what binding means (the program's new socket is bound to the VRF, it sits in the VRF's cgroup).
 * Run in test/vm/vm.test.ts's one VM boot.
 */
export function defineVrfExecChecks(dir: () => string, skip: () => string | null): void {
  describe('vrf exec in the VM (against ip vrf exec)', () => {
    const read = (name: string, tool: 'ip' | 'nlts'): string =>
      readFileSync(path.join(dir(), `${name}.${tool}`), 'utf8').replace(/x[AB]/g, 'xN');
    for (const name of ['bound', 'default', 'status', 'invalid', 'nested', 'pids']) {
      it(`${name}: nlts's transcript equals ip's`, (ctx) => {
        const why = skip();
        if (why) ctx.skip(why);
        if (!existsSync(path.join(dir(), `${name}.ip`))) throw new Error(`the VM wrote no ${name}.ip`);
        expect(read(name, 'nlts')).toBe(read(name, 'ip'));
      });
    }
    const SELECTORS = [
      'route-add',
      'route-add6',
      'route-show',
      'route-show-j',
      'route-show-6',
      'route-get',
      'route-get-j',
      'link-show',
      'link-show-j',
      'addr-show-j',
      'vrf-not-a-vrf',
      'vrf-master-order',
      'route-flush',
      'link-set-vrf',
    ];
    for (const name of SELECTORS) {
      it(`vrf selector, ${name}: nlts equals ip`, (ctx) => {
        const why = skip();
        if (why) ctx.skip(why);
        if (!existsSync(path.join(dir(), `sel-${name}.ip`)))
          throw new Error(`the VM wrote no sel-${name}.ip`);
        // Whole transcripts: ip's invarg messages end with a blank line, and so do nlts's.
        expect(read(`sel-${name}`, 'nlts')).toBe(read(`sel-${name}`, 'ip'));
      });
    }
    it('the selectors selected: the route added through the VRF is in its table; d0 is its only port', (ctx) => {
      const why = skip();
      if (why) ctx.skip(why);
      expect(read('sel-route-add', 'nlts')).toContain('"dst":"198.51.100.0/24"');
      expect(read('sel-route-show', 'nlts')).toContain('198.51.100.0/24 via 192.0.2.2 dev d0');
      expect(read('sel-link-show-j', 'nlts')).toMatch(/"ifname":"d0"/);
      expect(read('sel-link-show-j', 'nlts')).not.toMatch(/"ifname":"d1"/);
      expect(read('sel-route-flush', 'nlts')).not.toContain('198.51.100.0/24');
      expect(read('sel-link-set-vrf', 'nlts')).toBe('status: 0\nd0\nd1\n');
    });
    it('what the probes show: bound to red in .../xN-ns/vrf/red; default unbound; exit status kept', (ctx) => {
      const why = skip();
      if (why) ctx.skip(why);
      expect(read('bound', 'nlts')).toBe('0::/xN-ns/vrf/red\nred\nstatus: 0\n');
      expect(read('default', 'nlts')).toBe('0::/xN-ns/vrf\n-\nstatus: 0\n');
      expect(read('status', 'nlts')).toBe('status: 5\n');
      expect(read('invalid', 'nlts')).toBe('status: 255\nInvalid VRF name\n');
      expect(read('pids', 'nlts')).toMatch(/SLEEPER +sleep\n/);
    });
  });
}
