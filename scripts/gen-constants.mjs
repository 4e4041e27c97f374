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
    prefixes: ['BOND_MODE_', 'BOND_XMIT_POLICY_', 'BOND_LINK_', 'BOND_STATE_'],
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
    prefixes: ['IPPROTO_', 'IPV6_FLOWINFO_', 'IP6_TNL_F_'],
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
    headers: ['linux/if_tun.h'],
    prefixes: [
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
    prefixes: ['AF_', 'SOL_', 'SO_RCVBUF', 'SO_RCVBUFFORCE', 'SO_SNDBUF', 'SO_RCVTIMEO', 'MSG_'],
    exclude: ['SO_RCVTIMEO_OLD', 'SO_RCVTIMEO_NEW'],
    names: [],
  },
  { out: 'errno', headers: ['errno.h'], prefixes: ['E'], exclude: ['EOF'], names: [] },
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

/**
 * newer.ts: constants nlts uses from kernels newer than the installed headers
 * (IFLA_DEVLINK_PORT, NL_ATTR_TYPE_UINT, ...), taken from the pinned
 * linux-source package's include/uapi (scripts/fetch-linux-source.sh). Those
 * headers are not installed ones, so the module headers are copied into an
 * overlay include directory in front of the installed ones, with the kernel
 * annotations that headers_install strips defined away. Only names the
 * installed headers lack go in; null when the tree cannot be had here.
 */
function generateNewer(installed) {
  const fetch = spawnSync(path.join(ROOT, 'scripts/fetch-linux-source.sh'), { encoding: 'utf8' });
  if (fetch.status !== 0) return { skipped: (fetch.stderr || 'fetch-linux-source.sh failed').trim() };
  const tree = fetch.stdout.trim().split('\n').pop();
  const pkg = path
    .basename(tree)
    .replace(/^(linux-source-[\d.]+)-/, '$1 ')
    .replace(/_/, '~');
  const kver = /^linux-source-[\d.]+ ([\d.]+)/.exec(pkg)?.[1] ?? '0.0.0';
  const version = `${pkg} include/uapi (LINUX_VERSION_CODE ${kver})`;
  const overlay = mkdtempSync(path.join(tmpdir(), 'nlts-uapi-'));
  try {
    mkdirSync(path.join(overlay, 'linux'));
    // headers_install drops these kernel-internal includes; stand-ins keep the copies compiling.
    for (const stub of ['compiler.h', 'compiler_types.h'])
      writeFileSync(path.join(overlay, 'linux', stub), '');
    for (const mod of MODULES)
      for (const h of [...mod.headers, ...(mod.newerIncludes ?? [])]) {
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
  } finally {
    CFLAGS = [];
    rmSync(overlay, { recursive: true, force: true });
  }
}

function generateAll() {
  const version = headersVersion();
  const files = new Map();
  const installed = new Map();
  for (const mod of MODULES) {
    files.set(`${mod.out}.ts`, generateModule(mod, version));
    installed.set(mod.out, new Set(moduleValues(mod).keys()));
  }
  const newer = generateNewer(installed);
  if (newer.text) files.set('newer.ts', newer.text);
  return { version, files, newer };
}

const check = process.argv.includes('--check');
const { version, files, newer } = generateAll();
if (check) {
  const stale = [];
  if (newer.skipped) {
    console.log(
      `gen --check: skipped newer.ts: the pinned kernel tree cannot be had here (${newer.skipped})`,
    );
    files.set('newer.ts', null);
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
    const source = name === 'newer.ts' ? newer.version : version;
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
