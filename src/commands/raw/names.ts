/**
 * Names for `nlts raw`: protocols, message types and nlmsghdr flags, both ways.
 * Values are cited from the kernel UAPI headers next to each table.
 */
import { CliError } from '../../iproute/errors.js';
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
import {
  IFINFOMSG_LEN,
  PREFIXMSG_LEN,
  RTGENMSG_LEN,
  RTMSG_LEN,
  RTM_NAMES,
  RTM_NEWLINK,
  TCMSG_LEN,
} from '../../netlink/gen/rtnetlink.js';
import { IFADDRMSG_LEN } from '../../netlink/gen/if_addr.js';
import { NDMSG_LEN } from '../../netlink/gen/neighbour.js';
import { FIB_RULE_HDR_LEN } from '../../netlink/gen/fib_rules.js';
import { NETCONFMSG_LEN } from '../../netlink/gen/netconf.js';
import { NHMSG_LEN } from '../../netlink/gen/nexthop.js';

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
 * Bytes of family header before the attributes, by the object an RTM_* type
 * names (RTM_NEWLINK → LINK): the generated sizes where the generator knows
 * the struct, else sizeof() as written next to it.
 */
const RTM_HEADER_LEN: Readonly<Record<string, number>> = {
  LINK: IFINFOMSG_LEN,
  ADDR: IFADDRMSG_LEN,
  ROUTE: RTMSG_LEN,
  NEIGH: NDMSG_LEN,
  RULE: FIB_RULE_HDR_LEN,
  QDISC: TCMSG_LEN,
  TCLASS: TCMSG_LEN,
  TFILTER: TCMSG_LEN,
  ACTION: 4, // struct tcamsg
  PREFIX: PREFIXMSG_LEN,
  MULTICAST: IFADDRMSG_LEN,
  ANYCAST: IFADDRMSG_LEN,
  NEIGHTBL: 4, // struct ndtmsg
  NDUSEROPT: 16, // struct nduseroptmsg
  ADDRLABEL: 12, // struct ifaddrlblmsg
  DCB: 4, // struct dcbmsg
  NETCONF: NETCONFMSG_LEN,
  MDB: 8, // struct br_port_msg
  NSID: RTGENMSG_LEN,
  STATS: 12, // struct if_stats_msg
  CACHEREPORT: 0, // payload is a protocol-specific report
  CHAIN: TCMSG_LEN,
  NEXTHOP: NHMSG_LEN,
  LINKPROP: IFINFOMSG_LEN,
  VLAN: 8, // struct br_vlan_msg
  NEXTHOPBUCKET: NHMSG_LEN,
  TUNNEL: 8, // struct tunnel_msg
};

/**
 * rtnetlink message types from the generated RTM_NAMES (<linux/rtnetlink.h>),
 * with the size of the family header that starts each message's payload, so
 * replies can be decoded as attributes without being told where they start.
 * RTM_BASE is RTM_NEWLINK's value: the message is named RTM_NEWLINK.
 */
const RTM: ReadonlyArray<readonly [number, string, number]> = Object.entries(RTM_NAMES).map(([n, raw]) => {
  const name = Number(n) === RTM_NEWLINK ? 'RTM_NEWLINK' : raw;
  return [Number(n), name, RTM_HEADER_LEN[name.replace(/^RTM_(NEW|DEL|GET|SET)/, '')] ?? 0] as const;
});

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
