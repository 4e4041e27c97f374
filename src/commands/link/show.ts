import { IprouteNames } from '../../iproute/names.js';
import { invarg } from '../../iproute/parse.js';
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { AttributeDecoder, AttributeIndex } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN } from '../../netlink/codec/bytes.js';
import { DUMP_RETRIES, type Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../../netlink/route/link.js';
import type { Printer } from '../../output/printer.js';
import type { LinkInfoPrinter, LinkRenderContext } from './kinds/context.js';
import { lookupNamedNetns } from '../../netlink/route/netns.js';
import { openNativeTransport } from '../../netlink/native-transport.js';
import { renderLink, renderLinkBrief, type LinkRenderExtras } from './render-base.js';
import {
  IFLA_GROUP,
  IFLA_IFNAME,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINKINFO,
  IFLA_MASTER,
} from '../../netlink/gen/if_link.js';
import { IFF_UP } from '../../netlink/gen/if.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_GETLINK,
  RTM_NEWLINK,
} from '../../netlink/gen/rtnetlink.js';

export interface LinkFilter {
  dev?: string;
  up: boolean;
  kind?: string;
  master?: string;
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

/** Each payload decoded as it is reached, all into one attribute table (each link is printed before the next). */
function* decodeEach(payloads: Uint8Array[]): Generator<LinkMessage> {
  const index = new AttributeIndex();
  for (const p of payloads) yield decodeLink(p, RTM_NEWLINK, index);
}

/**
 * The RTM_NEWLINK payloads of a dump, retried as Connection.dumpAll retries
 * (DUMP_RETRIES): only the payloads are kept, not a message object for each
 * of 16,000 links that would live to the end and be copied by every GC.
 */
function dumpLinkPayloads(
  conn: Connection,
  request: Uint8Array,
): { payloads: Uint8Array[]; inconsistent: boolean } {
  for (let attempt = 1; ; attempt++) {
    const state = { interrupted: false };
    const payloads: Uint8Array[] = [];
    for (const m of conn.dump(RTM_GETLINK, request, 0, state))
      if (m.type === RTM_NEWLINK) payloads.push(m.payload);
    if (!state.interrupted || attempt > DUMP_RETRIES) return { payloads, inconsistent: state.interrupted };
  }
}

/** A host-order u32 of an ifinfomsg (<linux/rtnetlink.h>) read straight from the payload. */
function payloadU32(p: Uint8Array, off: number): number {
  return HOST_LITTLE_ENDIAN
    ? (p[off]! | (p[off + 1]! << 8) | (p[off + 2]! << 16) | (p[off + 3]! << 24)) >>> 0
    : ((p[off]! << 24) | (p[off + 1]! << 16) | (p[off + 2]! << 8) | p[off + 3]!) >>> 0;
}
/** ifi_index and ifi_flags of an ifinfomsg, read without decoding the message. */
function linkIndexOf(payload: Uint8Array): number {
  return payload.length >= 8 ? payloadU32(payload, 4) | 0 : 0;
}
function linkFlagsOf(payload: Uint8Array): number {
  return payload.length >= 12 ? payloadU32(payload, 8) : 0;
}
/** IFLA_IFNAME without building the attribute table; the walk stops at a bad length. */
function linkNameOf(payload: Uint8Array): string {
  const d = new AttributeDecoder(payload.length > 16 ? payload.subarray(16) : new Uint8Array(0));
  while (d.next()) if (d.type() === IFLA_IFNAME) return d.string();
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

  let masterIndex: number | undefined;
  if (filter.master !== undefined) {
    const m = getLink(conn, extMask, { ifname: filter.master });
    if (!m) throw new CliError(`Device "${filter.master}" does not exist.`, 1, 'no-device');
    masterIndex = m.index;
  }

  // Like ip, the whole dump is read before printing (names of masters and peers
  // must be known), but only the raw messages are kept: each link is decoded
  // right before it is printed, so the decoded form of 8,000 links never
  // exists at once.
  let payloads: Uint8Array[] = [];
  let single: LinkMessage | undefined;
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
    const res = dumpLinkPayloads(
      conn,
      encodeGetLinkRequest({ extMask, kind, slaveKind, master: masterIndex }),
    );
    if (res.inconsistent) env.err.write('Dump was interrupted and may be inconsistent.\n');
    payloads = res.payloads;
    for (const payload of payloads) {
      const index = linkIndexOf(payload);
      names.set(index, linkNameOf(payload));
      flags.set(index, linkFlagsOf(payload));
    }
    // A filtered dump does not hold every link; only an unfiltered one can answer all name lookups.
    complete = kind === undefined && masterIndex === undefined;
  }

  const lookup = (ifindex: number): void => {
    if (complete || names.has(ifindex)) return;
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
      return names.get(ifindex) || undefined;
    },
    flagsOf(ifindex) {
      lookup(ifindex);
      // ll_index_to_flags: -1 for an index ip does not know.
      return flags.get(ifindex) ?? -1;
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
  const links: Iterable<LinkMessage> = single ? [single] : decodeEach(payloads);
  for (const l of links) {
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
