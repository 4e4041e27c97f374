import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS } from '../support/cli.js';
import { hasStrace, newlinkRequests, sentMessages } from '../support/wire.js';

/*
 * vlan, bond and bond_slave options, which the 6.18 host kernel cannot
 * create, compared on the wire: ip 6.1 parses every option before the kernel
 * says "Unknown device type", so `ip link add … type KIND OPTIONS` and `nlts
 * link add …` with the same words must send the same RTM_NEWLINK bytes (bar
 * sequence and port id), or be refused alike (same exit status and message).
 * The state they leave and the -d printers are checked under the 6.1 kernel in
 * the VM (scripts/vm/guest-suite.sh "vlan-bond", test/vm/vm.test.ts).
 */

const live = liveSkipReason() as string | null;
const skip = live ?? (hasStrace ? null : 'strace is not installed');
if (skip) console.warn(`SKIPPED live link-vlan-bond-args tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

/** The words after `link add`; vb0/vb1 are a veth pair in the namespace. */
const CASES: string[] = [
  // vlan (ip/iplink_vlan.c)
  'link vb0 name v1 type vlan id 5',
  'link vb0 name v1 type vlan id 0x10 protocol 802.1ad',
  'link vb0 name v1 type vlan i 7 p 802.1Q reorder_hdr off gvrp on mvrp on loose_binding on bridge_binding on',
  'link vb0 name v1 type vlan id 7 r on g off m off l off b off',
  'link vb0 name v1 type vlan id 7 ingress-qos-map 1:2 3:4 egress-qos-map 0x5:6 7:7',
  'link vb0 name v1 type vlan id 7 egress-qos-map id 8',
  'link vb0 name v1 type vlan id 7 in 1:2 eg 2:3',
  'link vb0 name v1 type vlan id x',
  'link vb0 name v1 type vlan id 70000',
  'link vb0 name v1 type vlan protocol x',
  'link vb0 name v1 type vlan gvrp x',
  'link vb0 name v1 type vlan bridge_binding ON',
  'link vb0 name v1 type vlan egress-qos-map 1:2 3',
  'link vb0 name v1 type vlan egress-qos-map 1:x',
  'link vb0 name v1 type vlan ingress-qos-map a:1',
  'link vb0 name v1 type vlan ingress-qos-map',
  'link vb0 name v1 type vlan id',
  'link vb0 name v1 type vlan foo',
  'link vb0 name v1 type vlan help',
  // bond (ip/iplink_bond.c)
  'name b1 type bond',
  'name b1 type bond mode 802.3ad miimon 100 xmit_hash_policy layer3+4 lacp_rate fast min_links 1',
  'name b1 type bond mode active-backup arp_interval 100 arp_ip_target 10.0.0.1,10.0.0.2 primary vb0',
  'name b1 type bond mo 4 updelay 5 downdelay 6 peer_notify_delay 7 use_carrier 0 arp_missed_max 3',
  'name b1 type bond ns_ip6_target fd00::1,,fd00::2 arp_validate filter_backup arp_all_targets all',
  'name b1 type bond arp_ip_target',
  'name b1 type bond arp_ip_target mode 1',
  'name b1 type bond active_slave vb1 clear_active_slave pri vb0 primary_reselect better fail_over_mac 2',
  'name b1 type bond resend_igmp 3 num_grat_arp 4 num_unsol_na 5 all_slaves_active 1 lp_interval 9',
  'name b1 type bond packets_per_slave 3 tlb_dynamic_lb 0 lacp_active off ad_select count',
  'name b1 type bond ad_user_port_key 9 ad_actor_sys_prio 65535 ad_actor_system 02:00:00:00:00:09',
  'name b1 type bond xmit_hash_policy vlan+srcmac lacp_rate 1 ad_select 2',
  'name b1 type bond mode x',
  'name b1 type bond mode 7',
  'name b1 type bond mode 4x',
  'name b1 type bond active_slave nope',
  'name b1 type bond primary nope',
  'name b1 type bond miimon x',
  'name b1 type bond use_carrier 300',
  'name b1 type bond arp_ip_target 1.2.3.x',
  'name b1 type bond ns_ip6_target 1.2.3.4',
  'name b1 type bond ad_actor_system zz',
  'name b1 type bond lacp_active x',
  'name b1 type bond lacp_a on',
  'name b1 type bond arp_missed 2',
  'name b1 type bond ns_ip6 fd00::1',
  'name b1 type bond tlb_dynamic_lb x',
  'name b1 type bond arp_validate 7',
  'name b1 type bond num_unsol_na x',
  'name b1 type bond ad_actor_sys x',
  'name b1 type bond clear_a x',
  'name b1 type bond miimon',
  'name b1 type bond foo',
  'name b1 type bond help',
  // bond_slave (ip/iplink_bond_slave.c): refusals here, the accepted ones in SLAVE_CASES
  'name b1 type bond_slave queue_id x',
  'name b1 type bond_slave prio x',
  'name b1 type bond_slave pri 3',
  'name b1 type bond_slave foo',
  'name b1 type bond_slave help',
];

/** bond_slave options ip accepts: compared by their IFLA_INFO_SLAVE_DATA (see the test below). */
const SLAVE_CASES: string[] = ['queue_id 3 prio -5', 'q 0x10', 'prio 2147483647'];

/** Walk netlink attributes in hex text from `start` (bytes), returning [type, payload hex] pairs. */
function attrsOf(hex: string, start: number, end = hex.length / 2): [number, string][] {
  const out: [number, string][] = [];
  for (let off = start; off + 4 <= end;) {
    const le16 = (at: number): number =>
      parseInt(hex.slice(at * 2, at * 2 + 2), 16) | (parseInt(hex.slice(at * 2 + 2, at * 2 + 4), 16) << 8);
    const len = le16(off);
    if (len < 4) break;
    out.push([le16(off + 2) & 0x3fff, hex.slice((off + 4) * 2, (off + len) * 2)]);
    off += (len + 3) & ~3;
  }
  return out;
}

/** IFLA_LINKINFO (18) / IFLA_INFO_SLAVE_DATA (5) of an RTM_NEWLINK in hex (16-byte header, 16-byte ifinfomsg). */
function slaveData(hex: string): string | undefined {
  const linkinfo = attrsOf(hex, 32).find(([t]) => t === 18)?.[1];
  return linkinfo === undefined ? undefined : attrsOf(linkinfo, 0).find(([t]) => t === 5)?.[1];
}

describe.skipIf(skip !== null)(
  'vlan/bond/bond_slave options: nlts sends what ip 6.1 sends, or refuses alike',
  () => {
    let ns: Ns;
    beforeAll(() => {
      ns = Netns.create('h9vm-args');
      ns.ip(['link', 'add', 'vb0', 'type', 'veth', 'peer', 'name', 'vb1']);
    });
    afterAll(() => ns?.delete());

    // ip 6.1 sends IFLA_INFO_KIND "bond_slave"; nlts sends IFLA_INFO_SLAVE_KIND "bond"
    // (src/netlink/route/link-change.ts), so only the slave data is compared here.
    for (const words of SLAVE_CASES) {
      it(`link set vb0 type bond_slave ${words}: the same IFLA_INFO_SLAVE_DATA`, () => {
        const args = ['link', 'set', 'vb0', 'type', 'bond_slave', ...words.split(' ')];
        const theirs = newlinkRequests(sentMessages('ip', ['-n', ns.name, ...args]).messages);
        const ours = newlinkRequests(sentMessages(process.execPath, [NLTS, '-n', ns.name, ...args]).messages);
        expect(theirs).toHaveLength(1);
        expect(ours).toHaveLength(1);
        expect(slaveData(ours[0]!)).toBeDefined();
        expect(slaveData(ours[0]!)).toBe(slaveData(theirs[0]!));
      });
    }

    for (const words of CASES) {
      it(`link add ${words}`, () => {
        const args = ['link', 'add', ...words.split(' ')];
        const theirs = sentMessages('ip', ['-n', ns.name, ...args]);
        const ours = sentMessages(process.execPath, [NLTS, '-n', ns.name, ...args]);
        const want = newlinkRequests(theirs.messages);
        expect(newlinkRequests(ours.messages)).toEqual(want);
        expect(ours.code).toBe(theirs.code);
        if (want.length === 0) {
          // Refused before sending: ip's whole message (nlts's CLI shows a usage text's tabs as "\t").
          expect(ours.stderr.replaceAll('\\t', '\t')).toBe(theirs.stderr);
        }
      });
    }
  },
);
