import { IprouteNames } from '../../iproute/names.js';
import { invarg } from '../../iproute/parse.js';
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { AttributeIndex, NLA_TYPE_MASK } from '../../netlink/codec/attributes.js';
import { cStringAt, hostU16, hostU32 } from '../../netlink/codec/bytes.js';
import { DUMP_RETRIES, type Connection } from '../../netlink/connection.js';
import type { NetlinkMessage } from '../../netlink/codec/message.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../../netlink/route/link.js';
import type { Printer } from '../../output/printer.js';
import type { LinkInfoPrinter, LinkRenderContext } from './kinds/context.js';
import { lookupNamedNetns } from '../../netlink/route/netns.js';
import { openNativeTransport } from '../../netlink/native-transport.js';
import { DETAIL_ONLY_ATTRIBUTES, renderLink, renderLinkBrief, type LinkRenderExtras } from './render-base.js';
import { ByteArena } from '../../netlink/codec/arena.js';
import { NLA_HDRLEN } from '../../netlink/gen/netlink.js';
import {
  IFLA_CARRIER,
  IFLA_CARRIER_CHANGES,
  IFLA_CARRIER_DOWN_COUNT,
  IFLA_CARRIER_UP_COUNT,
  IFLA_MAP,
  IFLA_STATS,
  IFLA_STATS64,
  IFLA_GROUP,
  IFLA_IFNAME,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINKINFO,
  IFLA_MASTER,
} from '../../netlink/gen/if_link.js';
import { IFF_UP } from '../../netlink/gen/if.js';
import {
  IFINFOMSG_LEN,
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_GETLINK,
  RTM_NEWLINK,
} from '../../netlink/gen/rtnetlink.js';
import { masterSelectorIndex, type MasterSelectors } from '../../iproute/vrf.js';

export interface LinkFilter {
  dev?: string;
  up: boolean;
  kind?: string;
  /** `master DEV` and `vrf NAME` (a master that must be a VRF), in the order given. */
  masters: MasterSelectors;
  nomaster?: boolean;
  group?: string;
}

/** Group names from /etc/iproute2/group (iproute2's rt_group_n2a table); 0 is "default". */
export function parseGroupFile(text: string | null): Map<string, number> {
  const names = new Map<string, number>([['default', 0]]);
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(\S+)/.exec(line);
    if (m) names.set(m[2]!, Number(m[1]));
  }
  return names;
}

function resolveGroup(word: string, env: CommandEnv): number {
  return IprouteNames.forEnv(env).groupId(word) ?? invarg('Invalid "group" value', word);
}

/** Look one link up by name or index; null when the kernel says it does not exist. */
function getLink(
  conn: Connection,
  extMask: number,
  by: { ifname?: string; ifindex?: number },
): LinkMessage | null {
  try {
    const replies = conn.request(RTM_GETLINK, encodeGetLinkRequest({ ...by, extMask }));
    const m = replies.find((r) => r.type === 16 /* RTM_NEWLINK */);
    return m ? decodeLink(m.payload) : null;
  } catch (e) {
    // ENODEV: no such link. ERANGE/EINVAL: the kernel's policy refused the name (longer than
    // an altname may be); ip then falls back to if_nametoindex, which cannot find it either.
    if (e instanceof NetlinkKernelError && [19, 34, 22].includes(e.errno)) return null;
    throw e;
  }
}

/** One byte per attribute type (NLA_TYPE_MASK wide): 1 = not kept. A table, as it is asked ~30 times per link. */
type DropMask = Uint8Array;

/**
 * What a listing without -d never prints, so need not keep until it prints
 * (about half of a veth's bytes): the -d fields of print_linkinfo
 * (render-base.ts's DETAIL_FIELDS, IFLA_AF_SPEC among them) but IFLA_LINKINFO
 * when a `type` filter reads it, and what nlts prints nowhere (IFLA_MAP,
 * IFLA_CARRIER); without -s also the counters and carrier counts. Issue 15
 * item 7: fewer bytes kept is fewer fresh pages touched and fewer attributes
 * indexed per link (8,001 links -j: ~5 ms, 7,700 -> 6,900-7,600 faults).
 */
function dropMask(stats: boolean, kindFilter: boolean): DropMask {
  const mask = new Uint8Array(NLA_TYPE_MASK + 1);
  for (const t of DETAIL_ONLY_ATTRIBUTES) mask[t] = 1;
  if (kindFilter) mask[IFLA_LINKINFO] = 0;
  mask[IFLA_MAP] = 1;
  mask[IFLA_CARRIER] = 1;
  if (!stats)
    for (const t of [
      IFLA_STATS,
      IFLA_STATS64,
      IFLA_CARRIER_CHANGES,
      IFLA_CARRIER_UP_COUNT,
      IFLA_CARRIER_DOWN_COUNT,
    ])
      mask[t] = 1;
  return mask;
}

/**
 * The RTM_NEWLINK payloads of a dump, retried as Connection.dumpAll retries
 * (DUMP_RETRIES): only the payloads are kept, not a message object for each
 * of 16,000 links that would live to the end and be copied by every GC. The
 * dump is read transiently (no copy per datagram) and each payload is copied
 * into a ByteArena without the attributes `drop` marks.
 */
function dumpLinkPayloads(
  conn: Connection,
  request: Uint8Array,
  drop: DropMask | null,
): { payloads: ByteArena; inconsistent: boolean } {
  for (let attempt = 1; ; attempt++) {
    const state = { interrupted: false };
    const payloads = new ByteArena();
    const keep = (m: NetlinkMessage): void => {
      if (m.type === RTM_NEWLINK) keepPayload(payloads, m.payload, drop);
    };
    conn.dumpEach(RTM_GETLINK, request, keep, 0, state, true);
    if (!state.interrupted || attempt > DUMP_RETRIES) return { payloads, inconsistent: state.interrupted };
  }
}

/**
 * A copy of an ifinfomsg payload in `arena` without the top-level attributes
 * whose types `drop` marks (the rest byte for byte, in order): the whole
 * payload is copied, then what is kept is moved down over the gaps in place.
 * The walk stops at a length that does not fit and keeps the rest as it is,
 * so the decoder meets it and reports it as it would have.
 */
function keepPayload(arena: ByteArena, p: Uint8Array, drop: DropMask | null): void {
  const at = arena.push(p);
  if (drop === null) return arena.keep(at, p.length);
  const b = arena.buffer;
  const end = at + p.length;
  let w = at + Math.min(IFINFOMSG_LEN, p.length); // write position
  let run = w; // start of the run of kept attributes not yet moved
  let off = w;
  while (end - off >= NLA_HDRLEN) {
    const len = hostU16(b, off);
    if (len < NLA_HDRLEN || len > end - off) break;
    const next = Math.min(end, off + ((len + 3) & ~3));
    if (drop[hostU16(b, off + 2) & NLA_TYPE_MASK] === 1) {
      if (run !== w) b.copyWithin(w, run, off);
      w += off - run;
      run = next;
    }
    off = next;
  }
  if (run !== w) b.copyWithin(w, run, end);
  w += end - run;
  arena.keep(at, w - at);
}

/** ifi_index and ifi_flags of kept payload `n`, read in place without decoding the message. */
function linkIndexOf(kept: ByteArena, n: number): number {
  return kept.endOf(n) - kept.startOf(n) >= 8 ? hostU32(kept.chunkOf(n), kept.startOf(n) + 4) | 0 : 0;
}
function linkFlagsOf(kept: ByteArena, n: number): number {
  return kept.endOf(n) - kept.startOf(n) >= 12 ? hostU32(kept.chunkOf(n), kept.startOf(n) + 8) : 0;
}
/** IFLA_IFNAME of kept payload `n` read in place, without a table, a cursor or a view; the walk stops at a bad length. */
function linkNameOf(kept: ByteArena, n: number): string {
  const p = kept.chunkOf(n);
  const end = kept.endOf(n);
  for (let off = kept.startOf(n) + IFINFOMSG_LEN; end - off >= NLA_HDRLEN;) {
    const len = hostU16(p, off);
    if (len < NLA_HDRLEN || len > end - off) break;
    if ((hostU16(p, off + 2) & NLA_TYPE_MASK) === IFLA_IFNAME)
      return cStringAt(p, off + NLA_HDRLEN, off + len);
    off += (len + 3) & ~3;
  }
  return '';
}

function kindOf(link: LinkMessage, slave: boolean): string | undefined {
  return link.attrs.nested(IFLA_LINKINFO)?.string(slave ? IFLA_INFO_SLAVE_KIND : IFLA_INFO_KIND);
}

/**
 * `ip link show`: one GETLINK by name for `dev X`, a filtered dump
 * otherwise; then names for master/link indexes, the userspace filters ip
 * applies, and one renderer call per link.
 */
export function showLinks(
  conn: Connection,
  p: Printer,
  filter: LinkFilter,
  env: CommandEnv,
  /** linkinfo.ts's printLinkInfo; needed with -d, which loads it (see linkShow). */
  printLinkInfo?: LinkInfoPrinter,
): void {
  const opts = env.opts;
  // Counters are only fetched when they will be printed: less for the kernel to build and us to parse.
  const extMask = RTEXT_FILTER_VF | (opts.stats ? 0 : RTEXT_FILTER_SKIP_STATS);
  const slaveKind = filter.kind?.endsWith('_slave') ?? false;
  const kind = slaveKind ? filter.kind!.slice(0, -'_slave'.length) : filter.kind;
  const group = filter.group === undefined ? undefined : resolveGroup(filter.group, env);

  const masterIndex = filter.masters.length ? masterSelectorIndex(conn, filter.masters) : undefined;

  // Like ip, the whole dump is read before printing (names of masters and peers
  // must be known), but only the raw messages are kept: each link is decoded
  // right before it is printed, so the decoded form of 8,000 links never
  // exists at once.
  let payloads: ByteArena | undefined;
  let single: LinkMessage | undefined;
  // Names and flags of the dumped links are read from their kept payloads when asked for (the
  // dump's last payload of an index, as a Map's last set would be): nothing per link lives on
  // the JS heap but this Map's Smi entries. `names`/`flags` hold the links looked up one by one.
  const slotOf = new Map<number, number>();
  const names = new Map<number, string>();
  const flags = new Map<number, number>();
  let complete = false;
  if (filter.dev !== undefined) {
    const l = getLink(conn, extMask, { ifname: filter.dev });
    if (!l) throw new CliError(`Device "${filter.dev}" does not exist.`, 1, 'no-device');
    names.set(l.index, l.ifname);
    flags.set(l.index, l.flags);
    single = l;
  } else {
    // What this listing never prints is not kept (dropMask); with -d everything is.
    const drop = opts.details ? null : dropMask(opts.stats > 0, kind !== undefined);
    const res = dumpLinkPayloads(
      conn,
      encodeGetLinkRequest({ extMask, kind, slaveKind, master: masterIndex }),
      drop,
    );
    if (res.inconsistent) env.err.write('Dump was interrupted and may be inconsistent.\n');
    payloads = res.payloads;
    for (let n = 0; n < payloads.count; n++) slotOf.set(linkIndexOf(payloads, n), n);
    // A filtered dump does not hold every link; only an unfiltered one can answer all name lookups.
    complete = kind === undefined && masterIndex === undefined;
  }

  const lookup = (ifindex: number): void => {
    if (complete || slotOf.has(ifindex) || names.has(ifindex)) return;
    const l = getLink(conn, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS, { ifindex });
    if (l) {
      names.set(ifindex, l.ifname);
      flags.set(ifindex, l.flags);
    } else names.set(ifindex, '');
  };
  let netnsNames: Map<number, string> | undefined;
  const db = IprouteNames.forEnv(env);
  const ctx: LinkRenderContext & LinkRenderExtras = {
    stats: opts.stats,
    details: opts.details,
    oneline: opts.oneline,
    numeric: opts.numeric,
    numberFormat: { human: opts.human, iec: opts.iec },
    printLinkInfo,
    groupName: (g) => db.groupNameOrUndefined(g),
    protodownReasonName: (bit) => db.protodownReasonName(bit),
    nameOf(ifindex) {
      lookup(ifindex);
      const n = slotOf.get(ifindex);
      return (n === undefined ? names.get(ifindex) : linkNameOf(payloads!, n)) || undefined;
    },
    flagsOf(ifindex) {
      lookup(ifindex);
      const n = slotOf.get(ifindex);
      // ll_index_to_flags: -1 for an index ip does not know.
      return n === undefined ? (flags.get(ifindex) ?? -1) : linkFlagsOf(payloads!, n);
    },
    netnsNameOf(nsid) {
      // Reads /run/netns: a system fact, so --record keeps the answer and --replay serves it.
      netnsNames ??= new Map(
        env.fact('named-netns-by-nsid', () => [...lookupNamedNetns(openNativeTransport, opts.netns)]),
      );
      return netnsNames.get(nsid);
    },
  };

  p.startDocument();
  // A plain loop, not a generator: V8 optimizes a long-running loop in place (OSR), a generator's
  // body only once it has been entered again. Each payload is decoded as it is reached,
  // all into one attribute table (each link is printed before the next is decoded).
  const index = new AttributeIndex();
  const count = single ? 1 : payloads!.count;
  for (let i = 0; i < count; i++) {
    const l = single ?? decodeLink(payloads!.view(i), RTM_NEWLINK, index);
    if (filter.up && !(l.flags & IFF_UP)) continue;
    if (kind !== undefined && kindOf(l, slaveKind) !== kind) continue;
    const master = l.attrs.u32(IFLA_MASTER);
    if (masterIndex !== undefined && (master ?? 0) !== masterIndex) continue;
    if (filter.nomaster && master !== undefined) continue;
    if (group !== undefined && (l.attrs.u32(IFLA_GROUP) ?? 0) !== group) continue;
    if (opts.brief) renderLinkBrief(p, l, ctx);
    else renderLink(p, l, ctx);
    // The renderer prints what it can (a value too short for its type as 0); then say so.
    l.attrs.throwIfError();
  }
  p.endDocument();
}
