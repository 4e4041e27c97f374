import { CliError } from '../../iproute/errors.js';
import { AttributeEncoder, type AttributeIndex } from '../../netlink/codec/attributes.js';
import { IFLA_INFO_DATA, IFLA_LINKINFO } from '../../netlink/gen/if_link.js';
import { IprouteNames } from '../../iproute/names.js';
import { addrOfBytes, getAddr, getAddr32, getPrefix, type InetPrefix } from '../../iproute/prefix.js';
import {
  getU16,
  getU32,
  getU8,
  getUnsigned,
  invarg,
  matches,
  nodev,
  EXIT_USAGE,
} from '../../iproute/parse.js';
import { eachOption, parseTunnelTos, type KindDeps, type KindParser } from './change-kinds.js';
import { be16At, be32 } from './kinds/common.js';
import { be16Bytes, be32Bytes } from '../../netlink/codec/bytes.js';
import * as tun from '../../netlink/gen/if_tunnel.js';
import {
  GRE_CSUM,
  GRE_KEY,
  GRE_SEQ,
  SIT_ISATAP,
  TUNNEL_ENCAP_FLAG_CSUM,
  TUNNEL_ENCAP_FLAG_CSUM6,
  TUNNEL_ENCAP_FLAG_REMCSUM,
  TUNNEL_ENCAP_FOU,
  TUNNEL_ENCAP_GUE,
  TUNNEL_ENCAP_NONE,
} from '../../netlink/gen/if_tunnel.js';
import { AF_INET, AF_INET6 } from '../../netlink/gen/socket.js';
import {
  IPPROTO_IPIP,
  IPPROTO_IPV6,
  IPPROTO_MPLS,
  IP6_TNL_F_ALLOW_LOCAL_REMOTE,
  IP6_TNL_F_IGN_ENCAP_LIMIT,
  IP6_TNL_F_RCV_DSCP_COPY,
  IP6_TNL_F_USE_ORIG_FLOWLABEL,
  IP6_TNL_F_USE_ORIG_FWMARK,
  IP6_TNL_F_USE_ORIG_TCLASS,
  IPV6_DEFAULT_TNL_ENCAP_LIMIT,
  IPV6_FLOWINFO_FLOWLABEL,
  IPV6_FLOWINFO_PRIORITY,
} from '../../netlink/gen/in.js';

/** A __be32 as its four bytes (addattr32 of a value already in network order). */
type Be32 = Uint8Array;

/**
 * tnl_parse_key (ip/tunnel.c): a dotted quad as its address bytes, else an
 * unsigned number sent in network order; a bad number is ip's own message, exit 255.
 */
function tunnelKey(name: string, v: string): Be32 {
  if (v.includes('.')) return getAddr32(v);
  const n = getUnsigned(v);
  if (n === undefined) {
    throw new CliError(`invalid value for "${name}": "${v}"; it should be an unsigned integer`, EXIT_USAGE);
  }
  return be32Bytes(n);
}

/**
 * The device's IFLA_INFO_DATA for `link set|change … type KIND`. Without
 * NLM_F_CREATE ip's tunnel parsers (gre_parse_opt, iptunnel_parse_opt,
 * vti_parse_opt, ...) ask the kernel for the link first and start from its
 * settings, because the kernel's changelink rebuilds the whole parameter set
 * from what it is sent (ipgre_netlink_parms starts from zero).
 */
function existingTunnel(deps: KindDeps): AttributeIndex {
  const l = deps.getLinkByIndex(deps.req.hdr.ifindex);
  const data = l?.attrs.nested(IFLA_LINKINFO, true)?.nested(IFLA_INFO_DATA, true);
  // parse_opt returns -1: exit status 1.
  if (!data) throw new CliError('Failed to get existing tunnel info.', 1);
  return data;
}

/** A __be16 attribute as a number (ports, GRE flags). */
function be16Of(d: AttributeIndex, type: number): number | undefined {
  const a = d.get(type);
  return a && a.data.length >= 2 ? be16At(a) : undefined;
}

/** get_addr_rta: an address attribute as get_addr would have parsed it. */
function addrOf(d: AttributeIndex, type: number, family: number): InetPrefix | undefined {
  const b = d.bytes(type);
  if (!b || b.length !== (family === AF_INET ? 4 : 16)) return undefined;
  return addrOfBytes(family, Uint8Array.from(b));
}

/** The encap attributes of an existing tunnel (ports in network order). */
function loadEncap(d: AttributeIndex, e: Encap, types: readonly [number, number, number, number]): void {
  e.type = d.u16(types[0]) ?? e.type;
  e.flags = d.u16(types[1]) ?? e.flags;
  e.sport = be16Of(d, types[2]) ?? e.sport;
  e.dport = be16Of(d, types[3]) ?? e.dport;
}

/** is_addrtype_inet_not_unspec (lib/utils.c): an address given, and not "any". */
function isSet(a: InetPrefix | undefined): a is InetPrefix {
  return a !== undefined && a.bytes.length > 0 && a.bitlen !== -2;
}

function isMulticast4(a: InetPrefix | undefined): boolean {
  return isSet(a) && a.family === AF_INET && (a.bytes[0]! & 0xf0) === 0xe0;
}

/** "dev NAME": the ifindex, or nodev()'s message and exit(-1). */
function linkIndex(deps: KindDeps, v: string): number {
  const l = deps.getLink(v);
  if (!l) nodev(v, EXIT_USAGE);
  return l.index;
}

/** The ttl/hoplimit value: "inherit" is 0, else get_u8 (ip: "invalid TTL\n"). */
function tunnelTtl(v: string): number {
  if (v === 'inherit') return 0;
  return getU8(v) ?? invarg('invalid TTL\n', v);
}

/** The fou/gue encapsulation options the IPv4 and IPv6 tunnels share (ip 6.1 parse_opt loops). */
interface Encap {
  type: number;
  flags: number;
  sport: number;
  dport: number;
}

/** One encap word (exact words, strcmp in ip); false when `w` is not one. */
function encapOption(w: string, next: () => string, e: Encap): boolean {
  if (w === 'noencap') e.type = TUNNEL_ENCAP_NONE;
  else if (w === 'encap') {
    const v = next();
    const t = { fou: TUNNEL_ENCAP_FOU, gue: TUNNEL_ENCAP_GUE, none: TUNNEL_ENCAP_NONE }[v];
    e.type = t ?? invarg('Invalid encap type.', v);
  } else if (w === 'encap-sport') {
    const v = next();
    e.sport = v === 'auto' ? 0 : (getU16(v) ?? invarg('Invalid source port.', v));
  } else if (w === 'encap-dport') {
    const v = next();
    e.dport = getU16(v) ?? invarg('Invalid destination port.', v);
  } else {
    const flag = ENCAP_FLAG_WORDS[w.replace(/^no/, '')];
    if (flag === undefined) return false;
    e.flags = w.startsWith('no') ? e.flags & ~flag : e.flags | flag;
  }
  return true;
}

const ENCAP_FLAG_WORDS: Readonly<Record<string, number>> = {
  'encap-csum': TUNNEL_ENCAP_FLAG_CSUM,
  'encap-udp6-csum': TUNNEL_ENCAP_FLAG_CSUM6,
  'encap-remcsum': TUNNEL_ENCAP_FLAG_REMCSUM,
};

/** The four encap attributes, sent whatever was given: type and flags in host order, ports htons. */
function putEncap(out: AttributeEncoder, e: Encap, types: readonly [number, number, number, number]): void {
  out.u16(types[0], e.type);
  out.u16(types[1], e.flags);
  out.bytes(types[2], be16Bytes(e.sport));
  out.bytes(types[3], be16Bytes(e.dport));
}

/** The "tos"/"tclass"/"dsfield" value: "inherit" is 1, else a DS field name or number. */
function tunnelTos(v: string, deps: KindDeps): number {
  return parseTunnelTos(v, IprouteNames.forEnv(deps.env));
}

/** The usage lines gre, ipip/sit and ip6tnl share, from "dev" to the encap options. */
const DEV_AND_ENCAP_USAGE = `\t\t\t[ dev PHYS_DEV ]
\t\t\t[ fwmark MARK ]
\t\t\t[ external ]
\t\t\t[ noencap ]
\t\t\t[ encap { fou | gue | none } ]
\t\t\t[ encap-sport PORT ]
\t\t\t[ encap-dport PORT ]
\t\t\t[ [no]encap-csum ]
\t\t\t[ [no]encap-csum6 ]
\t\t\t[ [no]encap-remcsum ]
`;

const GRE_USAGE_TAIL = `\t\t\t[ remote ADDR ]
\t\t\t[ local ADDR ]
\t\t\t[ [no][i|o]seq ]
\t\t\t[ [i|o]key KEY | no[i|o]key ]
\t\t\t[ [no][i|o]csum ]
\t\t\t[ ttl TTL ]
\t\t\t[ tos TOS ]
\t\t\t[ [no]pmtudisc ]
\t\t\t[ [no]ignore-df ]
${DEV_AND_ENCAP_USAGE}`;
const ERSPAN_USAGE = `\t\t\t[ erspan_ver version ]
\t\t\t[ erspan IDX ]
\t\t\t[ erspan_dir { ingress | egress } ]
\t\t\t[ erspan_hwid hwid ]
`;
const GRE_USAGE_WHERE = `
Where:\tADDR := { IP_ADDRESS | any }
\tTOS  := { NUMBER | inherit }
\tTTL  := { 1..255 | inherit }
\tKEY  := { DOTTED_QUAD | NUMBER }
\tMARK := { 0x0..0xffffffff }`;

/**
 * The kind's print_help on stderr and parse_opt's return -1 (exit 1): how
 * the tunnels answer "help" and any word they do not know, without naming it.
 */
function unknownOption(usage: string): never {
  throw new CliError(usage, 1, 'usage', true);
}

/** gre_print_help (ip/link_gre.c): "%-9s" of the kind, a tab, then the options. */
function greUsage(kind: string): string {
  const head = `Usage: ... ${kind.padEnd(9)}\t`;
  return head + GRE_USAGE_TAIL.slice(3) + (kind === 'erspan' ? ERSPAN_USAGE : '') + GRE_USAGE_WHERE;
}

/**
 * gre_parse_opt's key, seq and csum words (ip/link_gre.c, iproute2 6.1),
 * in its order so that an abbreviation picks what ip picks: [word, what it
 * sets on the input side, on the output side, whether it clears].
 */
const GRE_FLAG_WORDS: readonly (readonly [string, number, number, boolean])[] = [
  ['seq', GRE_SEQ, GRE_SEQ, false],
  ['noseq', GRE_SEQ, GRE_SEQ, true],
  ['iseq', GRE_SEQ, 0, false],
  ['noiseq', GRE_SEQ, 0, true],
  ['oseq', 0, GRE_SEQ, false],
  ['nooseq', 0, GRE_SEQ, true],
  ['csum', GRE_CSUM, GRE_CSUM, false],
  ['nocsum', GRE_CSUM, GRE_CSUM, true],
  ['icsum', GRE_CSUM, 0, false],
  ['noicsum', GRE_CSUM, 0, true],
  ['ocsum', 0, GRE_CSUM, false],
  ['noocsum', 0, GRE_CSUM, true],
];

/** The GRE keys and flags gre and ip6gre keep alike (__be32 keys, GRE_* flags). */
interface GreKeys {
  iflags: number;
  oflags: number;
  ikey: Be32;
  okey: Be32;
}

/**
 * One of the key, sequence and checksum words of gre_parse_opt (link_gre.c
 * and link_gre6.c, iproute2 6.1), in their order so that an abbreviation
 * picks what ip picks; false when `w` is none of them.
 */
function greKeyOption(w: string, next: () => string, k: GreKeys): boolean {
  const flagWord = GRE_FLAG_WORDS.find(([name]) => matches(w, name));
  if (matches(w, 'key')) {
    k.iflags |= GRE_KEY;
    k.oflags |= GRE_KEY;
    k.ikey = k.okey = tunnelKey('key', next());
  } else if (matches(w, 'nokey')) {
    k.iflags &= ~GRE_KEY;
    k.oflags &= ~GRE_KEY;
    k.ikey = k.okey = new Uint8Array(4);
  } else if (matches(w, 'ikey')) {
    k.iflags |= GRE_KEY;
    k.ikey = tunnelKey('ikey', next());
  } else if (matches(w, 'noikey')) {
    k.iflags &= ~GRE_KEY;
    k.ikey = new Uint8Array(4);
  } else if (matches(w, 'okey')) {
    k.oflags |= GRE_KEY;
    k.okey = tunnelKey('okey', next());
  } else if (matches(w, 'nookey')) {
    k.oflags &= ~GRE_KEY;
    k.okey = new Uint8Array(4);
  } else if (flagWord) {
    const [, i, o, clear] = flagWord;
    k.iflags = clear ? k.iflags & ~i : k.iflags | i;
    k.oflags = clear ? k.oflags & ~o : k.oflags | o;
  } else return false;
  return true;
}

/** IFLA_GRE_IKEY/OKEY (already in network order) and the __be16 IFLA_GRE_IFLAGS/OFLAGS. */
function putGreKeys(out: AttributeEncoder, k: GreKeys): void {
  out.bytes(tun.IFLA_GRE_IKEY, k.ikey).bytes(tun.IFLA_GRE_OKEY, k.okey);
  out.bytes(tun.IFLA_GRE_IFLAGS, be16Bytes(k.iflags)).bytes(tun.IFLA_GRE_OFLAGS, be16Bytes(k.oflags));
}

/** The erspan options (index, version, direction, hardware id); version 1 unless given. */
interface Erspan {
  index: number;
  ver: number;
  dir: number;
  hwid: number;
}

/** One erspan word (exact words, strcmp in ip); false when `w` is none of them. */
function erspanOption(w: string, next: () => string, e: Erspan): boolean {
  if (w === 'erspan') {
    const v = next();
    e.index = getU32(v) ?? invarg('invalid erspan index\n', v);
    if (e.index & ~((1 << 20) - 1) || e.index === 0) invarg('erspan index must be > 0 and <= 20-bit\n', v);
  } else if (w === 'erspan_ver') {
    const v = next();
    e.ver = getU8(v) ?? invarg('invalid erspan version\n', v);
    if (e.ver > 2) invarg('erspan version must be 0/1/2\n', v);
  } else if (w === 'erspan_dir') {
    const v = next();
    if (matches(v, 'ingress')) e.dir = 0;
    else if (matches(v, 'egress')) e.dir = 1;
    else invarg('Invalid erspan direction.', v);
  } else if (w === 'erspan_hwid') {
    const v = next();
    e.hwid = getU16(v) ?? invarg('invalid erspan hwid\n', v);
  } else return false;
  return true;
}

/** The version, then the index (version 1) or the direction and hardware id (version 2). */
function putErspan(out: AttributeEncoder, e: Erspan): void {
  out.u8(tun.IFLA_GRE_ERSPAN_VER, e.ver);
  if (e.ver === 1 && e.index !== 0) out.u32(tun.IFLA_GRE_ERSPAN_INDEX, e.index);
  else if (e.ver === 2) out.u8(tun.IFLA_GRE_ERSPAN_DIR, e.dir).u16(tun.IFLA_GRE_ERSPAN_HWID, e.hwid);
}

const GRE_ENCAP = [
  tun.IFLA_GRE_ENCAP_TYPE,
  tun.IFLA_GRE_ENCAP_FLAGS,
  tun.IFLA_GRE_ENCAP_SPORT,
  tun.IFLA_GRE_ENCAP_DPORT,
] as const;

/** The keys and key/seq/csum flags of an existing GRE tunnel (link_gre.c and link_gre6.c alike). */
function loadGreKeys(d: AttributeIndex, k: GreKeys): void {
  k.ikey = d.bytes(tun.IFLA_GRE_IKEY)?.slice(0, 4) ?? k.ikey;
  k.okey = d.bytes(tun.IFLA_GRE_OKEY)?.slice(0, 4) ?? k.okey;
  k.iflags = be16Of(d, tun.IFLA_GRE_IFLAGS) ?? k.iflags;
  k.oflags = be16Of(d, tun.IFLA_GRE_OFLAGS) ?? k.oflags;
}

/** The erspan settings of an existing tunnel. */
function loadErspan(d: AttributeIndex, e: Erspan): void {
  e.index = d.u32(tun.IFLA_GRE_ERSPAN_INDEX) ?? e.index;
  e.ver = d.u8(tun.IFLA_GRE_ERSPAN_VER) ?? e.ver;
  e.dir = d.u8(tun.IFLA_GRE_ERSPAN_DIR) ?? e.dir;
  e.hwid = d.u16(tun.IFLA_GRE_ERSPAN_HWID) ?? e.hwid;
}

/** gre_parse_opt (ip/link_gre.c, iproute2 6.1) for gre, gretap and erspan: a new link's options or a change to them. */
function greParser(kind: string): KindParser {
  return (args, deps) => {
    const usage = greUsage(kind);
    const isErspan = kind === 'erspan';
    const k: GreKeys = { iflags: 0, oflags: 0, ikey: new Uint8Array(4), okey: new Uint8Array(4) };
    let saddr: InetPrefix | undefined;
    let daddr: InetPrefix | undefined;
    let link = 0;
    let pmtudisc = 1;
    let ignoreDf = 0;
    let ttl = 0;
    let tos = 0;
    let metadata = false;
    let fwmark = 0;
    const e: Erspan = { index: 0, ver: 1, dir: 0, hwid: 0 };
    const encap: Encap = { type: 0, flags: 0, sport: 0, dport: 0 };
    if (deps.req.setOp) {
      // link_gre.c gre_parse_opt: the existing settings are the defaults.
      const d = existingTunnel(deps);
      saddr = addrOf(d, tun.IFLA_GRE_LOCAL, AF_INET) ?? saddr;
      daddr = addrOf(d, tun.IFLA_GRE_REMOTE, AF_INET) ?? daddr;
      loadGreKeys(d, k);
      pmtudisc = d.u8(tun.IFLA_GRE_PMTUDISC) ?? pmtudisc;
      const df = d.u8(tun.IFLA_GRE_IGNORE_DF);
      if (df !== undefined) ignoreDf = df ? 1 : 0;
      tos = d.u8(tun.IFLA_GRE_TOS) ?? tos;
      ttl = d.u8(tun.IFLA_GRE_TTL) ?? ttl;
      link = d.u32(tun.IFLA_GRE_LINK) ?? link;
      loadEncap(d, encap, GRE_ENCAP);
      metadata = d.flag(tun.IFLA_GRE_COLLECT_METADATA);
      fwmark = d.u32(tun.IFLA_GRE_FWMARK) ?? fwmark;
      loadErspan(d, e);
    }
    eachOption(args, (w, next) => {
      if (greKeyOption(w, next, k)) {
        // [no][i|o]key, [no][i|o]seq, [no][i|o]csum
      } else if (matches(w, 'nopmtudisc')) pmtudisc = 0;
      else if (matches(w, 'pmtudisc')) pmtudisc = 1;
      else if (matches(w, 'remote')) daddr = getAddr(next(), AF_INET);
      else if (matches(w, 'local')) saddr = getAddr(next(), AF_INET);
      else if (matches(w, 'dev')) link = linkIndex(deps, next());
      else if (matches(w, 'ttl') || matches(w, 'hoplimit') || matches(w, 'hlim')) ttl = tunnelTtl(next());
      else if (matches(w, 'tos') || matches(w, 'tclass') || matches(w, 'dsfield'))
        tos = tunnelTos(next(), deps);
      else if (encapOption(w, next, encap)) {
        // noencap, encap TYPE, encap-sport/dport, [no]encap-csum/-udp6-csum/-remcsum
      } else if (w === 'external') metadata = true;
      else if (w === 'ignore-df') ignoreDf = 1;
      // "only the lsb is significant, use 2 for presence" (link_gre.c)
      else if (w === 'noignore-df') ignoreDf = 2;
      else if (w === 'fwmark') {
        const v = next();
        fwmark = getU32(v) ?? invarg('invalid fwmark\n', v);
      } else if (isErspan && erspanOption(w, next, e)) {
        // erspan, erspan_ver, erspan_dir, erspan_hwid
      } else unknownOption(usage);
    });
    // A multicast remote is a broadcast tunnel: the address is the default key (link_gre.c).
    if (isMulticast4(daddr)) {
      if (k.ikey.every((b) => b === 0)) {
        k.ikey = daddr!.bytes;
        k.iflags |= GRE_KEY;
      }
      if (k.okey.every((b) => b === 0)) {
        k.okey = daddr!.bytes;
        k.oflags |= GRE_KEY;
      }
      if (!isSet(saddr)) throw new CliError('A broadcast tunnel requires a source address.', 1);
    }
    const out = new AttributeEncoder();
    if (metadata) return out.flag(tun.IFLA_GRE_COLLECT_METADATA).finish();
    putGreKeys(out, k);
    if (isSet(saddr)) out.bytes(tun.IFLA_GRE_LOCAL, saddr.bytes);
    if (isSet(daddr)) out.bytes(tun.IFLA_GRE_REMOTE, daddr.bytes);
    out.u8(tun.IFLA_GRE_PMTUDISC, pmtudisc);
    if (ignoreDf) out.u8(tun.IFLA_GRE_IGNORE_DF, ignoreDf & 1);
    out.u8(tun.IFLA_GRE_TOS, tos);
    if (link) out.u32(tun.IFLA_GRE_LINK, link);
    out.u8(tun.IFLA_GRE_TTL, ttl).u32(tun.IFLA_GRE_FWMARK, fwmark);
    if (isErspan) putErspan(out, e);
    putEncap(out, encap, GRE_ENCAP);
    return out.finish();
  };
}

const IPTUN_ENCAP = [
  tun.IFLA_IPTUN_ENCAP_TYPE,
  tun.IFLA_IPTUN_ENCAP_FLAGS,
  tun.IFLA_IPTUN_ENCAP_SPORT,
  tun.IFLA_IPTUN_ENCAP_DPORT,
] as const;

/** iptunnel_print_help (ip/link_iptnl.c): "%-6s" of the kind, a tab, then the options. */
function iptunnelUsage(kind: string): string {
  const mode =
    kind === 'sit' ? '{ ip6ip | ipip | mplsip | any } ]\n\t\t\t[ isatap' : '{ ipip | mplsip | any }';
  return `Usage: ... ${kind.padEnd(6)}\t[ remote ADDR ]
\t\t\t[ local ADDR ]
\t\t\t[ ttl TTL ]
\t\t\t[ tos TOS ]
\t\t\t[ [no]pmtudisc ]
\t\t\t[ 6rd-prefix ADDR ]
\t\t\t[ 6rd-relay_prefix ADDR ]
\t\t\t[ 6rd-reset ]
${DEV_AND_ENCAP_USAGE}\t\t\t[ mode ${mode} ]

Where:\tADDR := { IP_ADDRESS | any }
\tTOS  := { NUMBER | inherit }
\tTTL  := { 1..255 | inherit }
\tMARK := { 0x0..0xffffffff }`;
}

/** "mode" of ipip and sit: tun.IFLA_IPTUN_PROTO by ip's words (sit alone takes IPv6 over IPv4). */
function iptunnelMode(kind: string, v: string): number {
  if (kind === 'sit' && (v === 'ipv6/ipv4' || v === 'ip6ip')) return IPPROTO_IPV6;
  if (v === 'ipv4/ipv4' || v === 'ipip' || v === 'ip4ip4') return IPPROTO_IPIP;
  if (v === 'mpls/ipv4' || v === 'mplsip') return IPPROTO_MPLS;
  if (v === 'any/ipv4' || v === 'any') return 0;
  return invarg('Cannot guess tunnel mode.', v);
}

/** iptunnel_parse_opt (ip/link_iptnl.c, iproute2 6.1) for ipip and sit: a new link's options. */
function iptunnelParser(kind: string): KindParser {
  return (args, deps) => {
    const isSit = kind === 'sit';
    let saddr: InetPrefix | undefined;
    let daddr: InetPrefix | undefined;
    let prefix6rd: InetPrefix | undefined;
    let relayPrefix: InetPrefix | undefined;
    let pmtudisc = 1;
    let tos = 0;
    let iflags = 0;
    let ttl = 0;
    let proto = 0;
    let link = 0;
    let metadata = false;
    let fwmark = 0;
    const encap: Encap = { type: 0, flags: 0, sport: 0, dport: 0 };
    if (deps.req.setOp) {
      // link_iptnl.c iptunnel_parse_opt: the existing settings are the defaults.
      const d = existingTunnel(deps);
      saddr = addrOf(d, tun.IFLA_IPTUN_LOCAL, AF_INET) ?? saddr;
      daddr = addrOf(d, tun.IFLA_IPTUN_REMOTE, AF_INET) ?? daddr;
      const p6 = addrOf(d, tun.IFLA_IPTUN_6RD_PREFIX, AF_INET6);
      if (p6) prefix6rd = { ...p6, bitlen: d.u16(tun.IFLA_IPTUN_6RD_PREFIXLEN) ?? 0 };
      const relay = addrOf(d, tun.IFLA_IPTUN_6RD_RELAY_PREFIX, AF_INET);
      if (relay) relayPrefix = { ...relay, bitlen: d.u16(tun.IFLA_IPTUN_6RD_RELAY_PREFIXLEN) ?? 0 };
      ttl = d.u8(tun.IFLA_IPTUN_TTL) ?? ttl;
      pmtudisc = d.u8(tun.IFLA_IPTUN_PMTUDISC) ?? pmtudisc;
      tos = d.u8(tun.IFLA_IPTUN_TOS) ?? tos;
      iflags = d.u16(tun.IFLA_IPTUN_FLAGS) ?? iflags;
      link = d.u32(tun.IFLA_IPTUN_LINK) ?? link;
      proto = d.u8(tun.IFLA_IPTUN_PROTO) ?? proto;
      loadEncap(d, encap, IPTUN_ENCAP);
      metadata = d.flag(tun.IFLA_IPTUN_COLLECT_METADATA);
      fwmark = d.u32(tun.IFLA_IPTUN_FWMARK) ?? fwmark;
    }
    eachOption(args, (w, next) => {
      if (w === 'mode') proto = iptunnelMode(kind, next());
      else if (w === 'remote') daddr = getAddr(next(), AF_INET);
      else if (w === 'local') saddr = getAddr(next(), AF_INET);
      else if (matches(w, 'dev')) link = linkIndex(deps, next());
      else if (w === 'ttl' || w === 'hoplimit' || w === 'hlim') ttl = tunnelTtl(next());
      else if (w === 'tos' || w === 'tclass' || w === 'tc' || matches(w, 'dsfield'))
        tos = tunnelTos(next(), deps);
      else if (w === 'nopmtudisc') pmtudisc = 0;
      else if (w === 'pmtudisc') pmtudisc = 1;
      else if (isSit && w === 'isatap') iflags |= SIT_ISATAP;
      else if (encapOption(w, next, encap)) {
        // noencap, encap TYPE, encap-sport/dport, [no]encap-csum/-udp6-csum/-remcsum
      } else if (w === 'external') metadata = true;
      else if (w === '6rd-prefix') {
        // get_prefix() exits with its own message first, so ip's "invalid 6rd_prefix" is never seen.
        prefix6rd = getPrefix(next(), AF_INET6);
      } else if (w === '6rd-relay_prefix') {
        relayPrefix = getPrefix(next(), AF_INET);
      } else if (w === '6rd-reset') {
        // What link_iptnl.c means to do (ip 6.1 itself crashes here): the
        // default 6rd prefix 2002::/16 and no relay prefix.
        prefix6rd = getPrefix('2002::/16', AF_INET6);
        relayPrefix = undefined;
      } else if (w === 'fwmark') {
        const v = next();
        fwmark = getU32(v) ?? invarg('invalid fwmark\n', v);
      } else unknownOption(iptunnelUsage(kind));
    });
    if (ttl && pmtudisc === 0) throw new CliError('ttl != 0 and nopmtudisc are incompatible', EXIT_USAGE);
    const out = new AttributeEncoder().u8(tun.IFLA_IPTUN_PROTO, proto);
    if (metadata) return out.flag(tun.IFLA_IPTUN_COLLECT_METADATA).finish();
    if (isSet(saddr)) out.bytes(tun.IFLA_IPTUN_LOCAL, saddr.bytes);
    if (isSet(daddr)) out.bytes(tun.IFLA_IPTUN_REMOTE, daddr.bytes);
    out.u8(tun.IFLA_IPTUN_PMTUDISC, pmtudisc).u8(tun.IFLA_IPTUN_TOS, tos).u8(tun.IFLA_IPTUN_TTL, ttl);
    out.u32(tun.IFLA_IPTUN_LINK, link).u32(tun.IFLA_IPTUN_FWMARK, fwmark);
    putEncap(out, encap, IPTUN_ENCAP);
    if (isSit) {
      out.u16(tun.IFLA_IPTUN_FLAGS, iflags);
      if (prefix6rd) {
        out.bytes(tun.IFLA_IPTUN_6RD_PREFIX, prefix6rd.bytes);
        out.u16(tun.IFLA_IPTUN_6RD_PREFIXLEN, prefix6rd.bitlen);
      }
      if (relayPrefix) {
        out.bytes(tun.IFLA_IPTUN_6RD_RELAY_PREFIX, relayPrefix.bytes.subarray(0, 4));
        out.u16(tun.IFLA_IPTUN_6RD_RELAY_PREFIXLEN, relayPrefix.bitlen);
      }
    }
    return out.finish();
  };
}

/** vti_print_help / vti6_print_help (ip/link_vti.c, link_vti6.c). */
function vtiUsage(kind: string): string {
  const addr = kind === 'vti' ? '{ IP_ADDRESS }' : '{ IPV6_ADDRESS }';
  return `Usage: ... ${kind === 'vti' ? 'vti ' : kind}\t[ remote ADDR ]
\t\t[ local ADDR ]
\t\t[ [i|o]key KEY ]
\t\t[ dev PHYS_DEV ]
\t\t[ fwmark MARK ]

Where:\tADDR := ${addr}
\tKEY  := { DOTTED_QUAD | NUMBER }
\tMARK := { 0x0..0xffffffff }`;
}

/** vti_parse_opt / vti6_parse_opt (ip/link_vti.c, link_vti6.c, iproute2 6.1): a new link's options. */
function vtiParser(kind: string): KindParser {
  return (args, deps) => {
    const family = kind === 'vti' ? AF_INET : AF_INET6;
    let ikey: Be32 = new Uint8Array(4);
    let okey: Be32 = new Uint8Array(4);
    let saddr: InetPrefix | undefined;
    let daddr: InetPrefix | undefined;
    let link = 0;
    let fwmark = 0;
    if (deps.req.setOp) {
      // link_vti.c / link_vti6.c vti_parse_opt: the existing settings are the defaults.
      const d = existingTunnel(deps);
      ikey = d.bytes(tun.IFLA_VTI_IKEY)?.slice(0, 4) ?? ikey;
      okey = d.bytes(tun.IFLA_VTI_OKEY)?.slice(0, 4) ?? okey;
      saddr = addrOf(d, tun.IFLA_VTI_LOCAL, family) ?? saddr;
      daddr = addrOf(d, tun.IFLA_VTI_REMOTE, family) ?? daddr;
      link = d.u32(tun.IFLA_VTI_LINK) ?? link;
      fwmark = d.u32(tun.IFLA_VTI_FWMARK) ?? fwmark;
    }
    eachOption(args, (w, next) => {
      if (matches(w, 'key')) ikey = okey = tunnelKey('key', next());
      else if (matches(w, 'ikey')) ikey = tunnelKey('ikey', next());
      else if (matches(w, 'okey')) okey = tunnelKey('okey', next());
      else if (matches(w, 'remote')) daddr = getAddr(next(), family);
      else if (matches(w, 'local')) saddr = getAddr(next(), family);
      else if (matches(w, 'dev')) link = linkIndex(deps, next());
      else if (w === 'fwmark') {
        const v = next();
        fwmark = getU32(v) ?? invarg('invalid fwmark\n', v);
      } else unknownOption(vtiUsage(kind));
    });
    const out = new AttributeEncoder().bytes(tun.IFLA_VTI_IKEY, ikey).bytes(tun.IFLA_VTI_OKEY, okey);
    if (isSet(saddr)) out.bytes(tun.IFLA_VTI_LOCAL, saddr.bytes);
    if (isSet(daddr)) out.bytes(tun.IFLA_VTI_REMOTE, daddr.bytes);
    out.u32(tun.IFLA_VTI_FWMARK, fwmark);
    if (link) out.u32(tun.IFLA_VTI_LINK, link);
    return out.finish();
  };
}

/** DEFAULT_TNL_HOP_LIMIT of ip/link_gre6.c and ip/link_ip6tnl.c (iproute2's own default, not the kernel's). */
const DEFAULT_TNL_HOP_LIMIT = 64;

/**
 * The options the IPv6 tunnels share (gre6_parse_opt, ip6tunnel_parse_opt):
 * hop limit, encapsulation limit, traffic class, flow label, DSCP copy,
 * fwmark and allow-localremote, kept as ip keeps them (flowinfo in host
 * order here, sent in network order).
 */
interface Ip6TunnelCommon {
  hopLimit: number;
  encapLimit: number;
  flowinfo: number;
  flags: number;
  fwmark: number;
}

/** The defaults of link_gre6.c and link_ip6tnl.c: hop limit 64, encapsulation limit 4, nothing else set. */
function ip6TunnelDefaults(): Ip6TunnelCommon {
  return {
    hopLimit: DEFAULT_TNL_HOP_LIMIT,
    encapLimit: IPV6_DEFAULT_TNL_ENCAP_LIMIT,
    flowinfo: 0,
    flags: 0,
    fwmark: 0,
  };
}

/** A __be32 attribute as a number (the IPv6 tunnels' flowinfo). */
function be32Of(d: AttributeIndex, type: number): number | undefined {
  const a = d.get(type);
  return a && a.data.length >= 4 ? be32(a) : undefined;
}

/** The common IPv6 tunnel settings of an existing tunnel (gre6_parse_opt, ip6tunnel_parse_opt). */
function loadIp6Common(
  d: AttributeIndex,
  c: Ip6TunnelCommon,
  t: { ttl: number; encapLimit: number; flowinfo: number; flags: number; fwmark: number },
): void {
  c.hopLimit = d.u8(t.ttl) ?? c.hopLimit;
  c.encapLimit = d.u8(t.encapLimit) ?? c.encapLimit;
  c.flowinfo = be32Of(d, t.flowinfo) ?? c.flowinfo;
  c.flags = d.u32(t.flags) ?? c.flags;
  c.fwmark = d.u32(t.fwmark) ?? c.fwmark;
}

/** The IPv6 tunnels ask for UDP checksums over IPv6 unless told not to (encapflags = TUNNEL_ENCAP_FLAG_CSUM6). */
function ip6EncapDefaults(): Encap {
  return { type: 0, flags: TUNNEL_ENCAP_FLAG_CSUM6, sport: 0, dport: 0 };
}

/**
 * One of those options; false when `w` is none of them. `tosWord` says
 * which words name the traffic class (link_gre6.c takes abbreviations of
 * tos/tclass/dsfield, link_ip6tnl.c the exact tos/tclass/tc or an
 * abbreviation of dsfield).
 */
function ip6CommonOption(
  w: string,
  next: () => string,
  c: Ip6TunnelCommon,
  tosWord: (w: string) => boolean,
  hoplimitWord: (w: string) => boolean,
): boolean {
  if (hoplimitWord(w)) {
    const v = next();
    c.hopLimit = v === 'inherit' ? 0 : (getU8(v) ?? invarg('invalid HLIM\n', v));
  } else if (tosWord(w)) {
    const v = next();
    c.flowinfo &= ~IPV6_FLOWINFO_PRIORITY;
    if (v === 'inherit') c.flags |= IP6_TNL_F_USE_ORIG_TCLASS;
    else {
      const t = getU8(v, 16) ?? invarg('invalid TClass', v);
      c.flowinfo |= (t << 20) & IPV6_FLOWINFO_PRIORITY;
      c.flags &= ~IP6_TNL_F_USE_ORIG_TCLASS;
    }
  } else if (w === 'flowlabel' || w === 'fl') {
    const v = next();
    c.flowinfo &= ~IPV6_FLOWINFO_FLOWLABEL;
    if (v === 'inherit') c.flags |= IP6_TNL_F_USE_ORIG_FLOWLABEL;
    else {
      const l = getU32(v, 16);
      if (l === undefined || l > IPV6_FLOWINFO_FLOWLABEL) invarg('invalid Flowlabel', v);
      c.flowinfo |= l & IPV6_FLOWINFO_FLOWLABEL;
      c.flags &= ~IP6_TNL_F_USE_ORIG_FLOWLABEL;
    }
  } else if (w === 'dscp') {
    const v = next();
    if (v !== 'inherit') invarg('not inherit', v);
    c.flags |= IP6_TNL_F_RCV_DSCP_COPY;
  } else if (w === 'fwmark') {
    const v = next();
    if (v === 'inherit') {
      c.flags |= IP6_TNL_F_USE_ORIG_FWMARK;
      c.fwmark = 0;
    } else {
      c.fwmark = getU32(v) ?? invarg('invalid fwmark\n', v);
      c.flags &= ~IP6_TNL_F_USE_ORIG_FWMARK;
    }
  } else if (w === 'allow-localremote') c.flags |= IP6_TNL_F_ALLOW_LOCAL_REMOTE;
  else if (w === 'noallow-localremote') c.flags &= ~IP6_TNL_F_ALLOW_LOCAL_REMOTE;
  else if (w === 'encaplimit') {
    const v = next();
    if (v === 'none') c.flags |= IP6_TNL_F_IGN_ENCAP_LIMIT;
    else {
      c.encapLimit = getU8(v) ?? invarg('invalid ELIM', v);
      c.flags &= ~IP6_TNL_F_IGN_ENCAP_LIMIT;
    }
  } else return false;
  return true;
}

/** gre_print_help (ip/link_gre6.c, iproute2 6.1): "%-9s" of the kind, a tab, the options and their ranges. */
function gre6Usage(kind: string): string {
  return `Usage: ... ${kind.padEnd(9)}\t[ remote ADDR ]
\t\t\t[ local ADDR ]
\t\t\t[ [no][i|o]seq ]
\t\t\t[ [i|o]key KEY | no[i|o]key ]
\t\t\t[ [no][i|o]csum ]
\t\t\t[ hoplimit TTL ]
\t\t\t[ encaplimit ELIM ]
\t\t\t[ tclass TCLASS ]
\t\t\t[ flowlabel FLOWLABEL ]
\t\t\t[ dscp inherit ]
\t\t\t[ dev PHYS_DEV ]
\t\t\t[ fwmark MARK ]
\t\t\t[ [no]allow-localremote ]
\t\t\t[ external ]
\t\t\t[ noencap ]
\t\t\t[ encap { fou | gue | none } ]
\t\t\t[ encap-sport PORT ]
\t\t\t[ encap-dport PORT ]
\t\t\t[ [no]encap-csum ]
\t\t\t[ [no]encap-csum6 ]
\t\t\t[ [no]encap-remcsum ]
${ERSPAN_USAGE}
Where:\tADDR\t  := IPV6_ADDRESS
\tTTL\t  := { 0..255 } (default=${DEFAULT_TNL_HOP_LIMIT})
\tKEY\t  := { DOTTED_QUAD | NUMBER }
\tELIM\t  := { none | 0..255 }(default=${IPV6_DEFAULT_TNL_ENCAP_LIMIT})
\tTCLASS\t  := { 0x0..0xff | inherit }
\tFLOWLABEL := { 0x0..0xfffff | inherit }
\tMARK\t  := { 0x0..0xffffffff | inherit }`;
}

/** gre_parse_opt (ip/link_gre6.c, iproute2 6.1) for ip6gre, ip6gretap and ip6erspan: a new link's options or a change to them. */
function gre6Parser(kind: string): KindParser {
  return (args, deps) => {
    const usage = gre6Usage(kind);
    const k: GreKeys = { iflags: 0, oflags: 0, ikey: new Uint8Array(4), okey: new Uint8Array(4) };
    let saddr: InetPrefix | undefined;
    let daddr: InetPrefix | undefined;
    let link = 0;
    let metadata = false;
    const e: Erspan = { index: 0, ver: 1, dir: 0, hwid: 0 };
    const c = ip6TunnelDefaults();
    const encap = ip6EncapDefaults();
    const tosWord = (w: string): boolean =>
      matches(w, 'tos') || matches(w, 'tclass') || matches(w, 'dsfield');
    const hoplimitWord = (w: string): boolean =>
      matches(w, 'ttl') || matches(w, 'hoplimit') || matches(w, 'hlim');
    if (deps.req.setOp) {
      // link_gre6.c gre_parse_opt: the existing settings are the defaults.
      const d = existingTunnel(deps);
      saddr = addrOf(d, tun.IFLA_GRE_LOCAL, AF_INET6) ?? saddr;
      daddr = addrOf(d, tun.IFLA_GRE_REMOTE, AF_INET6) ?? daddr;
      loadGreKeys(d, k);
      link = d.u32(tun.IFLA_GRE_LINK) ?? link;
      loadIp6Common(d, c, {
        ttl: tun.IFLA_GRE_TTL,
        encapLimit: tun.IFLA_GRE_ENCAP_LIMIT,
        flowinfo: tun.IFLA_GRE_FLOWINFO,
        flags: tun.IFLA_GRE_FLAGS,
        fwmark: tun.IFLA_GRE_FWMARK,
      });
      loadEncap(d, encap, GRE_ENCAP);
      metadata = d.flag(tun.IFLA_GRE_COLLECT_METADATA);
      loadErspan(d, e);
    }
    eachOption(args, (w, next) => {
      if (greKeyOption(w, next, k)) {
        // [no][i|o]key, [no][i|o]seq, [no][i|o]csum
      } else if (matches(w, 'remote')) daddr = getAddr(next(), AF_INET6);
      else if (matches(w, 'local')) saddr = getAddr(next(), AF_INET6);
      else if (matches(w, 'dev')) link = linkIndex(deps, next());
      else if (ip6CommonOption(w, next, c, tosWord, hoplimitWord)) {
        // hoplimit, tclass, flowlabel, dscp, fwmark, [no]allow-localremote, encaplimit
      } else if (encapOption(w, next, encap)) {
        // noencap, encap TYPE, encap-sport/dport, [no]encap-csum/-udp6-csum/-remcsum
      } else if (w === 'external') metadata = true;
      else if (erspanOption(w, next, e)) {
        // erspan, erspan_ver, erspan_dir, erspan_hwid
      } else unknownOption(usage);
    });
    const out = new AttributeEncoder();
    if (metadata) return out.flag(tun.IFLA_GRE_COLLECT_METADATA).finish();
    putGreKeys(out, k);
    if (isSet(saddr)) out.bytes(tun.IFLA_GRE_LOCAL, saddr.bytes);
    if (isSet(daddr)) out.bytes(tun.IFLA_GRE_REMOTE, daddr.bytes);
    if (link) out.u32(tun.IFLA_GRE_LINK, link);
    out.u8(tun.IFLA_GRE_TTL, c.hopLimit).u8(tun.IFLA_GRE_ENCAP_LIMIT, c.encapLimit);
    out.bytes(tun.IFLA_GRE_FLOWINFO, be32Bytes(c.flowinfo));
    out.u32(tun.IFLA_GRE_FLAGS, c.flags).u32(tun.IFLA_GRE_FWMARK, c.fwmark);
    // Unlike link_gre.c, link_gre6.c takes the erspan options for every kind and always sends the version.
    putErspan(out, e);
    putEncap(out, encap, GRE_ENCAP);
    return out.finish();
  };
}

/** ip6tunnel_print_help (ip/link_ip6tnl.c, iproute2 6.1). */
const IP6TNL_USAGE = `Usage: ... ip6tnl\t[ remote ADDR ]
\t\t\t[ local ADDR ]
\t\t\t[ encaplimit ELIM ]
\t\t\t[ hoplimit HLIM ]
\t\t\t[ tclass TCLASS ]
\t\t\t[ flowlabel FLOWLABEL ]
\t\t\t[ dscp inherit ]
\t\t\t[ [no]allow-localremote ]
${DEV_AND_ENCAP_USAGE}\t\t\t[ mode { ip6ip6 | ipip6 | any } ]

Where:\tADDR\t  := IPV6_ADDRESS
\tELIM\t  := { none | 0..255 }(default=${IPV6_DEFAULT_TNL_ENCAP_LIMIT})
\tHLIM\t  := 0..255 (default=${DEFAULT_TNL_HOP_LIMIT})
\tTCLASS    := { 0x0..0xff | inherit }
\tFLOWLABEL := { 0x0..0xfffff | inherit }
\tMARK\t  := { 0x0..0xffffffff | inherit }`;

/** "mode" of ip6tnl: IFLA_IPTUN_PROTO by ip's words. */
function ip6tnlMode(v: string): number {
  if (v === 'ipv6/ipv6' || v === 'ip6ip6') return IPPROTO_IPV6;
  if (v === 'ip/ipv6' || v === 'ipv4/ipv6' || v === 'ipip6' || v === 'ip4ip6') return IPPROTO_IPIP;
  if (v === 'any/ipv6' || v === 'any') return 0;
  return invarg('Cannot guess tunnel mode.', v);
}

/** ip6tunnel_parse_opt (ip/link_ip6tnl.c, iproute2 6.1): a new link's options or a change to them. */
const ip6tnlParser: KindParser = (args, deps) => {
  let saddr: InetPrefix | undefined;
  let daddr: InetPrefix | undefined;
  let proto = 0;
  let link = 0;
  let metadata = false;
  const c = ip6TunnelDefaults();
  const encap = ip6EncapDefaults();
  const tosWord = (w: string): boolean =>
    w === 'tos' || w === 'tclass' || w === 'tc' || matches(w, 'dsfield');
  const hoplimitWord = (w: string): boolean => w === 'ttl' || w === 'hoplimit' || w === 'hlim';
  if (deps.req.setOp) {
    // link_ip6tnl.c ip6tunnel_parse_opt: the existing settings are the defaults.
    const d = existingTunnel(deps);
    saddr = addrOf(d, tun.IFLA_IPTUN_LOCAL, AF_INET6) ?? saddr;
    daddr = addrOf(d, tun.IFLA_IPTUN_REMOTE, AF_INET6) ?? daddr;
    loadIp6Common(d, c, {
      ttl: tun.IFLA_IPTUN_TTL,
      encapLimit: tun.IFLA_IPTUN_ENCAP_LIMIT,
      flowinfo: tun.IFLA_IPTUN_FLOWINFO,
      flags: tun.IFLA_IPTUN_FLAGS,
      fwmark: tun.IFLA_IPTUN_FWMARK,
    });
    link = d.u32(tun.IFLA_IPTUN_LINK) ?? link;
    proto = d.u8(tun.IFLA_IPTUN_PROTO) ?? proto;
    loadEncap(d, encap, IPTUN_ENCAP);
    metadata = d.flag(tun.IFLA_IPTUN_COLLECT_METADATA);
  }
  eachOption(args, (w, next) => {
    if (w === 'mode') proto = ip6tnlMode(next());
    else if (w === 'remote') daddr = getAddr(next(), AF_INET6);
    else if (w === 'local') saddr = getAddr(next(), AF_INET6);
    else if (matches(w, 'dev')) link = linkIndex(deps, next());
    else if (ip6CommonOption(w, next, c, tosWord, hoplimitWord)) {
      // hoplimit, encaplimit, tclass, flowlabel, dscp, fwmark, [no]allow-localremote
    } else if (encapOption(w, next, encap)) {
      // noencap, encap TYPE, encap-sport/dport, [no]encap-csum/-udp6-csum/-remcsum
    } else if (w === 'external') metadata = true;
    else unknownOption(IP6TNL_USAGE);
  });
  const out = new AttributeEncoder().u8(tun.IFLA_IPTUN_PROTO, proto);
  if (metadata) return out.flag(tun.IFLA_IPTUN_COLLECT_METADATA).finish();
  if (isSet(saddr)) out.bytes(tun.IFLA_IPTUN_LOCAL, saddr.bytes);
  if (isSet(daddr)) out.bytes(tun.IFLA_IPTUN_REMOTE, daddr.bytes);
  out.u8(tun.IFLA_IPTUN_TTL, c.hopLimit).u8(tun.IFLA_IPTUN_ENCAP_LIMIT, c.encapLimit);
  out.bytes(tun.IFLA_IPTUN_FLOWINFO, be32Bytes(c.flowinfo)).u32(tun.IFLA_IPTUN_FLAGS, c.flags);
  out.u32(tun.IFLA_IPTUN_LINK, link).u32(tun.IFLA_IPTUN_FWMARK, c.fwmark);
  putEncap(out, encap, IPTUN_ENCAP);
  return out.finish();
};

/** The tunnels' parse_opt by kind, for change-kinds.ts's KIND_PARSERS. */
export const TUNNEL_PARSERS: Readonly<Record<string, KindParser>> = {
  gre: greParser('gre'),
  gretap: greParser('gretap'),
  erspan: greParser('erspan'),
  ipip: iptunnelParser('ipip'),
  sit: iptunnelParser('sit'),
  vti: vtiParser('vti'),
  vti6: vtiParser('vti6'),
  ip6gre: gre6Parser('ip6gre'),
  ip6gretap: gre6Parser('ip6gretap'),
  ip6erspan: gre6Parser('ip6erspan'),
  ip6tnl: ip6tnlParser,
};
