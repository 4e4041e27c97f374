/**
 * One `ip link show` entry, following print_linkinfo() and
 * print_linkinfo_brief() in iproute2 6.1.0's ip/ipaddress.c (the installed
 * `ip` is the reference): same fields, order, formats, JSON keys and types.
 */
import { parseIdNames } from '../../iproute/names.js';
import { AttributeDecoder, AttributeIndex, type Attribute } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../../netlink/codec/bytes.js';
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
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type ColorAttr, type Printer } from '../../output/printer.js';
import type { LinkInfoPrinter, LinkRenderContext } from './kinds/context.js';
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
  IN6_ADDR_GEN_MODE_EUI64,
  IN6_ADDR_GEN_MODE_NONE,
  IN6_ADDR_GEN_MODE_RANDOM,
  IN6_ADDR_GEN_MODE_STABLE_PRIVACY,
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
  let name: string;
  switch (mode) {
    case IN6_ADDR_GEN_MODE_EUI64:
      name = 'eui64';
      break;
    case IN6_ADDR_GEN_MODE_NONE:
      name = 'none';
      break;
    case IN6_ADDR_GEN_MODE_STABLE_PRIVACY:
      name = 'stable_secret';
      break;
    case IN6_ADDR_GEN_MODE_RANDOM:
      name = 'random';
      break;
    default:
      name = '0x' + HEX2[mode]; // "%#.2hhx"
  }
  anyStr(p, 'inet6_addr_gen_mode', 'addrgenmode ', name, ' ');
}

/** bpf_dump_prog_info without the bpf(2) lookups: the program id only (what ip prints when it cannot open the program). */
function printBpfProg(p: Printer, id: number): void {
  p.openObject('prog');
  p.number(PRINT_ANY, 'id', 'id %u ', id);
  p.closeObject();
}

function printXdpJsonOne(p: Printer, tb: AttributeIndex, attr: number, mode: number): void {
  const a = tb.get(attr);
  if (!a) return;
  p.openObject();
  p.number(PRINT_JSON, 'mode', '', mode);
  printBpfProg(p, tb.u32(attr)!);
  p.closeObject();
}

/**
 * IFLA_XDP_ATTACHED of an IFLA_XDP nest as parse_rtattr_nested finds it (the
 * first one, stopping quietly at a bad length), read with the cursor without
 * building a table: almost every link has an IFLA_XDP nest saying
 * XDP_ATTACHED_NONE. -1 when there is none; an empty one reads as 0.
 */
function xdpAttachedMode(xdp: Attribute): number {
  const d = new AttributeDecoder(xdp.data); // lenient walk: err() is not checked
  while (d.next()) if (d.type() === IFLA_XDP_ATTACHED) return d.bytes().length > 0 ? d.u8() : 0;
  return -1;
}

/** xdp_dump (ip/iplink_xdp.c). */
function printXdp(p: Printer, xdp: Attribute, link: boolean, details: boolean): void {
  // The common case, nothing attached, decided without a table.
  const quick = xdpAttachedMode(xdp);
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
    if (progId) printBpfProg(p, progId);
    p.openArray('attached');
    if (tb.has(IFLA_XDP_SKB_PROG_ID) || tb.has(IFLA_XDP_DRV_PROG_ID) || tb.has(IFLA_XDP_HW_PROG_ID)) {
      printXdpJsonOne(p, tb, IFLA_XDP_SKB_PROG_ID, XDP_ATTACHED_SKB);
      printXdpJsonOne(p, tb, IFLA_XDP_DRV_PROG_ID, XDP_ATTACHED_DRV);
      printXdpJsonOne(p, tb, IFLA_XDP_HW_PROG_ID, XDP_ATTACHED_HW);
    } else if (tb.has(IFLA_XDP_PROG_ID)) {
      printXdpJsonOne(p, tb, IFLA_XDP_PROG_ID, mode);
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
  printXdpProgText(p, tb, IFLA_XDP_PROG_ID, link, details, '');
  if (mode === XDP_ATTACHED_MULTI) {
    printXdpProgText(p, tb, IFLA_XDP_SKB_PROG_ID, link, details, 'generic');
    printXdpProgText(p, tb, IFLA_XDP_DRV_PROG_ID, link, details, 'drv');
    printXdpProgText(p, tb, IFLA_XDP_HW_PROG_ID, link, details, 'offload');
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
    printBpfProg(p, id);
  }
}

// ---- statistics ----

/** size_columns: widen each column to the digits of its value (given as text). */
function sizeColumns(cols: number[], vals: readonly string[]): void {
  for (let i = 0; i < vals.length; i++) if (vals[i]!.length > cols[i]!) cols[i] = vals[i]!.length;
}

/** print_num without -h: "%*llu " */
function num(width: number, v: string): string {
  return (width > v.length ? v.padStart(width) : v) + ' ';
}

function pad(width: number, s: string): string {
  return width > s.length ? s.padStart(width) : s;
}

/** print_stats64 (ip/ipaddress.c) */
function printStats64(
  p: Printer,
  s: LinkStats64,
  carrierChanges: number | undefined,
  what: string,
  level: number,
): void {
  if (p.json) {
    p.openObject(what);
    p.openObject('rx');
    p.number(PRINT_JSON, 'bytes', '', s.rx_bytes);
    p.number(PRINT_JSON, 'packets', '', s.rx_packets);
    p.number(PRINT_JSON, 'errors', '', s.rx_errors);
    p.number(PRINT_JSON, 'dropped', '', s.rx_dropped);
    p.number(PRINT_JSON, 'over_errors', '', s.rx_over_errors);
    p.number(PRINT_JSON, 'multicast', '', s.multicast);
    if (s.rx_compressed) p.number(PRINT_JSON, 'compressed', '', s.rx_compressed);
    if (level > 1) {
      p.number(PRINT_JSON, 'length_errors', '', s.rx_length_errors);
      p.number(PRINT_JSON, 'crc_errors', '', s.rx_crc_errors);
      p.number(PRINT_JSON, 'frame_errors', '', s.rx_frame_errors);
      p.number(PRINT_JSON, 'fifo_errors', '', s.rx_fifo_errors);
      p.number(PRINT_JSON, 'missed_errors', '', s.rx_missed_errors);
      if (s.rx_nohandler) p.number(PRINT_JSON, 'nohandler', '', s.rx_nohandler);
      if (s.rx_otherhost_dropped) p.number(PRINT_JSON, 'otherhost', '', s.rx_otherhost_dropped);
    }
    p.closeObject();
    p.openObject('tx');
    p.number(PRINT_JSON, 'bytes', '', s.tx_bytes);
    p.number(PRINT_JSON, 'packets', '', s.tx_packets);
    p.number(PRINT_JSON, 'errors', '', s.tx_errors);
    p.number(PRINT_JSON, 'dropped', '', s.tx_dropped);
    p.number(PRINT_JSON, 'carrier_errors', '', s.tx_carrier_errors);
    p.number(PRINT_JSON, 'collisions', '', s.collisions);
    if (s.tx_compressed) p.number(PRINT_JSON, 'compressed', '', s.tx_compressed);
    if (level > 1) {
      p.number(PRINT_JSON, 'aborted_errors', '', s.tx_aborted_errors);
      p.number(PRINT_JSON, 'fifo_errors', '', s.tx_fifo_errors);
      p.number(PRINT_JSON, 'window_errors', '', s.tx_window_errors);
      p.number(PRINT_JSON, 'heartbeat_errors', '', s.tx_heartbeat_errors);
      if (carrierChanges !== undefined) p.number(PRINT_JSON, 'carrier_changes', '', carrierChanges);
    }
    p.closeObject();
    p.closeObject();
    return;
  }

  // Every counter as text once: its length sizes the columns, then it is printed.
  const rxBytes = String(s.rx_bytes);
  const rxPackets = String(s.rx_packets);
  const rxErrors = String(s.rx_errors);
  const rxDropped = String(s.rx_dropped);
  const rxMissed = String(s.rx_missed_errors);
  const mcast = String(s.multicast);
  const rxCompressed = String(s.rx_compressed);
  const txBytes = String(s.tx_bytes);
  const txPackets = String(s.tx_packets);
  const txErrors = String(s.tx_errors);
  const txDropped = String(s.tx_dropped);
  const txCarrier = String(s.tx_carrier_errors);
  const collisions = String(s.collisions);
  const txCompressed = String(s.tx_compressed);
  // strlen("*X errors:"), "packets", "errors", "dropped", "heartbt", "overrun", "compressed", "otherhost"
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  sizeColumns(cols, [rxBytes, rxPackets, rxErrors, rxDropped, rxMissed, mcast, rxCompressed, '0']);
  let rxLength = '';
  let rxCrc = '';
  let rxFrame = '';
  let rxFifo = '';
  let rxOver = '';
  let rxNohandler = '';
  let rxOtherhost = '';
  let txAborted = '';
  let txFifo = '';
  let txWindow = '';
  let txHeartbeat = '';
  const cc = carrierChanges !== undefined ? String(carrierChanges) : '0';
  if (level > 1) {
    rxLength = String(s.rx_length_errors);
    rxCrc = String(s.rx_crc_errors);
    rxFrame = String(s.rx_frame_errors);
    rxFifo = String(s.rx_fifo_errors);
    rxOver = String(s.rx_over_errors);
    rxNohandler = String(s.rx_nohandler);
    rxOtherhost = String(s.rx_otherhost_dropped);
    sizeColumns(cols, ['0', rxLength, rxCrc, rxFrame, rxFifo, rxOver, rxNohandler, rxOtherhost]);
  }
  sizeColumns(cols, [txBytes, txPackets, txErrors, txDropped, txCarrier, collisions, txCompressed, '0']);
  if (level > 1) {
    txAborted = String(s.tx_aborted_errors);
    txFifo = String(s.tx_fifo_errors);
    txWindow = String(s.tx_window_errors);
    txHeartbeat = String(s.tx_heartbeat_errors);
    // iproute2 sizes these one column to the right of where it prints them; kept.
    sizeColumns(cols, ['0', '0', txAborted, txFifo, txWindow, txHeartbeat, cc, '0']);
  }
  const [c0, c1, c2, c3, c4, c5, c6, c7] = cols as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const sl = p.sl;
  let t =
    '    RX: ' +
    `${pad(c0 - 4, 'bytes')} ${pad(c1, 'packets')} ${pad(c2, 'errors')} ${pad(c3, 'dropped')} ` +
    `${pad(c4, 'missed')} ${pad(c5, 'mcast')} ${pad(c6, s.rx_compressed ? 'compressed' : '')}${sl}` +
    '    ' +
    num(c0, rxBytes) +
    num(c1, rxPackets) +
    num(c2, rxErrors) +
    num(c3, rxDropped) +
    num(c4, rxMissed) +
    num(c5, mcast);
  if (s.rx_compressed) t += num(c6, rxCompressed);
  if (level > 1) {
    t +=
      sl +
      `    RX errors:${pad(c0 - 10, '')} ${pad(c1, 'length')} ${pad(c2, 'crc')} ${pad(c3, 'frame')} ` +
      `${pad(c4, 'fifo')} ${pad(c5, 'overrun')}` +
      (s.rx_nohandler ? pad(c6 + 1, ' nohandler') : '') +
      (s.rx_otherhost_dropped ? pad(c7 + 1, ' otherhost') : '') +
      sl +
      pad(c0 + 5, '') +
      num(c1, rxLength) +
      num(c2, rxCrc) +
      num(c3, rxFrame) +
      num(c4, rxFifo) +
      num(c5, rxOver);
    if (s.rx_nohandler) t += num(c6, rxNohandler);
    if (s.rx_otherhost_dropped) t += num(c7, rxOtherhost);
  }
  t +=
    sl +
    '    TX: ' +
    `${pad(c0 - 4, 'bytes')} ${pad(c1, 'packets')} ${pad(c2, 'errors')} ${pad(c3, 'dropped')} ` +
    `${pad(c4, 'carrier')} ${pad(c5, 'collsns')} ${pad(c6, s.tx_compressed ? 'compressed' : '')}${sl}` +
    '    ' +
    num(c0, txBytes) +
    num(c1, txPackets) +
    num(c2, txErrors) +
    num(c3, txDropped) +
    num(c4, txCarrier) +
    num(c5, collisions);
  if (s.tx_compressed) t += num(c6, txCompressed);
  if (level > 1) {
    t +=
      sl +
      `    TX errors:${pad(c0 - 10, '')} ${pad(c1, 'aborted')} ${pad(c2, 'fifo')} ${pad(c3, 'window')} ` +
      `${pad(c4, 'heartbt')} ${pad(c5, carrierChanges !== undefined ? 'transns' : '')}${sl}` +
      pad(c0 + 5, '') +
      num(c1, txAborted) +
      num(c2, txFifo) +
      num(c3, txWindow) +
      num(c4, txHeartbeat);
    if (carrierChanges !== undefined) t += num(c5, cc);
  }
  p.fp(t);
}

// ---- VF info ----

function vfStat(tb: AttributeIndex, type: number): bigint {
  return tb.u64(type) ?? 0n;
}

/** print_vf_stats64 */
function printVfStats64(p: Printer, vfstats: Attribute): void {
  const tb = new AttributeIndex(vfstats.data, 0, true);
  const rxDropped = tb.get(IFLA_VF_STATS_RX_DROPPED);
  const txDropped = tb.get(IFLA_VF_STATS_TX_DROPPED);
  if (p.json) {
    p.openObject('stats');
    p.openObject('rx');
    p.number(PRINT_JSON, 'bytes', '', vfStat(tb, IFLA_VF_STATS_RX_BYTES));
    p.number(PRINT_JSON, 'packets', '', vfStat(tb, IFLA_VF_STATS_RX_PACKETS));
    p.number(PRINT_JSON, 'multicast', '', vfStat(tb, IFLA_VF_STATS_MULTICAST));
    p.number(PRINT_JSON, 'broadcast', '', vfStat(tb, IFLA_VF_STATS_BROADCAST));
    if (rxDropped) p.number(PRINT_JSON, 'dropped', '', tb.u64(IFLA_VF_STATS_RX_DROPPED)!);
    p.closeObject();
    p.openObject('tx');
    p.number(PRINT_JSON, 'tx_bytes', '', vfStat(tb, IFLA_VF_STATS_TX_BYTES));
    p.number(PRINT_JSON, 'tx_packets', '', vfStat(tb, IFLA_VF_STATS_TX_PACKETS));
    if (txDropped) p.number(PRINT_JSON, 'dropped', '', tb.u64(IFLA_VF_STATS_TX_DROPPED)!);
    p.closeObject();
    p.closeObject();
    return;
  }
  const sl = p.sl;
  let t = sl + '    RX: bytes  packets  mcast   bcast ' + (rxDropped ? '  dropped ' : '') + sl + '    ';
  t +=
    num(10, String(vfStat(tb, IFLA_VF_STATS_RX_BYTES))) +
    num(8, String(vfStat(tb, IFLA_VF_STATS_RX_PACKETS))) +
    num(7, String(vfStat(tb, IFLA_VF_STATS_MULTICAST))) +
    num(7, String(vfStat(tb, IFLA_VF_STATS_BROADCAST)));
  if (rxDropped) t += num(8, String(tb.u64(IFLA_VF_STATS_RX_DROPPED)!));
  t += sl + '    TX: bytes  packets ' + (txDropped ? '  dropped ' : '') + sl + '    ';
  t +=
    num(10, String(vfStat(tb, IFLA_VF_STATS_TX_BYTES))) +
    num(8, String(vfStat(tb, IFLA_VF_STATS_TX_PACKETS)));
  if (txDropped) t += num(8, String(tb.u64(IFLA_VF_STATS_TX_DROPPED)!));
  p.fp(t);
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
    if (p.json) {
      p.openObject('rate');
      p.number(PRINT_JSON, 'max_tx', '', maxTx);
      p.number(PRINT_JSON, 'min_tx', '', minTx);
      p.closeObject();
    } else {
      if (maxTx) p.fp(`, max_tx_rate ${maxTx}Mbps`);
      if (minTx) p.fp(`, min_tx_rate ${minTx}Mbps`);
    }
  }
  const spoof = vf.get(IFLA_VF_SPOOFCHK);
  if (spoof) {
    const setting = fieldU32(spoof, 4);
    if (setting !== 0xffffffff) {
      p.bool(PRINT_ANY, 'spoofchk', setting ? ', spoof checking on' : ', spoof checking off', setting !== 0);
    }
  }
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
  const trust = vf.get(IFLA_VF_TRUST);
  if (trust) {
    const setting = fieldU32(trust, 4);
    if (setting !== 0xffffffff)
      p.bool(PRINT_ANY, 'trust', setting ? ', trust on' : ', trust off', setting !== 0);
  }
  const rss = vf.get(IFLA_VF_RSS_QUERY_EN);
  if (rss) {
    const setting = fieldU32(rss, 4);
    if (setting !== 0xffffffff) {
      p.bool(PRINT_ANY, 'query_rss_en', setting ? ', query_rss on' : ', query_rss off', setting !== 0);
    }
  }
  const vfStats = vf.get(IFLA_VF_STATS);
  if (vfStats && ctx.stats) printVfStats64(p, vfStats);
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
export function renderLinkStatsAfter(p: Printer, link: LinkMessage, level: number): void {
  const st = readLinkStats(link.attrs);
  if (st)
    printStats64(p, st.stats, link.attrs.u32(IFLA_CARRIER_CHANGES), st.is64 ? 'stats64' : 'stats', level);
  p.nl();
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

  let a = attrs.get(IFLA_MTU);
  if (a) anyNum(p, 'mtu', 'mtu ', p.json ? attrs.u32(IFLA_MTU)! | 0 : attrs.u32(IFLA_MTU)!, ' ');
  const xdp = attrs.get(IFLA_XDP);
  if (xdp) printXdp(p, xdp, doLink, false);
  a = attrs.get(IFLA_QDISC);
  if (a) anyStr(p, 'qdisc', 'qdisc ', attrs.string(IFLA_QDISC)!, ' ');
  a = attrs.get(IFLA_MASTER);
  if (a) anyStr(p, 'master', 'master ', indexToName(ctx, attrs.u32(IFLA_MASTER)! | 0), ' ');
  a = attrs.get(IFLA_OPERSTATE);
  if (a) printOperstate(p, attrs.u8(IFLA_OPERSTATE)!, false);
  a = doLink ? attrs.get(IFLA_LINKMODE) : undefined;
  if (a) {
    const mode = attrs.u8(IFLA_LINKMODE)!;
    if (mode >= LINK_MODE_NAMES.length) anyNum(p, 'linkmode_index', 'mode ', mode, ' ');
    else anyStr(p, 'linkmode', 'mode ', LINK_MODE_NAMES[mode]!, ' ');
  }
  a = attrs.get(IFLA_GROUP);
  if (a) {
    const group = attrs.u32(IFLA_GROUP)! | 0;
    const gname = ctx.numeric ? String(group) : ((ctx.groupName ?? defaultGroupName)(group) ?? String(group));
    anyStr(p, 'group', 'group ', gname, ' ');
  }
  // print_queuelen only when filter.showqueue is set, which ip monitor never does.
  a = ctx.monitor ? undefined : attrs.get(IFLA_TXQLEN);
  if (a) {
    const qlen = attrs.u32(IFLA_TXQLEN)! | 0;
    if (qlen) anyNum(p, 'txqlen', 'qlen ', qlen, '');
  }
  a = attrs.get(IFLA_EVENT);
  if (a) {
    const event = attrs.u32(IFLA_EVENT)!;
    if (event >= LINK_EVENTS.length) p.number(PRINT_ANY, 'event', 'event %d ', event | 0);
    else if (event) p.string(PRINT_ANY, 'event', 'event %s ', LINK_EVENTS[event]!);
  }

  // link/TYPE ADDRESS brd|peer BROADCAST permaddr PERM
  if (!mode.family || mode.family === AF_PACKET || ctx.details) {
    p.nl();
    const type = link.type;
    anyStr(p, 'link_type', '    link/', linkTypeName(type, ctx), ' ');
    const addr = attrs.get(IFLA_ADDRESS);
    if (addr) p.string(PRINT_ANY, 'address', '%s', llAddrToString(addr.data, type), 'mac');
    a = attrs.get(IFLA_BROADCAST);
    if (a) {
      if (link.flags & IFF_POINTOPOINT) {
        p.fp(' peer ');
        p.bool(PRINT_JSON, 'link_pointtopoint', '', true);
      } else p.fp(' brd ');
      p.string(PRINT_ANY, 'broadcast', '%s', llAddrToString(a.data, type), 'mac');
    }
    a = attrs.get(IFLA_PERM_ADDRESS);
    if (a && (!addr || !sameBytes(addr.data, a.data))) {
      p.fp(' permaddr ');
      p.string(PRINT_ANY, 'permaddr', '%s', llAddrToString(a.data, type), 'mac');
    }
  }

  a = attrs.get(IFLA_LINK_NETNSID);
  if (a) {
    const id = attrs.s32(IFLA_LINK_NETNSID)!;
    if (p.json) p.number(PRINT_JSON, 'link_netnsid', '', id);
    else if (id >= 0) {
      const ns = ctx.netnsNameOf(id);
      if (ns !== undefined) p.fp(` link-netns ${ns}`);
      else p.fp(` link-netnsid ${id}`);
    } else p.fp(' link-netnsid unknown');
  }
  a = attrs.get(IFLA_NEW_NETNSID);
  if (a && !p.json) {
    const id = attrs.s32(IFLA_NEW_NETNSID)!;
    const ns = ctx.netnsNameOf(id);
    p.fp(ns !== undefined ? ` new-netns ${ns}` : ` new-netnsid ${id}`);
  }
  a = attrs.get(IFLA_NEW_IFINDEX);
  if (a && !p.json) p.fp(` new-ifindex ${attrs.s32(IFLA_NEW_IFINDEX)!}`);

  if (attrs.has(IFLA_PROTO_DOWN)) printProtoDown(p, link, ctx);

  if (ctx.details) renderDetails(p, link, ctx, doLink);

  const more = doLink || ctx.details > 0;
  a = more ? attrs.get(IFLA_IFALIAS) : undefined;
  if (a) {
    p.fp(p.sl + '    ');
    anyStr(p, 'ifalias', 'alias ', attrs.string(IFLA_IFALIAS)!, '');
  }
  if (xdp && more) printXdp(p, xdp, true, true);

  if (ctx.stats && doLink) {
    p.nl();
    const st = readLinkStats(attrs);
    if (st)
      printStats64(p, st.stats, attrs.u32(IFLA_CARRIER_CHANGES), st.is64 ? 'stats64' : 'stats', ctx.stats);
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

function renderDetails(p: Printer, link: LinkMessage, ctx: Ctx, doLink: boolean): void {
  const attrs = link.attrs;
  let a = attrs.get(IFLA_PROMISCUITY);
  if (a) anyNum(p, 'promiscuity', ' promiscuity ', attrs.u32(IFLA_PROMISCUITY)!, ' ');
  a = attrs.get(IFLA_ALLMULTI);
  if (a) anyNum(p, 'allmulti', ' allmulti ', attrs.u32(IFLA_ALLMULTI)!, ' ');
  a = attrs.get(IFLA_MIN_MTU);
  if (a) anyNum(p, 'min_mtu', 'minmtu ', attrs.u32(IFLA_MIN_MTU)!, ' ');
  a = attrs.get(IFLA_MAX_MTU);
  if (a) anyNum(p, 'max_mtu', 'maxmtu ', attrs.u32(IFLA_MAX_MTU)!, ' ');
  a = attrs.get(IFLA_LINKINFO);
  if (a) {
    const printLinkInfo = ctx.printLinkInfo ?? defaultLinkInfoPrinter;
    // A programming error, not a user one: import render.js, or pass ctx.printLinkInfo.
    if (!printLinkInfo) throw new Error('link renderer: no IFLA_LINKINFO printer loaded');
    printLinkInfo(p, a, ctx);
  }
  a = doLink ? attrs.get(IFLA_AF_SPEC) : undefined;
  if (a) printAfSpec(p, a);
  a = attrs.get(IFLA_NUM_TX_QUEUES);
  if (a) anyNum(p, 'num_tx_queues', 'numtxqueues ', attrs.u32(IFLA_NUM_TX_QUEUES)!, ' ');
  a = attrs.get(IFLA_NUM_RX_QUEUES);
  if (a) anyNum(p, 'num_rx_queues', 'numrxqueues ', attrs.u32(IFLA_NUM_RX_QUEUES)!, ' ');
  a = attrs.get(IFLA_GSO_MAX_SIZE);
  if (a) anyNum(p, 'gso_max_size', 'gso_max_size ', attrs.u32(IFLA_GSO_MAX_SIZE)!, ' ');
  a = attrs.get(IFLA_GSO_MAX_SEGS);
  if (a) anyNum(p, 'gso_max_segs', 'gso_max_segs ', attrs.u32(IFLA_GSO_MAX_SEGS)!, ' ');
  a = attrs.get(IFLA_TSO_MAX_SIZE);
  if (a) anyNum(p, 'tso_max_size', 'tso_max_size ', attrs.u32(IFLA_TSO_MAX_SIZE)!, ' ');
  a = attrs.get(IFLA_TSO_MAX_SEGS);
  if (a) anyNum(p, 'tso_max_segs', 'tso_max_segs ', attrs.u32(IFLA_TSO_MAX_SEGS)!, ' ');
  a = attrs.get(IFLA_GRO_MAX_SIZE);
  if (a) anyNum(p, 'gro_max_size', 'gro_max_size ', attrs.u32(IFLA_GRO_MAX_SIZE)!, ' ');
  a = attrs.get(IFLA_PHYS_PORT_NAME);
  if (a) anyStr(p, 'phys_port_name', 'portname ', attrs.string(IFLA_PHYS_PORT_NAME)!, ' ');
  a = attrs.get(IFLA_PHYS_PORT_ID);
  if (a) anyStr(p, 'phys_port_id', 'portid ', hexString(a.data), ' ');
  a = attrs.get(IFLA_PHYS_SWITCH_ID);
  if (a) anyStr(p, 'phys_switch_id', 'switchid ', hexString(a.data), ' ');
  a = attrs.get(IFLA_PARENT_DEV_BUS_NAME);
  if (a) anyStr(p, 'parentbus', 'parentbus ', attrs.string(IFLA_PARENT_DEV_BUS_NAME)!, ' ');
  a = attrs.get(IFLA_PARENT_DEV_NAME);
  if (a) anyStr(p, 'parentdev', 'parentdev ', attrs.string(IFLA_PARENT_DEV_NAME)!, ' ');
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
