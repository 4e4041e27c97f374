/**
 * iproute2's link cache (lib/ll_map.c): ifindex <-> name, with each link's
 * flags and type. `loadAll` is ll_init_map (one dump, before any other dump
 * holds the socket); otherwise links are asked for one by one (ll_link_get).
 *
 * - ll_index_to_name: "*" for 0, the name, else "if<N>" (`nameOf`);
 * - ll_name_to_index: a name or an alternative name, else "if<N>" naming an
 *   index (ll_idx_a2n), else 0 (`indexOf`); `require` is ip's nodev().
 */
import type { Connection } from '../netlink/connection.js';
import { NetlinkKernelError } from '../netlink/errors.js';
import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../netlink/route/link.js';
import { nodev } from './parse.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_GETLINK,
  RTM_NEWLINK,
} from '../netlink/gen/rtnetlink.js';

/** The errnos of RTM_GETLINK for a link that is not there: ENODEV, EINVAL, ERANGE. */
const NO_LINK = [19, 22, 34];

/** RTM_GETLINK for one link by index or name; null when there is no such link. */
export function getLink(
  conn: Connection,
  by: { ifindex?: number; ifname?: string },
  extMask = RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS,
): LinkMessage | null {
  try {
    const m = conn
      .request(RTM_GETLINK, encodeGetLinkRequest({ ...by, extMask }))
      .find((r) => r.type === RTM_NEWLINK);
    return m ? decodeLink(m.payload) : null;
  } catch (e) {
    if (e instanceof NetlinkKernelError && NO_LINK.includes(e.errno)) return null;
    throw e;
  }
}

/** ll_idx_a2n: "if<N>" names index N; 0 otherwise. */
export function indexFromIfName(name: string): number {
  const m = /^if(\d+)$/.exec(name);
  return m ? Number(m[1]) >>> 0 : 0;
}

interface Entry {
  name: string;
  flags: number;
  type: number;
}

export interface LinkCacheOptions {
  /**
   * After loadAll, still ask the kernel for a name the dump did not have
   * (ip's ll_name_to_index does; the route and netconf commands, recorded
   * that way, do not). Default true.
   */
  askAfterLoad?: boolean;
}

export class LinkCache {
  private readonly byIndex = new Map<number, Entry | null>();
  private readonly byName = new Map<string, number>();
  /** ll_init_map has run: every link is known. */
  complete = false;

  constructor(
    private readonly conn: Connection,
    private readonly options: LinkCacheOptions = {},
  ) {}

  /** ll_init_map: one link dump. */
  loadAll(): void {
    const req = encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS });
    for (const m of this.conn.dump(RTM_GETLINK, req)) {
      if (m.type !== RTM_NEWLINK) continue;
      this.remember(decodeLink(m.payload));
    }
    this.complete = true;
  }

  /** Keep what a link message says (a dump the caller ran itself, or an event). */
  remember(l: LinkMessage): void {
    this.byIndex.set(l.index, { name: l.ifname, flags: l.flags, type: l.type });
    this.byName.set(l.ifname, l.index);
    for (const alt of l.altnames ?? []) if (!this.byName.has(alt)) this.byName.set(alt, l.index);
  }

  private entry(ifindex: number): Entry | null {
    let e = this.byIndex.get(ifindex);
    if (e === undefined) {
      const l = this.complete ? null : getLink(this.conn, { ifindex });
      if (l) {
        this.remember(l);
        e = this.byIndex.get(ifindex)!;
      } else {
        e = null;
        this.byIndex.set(ifindex, null);
      }
    }
    return e;
  }

  /** ll_index_to_name: "*" for 0, "if<N>" for an index that does not exist. */
  nameOf(ifindex: number): string {
    if (ifindex === 0) return '*';
    return this.entry(ifindex)?.name ?? `if${ifindex >>> 0}`;
  }

  /** The name of an existing link; undefined when there is none with that index. */
  knownName(ifindex: number): string | undefined {
    return this.entry(ifindex)?.name || undefined;
  }

  /** ll_index_to_flags: -1 when unknown. */
  flagsOf(ifindex: number): number {
    // ip's ll_index_to_flags answers -1 (every bit set) for an index it does
    // not know, so a missing lower device is never shown as M-DOWN.
    return this.entry(ifindex)?.flags ?? -1;
  }

  /** ll_index_to_type: 0 when unknown. */
  typeOf(ifindex: number): number {
    return this.entry(ifindex)?.type ?? 0;
  }

  /** ll_name_to_index: 0 when there is no such device ("if<N>" names an index as in ip). */
  indexOf(name: string): number {
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    let idx = 0;
    if (!this.complete || (this.options.askAfterLoad ?? true)) {
      const l = getLink(this.conn, { ifname: name });
      if (l) {
        this.remember(l);
        idx = l.index;
      }
    }
    if (!idx) idx = indexFromIfName(name);
    if (idx) this.byName.set(name, idx);
    return idx;
  }

  /** The link of that name, as the kernel describes it now; null when there is none. */
  link(name: string): LinkMessage | null {
    return getLink(this.conn, { ifname: name });
  }

  /** ll_name_to_index or nodev(): ip's message and exit status 1. */
  require(name: string): number {
    const idx = this.indexOf(name);
    if (!idx) nodev(name);
    return idx;
  }
}
