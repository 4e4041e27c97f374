import { CliError } from '../../iproute/errors.js';
import { getLink, LinkCache } from '../../iproute/link-cache.js';
import { neighAttrsSelected, neighStateSelected, type NeighFilter } from '../../iproute/neigh-filter.js';
import type { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { type LinkMessage } from '../../netlink/route/link.js';
import { decodeNeigh, encodeNeighDumpRequest, type NeighMessage } from '../../netlink/route/neigh.js';
import type { Printer } from '../../output/printer.js';
import type { IprouteNames } from '../../iproute/names.js';
import { invarg } from '../../iproute/parse.js';
import { renderNeigh, type NeighRenderContext } from './render.js';
import { NLM_F_DUMP_FILTERED } from '../../netlink/gen/netlink.js';
import { IFLA_INFO_KIND, IFLA_LINKINFO } from '../../netlink/gen/if_link.js';
import { RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH } from '../../netlink/gen/rtnetlink.js';
import { NUD_FAILED } from '../../netlink/gen/neighbour.js';

/** ll_name_to_index through RTM_GETLINK; null when there is no such device. Kept for nexthop, which takes it from here (its home is iproute/link-cache.ts). */
export function linkByName(conn: Connection, name: string): LinkMessage | null {
  return getLink(conn, { ifname: name });
}

function isVrf(l: LinkMessage): boolean {
  return l.attrs.nested(IFLA_LINKINFO)?.string(IFLA_INFO_KIND) === 'vrf';
}

/** What a listing or a flush needs once the devices are known. */
interface Selection {
  ctx: NeighRenderContext;
  index: number;
  master: number;
}

/**
 * ip's ll_init_map and the device checks of do_show_or_flush: names of all
 * links first, then master/vrf/dev resolved (ip's messages when unknown).
 */
function prepare(
  conn: Connection,
  f: NeighFilter,
  opts: { stats: number; brief: boolean; names: IprouteNames },
): Selection {
  const links = new LinkCache(conn);
  links.loadAll();
  const indexOf = (name: string): number | undefined => links.indexOf(name) || undefined;

  let master = 0;
  if (f.master === -1) master = -1;
  else if (f.master !== undefined) {
    const i = indexOf(f.master);
    if (!i) invarg('Device does not exist\n', f.master);
    master = i;
  }
  if (f.vrf !== undefined) {
    const l = links.link(f.vrf);
    if (!l || !isVrf(l)) invarg('Not a valid VRF name\n', f.vrf);
    master = l.index;
  }
  let index = 0;
  if (f.dev !== undefined) {
    const i = indexOf(f.dev);
    if (!i) throw new CliError(`Cannot find device "${f.dev}"`, 1, 'no-device');
    index = i;
  }
  const ctx: NeighRenderContext = {
    stats: opts.stats,
    brief: opts.brief,
    devFiltered: index !== 0,
    nameOf: (i) => links.knownName(i),
    typeOf: (i) => links.typeOf(i),
    names: opts.names,
  };
  return { ctx, index, master };
}

/**
 * One dump with the kernel-side filters (device, master, proxy table), then
 * print_neigh's own filters: yields the entries that pass, streamed. A flush
 * only looks at RTM_NEWNEIGH.
 */
function* selectNeighbours(
  conn: Connection,
  p: Printer,
  f: NeighFilter,
  sel: Selection,
  flush: boolean,
): Generator<{ n: NeighMessage; type: number; payload: Uint8Array }> {
  const { index, master } = sel;
  let warned = false;
  const req = encodeNeighDumpRequest({ family: f.family, flags: f.ndmFlags, ifindex: index, master });
  for (const m of conn.dump(RTM_GETNEIGH, req)) {
    if (m.type !== RTM_NEWNEIGH && m.type !== RTM_DELNEIGH && m.type !== RTM_GETNEIGH) continue;
    if (flush && m.type !== RTM_NEWNEIGH) continue;
    const n = decodeNeigh(m.payload);
    if (f.family && f.family !== n.family) continue;
    if (index && index !== n.ifindex) continue;
    if (!neighStateSelected(f, n)) continue;
    if (master && !(m.flags & NLM_F_DUMP_FILTERED) && !warned) {
      warned = true;
      // ip prints this on stdout, in the middle of the listing.
      p.fp('\nWARNING: Kernel does not support filtering by master device\n\n');
    }
    if (!neighAttrsSelected(f, n)) continue;
    yield { n, type: m.type, payload: m.payload };
  }
}

/**
 * `ip neigh show`: names of all links first (ip's ll_init_map), a dump with
 * the kernel-side filters (device, master, proxy table), then ip's own
 * filters and one renderer call per entry, streamed.
 */
export function showNeighbours(
  conn: Connection,
  p: Printer,
  f: NeighFilter,
  opts: { stats: number; brief: boolean; names: IprouteNames },
): void {
  const sel = prepare(conn, f, opts);
  p.startDocument();
  for (const { n, type } of selectNeighbours(conn, p, f, sel, false)) {
    renderNeigh(p, n, sel.ctx, type === RTM_DELNEIGH ? 'del' : type === RTM_GETNEIGH ? 'get' : 'new');
    n.attrs.throwIfError(); // a value too short for its type was printed as 0
  }
  p.endDocument();
}

/** ipneigh.c's MAX_ROUNDS. */
export const NEIGH_FLUSH_ROUNDS = 10;

/**
 * `ip neigh flush`: dump, delete every entry that passes the filters (the
 * dumped message sent back as RTM_DELNEIGH), again until a dump finds
 * nothing; FAILED entries are only flushed in the first round, like ip.
 * `p` is a text printer: with -s -s the doomed entries are printed.
 * Returns ip's exit status; stats text goes to `out` as ip prints it.
 */
export function flushNeighbours(
  conn: Connection,
  p: Printer,
  out: { write(s: string): void },
  f: NeighFilter,
  opts: { stats: number; names: IprouteNames },
): number {
  const sel = prepare(conn, f, { stats: opts.stats, brief: false, names: opts.names });
  const filter = { ...f };
  for (let round = 0; round < NEIGH_FLUSH_ROUNDS;) {
    const doomed: Uint8Array[] = [];
    for (const { n, payload } of selectNeighbours(conn, p, filter, sel, true)) {
      doomed.push(payload.slice());
      if (opts.stats >= 2) renderNeigh(p, n, sel.ctx, 'new');
      n.attrs.throwIfError();
    }
    if (doomed.length === 0) {
      if (opts.stats) {
        out.write(
          round === 0
            ? 'Nothing to flush.\n'
            : `*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`,
        );
      }
      return 0;
    }
    round++;
    // ip sends the batch without ACKs and then looks for an error reply once:
    // every delete is tried, and the first refusal fails the flush.
    let failure: NetlinkKernelError | undefined;
    for (const payload of doomed) {
      try {
        conn.request(RTM_DELNEIGH, payload);
      } catch (e) {
        if (!(e instanceof NetlinkKernelError)) throw e;
        failure ??= e;
      }
    }
    if (failure) throw new CliError(`Failed to send flush request: ${failure.description}`, 1, 'kernel');
    if (opts.stats) out.write(`\n*** Round ${round}, deleting ${doomed.length} entries ***\n`);
    filter.state &= ~NUD_FAILED;
  }
  out.write(`*** Flush not complete bailing out after ${NEIGH_FLUSH_ROUNDS} rounds\n`);
  return 1;
}
