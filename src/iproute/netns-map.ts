/**
 * Names of peer namespaces by nsid, as ip/ipnetns.c keeps them (netns_map_*, iproute2 6.1): used by
 * `monitor nsid`, a link's "link-netns NAME" and the library's objects.
 */

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
