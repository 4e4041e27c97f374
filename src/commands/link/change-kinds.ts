import { CliError } from '../../iproute/errors.js';
import { escapeForDisplay } from '../../netlink/codec/text.js';
import { matches, parseOnOff } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, be16Bytes, be32Bytes } from '../../netlink/codec/bytes.js';
import { encodeMacvlanTail, encodeVethPeer, encodeVxlanTail } from '../../netlink/route/link-change.js';
import { getAddr, type InetPrefix } from '../../iproute/prefix.js';
import { IprouteNames } from '../../iproute/names.js';
import {
  duparg,
  duparg2,
  getU16,
  getU32,
  getU64,
  getU8,
  getUnsigned,
  incomplete,
  invarg,
  nodev,
} from '../../iproute/parse.js';
import { parseLinkArgs, type LinkRequest, type ParseDeps } from './change.js';
import { llAddrA2n } from '../../iproute/ll-addr.js';
import { BRIDGE_BOOLOPTS, BRIDGE_FIELDS, llProtoA2n, type BridgeField } from './kinds/bridge.js';
import { MACVLAN_MODE_NAMES } from './kinds/macvlan.js';
import { TUNNEL_PARSERS } from './tunnel-options.js';
import { vlanOptions } from './vlan-options.js';
import { bondOptions, bondSlaveOptions } from './bond-options.js';
import {
  IFLA_GENEVE_COLLECT_METADATA,
  IFLA_GENEVE_DF,
  IFLA_GENEVE_ID,
  IFLA_GENEVE_INNER_PROTO_INHERIT,
  IFLA_GENEVE_LABEL,
  IFLA_GENEVE_PORT,
  IFLA_GENEVE_REMOTE,
  IFLA_GENEVE_REMOTE6,
  IFLA_GENEVE_TOS,
  IFLA_GENEVE_TTL,
  IFLA_GENEVE_TTL_INHERIT,
  IFLA_GENEVE_UDP_CSUM,
  IFLA_GENEVE_UDP_ZERO_CSUM6_RX,
  IFLA_GENEVE_UDP_ZERO_CSUM6_TX,
  IFLA_BRPORT_BACKUP_PORT,
  IFLA_BRPORT_BCAST_FLOOD,
  IFLA_BRPORT_COST,
  IFLA_BRPORT_FAST_LEAVE,
  IFLA_BRPORT_FLUSH,
  IFLA_BRPORT_GROUP_FWD_MASK,
  IFLA_BRPORT_GUARD,
  IFLA_BRPORT_ISOLATED,
  IFLA_BRPORT_LEARNING,
  IFLA_BRPORT_LOCKED,
  IFLA_BRPORT_MCAST_FLOOD,
  IFLA_BRPORT_MCAST_TO_UCAST,
  IFLA_BRPORT_MODE,
  IFLA_BRPORT_MULTICAST_ROUTER,
  IFLA_BRPORT_NEIGH_SUPPRESS,
  IFLA_BRPORT_PRIORITY,
  IFLA_BRPORT_PROTECT,
  IFLA_BRPORT_PROXYARP,
  IFLA_BRPORT_PROXYARP_WIFI,
  IFLA_BRPORT_STATE,
  IFLA_BRPORT_UNICAST_FLOOD,
  IFLA_BRPORT_VLAN_TUNNEL,
  IFLA_BR_FDB_FLUSH,
  IFLA_BR_MULTI_BOOLOPT,
  IFLA_IPVLAN_FLAGS,
  IFLA_IPVLAN_MODE,
  IFLA_MACVLAN_BC_QUEUE_LEN,
  IFLA_MACVLAN_MACADDR,
  IFLA_MACVLAN_MACADDR_DATA,
  IFLA_MACVLAN_MACADDR_MODE,
  IFLA_VRF_TABLE,
  IFLA_VXLAN_AGEING,
  IFLA_VXLAN_COLLECT_METADATA,
  IFLA_VXLAN_DF,
  IFLA_VXLAN_GBP,
  IFLA_VXLAN_GPE,
  IFLA_VXLAN_L2MISS,
  IFLA_VXLAN_L3MISS,
  IFLA_VXLAN_LABEL,
  IFLA_VXLAN_LIMIT,
  IFLA_VXLAN_PORT_RANGE,
  IFLA_VXLAN_PROXY,
  IFLA_VXLAN_REMCSUM_RX,
  IFLA_VXLAN_REMCSUM_TX,
  IFLA_VXLAN_RSC,
  IFLA_VXLAN_UDP_CSUM,
  IFLA_VXLAN_UDP_ZERO_CSUM6_RX,
  IFLA_VXLAN_UDP_ZERO_CSUM6_TX,
  IFLA_VXLAN_VNIFILTER,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_TOS,
  IFLA_VXLAN_TTL,
  IFLA_VXLAN_TTL_INHERIT,
  IPVLAN_F_PRIVATE,
  IPVLAN_F_VEPA,
  IPVLAN_MODE_L2,
  IPVLAN_MODE_L3,
  IPVLAN_MODE_L3S,
  MACVLAN_FLAG_NODST,
  MACVLAN_MACADDR_ADD,
  MACVLAN_MACADDR_DEL,
  MACVLAN_MACADDR_FLUSH,
  MACVLAN_MACADDR_SET,
  MACVLAN_FLAG_NOPROMISC,
  MACVLAN_MODE_PASSTHRU,
  VXLAN_DF_INHERIT,
  VXLAN_DF_SET,
  VXLAN_DF_UNSET,
} from '../../netlink/gen/if_link.js';
import { ETH_ALEN } from '../../netlink/gen/if_ether.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';

export interface KindDeps extends ParseDeps {
  /** The outer request (kinds look at its flags and family). */
  req: LinkRequest;
}

/** A kind's parse_opt: the words after "type KIND" in, the IFLA_INFO_DATA payload out. */
export type KindParser = (args: string[], deps: KindDeps) => Uint8Array;

/** NEXT_ARG() for a kind's option loop: the word after the current one, or ip's "not complete". */
type NextArg = () => string;

/**
 * NEXT_ARG_OK() + NEXT_ARG_FWD(), undone by PREV_ARG() when the word does
 * not fit: the next word when `fits` accepts it, else undefined (not taken).
 */
type NextArgIf = (fits: (word: string) => boolean) => string | undefined;

/** A parse_opt loop: each option word with a NEXT_ARG() that takes its value. */
export function eachOption(
  args: string[],
  option: (word: string, next: NextArg, nextIf: NextArgIf) => void,
): void {
  for (let i = 0; i < args.length; i++) {
    option(
      args[i]!,
      () => {
        const v = args[++i];
        if (v === undefined) incomplete();
        return v;
      },
      (fits) => {
        const v = args[i + 1];
        if (v === undefined || !fits(v)) return undefined;
        i++;
        return v;
      },
    );
  }
}

/**
 * The entry of a word table a user's word selects: an exact match first,
 * else the first whose name it abbreviates (ip's matches() in its order).
 */
function findWord<T>(table: readonly T[], word: string, name: (entry: T) => string): T | undefined {
  return table.find((e) => name(e) === word) ?? table.find((e) => matches(word, name(e)));
}

/**
 * check_duparg (iplink_vxlan.c, iplink_geneve.c): an option given twice is
 * refused with duparg2's "either … is duplicate, or … is a garbage".
 */
function duplicateCheck(): { seen: Set<string>; dup(key: string, v: string): void } {
  const seen = new Set<string>();
  return {
    seen,
    dup(key, v) {
      if (seen.has(key)) duparg2(key, v);
      seen.add(key);
    },
  };
}

/** veth_parse_opt (ip/link_veth.c): "peer" then the peer's own link options. */
const veth: KindParser = (args, deps) => {
  if (args[0] !== 'peer') {
    throw new CliError(
      "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'",
      1,
      'usage',
      true,
    );
  }
  const peer: LinkRequest = {
    hdr: { family: deps.req.hdr.family, ifindex: 0, flags: 0, change: 0 },
    attrs: new AttributeEncoder(),
    create: deps.req.create,
    setOp: deps.req.setOp,
  };
  const rest = args.slice(1);
  const { consumed, type } = parseLinkArgs(rest, peer, deps);
  if (type !== undefined) duparg('type', rest[consumed - 1] ?? type);
  return encodeVethPeer(peer.hdr, peer.attrs.finish());
};

const MACVLAN_EXPLAIN = `Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]
MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]`;

/** MACVLAN_MACADDR_* by the word after "macaddr". */
const MACVLAN_MACADDR_OPS: Readonly<Record<string, number>> = {
  add: MACVLAN_MACADDR_ADD,
  del: MACVLAN_MACADDR_DEL,
  set: MACVLAN_MACADDR_SET,
  flush: MACVLAN_MACADDR_FLUSH,
};

/** macvlan_parse_opt (ip/iplink_macvlan.c), for macvlan and macvtap. */
function macvlanParser(kind: string): KindParser {
  return (args, deps) => {
    let mode = 0;
    let flags = 0;
    let hasFlags = false;
    const out = new AttributeEncoder();
    const explain = MACVLAN_EXPLAIN.replaceAll('macvlan', kind);
    eachOption(args, (w, next, nextIf) => {
      if (matches(w, 'mode')) {
        const v = next();
        const m = MACVLAN_MODE_NAMES.find(([, name]) => name === v)?.[0];
        if (m === undefined) {
          throw new CliError(
            `Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${v}"`,
            1,
          );
        }
        mode = m;
      } else if (matches(w, 'flag')) {
        const v = next();
        if (v === 'nopromisc') flags |= MACVLAN_FLAG_NOPROMISC;
        else if (v === 'nodst') flags |= MACVLAN_FLAG_NODST;
        else if (v !== 'null') {
          throw new CliError(
            `Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "${v}"`,
            1,
          );
        }
        hasFlags = true;
      } else if (matches(w, 'macaddr')) {
        // The source-mode address list: macaddr add|del MAC, macaddr set [MAC…], macaddr flush.
        const op = next();
        const macMode = MACVLAN_MACADDR_OPS[op];
        if (macMode === undefined) kindUsage(explain);
        out.u32(IFLA_MACVLAN_MACADDR_MODE, macMode);
        if (macMode === MACVLAN_MACADDR_ADD || macMode === MACVLAN_MACADDR_DEL) {
          const mac = llAddrA2n(next());
          if (mac.length !== ETH_ALEN) kindUsage(explain);
          out.bytes(IFLA_MACVLAN_MACADDR, mac);
        } else if (macMode === MACVLAN_MACADDR_SET) {
          // The list ends at the first word ll_addr_a2n refuses; ip says so on stderr and
          // parses that word as the next option.
          let refused: string | undefined;
          const isAddress = (word: string): boolean => {
            try {
              llAddrA2n(word);
              return true;
            } catch (e) {
              refused = e instanceof Error ? e.message : String(e);
              return false;
            }
          };
          out.nested(
            IFLA_MACVLAN_MACADDR_DATA,
            (list) => {
              for (let mac = nextIf(isAddress); mac !== undefined; mac = nextIf(isAddress))
                list.bytes(IFLA_MACVLAN_MACADDR, llAddrA2n(mac));
            },
            false,
          );
          if (refused !== undefined) deps.env.err.write(`${refused}\n`);
        }
      } else if (matches(w, 'nopromisc')) {
        flags |= MACVLAN_FLAG_NOPROMISC;
        hasFlags = true;
      } else if (matches(w, 'nodst')) {
        flags |= MACVLAN_FLAG_NODST;
        hasFlags = true;
      } else if (matches(w, 'bcqueuelen')) {
        const v = next();
        const n = getUnsigned(v);
        if (n === undefined) {
          throw new CliError(
            `Error: argument of "bcqueuelen" must be a positive integer [0-4294967295], not "${v}"`,
            1,
          );
        }
        out.u32(IFLA_MACVLAN_BC_QUEUE_LEN, n);
      } else if (matches(w, 'help')) {
        throw new CliError(explain, 1, 'help');
      } else {
        throw new CliError(`${kind}: unknown option "${escapeForDisplay(w)}"?\n${explain}`, 1, 'usage', true);
      }
    });
    if (hasFlags) {
      if (flags & MACVLAN_FLAG_NOPROMISC && mode !== MACVLAN_MODE_PASSTHRU) {
        throw new CliError(
          `${kind}: nopromisc flag only valid in passthru mode\n${explain}`,
          1,
          'usage',
          true,
        );
      }
    }
    encodeMacvlanTail(out, mode, hasFlags ? flags : undefined);
    return out.finish();
  };
}

function isMulticast(a: InetPrefix): boolean {
  return a.family === AF_INET
    ? (a.bytes[0]! & 0xf0) === 0xe0
    : a.family === AF_INET6
      ? a.bytes[0] === 0xff
      : false;
}
function isUnicastSet(a: InetPrefix | undefined): boolean {
  return (
    a !== undefined && (a.family === AF_INET || a.family === AF_INET6) && a.bitlen !== -2 && !isMulticast(a)
  );
}

/** vxlan's u32 options that take a word for 0: [word, IFLA_VXLAN_*, the word, ip's message], ip's order. */
const VXLAN_U32_OPTIONS: readonly (readonly [string, number, string, string])[] = [
  ['ageing', IFLA_VXLAN_AGEING, 'none', 'ageing timer'],
  ['maxaddress', IFLA_VXLAN_LIMIT, 'unlimited', 'max addresses'],
];

/** A u8 switch option: [word, IFLA_*, value]. */
type Switch = readonly [string, number, number];

/** WORD sets the attribute to 1 and noWORD to 0 (ip tests them in the order given). */
function onOffWords(word: string, attr: number, noFirst = false): Switch[] {
  const pair: Switch[] = [
    [word, attr, 1],
    [`no${word}`, attr, 0],
  ];
  return noFirst ? pair.reverse() : pair;
}

/** vxlan's word-only options (vxlan_parse_opt, ip 6.1), in ip's order. */
const VXLAN_SWITCHES: readonly Switch[] = [
  ...onOffWords('proxy', IFLA_VXLAN_PROXY, true),
  ...onOffWords('rsc', IFLA_VXLAN_RSC, true),
  ...onOffWords('l2miss', IFLA_VXLAN_L2MISS, true),
  ...onOffWords('l3miss', IFLA_VXLAN_L3MISS, true),
  ...onOffWords('udpcsum', IFLA_VXLAN_UDP_CSUM),
  ...onOffWords('udp6zerocsumtx', IFLA_VXLAN_UDP_ZERO_CSUM6_TX),
  ...onOffWords('udp6zerocsumrx', IFLA_VXLAN_UDP_ZERO_CSUM6_RX),
  ...onOffWords('remcsumtx', IFLA_VXLAN_REMCSUM_TX),
  ...onOffWords('remcsumrx', IFLA_VXLAN_REMCSUM_RX),
  ['noexternal', IFLA_VXLAN_COLLECT_METADATA, 0],
];

/** vxlan_parse_opt (ip/iplink_vxlan.c): the common options. */
const vxlan: KindParser = (args, deps) => {
  const { seen, dup } = duplicateCheck();
  let vni: number | undefined;
  let learning = 1;
  let external = false;
  let dstport: number | undefined;
  let saddr: InetPrefix | undefined;
  let daddr: InetPrefix | undefined;
  const out = new AttributeEncoder();
  const names = IprouteNames.forEnv(deps.env);
  eachOption(args, (w, next) => {
    const sw = findWord(VXLAN_SWITCHES, w, (e) => e[0]);
    const u32Option = findWord(VXLAN_U32_OPTIONS, w, (e) => e[0]);
    if (matches(w, 'id') || matches(w, 'vni')) {
      const v = next();
      dup('id', v);
      vni = parseVni(v);
    } else if (matches(w, 'group') || matches(w, 'remote')) {
      const group = matches(w, 'group');
      if (group ? isUnicastSet(daddr) : daddr && isMulticast(daddr)) {
        throw new CliError('vxlan: both group and remote cannot be specified', 1);
      }
      const v = next();
      dup('group', v);
      daddr = getAddr(v, saddr?.family ?? AF_UNSPEC);
      if (group ? !isMulticast(daddr) : !isUnicastSet(daddr))
        invarg(group ? 'invalid group address' : 'invalid remote address', v);
    } else if (matches(w, 'local')) {
      const v = next();
      dup('local', v);
      saddr = getAddr(v, daddr?.family ?? AF_UNSPEC);
      if (!isUnicastSet(saddr)) invarg('invalid local address', v);
    } else if (matches(w, 'dev')) {
      const v = next();
      dup('dev', v);
      const l = deps.getLink(v);
      if (!l) nodev(v, 255);
      out.u32(IFLA_VXLAN_LINK, l.index);
    } else if (matches(w, 'ttl') || matches(w, 'hoplimit')) {
      const v = next();
      dup('ttl', v);
      if (v === 'inherit') out.flag(IFLA_VXLAN_TTL_INHERIT);
      else out.u8(IFLA_VXLAN_TTL, v === 'auto' ? 0 : parseTtl(v));
    } else if (matches(w, 'tos') || matches(w, 'dsfield')) {
      const v = next();
      dup('tos', v);
      out.u8(IFLA_VXLAN_TOS, parseTunnelTos(v, names));
    } else if (matches(w, 'df')) {
      const v = next();
      dup('df', v);
      out.u8(IFLA_VXLAN_DF, parseDf(v));
    } else if (matches(w, 'label') || matches(w, 'flowlabel')) {
      const v = next();
      dup('flowlabel', v);
      out.bytes(IFLA_VXLAN_LABEL, be32Bytes(parseFlowlabel(v)));
    } else if (u32Option) {
      const [key, attr, zeroWord, message] = u32Option;
      const v = next();
      dup(key, v);
      const n = v === zeroWord ? 0 : getU32(v);
      if (n === undefined) invarg(message, v);
      out.u32(attr, n);
    } else if (matches(w, 'dstport')) {
      const v = next();
      dup('dstport', v);
      const n = getUnsigned(v);
      if (n === undefined || n > 0xffff) invarg('dst port', v);
      dstport = n;
    } else if (matches(w, 'nolearning') || matches(w, 'learning')) {
      dup('learning', w);
      learning = matches(w, 'nolearning') ? 0 : 1;
    } else if (matches(w, 'port') || matches(w, 'srcport')) {
      const lowWord = next();
      dup('srcport', lowWord);
      const low = getU16(lowWord);
      if (low === undefined) invarg('min port', lowWord);
      const highWord = next();
      const high = getU16(highWord);
      if (high === undefined) invarg('max port', highWord);
      // struct ifla_vxlan_port_range { __be16 low, high; }
      if (low || high)
        out.bytes(IFLA_VXLAN_PORT_RANGE, Uint8Array.of(low >> 8, low & 0xff, high >> 8, high & 0xff));
    } else if (sw) {
      dup(sw[0], w);
      out.u8(sw[1], sw[2]);
    } else if (matches(w, 'external')) {
      dup('external', w);
      out.u8(IFLA_VXLAN_COLLECT_METADATA, 1);
      learning = 0; // IFLA_VXLAN_LEARNING 0 is added after the loop, as ip does
      external = true;
    } else if (matches(w, 'vnifilter')) {
      dup('vnifilter', w);
      out.u8(IFLA_VXLAN_VNIFILTER, 1);
    } else if (matches(w, 'gbp')) {
      out.flag(IFLA_VXLAN_GBP);
    } else if (matches(w, 'gpe')) {
      out.flag(IFLA_VXLAN_GPE);
    } else if (matches(w, 'help')) {
      throw new CliError(
        'Usage: ... vxlan id VNI [ { remote | group } ADDR ] [ local ADDR ] [ dev PHYS_DEV ] [ dstport PORT ] ...',
        1,
        'help',
      );
    } else {
      throw new CliError(`vxlan: unknown command "${w}"?`, 1);
    }
  });
  const setOp = deps.req.setOp;
  if (external && vni !== undefined)
    throw new CliError("vxlan: both 'external' and vni cannot be specified", 1);
  if (vni === undefined && !external && !setOp)
    throw new CliError('vxlan: missing virtual network identifier', 1);
  if (daddr && isMulticast(daddr) && !seen.has('dev')) {
    throw new CliError("vxlan: 'group' requires 'dev' to be specified", 1);
  }
  if (dstport === undefined && !setOp) {
    deps.env.err.write(
      'vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n' +
        "Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
  }
  encodeVxlanTail(out, {
    ...(vni !== undefined ? { vni } : {}),
    ...(saddr ? { local: saddr } : {}),
    ...(daddr ? { remote: daddr } : {}),
    family: deps.env.opts.family,
    ...(!setOp || seen.has('learning') ? { learning } : {}),
    ...(dstport !== undefined ? { dstport } : {}),
  });
  return out.finish();
};

/** A kind's usage text as its explain() prints it (exit 1, like ip's return -1 from parse_opt). */
export function kindUsage(text: string, unknown?: string): never {
  if (unknown === undefined) throw new CliError(text, 1, 'help');
  throw new CliError(`${unknown}\n${text}`, 1, 'usage', true);
}

const BRIDGE_USAGE = `Usage: ... bridge [ fdb_flush ]
\t\t  [ forward_delay FORWARD_DELAY ]
\t\t  [ hello_time HELLO_TIME ]
\t\t  [ max_age MAX_AGE ]
\t\t  [ ageing_time AGEING_TIME ]
\t\t  [ stp_state STP_STATE ]
\t\t  [ priority PRIORITY ]
\t\t  [ group_fwd_mask MASK ]
\t\t  [ group_address ADDRESS ]
\t\t  [ vlan_filtering VLAN_FILTERING ]
\t\t  [ vlan_protocol VLAN_PROTOCOL ]
\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]
\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]
\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]
\t\t  [ mcast_snooping MULTICAST_SNOOPING ]
\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]
\t\t  [ mcast_router MULTICAST_ROUTER ]
\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]
\t\t  [ mcast_querier MULTICAST_QUERIER ]
\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]
\t\t  [ mcast_hash_max HASH_MAX ]
\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]
\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]
\t\t  [ mcast_query_interval QUERY_INTERVAL ]
\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]
\t\t  [ mcast_igmp_version IGMP_VERSION ]
\t\t  [ mcast_mld_version MLD_VERSION ]
\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]
\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]
\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]
\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]

Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }`;

/** get_u8/get_u16/get_u32 (base 0) by the attribute width they fill. */
export const GET_UINT = { u8: getU8, u16: getU16, u32: getU32 } as const;

/** One settable BRIDGE_FIELDS value, parsed as bridge_parse_opt does ("invalid WORD" on a bad value). */
function encodeBridgeField(out: AttributeEncoder, f: BridgeField, v: string): void {
  const bad = (): never => invarg(`invalid ${f.word}`, v);
  if (f.type === 'u64') out.u64(f.attr, getU64(v) ?? bad());
  else if (f.type === 'lladdr') out.bytes(f.attr, llAddrA2n(v));
  else if (f.type === 'ethertype') {
    // addattr16 of htons(proto): network order, without NLA_F_NET_BYTEORDER.
    const proto = llProtoA2n(v) ?? bad();
    out.bytes(f.attr, be16Bytes(proto));
  } else {
    const width = f.type === 'hex16' ? 'u16' : f.type;
    if (width !== 'u8' && width !== 'u16' && width !== 'u32')
      bad(); // read-only fields
    else out[width](f.attr, GET_UINT[width](v) ?? bad());
  }
}

/**
 * Bridge options by their words (the JSON keys of `ip -j -d link show`'s
 * linkinfo info_data where settable, e.g. `stp_state`, `forward_delay`,
 * `vlan_filtering`, and the boolopts `no_linklocal_learn`,
 * `mcast_vlan_snooping`), encoded as bridge_parse_opt encodes the same
 * words: the library's typed bridge options go through here. A value is
 * checked as ip checks it (ip's message, a CliError).
 */
export function encodeBridgeSettings(
  out: AttributeEncoder,
  settings: Readonly<Record<string, number | bigint | string | boolean>>,
): void {
  let optval = 0;
  let optmask = 0;
  for (const [word, value] of Object.entries(settings)) {
    const v = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    const boolopt = BRIDGE_BOOLOPTS.find((e) => e[1] === word);
    if (boolopt) {
      const bit = 1 << boolopt[0];
      optmask |= bit;
      optval = (getU32(v) ?? invarg(`invalid ${word}`, v)) ? optval | bit : optval & ~bit;
      continue;
    }
    const field = BRIDGE_FIELDS.find((f) => f.settable && f.word === word);
    if (!field) throw new CliError(`bridge: unknown option "${escapeForDisplay(word)}"`, 1);
    encodeBridgeField(out, field, v);
  }
  if (optmask) encodeBridgeBoolopts(out, optval, optmask);
}

/** IFLA_BR_MULTI_BOOLOPT: struct br_boolopt_multi { optval, optmask } in host order. */
function encodeBridgeBoolopts(out: AttributeEncoder, optval: number, optmask: number): void {
  const bm = new Uint8Array(8);
  const dv = new DataView(bm.buffer);
  dv.setUint32(0, optval >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint32(4, optmask >>> 0, HOST_LITTLE_ENDIAN);
  out.bytes(IFLA_BR_MULTI_BOOLOPT, bm);
}

/** bridge_parse_opt (ip/iplink_bridge.c): the settable rows of BRIDGE_FIELDS, the boolopts, fdb_flush. */
const bridge: KindParser = (args) => {
  const out = new AttributeEncoder();
  // struct br_boolopt_multi, sent once after the other options as ip does.
  let optval = 0;
  let optmask = 0;
  eachOption(args, (w, next) => {
    if (matches(w, 'fdb_flush')) {
      out.flag(IFLA_BR_FDB_FLUSH);
      return;
    }
    const boolopt = findWord(BRIDGE_BOOLOPTS, w, (e) => e[1]);
    if (boolopt) {
      const v = next();
      const on = getU32(v);
      if (on === undefined) invarg(`invalid ${boolopt[1]}`, v);
      const bit = 1 << boolopt[0];
      optmask |= bit;
      optval = on ? optval | bit : optval & ~bit;
      return;
    }
    const field = findWord(
      BRIDGE_FIELDS.filter((f) => f.settable),
      w,
      (f) => f.word,
    );
    if (field) encodeBridgeField(out, field, next());
    else if (matches(w, 'help')) kindUsage(BRIDGE_USAGE);
    else kindUsage(BRIDGE_USAGE, `bridge: unknown command "${escapeForDisplay(w)}"?`);
  });
  if (optmask) encodeBridgeBoolopts(out, optval, optmask);
  return out.finish();
};

/** bridge_slave's on|off options (bridge_slave_parse_on_off): [word, IFLA_BRPORT_* u8], ip's order. */
const BRPORT_ON_OFF: readonly (readonly [string, number])[] = [
  ['hairpin', IFLA_BRPORT_MODE],
  ['guard', IFLA_BRPORT_GUARD],
  ['root_block', IFLA_BRPORT_PROTECT],
  ['fastleave', IFLA_BRPORT_FAST_LEAVE],
  ['learning', IFLA_BRPORT_LEARNING],
  ['flood', IFLA_BRPORT_UNICAST_FLOOD],
  ['mcast_flood', IFLA_BRPORT_MCAST_FLOOD],
  ['bcast_flood', IFLA_BRPORT_BCAST_FLOOD],
  ['mcast_to_unicast', IFLA_BRPORT_MCAST_TO_UCAST],
  ['proxy_arp', IFLA_BRPORT_PROXYARP],
  ['proxy_arp_wifi', IFLA_BRPORT_PROXYARP_WIFI],
  ['mcast_fast_leave', IFLA_BRPORT_FAST_LEAVE],
  ['neigh_suppress', IFLA_BRPORT_NEIGH_SUPPRESS],
  ['vlan_tunnel', IFLA_BRPORT_VLAN_TUNNEL],
  ['isolated', IFLA_BRPORT_ISOLATED],
  ['locked', IFLA_BRPORT_LOCKED],
];

/** bridge_slave's numbers: [word, IFLA_BRPORT_*, width, ip's message for a bad value]. */
const BRPORT_NUMBERS: readonly (readonly [string, number, 'u8' | 'u16' | 'u32', string])[] = [
  ['state', IFLA_BRPORT_STATE, 'u8', 'state is invalid'],
  ['priority', IFLA_BRPORT_PRIORITY, 'u16', 'priority is invalid'],
  ['cost', IFLA_BRPORT_COST, 'u32', 'cost is invalid'],
  ['mcast_router', IFLA_BRPORT_MULTICAST_ROUTER, 'u8', 'invalid mcast_router'],
  ['group_fwd_mask', IFLA_BRPORT_GROUP_FWD_MASK, 'u16', 'invalid group_fwd_mask'],
];

const BRIDGE_SLAVE_USAGE = `Usage: ... bridge_slave [ fdb_flush ]
\t\t\t[ state STATE ]
\t\t\t[ priority PRIO ]
\t\t\t[ cost COST ]
\t\t\t[ guard {on | off} ]
\t\t\t[ hairpin {on | off} ]
\t\t\t[ fastleave {on | off} ]
\t\t\t[ root_block {on | off} ]
\t\t\t[ learning {on | off} ]
\t\t\t[ flood {on | off} ]
\t\t\t[ proxy_arp {on | off} ]
\t\t\t[ proxy_arp_wifi {on | off} ]
\t\t\t[ mcast_router MULTICAST_ROUTER ]
\t\t\t[ mcast_fast_leave {on | off} ]
\t\t\t[ mcast_flood {on | off} ]
\t\t\t[ bcast_flood {on | off} ]
\t\t\t[ mcast_to_unicast {on | off} ]
\t\t\t[ group_fwd_mask MASK ]
\t\t\t[ neigh_suppress {on | off} ]
\t\t\t[ vlan_tunnel {on | off} ]
\t\t\t[ isolated {on | off} ]
\t\t\t[ locked {on | off} ]
\t\t\t[ backup_port DEVICE ] [ nobackup_port ]`;

/** bridge_slave_parse_opt (ip/iplink_bridge_slave.c), sent as IFLA_INFO_SLAVE_DATA of slave kind "bridge". */
const bridgeSlave: KindParser = (args, deps) => {
  const out = new AttributeEncoder();
  eachOption(args, (w, next) => {
    if (matches(w, 'fdb_flush')) {
      out.flag(IFLA_BRPORT_FLUSH);
      return;
    }
    const number = findWord(BRPORT_NUMBERS, w, (e) => e[0]);
    const onOff = findWord(BRPORT_ON_OFF, w, (e) => e[0]);
    if (number) {
      const [, attr, width, message] = number;
      const v = next();
      const n = GET_UINT[width](v);
      if (n === undefined) invarg(message, v);
      out[width](attr, n);
    } else if (onOff) {
      out.u8(onOff[1], parseOnOff(onOff[0], next()) ? 1 : 0);
    } else if (matches(w, 'backup_port')) {
      const v = next();
      const l = deps.getLink(v);
      if (!l) nodev(v);
      out.u32(IFLA_BRPORT_BACKUP_PORT, l.index);
    } else if (matches(w, 'nobackup_port')) {
      out.u32(IFLA_BRPORT_BACKUP_PORT, 0);
    } else if (matches(w, 'help')) kindUsage(BRIDGE_SLAVE_USAGE);
    else kindUsage(BRIDGE_SLAVE_USAGE, `bridge_slave: unknown option "${escapeForDisplay(w)}"?`);
  });
  return out.finish();
};

/** vrf_parse_opt (ip/iplink_vrf.c): "table ID" (a name from rt_tables or a number). */
const vrf: KindParser = (args, deps) => {
  const out = new AttributeEncoder();
  const usage = 'Usage: ... vrf table TABLEID';
  eachOption(args, (w, next) => {
    if (matches(w, 'table')) {
      const v = next();
      const table = IprouteNames.forEnv(deps.env).tableId(v);
      if (table === undefined) invarg('invalid table ID\n', v);
      out.u32(IFLA_VRF_TABLE, table);
    } else if (matches(w, 'help')) kindUsage(usage);
    else kindUsage(usage, `vrf: unknown option "${escapeForDisplay(w)}"?`);
  });
  return out.finish();
};

const IPVLAN_USAGE = `Usage: ... ipvlan [ mode MODE ] [ FLAGS ]

MODE: l3 | l3s | l2
FLAGS: bridge | private | vepa
(first values are the defaults if nothing is specified).`;

/** ipvlan_parse_opt (ip/iplink_ipvlan.c), also for ipvtap: mode l2|l3|l3s, one of bridge|private|vepa. */
function ipvlanParser(kind: string): KindParser {
  return (args) => {
    const out = new AttributeEncoder();
    let flags = 0;
    let flagGiven = false;
    const usage = IPVLAN_USAGE.replace('ipvlan', kind);
    eachOption(args, (w, next) => {
      const flag = flagGiven ? undefined : { private: IPVLAN_F_PRIVATE, vepa: IPVLAN_F_VEPA, bridge: 0 }[w];
      if (matches(w, 'mode')) {
        const v = next();
        const mode = { l2: IPVLAN_MODE_L2, l3: IPVLAN_MODE_L3, l3s: IPVLAN_MODE_L3S }[v];
        if (mode === undefined) {
          throw new CliError('Error: argument of "mode" must be either "l2", "l3" or "l3s"', 1);
        }
        out.u16(IFLA_IPVLAN_MODE, mode);
      } else if (flag !== undefined) {
        flags |= flag;
        flagGiven = true;
      } else if (matches(w, 'help')) kindUsage(usage);
      else kindUsage(usage, `${kind}: unknown option "${escapeForDisplay(w)}"?`);
    });
    // ip sends the flags (0: bridge) whether or not one was given.
    out.u16(IFLA_IPVLAN_FLAGS, flags);
    return out.finish();
  };
}

const GENEVE_USAGE = `Usage: ... geneve id VNI
\t\tremote ADDR
\t\t[ ttl TTL ]
\t\t[ tos TOS ]
\t\t[ df DF ]
\t\t[ flowlabel LABEL ]
\t\t[ dstport PORT ]
\t\t[ [no]external ]
\t\t[ [no]udpcsum ]
\t\t[ [no]udp6zerocsumtx ]
\t\t[ [no]udp6zerocsumrx ]
\t\t[ innerprotoinherit ]

Where: VNI   := 0-16777215
       ADDR  := IP_ADDRESS
       TOS   := { NUMBER | inherit }
       TTL   := { 1..255 | auto | inherit }
       DF    := { unset | set | inherit }
       LABEL := 0-1048575`;

/** geneve's word options that set a u8 after the loop, in ip's order. */
const GENEVE_SWITCHES: readonly Switch[] = [
  ...onOffWords('udpcsum', IFLA_GENEVE_UDP_CSUM),
  ...onOffWords('udp6zerocsumtx', IFLA_GENEVE_UDP_ZERO_CSUM6_TX),
  ...onOffWords('udp6zerocsumrx', IFLA_GENEVE_UDP_ZERO_CSUM6_RX),
];

/** geneve_parse_opt (ip/iplink_geneve.c, iproute2 6.1). */
const geneve: KindParser = (args, deps) => {
  const { seen, dup } = duplicateCheck();
  const out = new AttributeEncoder();
  const names = IprouteNames.forEnv(deps.env);
  let vni = 0;
  let label = 0;
  let ttl = 0;
  let tos = 0;
  let dstport = 0;
  let metadata = false;
  let daddr: InetPrefix | undefined;
  let innerProtoInherit = false;
  const switches = new Map<number, number>();
  eachOption(args, (w, next) => {
    const sw = findWord(GENEVE_SWITCHES, w, (e) => e[0]);
    if (matches(w, 'id') || matches(w, 'vni')) {
      const v = next();
      dup('id', v);
      vni = parseVni(v);
    } else if (matches(w, 'remote')) {
      const v = next();
      dup('remote', v);
      daddr = getAddr(v, AF_UNSPEC);
      if (!isUnicastSet(daddr)) invarg('invalid remote address', v);
    } else if (matches(w, 'ttl') || matches(w, 'hoplimit')) {
      const v = next();
      dup('ttl', v);
      if (v === 'inherit') out.u8(IFLA_GENEVE_TTL_INHERIT, 1);
      else ttl = parseTtl(v);
    } else if (matches(w, 'tos') || matches(w, 'dsfield')) {
      const v = next();
      dup('tos', v);
      tos = parseTunnelTos(v, names);
    } else if (matches(w, 'df')) {
      const v = next();
      dup('df', v);
      out.u8(IFLA_GENEVE_DF, parseDf(v));
    } else if (matches(w, 'label') || matches(w, 'flowlabel')) {
      const v = next();
      dup('flowlabel', v);
      label = parseFlowlabel(v);
    } else if (matches(w, 'dstport')) {
      const v = next();
      dup('dstport', v);
      dstport = getU16(v) ?? invarg('dstport', v);
    } else if (matches(w, 'external') || matches(w, 'noexternal')) {
      dup('external', w);
      metadata = matches(w, 'external');
    } else if (sw) {
      dup(sw[0].replace(/^no/, ''), w);
      switches.set(sw[1], sw[2]);
    } else if (matches(w, 'innerprotoinherit')) {
      innerProtoInherit = true;
    } else if (matches(w, 'help')) kindUsage(GENEVE_USAGE);
    else kindUsage(GENEVE_USAGE, `geneve: unknown command "${escapeForDisplay(w)}"?`);
  });
  const setOp = deps.req.setOp;
  if (metadata && seen.has('id'))
    throw new CliError("geneve: both 'external' and vni cannot be specified", 1);
  if (!metadata) {
    if (!seen.has('id')) throw new CliError('geneve: missing virtual network identifier', 1);
    if (!setOp && !daddr) throw new CliError('geneve: remote link partner not specified', 1);
  }
  out.u32(IFLA_GENEVE_ID, vni);
  if (daddr) out.bytes(daddr.family === AF_INET ? IFLA_GENEVE_REMOTE : IFLA_GENEVE_REMOTE6, daddr.bytes);
  if (!setOp || seen.has('flowlabel')) out.bytes(IFLA_GENEVE_LABEL, be32Bytes(label));
  if (!setOp || seen.has('ttl')) out.u8(IFLA_GENEVE_TTL, ttl);
  if (!setOp || seen.has('tos')) out.u8(IFLA_GENEVE_TOS, tos);
  if (dstport) out.bytes(IFLA_GENEVE_PORT, be16Bytes(dstport));
  if (metadata) out.flag(IFLA_GENEVE_COLLECT_METADATA);
  for (const type of [IFLA_GENEVE_UDP_CSUM, IFLA_GENEVE_UDP_ZERO_CSUM6_TX, IFLA_GENEVE_UDP_ZERO_CSUM6_RX]) {
    const v = switches.get(type);
    if (v !== undefined) out.u8(type, v);
  }
  if (innerProtoInherit) out.flag(IFLA_GENEVE_INNER_PROTO_INHERIT);
  return out.finish();
};

/** "id VNI": a 24-bit VXLAN/GENEVE network identifier (get_u32, below 1 << 24). */
function parseVni(v: string): number {
  const n = getU32(v);
  if (n === undefined || n >= 1 << 24) invarg('invalid id', v);
  return n;
}

/** The tunnels' "ttl N" (get_unsigned, at most 255), with ip's messages. */
function parseTtl(v: string): number {
  const n = getUnsigned(v);
  if (n === undefined) invarg('invalid TTL', v);
  if (n > 255) invarg('TTL must be <= 255', v);
  return n;
}

/** The tunnels' "tos": "inherit" is 1, else a DS field name or number (rtnl_dsfield_a2n). */
export function parseTunnelTos(v: string, names: IprouteNames): number {
  if (v === 'inherit') return 1;
  return names.dsfieldId(v) ?? invarg('bad TOS value', v);
}

/** "df unset|set|inherit": VXLAN_DF_* (GENEVE_DF_* has the same values, <linux/if_link.h>). */
function parseDf(v: string): number {
  const df = { unset: VXLAN_DF_UNSET, set: VXLAN_DF_SET, inherit: VXLAN_DF_INHERIT }[v];
  return df ?? invarg("DF must be 'unset', 'set' or 'inherit'", v);
}

/** "flowlabel N": the 20 bits of an IPv6 flow label (LABEL_MAX_MASK, ip/ip_common.h). */
function parseFlowlabel(v: string): number {
  const n = getU32(v);
  if (n === undefined || n & ~0xfffff) invarg('invalid flowlabel', v);
  return n;
}

/** Kinds with options ip knows but nlts does not send yet. */
export function unsupportedOptions(kind: string): KindParser {
  return () => {
    throw new CliError(
      `nlts: options for "type ${kind}" are not supported yet; use ip link.`,
      1,
      'unsupported',
    );
  };
}

/** parse_opt by kind; a kind missing here gets ip's "Garbage instead of arguments" when given options. */
export const KIND_PARSERS: Record<string, KindParser> = {
  veth,
  macvlan: macvlanParser('macvlan'),
  macvtap: macvlanParser('macvtap'),
  vxlan,
  bridge,
  bridge_slave: bridgeSlave,
  vrf,
  geneve,
  ipvlan: ipvlanParser('ipvlan'),
  ipvtap: ipvlanParser('ipvtap'),
  vlan: vlanOptions,
  bond: bondOptions,
  bond_slave: bondSlaveOptions,
  ...TUNNEL_PARSERS,
};
