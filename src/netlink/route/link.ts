/**
 * rtnetlink link messages: struct ifinfomsg plus IFLA_* attributes.
 *
 * Constants are copied from the kernel UAPI headers named next to each group
 * (as installed under /usr/include/linux); names follow the headers.
 */
import { AttributeDecoder, AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { encodeIfinfomsg } from './link-change.js';
import { NLM_F_DUMP, NLM_F_REQUEST } from '../gen/netlink.js';
import { IFINFOMSG_LEN, RTM_DELLINK, RTM_NEWLINK } from '../gen/rtnetlink.js';
import { AF_PACKET } from '../gen/socket.js';
import {
  IFLA_ADDRESS,
  IFLA_ALT_IFNAME,
  IFLA_BROADCAST,
  IFLA_EXT_MASK,
  IFLA_GROUP,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINK,
  IFLA_LINKINFO,
  IFLA_LINKMODE,
  IFLA_LINK_NETNSID,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_OPERSTATE,
  IFLA_PROP_LIST,
  IFLA_QDISC,
  IFLA_STATS,
  IFLA_STATS64,
  IFLA_TXQLEN,
} from '../gen/if_link.js';
import { IFNAMSIZ } from '../gen/if.js';
import {
  ARPHRD_6LOWPAN,
  ARPHRD_ADAPT,
  ARPHRD_APPLETLK,
  ARPHRD_ARCNET,
  ARPHRD_ASH,
  ARPHRD_ATM,
  ARPHRD_AX25,
  ARPHRD_BIF,
  ARPHRD_CAIF,
  ARPHRD_CAN,
  ARPHRD_CHAOS,
  ARPHRD_CSLIP,
  ARPHRD_CSLIP6,
  ARPHRD_DDCMP,
  ARPHRD_DLCI,
  ARPHRD_ECONET,
  ARPHRD_EETHER,
  ARPHRD_ETHER,
  ARPHRD_FCAL,
  ARPHRD_FCFABRIC,
  ARPHRD_FCPL,
  ARPHRD_FCPP,
  ARPHRD_FDDI,
  ARPHRD_FRAD,
  ARPHRD_HDLC,
  ARPHRD_HIPPI,
  ARPHRD_HWX25,
  ARPHRD_IEEE1394,
  ARPHRD_IEEE802,
  ARPHRD_IEEE80211,
  ARPHRD_IEEE80211_PRISM,
  ARPHRD_IEEE80211_RADIOTAP,
  ARPHRD_IEEE802154,
  ARPHRD_IEEE802154_MONITOR,
  ARPHRD_IEEE802_TR,
  ARPHRD_INFINIBAND,
  ARPHRD_IP6GRE,
  ARPHRD_IPDDP,
  ARPHRD_IPGRE,
  ARPHRD_IRDA,
  ARPHRD_LAPB,
  ARPHRD_LOCALTLK,
  ARPHRD_LOOPBACK,
  ARPHRD_METRICOM,
  ARPHRD_NETLINK,
  ARPHRD_NETROM,
  ARPHRD_NONE,
  ARPHRD_PHONET,
  ARPHRD_PHONET_PIPE,
  ARPHRD_PIMREG,
  ARPHRD_PPP,
  ARPHRD_PRONET,
  ARPHRD_RAWHDLC,
  ARPHRD_ROSE,
  ARPHRD_RSRVD,
  ARPHRD_SIT,
  ARPHRD_SKIP,
  ARPHRD_SLIP,
  ARPHRD_SLIP6,
  ARPHRD_TUNNEL,
  ARPHRD_TUNNEL6,
  ARPHRD_VOID,
  ARPHRD_X25,
} from '../gen/if_arp.js';

// ---- <linux/rtnetlink.h> ----

// ---- <linux/if_link.h> ----

/** Top-level link attributes (enum in <linux/if_link.h>). */
export const IFLA_DEVLINK_PORT = 62;
export const IFLA_GSO_IPV4_MAX_SIZE = 63;
export const IFLA_GRO_IPV4_MAX_SIZE = 64;

/**
 * struct rtnl_link_stats64 (<linux/if_link.h>): 25 __u64 counters in this
 * order. struct rtnl_link_stats (IFLA_STATS) has the first 24 as __u32.
 */
export const LINK_STATS_FIELDS = [
  'rx_packets',
  'tx_packets',
  'rx_bytes',
  'tx_bytes',
  'rx_errors',
  'tx_errors',
  'rx_dropped',
  'tx_dropped',
  'multicast',
  'collisions',
  'rx_length_errors',
  'rx_over_errors',
  'rx_crc_errors',
  'rx_frame_errors',
  'rx_fifo_errors',
  'rx_missed_errors',
  'tx_aborted_errors',
  'tx_carrier_errors',
  'tx_fifo_errors',
  'tx_heartbeat_errors',
  'tx_window_errors',
  'rx_compressed',
  'tx_compressed',
  'rx_nohandler',
  'rx_otherhost_dropped',
] as const;
export type LinkStatsField = (typeof LINK_STATS_FIELDS)[number];
export type LinkStats64 = Record<LinkStatsField, bigint>;

// ---- <linux/if.h> ----

/** iproute2's names for IF_OPER_* (ip/ipaddress.c oper_states[]). */
export const OPER_STATE_NAMES: readonly string[] = [
  'UNKNOWN',
  'NOTPRESENT',
  'DOWN',
  'LOWERLAYERDOWN',
  'TESTING',
  'DORMANT',
  'UP',
];

/** iproute2's names (ip/ipaddress.c link_modes[]); it knows only the first two. */
export const LINK_MODE_NAMES: readonly string[] = ['DEFAULT', 'DORMANT'];

// ---- <linux/if_arp.h> ----

/**
 * iproute2 6.1's names for ARPHRD_* (lib/ll_types.c, the word after "link/").
 * Types it does not list (MCTP, RAWIP, VSOCKMON, EUI64, ...) print as "[N]".
 */
export const ARPHRD_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [ARPHRD_NETROM, 'netrom'],
  [ARPHRD_ETHER, 'ether'],
  [ARPHRD_EETHER, 'eether'],
  [ARPHRD_AX25, 'ax25'],
  [ARPHRD_PRONET, 'pronet'],
  [ARPHRD_CHAOS, 'chaos'],
  [ARPHRD_IEEE802, 'ieee802'],
  [ARPHRD_ARCNET, 'arcnet'],
  [ARPHRD_APPLETLK, 'atalk'],
  [ARPHRD_DLCI, 'dlci'],
  [ARPHRD_ATM, 'atm'],
  [ARPHRD_METRICOM, 'metricom'],
  [ARPHRD_IEEE1394, 'ieee1394'],
  [ARPHRD_INFINIBAND, 'infiniband'],
  [ARPHRD_SLIP, 'slip'],
  [ARPHRD_CSLIP, 'cslip'],
  [ARPHRD_SLIP6, 'slip6'],
  [ARPHRD_CSLIP6, 'cslip6'],
  [ARPHRD_RSRVD, 'rsrvd'],
  [ARPHRD_ADAPT, 'adapt'],
  [ARPHRD_ROSE, 'rose'],
  [ARPHRD_X25, 'x25'],
  [ARPHRD_HWX25, 'hwx25'],
  [ARPHRD_CAN, 'can'],
  [ARPHRD_PPP, 'ppp'],
  [ARPHRD_HDLC, 'hdlc'],
  [ARPHRD_LAPB, 'lapb'],
  [ARPHRD_DDCMP, 'ddcmp'],
  [ARPHRD_RAWHDLC, 'rawhdlc'],
  [ARPHRD_TUNNEL, 'ipip'],
  [ARPHRD_TUNNEL6, 'tunnel6'],
  [ARPHRD_FRAD, 'frad'],
  [ARPHRD_SKIP, 'skip'],
  [ARPHRD_LOOPBACK, 'loopback'],
  [ARPHRD_LOCALTLK, 'ltalk'],
  [ARPHRD_FDDI, 'fddi'],
  [ARPHRD_BIF, 'bif'],
  [ARPHRD_SIT, 'sit'],
  [ARPHRD_IPDDP, 'ip/ddp'],
  [ARPHRD_IPGRE, 'gre'],
  [ARPHRD_PIMREG, 'pimreg'],
  [ARPHRD_HIPPI, 'hippi'],
  [ARPHRD_ASH, 'ash'],
  [ARPHRD_ECONET, 'econet'],
  [ARPHRD_IRDA, 'irda'],
  [ARPHRD_FCPP, 'fcpp'],
  [ARPHRD_FCAL, 'fcal'],
  [ARPHRD_FCPL, 'fcpl'],
  // fcfb0 … fcfb12: ARPHRD_FCFABRIC and the twelve types after it.
  ...Array.from({ length: 13 }, (_, i): [number, string] => [ARPHRD_FCFABRIC + i, `fcfb${i}`]),
  [ARPHRD_IEEE802_TR, 'tr'],
  [ARPHRD_IEEE80211, 'ieee802.11'],
  [ARPHRD_IEEE80211_PRISM, 'ieee802.11/prism'],
  [ARPHRD_IEEE80211_RADIOTAP, 'ieee802.11/radiotap'],
  [ARPHRD_IEEE802154, 'ieee802.15.4'],
  [ARPHRD_IEEE802154_MONITOR, 'ieee802.15.4/monitor'],
  [ARPHRD_PHONET, 'phonet'],
  [ARPHRD_PHONET_PIPE, 'phonet_pipe'],
  [ARPHRD_CAIF, 'caif'],
  [ARPHRD_IP6GRE, 'gre6'],
  [ARPHRD_NETLINK, 'netlink'],
  [ARPHRD_6LOWPAN, '6lowpan'],
  [ARPHRD_NONE, 'none'],
  [ARPHRD_VOID, 'void'],
]);

/** iproute2's ll_type_n2a: the name of an ARPHRD_* type, or "[N]". */
export function arphrdName(type: number): string {
  return ARPHRD_NAMES.get(type) ?? `[${type}]`;
}

// ---- decoding ----

/** One RTM_NEWLINK/RTM_DELLINK message. Every attribute is kept, known or not. */
export class LinkMessage {
  constructor(
    /** ifi_family. */
    readonly family: number,
    /** ifi_type: ARPHRD_*. */
    readonly type: number,
    /** ifi_index. */
    readonly index: number,
    /** ifi_flags: IFF_*. */
    readonly flags: number,
    /** ifi_change. */
    readonly change: number,
    /** Top-level attributes by type, the first of a type winning (iproute2's parse_rtattr). */
    readonly attrs: AttributeIndex,
    /** The message was an RTM_DELLINK. */
    readonly deleted = false,
  ) {}

  /** IFLA_IFNAME; "" when the message has none. */
  get ifname(): string {
    return this.attrs.string(IFLA_IFNAME) ?? '';
  }
  get mtu(): number | undefined {
    return this.attrs.u32(IFLA_MTU);
  }
  get qdisc(): string | undefined {
    return this.attrs.string(IFLA_QDISC);
  }
  /** IFLA_MASTER: the ifindex of the master device. */
  get master(): number | undefined {
    return this.attrs.u32(IFLA_MASTER);
  }
  /** IFLA_LINK: the ifindex of the lower device (in link-netnsid's namespace when that is present). */
  get link(): number | undefined {
    return this.attrs.u32(IFLA_LINK);
  }
  get linkNetnsid(): number | undefined {
    return this.attrs.s32(IFLA_LINK_NETNSID);
  }
  get operstate(): number | undefined {
    return this.attrs.u8(IFLA_OPERSTATE);
  }
  get linkmode(): number | undefined {
    return this.attrs.u8(IFLA_LINKMODE);
  }
  get txqlen(): number | undefined {
    return this.attrs.u32(IFLA_TXQLEN);
  }
  get group(): number | undefined {
    return this.attrs.u32(IFLA_GROUP);
  }
  get ifalias(): string | undefined {
    return this.attrs.string(IFLA_IFALIAS);
  }
  /** IFLA_ADDRESS bytes (a view). */
  get address(): Uint8Array | undefined {
    return this.attrs.bytes(IFLA_ADDRESS);
  }
  get broadcast(): Uint8Array | undefined {
    return this.attrs.bytes(IFLA_BROADCAST);
  }
  /** IFLA_LINKINFO / IFLA_INFO_KIND ("veth", "bridge", ...). */
  get kind(): string | undefined {
    return this.linkinfoString(IFLA_INFO_KIND);
  }
  /** IFLA_LINKINFO / IFLA_INFO_SLAVE_KIND ("bridge" for a bridge port, ...). */
  get slaveKind(): string | undefined {
    return this.linkinfoString(IFLA_INFO_SLAVE_KIND);
  }
  /** IFLA_PROP_LIST / IFLA_ALT_IFNAME entries, in message order. */
  get altnames(): string[] {
    const list = this.attrs.bytes(IFLA_PROP_LIST);
    const out: string[] = [];
    if (!list) return out;
    // Lenient, as iproute2's RTA_OK loop: stops quietly at an entry that does not fit.
    const d = new AttributeDecoder(list);
    while (d.next()) if (d.type() === IFLA_ALT_IFNAME) out.push(d.string());
    return out;
  }
  /** IFLA_STATS64 (or IFLA_STATS widened), zero-filled like iproute2's get_rtnl_link_stats_rta; undefined when neither is present. */
  get stats(): LinkStats64 | undefined {
    return readLinkStats(this.attrs)?.stats;
  }

  private linkinfoString(type: number): string | undefined {
    const li = this.attrs.bytes(IFLA_LINKINFO);
    if (!li) return undefined;
    let found: string | undefined;
    const d = new AttributeDecoder(li); // lenient walk: no err() check
    while (d.next()) if (d.type() === type) found = d.string();
    return found;
  }
}

/**
 * iproute2's get_rtnl_link_stats_rta: IFLA_STATS64 if present, else IFLA_STATS
 * widened; a short attribute is zero-filled, a long one truncated. `is64`
 * says which one was used (ip prints "stats64" or "stats" as the JSON key).
 */
export function readLinkStats(attrs: AttributeIndex): { stats: LinkStats64; is64: boolean } | undefined {
  const d64 = attrs.bytes(IFLA_STATS64);
  const d = d64 ?? attrs.bytes(IFLA_STATS);
  if (!d) return undefined;
  const is64 = d64 !== undefined;
  return { stats: decodeLinkStats(d, is64), is64 };
}

/**
 * struct rtnl_link_stats64 (`is64`) or rtnl_link_stats widened, from its
 * bytes (an IFLA_STATS64 payload, or RTM_GETSTATS's IFLA_STATS_LINK_64): a
 * short struct is zero-filled, a long one truncated.
 */
export function decodeLinkStats(bytes: Uint8Array, is64 = true): LinkStats64 {
  let d = bytes;
  const width = is64 ? 8 : 4;
  const count = is64 ? 25 : 24;
  if (d.length < count * width) {
    const full = new Uint8Array(count * width);
    full.set(d);
    d = full;
  }
  const stats = {} as LinkStats64;
  for (let i = 0; i < LINK_STATS_FIELDS.length; i++) {
    const off = i * width;
    let v = 0n;
    if (i < count) {
      const w0 = readU32(d, off);
      const w1 = is64 ? readU32(d, off + 4) : 0;
      const hi = is64 && !HOST_LITTLE_ENDIAN ? w0 : w1;
      const lo = is64 && !HOST_LITTLE_ENDIAN ? w1 : w0;
      // Most counters are zero (no BigInt made); BigInt(number) is exact below 2^53.
      if (lo | hi) v = hi < 0x200000 ? BigInt(hi * 0x100000000 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
    }
    stats[LINK_STATS_FIELDS[i]!] = v;
  }
  return stats;
}

function readU32(d: Uint8Array, off: number): number {
  return HOST_LITTLE_ENDIAN
    ? (d[off]! | (d[off + 1]! << 8) | (d[off + 2]! << 16) | (d[off + 3]! << 24)) >>> 0
    : ((d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!) >>> 0;
}

/**
 * Decode the payload of an RTM_NEWLINK/RTM_DELLINK message (everything after
 * the nlmsghdr). Throws CodecError, and only CodecError, on malformed input.
 */
export function decodeLink(
  payload: Uint8Array,
  nlmsgType: number = RTM_NEWLINK,
  /**
   * An index to reuse (reset onto this payload) instead of a new one, for a
   * caller that is done with the previous message before decoding the next
   * (ip link show's render loop): one table for a whole dump.
   */
  into?: AttributeIndex,
): LinkMessage {
  if (payload.length < IFINFOMSG_LEN) {
    throw new CodecError(`ifinfomsg needs ${IFINFOMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  // Read without a DataView: this runs once per link of a dump.
  const family = payload[0]!;
  const type = HOST_LITTLE_ENDIAN ? payload[2]! | (payload[3]! << 8) : (payload[2]! << 8) | payload[3]!;
  const index = readU32(payload, 4) | 0;
  const flags = readU32(payload, 8);
  const change = readU32(payload, 12);
  // Offsets in a CodecError are offsets in the payload.
  const attrs = into ? into.reset(payload, IFINFOMSG_LEN) : new AttributeIndex(payload, IFINFOMSG_LEN);
  return new LinkMessage(family, type, index, flags, change, attrs, nlmsgType === RTM_DELLINK);
}

// ---- requests ----

export interface GetLinkRequestOptions {
  /** Ask for one link by index (iproute2's ipaddr_link_get). */
  ifindex?: number;
  /** Ask for one link by name (iproute2's iplink_get): IFLA_IFNAME, or IFLA_ALT_IFNAME when it is not a valid ifname. */
  ifname?: string;
  /** IFLA_EXT_MASK; iproute2 6.1 sends RTEXT_FILTER_VF for `ip link show` with or without -s/-d. */
  extMask: number;
  /**
   * Dump filter IFLA_LINKINFO{IFLA_INFO_KIND} (`ip link show type KIND`).
   */
  kind?: string;
  /**
   * `kind` is a port kind (`type KIND_slave`): iproute2 filters those itself
   * and sends no IFLA_LINKINFO for them.
   */
  slaveKind?: boolean;
  /** Dump filter IFLA_MASTER (`master DEV`); -1 is what `nomaster` sends. */
  master?: number;
}

/** iproute2's check_ifname (lib/utils.c), which mirrors the kernel's dev_valid_name. */
export function isValidIfname(name: string): boolean {
  if (name.length === 0 || name.length >= IFNAMSIZ) return false;
  let ascii = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    // '/' and C isspace(): space, \t, \n, \v, \f, \r
    if (c === 0x2f || c === 0x20 || (c >= 0x09 && c <= 0x0d)) return false;
    if (c >= 0x80) ascii = false;
  }
  // strlen counts bytes
  return ascii || Buffer.byteLength(name, 'utf8') < IFNAMSIZ;
}

/** True when the request for `opts` is a dump (NLM_F_DUMP), false for a single get. */
export function isGetLinkDump(opts: GetLinkRequestOptions): boolean {
  return opts.ifname === undefined && !opts.ifindex;
}

/** nlmsg_flags iproute2 uses with the request built by encodeGetLinkRequest. */
export function getLinkRequestFlags(opts: GetLinkRequestOptions): number {
  return isGetLinkDump(opts) ? NLM_F_REQUEST | NLM_F_DUMP : NLM_F_REQUEST;
}

/**
 * The RTM_GETLINK payload (ifinfomsg + attributes) iproute2 6.1 sends for
 * `ip link show`, byte for byte:
 *  - by name (iplink_get): IFLA_IFNAME (or IFLA_ALT_IFNAME) with its NUL, then IFLA_EXT_MASK;
 *  - by index (ipaddr_link_get): ifi_index set, IFLA_EXT_MASK;
 *  - dump (iplink_filter_req): IFLA_EXT_MASK, then IFLA_MASTER, then
 *    IFLA_LINKINFO{IFLA_INFO_KIND without a NUL}, the nest without NLA_F_NESTED.
 * ifi_family is AF_PACKET.
 */
export function encodeGetLinkRequest(opts: GetLinkRequestOptions): Uint8Array {
  const attrs = new AttributeEncoder();
  if (opts.ifname !== undefined) {
    attrs.string(isValidIfname(opts.ifname) ? IFLA_IFNAME : IFLA_ALT_IFNAME, opts.ifname);
    attrs.u32(IFLA_EXT_MASK, opts.extMask);
  } else if (opts.ifindex) {
    attrs.u32(IFLA_EXT_MASK, opts.extMask);
  } else {
    attrs.u32(IFLA_EXT_MASK, opts.extMask);
    if (opts.master) attrs.u32(IFLA_MASTER, opts.master);
    if (opts.kind !== undefined && !opts.slaveKind) {
      const kind = opts.kind;
      attrs.nested(
        IFLA_LINKINFO,
        (inner) => inner.bytes(IFLA_INFO_KIND, new TextEncoder().encode(kind)),
        false,
      );
    }
  }
  const ifindex = opts.ifname !== undefined ? 0 : (opts.ifindex ?? 0);
  return encodeIfinfomsg({ family: AF_PACKET, ifindex, flags: 0, change: 0 }, attrs.finish());
}
