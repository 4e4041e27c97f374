// The `nlts address` scenario and golden cases, shared by the live test
// (test/live/addr.test.ts), the golden test (test/golden/addr.test.ts) and
// the recorder (scripts/record-addr-goldens.mjs). Plain JS so the record
// script needs no TypeScript loader.
import { execFileSync } from 'node:child_process';
import { ipBatch } from '../support/scenario.mjs';

export const ADDR_GOLDEN_NETNS = 'nlts-golden-addr';

/**
 * A rich address state in namespace `ns` (a Netns): IPv4 and IPv6, several
 * addresses per device, secondaries, labels, finite lifetimes (one IPv6
 * deprecated), nodad/noprefixroute/home/mngtmpaddr, a metric, an anycast,
 * a point-to-point peer, a down device and a device without addresses.
 * Fixed MACs keep link-local addresses and recordings stable.
 */
export function buildAddrScenario(ns) {
  ipBatch(
    [
      'link set lo up',
      'link add d0 address 02:00:00:00:07:01 type veth peer name d1 address 02:00:00:00:07:02',
      'link add dn0 address 02:00:00:00:07:03 type veth peer name dn1 address 02:00:00:00:07:04',
      'link set d0 up',
      'link set d1 up',
      'addr add 10.7.0.1/24 brd + dev d0',
      'addr add 10.7.0.2/24 dev d0 label d0:sec',
      'addr add 10.7.0.3/24 dev d0',
      'addr add 10.7.1.1/24 dev d0 metric 77 noprefixroute',
      'addr add 10.7.2.1 peer 10.7.2.2/32 dev d0',
      'addr add 10.7.3.1/24 dev d0 valid_lft 1000 preferred_lft 500',
      'addr add 10.7.4.1/24 dev d0 anycast 10.7.4.9 scope link',
      'addr add 2001:db8:7::1/64 dev d0 nodad',
      'addr add 2001:db8:7::2/64 dev d0 nodad noprefixroute valid_lft 2000 preferred_lft 1000',
      'addr add 2001:db8:7::3/64 dev d0 nodad preferred_lft 0 valid_lft 900',
      'addr add 2001:db8:8::1/64 dev d1 nodad',
      'addr add 10.7.9.1/24 dev dn0',
      'addr add 2001:db8:9::1/64 dev dn0 nodad home mngtmpaddr',
      'addr add 192.0.2.1/32 dev lo scope host',
    ],
    ns.name,
  );
}

/** Wait (up to 5 s) until duplicate address detection is over, so two reads see the same flags. */
export function waitForDad(ns, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!ns.ip(['address', 'show']).includes('tentative')) return;
    execFileSync('sleep', ['0.2']);
  }
}

/** Recorded once, replayed by the golden test through the addr handler. */
export const ADDR_CASES = [
  { name: 'addr-show', args: ['address', 'show'] },
  { name: 'addr-show-json', args: ['-j', 'address', 'show'] },
  { name: 'addr-show-json-pretty', args: ['-j', '-p', 'a'] },
  { name: 'addr-show-brief', args: ['-br', 'address'] },
  { name: 'addr-show-brief-json', args: ['-j', '-br', 'address', 'show'] },
  { name: 'addr-show-oneline', args: ['-o', 'address', 'show'] },
  { name: 'addr-show-oneline-json', args: ['-j', '-o', 'address', 'show'] },
  { name: 'addr-show-inet', args: ['-4', 'address', 'show'] },
  { name: 'addr-show-inet6', args: ['-6', 'address', 'show'] },
  { name: 'addr-show-inet6-json', args: ['-j', '-6', 'address', 'show'] },
  { name: 'addr-show-link', args: ['-0', 'address', 'show'] },
  { name: 'addr-show-stats', args: ['-s', 'address', 'show', 'dev', 'd0'] },
  { name: 'addr-show-stats-json', args: ['-j', '-s', 'address', 'show'] },
  { name: 'addr-show-details', args: ['-d', 'address', 'show', 'dev', 'd0'] },
  { name: 'addr-show-dev-d0-json', args: ['-j', 'address', 'show', 'dev', 'd0'] },
  { name: 'addr-show-up', args: ['address', 'show', 'up'] },
  { name: 'addr-show-up-json', args: ['-j', 'address', 'show', 'up'] },
  { name: 'addr-show-label', args: ['-j', 'address', 'show', 'label', 'd0*'] },
  { name: 'addr-show-secondary', args: ['address', 'show', 'secondary'] },
  { name: 'addr-show-dynamic-json', args: ['-j', 'address', 'show', 'dynamic'] },
  { name: 'addr-show-scope-link', args: ['address', 'show', 'scope', 'link'] },
  { name: 'addr-show-to', args: ['address', 'show', 'to', '10.7.0.0/16'] },
  { name: 'addr-show-nosuch', args: ['address', 'show', 'dev', 'nosuch0'] },
  { name: 'addr-show-nosuch-json', args: ['-j', 'address', 'show', 'dev', 'nosuch0'] },
  { name: 'addr-add-exists', args: ['address', 'add', '10.7.0.1/24', 'dev', 'd0'] },
  { name: 'addr-del-missing', args: ['address', 'del', '10.99.0.1/24', 'dev', 'd0'] },
];
