import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module shared with scripts/record-goldens.mjs
import { Netns, buildLinkScenario, liveSkipReason, waitForSettle } from '../support/scenario.mjs';
import { ip, nlts, ROOT } from '../support/cli.js';
import { isVolatile, jsonDiff } from '../support/json-diff.js';
import { spawn, spawnSync } from 'node:child_process';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live link tests: ${skip}`);

describe.skipIf(skip !== null)('live: nlts link show against ip on the same netns', () => {
  let main: { name: string; delete(): void; ip(a: string[]): string };
  let peer: { name: string; delete(): void; ip(a: string[]): string };

  beforeAll(() => {
    main = Netns.create('nlts-live');
    peer = Netns.create('nlts-peer');
    try {
      buildLinkScenario(main, peer);
      waitForSettle(main);
    } catch (e) {
      main.delete();
      peer.delete();
      throw e;
    }
  });
  afterAll(() => {
    main?.delete();
    peer?.delete();
  });

  /**
   * Run the same arguments through ip and nlts inside the scenario namespace and compare JSON.
   * `ipPrintsEmptyObjects`: ip 6.1 opens a JSON object before applying its `up`/`type` filters,
   * so every filtered-out link leaves a `{}` in its array (a bug we do not copy); drop those.
   */
  function compareJson(args: string[], ipPrintsEmptyObjects = false): void {
    const theirs = ip(['-n', main.name, ...args]);
    const ours = nlts(['-n', main.name, ...args]);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    let expected = JSON.parse(theirs.stdout) as object[];
    if (ipPrintsEmptyObjects) {
      expect(expected.some((o) => Object.keys(o).length === 0)).toBe(true);
      expected = expected.filter((o) => Object.keys(o).length > 0);
    }
    const diffs = jsonDiff(expected, JSON.parse(ours.stdout), isVolatile);
    expect(diffs, `nlts ${args.join(' ')} differs from ip:\n${diffs.join('\n')}`).toEqual([]);
  }

  function compareText(args: string[]): void {
    const theirs = ip(['-n', main.name, ...args]);
    const ours = nlts(['-n', main.name, ...args]);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
  }

  it('the scenario has every kind of link the issue asks for', () => {
    const kinds = JSON.parse(ip(['-n', main.name, '-j', '-d', 'link', 'show']).stdout).map(
      (l: { linkinfo?: { info_kind?: string } }) => l.linkinfo?.info_kind ?? 'none',
    );
    for (const k of ['veth', 'bridge', 'macvlan', 'vxlan', 'tun', 'ifb']) expect(kinds).toContain(k);
  });

  it('-j link show', () => compareJson(['-j', 'link', 'show']));
  it('-j -p link show (pretty output parses to the same)', () => compareJson(['-j', '-p', 'link', 'show']));
  it('-j -s link show', () => compareJson(['-j', '-s', 'link', 'show']));
  it('-j -s -s link show', () => compareJson(['-j', '-s', '-s', 'link', 'show']));
  it('-j -d link show', () => compareJson(['-j', '-d', 'link', 'show']));
  it('-j -br link show', () => compareJson(['-j', '-br', 'link', 'show']));
  it('-j link show dev veth0 (link in another netns, alias)', () =>
    compareJson(['-j', 'link', 'show', 'dev', 'veth0']));
  it('-j -d link show dev vb0 (bridge port)', () => compareJson(['-j', '-d', 'link', 'show', 'dev', 'vb0']));
  it('-j link show dev mv0 (macvlan on a veth)', () => compareJson(['-j', 'link', 'show', 'mv0']));
  it('-j link show up', () => compareJson(['-j', 'link', 'show', 'up'], true));
  it('text: link show up', () => compareText(['link', 'show', 'up']));
  it('-j link show type bridge', () => compareJson(['-j', 'link', 'show', 'type', 'bridge']));
  it('-j link show type bridge_slave', () =>
    compareJson(['-j', 'link', 'show', 'type', 'bridge_slave'], true));
  it('text: link show type bridge_slave', () => compareText(['link', 'show', 'type', 'bridge_slave']));
  it('-j link show master br0', () => compareJson(['-j', 'link', 'show', 'master', 'br0']));

  it('text: link show', () => compareText(['link', 'show']));
  it('text: -d link show', () => {
    // Bridge timers tick between the two reads; compare with them blanked.
    const blank = (s: string): string => s.replace(/(_timer|timer) +[\d.]+/g, '$1 T');
    const theirs = ip(['-n', main.name, '-d', 'link', 'show']);
    const ours = nlts(['-n', main.name, '-d', 'link', 'show']);
    expect(ours.code, ours.stderr).toBe(0);
    expect(blank(ours.stdout)).toBe(blank(theirs.stdout));
  });
  it('text: -br link show', () => compareText(['-br', 'link', 'show']));
  it('-N: link types and groups as numbers, text and JSON', () => {
    compareText(['-N', 'link', 'show']);
    compareJson(['-j', '-N', 'link', 'show']);
  });
  it('colour: -c link show and -c -br link show are byte-identical to ip -c', () => {
    compareText(['-c', 'link', 'show']);
    compareText(['-c', '-br', 'link', 'show']);
    expect(nlts(['-n', main.name, '-c', 'link', 'show']).stdout).toContain('\x1b[36m');
  });
  it('colour: auto is off when stdout is not a terminal, and NO_COLOR does not stop -c=always', () => {
    expect(nlts(['-n', main.name, '-color=auto', 'link']).stdout).not.toContain('\x1b[');
    expect(nlts(['-n', main.name, '-color=always', 'link'], { NO_COLOR: '1' }).stdout).toContain('\x1b[');
  });
  it('text: -o link show', () => compareText(['-o', 'link', 'show']));
  it('text: link show dev veth0', () => compareText(['link', 'show', 'dev', 'veth0']));
  it('text: -s -s link show dev lo (idle, counters stable)', () =>
    compareText(['-s', '-s', 'link', 'show', 'dev', 'lo']));

  it('abbreviations: nlts l, link sh, link list', () => {
    const full = nlts(['-n', main.name, '-j', 'link', 'show']).stdout;
    expect(nlts(['-n', main.name, '-j', 'l']).stdout).toBe(full);
    expect(nlts(['-n', main.name, '-j', 'link', 'sh']).stdout).toBe(full);
    expect(nlts(['-n', main.name, '-j', 'link', 'list']).stdout).toBe(full);
  });

  it('-n accepts /run/netns/NAME and /proc/PID/ns/net paths', async () => {
    const byName = JSON.parse(nlts(['-n', main.name, '-j', 'link']).stdout).map(
      (l: { ifname: string }) => l.ifname,
    );
    expect(byName).toContain('br0');
    const byRunPath = JSON.parse(nlts(['-n', `/run/netns/${main.name}`, '-j', 'link']).stdout).map(
      (l: { ifname: string }) => l.ifname,
    );
    expect(byRunPath).toEqual(byName);
    // A process that lives in the namespace while we look through its /proc entry.
    const sleeper = spawn('ip', ['netns', 'exec', main.name, 'sleep', '30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const byPid = JSON.parse(nlts(['-n', `/proc/${sleeper.pid}/ns/net`, '-j', 'link']).stdout).map(
        (l: { ifname: string }) => l.ifname,
      );
      expect(byPid).toEqual(byName);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('unknown device: one line like ip, exit 1, and with -j stdout is still JSON', () => {
    const theirs = ip(['-n', main.name, 'link', 'show', 'dev', 'nosuch0']);
    const ours = nlts(['-n', main.name, 'link', 'show', 'dev', 'nosuch0']);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stderr).toBe('Device "nosuch0" does not exist.\n');
    expect(ours.code).toBe(1);
    expect(ours.stdout).toBe('');
    const j = nlts(['-n', main.name, '-j', 'link', 'show', 'dev', 'nosuch0']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ error: { kind: 'no-device' } });
    expect(j.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('unknown names of any length (altnames may be long) and the empty name: like ip', () => {
    for (const name of ['x'.repeat(20), 'y'.repeat(200), '']) {
      const theirs = ip(['-n', main.name, 'link', 'show', 'dev', name]);
      const ours = nlts(['-n', main.name, 'link', 'show', 'dev', name]);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.code).toBe(theirs.code);
    }
  });

  it('unknown master: like ip (invarg with its blank line, status 255)', () => {
    const ours = nlts(['-n', main.name, 'link', 'show', 'master', 'nobr']);
    const theirs = ip(['-n', main.name, 'link', 'show', 'master', 'nobr']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stderr).toBe('Error: argument "nobr" is wrong: Device does not exist\n\n');
  });

  it('missing namespace: one line, exit 255 as ip (netns_switch failed), no stack trace', () => {
    const ours = nlts(['-n', 'nlts-no-such-ns', 'link']);
    expect(ours.code).toBe(ip(['-n', 'nlts-no-such-ns', 'link']).code);
    expect(ours.code).toBe(255);
    expect(ours.stderr).toBe('Cannot open network namespace "nlts-no-such-ns": No such file or directory\n');
  });

  it('a closed pipe ends quietly (nlts -j link | head -c 1)', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; node bin/nlts.js -n ${main.name} -j -s link | head -c 1 >/dev/null`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
