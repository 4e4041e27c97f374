import { CliError } from '../../iproute/errors.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { IprouteNames } from '../../iproute/names.js';
import { getAddr, getAddr32, getPrefix, type InetPrefix } from '../../iproute/prefix.js';
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
import {
  be32Bytes,
  eachOption,
  unsupportedOptions,
  parseTunnelTos,
  type KindDeps,
  type KindParser,
} from './change-kinds.js';
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
import { IPPROTO_IPIP, IPPROTO_IPV6, IPPROTO_MPLS } from './kinds/tunnel.js';

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

/** A __be16 as its two bytes (addattr_l of the variable, or addattr16 of htons()). */
function be16Bytes(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
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

/** The usage lines gre and ipip/sit share, from "dev" to the encap options. */
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

/** gre_parse_opt (ip/link_gre.c, iproute2 6.1) for gre, gretap and erspan: a new link's options. */
function greParser(kind: string): KindParser {
  return (args, deps) => {
    if (deps.req.setOp) refuseChange(kind);
    const usage = greUsage(kind);
    const isErspan = kind === 'erspan';
    let iflags = 0;
    let oflags = 0;
    let ikey: Be32 = new Uint8Array(4);
    let okey: Be32 = new Uint8Array(4);
    let saddr: InetPrefix | undefined;
    let daddr: InetPrefix | undefined;
    let link = 0;
    let pmtudisc = 1;
    let ignoreDf = 0;
    let ttl = 0;
    let tos = 0;
    let metadata = false;
    let fwmark = 0;
    let erspanIdx = 0;
    let erspanVer = 1;
    let erspanDir = 0;
    let erspanHwid = 0;
    const encap: Encap = { type: 0, flags: 0, sport: 0, dport: 0 };
    eachOption(args, (w, next) => {
      const flagWord = GRE_FLAG_WORDS.find(([name]) => matches(w, name));
      if (matches(w, 'key')) {
        iflags |= GRE_KEY;
        oflags |= GRE_KEY;
        ikey = okey = tunnelKey('key', next());
      } else if (matches(w, 'nokey')) {
        iflags &= ~GRE_KEY;
        oflags &= ~GRE_KEY;
        ikey = okey = new Uint8Array(4);
      } else if (matches(w, 'ikey')) {
        iflags |= GRE_KEY;
        ikey = tunnelKey('ikey', next());
      } else if (matches(w, 'noikey')) {
        iflags &= ~GRE_KEY;
        ikey = new Uint8Array(4);
      } else if (matches(w, 'okey')) {
        oflags |= GRE_KEY;
        okey = tunnelKey('okey', next());
      } else if (matches(w, 'nookey')) {
        oflags &= ~GRE_KEY;
        okey = new Uint8Array(4);
      } else if (flagWord) {
        const [, i, o, clear] = flagWord;
        iflags = clear ? iflags & ~i : iflags | i;
        oflags = clear ? oflags & ~o : oflags | o;
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
      } else if (isErspan && w === 'erspan') {
        const v = next();
        erspanIdx = getU32(v) ?? invarg('invalid erspan index\n', v);
        if (erspanIdx & ~((1 << 20) - 1) || erspanIdx === 0)
          invarg('erspan index must be > 0 and <= 20-bit\n', v);
      } else if (isErspan && w === 'erspan_ver') {
        const v = next();
        erspanVer = getU8(v) ?? invarg('invalid erspan version\n', v);
        if (erspanVer > 2) invarg('erspan version must be 0/1/2\n', v);
      } else if (isErspan && w === 'erspan_dir') {
        const v = next();
        if (matches(v, 'ingress')) erspanDir = 0;
        else if (matches(v, 'egress')) erspanDir = 1;
        else invarg('Invalid erspan direction.', v);
      } else if (isErspan && w === 'erspan_hwid') {
        const v = next();
        erspanHwid = getU16(v) ?? invarg('invalid erspan hwid\n', v);
      } else unknownOption(usage);
    });
    // A multicast remote is a broadcast tunnel: the address is the default key (link_gre.c).
    if (isMulticast4(daddr)) {
      if (ikey.every((b) => b === 0)) {
        ikey = daddr!.bytes;
        iflags |= GRE_KEY;
      }
      if (okey.every((b) => b === 0)) {
        okey = daddr!.bytes;
        oflags |= GRE_KEY;
      }
      if (!isSet(saddr)) throw new CliError('A broadcast tunnel requires a source address.', 1);
    }
    const out = new AttributeEncoder();
    if (metadata) return out.flag(tun.IFLA_GRE_COLLECT_METADATA).finish();
    out.bytes(tun.IFLA_GRE_IKEY, ikey).bytes(tun.IFLA_GRE_OKEY, okey);
    out.bytes(tun.IFLA_GRE_IFLAGS, be16Bytes(iflags)).bytes(tun.IFLA_GRE_OFLAGS, be16Bytes(oflags));
    if (isSet(saddr)) out.bytes(tun.IFLA_GRE_LOCAL, saddr.bytes);
    if (isSet(daddr)) out.bytes(tun.IFLA_GRE_REMOTE, daddr.bytes);
    out.u8(tun.IFLA_GRE_PMTUDISC, pmtudisc);
    if (ignoreDf) out.u8(tun.IFLA_GRE_IGNORE_DF, ignoreDf & 1);
    out.u8(tun.IFLA_GRE_TOS, tos);
    if (link) out.u32(tun.IFLA_GRE_LINK, link);
    out.u8(tun.IFLA_GRE_TTL, ttl).u32(tun.IFLA_GRE_FWMARK, fwmark);
    if (isErspan) {
      out.u8(tun.IFLA_GRE_ERSPAN_VER, erspanVer);
      if (erspanVer === 1 && erspanIdx !== 0) out.u32(tun.IFLA_GRE_ERSPAN_INDEX, erspanIdx);
      else if (erspanVer === 2)
        out.u8(tun.IFLA_GRE_ERSPAN_DIR, erspanDir).u16(tun.IFLA_GRE_ERSPAN_HWID, erspanHwid);
    }
    putEncap(out, encap, [
      tun.IFLA_GRE_ENCAP_TYPE,
      tun.IFLA_GRE_ENCAP_FLAGS,
      tun.IFLA_GRE_ENCAP_SPORT,
      tun.IFLA_GRE_ENCAP_DPORT,
    ]);
    return out.finish();
  };
}

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
    if (deps.req.setOp) refuseChange(kind);
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
    putEncap(out, encap, [
      tun.IFLA_IPTUN_ENCAP_TYPE,
      tun.IFLA_IPTUN_ENCAP_FLAGS,
      tun.IFLA_IPTUN_ENCAP_SPORT,
      tun.IFLA_IPTUN_ENCAP_DPORT,
    ]);
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
    if (deps.req.setOp) refuseChange(kind);
    const family = kind === 'vti' ? AF_INET : AF_INET6;
    let ikey: Be32 = new Uint8Array(4);
    let okey: Be32 = new Uint8Array(4);
    let saddr: InetPrefix | undefined;
    let daddr: InetPrefix | undefined;
    let link = 0;
    let fwmark = 0;
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

/**
 * `ip link set|change NAME type <tunnel> …` in ip 6.1 first reads the link's
 * IFLA_INFO_DATA and edits it; nlts does not do that read-modify-write yet,
 * so it refuses rather than send a request that would reset the other options.
 */
function refuseChange(kind: string): never {
  throw new CliError(
    `nlts: "link set ... type ${kind}" options are not supported yet (ip edits the existing tunnel settings); use ip link set.`,
    1,
    'unsupported',
  );
}

/** The tunnels' parse_opt by kind, for change-kinds.ts's KIND_PARSERS. */
export const TUNNEL_PARSERS: Readonly<Record<string, KindParser>> = {
  gre: greParser('gre'),
  gretap: greParser('gretap'),
  erspan: greParser('erspan'),
  ipip: iptunnelParser('ipip'),
  sit: iptunnelParser('sit'),
  vti: vtiParser('vti'),
  vti6: vtiParser('vti6'),
  ip6gre: unsupportedOptions('ip6gre'),
  ip6gretap: unsupportedOptions('ip6gretap'),
  ip6erspan: unsupportedOptions('ip6erspan'),
  ip6tnl: unsupportedOptions('ip6tnl'),
};
