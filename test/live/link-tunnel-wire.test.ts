import { linkWireSuite } from '../support/wire-suite.js';

/*
 * The tunnel kinds (gre, gretap, erspan, ipip, sit, vti, vti6), which the
 * 6.18 host kernel lacks, compared on the wire: `ip link add … type KIND
 * OPTIONS` and `nlts link add …` with the same words must send the same
 * RTM_NEWLINK bytes (bar sequence and port id), or be refused alike (same
 * exit status and message). ip 6.1 parses every option before the kernel
 * says "Unknown device type", so each option's encoding is checked here; the
 * state and the -d printers are checked under the 6.1 kernel in the VM
 * (test/vm/link-tunnel.test.ts).
 */

const CASES: readonly string[] = [
  // gre, gretap, erspan (ip/link_gre.c)
  'gre remote 10.0.0.2 local 10.0.0.1',
  'gre',
  'gre remote 10.0.0.2 local 10.0.0.1 key 5 seq csum ttl 64 tos 0x10 dev tw0 nopmtudisc ignore-df fwmark 7 encap fou encap-sport 100 encap-dport 200 encap-csum',
  'gre external',
  'gre external remote 10.0.0.2 key 4',
  'gre remote any local any ttl inherit tos inherit noignore-df key 1.2.3.4 ikey 9 oseq icsum',
  'gre key 5 nokey seq noseq csum noicsum',
  'gre ikey 5 okey 6 noikey iseq oseq noiseq ocsum noocsum',
  'gre k 5 n',
  'gre no',
  'gre hlim 3 tclass 0x20 dsfield 0x28',
  'gre tos AF11 hoplimit 1',
  'gre encap gue noencap-csum encap-udp6-csum encap-remcsum encap-sport auto',
  'gre encap fou encap-csum noencap-csum noencap',
  'gretap remote 239.1.1.1 local 10.0.0.1',
  'gretap remote 239.1.1.1 local 10.0.0.1 key 7',
  'erspan remote 10.0.0.2 local 10.0.0.1 erspan_ver 2 erspan_dir egress erspan_hwid 7 key 3',
  'erspan remote 10.0.0.2 local 10.0.0.1 erspan_ver 1 erspan 9 key 3',
  'erspan remote 10.0.0.2 erspan_ver 0',
  'erspan remote 10.0.0.2 erspan_dir ing',
  // refused by ip before sending
  'gre remote 239.1.1.1',
  'gre remote fd00::1',
  'gre bogus',
  'gre help',
  'gretap erspan_ver 2',
  'gre ttl 256',
  'gre key abc',
  'gre ikey -',
  'gre dev nope',
  'gre encap bad',
  'gre encap-sport 70000',
  'gre fwmark x',
  'gre remote',
  'erspan erspan 0',
  'erspan erspan 1048576',
  'erspan erspan_ver 3',
  'erspan erspan_dir x',
  'erspan erspan_hwid 65536',
  // ipip, sit (ip/link_iptnl.c)
  'ipip remote 10.0.0.2 local 10.0.0.1',
  'ipip',
  'ipip mode any ttl 5 tos 0x10 dev tw0 fwmark 3 encap fou encap-dport 5555',
  'ipip mode mplsip remote any',
  'ipip external',
  'ipip external remote 10.0.0.3',
  'sit remote 10.0.0.2 isatap mode ip6ip 6rd-prefix 2001:db8::/32 6rd-relay_prefix 10.0.0.0/8',
  'sit mode ipv6/ipv4 tc 0x10 dsf 0x28',
  'sit mode any nopmtudisc',
  'ipip ttl 5 nopmtudisc',
  'ipip isatap',
  'ipip mode ip6ip',
  'ipip mode bad',
  'ipip rem 10.0.0.1',
  'sit 6rd-prefix 10.0.0.0/8',
  'sit 6rd-relay_prefix fd::/8',
  // vti, vti6 (ip/link_vti.c, link_vti6.c)
  'vti remote 10.0.0.2 local 10.0.0.1 key 5 dev tw0 fwmark 2',
  'vti ikey 1.2.3.4',
  'vti',
  'vti bogus',
  'vti6 remote fd::2 local fd::1 okey 3',
  'vti6 remote 10.0.0.1',
  'vti6 help',
];

linkWireSuite(
  'live: tunnel kinds compared on the wire (RTM_NEWLINK bytes of ip and nlts)',
  'h10tun-w',
  CASES,
  { kind: 'gre', option: ['ttl', '3'] },
);
