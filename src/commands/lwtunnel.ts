/**
 * Lightweight tunnel encapsulation (RTA_ENCAP_TYPE/RTA_ENCAP of a route or of
 * one nexthop of RTA_MULTIPATH): lwt_print_encap and lwt_parse_encap of
 * iproute2 6.1.0's ip/iproute_lwtunnel.c for the mpls, ip, ip6, ila, seg6,
 * seg6local and bpf types. eBPF programs (bpf's in/out/xmit, seg6local's
 * endpoint) are taken in ip's pinned form (iproute/bpf-prog.ts); the ip/ip6
 * tunnel options (geneve_opts, vxlan_opts, erspan_opts) are refused.
 */
import { AttributeEncoder, AttributeIndex } from '../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../netlink/codec/bytes.js';
import { formatAddress } from '../netlink/inet.js';
import type { IprouteNames } from '../iproute/names.js';
import type { Args } from '../iproute/args.js';
import { CliError } from '../iproute/errors.js';
import { EXIT_USAGE, duparg2, getU32, getU8, getUnsigned, invarg, strtoul } from '../iproute/parse.js';
import { getAddr, parseIpv6 } from '../iproute/prefix.js';
import { parseBpfProgram } from '../iproute/bpf-prog.js';
import { PRINT_ANY, PRINT_JSON, type Printer } from '../output/printer.js';
import { AF_INET, AF_INET6, AF_MPLS } from '../netlink/gen/socket.js';
import {
  LWT_BPF_IN,
  LWT_BPF_OUT,
  LWT_BPF_PROG_FD,
  LWT_BPF_PROG_NAME,
  LWT_BPF_XMIT,
  LWT_BPF_XMIT_HEADROOM,
  LWTUNNEL_ENCAP_BPF,
  LWTUNNEL_ENCAP_ILA,
  LWTUNNEL_ENCAP_IP,
  LWTUNNEL_ENCAP_IP6,
  LWTUNNEL_ENCAP_MPLS,
  LWTUNNEL_ENCAP_SEG6,
  LWTUNNEL_ENCAP_SEG6_LOCAL,
  LWTUNNEL_IP6_DST,
  LWTUNNEL_IP6_FLAGS,
  LWTUNNEL_IP6_HOPLIMIT,
  LWTUNNEL_IP6_ID,
  LWTUNNEL_IP6_SRC,
  LWTUNNEL_IP6_TC,
  LWTUNNEL_IP_DST,
  LWTUNNEL_IP_FLAGS,
  LWTUNNEL_IP_ID,
  LWTUNNEL_IP_SRC,
  LWTUNNEL_IP_TOS,
  LWTUNNEL_IP_TTL,
} from '../netlink/gen/lwtunnel.js';
import { TUNNEL_CSUM, TUNNEL_KEY, TUNNEL_SEQ } from '../netlink/gen/if_tunnel.js';
import {
  ILA_ATTR_CSUM_MODE,
  ILA_ATTR_HOOK_TYPE,
  ILA_ATTR_IDENT_TYPE,
  ILA_ATTR_LOCATOR,
  ILA_ATYPE_LUID,
  ILA_ATYPE_USE_FORMAT,
  ILA_CSUM_ADJUST_TRANSPORT,
  ILA_CSUM_NEUTRAL_MAP,
  ILA_CSUM_NEUTRAL_MAP_AUTO,
  ILA_CSUM_NO_ACTION,
  ILA_HOOK_ROUTE_INPUT,
  ILA_HOOK_ROUTE_OUTPUT,
  IPV6_SR_HDR_LEN,
  MPLS_IPTUNNEL_DST,
  MPLS_IPTUNNEL_TTL,
  SEG6_IPTUNNEL_ENCAP_LEN,
  SEG6_IPTUNNEL_SRH,
  SEG6_IPTUN_MODE_ENCAP,
  SEG6_IPTUN_MODE_ENCAP_RED,
  SEG6_IPTUN_MODE_INLINE,
  SEG6_IPTUN_MODE_L2ENCAP,
  SEG6_IPTUN_MODE_L2ENCAP_RED,
  SEG6_LOCAL_ACTION,
  SEG6_LOCAL_ACTION_END,
  SEG6_LOCAL_ACTION_END_AM,
  SEG6_LOCAL_ACTION_END_AS,
  SEG6_LOCAL_ACTION_END_B6,
  SEG6_LOCAL_ACTION_END_B6_ENCAP,
  SEG6_LOCAL_ACTION_END_BM,
  SEG6_LOCAL_ACTION_END_BPF,
  SEG6_LOCAL_ACTION_END_DT4,
  SEG6_LOCAL_ACTION_END_DT46,
  SEG6_LOCAL_ACTION_END_DT6,
  SEG6_LOCAL_ACTION_END_DX2,
  SEG6_LOCAL_ACTION_END_DX4,
  SEG6_LOCAL_ACTION_END_DX6,
  SEG6_LOCAL_ACTION_END_S,
  SEG6_LOCAL_ACTION_END_T,
  SEG6_LOCAL_ACTION_END_X,
  SEG6_LOCAL_ACTION_MAX,
  SEG6_LOCAL_BPF,
  SEG6_LOCAL_COUNTERS,
  SEG6_LOCAL_CNT_BYTES,
  SEG6_LOCAL_CNT_ERRORS,
  SEG6_LOCAL_CNT_PACKETS,
  SEG6_LOCAL_IIF,
  SEG6_LOCAL_NH4,
  SEG6_LOCAL_NH6,
  SEG6_LOCAL_OIF,
  SEG6_LOCAL_SRH,
  SEG6_LOCAL_TABLE,
  SEG6_LOCAL_VRFTABLE,
  SR6_FLAG1_HMAC,
  SR6_TLV_HMAC,
} from '../netlink/gen/lwt_encap.js';

/** format_encap_type: LWTUNNEL_ENCAP_* by number (<linux/lwtunnel.h>). */
export const ENCAP_NAMES = [
  'none',
  'mpls',
  'ip',
  'ila',
  'ip6',
  'seg6',
  'bpf',
  'seg6local',
  'rpl',
  'ioam6',
  'xfrm',
];

/** What printing an encapsulation needs from the route printer: table and link names, ip -s. */
export interface EncapPrintContext {
  names: IprouteNames;
  nameOf(ifindex: number): string;
  stats: number;
}

/** The fields of one IP tunnel type: its attribute numbers, address family and the words ip prints. */
interface IpTunnelFields {
  family: number;
  id: number;
  src: number;
  dst: number;
  /** ttl (ip) / hoplimit (ip6): a u8. */
  hops: [number, string];
  /** tos (ip, printed signed) / tc (ip6). */
  tclass: [number, string, string];
  /** LWTUNNEL_IP_FLAGS / LWTUNNEL_IP6_FLAGS: a __be16 of TUNNEL_* bits. */
  flags: number;
}

/** parse_encap_ip / print_encap_ip: LWTUNNEL_IP_* with ttl and tos (printed signed). */
const IP_FIELDS: IpTunnelFields = {
  family: AF_INET,
  id: LWTUNNEL_IP_ID,
  src: LWTUNNEL_IP_SRC,
  dst: LWTUNNEL_IP_DST,
  hops: [LWTUNNEL_IP_TTL, 'ttl'],
  tclass: [LWTUNNEL_IP_TOS, 'tos', 'tos %d '],
  flags: LWTUNNEL_IP_FLAGS,
};
/** parse_encap_ip6 / print_encap_ip6: LWTUNNEL_IP6_* with hoplimit and tc. */
const IP6_FIELDS: IpTunnelFields = {
  family: AF_INET6,
  id: LWTUNNEL_IP6_ID,
  src: LWTUNNEL_IP6_SRC,
  dst: LWTUNNEL_IP6_DST,
  hops: [LWTUNNEL_IP6_HOPLIMIT, 'hoplimit'],
  tclass: [LWTUNNEL_IP6_TC, 'tc', 'tc %u '],
  flags: LWTUNNEL_IP6_FLAGS,
};

/** The tunnel flag words, in the order print_encap_ip prints them (<linux/if_tunnel.h>, network order). */
const TUNNEL_FLAG_WORDS: [number, string][] = [
  [TUNNEL_KEY, 'key'],
  [TUNNEL_CSUM, 'csum'],
  [TUNNEL_SEQ, 'seq'],
];

function fieldsOf(type: number): IpTunnelFields | undefined {
  return type === LWTUNNEL_ENCAP_IP ? IP_FIELDS : type === LWTUNNEL_ENCAP_IP6 ? IP6_FIELDS : undefined;
}

/** format_seg6mode_type: SEG6_IPTUN_MODE_* (<linux/seg6_iptunnel.h>). */
const SEG6_MODES: Record<number, string> = {
  [SEG6_IPTUN_MODE_INLINE]: 'inline',
  [SEG6_IPTUN_MODE_ENCAP]: 'encap',
  [SEG6_IPTUN_MODE_L2ENCAP]: 'l2encap',
  [SEG6_IPTUN_MODE_ENCAP_RED]: 'encap.red',
  [SEG6_IPTUN_MODE_L2ENCAP_RED]: 'l2encap.red',
};

/** seg6_action_names: SEG6_LOCAL_ACTION_* (<linux/seg6_local.h>). */
const SEG6_ACTIONS: Record<number, string> = {
  [SEG6_LOCAL_ACTION_END]: 'End',
  [SEG6_LOCAL_ACTION_END_X]: 'End.X',
  [SEG6_LOCAL_ACTION_END_T]: 'End.T',
  [SEG6_LOCAL_ACTION_END_DX2]: 'End.DX2',
  [SEG6_LOCAL_ACTION_END_DX6]: 'End.DX6',
  [SEG6_LOCAL_ACTION_END_DX4]: 'End.DX4',
  [SEG6_LOCAL_ACTION_END_DT6]: 'End.DT6',
  [SEG6_LOCAL_ACTION_END_DT4]: 'End.DT4',
  [SEG6_LOCAL_ACTION_END_B6]: 'End.B6',
  [SEG6_LOCAL_ACTION_END_B6_ENCAP]: 'End.B6.Encaps',
  [SEG6_LOCAL_ACTION_END_BM]: 'End.BM',
  [SEG6_LOCAL_ACTION_END_S]: 'End.S',
  [SEG6_LOCAL_ACTION_END_AS]: 'End.AS',
  [SEG6_LOCAL_ACTION_END_AM]: 'End.AM',
  [SEG6_LOCAL_ACTION_END_BPF]: 'End.BPF',
  [SEG6_LOCAL_ACTION_END_DT46]: 'End.DT46',
};

/** The ILA words (ila_csum_mode2name, ila_ident_type2name, ila_hook_type2name; <linux/ila.h>). */
const ILA_CSUM_MODES: Record<number, string> = {
  [ILA_CSUM_ADJUST_TRANSPORT]: 'adj-transport',
  [ILA_CSUM_NEUTRAL_MAP]: 'neutral-map',
  [ILA_CSUM_NO_ACTION]: 'no-action',
  [ILA_CSUM_NEUTRAL_MAP_AUTO]: 'neutral-map-auto',
};
const ILA_IDENT_TYPES: Record<number, string> = {
  [ILA_ATYPE_LUID]: 'luid',
  [ILA_ATYPE_USE_FORMAT]: 'use-format',
};
const ILA_HOOK_TYPES: Record<number, string> = {
  [ILA_HOOK_ROUTE_OUTPUT]: 'output',
  [ILA_HOOK_ROUTE_INPUT]: 'input',
};
/** parse_encap_ila's options: the word, its attribute and names, and the JSON key print_encap_ila uses. */
const ILA_OPTIONS: [string, number, Record<number, string>, string][] = [
  ['csum-mode', ILA_ATTR_CSUM_MODE, ILA_CSUM_MODES, 'csum_mode'],
  ['ident-type', ILA_ATTR_IDENT_TYPE, ILA_IDENT_TYPES, 'ident_type'],
  ['hook-type', ILA_ATTR_HOOK_TYPE, ILA_HOOK_TYPES, 'hook_type'],
];

/** sizeof(struct sr6_tlv_hmac) (<linux/seg6_hmac.h>): type, len, reserved, hmackeyid, hmac[32]. */
const SR6_TLV_HMAC_LEN = 40;
/** struct ipv6_sr_hdr field offsets (<linux/seg6.h>). */
const SRH_HDRLEN = 1;
const SRH_TYPE = 2;
const SRH_SEGMENTS_LEFT = 3;
const SRH_FIRST_SEGMENT = 4;
const SRH_FLAGS = 5;
/** IPV6_SRCRT_TYPE_4: the segment routing header's routing type (parse_srh sets 4). */
const IPV6_SRCRT_TYPE_4 = 4;

/** print_encap_ip / print_encap_ip6 (the LWTUNNEL_IP_OPTS geneve/vxlan/erspan options are not printed yet). */
function printIpTunnel(p: Printer, a: AttributeIndex, f: IpTunnelFields): void {
  const id = a.bytes(f.id);
  // The id is a __be64 (ntohll).
  if (id && id.length >= 8) p.number(PRINT_ANY, 'id', 'id %llu ', view(id).getBigUint64(0, false));
  const color = f.family === AF_INET ? 'inet' : 'inet6';
  for (const [type, key] of [
    [f.src, 'src'],
    [f.dst, 'dst'],
  ] as const) {
    const addr = a.bytes(type);
    if (addr) p.string(PRINT_ANY, key, `${key} %s `, formatAddress(f.family, addr), color);
  }
  const hops = a.u8(f.hops[0]);
  if (hops !== undefined) p.number(PRINT_ANY, f.hops[1], `${f.hops[1]} %u `, hops);
  const tclass = a.u8(f.tclass[0]);
  if (tclass !== undefined) p.number(PRINT_ANY, f.tclass[1], f.tclass[2], tclass);
  const flagBytes = a.bytes(f.flags);
  if (flagBytes && flagBytes.length >= 2) {
    // TUNNEL_* are __be16 constants; the generator gives them in network order, as read here.
    const flags = view(flagBytes).getUint16(0, false);
    for (const [bit, word] of TUNNEL_FLAG_WORDS) if (flags & bit) p.bool(PRINT_ANY, word, `${word} `, true);
  }
}

/** print_encap_mpls: the label stack (" %s ", after encap's own space) and ttl. */
function printMpls(p: Printer, a: AttributeIndex): void {
  const dst = a.bytes(MPLS_IPTUNNEL_DST);
  if (dst) p.string(PRINT_ANY, 'dst', ' %s ', formatAddress(AF_MPLS, dst));
  const ttl = a.u8(MPLS_IPTUNNEL_TTL);
  if (ttl !== undefined) p.number(PRINT_ANY, 'ttl', 'ttl %u ', ttl);
}

/** addr64_n2a: a 64-bit locator (four network-order 16-bit words) as "%x:%x:%x:%x". */
function addr64Text(b: Uint8Array): string {
  const words: string[] = [];
  for (let i = 0; i + 2 <= 8 && i + 2 <= b.length; i += 2)
    words.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return words.join(':');
}

/** get_addr64: up to four hex words of at most 0xffff separated by ':'; null when not one. */
function addr64Parse(text: string): Uint8Array | null {
  const out = new Uint8Array(8);
  let from = 0;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul(text, 16, from);
    if (value > 0xffff || end === from) return null;
    out[2 * i] = value >> 8;
    out[2 * i + 1] = value & 0xff;
    if (end === text.length) return out;
    if (i === 3 || text[end] !== ':') return null;
    from = end + 1;
  }
  return out;
}

/** print_encap_ila: the locator, then csum-mode, ident-type and hook-type by name. */
function printIla(p: Printer, a: AttributeIndex): void {
  const loc = a.bytes(ILA_ATTR_LOCATOR);
  if (loc) p.string(PRINT_ANY, 'locator', ' %s ', addr64Text(loc));
  for (const [word, type, names, key] of ILA_OPTIONS) {
    const v = a.u8(type);
    if (v !== undefined) p.string(PRINT_ANY, key, ` ${word} %s `, names[v] ?? 'unknown');
  }
}

/** print_srh: `segs N [ S... ] [hmac KEYID]` (JSON: a "segs" array and "hmac" "0x…"). */
function printSrh(p: Printer, srh: Uint8Array): void {
  if (srh.length < IPV6_SR_HDR_LEN) return;
  const first = srh[SRH_FIRST_SEGMENT]!;
  if (p.json) p.openArray('segs');
  else p.fp(`segs ${first + 1} [ `);
  for (let i = first; i >= 0; i--) {
    const o = IPV6_SR_HDR_LEN + 16 * i;
    if (o + 16 > srh.length) continue;
    p.string(PRINT_ANY, null, '%s ', formatAddress(AF_INET6, srh, o, 16), 'inet6');
  }
  if (p.json) p.closeArray();
  else p.fp('] ');
  if (srh[SRH_FLAGS]! & SR6_FLAG1_HMAC) {
    // sr_has_hmac: the HMAC TLV is the last 40 bytes of the header; its key id a __be32 at +4.
    const o = ((srh[SRH_HDRLEN]! + 1) << 3) - SR6_TLV_HMAC_LEN;
    if (o >= 0 && o + 8 <= srh.length)
      p.hex0x(PRINT_ANY, 'hmac', 'hmac %llX ', view(srh).getUint32(o + 4, false));
  }
}

/** print_encap_seg6: `mode M` and the SRH after struct seg6_iptunnel_encap's int mode. */
function printSeg6(p: Printer, a: AttributeIndex): void {
  const info = a.bytes(SEG6_IPTUNNEL_SRH);
  if (!info || info.length < SEG6_IPTUNNEL_ENCAP_LEN) return;
  const mode = view(info).getInt32(0, HOST_LITTLE_ENDIAN);
  p.string(PRINT_ANY, 'mode', 'mode %s ', SEG6_MODES[mode] ?? '<unknown>');
  printSrh(p, info.subarray(SEG6_IPTUNNEL_ENCAP_LEN));
}

/** print_encap_seg6local: action, srh, table, vrftable, nh4, nh6, iif, oif (counters with -s). */
function printSeg6local(p: Printer, a: AttributeIndex, ctx: EncapPrintContext): void {
  const action = a.u32(SEG6_LOCAL_ACTION);
  if (action === undefined) return;
  const name = action > SEG6_LOCAL_ACTION_MAX ? '<invalid>' : (SEG6_ACTIONS[action] ?? '<unknown>');
  p.string(PRINT_ANY, 'action', 'action %s ', name);
  const srh = a.bytes(SEG6_LOCAL_SRH);
  if (srh) {
    p.openObject('srh');
    printSrh(p, srh);
    p.closeObject();
  }
  for (const [type, key] of [
    [SEG6_LOCAL_TABLE, 'table'],
    [SEG6_LOCAL_VRFTABLE, 'vrftable'],
  ] as const) {
    const t = a.u32(type);
    if (t !== undefined) p.string(PRINT_ANY, key, `${key} %s `, ctx.names.tableName(t));
  }
  for (const [type, key, family] of [
    [SEG6_LOCAL_NH4, 'nh4', AF_INET],
    [SEG6_LOCAL_NH6, 'nh6', AF_INET6],
  ] as const) {
    const addr = a.bytes(type);
    if (addr) p.string(PRINT_ANY, key, `${key} %s `, formatAddress(family, addr));
  }
  for (const [type, key] of [
    [SEG6_LOCAL_IIF, 'iif'],
    [SEG6_LOCAL_OIF, 'oif'],
  ] as const) {
    const idx = a.u32(type);
    if (idx !== undefined) p.string(PRINT_ANY, key, `${key} %s `, ctx.nameOf(idx));
  }
  const endpoint = a.get(SEG6_LOCAL_BPF);
  if (endpoint) printBpfProg(p, endpoint.data, 'endpoint');
  const counters = a.nested(SEG6_LOCAL_COUNTERS);
  if (counters && ctx.stats > 0) printSeg6localCounters(p, counters);
}

/** print_encap_bpf_prog: "in NAME " (JSON "in": NAME, or "<unknown>" without LWT_BPF_PROG_NAME). */
function printBpfProg(p: Printer, nest: Uint8Array, key: string): void {
  const name = new AttributeIndex(nest, 0, true).string(LWT_BPF_PROG_NAME);
  if (p.json) p.string(PRINT_JSON, key, '', name ?? '<unknown>');
  else p.fp(name === undefined ? `${key} ` : `${key} ${name} `);
}

/** print_encap_bpf: the in, out and xmit programs by name, then the headroom. */
function printBpf(p: Printer, a: AttributeIndex): void {
  for (const [type, key] of [
    [LWT_BPF_IN, 'in'],
    [LWT_BPF_OUT, 'out'],
    [LWT_BPF_XMIT, 'xmit'],
  ] as const) {
    const prog = a.get(type);
    if (prog) printBpfProg(p, prog.data, key);
  }
  const headroom = a.u32(LWT_BPF_XMIT_HEADROOM);
  if (headroom !== undefined) p.number(PRINT_ANY, 'headroom', ' %u ', headroom);
}

/** print_seg6_local_counters (ip -s): packets, bytes, errors; JSON a "stats64" object. */
function printSeg6localCounters(p: Printer, c: AttributeIndex): void {
  const values: [string, bigint][] = [
    ['packets', c.u64(SEG6_LOCAL_CNT_PACKETS) ?? 0n],
    ['bytes', c.u64(SEG6_LOCAL_CNT_BYTES) ?? 0n],
    ['errors', c.u64(SEG6_LOCAL_CNT_ERRORS) ?? 0n],
  ];
  if (p.json) {
    p.openObject('stats64');
    for (const [key, v] of values) p.number(PRINT_JSON, key, '', v);
    p.closeObject();
  } else {
    for (const [key, v] of values) p.fp(`${key} ${v} `);
  }
}

/** lwt_print_encap: " encap TYPE " and the type's fields. */
export function printEncap(
  p: Printer,
  encapType: Uint8Array | undefined,
  encap: Uint8Array,
  ctx: EncapPrintContext,
): void {
  if (!encapType || encapType.length < 2) return;
  const type = view(encapType).getUint16(0, HOST_LITTLE_ENDIAN);
  p.string(PRINT_ANY, 'encap', ' encap %s ', ENCAP_NAMES[type] ?? 'unknown');
  const a = new AttributeIndex(encap);
  const fields = fieldsOf(type);
  if (fields) printIpTunnel(p, a, fields);
  else if (type === LWTUNNEL_ENCAP_MPLS) printMpls(p, a);
  else if (type === LWTUNNEL_ENCAP_SEG6) printSeg6(p, a);
  else if (type === LWTUNNEL_ENCAP_SEG6_LOCAL) printSeg6local(p, a, ctx);
  else if (type === LWTUNNEL_ENCAP_ILA) printIla(p, a);
  else if (type === LWTUNNEL_ENCAP_BPF) printBpf(p, a);
  a.throwIfError();
}

/** What resolves device names when the request is built (seg6local's iif/oif). */
export interface EncapLinks {
  require(name: string): number;
}

/** ip route add's `encap TYPE …`: the type and a builder of its RTA_ENCAP nest. */
export interface ParsedEncap {
  type: number;
  /** RTA_ENCAP's payload; seg6local's iif/oif names are looked up here, once a connection exists. */
  attrs(links: EncapLinks): Uint8Array;
}

/** The whole RTA_ENCAP payload of a parsed `encap`, devices resolved through `links`. */
export function encapAttrs(encap: ParsedEncap, links: EncapLinks): Uint8Array {
  return encap.attrs(links);
}

/** A parsed nest: its attributes but for seg6local's iif/oif (u32 attributes of device names). */
interface EncapParts {
  attrs: Uint8Array;
  devices: { type: number; name: string }[];
}

/** The whole RTA_ENCAP payload: `attrs` then the devices of `devices` as ifindexes. */
function withDevices(parts: EncapParts, links: EncapLinks): Uint8Array {
  if (!parts.devices.length) return parts.attrs;
  const e = new AttributeEncoder();
  for (const d of parts.devices) {
    try {
      e.u32(d.type, links.require(d.name));
    } catch (err) {
      // parse_encap_seg6local's exit(nodev(*argv)): nodev returns -1.
      if (err instanceof CliError) throw new CliError(err.message, EXIT_USAGE, err.kind);
      throw err;
    }
  }
  const tail = e.finish();
  const out = new Uint8Array(parts.attrs.length + tail.length);
  out.set(parts.attrs);
  out.set(tail, parts.attrs.length);
  return out;
}

/**
 * mpls_pton (lib/mpls_pton.c): labels separated by '/', each below 2^20, as
 * struct mpls_label entries (label << 12, bottom-of-stack bit 8 on the last);
 * null when not a label stack.
 */
export function mplsPton(text: string): Uint8Array | null {
  const out: number[] = [];
  let from = 0;
  // get_addr_1's inet_prefix holds 64 __u32 entries.
  for (let count = 0; count < 64; count++) {
    const { value, end } = strtoul(text, 0, from);
    if (end === from || value >= 1 << 20) return null;
    if (end === text.length) {
      out.push(((value << 12) | 0x100) >>> 0);
      const b = new Uint8Array(out.length * 4);
      out.forEach((v, i) => view(b).setUint32(i * 4, v, false));
      return b;
    }
    if (text[end] !== '/') return null;
    out.push((value << 12) >>> 0);
    from = end + 1;
  }
  return null;
}

/** A word-once check with ip's duparg2 message. */
function onceChecker(): (key: string, v: string) => void {
  const seen = new Set<string>();
  return (key, v) => {
    if (seen.has(key)) duparg2(key, v);
    seen.add(key);
  };
}

/** parse_encap_ip / parse_encap_ip6: id, src, dst, ttl|hoplimit, tos|tc, key, csum, seq. */
function parseIpTunnel(a: Args, names: IprouteNames, f: IpTunnelFields): Uint8Array {
  const e = new AttributeEncoder();
  const once = onceChecker();
  let flags = 0;
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    if (w === 'id') {
      a.i++;
      const v = a.next();
      once('id', v);
      let id: bigint;
      try {
        id = BigInt(v);
      } catch {
        invarg('"id" value is invalid\n', v);
      }
      const b = new Uint8Array(8);
      view(b).setBigUint64(0, BigInt.asUintN(64, id), false);
      e.bytes(f.id, b);
    } else if (w === 'src' || w === 'dst') {
      a.i++;
      const v = a.next();
      once(w, v);
      e.bytes(w === 'src' ? f.src : f.dst, getAddr(v, f.family).bytes);
    } else if (w === f.hops[1]) {
      a.i++;
      const v = a.next();
      once(w, v);
      const n = getU8(v);
      if (n === undefined) invarg(`"${w}" value is invalid\n`, v);
      e.u8(f.hops[0], n);
    } else if (w === f.tclass[1]) {
      a.i++;
      const v = a.next();
      once(w, v);
      const n = names.dsfieldId(v);
      if (n === undefined) invarg(`"${w}" value is invalid\n`, v);
      e.u8(f.tclass[0], n);
    } else {
      const flag = TUNNEL_FLAG_WORDS.find(([, word]) => word === w);
      if (!flag) break;
      a.i++;
      once(w, w);
      flags |= flag[0];
    }
  }
  // The flags go last, as one __be16, and only when one was given.
  if (flags) {
    const b = new Uint8Array(2);
    view(b).setUint16(0, flags, false);
    e.bytes(f.flags, b);
  }
  return e.finish();
}

/** parse_encap_mpls: a label stack, then `ttl N`. */
function parseMpls(a: Args): Uint8Array {
  const v = a.next();
  const labels = mplsPton(v);
  if (!labels) throw new CliError(`Error: mpls address is expected rather than "${v}".`, 1);
  const e = new AttributeEncoder();
  e.bytes(MPLS_IPTUNNEL_DST, labels);
  const once = onceChecker();
  while (a.peek() === 'ttl') {
    a.i++;
    const t = a.next();
    once('ttl', t);
    const n = getU8(t);
    if (n === undefined) invarg('"ttl" value is invalid\n', t);
    e.u8(MPLS_IPTUNNEL_TTL, n);
  }
  return e.finish();
}

/** parse_encap_ila: a locator, then csum-mode, ident-type, hook-type (each a u8 by name). */
function parseIla(a: Args): Uint8Array {
  const v = a.next();
  const loc = addr64Parse(v);
  if (!loc) throw new CliError(`Bad locator: ${v}`, 1);
  const e = new AttributeEncoder();
  e.bytes(ILA_ATTR_LOCATOR, loc);
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    const opt = ILA_OPTIONS.find(([word]) => word === w);
    if (!opt) break;
    a.i++;
    const name = a.next();
    const found = Object.entries(opt[2]).find(([, n]) => n === name);
    if (!found) invarg(`"${w}" value is invalid\n`, name);
    e.u8(opt[1], Number(found[0]));
  }
  return e.finish();
}

/**
 * parse_srh: struct ipv6_sr_hdr with the segments last-first; inline mode
 * (encap false) leaves segment 0 free for the packet's own destination; an
 * HMAC TLV (type SR6_TLV_HMAC, len 38, the key id) when hmac is not 0.
 */
function buildSrh(segs: string, hmac: number, encap: boolean): Uint8Array {
  const list = segs === '' ? [] : segs.split(',').filter((s) => s !== '');
  // nsegs counts commas + 1, as parse_srh does, whatever strtok then finds.
  let nsegs = (segs.match(/,/g)?.length ?? 0) + 1;
  if (!encap) nsegs++;
  const len = IPV6_SR_HDR_LEN + 16 * nsegs + (hmac ? SR6_TLV_HMAC_LEN : 0);
  const b = new Uint8Array(len);
  b[SRH_HDRLEN] = (len >> 3) - 1;
  b[SRH_TYPE] = IPV6_SRCRT_TYPE_4;
  b[SRH_SEGMENTS_LEFT] = nsegs - 1;
  b[SRH_FIRST_SEGMENT] = nsegs - 1;
  if (hmac) b[SRH_FLAGS] = SR6_FLAG1_HMAC;
  let i = nsegs - 1;
  for (const s of list) {
    // inet_get_addr: an IPv6 address when there is a colon; otherwise the segment stays zero.
    const addr = s.includes(':') ? parseIpv6(s) : null;
    if (addr && i >= 0) b.set(addr, IPV6_SR_HDR_LEN + 16 * i);
    i--;
  }
  if (hmac) {
    const o = len - SR6_TLV_HMAC_LEN;
    b[o] = SR6_TLV_HMAC;
    b[o + 1] = SR6_TLV_HMAC_LEN - 2;
    view(b).setUint32(o + 4, hmac, false);
  }
  return b;
}

/** get_u32(&hmac, arg, 0) whose failure ip ignores: the key id, 0 when not a number. */
function hmacKeyId(v: string): number {
  return getU32(v) ?? 0;
}

/** parse_encap_seg6: mode (before segs), segs A,B,…, hmac KEYID. */
function parseSeg6(a: Args): Uint8Array {
  const once = onceChecker();
  let mode = -1;
  let segs = '';
  let hmac = 0;
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    if (w === 'mode') {
      a.i++;
      const v = a.next();
      once('mode', v);
      const m = Object.entries(SEG6_MODES).find(([, n]) => n === v);
      if (!m) invarg('"mode" value is invalid\n', v);
      mode = Number(m[0]);
    } else if (w === 'segs') {
      a.i++;
      const v = a.next();
      once('segs', v);
      if (mode === -1) invarg('"segs" provided before "mode"\n', v);
      segs = v;
    } else if (w === 'hmac') {
      a.i++;
      const v = a.next();
      once('hmac', v);
      hmac = hmacKeyId(v);
    } else break;
  }
  // No mode at all is parse_encap_seg6's encap = -1: not inline.
  const srh = buildSrh(segs, hmac, mode !== SEG6_IPTUN_MODE_INLINE);
  const info = new Uint8Array(SEG6_IPTUNNEL_ENCAP_LEN + srh.length);
  view(info).setInt32(0, mode, HOST_LITTLE_ENDIAN);
  info.set(srh, SEG6_IPTUNNEL_ENCAP_LEN);
  const e = new AttributeEncoder();
  e.bytes(SEG6_IPTUNNEL_SRH, info);
  return e.finish();
}

/** parse_encap_seg6local: action, table, vrftable, nh4, nh6, iif, oif, count, srh segs … [hmac …]. */
function parseSeg6local(a: Args, names: IprouteNames): EncapParts {
  const once = onceChecker();
  const e = new AttributeEncoder();
  const devices: EncapParts['devices'] = [];
  let action = 0;
  let srh: { segs: string; hmac: number } | undefined;
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    if (w === 'action') {
      a.i++;
      const v = a.next();
      once('action', v);
      const found = Object.entries(SEG6_ACTIONS).find(([, n]) => n === v);
      if (!found) invarg('"action" value is invalid\n', v);
      action = Number(found[0]);
      e.u32(SEG6_LOCAL_ACTION, action);
    } else if (w === 'table' || w === 'vrftable') {
      a.i++;
      const v = a.next();
      once(w, v);
      const t = names.tableId(v);
      if (t === undefined) invarg(w === 'table' ? 'invalid table id\n' : 'invalid vrf table id\n', v);
      e.u32(w === 'table' ? SEG6_LOCAL_TABLE : SEG6_LOCAL_VRFTABLE, t);
    } else if (w === 'nh4' || w === 'nh6') {
      a.i++;
      const v = a.next();
      once(w, v);
      e.bytes(
        w === 'nh4' ? SEG6_LOCAL_NH4 : SEG6_LOCAL_NH6,
        getAddr(v, w === 'nh4' ? AF_INET : AF_INET6).bytes,
      );
    } else if (w === 'iif' || w === 'oif') {
      a.i++;
      const v = a.next();
      once(w, v);
      devices.push({ type: w === 'iif' ? SEG6_LOCAL_IIF : SEG6_LOCAL_OIF, name: v });
    } else if (w === 'count') {
      a.i++;
      once('count', 'count');
      // seg6local_fill_counters: the SEG6_LOCAL_COUNTERS nest with all three counters at 0,
      // which the kernel's parse_nla_counters requires.
      e.nested(SEG6_LOCAL_COUNTERS, (c) => {
        for (const t of [SEG6_LOCAL_CNT_PACKETS, SEG6_LOCAL_CNT_BYTES, SEG6_LOCAL_CNT_ERRORS]) c.u64(t, 0n);
      });
    } else if (w === 'srh') {
      a.i++;
      const v = a.next();
      once('srh', v);
      if (v !== 'segs') invarg('missing "segs" attribute for srh\n', v);
      const segs = a.next();
      srh = { segs, hmac: 0 };
      if (a.peek() === 'hmac') {
        a.i++;
        const h = a.next();
        once('hmac', h);
        srh.hmac = hmacKeyId(h);
      }
    } else if (w === 'endpoint') {
      a.i++;
      once('endpoint', a.next());
      lwtBpfProgram(a, e, SEG6_LOCAL_BPF);
    } else break;
  }
  if (!action) throw new CliError('Missing action type', EXIT_USAGE);
  if (srh) e.bytes(SEG6_LOCAL_SRH, buildSrh(srh.segs, srh.hmac, action === SEG6_LOCAL_ACTION_END_B6_ENCAP));
  return { attrs: e.finish(), devices };
}

/**
 * lwt_parse_bpf: the program at `a` (iproute/bpf-prog.ts) as an `attr` nest of
 * LWT_BPF_PROG_FD and LWT_BPF_PROG_NAME (bpf_lwt_cb); a bad one ends the
 * command with ip's "Failed to parse eBPF program" under bpf_do_parse's line.
 */
function lwtBpfProgram(a: Args, e: AttributeEncoder, attr: number): void {
  // bpf_do_parse returns -1, which lwt_parse_bpf words as strerror(1).
  const prog = parseBpfProgram(a, 'Failed to parse eBPF program: Operation not permitted');
  e.nested(attr, (n) => n.u32(LWT_BPF_PROG_FD, prog.fd).string(LWT_BPF_PROG_NAME, prog.annotation));
}

/**
 * parse_encap_bpf: `in|out|xmit PROGRAM` and `headroom N` (only the first is
 * sent), in any order, until a word it does not know.
 */
function parseBpf(a: Args): Uint8Array {
  const e = new AttributeEncoder();
  let headroomSet = false;
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    const progAttr = w === 'in' ? LWT_BPF_IN : w === 'out' ? LWT_BPF_OUT : w === 'xmit' ? LWT_BPF_XMIT : 0;
    if (progAttr) {
      a.i++;
      a.next();
      lwtBpfProgram(a, e, progAttr);
    } else if (w === 'headroom') {
      a.i++;
      const v = a.next();
      const headroom = getUnsigned(v);
      if (headroom === undefined || headroom === 0) invarg('headroom is invalid\n', v);
      if (!headroomSet) e.u32(LWT_BPF_XMIT_HEADROOM, headroom);
      headroomSet = true;
    } else if (w === 'help') {
      throw new CliError(
        'Usage: ip route ... encap bpf [ in BPF ] [ out BPF ] [ xmit BPF ] [...]\nBPF := obj FILE [ section NAME ] [ verbose ]',
        EXIT_USAGE,
        'help',
      );
    } else break;
  }
  return e.finish();
}

/**
 * lwt_parse_encap: `encap TYPE OPTIONS`, `a` at "encap"; leaves `a` at the
 * last word it used, for the route's own parser to step past.
 */
export function parseEncap(a: Args, names: IprouteNames): ParsedEncap {
  const typeWord = a.next();
  // read_encap_type of ip 6.1 knows no rpl/ioam6/xfrm words here beyond these.
  const type = ENCAP_NAMES.indexOf(typeWord);
  if (type <= 0) invarg('"encap type" value is invalid\n', typeWord);
  // NEXT_ARG(), then "argc <= 1": the options must not be the line's last word.
  a.next();
  if (a.peek() === undefined) throw new CliError('Error: unexpected end of line after "encap"', EXIT_USAGE);
  a.i--;
  const fields = fieldsOf(type);
  let parts: EncapParts | undefined;
  if (fields) parts = { attrs: parseIpTunnel(a, names, fields), devices: [] };
  else if (type === LWTUNNEL_ENCAP_MPLS) parts = { attrs: parseMpls(a), devices: [] };
  else if (type === LWTUNNEL_ENCAP_SEG6) parts = { attrs: parseSeg6(a), devices: [] };
  else if (type === LWTUNNEL_ENCAP_SEG6_LOCAL) parts = parseSeg6local(a, names);
  else if (type === LWTUNNEL_ENCAP_ILA) parts = { attrs: parseIla(a), devices: [] };
  else if (type === LWTUNNEL_ENCAP_BPF) parts = { attrs: parseBpf(a), devices: [] };
  if (parts) {
    const done = parts;
    return { type, attrs: (links) => withDevices(done, links) };
  }
  throw new CliError(
    `nlts: "encap ${typeWord}" is not supported (mpls, ip, ip6, ila, seg6, seg6local and bpf are).`,
    1,
    'unsupported',
  );
}
