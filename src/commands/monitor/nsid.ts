/**
 * The nsid objects of `nlts monitor nsid`: print_nsid of iproute2 6.1.0's
 * ip/ipnetns.c as ip monitor calls it, "[Deleted ]nsid N [(iproute2 netns
 * name: X)]", and the JSON object {nsid, name} (`ip -j netns list-id`'s).
 */
import { CodecError } from '../../netlink/codec/errors.js';
import { decodeNsid } from '../../netlink/route/netns.js';
import type { Printer } from '../../output/printer.js';
import { printNsid } from '../netns/index.js';
import { RTGENMSG_LEN } from '../../netlink/gen/rtnetlink.js';

/**
 * iproute2's nsid cache (ip/ipnetns.c netns_map_*): filled with every name
 * under /run/netns and its nsid when the monitor starts (netns_map_init);
 * print_nsid uses a cached name once and forgets it, and for an RTM_NEWNSID
 * it has no name for looks the name up under /run/netns (netns_get_name) and
 * caches it. get_name_from_nsid (a link's "link-netns NAME") reads the cache.
 */
export class NetnsNameCache {
  private readonly map: Map<number, string>;
  /**
   * `initial`: the names by nsid at start; `lookup(nsid)`: the name bound to
   * that nsid under /run/netns now (a system fact, kept by --record).
   */
  constructor(
    initial: Iterable<readonly [number, string]>,
    private readonly lookup: (nsid: number) => string | undefined,
  ) {
    this.map = new Map(initial);
  }

  /** get_name_from_nsid: the cached name, if any. */
  get(nsid: number): string | undefined {
    return nsid < 0 ? undefined : this.map.get(nsid);
  }

  /** The name print_nsid shows for an nsid event, with the cache updated as ip updates it. */
  forEvent(nsid: number, created: boolean): string | undefined {
    const cached = this.get(nsid);
    if (cached !== undefined) {
      this.map.delete(nsid);
      return cached;
    }
    // "During 'ip monitor nsid', no chance to have new nsid in cache": look it up.
    if (!created || nsid < 0) return undefined;
    const name = this.lookup(nsid);
    if (name !== undefined) this.map.set(nsid, name);
    return name;
  }
}

/**
 * struct rtgenmsg + NETNSA_*: "nsid N" ("Deleted " first in text for
 * RTM_DELNSID), then the name ip's cache gives (`names`; none without one).
 */
export function renderNsid(p: Printer, payload: Uint8Array, deleted: boolean, names?: NetnsNameCache): void {
  if (payload.length < RTGENMSG_LEN)
    throw new CodecError(`rtgenmsg needs ${RTGENMSG_LEN} bytes, got ${payload.length}`, 0);
  const { nsid } = decodeNsid(payload);
  const name = nsid === undefined ? undefined : names?.forEvent(nsid, !deleted);
  if (deleted) p.fp('Deleted ');
  printNsid(p, nsid, undefined, name === undefined ? null : new Map([[nsid!, name]]));
}
