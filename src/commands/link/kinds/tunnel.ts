import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../../output/printer.js';
import type { LinkRenderContext } from './context.js';
import {
  be16At,
  be32,
  fixed,
  indexName,
  inet4,
  inet6,
  print0xhex,
  type AttrTable,
  type KindHandler,
} from './common.js';
import {
  IPPROTO_IPIP,
  IPPROTO_IPV6,
  IPPROTO_MPLS,
  IP6_TNL_F_ALLOW_LOCAL_REMOTE,
  IP6_TNL_F_IGN_ENCAP_LIMIT,
  IP6_TNL_F_MIP6_DEV,
  IP6_TNL_F_RCV_DSCP_COPY,
  IP6_TNL_F_USE_ORIG_FLOWLABEL,
  IP6_TNL_F_USE_ORIG_FWMARK,
  IP6_TNL_F_USE_ORIG_TCLASS,
  IPV6_FLOWINFO_FLOWLABEL,
  IPV6_FLOWINFO_PRIORITY,
} from '../../../netlink/gen/in.js';
import {
  GRE_CSUM,
  GRE_KEY,
  GRE_SEQ,
  IFLA_GRE_COLLECT_METADATA,
  IFLA_GRE_ENCAP_DPORT,
  IFLA_GRE_ENCAP_FLAGS,
  IFLA_GRE_ENCAP_LIMIT,
  IFLA_GRE_ENCAP_SPORT,
  IFLA_GRE_ENCAP_TYPE,
  IFLA_GRE_ERSPAN_DIR,
  IFLA_GRE_ERSPAN_HWID,
  IFLA_GRE_ERSPAN_INDEX,
  IFLA_GRE_ERSPAN_VER,
  IFLA_GRE_FLAGS,
  IFLA_GRE_FLOWINFO,
  IFLA_GRE_FWMARK,
  IFLA_GRE_IFLAGS,
  IFLA_GRE_IGNORE_DF,
  IFLA_GRE_IKEY,
  IFLA_GRE_LINK,
  IFLA_GRE_LOCAL,
  IFLA_GRE_MAX,
  IFLA_GRE_OFLAGS,
  IFLA_GRE_OKEY,
  IFLA_GRE_PMTUDISC,
  IFLA_GRE_REMOTE,
  IFLA_GRE_TOS,
  IFLA_GRE_TTL,
  IFLA_IPTUN_6RD_PREFIX,
  IFLA_IPTUN_6RD_PREFIXLEN,
  IFLA_IPTUN_6RD_RELAY_PREFIX,
  IFLA_IPTUN_6RD_RELAY_PREFIXLEN,
  IFLA_IPTUN_COLLECT_METADATA,
  IFLA_IPTUN_ENCAP_DPORT,
  IFLA_IPTUN_ENCAP_FLAGS,
  IFLA_IPTUN_ENCAP_LIMIT,
  IFLA_IPTUN_ENCAP_SPORT,
  IFLA_IPTUN_ENCAP_TYPE,
  IFLA_IPTUN_FLAGS,
  IFLA_IPTUN_FLOWINFO,
  IFLA_IPTUN_FWMARK,
  IFLA_IPTUN_LINK,
  IFLA_IPTUN_LOCAL,
  IFLA_IPTUN_MAX,
  IFLA_IPTUN_PMTUDISC,
  IFLA_IPTUN_PROTO,
  IFLA_IPTUN_REMOTE,
  IFLA_IPTUN_TOS,
  IFLA_IPTUN_TTL,
  IFLA_VTI_FWMARK,
  IFLA_VTI_IKEY,
  IFLA_VTI_LINK,
  IFLA_VTI_LOCAL,
  IFLA_VTI_MAX,
  IFLA_VTI_OKEY,
  IFLA_VTI_REMOTE,
  SIT_ISATAP,
  TUNNEL_ENCAP_FLAG_CSUM,
  TUNNEL_ENCAP_FLAG_CSUM6,
  TUNNEL_ENCAP_FLAG_REMCSUM,
  TUNNEL_ENCAP_FOU,
  TUNNEL_ENCAP_GUE,
  TUNNEL_ENCAP_NONE,
} from '../../../netlink/gen/if_tunnel.js';

/**
 * tnl_print_endpoint (ip/tunnel.c): "any" when the attribute is absent or
 * all zeros, "unknown" when its length fits no address, else the address.
 */
function printEndpoint(p: Printer, name: string, tb: AttrTable, type: number, v6: boolean): void {
  const a = tb.get(type);
  let value = 'any';
  if (a) {
    if (a.data.length !== 4 && a.data.length !== 16) value = 'unknown';
    else if ((a.data.length === 16) !== v6) value = 'unknown';
    else if (a.data.some((b) => b !== 0)) value = v6 ? inet6(a.data) : inet4(a.data);
  }
  p.string(PRINT_ANY, name, `${name} %s `, value);
}

/** The link's "dev NAME" when the tunnel is bound to one (ll_index_to_name). */
function printTunnelLink(p: Printer, tb: AttrTable, type: number, ctx: LinkRenderContext): void {
  const link = tb.has(type) ? tb.u32(type)! : 0;
  if (link) p.string(PRINT_ANY, 'link', 'dev %s ', indexName(ctx, link));
}

/** "ttl N", or "ttl inherit" for 0 in text (gre/iptnl print_opt). */
function printTtl(p: Printer, ttl: number): void {
  if (p.json || ttl) p.number(PRINT_ANY, 'ttl', 'ttl %u ', ttl);
  else p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
}

/** "tos 0x..", "tos inherit" for 1 in text, nothing for 0. */
function printTos(p: Printer, tos: number): void {
  if (!tos) return;
  if (p.json || tos !== 1) print0xhex(p, PRINT_ANY, 'tos', 'tos', tos);
  else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
}

function printFwmark(p: Printer, tb: AttrTable, type: number): void {
  const fwmark = tb.has(type) ? tb.u32(type)! : 0;
  if (fwmark) print0xhex(p, PRINT_ANY, 'fwmark', 'fwmark', fwmark);
}

/**
 * tnl_encap_str (ip/tunnel.c): "[no]encap-NAME " and, for a port, its value
 * ("auto" for 0; ports are passed as port + 1 so that 0 can mean auto).
 */
function encapWord(name: string, enabled: boolean, port: number): string {
  const val = port === 0 ? 'auto ' : port < 0 ? '' : `${port - 1} `;
  return `${enabled ? '' : 'no'}encap-${name} ${val}`;
}

/** tnl_print_encap (ip/tunnel.c): the fou/gue encapsulation, when there is one. */
function printEncap(p: Printer, tb: AttrTable, types: readonly [number, number, number, number]): void {
  const [typeAttr, flagsAttr, sportAttr, dportAttr] = types;
  if (!tb.has(typeAttr)) return;
  const type = tb.u16(typeAttr)!;
  if (type === TUNNEL_ENCAP_NONE) return;
  const flags = tb.u16(flagsAttr) ?? 0;
  const sport = be16At(tb.get(sportAttr));
  const dport = be16At(tb.get(dportAttr));
  p.openObject('encap');
  p.string(PRINT_FP, null, 'encap ', '');
  if (type === TUNNEL_ENCAP_FOU) p.string(PRINT_ANY, 'type', '%s ', 'fou');
  else if (type === TUNNEL_ENCAP_GUE) p.string(PRINT_ANY, 'type', '%s ', 'gue');
  else p.null(PRINT_ANY, 'type', '%s ', 'unknown');
  if (p.json) {
    p.number(PRINT_JSON, 'sport', '', sport);
    p.number(PRINT_JSON, 'dport', '', dport);
    p.bool(PRINT_JSON, 'csum', '', (flags & TUNNEL_ENCAP_FLAG_CSUM) !== 0);
    p.bool(PRINT_JSON, 'csum6', '', (flags & TUNNEL_ENCAP_FLAG_CSUM6) !== 0);
    p.bool(PRINT_JSON, 'remcsum', '', (flags & TUNNEL_ENCAP_FLAG_REMCSUM) !== 0);
  } else {
    p.fp(encapWord('sport', true, sport ? sport + 1 : 0));
    p.fp(encapWord('dport', true, dport + 1));
    p.fp(encapWord('csum', (flags & TUNNEL_ENCAP_FLAG_CSUM) !== 0, -1));
    p.fp(encapWord('csum6', (flags & TUNNEL_ENCAP_FLAG_CSUM6) !== 0, -1));
    p.fp(encapWord('remcsum', (flags & TUNNEL_ENCAP_FLAG_REMCSUM) !== 0, -1));
  }
  p.closeObject();
}

/** tnl_print_gre_flags (ip/tunnel.c): the keys, sequence numbers and checksums gre and ip6gre print alike. */
function printGreFlags(p: Printer, tb: AttrTable): void {
  // __be16 flags compared with the htons()'d GRE_* values: read in network order.
  const iflags = tb.has(IFLA_GRE_IFLAGS) ? be16At(tb.get(IFLA_GRE_IFLAGS)) : 0;
  const oflags = tb.has(IFLA_GRE_OFLAGS) ? be16At(tb.get(IFLA_GRE_OFLAGS)) : 0;
  // The keys as inet_ntop shows their bytes (a dotted quad).
  if (iflags & GRE_KEY && tb.has(IFLA_GRE_IKEY))
    p.string(PRINT_ANY, 'ikey', 'ikey %s ', inet4(fixed(tb.get(IFLA_GRE_IKEY), 4)));
  if (oflags & GRE_KEY && tb.has(IFLA_GRE_OKEY))
    p.string(PRINT_ANY, 'okey', 'okey %s ', inet4(fixed(tb.get(IFLA_GRE_OKEY), 4)));
  if (iflags & GRE_SEQ) p.bool(PRINT_ANY, 'iseq', 'iseq ', true);
  if (oflags & GRE_SEQ) p.bool(PRINT_ANY, 'oseq', 'oseq ', true);
  if (iflags & GRE_CSUM) p.bool(PRINT_ANY, 'icsum', 'icsum ', true);
  if (oflags & GRE_CSUM) p.bool(PRINT_ANY, 'ocsum', 'ocsum ', true);
}

/** The erspan attributes, as link_gre.c and link_gre6.c print them. */
function printErspan(p: Printer, tb: AttrTable): void {
  if (tb.has(IFLA_GRE_ERSPAN_INDEX))
    p.number(PRINT_ANY, 'erspan_index', 'erspan_index %u ', tb.u32(IFLA_GRE_ERSPAN_INDEX)!);
  if (tb.has(IFLA_GRE_ERSPAN_VER))
    p.number(PRINT_ANY, 'erspan_ver', 'erspan_ver %u ', tb.u8(IFLA_GRE_ERSPAN_VER)!);
  if (tb.has(IFLA_GRE_ERSPAN_DIR)) {
    const dir = tb.u8(IFLA_GRE_ERSPAN_DIR) === 0 ? 'ingress' : 'egress';
    p.string(PRINT_ANY, 'erspan_dir', 'erspan_dir %s ', dir);
  }
  if (tb.has(IFLA_GRE_ERSPAN_HWID))
    print0xhex(p, PRINT_ANY, 'erspan_hwid', 'erspan_hwid', tb.u16(IFLA_GRE_ERSPAN_HWID)!);
}

/** gre_print_opt (ip/link_gre.c, iproute2 6.1) for gre, gretap and erspan. */
function printGre(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  if (tb.has(IFLA_GRE_COLLECT_METADATA)) p.bool(PRINT_ANY, 'external', 'external ', true);
  printEndpoint(p, 'remote', tb, IFLA_GRE_REMOTE, false);
  printEndpoint(p, 'local', tb, IFLA_GRE_LOCAL, false);
  printTunnelLink(p, tb, IFLA_GRE_LINK, ctx);
  printTtl(p, tb.u8(IFLA_GRE_TTL) ?? 0);
  printTos(p, tb.u8(IFLA_GRE_TOS) ?? 0);
  if (tb.has(IFLA_GRE_PMTUDISC)) {
    if (!tb.u8(IFLA_GRE_PMTUDISC)) p.bool(PRINT_ANY, 'pmtudisc', 'nopmtudisc ', false);
    else p.bool(PRINT_JSON, 'pmtudisc', '', true);
  }
  if (tb.u8(IFLA_GRE_IGNORE_DF)) p.bool(PRINT_ANY, 'ignore_df', 'ignore-df ', true);
  printGreFlags(p, tb);
  printFwmark(p, tb, IFLA_GRE_FWMARK);
  printErspan(p, tb);
  printEncap(p, tb, [IFLA_GRE_ENCAP_TYPE, IFLA_GRE_ENCAP_FLAGS, IFLA_GRE_ENCAP_SPORT, IFLA_GRE_ENCAP_DPORT]);
}

/** IFLA_IPTUN_PROTO as iptunnel_print_opt names it. */
const IPTUN_PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO_IPIP]: 'ipip',
  [IPPROTO_IPV6]: 'ip6ip',
  [IPPROTO_MPLS]: 'mplsip',
  0: 'any',
};

/** iptunnel_print_opt (ip/link_iptnl.c, iproute2 6.1) for ipip and sit. */
function printIptunnel(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  if (tb.has(IFLA_IPTUN_COLLECT_METADATA)) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.has(IFLA_IPTUN_PROTO)) {
    const name = IPTUN_PROTO_NAMES[tb.u8(IFLA_IPTUN_PROTO)!];
    if (name) p.string(PRINT_ANY, 'proto', '%s ', name);
  }
  printEndpoint(p, 'remote', tb, IFLA_IPTUN_REMOTE, false);
  printEndpoint(p, 'local', tb, IFLA_IPTUN_LOCAL, false);
  printTunnelLink(p, tb, IFLA_IPTUN_LINK, ctx);
  printTtl(p, tb.u8(IFLA_IPTUN_TTL) ?? 0);
  printTos(p, tb.u8(IFLA_IPTUN_TOS) ?? 0);
  if (tb.u8(IFLA_IPTUN_PMTUDISC)) p.bool(PRINT_ANY, 'pmtudisc', 'pmtudisc ', true);
  else p.bool(PRINT_ANY, 'pmtudisc', 'nopmtudisc ', false);
  if (tb.has(IFLA_IPTUN_FLAGS) && tb.u16(IFLA_IPTUN_FLAGS)! & SIT_ISATAP)
    p.bool(PRINT_ANY, 'isatap', 'isatap ', true);
  const prefixlen = tb.u16(IFLA_IPTUN_6RD_PREFIXLEN) ?? 0;
  if (prefixlen) {
    const relayPrefixlen = tb.u16(IFLA_IPTUN_6RD_RELAY_PREFIXLEN) ?? 0;
    const relay = fixed(tb.get(IFLA_IPTUN_6RD_RELAY_PREFIX), 4);
    const prefix = inet6(fixed(tb.get(IFLA_IPTUN_6RD_PREFIX), 16));
    const hasRelay = relay.some((b) => b !== 0);
    if (p.json) {
      p.string(PRINT_JSON, 'prefix', '', prefix);
      p.number(PRINT_JSON, 'prefixlen', '', prefixlen);
      if (hasRelay) {
        p.string(PRINT_JSON, 'relay_prefix', '', inet4(relay));
        p.number(PRINT_JSON, 'relay_prefixlen', '', relayPrefixlen);
      }
    } else {
      p.fp(`6rd-prefix ${prefix}/${prefixlen} `);
      if (hasRelay) p.fp(`6rd-relay_prefix ${inet4(relay)}/${relayPrefixlen} `);
    }
  }
  printFwmark(p, tb, IFLA_IPTUN_FWMARK);
  printEncap(p, tb, [
    IFLA_IPTUN_ENCAP_TYPE,
    IFLA_IPTUN_ENCAP_FLAGS,
    IFLA_IPTUN_ENCAP_SPORT,
    IFLA_IPTUN_ENCAP_DPORT,
  ]);
}

/** The attributes of the IPv6 tunnels' shared options (IFLA_GRE_* or IFLA_IPTUN_*). */
interface Ip6TunnelAttrs {
  ttl: number;
  encapLimit: number;
  flowinfo: number;
  flags: number;
  fwmark: number;
}

/**
 * What gre_print_opt (ip/link_gre6.c) and ip6tunnel_print_opt
 * (ip/link_ip6tnl.c) print alike from "hoplimit" to "dscp inherit" (and
 * "mip6", which only ip6tnl prints): the flow information is a __be32 read
 * as it is sent (network order).
 */
function printIp6TunnelFlow(p: Printer, tb: AttrTable, a: Ip6TunnelAttrs, mip6: boolean): void {
  const ttl = tb.u8(a.ttl) ?? 0;
  if (p.json || ttl) p.number(PRINT_ANY, 'ttl', 'hoplimit %u ', ttl);
  else p.string(PRINT_FP, null, 'hoplimit %s ', 'inherit');
  const flags = tb.u32(a.flags) ?? 0;
  const flowinfo = tb.has(a.flowinfo) ? be32(tb.get(a.flowinfo)) : undefined;
  if (flags & IP6_TNL_F_IGN_ENCAP_LIMIT)
    p.bool(PRINT_ANY, 'ip6_tnl_f_ign_encap_limit', 'encaplimit none ', true);
  else if (tb.has(a.encapLimit)) p.number(PRINT_ANY, 'encap_limit', 'encaplimit %u ', tb.u8(a.encapLimit)!);
  if (flags & IP6_TNL_F_USE_ORIG_TCLASS)
    p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_tclass', 'tclass inherit ', true);
  else if (flowinfo !== undefined) {
    const tclass = ((flowinfo & IPV6_FLOWINFO_PRIORITY) >>> 20).toString(16).padStart(2, '0');
    p.string(PRINT_ANY, 'tclass', 'tclass %s ', `0x${tclass}`);
  }
  if (flags & IP6_TNL_F_USE_ORIG_FLOWLABEL)
    p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_flowlabel', 'flowlabel inherit ', true);
  else if (flowinfo !== undefined) {
    const label = (flowinfo & IPV6_FLOWINFO_FLOWLABEL).toString(16).padStart(5, '0');
    p.string(PRINT_ANY, 'flowlabel', 'flowlabel %s ', `0x${label}`);
  }
  if (flags & IP6_TNL_F_RCV_DSCP_COPY) p.bool(PRINT_ANY, 'ip6_tnl_f_rcv_dscp_copy', 'dscp inherit ', true);
  if (mip6 && flags & IP6_TNL_F_MIP6_DEV) p.bool(PRINT_ANY, 'ip6_tnl_f_mip6_dev', 'mip6 ', true);
}

/** The IPv6 tunnels' "allow-localremote" and "fwmark" (link_gre6.c prints them after the GRE flags). */
function printIp6TunnelMarks(p: Printer, tb: AttrTable, a: Ip6TunnelAttrs): void {
  const flags = tb.u32(a.flags) ?? 0;
  if (flags & IP6_TNL_F_ALLOW_LOCAL_REMOTE)
    p.bool(PRINT_ANY, 'ip6_tnl_f_allow_local_remote', 'allow-localremote ', true);
  if (flags & IP6_TNL_F_USE_ORIG_FWMARK)
    p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_fwmark', 'fwmark inherit ', true);
  else printFwmark(p, tb, a.fwmark);
}

/** The IFLA_GRE_* attributes of the shared IPv6 tunnel options. */
const GRE6_ATTRS: Ip6TunnelAttrs = {
  ttl: IFLA_GRE_TTL,
  encapLimit: IFLA_GRE_ENCAP_LIMIT,
  flowinfo: IFLA_GRE_FLOWINFO,
  flags: IFLA_GRE_FLAGS,
  fwmark: IFLA_GRE_FWMARK,
};

/** The IFLA_IPTUN_* attributes of the shared IPv6 tunnel options. */
const IP6TNL_ATTRS: Ip6TunnelAttrs = {
  ttl: IFLA_IPTUN_TTL,
  encapLimit: IFLA_IPTUN_ENCAP_LIMIT,
  flowinfo: IFLA_IPTUN_FLOWINFO,
  flags: IFLA_IPTUN_FLAGS,
  fwmark: IFLA_IPTUN_FWMARK,
};

/** gre_print_opt (ip/link_gre6.c, iproute2 6.1) for ip6gre, ip6gretap and ip6erspan. */
function printGre6(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  if (tb.has(IFLA_GRE_COLLECT_METADATA)) p.bool(PRINT_ANY, 'external', 'external ', true);
  printEndpoint(p, 'remote', tb, IFLA_GRE_REMOTE, true);
  printEndpoint(p, 'local', tb, IFLA_GRE_LOCAL, true);
  printTunnelLink(p, tb, IFLA_GRE_LINK, ctx);
  printIp6TunnelFlow(p, tb, GRE6_ATTRS, false);
  printGreFlags(p, tb);
  printIp6TunnelMarks(p, tb, GRE6_ATTRS);
  printErspan(p, tb);
  printEncap(p, tb, [IFLA_GRE_ENCAP_TYPE, IFLA_GRE_ENCAP_FLAGS, IFLA_GRE_ENCAP_SPORT, IFLA_GRE_ENCAP_DPORT]);
}

/** IFLA_IPTUN_PROTO as ip6tunnel_print_opt names it. */
const IP6TNL_PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO_IPIP]: 'ipip6',
  [IPPROTO_IPV6]: 'ip6ip6',
  0: 'any',
};

/** ip6tunnel_print_opt (ip/link_ip6tnl.c, iproute2 6.1). */
function printIp6tnl(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  if (tb.has(IFLA_IPTUN_COLLECT_METADATA)) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.has(IFLA_IPTUN_PROTO)) {
    const name = IP6TNL_PROTO_NAMES[tb.u8(IFLA_IPTUN_PROTO)!];
    if (name) p.string(PRINT_ANY, 'proto', '%s ', name);
  }
  printEndpoint(p, 'remote', tb, IFLA_IPTUN_REMOTE, true);
  printEndpoint(p, 'local', tb, IFLA_IPTUN_LOCAL, true);
  printTunnelLink(p, tb, IFLA_IPTUN_LINK, ctx);
  printIp6TunnelFlow(p, tb, IP6TNL_ATTRS, true);
  printIp6TunnelMarks(p, tb, IP6TNL_ATTRS);
  printEncap(p, tb, [
    IFLA_IPTUN_ENCAP_TYPE,
    IFLA_IPTUN_ENCAP_FLAGS,
    IFLA_IPTUN_ENCAP_SPORT,
    IFLA_IPTUN_ENCAP_DPORT,
  ]);
}

/** vti_print_opt / vti6_print_opt (ip/link_vti.c, link_vti6.c, iproute2 6.1). */
function vtiPrinter(v6: boolean): KindHandler['print'] {
  return (p, tb, ctx) => {
    if (!tb) return;
    printEndpoint(p, 'remote', tb, IFLA_VTI_REMOTE, v6);
    printEndpoint(p, 'local', tb, IFLA_VTI_LOCAL, v6);
    printTunnelLink(p, tb, IFLA_VTI_LINK, ctx);
    for (const [type, key] of [
      [IFLA_VTI_IKEY, 'ikey'],
      [IFLA_VTI_OKEY, 'okey'],
    ] as const) {
      const a = tb.get(type);
      if (a && tb.u32(type)) p.string(PRINT_ANY, key, `${key} %s `, inet4(fixed(a, 4)));
    }
    printFwmark(p, tb, IFLA_VTI_FWMARK);
  };
}

export const greHandler: KindHandler = { maxattr: IFLA_GRE_MAX, print: printGre };
export const iptunnelHandler: KindHandler = { maxattr: IFLA_IPTUN_MAX, print: printIptunnel };
export const vtiHandler: KindHandler = { maxattr: IFLA_VTI_MAX, print: vtiPrinter(false) };
export const vti6Handler: KindHandler = { maxattr: IFLA_VTI_MAX, print: vtiPrinter(true) };
export const gre6Handler: KindHandler = { maxattr: IFLA_GRE_MAX, print: printGre6 };
export const ip6tnlHandler: KindHandler = { maxattr: IFLA_IPTUN_MAX, print: printIp6tnl };
