// Golden cases for `nlts nexthop` and `nlts netconf`, recorded by
// scripts/record-nexthop-netconf-goldens.mjs (part of `npm run record`).
export const NH_GOLDEN_NETNS = 'nlts-golden-nh';

/** The state the cases are recorded against (ip -batch lines, then sysctls). */
export const NH_SCENARIO = [
  'link set lo up',
  'link add d0 address 02:00:00:00:0d:00 type veth peer name d1 address 02:00:00:00:0d:01',
  'link set d0 up',
  'link set d1 up',
  'address add 192.0.2.1/24 dev d0',
  'address add 2001:db8::1/64 dev d0 nodad',
  'nexthop add id 1 via 192.0.2.2 dev d0',
  'nexthop add id 2 via 192.0.2.3 dev d0 onlink',
  'nexthop add id 3 blackhole',
  'nexthop add id 4 via 2001:db8::2 dev d0',
  'nexthop add id 10 group 1/2,2',
];
export const NH_SYSCTLS = ['net.ipv4.conf.all.forwarding=1', 'net.ipv4.conf.d0.rp_filter=2'];

export const NH_CASES = [
  { dir: 'nexthop', name: 'nexthop-show', args: ['nexthop', 'show'] },
  { dir: 'nexthop', name: 'nexthop-show-json', args: ['-j', 'nexthop', 'show'] },
  { dir: 'nexthop', name: 'nexthop-show-groups', args: ['nexthop', 'show', 'groups'] },
  { dir: 'nexthop', name: 'nexthop-show-id-4-json', args: ['-j', 'nexthop', 'show', 'id', '4'] },
  { dir: 'nexthop', name: 'nexthop-show-6', args: ['-6', 'nexthop', 'show'] },
  { dir: 'nexthop', name: 'nexthop-show-id-99', args: ['nexthop', 'show', 'id', '99'] },
  { dir: 'netconf', name: 'netconf-show', args: ['netconf', 'show'] },
  { dir: 'netconf', name: 'netconf-show-json', args: ['-j', 'netconf', 'show'] },
  { dir: 'netconf', name: 'netconf-show-dev-d0', args: ['netconf', 'show', 'dev', 'd0'] },
];
