import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS } from '../support/cli.js';

/*
 * Kinds this kernel lacks (vrf, ipvlan, geneve on the 6.18 host) cannot be
 * compared by the state they leave, so they are compared on the wire: the
 * RTM_NEWLINK request `ip link add …` sends and the one `nlts link add …`
 * sends with the same words must be the same bytes (bar sequence and port
 * id), as strace -e write=all dumps them. Both then get the kernel's
 * "Unknown device type", or create the same link where the kind exists.
 */

const live = liveSkipReason() as string | null;
const hasStrace = spawnSync('strace', ['-V']).status === 0;
const skip = live ?? (hasStrace ? null : 'strace is not installed');
if (skip) console.warn(`SKIPPED live link-kinds-wire tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

const RTM_NEWLINK = 16;

/** The netlink messages a command sent, from strace's hex dumps of sendmsg/sendto. */
function sentMessages(cmd: string, args: string[]): { messages: Uint8Array[]; stderr: string; code: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'h2lnk-strace-'));
  const log = path.join(dir, 'trace');
  const r = spawnSync(
    'strace',
    // -ff: one file per thread, so node's threads cannot interleave lines into a hex dump.
    ['-ff', '-qq', '-e', 'trace=sendmsg,sendto', '-e', 'write=all', '-o', log, cmd, ...args],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  const trace = readdirSync(dir)
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  rmSync(dir, { recursive: true, force: true });
  const messages: Uint8Array[] = [];
  let cur: number[] | null = null;
  for (const line of trace.split('\n')) {
    const m = /^(?:\[pid +\d+\] |\d+ +)? \| ([0-9a-f]{5}) {2}/.exec(line);
    if (!m) {
      if (cur) messages.push(Uint8Array.from(cur));
      cur = null;
      continue;
    }
    const hex = line
      .slice(m[0].length, m[0].length + 49)
      .trim()
      .split(/\s+/);
    if (m[1] === '00000') {
      if (cur) messages.push(Uint8Array.from(cur));
      cur = [];
    }
    cur?.push(...hex.filter((h) => /^[0-9a-f]{2}$/.test(h)).map((h) => parseInt(h, 16)));
  }
  if (cur) messages.push(Uint8Array.from(cur));
  return { messages, stderr: r.stderr, code: r.status ?? -1 };
}

/** The RTM_NEWLINK requests, with nlmsg_seq and nlmsg_pid zeroed, as hex. */
function newlinkRequests(messages: Uint8Array[]): string[] {
  return (
    messages
      // ip 6.1 first sends a bare ifinfomsg (32 bytes) to probe the kernel; only requests with attributes count.
      .filter((b) => b.length > 32 && (b[4]! | (b[5]! << 8)) === RTM_NEWLINK)
      .map((b) => {
        const c = b.slice();
        c.fill(0, 8, 16);
        return Buffer.from(c).toString('hex');
      })
  );
}

const CASES: string[][] = [
  ['add', 'vrf-a', 'type', 'vrf', 'table', '100'],
  ['add', 'vrf-b', 'type', 'vrf', 'table', 'main'],
  ['add', 'ipv-a', 'link', 'wv0', 'type', 'ipvlan', 'mode', 'l3', 'private'],
  ['add', 'ipv-b', 'link', 'wv0', 'type', 'ipvlan', 'mode', 'l3s', 'vepa'],
  ['add', 'ipv-c', 'link', 'wv0', 'type', 'ipvlan', 'mode', 'l2', 'bridge'],
  ['add', 'ipvt-a', 'link', 'wv0', 'type', 'ipvtap', 'mode', 'l2'],
  ['add', 'gnv-a', 'type', 'geneve', 'id', '5', 'remote', '10.13.0.2'],
  [
    'add',
    'gnv-b',
    'type',
    'geneve',
    'id',
    '6',
    'remote',
    'fd00::2',
    'ttl',
    '20',
    'tos',
    '0x10',
    'flowlabel',
    '0x1234',
    'dstport',
    '6082',
    'df',
    'set',
    'noudpcsum',
    'udp6zerocsumtx',
    'udp6zerocsumrx',
  ],
  ['add', 'gnv-c', 'type', 'geneve', 'external', 'ttl', 'inherit', 'tos', 'inherit', 'innerprotoinherit'],
  ['add', 'vxw-a', 'type', 'vxlan', 'dstport', '4789', 'srcport', '100', '200', 'gbp', 'external'],
  ['add', 'vxw-b', 'type', 'vxlan', 'id', '7', 'dstport', '4789', 'external'],
  ['add', 'gnv-d', 'type', 'geneve', 'id', '8'],
  [
    'add',
    'brw-a',
    'type',
    'bridge',
    'vlan_filtering',
    '1',
    'vlan_protocol',
    '802.1ad',
    'vlan_default_pvid',
    '9',
  ],
  ['add', 'brw-b', 'type', 'bridge', 'no_linklocal_learn', '1', 'mcast_vlan_snooping', '1', 'fdb_flush'],
  ['add', 'mvw-a', 'link', 'wv0', 'type', 'macvlan', 'mode', 'passthru', 'nopromisc', 'bcqueuelen', '9'],
  ['set', 'dev', 'wv0', 'addrgenmode', 'random'],
  ['property', 'add', 'dev', 'wv0', 'altname', 'h2-wire-alt'],
];

describe.skipIf(skip !== null)('live: kinds compared on the wire (RTM_NEWLINK bytes of ip and nlts)', () => {
  let ns: Ns;
  beforeAll(() => {
    ns = Netns.create('h2lnk-w');
    ns.ip(['link', 'add', 'wv0', 'address', '02:00:00:00:0d:01', 'type', 'veth', 'peer', 'name', 'wv1']);
  });
  afterAll(() => ns?.delete());

  for (const args of CASES) {
    it(args.join(' '), () => {
      // A kind the kernel has would be created by the first command; delete it before the second.
      const del = (): void => {
        if (args[0] === 'add') spawnSync('ip', ['-n', ns.name, 'link', 'del', args[1]!]);
      };
      const theirs = sentMessages('ip', ['-n', ns.name, 'link', ...args]);
      del();
      if (args[0] === 'property')
        spawnSync('ip', ['-n', ns.name, 'link', 'property', 'del', 'dev', 'wv0', 'altname', 'h2-wire-alt']);
      const ours = sentMessages(process.execPath, [NLTS, '-n', ns.name, 'link', ...args]);
      del();
      const want = newlinkRequests(theirs.messages);
      const got = newlinkRequests(ours.messages);
      if (args[0] === 'property') {
        // RTM_NEWLINKPROP (108) rather than RTM_NEWLINK.
        const prop = (m: Uint8Array[]): string[] =>
          m
            .filter((b) => b.length >= 16 && (b[4]! | (b[5]! << 8)) === 108)
            .map((b) => Buffer.from(b.slice(16)).toString('hex'));
        expect(prop(ours.messages)).toEqual(prop(theirs.messages));
        expect(prop(theirs.messages)).toHaveLength(1);
      } else {
        // Refused before sending (ip's parse_opt returned -1): nlts refuses alike, with ip's first line.
        if (want.length === 0) expect(ours.stderr.split('\n')[0]).toBe(theirs.stderr.split('\n')[0]);
        expect(got).toEqual(want);
      }
      expect(ours.code).toBe(theirs.code);
    });
  }
});
