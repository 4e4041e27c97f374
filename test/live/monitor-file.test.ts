/**
 * `monitor file FILE` (ipmonitor.c with rtnl_from_file): rtnetlink messages saved back to back, as
 * rtmon writes them, printed as the monitor prints events. Compared with ip on:
 * - a stream rtmon saved while a namespace changed (its NLMSG_TSTAMP, the initial link dump, then
 *   link, address, route, neighbour and rule events), read with -n of that namespace (both tools
 *   name an ifindex by asking the namespace they run in): plain, -d, -s -d, -o, -4, -6 (ip filters
 *   a file's routes, rules and neighbours by family, not its addresses), -t, label, all,
 *   and `link` (which does not filter a file, in ip or nlts);
 * - a PF's link message with two SR-IOV VFs (test/support/vf-link-message.mjs): the VF lines of
 *   `-d link show` (issue 12 item 13), with and without -s counters; no kernel here has VFs;
 * - a missing, a truncated and a malformed file: ip's messages and statuses.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
// @ts-expect-error plain JS support module
import { vfLinkMessage } from '../support/vf-link-message.mjs';
import { ip, nlts } from '../support/cli.js';

function skipReason(): string | null {
  const live = liveSkipReason() as string | null;
  if (live) return live;
  if (spawnSync('rtmon', ['help']).error) return 'rtmon (iproute2) is not installed';
  return null;
}
const skip = skipReason();
if (skip) console.warn(`SKIPPED live monitor file tests: ${skip}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('monitor file FILE (live, against ip)', () => {
  let ns: { name: string; delete(): void };
  let dir: string;
  let saved: string;
  let vfs: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nlts-monfile-'));
    saved = path.join(dir, 'rtmon.bin');
    vfs = path.join(dir, 'vf.bin');
    writeFileSync(vfs, vfLinkMessage() as Uint8Array);
    ns = Netns.create('nlmf');
    ipBatch(['link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up'], ns.name);
    const rtmon = spawn('ip', ['netns', 'exec', ns.name, 'rtmon', 'file', saved], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(existsSync(saved) && statSync(saved).size > 0); i++) await sleep(20);
    await sleep(100);
    ipBatch(
      [
        'address add 10.3.0.1/24 dev v0',
        'address add 2001:db8:3::1/64 dev v0 nodad',
        'route add 10.4.0.0/16 via 10.3.0.2',
        'neigh add 10.3.0.9 lladdr 02:00:00:00:00:09 dev v0',
        'rule add from 10.3.0.0/24 table 100 priority 100',
        'link set v1 mtu 1400',
        'address del 10.3.0.1/24 dev v0',
      ],
      ns.name,
    );
    await sleep(300);
    rtmon.kill('SIGTERM');
    await new Promise((r) => rtmon.once('exit', r));
  }, 30_000);
  afterAll(() => {
    ns?.delete();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rtmon saved a timestamp, the links and the events', () => {
    const text = ip(['monitor', 'file', saved]).stdout;
    expect(text).toMatch(/^Timestamp: /);
    for (const w of [
      'v0@v1',
      '10.3.0.1/24',
      '10.4.0.0/16 via 10.3.0.2',
      'lladdr 02:00:00:00:00:09',
      'lookup 100',
      'Deleted',
    ])
      expect(text).toContain(w);
  });

  for (const args of [[], ['-d'], ['-s', '-d'], ['-o'], ['-4'], ['-6'], ['-t']]) {
    it(`${args.join(' ')} monitor file: ip's lines`, () => {
      // Read where it was saved: both tools name interfaces by looking indexes up where they run.
      const theirs = ip(['-n', ns.name, ...args, 'monitor', 'file', saved]);
      const ours = nlts(['-n', ns.name, ...args, 'monitor', 'file', saved]);
      if (args.includes('-t')) {
        // -t stamps each event with the time it is printed; those lines differ by when each tool ran.
        const clock = /^Timestamp: .* usec$/gm;
        expect(ours.stdout.replace(clock, '')).toEqual(theirs.stdout.replace(clock, ''));
      } else expect(ours).toEqual(theirs);
    });
  }
  for (const words of [['label'], ['all'], ['link'], ['route', 'label']]) {
    it(`monitor ${words.join(' ')} file: ip's lines`, () => {
      const args = ['-n', ns.name, 'monitor', ...words, 'file', saved];
      expect(nlts(args)).toEqual(ip(args));
    });
  }

  for (const args of [['-d'], ['-d', '-s'], ['-d', '-s', '-s'], ['-o', '-d'], []]) {
    it(`a PF with VFs: ${args.join(' ')} monitor file prints ip's vf lines`, () => {
      const theirs = ip([...args, 'monitor', 'file', vfs]);
      const ours = nlts([...args, 'monitor', 'file', vfs]);
      expect(ours).toEqual(theirs);
      if (args.includes('-d')) {
        expect(ours.stdout).toContain(
          'vf 1     link/ether 02:00:00:00:10:01 brd ff:ff:ff:ff:ff:ff, vlan 100, qos 3',
        );
        expect(ours.stdout).toContain('vlan protocol 802.1ad');
      }
    });
  }

  it('a missing, a truncated and a malformed file: ip’s message and status', () => {
    const whole = readFileSync(saved);
    const truncated = path.join(dir, 'truncated.bin');
    writeFileSync(truncated, whole.subarray(0, 100));
    const malformed = path.join(dir, 'malformed.bin');
    const bad = Buffer.alloc(16);
    bad.writeUInt32LE(65600, 0);
    writeFileSync(malformed, bad);
    for (const f of [path.join(dir, 'absent.bin'), truncated, malformed]) {
      const theirs = ip(['monitor', 'file', f]);
      const ours = nlts(['monitor', 'file', f]);
      expect(ours.code).toBe(theirs.code);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.stdout).toBe(theirs.stdout);
    }
    expect(ip(['monitor', 'file', malformed]).stderr).toBe('!!!malformed message: len=65600 @16\n');
  });
});
