// Golden cases for `nlts stats`, `nlts maddress`, `nlts tuntap`, `nlts vrf` and `nlts ntable`,
// recorded by scripts/record-ip-objects-goldens.mjs (part of `npm run record`).
export const IPOBJ_GOLDEN_NETNS = 'nlts-golden-ipobj';

/**
 * The state the cases are recorded against (ip -batch lines): every device
 * down, so no counter moves while the cases are recorded; static link-layer
 * groups for maddress; two tun/tap devices. `maddress add` ends an ip batch
 * (ip exits after it), so those come in IPOBJ_MADDRS, one ip run each.
 */
export const IPOBJ_SCENARIO = [
  'link add br0 address 02:00:00:00:0e:00 type bridge',
  'link add s0 address 02:00:00:00:0e:01 type veth peer name s1 address 02:00:00:00:0e:02',
  'link set s0 master br0',
  'tuntap add dev tg0 mode tun user 1000',
  'tuntap add dev tg1 mode tap pi vnet_hdr group 100',
];
export const IPOBJ_MADDRS = [
  ['01:00:5e:01:02:03', 's1'],
  ['33:33:00:00:01:01', 's1'],
];

export const IPOBJ_CASES = [
  { dir: 'stats', name: 'stats-show', args: ['stats', 'show'] },
  { dir: 'stats', name: 'stats-show-json', args: ['-j', 'stats', 'show'] },
  {
    dir: 'stats',
    name: 'stats-details-lo-link',
    args: ['-d', 'stats', 'show', 'dev', 'lo', 'group', 'link'],
  },
  { dir: 'stats', name: 'stats-br0-xstats', args: ['stats', 'show', 'dev', 'br0', 'group', 'xstats'] },
  { dir: 'stats', name: 'stats-offload-json', args: ['-j', 'stats', 'show', 'group', 'offload'] },
  { dir: 'stats', name: 'stats-show-group-nope-99', args: ['stats', 'show', 'group', 'nope'] },
  { dir: 'maddr', name: 'maddr-show', args: ['maddress', 'show'] },
  { dir: 'maddr', name: 'maddr-show-json', args: ['-j', 'maddress', 'show'] },
  { dir: 'maddr', name: 'maddr-show-dev-s1', args: ['maddress', 'show', 'dev', 's1'] },
  { dir: 'tuntap', name: 'tuntap-show', args: ['tuntap', 'show'] },
  { dir: 'tuntap', name: 'tuntap-show-json', args: ['-j', 'tuntap', 'show'] },
  { dir: 'vrf', name: 'vrf-show', args: ['vrf', 'show'] },
  { dir: 'vrf', name: 'vrf-show-json', args: ['-j', 'vrf', 'show'] },
  { dir: 'vrf', name: 'vrf-show-nope-99', args: ['vrf', 'show', 'nope'] },
  { dir: 'ntable', name: 'ntable-show-dev-s0', args: ['ntable', 'show', 'dev', 's0'] },
  { dir: 'ntable', name: 'ntable-show-json-arp', args: ['-j', 'ntable', 'show', 'name', 'arp_cache'] },
  // A change last: the request is replayed byte for byte (ip's attribute order, NDTA_PARMS nest).
  {
    dir: 'ntable',
    name: 'ntable-change-dev-s0',
    args: ['ntable', 'change', 'name', 'arp_cache', 'dev', 's0', 'queue', '31', 'base_reachable', '45000'],
  },
  { dir: 'ntable', name: 'ntable-change-nothing-99', args: ['ntable', 'change', 'name', 'arp_cache'] },
];
