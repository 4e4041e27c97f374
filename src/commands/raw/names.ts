/**
 * Names for `nlts raw`: protocols, message types and nlmsghdr flags, both ways.
 * Values are cited from the kernel UAPI headers next to each table.
 */
import { CliError } from '../../cli/errors.js';
import { PROTOCOL_NAMES } from '../../netlink/constants.js';
import {
  NETLINK_GENERIC,
  NETLINK_NETFILTER,
  NETLINK_ROUTE,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_APPEND,
  NLM_F_ATOMIC,
  NLM_F_BULK,
  NLM_F_CAPPED,
  NLM_F_CREATE,
  NLM_F_DUMP,
  NLM_F_DUMP_FILTERED,
  NLM_F_DUMP_INTR,
  NLM_F_ECHO,
  NLM_F_EXCL,
  NLM_F_MATCH,
  NLM_F_MULTI,
  NLM_F_NONREC,
  NLM_F_REPLACE,
  NLM_F_REQUEST,
  NLM_F_ROOT,
} from '../../netlink/gen/netlink.js';

/** <linux/netlink.h> MAX_LINKS: protocol numbers are 0..31. */
export const MAX_LINKS = 32;

/**
 * Spellings from iproute2's /etc/iproute2/nl_protos that differ from the
 * kernel-header names in PROTOCOL_NAMES (NETLINK_FIREWALL is 3, unused since 3.5).
 */
const NL_PROTOS_ALIASES: Readonly<Record<string, number>> = {
  fw: 3,
  tcpdiag: 4,
  fiblookup: 10,
  ip6fw: 13,
  'dec-rt': 14,
  'scsi-trans': 18,
};

/** Parse an unsigned integer: decimal or 0x hex, within [0, max]. */
export function parseUint(text: string, what: string, max = 0xffffffff): number {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw new CliError(`nlts raw: invalid ${what} "${text}"`);
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n > max)
    throw new CliError(`nlts raw: ${what} "${text}" is out of range (0-${max})`);
  return n;
}

/** `--proto N|NAME`: a number below MAX_LINKS, a PROTOCOL_NAMES name or an nl_protos name. */
export function parseProtocol(text: string): number {
  if (/^(0x)?[0-9a-f]+$/i.test(text) && /\d/.test(text)) return parseUint(text, 'protocol', MAX_LINKS - 1);
  const key = text.toLowerCase().replace(/^netlink_/, '');
  const n = PROTOCOL_NAMES[key] ?? NL_PROTOS_ALIASES[key];
  if (n === undefined) {
    throw new CliError(
      `nlts raw: unknown protocol "${text}" (a number 0-31 or one of: ${Object.keys(PROTOCOL_NAMES).join(', ')})`,
    );
  }
  return n;
}

/** The canonical name of a protocol number, for output. */
export function protocolName(proto: number): string | undefined {
  for (const [name, n] of Object.entries(PROTOCOL_NAMES)) if (n === proto) return name;
  return undefined;
}

/** Control messages (<linux/netlink.h>), valid on every protocol. */
const CONTROL_TYPES: ReadonlyMap<number, string> = new Map([
  [NLMSG_NOOP, 'NLMSG_NOOP'],
  [NLMSG_ERROR, 'NLMSG_ERROR'],
  [NLMSG_DONE, 'NLMSG_DONE'],
  [NLMSG_OVERRUN, 'NLMSG_OVERRUN'],
]);

/**
 * rtnetlink message types (<linux/rtnetlink.h> enum RTM_*), with the size of
 * the family header that starts each message's payload, so replies can be
 * decoded as attributes without being told where they start.
 */
const RTM: ReadonlyArray<readonly [number, string, number]> = [
  [16, 'RTM_NEWLINK', 16], // struct ifinfomsg
  [17, 'RTM_DELLINK', 16],
  [18, 'RTM_GETLINK', 16],
  [19, 'RTM_SETLINK', 16],
  [20, 'RTM_NEWADDR', 8], // struct ifaddrmsg
  [21, 'RTM_DELADDR', 8],
  [22, 'RTM_GETADDR', 8],
  [24, 'RTM_NEWROUTE', 12], // struct rtmsg
  [25, 'RTM_DELROUTE', 12],
  [26, 'RTM_GETROUTE', 12],
  [28, 'RTM_NEWNEIGH', 12], // struct ndmsg
  [29, 'RTM_DELNEIGH', 12],
  [30, 'RTM_GETNEIGH', 12],
  [32, 'RTM_NEWRULE', 12], // struct fib_rule_hdr
  [33, 'RTM_DELRULE', 12],
  [34, 'RTM_GETRULE', 12],
  [36, 'RTM_NEWQDISC', 20], // struct tcmsg
  [37, 'RTM_DELQDISC', 20],
  [38, 'RTM_GETQDISC', 20],
  [40, 'RTM_NEWTCLASS', 20],
  [41, 'RTM_DELTCLASS', 20],
  [42, 'RTM_GETTCLASS', 20],
  [44, 'RTM_NEWTFILTER', 20],
  [45, 'RTM_DELTFILTER', 20],
  [46, 'RTM_GETTFILTER', 20],
  [48, 'RTM_NEWACTION', 4], // struct tcamsg
  [49, 'RTM_DELACTION', 4],
  [50, 'RTM_GETACTION', 4],
  [52, 'RTM_NEWPREFIX', 12], // struct prefixmsg
  [58, 'RTM_GETMULTICAST', 8], // struct ifaddrmsg
  [62, 'RTM_GETANYCAST', 8],
  [64, 'RTM_NEWNEIGHTBL', 4], // struct ndtmsg
  [66, 'RTM_GETNEIGHTBL', 4],
  [67, 'RTM_SETNEIGHTBL', 4],
  [68, 'RTM_NEWNDUSEROPT', 16], // struct nduseroptmsg
  [72, 'RTM_NEWADDRLABEL', 12], // struct ifaddrlblmsg
  [73, 'RTM_DELADDRLABEL', 12],
  [74, 'RTM_GETADDRLABEL', 12],
  [78, 'RTM_GETDCB', 4], // struct dcbmsg
  [79, 'RTM_SETDCB', 4],
  [80, 'RTM_NEWNETCONF', 4], // struct netconfmsg (1 byte, NLMSG_ALIGNed)
  [81, 'RTM_DELNETCONF', 4],
  [82, 'RTM_GETNETCONF', 4],
  [84, 'RTM_NEWMDB', 8], // struct br_port_msg
  [85, 'RTM_DELMDB', 8],
  [86, 'RTM_GETMDB', 8],
  [88, 'RTM_NEWNSID', 4], // struct rtgenmsg (NLMSG_ALIGNed)
  [89, 'RTM_DELNSID', 4],
  [90, 'RTM_GETNSID', 4],
  [92, 'RTM_NEWSTATS', 12], // struct if_stats_msg
  [94, 'RTM_GETSTATS', 12],
  [95, 'RTM_SETSTATS', 12],
  [96, 'RTM_NEWCACHEREPORT', 0], // payload is a protocol-specific report
  [100, 'RTM_NEWCHAIN', 20], // struct tcmsg
  [101, 'RTM_DELCHAIN', 20],
  [102, 'RTM_GETCHAIN', 20],
  [104, 'RTM_NEWNEXTHOP', 8], // struct nhmsg
  [105, 'RTM_DELNEXTHOP', 8],
  [106, 'RTM_GETNEXTHOP', 8],
  [108, 'RTM_NEWLINKPROP', 16], // struct ifinfomsg
  [109, 'RTM_DELLINKPROP', 16],
  [110, 'RTM_GETLINKPROP', 16],
  [112, 'RTM_NEWVLAN', 8], // struct br_vlan_msg
  [113, 'RTM_DELVLAN', 8],
  [114, 'RTM_GETVLAN', 8],
  [116, 'RTM_NEWNEXTHOPBUCKET', 8], // struct nhmsg
  [117, 'RTM_DELNEXTHOPBUCKET', 8],
  [118, 'RTM_GETNEXTHOPBUCKET', 8],
  [120, 'RTM_NEWTUNNEL', 8], // struct tunnel_msg
  [121, 'RTM_DELTUNNEL', 8],
  [122, 'RTM_GETTUNNEL', 8],
];

const RTM_BY_TYPE = new Map(RTM.map(([n, name, hdr]) => [n, { name, hdr }]));
const RTM_BY_NAME = new Map(RTM.map(([n, name]) => [name, n]));

/** The name of a message type: NLMSG_* on every protocol, RTM_* on route. */
export function typeName(proto: number, type: number): string | undefined {
  const c = CONTROL_TYPES.get(type);
  if (c) return c;
  if (proto === NETLINK_ROUTE) return RTM_BY_TYPE.get(type)?.name;
  return undefined;
}

/** `--type T`: a number (0-65535), NLMSG_*, or on route RTM_* (case-insensitive, RTM_ optional). */
export function parseType(proto: number, text: string): number {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) return parseUint(text, 'message type', 0xffff);
  const up = text.toUpperCase();
  for (const [n, name] of CONTROL_TYPES) if (name === up) return n;
  if (proto === NETLINK_ROUTE) {
    const n = RTM_BY_NAME.get(up) ?? RTM_BY_NAME.get(`RTM_${up}`);
    if (n !== undefined) return n;
  }
  const hint =
    proto === NETLINK_ROUTE
      ? 'a number, NLMSG_* or RTM_*'
      : 'a number or NLMSG_* (names are known for route only)';
  throw new CliError(`nlts raw: unknown message type "${text}" (${hint})`);
}

/**
 * Bytes of family header before the attributes of a message of this type,
 * when nothing was said: rtnetlink's per-type struct, genlmsghdr (4) for
 * generic, nfgenmsg (4) for netfilter, otherwise 0.
 */
export function defaultHeaderLen(proto: number, type: number): number {
  if (type < 16) return 0;
  if (proto === NETLINK_ROUTE) return RTM_BY_TYPE.get(type)?.hdr ?? 0;
  if (proto === NETLINK_GENERIC || proto === NETLINK_NETFILTER) return 4;
  return 0;
}

/** `--flags` words (<linux/netlink.h> NLM_F_*). */
const FLAG_WORDS: Readonly<Record<string, number>> = {
  request: NLM_F_REQUEST,
  multi: NLM_F_MULTI,
  ack: NLM_F_ACK,
  echo: NLM_F_ECHO,
  dump_intr: NLM_F_DUMP_INTR,
  dump_filtered: NLM_F_DUMP_FILTERED,
  root: NLM_F_ROOT,
  match: NLM_F_MATCH,
  atomic: NLM_F_ATOMIC,
  dump: NLM_F_DUMP,
  replace: NLM_F_REPLACE,
  excl: NLM_F_EXCL,
  create: NLM_F_CREATE,
  append: NLM_F_APPEND,
  nonrec: NLM_F_NONREC,
  bulk: NLM_F_BULK,
  capped: NLM_F_CAPPED,
  ack_tlvs: NLM_F_ACK_TLVS,
};

/** `--flags request,ack,dump|NUMBER`: comma-separated names (NLM_F_ prefix optional) or numbers, ORed. */
export function parseFlags(text: string): number {
  let flags = 0;
  for (const raw of text.split(/[,|+]/)) {
    const w = raw
      .trim()
      .toLowerCase()
      .replace(/^nlm_f_/, '');
    if (w === '') continue;
    if (/^(0x[0-9a-f]+|\d+)$/.test(w)) {
      flags |= parseUint(w, 'flags', 0xffff);
      continue;
    }
    const f = FLAG_WORDS[w.replace(/-/g, '_')];
    if (f === undefined) {
      throw new CliError(
        `nlts raw: unknown flag "${raw}" (known: ${Object.keys(FLAG_WORDS).join(', ')}, or a number)`,
      );
    }
    flags |= f;
  }
  return flags;
}

/**
 * Flag names for a message. Bits 0x100-0x800 mean different things by kind
 * (<linux/netlink.h>): GET modifiers, NEW modifiers, DELETE modifiers, or ACK
 * flags on NLMSG_ERROR. The kind is known from the type on route (NEW, DEL,
 * GET, SET in blocks of four from RTM_BASE); elsewhere GET names are used.
 */
export function flagNames(proto: number, type: number, flags: number): string[] {
  const out: string[] = [];
  const take = (bit: number, name: string): void => {
    if (flags & bit) {
      out.push(name);
      flags &= ~bit;
    }
  };
  take(NLM_F_REQUEST, 'REQUEST');
  take(NLM_F_MULTI, 'MULTI');
  take(NLM_F_ACK, 'ACK');
  take(NLM_F_ECHO, 'ECHO');
  take(NLM_F_DUMP_INTR, 'DUMP_INTR');
  take(NLM_F_DUMP_FILTERED, 'DUMP_FILTERED');
  const kind =
    type === NLMSG_ERROR || type === NLMSG_DONE
      ? 'ack'
      : proto === NETLINK_ROUTE && type >= 16
        ? ['new', 'del', 'get', 'set'][(type - 16) % 4]
        : 'get';
  if (kind === 'ack') {
    take(NLM_F_CAPPED, 'CAPPED');
    take(NLM_F_ACK_TLVS, 'ACK_TLVS');
  } else if (kind === 'new') {
    take(NLM_F_REPLACE, 'REPLACE');
    take(NLM_F_EXCL, 'EXCL');
    take(NLM_F_CREATE, 'CREATE');
    take(NLM_F_APPEND, 'APPEND');
  } else if (kind === 'del') {
    take(NLM_F_NONREC, 'NONREC');
    take(NLM_F_BULK, 'BULK');
  } else if (kind === 'get') {
    if ((flags & NLM_F_DUMP) === NLM_F_DUMP) take(NLM_F_DUMP, 'DUMP');
    take(NLM_F_ROOT, 'ROOT');
    take(NLM_F_MATCH, 'MATCH');
    take(NLM_F_ATOMIC, 'ATOMIC');
  }
  if (flags) out.push(`0x${flags.toString(16)}`);
  return out;
}
