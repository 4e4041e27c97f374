/**
 * One `ip link show` entry, following print_linkinfo() and
 * print_linkinfo_brief() in iproute2 6.1.0's ip/ipaddress.c (the installed
 * `ip` is the reference): same fields, order, formats, JSON keys and types.
 */
import { bpfProgInfo } from '../../netlink/bpf-obj.js';
import { parseIdNames } from '../../iproute/names.js';
import {
  AttributeDecoder,
  AttributeIndex,
  NLA_TYPE_MASK,
  type Attribute,
} from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, hostU16, view } from '../../netlink/codec/bytes.js';
import {
  LINK_MODE_NAMES,
  OPER_STATE_NAMES,
  arphrdName,
  isValidIfname,
  readLinkStats,
  type LinkMessage,
  type LinkStats64,
} from '../../netlink/route/link.js';
import { inet6Ntop } from '../../netlink/inet.js';
import { printNum, type NumberFormat } from '../../iproute/human.js';
import { ADDR_GEN_MODES } from '../../netlink/route/link-change.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type ColorAttr, type Printer } from '../../output/printer.js';
import type { LinkInfoPrinter, LinkRenderContext } from './kinds/context.js';
import { jsonNumbers } from './kinds/common.js';
import { AF_INET6, AF_PACKET } from '../../netlink/gen/socket.js';
import {
  ARPHRD_ETHER,
  ARPHRD_INFINIBAND,
  ARPHRD_IP6GRE,
  ARPHRD_IPGRE,
  ARPHRD_SIT,
  ARPHRD_TUNNEL,
  ARPHRD_TUNNEL6,
} from '../../netlink/gen/if_arp.js';
import { IFF_POINTOPOINT, IFF_RUNNING, IFF_UP } from '../../netlink/gen/if.js';
import {
  IFLA_ADDRESS,
  IFLA_AF_SPEC,
  IFLA_ALLMULTI,
  IFLA_ALT_IFNAME,
  IFLA_BROADCAST,
  IFLA_CARRIER_CHANGES,
  IFLA_EVENT,
  IFLA_GROUP,
  IFLA_GRO_MAX_SIZE,
  IFLA_GSO_MAX_SEGS,
  IFLA_GSO_MAX_SIZE,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_INET6_ADDR_GEN_MODE,
  IFLA_LINK,
  IFLA_LINKINFO,
  IFLA_LINKMODE,
  IFLA_LINK_NETNSID,
  IFLA_MASTER,
  IFLA_MAX_MTU,
  IFLA_MIN_MTU,
  IFLA_MTU,
  IFLA_NEW_IFINDEX,
  IFLA_NEW_NETNSID,
  IFLA_NUM_RX_QUEUES,
  IFLA_NUM_TX_QUEUES,
  IFLA_NUM_VF,
  IFLA_OPERSTATE,
  IFLA_PARENT_DEV_BUS_NAME,
  IFLA_PARENT_DEV_NAME,
  IFLA_PERM_ADDRESS,
  IFLA_PHYS_PORT_ID,
  IFLA_PHYS_PORT_NAME,
  IFLA_PHYS_SWITCH_ID,
  IFLA_PROMISCUITY,
  IFLA_PROP_LIST,
  IFLA_PROTO_DOWN,
  IFLA_PROTO_DOWN_REASON,
  IFLA_PROTO_DOWN_REASON_VALUE,
  IFLA_QDISC,
  IFLA_TSO_MAX_SEGS,
  IFLA_TSO_MAX_SIZE,
  IFLA_TXQLEN,
  IFLA_VFINFO_LIST,
  IFLA_VF_BROADCAST,
  IFLA_VF_IB_NODE_GUID,
  IFLA_VF_IB_PORT_GUID,
  IFLA_VF_INFO,
  IFLA_VF_LINK_STATE,
  IFLA_VF_LINK_STATE_AUTO,
  IFLA_VF_LINK_STATE_ENABLE,
  IFLA_VF_MAC,
  IFLA_VF_RATE,
  IFLA_VF_RSS_QUERY_EN,
  IFLA_VF_SPOOFCHK,
  IFLA_VF_STATS,
  IFLA_VF_STATS_BROADCAST,
  IFLA_VF_STATS_MULTICAST,
  IFLA_VF_STATS_RX_BYTES,
  IFLA_VF_STATS_RX_DROPPED,
  IFLA_VF_STATS_RX_PACKETS,
  IFLA_VF_STATS_TX_BYTES,
  IFLA_VF_STATS_TX_DROPPED,
  IFLA_VF_STATS_TX_PACKETS,
  IFLA_VF_TRUST,
  IFLA_VF_TX_RATE,
  IFLA_VF_VLAN,
  IFLA_VF_VLAN_LIST,
  IFLA_XDP,
  IFLA_XDP_ATTACHED,
  IFLA_XDP_DRV_PROG_ID,
  IFLA_XDP_HW_PROG_ID,
  IFLA_XDP_PROG_ID,
  IFLA_XDP_SKB_PROG_ID,
  XDP_ATTACHED_DRV,
  XDP_ATTACHED_HW,
  XDP_ATTACHED_MULTI,
  XDP_ATTACHED_NONE,
  XDP_ATTACHED_SKB,
} from '../../netlink/gen/if_link.js';

/*
 * This module is the renderer without the IFLA_LINKINFO printers
 * (linkinfo.ts and kinds/*), which only -d needs: `nlts link show` loads
 * them on demand and passes ctx.printLinkInfo. render.ts is the same API with
 * them loaded and installed as the default, for every other caller.
 */
let defaultLinkInfoPrinter: LinkInfoPrinter | undefined;

/** The IFLA_LINKINFO printer used when the context has none (render.ts installs linkinfo.ts's). */
export function setDefaultLinkInfoPrinter(print: LinkInfoPrinter): void {
  defaultLinkInfoPrinter = print;
}

/**
 * Optional lookups a caller can add to the context (the commands pass
 * IprouteNames'). Without them only ip's built-in names: no file is read.
 */
export interface LinkRenderExtras {
  /** Device group id -> name (rtnl_group_n2a); default: 0 is "default". */
  groupName?(group: number): string | undefined;
  /** Protodown reason bit -> name (protodown_reasons.d); default: none. */
  protodownReasonName?(bit: number): string | undefined;
}

type Ctx = LinkRenderContext & LinkRenderExtras;

// ---- name tables ----

/**
 * An iproute2 "id name" table as rtnl_hash_initialize() reads it (the parser
 * is src/iproute/names.ts parseIdNames): a later line for an id replacing an
 * earlier one, negative ids ignored.
 */
export function parseIdNameTable(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const [id, name] of parseIdNames(text)) if (id >= 0) out.set(id, name);
  return out;
}

/** ll_type_n2a: the ARPHRD_* name, or "[N]" with -N or when ip has no name for it. */
function linkTypeName(type: number, ctx: LinkRenderContext): string {
  return ctx.numeric ? `[${type}]` : arphrdName(type);
}

/**
 * Without a name database in the context (ctx.groupName), only ip's built-in
 * group name; the commands pass IprouteNames (src/iproute/names.ts), so no
 * renderer reads the machine's files and a replay stays hermetic.
 */
function defaultGroupName(group: number): string | undefined {
  return group === 0 ? 'default' : undefined;
}

/** Without ctx.protodownReasonName: no names (ip's come from /etc/iproute2/protodown_reasons.d). */
function defaultProtodownReasonName(): string | undefined {
  return undefined;
}

// ---- formatting helpers ----

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** hexstring_n2a: lowercase hex digits, no separators. */
function hexString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX2[b[i]!];
  return s;
}

/** ll_addr_n2a: IPv4/IPv6 text for tunnel types, else colon-separated hex bytes. */
export function llAddrToString(addr: Uint8Array, type: number): string {
  if (addr.length === 4 && (type === ARPHRD_TUNNEL || type === ARPHRD_SIT || type === ARPHRD_IPGRE)) {
    return `${addr[0]}.${addr[1]}.${addr[2]}.${addr[3]}`;
  }
  if (addr.length === 16 && (type === ARPHRD_TUNNEL6 || type === ARPHRD_IP6GRE)) return inet6Ntop(addr);
  if (addr.length === 0) return '';
  let s = HEX2[addr[0]!]!;
  for (let i = 1; i < addr.length; i++) s += ':' + HEX2[addr[i]!];
  return s;
}

/**
 * llAddrToString of buf[off, off+len), read in place: the address and
 * broadcast of every link, without an attribute object and a view for each.
 */
function llAddrAt(buf: Uint8Array, off: number, len: number, type: number): string {
  // 4 and 16 bytes may be tunnel endpoints (IPv4/IPv6 text): the general function decides.
  if (len === 4 || len === 16) return llAddrToString(buf.subarray(off, off + len), type);
  if (len <= 0) return '';
  let s = HEX2[buf[off]!]!;
  for (let i = 1; i < len; i++) s += ':' + HEX2[buf[off + i]!];
  return s;
}

/** Bytes [off, off+n) of an attribute's value, zero-filled past its end (C reading a struct out of RTA_DATA). */
function field(a: Attribute | undefined, off: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (a) out.set(a.data.subarray(off, off + n));
  return out;
}
function fieldU32(a: Attribute | undefined, off: number): number {
  if (!a || a.data.length < off + 4) return 0;
  return view(a.data).getUint32(off, HOST_LITTLE_ENDIAN);
}

/** ll_index_to_name: the cached name, "*" for 0, else "if<N>". */
function indexToName(ctx: LinkRenderContext, ifindex: number): string {
  if (ifindex === 0) return '*';
  return ctx.nameOf(ifindex) ?? `if${ifindex >>> 0}`;
}

function operColor(state: number): ColorAttr | undefined {
  return state === 6 ? 'up' : state === 2 ? 'down' : undefined;
}

/*
 * print_string/print_uint(PRINT_ANY, key, "<pre>%s<post>", v) for fields
 * that are never coloured: the same output as the Printer's, without parsing
 * a printf format for every field of every link on the text side.
 */
function anyStr(p: Printer, key: string | null, pre: string, v: string, post: string): void {
  if (p.json) p.string(PRINT_JSON, key, '', v);
  else p.fp(pre + v + post);
}
function anyNum(p: Printer, key: string, pre: string, v: number | bigint, post: string): void {
  if (p.json) p.number(PRINT_JSON, key, '', v);
  else p.fp(pre + v + post);
}

// ---- pieces of print_linkinfo ----

/** IFF_* names in the order print_link_flags() tests them. */
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [1 << 3, 'LOOPBACK'],
  [1 << 1, 'BROADCAST'],
  [1 << 4, 'POINTOPOINT'],
  [1 << 12, 'MULTICAST'],
  [1 << 7, 'NOARP'],
  [1 << 9, 'ALLMULTI'],
  [1 << 8, 'PROMISC'],
  [1 << 10, 'MASTER'],
  [1 << 11, 'SLAVE'],
  [1 << 2, 'DEBUG'],
  [1 << 15, 'DYNAMIC'],
  [1 << 14, 'AUTOMEDIA'],
  [1 << 13, 'PORTSEL'],
  [1 << 5, 'NOTRAILERS'],
  [1 << 0, 'UP'],
  [1 << 16, 'LOWER_UP'],
  [1 << 17, 'DORMANT'],
  [1 << 18, 'ECHO'],
];

function printLinkFlags(p: Printer, flags: number, mdown: boolean): void {
  const json = p.json;
  let t = '<';
  if (json) p.openArray('flags');
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) {
    if (json) p.string(PRINT_JSON, null, '', 'NO-CARRIER');
    else t += flags ? 'NO-CARRIER,' : 'NO-CARRIER';
  }
  flags &= ~IFF_RUNNING;
  for (let i = 0; i < FLAG_NAMES.length; i++) {
    const f = FLAG_NAMES[i]!;
    if (flags & f[0]) {
      flags &= ~f[0];
      if (json) p.string(PRINT_JSON, null, '', f[1]);
      else t += flags ? f[1] + ',' : f[1];
    }
  }
  if (flags) {
    if (json) p.hex(PRINT_JSON, null, '', flags);
    else t += (flags >>> 0).toString(16);
  }
  if (mdown) {
    if (json) p.string(PRINT_JSON, null, '', 'M-DOWN');
    else t += ',M-DOWN';
  }
  if (json) p.closeArray();
  else p.fp(t + '> ');
}

/** print_name_and_link: "name@link" (or JSON "link"/"link_index"), returns the M-DOWN flag. */
function printNameAndLink(
  p: Printer,
  fmt: string,
  name: string,
  link: LinkMessage,
  ctx: LinkRenderContext,
): boolean {
  let mdown = false;
  const linkAttr = link.attrs.s32(IFLA_LINK);
  if (linkAttr !== undefined) {
    const iflink = linkAttr;
    let lower: string | undefined;
    if (iflink) {
      if (link.attrs.has(IFLA_LINK_NETNSID)) {
        if (p.json) p.number(PRINT_JSON, 'link_index', '', iflink);
        else lower = `if${iflink >>> 0}`;
      } else {
        lower = indexToName(ctx, iflink);
        if (p.json) {
          p.string(PRINT_JSON, 'link', '', lower);
          lower = undefined;
        }
        mdown = !(ctx.flagsOf(iflink) & IFF_UP);
      }
    } else if (p.json) p.null(PRINT_JSON, 'link', '', '');
    else lower = 'NONE';
    if (lower !== undefined) name = `${name}@${lower}`;
  }
  p.string(PRINT_ANY, 'ifname', fmt, name, 'ifname');
  return mdown;
}

function printOperstate(p: Printer, state: number, brief: boolean): void {
  if (state >= OPER_STATE_NAMES.length) {
    if (p.json) p.number(PRINT_JSON, 'operstate_index', '', state);
    else p.hex0x(PRINT_FP, null, 'state 0x%x', state);
  } else if (brief) {
    p.string(PRINT_ANY, 'operstate', '%-14s ', OPER_STATE_NAMES[state]!, operColor(state));
  } else if (p.json) {
    p.string(PRINT_JSON, 'operstate', '', OPER_STATE_NAMES[state]!);
  } else {
    p.fp('state ');
    const color = operColor(state);
    if (color) p.string(PRINT_FP, null, '%s ', OPER_STATE_NAMES[state]!, color);
    else p.fp(OPER_STATE_NAMES[state]! + ' ');
  }
}

const LINK_EVENTS: readonly string[] = [
  'NONE',
  'REBOOT',
  'FEATURE CHANGE',
  'BONDING FAILOVER',
  'NOTIFY PEERS',
  'RESEND IGMP',
  'BONDING OPTION',
];

function printProtoDown(p: Printer, link: LinkMessage, ctx: Ctx): void {
  if (link.attrs.u8(IFLA_PROTO_DOWN)) p.bool(PRINT_ANY, 'proto_down', ' protodown on ', true);
  const reasonAttr = link.attrs.get(IFLA_PROTO_DOWN_REASON);
  if (!reasonAttr) return;
  // iproute2 6.1 tests tb[IFLA_PROTO_DOWN_REASON_VALUE] in the *outer* table
  // (index 2, IFLA_BROADCAST) and reads the value as a u8; kept as it is.
  if (!link.attrs.has(IFLA_PROTO_DOWN_REASON_VALUE)) return;
  let reason = new AttributeIndex(reasonAttr.data, 0, true).u8(IFLA_PROTO_DOWN_REASON_VALUE) ?? 0;
  if (!reason) return;
  p.openArray('proto_down_reason');
  p.fp('protodown_reason <');
  let start = true;
  for (let i = 0; reason; i++, reason >>= 1) {
    if (reason & 1) {
      const name = (ctx.protodownReasonName ?? defaultProtodownReasonName)(i) ?? String(i);
      p.string(PRINT_ANY, null, start ? '%s' : ',%s', name);
      start = false;
    }
  }
  p.closeArray();
  p.fp('>');
}

function printAfSpec(p: Printer, afSpec: Attribute): void {
  // parse_rtattr_one_nested: the first AF_INET6 entry
  const cur = new AttributeDecoder(afSpec.data);
  let inet6: Attribute | undefined;
  while (cur.next()) {
    if (cur.type() === AF_INET6) {
      inet6 = cur.attribute();
      break;
    }
  }
  if (!inet6) return;
  const mode = new AttributeIndex(inet6.data, 0, true).u8(IFLA_INET6_ADDR_GEN_MODE);
  if (mode === undefined) return;
  // get_addr_gen_mode's names, else "%#.2hhx".
  const name = Object.keys(ADDR_GEN_MODES).find((k) => ADDR_GEN_MODES[k] === mode) ?? '0x' + HEX2[mode];
  anyStr(p, 'inet6_addr_gen_mode', 'addrgenmode ', name, ' ');
}

/** bpf_dump_prog_info without the bpf(2) lookups: the program id only (what ip prints when it cannot open the program). */
/**
 * bpf_dump_prog_info (lib/bpf_legacy.c): the program's id, then, when it can
 * be reached by id (a bpf() read), its name, tag and whether it is jited, and
 * with -d its load time, creator and BTF id.
 */
function printBpfProg(p: Printer, id: number, details: boolean): void {
  p.openObject('prog');
  p.number(PRINT_ANY, 'id', 'id %u ', id);
  const info = bpfProgInfo(id);
  if (info) {
    p.string(PRINT_ANY, 'name', 'name %s ', info.name);
    p.string(PRINT_ANY, 'tag', 'tag %s ', info.tag);
    p.number(PRINT_JSON, 'jited', '', info.jited ? 1 : 0);
    if (info.jited && !p.json) p.fp('jited ');
    if (details) {
      if (info.loadTime) {
        p.number(PRINT_ANY, 'load_time', 'load_time %llu ', info.loadTime);
        p.number(PRINT_ANY, 'created_by_uid', 'created_by_uid %lu ', info.createdByUid);
      }
      if (info.btfId) p.number(PRINT_ANY, 'btf_id', 'btf_id %lu ', info.btfId);
    }
  }
  p.closeObject();
}

function printXdpJsonOne(
  p: Printer,
  tb: AttributeIndex,
  attr: number,
  mode: number,
  showDetails: boolean,
): void {
  const a = tb.get(attr);
  if (!a) return;
  p.openObject();
  p.number(PRINT_JSON, 'mode', '', mode);
  printBpfProg(p, tb.u32(attr)!, showDetails);
  p.closeObject();
}

/**
 * IFLA_XDP_ATTACHED of an IFLA_XDP nest as parse_rtattr_nested finds it (the
 * first one, stopping quietly at a bad length), read with the cursor without
 * building a table: almost every link has an IFLA_XDP nest saying
 * XDP_ATTACHED_NONE. -1 when there is none; an empty one reads as 0.
 */
function xdpAttachedMode(attrs: AttributeIndex): number {
  // Walked in the message's buffer without a view or a cursor object: this runs once per link.
  const b = attrs.buffer;
  let off = attrs.offset(IFLA_XDP);
  const end = off + attrs.length(IFLA_XDP);
  while (end - off >= 4) {
    const len = hostU16(b, off);
    if (len < 4 || len > end - off) break;
    if ((hostU16(b, off + 2) & NLA_TYPE_MASK) === IFLA_XDP_ATTACHED) return len > 4 ? b[off + 4]! : 0;
    off += (len + 3) & ~3;
  }
  return -1;
}

/** xdp_dump (ip/iplink_xdp.c); `xdp` is the IFLA_XDP nest, whose XDP_ATTACHED_* is attached (see xdpAttachedMode). */
/** `showDetails` is ip's global show_details (-d), which bpf_dump_prog_info reads. */
function printXdp(
  p: Printer,
  xdp: Attribute,
  quick: number,
  link: boolean,
  details: boolean,
  showDetails: boolean,
): void {
  // The common case, nothing attached, decided without a table.
  if (quick === -1 || quick === XDP_ATTACHED_NONE) return;
  const tb = new AttributeIndex(xdp.data, 0, true);
  const attached = tb.get(IFLA_XDP_ATTACHED);
  if (!attached) return;
  const mode = tb.u8(IFLA_XDP_ATTACHED)!;
  if (mode === XDP_ATTACHED_NONE) return;
  if (p.json) {
    if (details) return;
    const progId = tb.u32(IFLA_XDP_PROG_ID) ?? 0;
    p.openObject('xdp');
    p.number(PRINT_JSON, 'mode', '', mode);
    if (progId) printBpfProg(p, progId, showDetails);
    p.openArray('attached');
    if (tb.has(IFLA_XDP_SKB_PROG_ID) || tb.has(IFLA_XDP_DRV_PROG_ID) || tb.has(IFLA_XDP_HW_PROG_ID)) {
      printXdpJsonOne(p, tb, IFLA_XDP_SKB_PROG_ID, XDP_ATTACHED_SKB, showDetails);
      printXdpJsonOne(p, tb, IFLA_XDP_DRV_PROG_ID, XDP_ATTACHED_DRV, showDetails);
      printXdpJsonOne(p, tb, IFLA_XDP_HW_PROG_ID, XDP_ATTACHED_HW, showDetails);
    } else if (tb.has(IFLA_XDP_PROG_ID)) {
      printXdpJsonOne(p, tb, IFLA_XDP_PROG_ID, mode, showDetails);
    }
    p.closeArray();
    p.closeObject();
    return;
  }
  if (!(details && link)) {
    if (mode === XDP_ATTACHED_DRV) p.fp('xdp');
    else if (mode === XDP_ATTACHED_SKB) p.fp('xdpgeneric');
    else if (mode === XDP_ATTACHED_HW) p.fp('xdpoffload');
    else if (mode === XDP_ATTACHED_MULTI) p.fp('xdpmulti');
    else p.fp(`xdp[${mode}]`);
  }
  printXdpProgText(p, tb, IFLA_XDP_PROG_ID, link, details, '', showDetails);
  if (mode === XDP_ATTACHED_MULTI) {
    printXdpProgText(p, tb, IFLA_XDP_SKB_PROG_ID, link, details, 'generic', showDetails);
    printXdpProgText(p, tb, IFLA_XDP_DRV_PROG_ID, link, details, 'drv', showDetails);
    printXdpProgText(p, tb, IFLA_XDP_HW_PROG_ID, link, details, 'offload', showDetails);
  }
  if (!details || !link) p.fp(' ');
}

function printXdpProgText(
  p: Printer,
  tb: AttributeIndex,
  attr: number,
  link: boolean,
  details: boolean,
  pfx: string,
  showDetails: boolean,
): void {
  const a = tb.get(attr);
  if (!a) return;
  const id = tb.u32(attr)!;
  if (!details) {
    if (id && !link && attr === IFLA_XDP_PROG_ID) p.fp(`/id:${id}`);
    return;
  }
  if (id) {
    p.fp(`${p.sl}    prog/xdp${pfx} `);
    printBpfProg(p, id, showDetails);
  }
}

// ---- statistics ----

/** The four text blocks of print_stats64, in print order; the error blocks only with -s -s. */
const RX = 0;
const RX_ERRORS = 1;
const TX = 2;
const TX_ERRORS = 3;
const BLOCK_HEADS = ['    RX: ', '    RX errors:', '    TX: ', '    TX errors:'];

/**
 * When a counter that is not always printed shows: 'blank' and 'omit' when
 * non-zero, 'defined' when the kernel sent it (carrier changes). Otherwise,
 * 'blank' keeps its column in the text header as spaces, 'omit' drops it.
 */
type Shown = 'always' | 'blank' | 'omit' | 'defined';

/** A counter: [rx|tx, JSON key, field, JSON from -s (1) or -s -s (2), text block, column, header, shown]. */
type Counter = readonly [
  'rx' | 'tx',
  string,
  keyof LinkStats64 | 'carrier_changes',
  1 | 2,
  number,
  number,
  string,
  Shown,
];

/** print_stats64 (ip/ipaddress.c) as data: JSON order; the text places each counter in its block and column. */
const COUNTERS: readonly Counter[] = [
  ['rx', 'bytes', 'rx_bytes', 1, RX, 0, 'bytes', 'always'],
  ['rx', 'packets', 'rx_packets', 1, RX, 1, 'packets', 'always'],
  ['rx', 'errors', 'rx_errors', 1, RX, 2, 'errors', 'always'],
  ['rx', 'dropped', 'rx_dropped', 1, RX, 3, 'dropped', 'always'],
  ['rx', 'over_errors', 'rx_over_errors', 1, RX_ERRORS, 5, 'overrun', 'always'],
  ['rx', 'multicast', 'multicast', 1, RX, 5, 'mcast', 'always'],
  ['rx', 'compressed', 'rx_compressed', 1, RX, 6, 'compressed', 'blank'],
  ['rx', 'length_errors', 'rx_length_errors', 2, RX_ERRORS, 1, 'length', 'always'],
  ['rx', 'crc_errors', 'rx_crc_errors', 2, RX_ERRORS, 2, 'crc', 'always'],
  ['rx', 'frame_errors', 'rx_frame_errors', 2, RX_ERRORS, 3, 'frame', 'always'],
  ['rx', 'fifo_errors', 'rx_fifo_errors', 2, RX_ERRORS, 4, 'fifo', 'always'],
  ['rx', 'missed_errors', 'rx_missed_errors', 2, RX, 4, 'missed', 'always'],
  ['rx', 'nohandler', 'rx_nohandler', 2, RX_ERRORS, 6, ' nohandler', 'omit'],
  ['rx', 'otherhost', 'rx_otherhost_dropped', 2, RX_ERRORS, 7, ' otherhost', 'omit'],
  ['tx', 'bytes', 'tx_bytes', 1, TX, 0, 'bytes', 'always'],
  ['tx', 'packets', 'tx_packets', 1, TX, 1, 'packets', 'always'],
  ['tx', 'errors', 'tx_errors', 1, TX, 2, 'errors', 'always'],
  ['tx', 'dropped', 'tx_dropped', 1, TX, 3, 'dropped', 'always'],
  ['tx', 'carrier_errors', 'tx_carrier_errors', 1, TX, 4, 'carrier', 'always'],
  ['tx', 'collisions', 'collisions', 1, TX, 5, 'collsns', 'always'],
  ['tx', 'compressed', 'tx_compressed', 1, TX, 6, 'compressed', 'blank'],
  ['tx', 'aborted_errors', 'tx_aborted_errors', 2, TX_ERRORS, 1, 'aborted', 'always'],
  ['tx', 'fifo_errors', 'tx_fifo_errors', 2, TX_ERRORS, 2, 'fifo', 'always'],
  ['tx', 'window_errors', 'tx_window_errors', 2, TX_ERRORS, 3, 'window', 'always'],
  ['tx', 'heartbeat_errors', 'tx_heartbeat_errors', 2, TX_ERRORS, 4, 'heartbt', 'always'],
  ['tx', 'carrier_changes', 'carrier_changes', 2, TX_ERRORS, 5, 'transns', 'defined'],
];

/** The counters of one text block in column order. */
const BLOCKS: readonly (readonly Counter[])[] = BLOCK_HEADS.map((_, b) =>
  COUNTERS.filter((c) => c[4] === b).sort((x, y) => x[5] - y[5]),
);

type CounterValues = Record<Counter[2], bigint | undefined>;

function isShown(c: Counter, v: bigint | undefined): boolean {
  if (v === undefined) return false;
  return c[7] === 'always' || c[7] === 'defined' || v !== 0n;
}

function pad(width: number, s: string): string {
  return width > s.length ? s.padStart(width) : s;
}

/**
 * print_stats64 (ip/ipaddress.c); `fmt` is -human/-iec, for the text only as
 * in ip. Also what `nlts stats` prints for the link group.
 */
export function printStats64(
  p: Printer,
  s: LinkStats64,
  carrierChanges: number | undefined,
  what: string,
  level: number,
  fmt: NumberFormat,
): void {
  const values: CounterValues = {
    ...s,
    carrier_changes: carrierChanges === undefined ? undefined : BigInt(carrierChanges),
  };
  if (p.json) {
    p.openObject(what);
    for (const dir of ['rx', 'tx'] as const) {
      p.openObject(dir);
      for (const c of COUNTERS) {
        const v = values[c[2]];
        if (c[0] === dir && c[3] <= level && isShown(c, v)) p.number(PRINT_JSON, c[1], '', v!);
      }
      p.closeObject();
    }
    p.closeObject();
    return;
  }

  const blocks = level > 1 ? [RX, RX_ERRORS, TX, TX_ERRORS] : [RX, TX];
  // strlen("*X errors:"), "packets", "errors", "dropped", "heartbt", "overrun", "compressed", "otherhost"
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  // size_columns, skipped with -human; iproute2 sizes the TX error columns one to
  // the right of where it prints them (kept), and counts carrier changes as 0 when absent.
  if (!fmt.human) {
    for (const b of blocks) {
      for (const c of BLOCKS[b]!) {
        const col = b === TX_ERRORS ? c[5] + 1 : c[5];
        const len = String(values[c[2]] ?? 0n).length;
        if (len > cols[col]!) cols[col] = len;
      }
    }
  }
  let t = '';
  for (const b of blocks) {
    const counters = BLOCKS[b]!;
    const errors = b === RX_ERRORS || b === TX_ERRORS;
    // The header: column 0 is "bytes" four to the left, or blank in the error blocks.
    const labels = errors ? [pad(cols[0]! - 10, '')] : [];
    let tail = '';
    for (const c of counters) {
      const shown = isShown(c, values[c[2]]);
      const width = c[5] === 0 ? cols[0]! - 4 : cols[c[5]]!;
      if (c[7] === 'omit') tail += shown ? pad(width + 1, c[6]) : '';
      else labels.push(pad(width, shown ? c[6] : ''));
    }
    t += (t ? p.sl : '') + BLOCK_HEADS[b] + labels.join(' ') + tail + p.sl;
    // The counters under it, through print_num.
    t += errors ? pad(cols[0]! + 5, '') : '    ';
    for (const c of counters) {
      const v = values[c[2]];
      if (isShown(c, v)) t += printNum(cols[c[5]]!, v!, fmt);
    }
  }
  p.fp(t);
}

// ---- VF info ----

/** [JSON key, IFLA_VF_STATS_* counter, text width, only when the attribute is present] (print_vf_stats64). */
type VfStat = readonly [string, number, number, boolean?];
const VF_STATS: Readonly<Record<'rx' | 'tx', readonly VfStat[]>> = {
  rx: [
    ['bytes', IFLA_VF_STATS_RX_BYTES, 10],
    ['packets', IFLA_VF_STATS_RX_PACKETS, 8],
    ['multicast', IFLA_VF_STATS_MULTICAST, 7],
    ['broadcast', IFLA_VF_STATS_BROADCAST, 7],
    ['dropped', IFLA_VF_STATS_RX_DROPPED, 8, true],
  ],
  tx: [
    ['tx_bytes', IFLA_VF_STATS_TX_BYTES, 10],
    ['tx_packets', IFLA_VF_STATS_TX_PACKETS, 8],
    ['dropped', IFLA_VF_STATS_TX_DROPPED, 8, true],
  ],
};
const VF_HEADS = { rx: '    RX: bytes  packets  mcast   bcast ', tx: '    TX: bytes  packets ' };

/** print_vf_stats64 */
function printVfStats64(p: Printer, vfstats: Attribute, fmt: NumberFormat): void {
  const tb = new AttributeIndex(vfstats.data, 0, true);
  if (p.json) p.openObject('stats');
  let t = '';
  for (const dir of ['rx', 'tx'] as const) {
    const rows = VF_STATS[dir].filter(([, type, , ifPresent]) => !ifPresent || tb.has(type));
    if (p.json) {
      p.openObject(dir);
      for (const [key, type] of rows) p.number(PRINT_JSON, key, '', tb.u64(type) ?? 0n);
      p.closeObject();
      continue;
    }
    let head = VF_HEADS[dir];
    let line = '    ';
    for (const [key, type, width, ifPresent] of rows) {
      if (ifPresent) head += `  ${key} `;
      line += printNum(width, tb.u64(type) ?? 0n, fmt);
    }
    t += p.sl + head + p.sl + line;
  }
  if (p.json) p.closeObject();
  else p.fp(t);
}

/**
 * The VF on/off settings (struct ifla_vf_spoofchk, ifla_vf_trust,
 * ifla_vf_rss_query_en: { u32 vf; u32 setting; }); -1 means the driver does
 * not report it, and ip prints nothing.
 */
function printVfSetting(p: Printer, vf: AttributeIndex, type: number, key: string, label: string): void {
  const a = vf.get(type);
  if (!a) return;
  const setting = fieldU32(a, 4);
  if (setting !== 0xffffffff) p.bool(PRINT_ANY, key, setting ? `${label} on` : `${label} off`, setting !== 0);
}

/** print_vfinfo */
function printVfInfo(p: Printer, link: LinkMessage, vfinfo: Attribute, ctx: LinkRenderContext): void {
  if (vfinfo.type !== IFLA_VF_INFO) return; // ip: "BUG: rta type is %d" on stderr
  const vf = new AttributeIndex(vfinfo.data, 0, true);
  const mac = vf.get(IFLA_VF_MAC);
  const type = link.type;
  const alen = type === ARPHRD_ETHER ? 6 : 20; // ETH_ALEN : INFINIBAND_ALEN
  p.fp(p.sl + '    ');
  p.number(PRINT_ANY, 'vf', 'vf %d ', fieldU32(mac, 0) | 0);
  p.string(PRINT_ANY, 'link_type', '    link/%s ', linkTypeName(type, ctx));
  p.string(PRINT_ANY, 'address', '%s', llAddrToString(field(mac, 4, alen), type), 'mac');
  const bcast = vf.get(IFLA_VF_BROADCAST);
  if (bcast) {
    if (link.flags & IFF_POINTOPOINT) {
      p.fp(' peer ');
      p.bool(PRINT_JSON, 'link_pointtopoint', '', true);
    } else p.fp(' brd ');
    p.string(PRINT_ANY, 'broadcast', '%s', llAddrToString(field(bcast, 0, alen), type), 'mac');
  }
  const vlanList = vf.get(IFLA_VF_VLAN_LIST);
  if (vlanList) {
    p.openArray('vlan_list');
    const cur = new AttributeDecoder(vlanList.data);
    while (cur.next()) {
      // struct ifla_vf_vlan_info { u32 vf; u32 vlan; u32 qos; __be16 vlan_proto; }
      const vlan = fieldU32(cur.attribute(), 4) | 0;
      const qos = fieldU32(cur.attribute(), 8) | 0;
      const protoBytes = field(cur.attribute(), 12, 2);
      const proto = (protoBytes[0]! << 8) | protoBytes[1]!;
      p.openObject();
      if (vlan) p.number(PRINT_ANY, 'vlan', ', vlan %d', vlan);
      if (qos) p.number(PRINT_ANY, 'qos', ', qos %d', qos);
      if (proto && proto !== 0x8100) {
        const name = proto === 0x88a8 ? '802.1ad' : `[${proto}]`;
        p.string(PRINT_ANY, 'protocol', ', vlan protocol %s', name);
      }
      p.closeObject();
    }
    p.closeArray();
  } else {
    const vlanAttr = vf.get(IFLA_VF_VLAN);
    const vlan = fieldU32(vlanAttr, 4) | 0;
    const qos = fieldU32(vlanAttr, 8) | 0;
    if (vlan) p.number(PRINT_ANY, 'vlan', ', vlan %d', vlan);
    if (qos) p.number(PRINT_ANY, 'qos', ', qos %d', qos);
  }
  const txRate = fieldU32(vf.get(IFLA_VF_TX_RATE), 4);
  if (txRate) p.number(PRINT_ANY, 'tx_rate', ', tx rate %u (Mbps)', txRate);
  const rate = vf.get(IFLA_VF_RATE);
  if (rate) {
    // struct ifla_vf_rate { u32 vf; u32 min_tx_rate; u32 max_tx_rate; }
    const minTx = fieldU32(rate, 4);
    const maxTx = fieldU32(rate, 8);
    if (p.json) jsonNumbers(p, 'rate', { max_tx: maxTx, min_tx: minTx });
    else {
      if (maxTx) p.fp(`, max_tx_rate ${maxTx}Mbps`);
      if (minTx) p.fp(`, min_tx_rate ${minTx}Mbps`);
    }
  }
  printVfSetting(p, vf, IFLA_VF_SPOOFCHK, 'spoofchk', ', spoof checking');
  const nodeGuid = vf.get(IFLA_VF_IB_NODE_GUID);
  if (nodeGuid) p.string(PRINT_ANY, 'node guid', ', NODE_GUID %s', guidString(nodeGuid));
  const portGuid = vf.get(IFLA_VF_IB_PORT_GUID);
  if (portGuid) p.string(PRINT_ANY, 'port guid', ', PORT_GUID %s', guidString(portGuid));
  const linkState = vf.get(IFLA_VF_LINK_STATE);
  if (linkState) {
    const st = fieldU32(linkState, 4);
    const name =
      st === IFLA_VF_LINK_STATE_AUTO ? 'auto' : st === IFLA_VF_LINK_STATE_ENABLE ? 'enable' : 'disable';
    p.string(PRINT_ANY, 'link_state', ', link-state %s', name);
  }
  printVfSetting(p, vf, IFLA_VF_TRUST, 'trust', ', trust');
  printVfSetting(p, vf, IFLA_VF_RSS_QUERY_EN, 'query_rss_en', ', query_rss');
  const vfStats = vf.get(IFLA_VF_STATS);
  if (vfStats && ctx.stats) printVfStats64(p, vfStats, ctx.numberFormat ?? {});
}

/**
 * struct ifla_vf_guid { u32 vf; u64 guid; } (the u64 is 8-byte aligned, at 8):
 * ip prints the bytes of ntohll(guid) as they lie in memory.
 */
function guidString(a: Attribute): string {
  const g = field(a, 8, 8);
  const bytes = HOST_LITTLE_ENDIAN ? g.slice().reverse() : g;
  return llAddrToString(bytes, ARPHRD_INFINIBAND);
}

// ---- entry points ----

/** print_linkinfo's name check (get_ifname_rta + check_ifname): null when ip would skip the link. */
function linkName(link: LinkMessage): string | null {
  const name = link.attrs.string(IFLA_IFNAME) ?? `if${link.index >>> 0}`;
  return isValidIfname(name) ? name : null;
}

/** One `ip link show` entry (one object of the JSON array). */
export function renderLink(p: Printer, link: LinkMessage, ctx: LinkRenderContext & LinkRenderExtras): void {
  p.openObject();
  renderBody(p, link, ctx, false, LINK_MODE);
  p.closeObject();
}

/**
 * Which caller print_linkinfo() is printing for. `ip link` is
 * { doLink: true, family: AF_PACKET }; `ip address` is { doLink: false,
 * family: the -4/-6/-0 family or 0 }: no link mode, addrgenmode or counters
 * (those come after the addresses), alias/VFs/XDP programs only with -d, the
 * link/TYPE line only for family 0, AF_PACKET or -d, and a brief line that
 * shows MAC and flags only for AF_PACKET.
 */
export interface LinkHeaderMode {
  doLink: boolean;
  family: number;
}

const LINK_MODE: LinkHeaderMode = { doLink: true, family: AF_PACKET };

/**
 * The fields of one link without opening or closing its JSON object, so a
 * caller (`ip address`) can add more (addr_info, stats64) to the same object.
 * Returns false when ip skips the link (a name it refuses), printing nothing.
 */
export function renderLinkFields(
  p: Printer,
  link: LinkMessage,
  ctx: LinkRenderContext & LinkRenderExtras,
  brief: boolean,
  mode: LinkHeaderMode,
): boolean {
  return renderBody(p, link, ctx, brief, mode);
}

/** print_link_stats(): the counters `ip -s address` prints after a link's addresses, then a newline. */
export function renderLinkStatsAfter(
  p: Printer,
  link: LinkMessage,
  level: number,
  fmt: NumberFormat = {},
): void {
  printLinkStats(p, link, level, fmt);
  p.nl();
}

/** print_link_stats's counters, when the link has IFLA_STATS64 or IFLA_STATS. */
function printLinkStats(p: Printer, link: LinkMessage, level: number, fmt: NumberFormat): void {
  const st = readLinkStats(link.attrs);
  if (st)
    printStats64(
      p,
      st.stats,
      link.attrs.u32(IFLA_CARRIER_CHANGES),
      st.is64 ? 'stats64' : 'stats',
      level,
      fmt,
    );
}

/** One `ip -br link show` line (one object of the JSON array). */
export function renderLinkBrief(
  p: Printer,
  link: LinkMessage,
  ctx: LinkRenderContext & LinkRenderExtras,
): void {
  p.openObject();
  renderBody(p, link, ctx, true, LINK_MODE);
  p.closeObject();
}

function renderBody(p: Printer, link: LinkMessage, ctx: Ctx, brief: boolean, mode: LinkHeaderMode): boolean {
  const attrs = link.attrs;
  const name = linkName(link);
  if (name === null) return false;
  // ip monitor: print_linkinfo's do_link = 0 (see LinkRenderContext.monitor).
  const doLink = mode.doLink && !ctx.monitor;
  if (link.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (brief) {
    renderBrief(p, link, ctx, name, mode.family === AF_PACKET);
    return true;
  }

  anyNum(p, 'ifindex', '', link.index, ': ');
  const mdown = printNameAndLink(p, '%s: ', name, link, ctx);
  printLinkFlags(p, link.flags, mdown);

  // has() where only presence matters: get() makes an attribute object, once per field per link.
  let a: Attribute | undefined;
  if (attrs.has(IFLA_MTU))
    anyNum(p, 'mtu', 'mtu ', p.json ? attrs.u32(IFLA_MTU)! | 0 : attrs.u32(IFLA_MTU)!, ' ');
  // Nearly every link has an IFLA_XDP nest saying XDP_ATTACHED_NONE: the nest is only made an object when not.
  const xdpMode = attrs.has(IFLA_XDP) ? xdpAttachedMode(attrs) : -1;
  const xdp = xdpMode === -1 || xdpMode === XDP_ATTACHED_NONE ? undefined : attrs.get(IFLA_XDP);
  if (xdp) printXdp(p, xdp, xdpMode, doLink, false, ctx.details > 0);
  if (attrs.has(IFLA_QDISC)) anyStr(p, 'qdisc', 'qdisc ', attrs.string(IFLA_QDISC)!, ' ');
  if (attrs.has(IFLA_MASTER))
    anyStr(p, 'master', 'master ', indexToName(ctx, attrs.u32(IFLA_MASTER)! | 0), ' ');
  if (attrs.has(IFLA_OPERSTATE)) printOperstate(p, attrs.u8(IFLA_OPERSTATE)!, false);
  if (doLink && attrs.has(IFLA_LINKMODE)) {
    const mode = attrs.u8(IFLA_LINKMODE)!;
    if (mode >= LINK_MODE_NAMES.length) anyNum(p, 'linkmode_index', 'mode ', mode, ' ');
    else anyStr(p, 'linkmode', 'mode ', LINK_MODE_NAMES[mode]!, ' ');
  }
  if (attrs.has(IFLA_GROUP)) {
    const group = attrs.u32(IFLA_GROUP)! | 0;
    const gname = ctx.numeric ? String(group) : ((ctx.groupName ?? defaultGroupName)(group) ?? String(group));
    anyStr(p, 'group', 'group ', gname, ' ');
  }
  // print_queuelen only when filter.showqueue is set, which ip monitor never does.
  if (!ctx.monitor && attrs.has(IFLA_TXQLEN)) {
    const qlen = attrs.u32(IFLA_TXQLEN)! | 0;
    if (qlen) anyNum(p, 'txqlen', 'qlen ', qlen, '');
  }
  if (attrs.has(IFLA_EVENT)) {
    const event = attrs.u32(IFLA_EVENT)!;
    if (event >= LINK_EVENTS.length) p.number(PRINT_ANY, 'event', 'event %d ', event | 0);
    else if (event) p.string(PRINT_ANY, 'event', 'event %s ', LINK_EVENTS[event]!);
  }

  // link/TYPE ADDRESS brd|peer BROADCAST permaddr PERM
  if (!mode.family || mode.family === AF_PACKET || ctx.details) {
    p.nl();
    const type = link.type;
    anyStr(p, 'link_type', '    link/', linkTypeName(type, ctx), ' ');
    // Read in place (offset/length), as every link has these.
    const buf = attrs.buffer;
    const addrAt = attrs.offset(IFLA_ADDRESS);
    const addrLen = attrs.length(IFLA_ADDRESS);
    if (addrAt >= 0) p.string(PRINT_ANY, 'address', '%s', llAddrAt(buf, addrAt, addrLen, type), 'mac');
    const brdAt = attrs.offset(IFLA_BROADCAST);
    if (brdAt >= 0) {
      if (link.flags & IFF_POINTOPOINT) {
        p.fp(' peer ');
        p.bool(PRINT_JSON, 'link_pointtopoint', '', true);
      } else p.fp(' brd ');
      p.string(PRINT_ANY, 'broadcast', '%s', llAddrAt(buf, brdAt, attrs.length(IFLA_BROADCAST), type), 'mac');
    }
    a = attrs.get(IFLA_PERM_ADDRESS);
    if (a && (addrAt < 0 || !sameBytes(buf.subarray(addrAt, addrAt + addrLen), a.data))) {
      p.fp(' permaddr ');
      p.string(PRINT_ANY, 'permaddr', '%s', llAddrToString(a.data, type), 'mac');
    }
  }

  if (attrs.has(IFLA_LINK_NETNSID)) {
    const id = attrs.s32(IFLA_LINK_NETNSID)!;
    if (p.json) p.number(PRINT_JSON, 'link_netnsid', '', id);
    else if (id >= 0) {
      const ns = ctx.netnsNameOf(id);
      if (ns !== undefined) p.fp(` link-netns ${ns}`);
      else p.fp(` link-netnsid ${id}`);
    } else p.fp(' link-netnsid unknown');
  }
  if (!p.json && attrs.has(IFLA_NEW_NETNSID)) {
    const id = attrs.s32(IFLA_NEW_NETNSID)!;
    const ns = ctx.netnsNameOf(id);
    p.fp(ns !== undefined ? ` new-netns ${ns}` : ` new-netnsid ${id}`);
  }
  if (!p.json && attrs.has(IFLA_NEW_IFINDEX)) p.fp(` new-ifindex ${attrs.s32(IFLA_NEW_IFINDEX)!}`);

  if (attrs.has(IFLA_PROTO_DOWN)) printProtoDown(p, link, ctx);

  if (ctx.details) renderDetails(p, link, ctx, doLink);

  const more = doLink || ctx.details > 0;
  if (more && attrs.has(IFLA_IFALIAS)) {
    p.fp(p.sl + '    ');
    anyStr(p, 'ifalias', 'alias ', attrs.string(IFLA_IFALIAS)!, '');
  }
  if (xdp && more) printXdp(p, xdp, xdpMode, true, true, ctx.details > 0);

  if (ctx.stats && doLink) {
    p.nl();
    printLinkStats(p, link, ctx.stats, ctx.numberFormat ?? {});
  }

  const vflist = more ? attrs.get(IFLA_VFINFO_LIST) : undefined;
  if (vflist && attrs.has(IFLA_NUM_VF)) {
    p.openArray('vfinfo_list');
    const cur = new AttributeDecoder(vflist.data);
    while (cur.next()) {
      p.openObject();
      printVfInfo(p, link, cur.attribute(), ctx);
      p.closeObject();
    }
    p.closeArray();
  }

  const props = attrs.get(IFLA_PROP_LIST);
  if (props) {
    p.openArray('altnames');
    const cur = new AttributeDecoder(props.data);
    while (cur.next()) {
      if (cur.type() !== IFLA_ALT_IFNAME) continue;
      p.fp(p.sl + '    altname ');
      anyStr(p, null, '', cur.string(), '');
    }
    p.closeArray();
  }

  p.fp('\n');
  return true;
}

/**
 * The -d fields of print_linkinfo in its order: [IFLA_*, JSON key, text
 * label, how]. IFLA_LINKINFO goes to the kind printers (linkinfo.ts) and
 * IFLA_AF_SPEC (addrgenmode, `ip link` only) to printAfSpec.
 */
type DetailField = readonly [number, string, string, 'u32' | 'string' | 'hex' | 'linkinfo' | 'af_spec'];
const DETAIL_FIELDS: readonly DetailField[] = [
  [IFLA_PROMISCUITY, 'promiscuity', ' promiscuity ', 'u32'],
  [IFLA_ALLMULTI, 'allmulti', ' allmulti ', 'u32'],
  [IFLA_MIN_MTU, 'min_mtu', 'minmtu ', 'u32'],
  [IFLA_MAX_MTU, 'max_mtu', 'maxmtu ', 'u32'],
  [IFLA_LINKINFO, 'linkinfo', '', 'linkinfo'],
  [IFLA_AF_SPEC, '', '', 'af_spec'],
  [IFLA_NUM_TX_QUEUES, 'num_tx_queues', 'numtxqueues ', 'u32'],
  [IFLA_NUM_RX_QUEUES, 'num_rx_queues', 'numrxqueues ', 'u32'],
  [IFLA_GSO_MAX_SIZE, 'gso_max_size', 'gso_max_size ', 'u32'],
  [IFLA_GSO_MAX_SEGS, 'gso_max_segs', 'gso_max_segs ', 'u32'],
  [IFLA_TSO_MAX_SIZE, 'tso_max_size', 'tso_max_size ', 'u32'],
  [IFLA_TSO_MAX_SEGS, 'tso_max_segs', 'tso_max_segs ', 'u32'],
  [IFLA_GRO_MAX_SIZE, 'gro_max_size', 'gro_max_size ', 'u32'],
  [IFLA_PHYS_PORT_NAME, 'phys_port_name', 'portname ', 'string'],
  [IFLA_PHYS_PORT_ID, 'phys_port_id', 'portid ', 'hex'],
  [IFLA_PHYS_SWITCH_ID, 'phys_switch_id', 'switchid ', 'hex'],
  [IFLA_PARENT_DEV_BUS_NAME, 'parentbus', 'parentbus ', 'string'],
  [IFLA_PARENT_DEV_NAME, 'parentdev', 'parentdev ', 'string'],
];

/** The attributes only -d prints (show.ts need not keep them for a listing without -d). */
export const DETAIL_ONLY_ATTRIBUTES: readonly number[] = DETAIL_FIELDS.map(([type]) => type);

function renderDetails(p: Printer, link: LinkMessage, ctx: Ctx, doLink: boolean): void {
  const attrs = link.attrs;
  for (const [type, key, label, kind] of DETAIL_FIELDS) {
    const a = attrs.get(type);
    if (!a) continue;
    if (kind === 'u32') anyNum(p, key, label, attrs.u32(type)!, ' ');
    else if (kind === 'string') anyStr(p, key, label, attrs.string(type)!, ' ');
    else if (kind === 'hex') anyStr(p, key, label, hexString(a.data), ' ');
    else if (kind === 'af_spec') {
      if (doLink) printAfSpec(p, a);
    } else {
      const printLinkInfo = ctx.printLinkInfo ?? defaultLinkInfoPrinter;
      // A programming error, not a user one: import render.js, or pass ctx.printLinkInfo.
      if (!printLinkInfo) throw new Error('link renderer: no IFLA_LINKINFO printer loaded');
      printLinkInfo(p, a, ctx);
    }
  }
}

function renderBrief(p: Printer, link: LinkMessage, ctx: Ctx, name: string, linkLayer: boolean): void {
  const mdown = printNameAndLink(p, '%-16s ', name, link, ctx);
  const op = link.attrs.get(IFLA_OPERSTATE);
  if (op) printOperstate(p, link.attrs.u8(IFLA_OPERSTATE)!, true);
  if (!linkLayer) return; // `ip -br address`: the addresses follow on the same line
  const addr = link.attrs.get(IFLA_ADDRESS);
  if (addr) p.string(PRINT_ANY, 'address', '%s ', llAddrToString(addr.data, link.type), 'mac');
  printLinkFlags(p, link.flags, mdown);
  p.fp('\n');
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
