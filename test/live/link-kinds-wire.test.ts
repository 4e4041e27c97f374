import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS } from '../support/cli.js';
import { hasStrace, newlinkRequests, sentMessages } from '../support/wire.js';

/*
 * Kinds this kernel lacks (vrf, ipvlan, geneve on the 6.18 host) cannot be
 * compared by the state they leave, so they are compared on the wire: the
 * RTM_NEWLINK request `ip link add …` sends and the one `nlts link add …`
 * sends with the same words must be the same bytes (bar sequence and port
 * id), as strace -e write=all dumps them. Both then get the kernel's
 * "Unknown device type", or create the same link where the kind exists.
 */

const live = liveSkipReason() as string | null;
const skip = live ?? (hasStrace ? null : 'strace is not installed');
if (skip) console.warn(`SKIPPED live link-kinds-wire tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

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
