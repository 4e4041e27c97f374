/**
 * rtnetlink link messages: struct ifinfomsg plus IFLA_* attributes.
 *
 * Constants are copied from the kernel UAPI headers named next to each group
 * (as installed under /usr/include/linux); names follow the headers.
 */
import { AttributeEncoder, AttributeIndex, str, u32, u8 } from '../codec/attributes.js';
import type { Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { NLM_F_DUMP, NLM_F_REQUEST } from '../constants.js';

// ---- <linux/rtnetlink.h> ----

/** Message types (enum in <linux/rtnetlink.h>, RTM_BASE = 16). */
export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const RTM_SETLINK = 19;

/** IFLA_EXT_MASK bits (<linux/rtnetlink.h> RTEXT_FILTER_*). */
export const RTEXT_FILTER_VF = 1 << 0;
export const RTEXT_FILTER_BRVLAN = 1 << 1;
export const RTEXT_FILTER_BRVLAN_COMPRESSED = 1 << 2;
export const RTEXT_FILTER_SKIP_STATS = 1 << 3;
export const RTEXT_FILTER_MRP = 1 << 4;
export const RTEXT_FILTER_CFM_CONFIG = 1 << 5;
export const RTEXT_FILTER_CFM_STATUS = 1 << 6;
export const RTEXT_FILTER_MST = 1 << 7;

/**
 * struct ifinfomsg (<linux/rtnetlink.h>):
 *   u8 ifi_family; u8 __ifi_pad; u16 ifi_type; s32 ifi_index; u32 ifi_flags; u32 ifi_change;
 */
export const IFINFOMSG_LEN = 16;

/** Address families used here (<linux/socket.h>). */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_PACKET = 17;

// ---- <linux/if_link.h> ----

/** Top-level link attributes (enum in <linux/if_link.h>). */
export const IFLA_UNSPEC = 0;
export const IFLA_ADDRESS = 1;
export const IFLA_BROADCAST = 2;
export const IFLA_IFNAME = 3;
export const IFLA_MTU = 4;
export const IFLA_LINK = 5;
export const IFLA_QDISC = 6;
export const IFLA_STATS = 7;
export const IFLA_COST = 8;
export const IFLA_PRIORITY = 9;
export const IFLA_MASTER = 10;
export const IFLA_WIRELESS = 11;
export const IFLA_PROTINFO = 12;
export const IFLA_TXQLEN = 13;
export const IFLA_MAP = 14;
export const IFLA_WEIGHT = 15;
export const IFLA_OPERSTATE = 16;
export const IFLA_LINKMODE = 17;
export const IFLA_LINKINFO = 18;
export const IFLA_NET_NS_PID = 19;
export const IFLA_IFALIAS = 20;
export const IFLA_NUM_VF = 21;
export const IFLA_VFINFO_LIST = 22;
export const IFLA_STATS64 = 23;
export const IFLA_VF_PORTS = 24;
export const IFLA_PORT_SELF = 25;
export const IFLA_AF_SPEC = 26;
export const IFLA_GROUP = 27;
export const IFLA_NET_NS_FD = 28;
export const IFLA_EXT_MASK = 29;
export const IFLA_PROMISCUITY = 30;
export const IFLA_NUM_TX_QUEUES = 31;
export const IFLA_NUM_RX_QUEUES = 32;
export const IFLA_CARRIER = 33;
export const IFLA_PHYS_PORT_ID = 34;
export const IFLA_CARRIER_CHANGES = 35;
export const IFLA_PHYS_SWITCH_ID = 36;
export const IFLA_LINK_NETNSID = 37;
export const IFLA_PHYS_PORT_NAME = 38;
export const IFLA_PROTO_DOWN = 39;
export const IFLA_GSO_MAX_SEGS = 40;
export const IFLA_GSO_MAX_SIZE = 41;
export const IFLA_PAD = 42;
export const IFLA_XDP = 43;
export const IFLA_EVENT = 44;
export const IFLA_NEW_NETNSID = 45;
export const IFLA_IF_NETNSID = 46;
export const IFLA_TARGET_NETNSID = IFLA_IF_NETNSID;
export const IFLA_CARRIER_UP_COUNT = 47;
export const IFLA_CARRIER_DOWN_COUNT = 48;
export const IFLA_NEW_IFINDEX = 49;
export const IFLA_MIN_MTU = 50;
export const IFLA_MAX_MTU = 51;
export const IFLA_PROP_LIST = 52;
export const IFLA_ALT_IFNAME = 53;
export const IFLA_PERM_ADDRESS = 54;
export const IFLA_PROTO_DOWN_REASON = 55;
export const IFLA_PARENT_DEV_NAME = 56;
export const IFLA_PARENT_DEV_BUS_NAME = 57;
export const IFLA_GRO_MAX_SIZE = 58;
export const IFLA_TSO_MAX_SIZE = 59;
export const IFLA_TSO_MAX_SEGS = 60;
export const IFLA_ALLMULTI = 61;
export const IFLA_DEVLINK_PORT = 62;
export const IFLA_GSO_IPV4_MAX_SIZE = 63;
export const IFLA_GRO_IPV4_MAX_SIZE = 64;

/** IFLA_PROTO_DOWN_REASON nest (<linux/if_link.h>). */
export const IFLA_PROTO_DOWN_REASON_MASK = 1;
export const IFLA_PROTO_DOWN_REASON_VALUE = 2;

/** IFLA_LINKINFO nest (<linux/if_link.h> IFLA_INFO_*). */
export const IFLA_INFO_KIND = 1;
export const IFLA_INFO_DATA = 2;
export const IFLA_INFO_XSTATS = 3;
export const IFLA_INFO_SLAVE_KIND = 4;
export const IFLA_INFO_SLAVE_DATA = 5;

/** IFLA_AF_SPEC / AF_INET6 nest (<linux/if_link.h> IFLA_INET6_*). */
export const IFLA_INET6_FLAGS = 1;
export const IFLA_INET6_CONF = 2;
export const IFLA_INET6_STATS = 3;
export const IFLA_INET6_MCAST = 4;
export const IFLA_INET6_CACHEINFO = 5;
export const IFLA_INET6_ICMP6STATS = 6;
export const IFLA_INET6_TOKEN = 7;
export const IFLA_INET6_ADDR_GEN_MODE = 8;
export const IFLA_INET6_RA_MTU = 9;

/** enum in6_addr_gen_mode (<linux/if_link.h>). */
export const IN6_ADDR_GEN_MODE_EUI64 = 0;
export const IN6_ADDR_GEN_MODE_NONE = 1;
export const IN6_ADDR_GEN_MODE_STABLE_PRIVACY = 2;
export const IN6_ADDR_GEN_MODE_RANDOM = 3;

/** IFLA_XDP nest and XDP_ATTACHED_* (<linux/if_link.h>). */
export const IFLA_XDP_FD = 1;
export const IFLA_XDP_ATTACHED = 2;
export const IFLA_XDP_FLAGS = 3;
export const IFLA_XDP_PROG_ID = 4;
export const IFLA_XDP_DRV_PROG_ID = 5;
export const IFLA_XDP_SKB_PROG_ID = 6;
export const IFLA_XDP_HW_PROG_ID = 7;
export const IFLA_XDP_EXPECTED_FD = 8;
export const XDP_ATTACHED_NONE = 0;
export const XDP_ATTACHED_DRV = 1;
export const XDP_ATTACHED_SKB = 2;
export const XDP_ATTACHED_HW = 3;
export const XDP_ATTACHED_MULTI = 4;

/** IFLA_VFINFO_LIST entries and their nests (<linux/if_link.h> IFLA_VF_*). */
export const IFLA_VF_INFO = 1;
export const IFLA_VF_MAC = 1;
export const IFLA_VF_VLAN = 2;
export const IFLA_VF_TX_RATE = 3;
export const IFLA_VF_SPOOFCHK = 4;
export const IFLA_VF_LINK_STATE = 5;
export const IFLA_VF_RATE = 6;
export const IFLA_VF_RSS_QUERY_EN = 7;
export const IFLA_VF_STATS = 8;
export const IFLA_VF_TRUST = 9;
export const IFLA_VF_IB_NODE_GUID = 10;
export const IFLA_VF_IB_PORT_GUID = 11;
export const IFLA_VF_VLAN_LIST = 12;
export const IFLA_VF_BROADCAST = 13;
export const IFLA_VF_VLAN_INFO = 1;
export const IFLA_VF_LINK_STATE_AUTO = 0;
export const IFLA_VF_LINK_STATE_ENABLE = 1;
export const IFLA_VF_LINK_STATE_DISABLE = 2;
export const IFLA_VF_STATS_RX_PACKETS = 0;
export const IFLA_VF_STATS_TX_PACKETS = 1;
export const IFLA_VF_STATS_RX_BYTES = 2;
export const IFLA_VF_STATS_TX_BYTES = 3;
export const IFLA_VF_STATS_BROADCAST = 4;
export const IFLA_VF_STATS_MULTICAST = 5;
export const IFLA_VF_STATS_PAD = 6;
export const IFLA_VF_STATS_RX_DROPPED = 7;
export const IFLA_VF_STATS_TX_DROPPED = 8;

/** enum rtnl_link_event values carried in IFLA_EVENT (<linux/if_link.h>). */
export const IFLA_EVENT_NONE = 0;
export const IFLA_EVENT_REBOOT = 1;
export const IFLA_EVENT_FEATURES = 2;
export const IFLA_EVENT_BONDING_FAILOVER = 3;
export const IFLA_EVENT_NOTIFY_PEERS = 4;
export const IFLA_EVENT_IGMP_RESEND = 5;
export const IFLA_EVENT_BONDING_OPTIONS = 6;

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
/** sizeof(struct rtnl_link_stats64) and sizeof(struct rtnl_link_stats) as iproute2 6.1 knows them. */
export const RTNL_LINK_STATS64_LEN = 25 * 8;
export const RTNL_LINK_STATS_LEN = 24 * 4;

// ---- <linux/if.h> ----

/** enum net_device_flags (<linux/if.h>). */
export const IFF_UP = 1 << 0;
export const IFF_BROADCAST = 1 << 1;
export const IFF_DEBUG = 1 << 2;
export const IFF_LOOPBACK = 1 << 3;
export const IFF_POINTOPOINT = 1 << 4;
export const IFF_NOTRAILERS = 1 << 5;
export const IFF_RUNNING = 1 << 6;
export const IFF_NOARP = 1 << 7;
export const IFF_PROMISC = 1 << 8;
export const IFF_ALLMULTI = 1 << 9;
export const IFF_MASTER = 1 << 10;
export const IFF_SLAVE = 1 << 11;
export const IFF_MULTICAST = 1 << 12;
export const IFF_PORTSEL = 1 << 13;
export const IFF_AUTOMEDIA = 1 << 14;
export const IFF_DYNAMIC = 1 << 15;
export const IFF_LOWER_UP = 1 << 16;
export const IFF_DORMANT = 1 << 17;
export const IFF_ECHO = 1 << 18;

/** RFC 2863 operational states carried in IFLA_OPERSTATE (<linux/if.h> IF_OPER_*). */
export const IF_OPER_UNKNOWN = 0;
export const IF_OPER_NOTPRESENT = 1;
export const IF_OPER_DOWN = 2;
export const IF_OPER_LOWERLAYERDOWN = 3;
export const IF_OPER_TESTING = 4;
export const IF_OPER_DORMANT = 5;
export const IF_OPER_UP = 6;
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

/** Link modes carried in IFLA_LINKMODE (<linux/if.h> IF_LINK_MODE_*). */
export const IF_LINK_MODE_DEFAULT = 0;
export const IF_LINK_MODE_DORMANT = 1;
export const IF_LINK_MODE_TESTING = 2;
/** iproute2's names (ip/ipaddress.c link_modes[]); it knows only the first two. */
export const LINK_MODE_NAMES: readonly string[] = ['DEFAULT', 'DORMANT'];

/** IFNAMSIZ (<linux/if.h>). */
export const IFNAMSIZ = 16;

// ---- <linux/if_arp.h> ----

/** ARP hardware types (<linux/if_arp.h> ARPHRD_*). */
export const ARPHRD_NETROM = 0;
export const ARPHRD_ETHER = 1;
export const ARPHRD_EETHER = 2;
export const ARPHRD_AX25 = 3;
export const ARPHRD_PRONET = 4;
export const ARPHRD_CHAOS = 5;
export const ARPHRD_IEEE802 = 6;
export const ARPHRD_ARCNET = 7;
export const ARPHRD_APPLETLK = 8;
export const ARPHRD_DLCI = 15;
export const ARPHRD_ATM = 19;
export const ARPHRD_METRICOM = 23;
export const ARPHRD_IEEE1394 = 24;
export const ARPHRD_EUI64 = 27;
export const ARPHRD_INFINIBAND = 32;
export const ARPHRD_SLIP = 256;
export const ARPHRD_CSLIP = 257;
export const ARPHRD_SLIP6 = 258;
export const ARPHRD_CSLIP6 = 259;
export const ARPHRD_RSRVD = 260;
export const ARPHRD_ADAPT = 264;
export const ARPHRD_ROSE = 270;
export const ARPHRD_X25 = 271;
export const ARPHRD_HWX25 = 272;
export const ARPHRD_CAN = 280;
export const ARPHRD_MCTP = 290;
export const ARPHRD_PPP = 512;
export const ARPHRD_CISCO = 513;
export const ARPHRD_HDLC = ARPHRD_CISCO;
export const ARPHRD_LAPB = 516;
export const ARPHRD_DDCMP = 517;
export const ARPHRD_RAWHDLC = 518;
export const ARPHRD_RAWIP = 519;
export const ARPHRD_TUNNEL = 768;
export const ARPHRD_TUNNEL6 = 769;
export const ARPHRD_FRAD = 770;
export const ARPHRD_SKIP = 771;
export const ARPHRD_LOOPBACK = 772;
export const ARPHRD_LOCALTLK = 773;
export const ARPHRD_FDDI = 774;
export const ARPHRD_BIF = 775;
export const ARPHRD_SIT = 776;
export const ARPHRD_IPDDP = 777;
export const ARPHRD_IPGRE = 778;
export const ARPHRD_PIMREG = 779;
export const ARPHRD_HIPPI = 780;
export const ARPHRD_ASH = 781;
export const ARPHRD_ECONET = 782;
export const ARPHRD_IRDA = 783;
export const ARPHRD_FCPP = 784;
export const ARPHRD_FCAL = 785;
export const ARPHRD_FCPL = 786;
export const ARPHRD_FCFABRIC = 787;
export const ARPHRD_IEEE802_TR = 800;
export const ARPHRD_IEEE80211 = 801;
export const ARPHRD_IEEE80211_PRISM = 802;
export const ARPHRD_IEEE80211_RADIOTAP = 803;
export const ARPHRD_IEEE802154 = 804;
export const ARPHRD_IEEE802154_MONITOR = 805;
export const ARPHRD_PHONET = 820;
export const ARPHRD_PHONET_PIPE = 821;
export const ARPHRD_CAIF = 822;
export const ARPHRD_IP6GRE = 823;
export const ARPHRD_NETLINK = 824;
export const ARPHRD_6LOWPAN = 825;
export const ARPHRD_VSOCKMON = 826;
export const ARPHRD_VOID = 0xffff;
export const ARPHRD_NONE = 0xfffe;

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
  [ARPHRD_FCFABRIC, 'fcfb0'],
  [ARPHRD_FCFABRIC + 1, 'fcfb1'],
  [ARPHRD_FCFABRIC + 2, 'fcfb2'],
  [ARPHRD_FCFABRIC + 3, 'fcfb3'],
  [ARPHRD_FCFABRIC + 4, 'fcfb4'],
  [ARPHRD_FCFABRIC + 5, 'fcfb5'],
  [ARPHRD_FCFABRIC + 6, 'fcfb6'],
  [ARPHRD_FCFABRIC + 7, 'fcfb7'],
  [ARPHRD_FCFABRIC + 8, 'fcfb8'],
  [ARPHRD_FCFABRIC + 9, 'fcfb9'],
  [ARPHRD_FCFABRIC + 10, 'fcfb10'],
  [ARPHRD_FCFABRIC + 11, 'fcfb11'],
  [ARPHRD_FCFABRIC + 12, 'fcfb12'],
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
    /** Top-level attributes by type, the last of a type winning (iproute2's parse_rtattr). */
    readonly attrs: ReadonlyMap<number, Attribute>,
    /** The message was an RTM_DELLINK. */
    readonly deleted = false,
  ) {}

  /** IFLA_IFNAME; "" when the message has none. */
  get ifname(): string {
    return str(this.attrs.get(IFLA_IFNAME));
  }
  get mtu(): number | undefined {
    const a = this.attrs.get(IFLA_MTU);
    return a ? u32(a) : undefined;
  }
  get qdisc(): string | undefined {
    const a = this.attrs.get(IFLA_QDISC);
    return a ? str(a) : undefined;
  }
  /** IFLA_MASTER: the ifindex of the master device. */
  get master(): number | undefined {
    const a = this.attrs.get(IFLA_MASTER);
    return a ? u32(a) : undefined;
  }
  /** IFLA_LINK: the ifindex of the lower device (in link-netnsid's namespace when that is present). */
  get link(): number | undefined {
    const a = this.attrs.get(IFLA_LINK);
    return a ? u32(a) : undefined;
  }
  get linkNetnsid(): number | undefined {
    const a = this.attrs.get(IFLA_LINK_NETNSID);
    return a ? u32(a) | 0 : undefined;
  }
  get operstate(): number | undefined {
    const a = this.attrs.get(IFLA_OPERSTATE);
    return a ? u8(a) : undefined;
  }
  get linkmode(): number | undefined {
    const a = this.attrs.get(IFLA_LINKMODE);
    return a ? u8(a) : undefined;
  }
  get txqlen(): number | undefined {
    const a = this.attrs.get(IFLA_TXQLEN);
    return a ? u32(a) : undefined;
  }
  get group(): number | undefined {
    const a = this.attrs.get(IFLA_GROUP);
    return a ? u32(a) : undefined;
  }
  get ifalias(): string | undefined {
    const a = this.attrs.get(IFLA_IFALIAS);
    return a ? str(a) : undefined;
  }
  /** IFLA_ADDRESS bytes (a view). */
  get address(): Uint8Array | undefined {
    return this.attrs.get(IFLA_ADDRESS)?.data;
  }
  get broadcast(): Uint8Array | undefined {
    return this.attrs.get(IFLA_BROADCAST)?.data;
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
    const list = this.attrs.get(IFLA_PROP_LIST);
    const out: string[] = [];
    if (!list) return out;
    const tb = new LinkAttrCursor(list.data);
    while (tb.next()) if (tb.type === IFLA_ALT_IFNAME) out.push(str(tb.attr));
    return out;
  }
  /** IFLA_STATS64 (or IFLA_STATS widened), zero-filled like iproute2's get_rtnl_link_stats_rta; undefined when neither is present. */
  get stats(): LinkStats64 | undefined {
    return readLinkStats(this.attrs)?.stats;
  }

  private linkinfoString(type: number): string | undefined {
    const li = this.attrs.get(IFLA_LINKINFO);
    if (!li) return undefined;
    let found: string | undefined;
    const cur = new LinkAttrCursor(li.data);
    while (cur.next()) if (cur.type === type) found = str(cur.attr);
    return found;
  }
}

/**
 * A lenient walk over nested attributes with the semantics of iproute2's
 * RTA_OK loop: it stops quietly at the first attribute that does not fit.
 * Used for nests, where a renderer should print what it can rather than fail.
 */
export class LinkAttrCursor {
  private off = 0;
  /** Type of the current attribute (flag bits masked off). */
  type = 0;
  /** The current attribute; valid after next() returned true. */
  attr: Attribute = NO_ATTRIBUTE;
  constructor(private readonly buf: Uint8Array) {}
  next(): boolean {
    const b = this.buf;
    const off = this.off;
    if (b.length - off < 4) return false;
    const len = HOST_LITTLE_ENDIAN ? b[off]! | (b[off + 1]! << 8) : (b[off]! << 8) | b[off + 1]!;
    if (len < 4 || len > b.length - off) return false;
    const raw = HOST_LITTLE_ENDIAN ? b[off + 2]! | (b[off + 3]! << 8) : (b[off + 2]! << 8) | b[off + 3]!;
    this.type = raw & 0x3fff;
    this.attr = {
      type: this.type,
      nested: (raw & 0x8000) !== 0,
      netByteOrder: (raw & 0x4000) !== 0,
      data: b.subarray(off + 4, off + len),
    };
    this.off = off + ((len + 3) & ~3);
    return true;
  }
}

const NO_ATTRIBUTE: Attribute = { type: 0, nested: false, netByteOrder: false, data: new Uint8Array(0) };

/** parse_rtattr_nested: index a nest by type, last wins, stopping quietly at a bad length. */
export function nestedTable(a: Attribute | undefined): Map<number, Attribute> {
  const tb = new Map<number, Attribute>();
  if (!a) return tb;
  const cur = new LinkAttrCursor(a.data);
  while (cur.next()) tb.set(cur.type, cur.attr);
  return tb;
}

/**
 * iproute2's get_rtnl_link_stats_rta: IFLA_STATS64 if present, else IFLA_STATS
 * widened; a short attribute is zero-filled, a long one truncated. `is64`
 * says which one was used (ip prints "stats64" or "stats" as the JSON key).
 */
export function readLinkStats(
  attrs: ReadonlyMap<number, Attribute>,
): { stats: LinkStats64; is64: boolean } | undefined {
  const a64 = attrs.get(IFLA_STATS64);
  const a = a64 ?? attrs.get(IFLA_STATS);
  if (!a) return undefined;
  const is64 = a64 !== undefined;
  const width = is64 ? 8 : 4;
  const count = is64 ? 25 : 24;
  let d = a.data;
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
  return { stats, is64 };
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
export function decodeLink(payload: Uint8Array, nlmsgType: number = RTM_NEWLINK): LinkMessage {
  if (payload.length < IFINFOMSG_LEN) {
    throw new CodecError(`ifinfomsg needs ${IFINFOMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  // Read without a DataView: this runs once per link of a dump.
  const family = payload[0]!;
  const type = HOST_LITTLE_ENDIAN ? payload[2]! | (payload[3]! << 8) : (payload[2]! << 8) | payload[3]!;
  const index = readU32(payload, 4) | 0;
  const flags = readU32(payload, 8);
  const change = readU32(payload, 12);
  let attrs: ReadonlyMap<number, Attribute>;
  try {
    attrs = new AttributeIndex(payload.subarray(IFINFOMSG_LEN));
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(e.message, e.offset + IFINFOMSG_LEN);
    throw new CodecError(String(e), IFINFOMSG_LEN);
  }
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
  const body = attrs.finish();
  const out = new Uint8Array(IFINFOMSG_LEN + body.length);
  const dv = view(out);
  dv.setUint8(0, AF_PACKET);
  dv.setInt32(4, opts.ifname !== undefined ? 0 : (opts.ifindex ?? 0), HOST_LITTLE_ENDIAN);
  out.set(body, IFINFOMSG_LEN);
  return out;
}
