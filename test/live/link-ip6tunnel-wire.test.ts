import { linkWireSuite } from '../support/wire-suite.js';

/*
 * The IPv6 tunnel kinds (ip6gre, ip6gretap, ip6erspan: ip/link_gre6.c;
 * ip6tnl: ip/link_ip6tnl.c), which the 6.18 host kernel lacks, compared on
 * the wire: `ip link add … type KIND OPTIONS` and `nlts link add …` with
 * the same words must send the same RTM_NEWLINK bytes (bar sequence and port
 * id), or be refused alike (same exit status and message). ip 6.1 parses
 * every option before the kernel says "Unknown device type", so each
 * option's encoding is checked here; the state and the -d printers are
 * checked under the 6.1 kernel in the VM.
 */

const CASES: readonly string[] = [
  'ip6gre remote fd00::2 local fd00::1',
  'ip6gre',
  'ip6gre remote fd00::2 local fd00::1 key 5 seq csum hoplimit 10 tclass 0x10 flowlabel 0x12345 dev tw0 fwmark 7 encaplimit 3 allow-localremote',
  'ip6gre external',
  'ip6gre remote fd00::2 tclass inherit flowlabel inherit dscp inherit fwmark inherit encaplimit none',
  'ip6gre ttl inherit tos 10 hlim 3 dsfield 20 fl 1',
  'ip6gre key 5 nokey seq noseq csum noicsum ikey 1.2.3.4 okey 9 iseq ocsum noallow-localremote',
  'ip6gre encap fou encap-sport 100 encap-dport 200 encap-csum noencap-udp6-csum encap-remcsum',
  'ip6gre encap gue noencap',
  'ip6gretap remote fd00::3 local fd00::1 key 7',
  'ip6erspan remote fd00::4 local fd00::1 erspan_ver 2 erspan_dir egress erspan_hwid 7 key 3',
  'ip6erspan remote fd00::4 erspan_ver 1 erspan 9 key 3',
  'ip6erspan remote fd00::4 erspan_ver 0',
  'ip6gre remote 10.0.0.1',
  'ip6gre bogus',
  'ip6gre help',
  'ip6gre erspan_ver 2',
  'ip6gre hoplimit 256',
  'ip6gre tclass xyz',
  'ip6gre flowlabel 0x100000',
  'ip6gre dscp foo',
  'ip6gre encaplimit 300',
  'ip6gre fwmark x',
  'ip6gre dev nope',
  'ip6gre remote',
  'ip6tnl remote fd00::2 local fd00::1',
  'ip6tnl',
  'ip6tnl mode ip6ip6 remote fd00::2 local fd00::1 hoplimit 5 encaplimit none tclass 0x20 flowlabel 0xabc dev tw0 fwmark 9 allow-localremote',
  'ip6tnl mode ipip6 tc inherit fl inherit dscp inherit fwmark inherit',
  'ip6tnl mode any ttl inherit dsf 0x28 encaplimit 7',
  'ip6tnl external',
  'ip6tnl external remote fd00::5',
  'ip6tnl encap fou encap-dport 5555 encap-sport auto noencap-csum',
  'ip6tnl mode bad',
  'ip6tnl bogus',
  'ip6tnl help',
  'ip6tnl remote 10.0.0.1',
  'ip6tnl hlim x',
  'ip6tnl tos 0x10 tclass 0x20',
  'ip6tnl rem fd00::1',
  'ip6tnl d tw0',
  'ip6gre erspan_ver 2 erspan_dir egress erspan_hwid 9',
  'ip6gretap erspan 5',
  'ip6erspan erspan 0',
  'ip6erspan erspan_ver 3',
  'ip6erspan erspan_dir sideways',
  'ip6gre tclass inherit tclass 0x30 flowlabel inherit flowlabel 5 fwmark inherit fwmark 3 encaplimit none encaplimit 2',
  'ip6gre k 5 i 1 o 2',
  'ip6tnl tclass 0x30 dscp inherit encap gue encap-udp6-csum noencap-remcsum encap-dport 1',
  'ip6tnl flowlabel 0x100000',
  'ip6tnl fwmark -1',
  'ip6tnl dscp x',
];

linkWireSuite(
  'live: IPv6 tunnel kinds compared on the wire (RTM_NEWLINK bytes of ip and nlts)',
  'nlh4-ip6tnl-w',
  CASES,
  { kind: 'ip6tnl', option: ['hoplimit', '3'] },
);
