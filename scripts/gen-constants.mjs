#!/usr/bin/env node
// Generates src/netlink/gen/*.ts: the wire constants nlts uses, taken from the
// kernel's UAPI headers installed on this machine (linux-libc-dev), never typed
// by hand. The C compiler is the source of truth: the names come from the
// headers' enums and macros (by prefix), and their values from a small C program
// compiled against those headers, so `1 << 3`, `__IFLA_MAX - 1` and aliases are
// evaluated exactly as the kernel's own code sees them.
//
//   node scripts/gen-constants.mjs           regenerate (npm run gen)
//   node scripts/gen-constants.mjs --check   exit 1 when the files are stale for these headers
//
// Every file records the header package and LINUX_VERSION_CODE it came from.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'src/netlink/gen');
const CC = process.env.CC || 'cc';
/** Extra compiler flags: empty for the installed headers; an overlay include dir for newer ones. */
let CFLAGS = [];

/**
 * What to take from which header. `prefixes`: macro and enum-member names to
 * keep; `exclude`: names among them to leave out; `names`: enums (by their
 * members' common prefix) that also get a value → name table, so errors and
 * unknown-attribute dumps can name an attribute type (IFLA_MTU).
 */
const MODULES = [
  {
    out: 'netlink',
    headers: ['linux/netlink.h'],
    prefixes: ['NETLINK_', 'NLMSG_', 'NLM_F_', 'NLA_F_', 'NLMSGERR_ATTR_', 'NLA_HDRLEN', 'NLA_ALIGNTO'],
    exclude: [
      'NLMSG_ALIGN',
      'NLMSG_LENGTH',
      'NLMSG_SPACE',
      'NLMSG_DATA',
      'NLMSG_NEXT',
      'NLMSG_OK',
      'NLMSG_PAYLOAD',
    ],
    names: ['NLMSGERR_ATTR_'],
  },
  {
    out: 'rtnetlink',
    headers: ['linux/rtnetlink.h'],
    prefixes: [
      'RTM_',
      'RTA_',
      'RTN_',
      'RTPROT_',
      'RT_SCOPE_',
      'RT_TABLE_',
      'RTNH_F_',
      'RTNH_COMPARE_MASK',
      'RTAX_',
      'RTNLGRP_',
      'RTMGRP_',
      'RTNL_FAMILY_',
      'RTEXT_FILTER_',
      'RTM_F_',
      'RTCF_',
      'RTNETLINK_',
      'PREFIX_',
      'NDUSEROPT_',
      'RTAX_FEATURE_',
      'TCA_',
    ],
    exclude: [
      'RTM_RTA',
      'RTM_PAYLOAD',
      'RTA_ALIGN',
      'RTA_OK',
      'RTA_NEXT',
      'RTA_LENGTH',
      'RTA_SPACE',
      'RTA_DATA',
      'RTA_PAYLOAD',
      'RTA_ALIGNTO',
      'RTNH_ALIGN',
      'RTNH_OK',
      'RTNH_NEXT',
      'RTNH_LENGTH',
      'RTNH_SPACE',
      'RTNH_DATA',
      'RTNH_ALIGNTO',
      'TCA_RTA',
      'TCA_PAYLOAD',
      'RTM_NR_MSGTYPES',
      'RTM_NR_FAMILIES',
      'RTM_FAM',
    ],
    names: ['RTA_', 'RTAX_', 'RTM_', 'RTNLGRP_', 'PREFIX_', 'TCA_'],
    sizes: {
      IFINFOMSG_LEN: 'sizeof(struct ifinfomsg)',
      RTMSG_LEN: 'sizeof(struct rtmsg)',
      RTNEXTHOP_LEN: 'sizeof(struct rtnexthop)',
      RTA_CACHEINFO_LEN: 'sizeof(struct rta_cacheinfo)',
      RTGENMSG_LEN: 'NLMSG_ALIGN(sizeof(struct rtgenmsg))',
      TCMSG_LEN: 'sizeof(struct tcmsg)',
      PREFIXMSG_LEN: 'sizeof(struct prefixmsg)',
    },
  },
  { out: 'in_route', headers: ['linux/in_route.h'], prefixes: ['RTCF_', 'RTC_'], exclude: [], names: [] },
  { out: 'icmpv6', headers: ['linux/icmpv6.h'], prefixes: ['ICMPV6_ROUTER_PREF_'], exclude: [], names: [] },
  {
    out: 'if_link',
    headers: ['linux/if_link.h'],
    prefixes: [
      'IFLA_',
      'IN6_ADDR_GEN_MODE_',
      'MACVLAN_',
      'IPVLAN_',
      'VXLAN_',
      'XDP_',
      'LINK_XSTATS_',
      'IFLA_STATS_',
      'BRIDGE_',
      'BOND_',
      'PORT_',
      'IPOIB_',
      'HSR_',
      'MACSEC_',
      'GENEVE_',
      'VRF_',
      'NETKIT_',
      'RMNET_',
      'GTP_',
      'IFLA_TUN_',
      'LINK_',
    ],
    exclude: [
      'IFLA_RTA',
      'IFLA_PAYLOAD',
      'MACSEC_DEFAULT_CIPHER_ID',
      'MACSEC_DEFAULT_CIPHER_ALT',
      'MACSEC_CIPHER_ID_GCM_AES_128',
      'MACSEC_CIPHER_ID_GCM_AES_256',
      'MACSEC_CIPHER_ID_GCM_AES_XPN_128',
      'MACSEC_CIPHER_ID_GCM_AES_XPN_256',
    ],
    sizes: {
      RTNL_LINK_STATS_LEN: 'sizeof(struct rtnl_link_stats)',
      RTNL_LINK_STATS64_LEN: 'sizeof(struct rtnl_link_stats64)',
      // RTM_GETSTATS's header (ip/ipstats.c)
      IF_STATS_MSG_LEN: 'sizeof(struct if_stats_msg)',
    },
    names: [
      'IFLA_',
      'IFLA_INFO_',
      'IFLA_INET6_',
      'IFLA_INET_',
      'IFLA_BR_',
      'IFLA_BRPORT_',
      'IFLA_VXLAN_',
      'IFLA_MACVLAN_',
      'IFLA_IPVLAN_',
      'IFLA_GENEVE_',
      'IFLA_VRF_',
      'IFLA_XDP_',
      'IFLA_VF_',
      'IFLA_BOND_',
      'IFLA_BOND_SLAVE_',
      'IFLA_STATS_',
      'IFLA_PROTO_DOWN_REASON_',
      'IFLA_TUN_',
      'IFLA_VLAN_',
      'IFLA_MACSEC_',
    ],
  },
  {
    out: 'if_addr',
    headers: ['linux/if_addr.h'],
    prefixes: ['IFA_', 'IFAPROT_'],
    exclude: ['IFA_RTA', 'IFA_PAYLOAD'],
    names: ['IFA_'],
    sizes: { IFADDRMSG_LEN: 'sizeof(struct ifaddrmsg)', IFA_CACHEINFO_LEN: 'sizeof(struct ifa_cacheinfo)' },
  },
  {
    out: 'neighbour',
    headers: ['linux/neighbour.h'],
    prefixes: ['NDA_', 'NTF_', 'NUD_', 'NDTA_', 'NDTPA_', 'NFEA_', 'NDA_FDB_EXT_ATTRS'],
    exclude: [],
    names: ['NDA_', 'NDTA_', 'NDTPA_'],
    sizes: { NDMSG_LEN: 'sizeof(struct ndmsg)', NDA_CACHEINFO_LEN: 'sizeof(struct nda_cacheinfo)' },
  },
  {
    out: 'fib_rules',
    headers: ['linux/fib_rules.h'],
    prefixes: ['FRA_', 'FR_ACT_', 'FIB_RULE_'],
    exclude: [],
    names: ['FRA_'],
    sizes: { FIB_RULE_HDR_LEN: 'sizeof(struct fib_rule_hdr)' },
  },
  {
    out: 'nexthop',
    headers: ['linux/nexthop.h'],
    prefixes: ['NHA_', 'NEXTHOP_GRP_', 'NHA_RES_'],
    exclude: [],
    names: ['NHA_', 'NHA_RES_GROUP_', 'NHA_RES_BUCKET_'],
    sizes: { NHMSG_LEN: 'sizeof(struct nhmsg)', NEXTHOP_GRP_LEN: 'sizeof(struct nexthop_grp)' },
  },
  {
    out: 'netconf',
    headers: ['linux/netconf.h', 'linux/netlink.h'],
    prefixes: ['NETCONFA_'],
    exclude: [],
    names: ['NETCONFA_'],
    // struct netconfmsg is one byte; on the wire it takes NLMSG_ALIGN of that (rtnetlink pads it).
    sizes: { NETCONFMSG_LEN: 'NLMSG_ALIGN(sizeof(struct netconfmsg))' },
  },
  {
    out: 'net_namespace',
    headers: ['linux/net_namespace.h'],
    prefixes: ['NETNSA_'],
    exclude: [],
    names: ['NETNSA_'],
  },
  {
    out: 'if_addrlabel',
    headers: ['linux/if_addrlabel.h'],
    prefixes: ['IFAL_'],
    exclude: [],
    names: ['IFAL_'],
    sizes: { IFADDRLBLMSG_LEN: 'sizeof(struct ifaddrlblmsg)' },
  },
  {
    out: 'mptcp',
    headers: ['linux/mptcp.h'],
    // From 6.7 the genl part of <linux/mptcp.h> is generated into <linux/mptcp_pm.h>, which it includes.
    newerIncludes: ['linux/mptcp_pm.h'],
    prefixes: ['MPTCP_PM_', 'MPTCP_EVENT_', 'MPTCP_ATTR_'],
    // The names are strings; FLAGS_MASK is GENMASK(), a kernel-internal macro the header does not define.
    exclude: ['MPTCP_PM_NAME', 'MPTCP_PM_CMD_GRP_NAME', 'MPTCP_PM_EV_GRP_NAME', 'MPTCP_PM_ADDR_FLAGS_MASK'],
    names: ['MPTCP_PM_ATTR_', 'MPTCP_PM_ADDR_ATTR_', 'MPTCP_PM_CMD_', 'MPTCP_ATTR_'],
  },
  {
    out: 'if_vlan',
    // struct ifla_vlan_flags and ifla_vlan_qos_mapping live in <linux/if_link.h>.
    headers: ['linux/if_vlan.h', 'linux/if_link.h'],
    prefixes: ['VLAN_FLAG_'],
    exclude: [],
    names: [],
    sizes: {
      IFLA_VLAN_FLAGS_LEN: 'sizeof(struct ifla_vlan_flags)',
      IFLA_VLAN_QOS_MAPPING_LEN: 'sizeof(struct ifla_vlan_qos_mapping)',
    },
  },
  {
    out: 'if_bonding',
    headers: ['linux/if_bonding.h'],
    prefixes: [
      'BOND_MODE_',
      'BOND_XMIT_POLICY_',
      'BOND_LINK_',
      'BOND_STATE_',
      'BOND_XSTATS_',
      'BOND_3AD_STAT_',
    ],
    exclude: [],
    names: [],
  },
  {
    out: 'if_tunnel',
    headers: ['linux/if_tunnel.h'],
    prefixes: ['IFLA_GRE_', 'IFLA_IPTUN_', 'IFLA_VTI_', 'GRE_', 'TUNNEL_', 'SIT_', 'VTI_', 'IP6_TNL_F_'],
    exclude: ['GRE_PPTP_KEY_MASK'],
    names: ['IFLA_GRE_', 'IFLA_IPTUN_', 'IFLA_VTI_'],
    networkOrder: {
      GRE_: 16,
      TUNNEL_CSUM: 16,
      TUNNEL_ROUTING: 16,
      TUNNEL_KEY: 16,
      TUNNEL_SEQ: 16,
      TUNNEL_STRICT: 16,
      TUNNEL_REC: 16,
      TUNNEL_VERSION: 16,
      TUNNEL_NO_KEY: 16,
    },
  },
  {
    out: 'lwt_encap',
    // The encapsulations `ip route … encap TYPE` builds: MPLS, SRv6 (seg6, seg6local) and ILA.
    headers: [
      'linux/mpls_iptunnel.h',
      'linux/seg6_iptunnel.h',
      'linux/seg6_local.h',
      'linux/seg6.h',
      'linux/ila.h',
    ],
    prefixes: [
      'MPLS_IPTUNNEL_',
      'SEG6_IPTUNNEL_',
      'SEG6_IPTUN_MODE_',
      'SEG6_LOCAL_',
      'SR6_FLAG',
      'SR6_TLV_',
      'ILA_',
    ],
    exclude: [],
    names: ['MPLS_IPTUNNEL_', 'SEG6_IPTUNNEL_', 'SEG6_LOCAL_'],
    sizes: {
      IPV6_SR_HDR_LEN: 'sizeof(struct ipv6_sr_hdr)',
      SEG6_IPTUNNEL_ENCAP_LEN: 'sizeof(struct seg6_iptunnel_encap)',
    },
  },
  {
    out: 'in',
    // IP protocol numbers (tunnel modes, packet summaries) and the IPv6 tunnel flags.
    headers: ['linux/in.h', 'linux/in6.h', 'linux/ip6_tunnel.h'],
    prefixes: ['IPPROTO_', 'IPV6_FLOWINFO_', 'IP6_TNL_F_', 'IPV6_DEFAULT_TNL_ENCAP_LIMIT'],
    exclude: [],
    names: [],
  },
  {
    out: 'lwtunnel',
    headers: ['linux/lwtunnel.h'],
    prefixes: ['LWTUNNEL_', 'LWT_'],
    exclude: [],
    names: ['LWTUNNEL_IP_', 'LWTUNNEL_IP6_'],
  },
  {
    out: 'if_arp',
    headers: ['linux/if_arp.h'],
    prefixes: ['ARPHRD_', 'ARPOP_', 'ATF_'],
    exclude: [],
    names: [],
  },
  {
    out: 'if',
    headers: ['linux/if.h'],
    prefixes: ['IFF_', 'IF_OPER_', 'IF_LINK_MODE_', 'IFNAMSIZ', 'IFALIASZ', 'ALTIFNAMSIZ'],
    exclude: [],
    names: [],
    // struct ifreq, the argument of the interface ioctls (tuntap add|del, maddress add|del).
    // __builtin_offsetof: no <stddef.h>, so that newer.ts (linux/ headers only) covers this module.
    sizes: {
      IFREQ_LEN: 'sizeof(struct ifreq)',
      IFREQ_FLAGS_OFFSET: '__builtin_offsetof(struct ifreq, ifr_flags)',
      IFREQ_HWADDR_OFFSET: '__builtin_offsetof(struct ifreq, ifr_hwaddr)',
      IFREQ_HWADDR_DATA_LEN: 'sizeof(((struct ifreq *)0)->ifr_hwaddr.sa_data)',
    },
  },
  {
    out: 'if_bridge',
    headers: ['linux/if_bridge.h'],
    prefixes: ['BR_', 'BRIDGE_', 'MDBA_', 'BR_BOOLOPT_'],
    exclude: [],
    names: [],
  },
  {
    out: 'if_tun',
    // The tun flags, and `ip tuntap add|del`'s ioctls on /dev/net/tun.
    // linux/ioctl.h: if_tun.h uses _IOW without including it.
    headers: ['linux/ioctl.h', 'linux/if_tun.h'],
    prefixes: [
      'TUNSETIFF',
      'TUNSETPERSIST',
      'TUNSETOWNER',
      'TUNSETGROUP',
      'IFF_TUN',
      'IFF_TAP',
      'IFF_NO_PI',
      'IFF_ONE_QUEUE',
      'IFF_VNET_HDR',
      'IFF_TUN_EXCL',
      'IFF_MULTI_QUEUE',
      'IFF_ATTACH_QUEUE',
      'IFF_DETACH_QUEUE',
      'IFF_PERSIST',
      'IFF_NOFILTER',
      'IFF_NAPI',
      'IFF_NAPI_FRAGS',
      'TUN_',
    ],
    exclude: ['TUN_READQ_SIZE'],
    names: [],
  },
  // `ip maddress add|del` (ip/ipmaddr.c multiaddr_modify): link-layer multicast addresses by ioctl.
  {
    out: 'sockios',
    headers: ['linux/sockios.h'],
    prefixes: ['SIOCADDMULTI', 'SIOCDELMULTI'],
    exclude: [],
    names: [],
  },
  // `ip stats show group afstats subgroup mpls` (ip/ipstats.c): IFLA_STATS_AF_SPEC's AF_MPLS nest.
  { out: 'mpls', headers: ['linux/mpls.h'], prefixes: ['MPLS_STATS_'], exclude: [], names: [] },
  { out: 'veth', headers: ['linux/veth.h'], prefixes: ['VETH_INFO_'], exclude: [], names: ['VETH_INFO_'] },
  { out: 'if_ether', headers: ['linux/if_ether.h'], prefixes: ['ETH_'], exclude: [], names: [] },
  {
    out: 'genetlink',
    headers: ['linux/genetlink.h'],
    prefixes: ['GENL_', 'CTRL_'],
    exclude: [],
    names: ['CTRL_ATTR_', 'CTRL_CMD_', 'CTRL_ATTR_OP_', 'CTRL_ATTR_MCAST_GRP_', 'CTRL_ATTR_POLICY_'],
  },
  {
    out: 'netlink_policy',
    headers: ['linux/netlink.h'],
    prefixes: ['NL_ATTR_TYPE_', 'NL_POLICY_TYPE_ATTR_'],
    exclude: [],
    names: ['NL_POLICY_TYPE_ATTR_'],
  },
  {
    out: 'net_dropmon',
    headers: ['linux/net_dropmon.h'],
    prefixes: ['NET_DM_'],
    exclude: [],
    names: ['NET_DM_ATTR_', 'NET_DM_CMD_'],
    sizes: { NET_DM_DROP_POINT_SIZE: 'sizeof(struct net_dm_drop_point)' },
  },
  {
    out: 'connector',
    headers: ['linux/connector.h', 'linux/cn_proc.h'],
    prefixes: ['CN_IDX_', 'CN_VAL_', 'CN_NETLINK_', 'PROC_CN_', 'PROC_EVENT_'],
    exclude: [],
    names: [],
    sizes: { CN_MSG_LEN: 'sizeof(struct cn_msg)' },
  },
  {
    out: 'socket',
    headers: ['sys/socket.h', 'linux/netlink.h'],
    prefixes: [
      'AF_',
      'SOL_',
      'SO_RCVBUF',
      'SO_RCVBUFFORCE',
      'SO_SNDBUF',
      'SO_RCVTIMEO',
      'MSG_',
      'SOCK_DGRAM',
    ],
    exclude: ['SO_RCVTIMEO_OLD', 'SO_RCVTIMEO_NEW'],
    names: [],
  },
  {
    out: 'bpf',
    // ip vrf exec's cgroup program (ip/ipvrf.c prog_load): the instruction classes and fields it is
    // made of, its program and attach types, and where struct bpf_sock keeps bound_dev_if. The
    // program types "xdp … pinned" and "encap bpf … pinned" take (lib/bpf_legacy.c), and where
    // struct bpf_prog_info keeps what "prog/xdp id N tag T jited" prints (bpf_dump_prog_info).
    headers: ['stddef.h', 'linux/bpf.h'],
    prefixes: [
      'BPF_ALU64',
      'BPF_MOV',
      'BPF_X',
      'BPF_K',
      'BPF_STX',
      'BPF_MEM',
      'BPF_W',
      'BPF_JMP',
      'BPF_EXIT',
      'BPF_REG_',
      'BPF_PROG_TYPE_CGROUP_SOCK',
      'BPF_PROG_TYPE_XDP',
      'BPF_PROG_TYPE_LWT_',
      'BPF_CGROUP_INET_SOCK_CREATE',
      'BPF_TAG_SIZE',
      'BPF_OBJ_NAME_LEN',
    ],
    exclude: [],
    names: [],
    sizes: {
      BPF_INSN_LEN: 'sizeof(struct bpf_insn)',
      BPF_SOCK_BOUND_DEV_IF_OFFSET: 'offsetof(struct bpf_sock, bound_dev_if)',
      BPF_PROG_INFO_LEN: 'sizeof(struct bpf_prog_info)',
      BPF_PROG_INFO_TAG_OFFSET: 'offsetof(struct bpf_prog_info, tag)',
      BPF_PROG_INFO_JITED_PROG_LEN_OFFSET: 'offsetof(struct bpf_prog_info, jited_prog_len)',
      BPF_PROG_INFO_LOAD_TIME_OFFSET: 'offsetof(struct bpf_prog_info, load_time)',
      BPF_PROG_INFO_CREATED_BY_UID_OFFSET: 'offsetof(struct bpf_prog_info, created_by_uid)',
      BPF_PROG_INFO_NAME_OFFSET: 'offsetof(struct bpf_prog_info, name)',
      BPF_PROG_INFO_BTF_ID_OFFSET: 'offsetof(struct bpf_prog_info, btf_id)',
    },
  },
  { out: 'errno', headers: ['errno.h'], prefixes: ['E'], exclude: ['EOF'], names: [] },
];

/**
 * Generic netlink families nlts can name without a YNL spec (genl_names.ts):
 * the UAPI header that defines the family's command and attribute enums, the
 * prefix of its command names, and the prefixes of its attribute enums. The
 * run-time side (src/netlink/genl/unspecced.ts) joins these names with the
 * kernel's own policy dump (CTRL_CMD_GETPOLICY) into a spec. Names, values and
 * the type a header's comment gives a member (`/* u32 *\/`) are taken from the
 * pinned kernel tree's include/uapi, so a family is named as of that kernel.
 */
const GENL_FAMILIES = [
  {
    family: 'nlctrl',
    header: 'linux/genetlink.h',
    cmds: 'CTRL_CMD_',
    attrs: ['CTRL_ATTR_'],
    // The op flags are macros, not an enum; CTRL_ATTR_OP_FLAGS carries them (genl_ctrl_event, ctrl_fill_info).
    valueMacros: {
      GENL_: [
        'GENL_ADMIN_PERM',
        'GENL_CMD_CAP_DO',
        'GENL_CMD_CAP_DUMP',
        'GENL_CMD_CAP_HASPOL',
        'GENL_UNS_ADMIN_PERM',
      ],
    },
    links: { CTRL_ATTR_OP_FLAGS: 'GENL_' },
  },
  { family: 'netdev', header: 'linux/netdev.h', cmds: 'NETDEV_CMD_', attrs: ['NETDEV_A_'] },
  { family: 'ethtool', header: 'linux/ethtool_netlink.h', cmds: 'ETHTOOL_MSG_', attrs: ['ETHTOOL_A_'] },
  {
    family: 'tcp_metrics',
    header: 'linux/tcp_metrics.h',
    cmds: 'TCP_METRICS_CMD_',
    attrs: ['TCP_METRICS_ATTR_', 'TCP_METRICS_A_'],
    // The header's comment: TCP_METRICS_ATTR_VALS is "nested +1, u32", TCP_METRIC_* + 1 = TCP_METRICS_A_METRICS_*.
    links: { TCP_METRICS_ATTR_VALS: 'TCP_METRICS_A_METRICS_' },
  },
  {
    family: 'mptcp_pm',
    header: 'linux/mptcp_pm.h',
    cmds: 'MPTCP_PM_CMD_',
    attrs: ['MPTCP_PM_ATTR_', 'MPTCP_PM_ADDR_ATTR_', 'MPTCP_PM_ENDPOINT_', 'MPTCP_ATTR_'],
  },
  { family: 'NET_DM', header: 'linux/net_dropmon.h', cmds: 'NET_DM_CMD_', attrs: ['NET_DM_ATTR_'] },
  {
    family: 'TASKSTATS',
    header: 'linux/taskstats.h',
    cmds: 'TASKSTATS_CMD_',
    attrs: ['TASKSTATS_CMD_ATTR_', 'TASKSTATS_TYPE_'],
  },
  { family: 'thermal', header: 'linux/thermal.h', cmds: 'THERMAL_GENL_CMD_', attrs: ['THERMAL_GENL_ATTR_'] },
  { family: 'devlink', header: 'linux/devlink.h', cmds: 'DEVLINK_CMD_', attrs: ['DEVLINK_ATTR_'] },
  { family: 'SEG6', header: 'linux/seg6_genl.h', cmds: 'SEG6_CMD_', attrs: ['SEG6_ATTR_'] },
  {
    family: 'IOAM6',
    header: 'linux/ioam6_genl.h',
    cmds: 'IOAM6_CMD_',
    attrs: ['IOAM6_ATTR_', 'IOAM6_EVENT_ATTR_'],
  },
  {
    family: 'wireguard',
    header: 'linux/wireguard.h',
    cmds: 'WG_CMD_',
    attrs: ['WGDEVICE_A_', 'WGPEER_A_', 'WGALLOWEDIP_A_'],
  },
  { family: 'ovs_datapath', header: 'linux/openvswitch.h', cmds: 'OVS_DP_CMD_', attrs: ['OVS_DP_ATTR_'] },
  {
    family: 'ovs_vport',
    header: 'linux/openvswitch.h',
    cmds: 'OVS_VPORT_CMD_',
    attrs: ['OVS_VPORT_ATTR_', 'OVS_TUNNEL_ATTR_', 'OVS_VXLAN_EXT_', 'OVS_VPORT_UPCALL_ATTR_'],
  },
  {
    family: 'ovs_flow',
    header: 'linux/openvswitch.h',
    cmds: 'OVS_FLOW_CMD_',
    attrs: ['OVS_FLOW_ATTR_', 'OVS_KEY_ATTR_', 'OVS_ACTION_ATTR_', 'OVS_TUNNEL_KEY_ATTR_'],
  },
  {
    family: 'ovs_meter',
    header: 'linux/openvswitch.h',
    cmds: 'OVS_METER_CMD_',
    attrs: ['OVS_METER_ATTR_', 'OVS_BAND_ATTR_'],
  },
  {
    family: 'ovs_ct_limit',
    header: 'linux/openvswitch.h',
    cmds: 'OVS_CT_LIMIT_CMD_',
    attrs: ['OVS_CT_LIMIT_ATTR_', 'OVS_CT_ZONE_LIMIT_'],
  },
  { family: 'team', header: 'linux/if_team.h', cmds: 'TEAM_CMD_', attrs: ['TEAM_ATTR_'] },
  { family: 'dpll', header: 'linux/dpll.h', cmds: 'DPLL_CMD_', attrs: ['DPLL_A_'] },
  { family: 'handshake', header: 'linux/handshake.h', cmds: 'HANDSHAKE_CMD_', attrs: ['HANDSHAKE_A_'] },
  {
    family: 'IPVS',
    header: 'linux/ip_vs.h',
    cmds: 'IPVS_CMD_',
    attrs: [
      'IPVS_CMD_ATTR_',
      'IPVS_SVC_ATTR_',
      'IPVS_DEST_ATTR_',
      'IPVS_DAEMON_ATTR_',
      'IPVS_STATS_ATTR_',
      'IPVS_INFO_ATTR_',
    ],
  },
  { family: 'fou', header: 'linux/fou.h', cmds: 'FOU_CMD_', attrs: ['FOU_ATTR_'] },
  { family: 'l2tp', header: 'linux/l2tp.h', cmds: 'L2TP_CMD_', attrs: ['L2TP_ATTR_'] },
  {
    family: 'psample',
    header: 'linux/psample.h',
    cmds: 'PSAMPLE_CMD_',
    attrs: ['PSAMPLE_ATTR_', 'PSAMPLE_TUNNEL_KEY_ATTR_'],
  },
  {
    family: 'nbd',
    header: 'linux/nbd-netlink.h',
    cmds: 'NBD_CMD_',
    attrs: ['NBD_ATTR_', 'NBD_DEVICE_', 'NBD_SOCK_'],
  },
  { family: 'ila', header: 'linux/ila.h', cmds: 'ILA_CMD_', attrs: ['ILA_ATTR_'] },
  {
    family: 'macsec',
    header: 'linux/if_macsec.h',
    cmds: 'MACSEC_CMD_',
    attrs: [
      'MACSEC_ATTR_',
      'MACSEC_SECY_ATTR_',
      'MACSEC_RXSC_ATTR_',
      'MACSEC_SA_ATTR_',
      'MACSEC_OFFLOAD_ATTR_',
      'MACSEC_SA_STATS_ATTR_',
      'MACSEC_RXSC_STATS_ATTR_',
      'MACSEC_SECY_STATS_ATTR_',
    ],
  },
];

function run(cmd, args, input) {
  return execFileSync(cmd, args, {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
}

/** The header package's version and the kernel version the headers say they are. */
function headersVersion() {
  let pkg = 'unknown';
  try {
    pkg = 'linux-libc-dev ' + run('dpkg-query', ['-W', '-f=${Version}', 'linux-libc-dev']).trim();
  } catch {
    /* not a Debian system: the kernel version below still says which headers */
  }
  const v = readFileSync('/usr/include/linux/version.h', 'utf8');
  const code = Number(/LINUX_VERSION_CODE (\d+)/.exec(v)?.[1] ?? 0);
  return `${pkg} (LINUX_VERSION_CODE ${code >> 16}.${(code >> 8) & 255}.${code & 255})`;
}

/** Object-like macros the headers define (name → body). */
function macros(headers) {
  const src = headers.map((h) => `#include <${h}>`).join('\n') + '\n';
  const out = new Map();
  for (const line of run(CC, [...CFLAGS, '-E', '-dM', '-x', 'c', '-'], src).split('\n')) {
    const m = /^#define ([A-Za-z_]\w*)(\(| |$)(.*)$/.exec(line);
    if (!m || m[2] === '(') continue; // function-like
    out.set(m[1], m[3].trim());
  }
  return out;
}

/** Enums as they appear after preprocessing: [{ members: [name…] }] in order. */
function enums(headers) {
  const src = headers.map((h) => `#include <${h}>`).join('\n') + '\n';
  const text = run(CC, [...CFLAGS, '-E', '-P', '-x', 'c', '-'], src);
  const found = [];
  const re = /\benum\s*(\w*)\s*\{([^}]*)\}/g;
  for (let m; (m = re.exec(text));) {
    const members = [];
    for (const part of m[2].split(',')) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name) members.push(name);
    }
    found.push({ tag: m[1] || null, members });
  }
  return found;
}

/** Evaluate every name with the compiler; names that are not integer constants are dropped. */
function evaluate(headers, names) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nlts-gen-'));
  try {
    let todo = [...names];
    for (let attempt = 0; attempt < 20; attempt++) {
      const lines = [
        ...headers.map((h) => `#include <${h}>`),
        '#include <stdio.h>',
        'int main(void) {',
        ...todo.map((n) => `  printf("%s %lld\\n", "${n.replace(/ /g, '~')}", (long long)(${n}));`),
        '  return 0;',
        '}',
      ];
      const first = headers.length + 3; // line number of todo[0]
      writeFileSync(path.join(dir, 'g.c'), lines.join('\n') + '\n');
      try {
        run(CC, [...CFLAGS, '-w', '-o', path.join(dir, 'g'), path.join(dir, 'g.c')]);
      } catch (e) {
        const bad = new Set();
        for (const m of String(e.stderr).matchAll(/g\.c:(\d+):\d+: error/g)) bad.add(Number(m[1]) - first);
        if (bad.size === 0)
          throw new Error(`cannot compile the constants of ${headers.join(', ')}:\n${e.stderr}`);
        todo = todo.filter((_, i) => !bad.has(i));
        continue;
      }
      const values = new Map();
      for (const line of run(path.join(dir, 'g'), []).split('\n')) {
        const [n, v] = line.split(' ');
        if (n) values.set(n.replace(/~/g, ' '), BigInt(v));
      }
      return values;
    }
    throw new Error(`too many non-constant names in ${headers.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function commonPrefix(names) {
  if (names.length === 0) return '';
  let p = names[0];
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p.slice(0, p.lastIndexOf('_') + 1);
}

function literal(v) {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`value ${v} does not fit a JS number`);
  return n >= 0x1000 && (n & (n - 1)) === 0 ? `0x${n.toString(16)}` : String(n);
}

function generateModule(mod, version) {
  const macroMap = macros(mod.headers);
  const enumList = enums(mod.headers);
  const wanted = (n) =>
    mod.prefixes.some((p) => n.startsWith(p)) && !mod.exclude.includes(n) && !n.startsWith('__');
  const names = new Set();
  for (const e of enumList) for (const n of e.members) if (wanted(n)) names.add(n);
  // A string macro (MPTCP_PM_NAME "mptcp_pm") would compile to a pointer: not a constant.
  for (const [n, body] of macroMap) if (wanted(n) && !body.startsWith('"')) names.add(n);
  const sorted = [...names].sort();
  const sizes = Object.entries(mod.sizes ?? {});
  // Macros defined as __cpu_to_be16/32(x) are emitted as x, the number as it
  // reads in network byte order, so the value does not depend on the host
  // that ran the generator (GRE_CSUM is 0x8000 everywhere; send it as be16).
  const beWidth = (n) => Object.entries(mod.networkOrder ?? {}).find(([p]) => n.startsWith(p))?.[1];
  const exprOf = (n) => (beWidth(n) ? `__be${beWidth(n)}_to_cpu(${n})` : n);
  const evaluated = evaluate(mod.headers, [...sorted.map(exprOf), ...sizes.map(([, expr]) => expr)]);
  const values = new Map([...evaluated].map(([k, v]) => [sorted.find((n) => exprOf(n) === k) ?? k, v]));
  const lines = [
    `// Generated by scripts/gen-constants.mjs from ${mod.headers.map((h) => `<${h}>`).join(', ')}. Do not edit.`,
    `// Headers: ${version}. Regenerate with \`npm run gen\`.`,
    '',
  ];
  for (const n of sorted) if (values.has(n)) lines.push(`export const ${n} = ${literal(values.get(n))};`);
  if (sizes.length) lines.push('', '/** Sizes of the fixed headers and structs, as C computes them. */');
  for (const [n, expr] of sizes) {
    const v = values.get(expr);
    if (v === undefined) throw new Error(`${mod.out}: ${expr} did not compile`);
    lines.push(`export const ${n} = ${literal(v)}; // ${expr}`);
  }
  // value → name tables for attribute/command enums: the enum's own members, in
  // header order, first name wins for a value (aliases such as IFLA_IFNAME's twins).
  for (const prefix of mod.names) {
    const e = enumList.find((x) => commonPrefix(x.members.filter((n) => !n.startsWith('_'))) === prefix);
    if (!e) throw new Error(`${mod.out}: no enum with the common prefix ${prefix}`);
    const table = new Map();
    for (const n of e.members) {
      if (n.startsWith('_')) continue;
      const v = values.get(n) ?? evaluate(mod.headers, [n]).get(n);
      if (v === undefined || n.endsWith('_MAX') || n.endsWith('_UNSPEC')) continue;
      if (!table.has(v)) table.set(v, n);
    }
    const tableName = `${prefix}NAMES`;
    lines.push('', `/** ${prefix}* by value (${e.tag ? `enum ${e.tag}` : 'anonymous enum'}). */`);
    lines.push(`export const ${tableName}: Readonly<Record<number, string>> = {`);
    for (const [v, n] of table) lines.push(`  ${literal(v)}: '${n}',`);
    lines.push('};');
  }
  return lines.join('\n') + '\n';
}

/** The names a module's prefixes select in the headers now in effect (CFLAGS), with their values. */
function moduleValues(mod) {
  const macroMap = macros(mod.headers);
  const wanted = (n) =>
    mod.prefixes.some((p) => n.startsWith(p)) && !mod.exclude.includes(n) && !n.startsWith('__');
  const names = new Set();
  for (const e of enums(mod.headers)) for (const n of e.members) if (wanted(n)) names.add(n);
  // A string macro (MPTCP_PM_NAME "mptcp_pm") would compile to a pointer: not a constant.
  for (const [n, body] of macroMap) if (wanted(n) && !body.startsWith('"')) names.add(n);
  return evaluate(mod.headers, [...names].sort());
}

/** The pinned linux-source tree (scripts/fetch-linux-source.sh) and the version line its files record. */
function pinnedTree() {
  const fetch = spawnSync(path.join(ROOT, 'scripts/fetch-linux-source.sh'), { encoding: 'utf8' });
  if (fetch.status !== 0) return { skipped: (fetch.stderr || 'fetch-linux-source.sh failed').trim() };
  const tree = fetch.stdout.trim().split('\n').pop();
  const pkg = path
    .basename(tree)
    .replace(/^(linux-source-[\d.]+)-/, '$1 ')
    .replace(/_/, '~');
  const kver = /^linux-source-[\d.]+ ([\d.]+)/.exec(pkg)?.[1] ?? '0.0.0';
  return { tree, version: `${pkg} include/uapi (LINUX_VERSION_CODE ${kver})` };
}

/**
 * Run `fn` with CFLAGS reading `headers` (linux/*.h) from the tree's
 * include/uapi: copies in an overlay include directory in front of the
 * installed ones, with the kernel annotations headers_install strips defined
 * away.
 */
function withTreeHeaders(tree, headers, fn) {
  const overlay = mkdtempSync(path.join(tmpdir(), 'nlts-uapi-'));
  try {
    mkdirSync(path.join(overlay, 'linux'));
    // headers_install drops these kernel-internal includes; stand-ins keep the copies compiling.
    for (const stub of ['compiler.h', 'compiler_types.h'])
      writeFileSync(path.join(overlay, 'linux', stub), '');
    for (const h of headers) {
      const src = path.join(tree, 'include/uapi', h);
      if (h.startsWith('linux/') && existsSync(src)) copyFileSync(src, path.join(overlay, h));
    }
    CFLAGS = [
      '-isystem',
      overlay,
      '-D__user=',
      '-D__force=',
      '-D__bitwise=',
      '-D__counted_by(x)=',
      '-DBIT(n)=(1UL << (n))',
    ];
    return fn();
  } finally {
    CFLAGS = [];
    rmSync(overlay, { recursive: true, force: true });
  }
}

/**
 * newer.ts: constants nlts uses from kernels newer than the installed headers
 * (IFLA_DEVLINK_PORT, NL_ATTR_TYPE_UINT, ...), taken from the pinned
 * linux-source package's include/uapi (scripts/fetch-linux-source.sh). Those
 * headers are not installed ones, so the module headers are copied into an
 * overlay include directory in front of the installed ones, with the kernel
 * annotations that headers_install strips defined away. Only names the
 * installed headers lack go in; null when the tree cannot be had here.
 */
function generateNewer(installed, pinned) {
  if (pinned.skipped) return { skipped: pinned.skipped };
  const { tree, version } = pinned;
  const headers = MODULES.flatMap((mod) => [...mod.headers, ...(mod.newerIncludes ?? [])]);
  return withTreeHeaders(tree, headers, () => {
    const lines = [
      '// Generated by scripts/gen-constants.mjs from <linux/*.h> of the pinned kernel tree (scripts/fetch-linux-source.sh). Do not edit.',
      `// Headers: ${version}. Regenerate with \`npm run gen\`.`,
      '// Only what the installed headers (the other files here) lack: features of kernels newer than them.',
    ];
    for (const mod of MODULES) {
      if (!mod.headers.every((h) => h.startsWith('linux/'))) continue;
      const have = installed.get(mod.out);
      const values = moduleValues(mod);
      const fresh = [...values].filter(([n]) => !have.has(n));
      if (!fresh.length) continue;
      lines.push('', `// ${mod.headers.map((h) => `<${h}>`).join(', ')}`);
      for (const [n, v] of fresh) lines.push(`export const ${n} = ${literal(v)};`);
    }
    return { version, text: lines.join('\n') + '\n' };
  });
}

/** A member's type as its header's comment gives it (`/* u32 *\/`, `/* nest - _A_HEADER_* *\/`). */
const COMMENT_TYPE =
  /^\/\*\s*(u8|u16|u32|u64|s8|s16|s32|s64|uint|sint|string|flag|binary|bitfield32|bitset|nest(?:ed)?)\b(.*)/i;

/** The trailing comments of enum members in a header's text: name → "type" or "nest REF_". */
function memberComments(text) {
  const out = new Map();
  for (const m of text.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*(?:=[^,/\n]*)?,?[ \t]*(\/\*.*)$/gm)) {
    const t = COMMENT_TYPE.exec(m[2]);
    if (!t) continue;
    let type = t[1].toLowerCase();
    if (type === 'nested') type = 'nest';
    // "nest - _A_HEADER_*", "nest - ETHTOOL_A_STRINGS_*": the enum the nest holds.
    const ref = type === 'nest' ? /\b([A-Z0-9]*_A_[A-Z0-9_]*_)\*/.exec(t[2])?.[1] : undefined;
    out.set(m[1], ref ? `nest ${ref}` : type);
  }
  return out;
}

/** An enum's prefix: what its __X_MAX / __X_CNT / X_MAX member names, else its members' common prefix. */
function enumPrefix(members, tag = null) {
  // The __X_MAX / __X_CNT sentinel first: ETHTOOL_A_RINGS_RX_MAX is an attribute, not the end.
  for (const n of members) {
    const m = /^__([A-Z0-9_]+_)(?:MAX|CNT)$/.exec(n);
    if (m) return m[1];
  }
  const last = /^([A-Z0-9_]+_)MAX$/.exec(members[members.length - 1] ?? '');
  if (last) return last[1];
  // The enum's tag when every member carries it (enum netdev_xsk_flags: NETDEV_XSK_FLAGS_TX_*).
  const byTag = tag ? `${tag.toUpperCase()}_` : null;
  const named = members.filter((n) => !n.startsWith('_'));
  if (byTag && named.length && named.every((n) => n.startsWith(byTag))) return byTag;
  return commonPrefix(named);
}

/**
 * genl_names.ts: for each family of GENL_FAMILIES, its command enums and
 * attribute enums by value, each member's name without the enum's prefix,
 * with the types the header's comments give.
 */
function generateGenlNames(pinned) {
  if (pinned.skipped) return { skipped: pinned.skipped };
  const { tree, version } = pinned;
  const headers = [...new Set(GENL_FAMILIES.map((f) => f.header))];
  return withTreeHeaders(tree, headers, () => {
    const lines = [
      '// Generated by scripts/gen-constants.mjs from <linux/*.h> of the pinned kernel tree (scripts/fetch-linux-source.sh). Do not edit.',
      `// Headers: ${version}. Regenerate with \`npm run gen\`.`,
      '// Generic netlink command and attribute enums by family, for naming families that have no YNL spec',
      '// (src/netlink/genl/unspecced.ts). Names are the C names without the enum prefix; `types` are the',
      "// types the header's own comments give (`/* u32 */`), where it gives one. `attrPrefixes`: the family's",
      '// attribute prefixes, the first being its main attribute enum (CTRL_ATTR_, MPTCP_PM_ATTR_).',
      '',
      'export interface GenlNameEnum {',
      '  /** The C prefix every member name had (NETDEV_A_DEV_). */',
      '  prefix: string;',
      '  /** The highest member value (X_MAX). */',
      '  max: number;',
      '  names: Readonly<Record<number, string>>;',
      '  /** "u32", "string", "nest", "nest PREFIX_" (the enum the nest holds), … from header comments. */',
      '  types?: Readonly<Record<number, string>>;',
      '}',
      '',
      'export interface GenlFamilyNames {',
      '  header: string;',
      '  attrPrefixes: readonly string[];',
      '  /** Command enums: one (unified), or requests then replies (ETHTOOL_MSG_USER_*, _KERNEL_*). */',
      '  cmds: readonly GenlNameEnum[];',
      '  /** Attribute enums in header order. */',
      '  sets: readonly GenlNameEnum[];',
      '  /** Attribute (C name) → the prefix of the enum its value or nest takes names from, where names alone do not say. */',
      '  links?: Readonly<Record<string, string>>;',
      '}',
      '',
      'export const GENL_FAMILY_NAMES: Readonly<Record<string, GenlFamilyNames>> = {',
    ];
    /** header → its value enums, once per header (the ovs_* families share <linux/openvswitch.h>). */
    const headerValues = new Map();
    const parsed = new Map();
    for (const fam of GENL_FAMILIES) {
      const src = path.join(tree, 'include/uapi', fam.header);
      if (!existsSync(src)) continue;
      const comments = memberComments(readFileSync(src, 'utf8'));
      // One preprocessor and one compiler run per header, whatever the number of families in it.
      if (!parsed.has(fam.header)) {
        const found = enums([fam.header]);
        parsed.set(fam.header, {
          list: found,
          values: evaluate(
            [fam.header],
            found.flatMap((e) => e.members),
          ),
        });
      }
      const { list, values } = parsed.get(fam.header);
      const isCmdEnum = (e) =>
        enumPrefix(e.members).startsWith(fam.cmds) &&
        !fam.attrs.some((p) => enumPrefix(e.members).startsWith(p) && p.startsWith(fam.cmds));
      const isSetEnum = (e) => fam.attrs.some((p) => enumPrefix(e.members).startsWith(p));
      // Value enums are what no family of this header takes as commands or attributes.
      const sharing = GENL_FAMILIES.filter((f) => f.header === fam.header);
      const isValueEnum = (e) =>
        !sharing.some(
          (f) =>
            enumPrefix(e.members).startsWith(f.cmds) ||
            f.attrs.some((p) => enumPrefix(e.members).startsWith(p)),
        );
      const render = (e, strip) => {
        const prefix = enumPrefix(e.members, e.tag);
        const names = [];
        const types = [];
        const seen = new Set();
        let max = 0;
        for (const n of e.members) {
          const v = values.get(n);
          if (v === undefined || n.startsWith('_')) continue;
          if (/_(MAX|CNT)$/.test(n) && n.startsWith(prefix) && n.slice(prefix.length) === 'MAX') {
            max = Number(v);
            continue;
          }
          if (seen.has(v) || n.endsWith('_UNSPEC')) continue; // an alias: the first name wins
          seen.add(v);
          const short = n.startsWith(prefix) ? n.slice(prefix.length) : n.slice(strip(n).length);
          names.push(`${literal(v)}: '${short}'`);
          if (comments.has(n)) types.push(`${literal(v)}: '${comments.get(n)}'`);
        }
        if (!max) max = Math.max(0, ...[...seen].map(Number));
        const t = types.length ? `, types: { ${types.join(', ')} }` : '';
        return `{ prefix: '${prefix}', max: ${max}, names: { ${names.join(', ')} }${t} }`;
      };
      const cmdEnums = list.filter(isCmdEnum);
      // Requests before replies (ethtool's USER enum comes first in its header).
      const cmds = cmdEnums.map((e) => render(e, () => fam.cmds));
      const sets = list
        .filter((e) => isSetEnum(e) && !isCmdEnum(e))
        .map((e) => render(e, (n) => fam.attrs.find((p) => n.startsWith(p)) ?? ''));
      // The header's other enums (value names: NETDEV_XDP_ACT_*, ethtool_header_flags), its own only.
      const own = readFileSync(src, 'utf8');
      const valueEnums = headerValues.get(fam.header) ?? [];
      headerValues.set(fam.header, valueEnums);
      if (!valueEnums.length)
        valueEnums.push(
          ...list
            .filter((e) => isValueEnum(e) && (e.members.length > 1 || e.tag))
            .filter((e) => new RegExp(`\\b${e.members[0]}\\b`).test(own))
            .map((e) => render(e, () => enumPrefix(e.members, e.tag))),
        );
      for (const [prefix, macroNames] of Object.entries(fam.valueMacros ?? {})) {
        const v = evaluate([fam.header], macroNames);
        valueEnums.push(
          `{ prefix: '${prefix}', max: 0, names: { ${macroNames.map((n) => `${literal(v.get(n))}: '${n.slice(prefix.length)}'`).join(', ')} } }`,
        );
      }
      lines.push(`  ${/^[a-z_]\w*$/i.test(fam.family) ? fam.family : `'${fam.family}'`}: {`);
      lines.push(`    header: '${fam.header}',`);
      lines.push(`    attrPrefixes: [${fam.attrs.map((p) => `'${p}'`).join(', ')}],`);
      lines.push('    cmds: [', ...cmds.map((c) => `      ${c},`), '    ],');
      lines.push('    sets: [', ...sets.map((c) => `      ${c},`), '    ],');
      const links = Object.entries(fam.links ?? {});
      if (links.length) lines.push(`    links: { ${links.map(([a, b]) => `${a}: '${b}'`).join(', ')} },`);
      lines.push('  },');
    }
    lines.push('};', '');
    lines.push(
      "/** Each header's other enums: names of values (flags are masks: NETDEV_XDP_ACT_BASIC = 1). */",
      'export const GENL_HEADER_VALUES: Readonly<Record<string, readonly GenlNameEnum[]>> = {',
    );
    for (const [h, v] of headerValues) lines.push(`  '${h}': [`, ...v.map((c) => `    ${c},`), '  ],');
    lines.push('};');
    return { version, text: lines.join('\n') + '\n' };
  });
}

function generateAll() {
  const version = headersVersion();
  const files = new Map();
  const installed = new Map();
  for (const mod of MODULES) {
    files.set(`${mod.out}.ts`, generateModule(mod, version));
    installed.set(mod.out, new Set(moduleValues(mod).keys()));
  }
  const pinned = pinnedTree();
  const newer = generateNewer(installed, pinned);
  if (newer.text) files.set('newer.ts', newer.text);
  const genlNames = generateGenlNames(pinned);
  if (genlNames.text) files.set('genl_names.ts', genlNames.text);
  return { version, files, newer };
}

const check = process.argv.includes('--check');
const { version, files, newer } = generateAll();
// genl_names.ts holds object literals: written as prettier (the project's formatter) lays them out,
// so the file is stable under `npm run format` and the stale check.
if (files.get('genl_names.ts')) {
  const prettier = await import('prettier');
  const file = path.join(OUT_DIR, 'genl_names.ts');
  const options = (await prettier.resolveConfig(file)) ?? {};
  files.set(
    'genl_names.ts',
    await prettier.format(files.get('genl_names.ts'), { ...options, filepath: file }),
  );
}
if (check) {
  const stale = [];
  if (newer.skipped) {
    console.log(
      `gen --check: skipped newer.ts: the pinned kernel tree cannot be had here (${newer.skipped})`,
    );
    files.set('newer.ts', null);
    files.set('genl_names.ts', null);
  }
  for (const [name, text] of files) {
    if (text === null) continue;
    const p = path.join(OUT_DIR, name);
    const have = existsSync(p) ? readFileSync(p, 'utf8') : null;
    if (have === null) {
      stale.push(`${name}: missing`);
      continue;
    }
    const recorded = /^\/\/ Headers: (.*)\. Regenerate/m.exec(have)?.[1];
    const source = name === 'newer.ts' || name === 'genl_names.ts' ? newer.version : version;
    if (recorded !== source) {
      console.log(`gen --check: skipped ${name}: generated from ${recorded}, this machine has ${source}`);
      continue;
    }
    if (have !== text) stale.push(`${name}: differs from what ${source} gives`);
  }
  const extra = existsSync(OUT_DIR)
    ? readdirSync(OUT_DIR).filter((f) => f.endsWith('.ts') && !files.has(f))
    : [];
  for (const f of extra) stale.push(`${f}: not generated by this script`);
  if (stale.length) {
    console.error(`gen --check: src/netlink/gen is stale (run npm run gen):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`gen --check: src/netlink/gen matches ${version} (${files.size} files)`);
} else {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(OUT_DIR, name), text);
  console.log(`wrote ${files.size} files to src/netlink/gen from ${version}`);
  if (newer.skipped) console.log(`newer.ts not regenerated: ${newer.skipped}`);
  else console.log(`newer.ts from ${newer.version}`);
}
