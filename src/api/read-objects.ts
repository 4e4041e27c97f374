/**
 * RouteClient.show(): the objects of one kind as `ip -j KIND show` lists
 * them, streamed. Each is dumped with the monitor's resync requests (the
 * registry's dump of the object), passed through the show command's own
 * filter where `ip … show` filters (routes: table and cache; neighbours:
 * NOARP entries), and rendered by IpObjects.
 */
import { emptyFilter, filterRoute } from '../commands/route/show.js';
import { RTNL_SOURCES } from '../commands/monitor/rtnl.js';
import type { IprouteNames } from '../iproute/names.js';
import { neighStateSelected, parseNeighFilter } from '../iproute/neigh-filter.js';
import type { Connection } from '../netlink/connection.js';
import { decodeNeigh } from '../netlink/route/neigh.js';
import { RouteMessage } from '../netlink/route/route.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../netlink/gen/socket.js';
import { SOURCE_OF, type IpObject, type IpObjectKind, type IpObjects } from './ip-objects.js';
import { tableId, type TableName } from './names.js';

/** Which objects show() lists. */
export interface ShowOptions {
  /**
   * 'inet' or 'inet6' only. Default: both, but for rules and for routes of
   * one table, which `ip rule show` / `ip route show` list for IPv4 unless told -6.
   */
  family?: 'inet' | 'inet6';
  /** Routes: the table to list, 'all' for every table; main by default (as `ip route show`). */
  table?: TableName | number | 'all';
}

/** The objects of `kind` in the client's namespace, as `ip -j KIND show` lists them. */
export async function* showObjects<K extends IpObjectKind>(
  conn: Connection,
  kind: K,
  options: ShowOptions,
  objects: IpObjects,
  names: () => IprouteNames,
): AsyncGenerator<IpObject<K>> {
  const source = RTNL_SOURCES.find((s) => s.name === SOURCE_OF[kind]);
  if (!source) throw new Error(`no dump for ${kind}`);
  const asked = options.family === 'inet6' ? AF_INET6 : options.family === 'inet' ? AF_INET : AF_UNSPEC;
  // ip route (but `table all`) and ip rule: IPv4 unless -6 (iproute_list_flush_or_save: with
  // filter.tb set, an unspecified family becomes AF_INET).
  const ipv4Only = kind === 'rule' || (kind === 'route' && options.table !== 'all');
  const family = asked === AF_UNSPEC && ipv4Only ? AF_INET : asked;
  let keep: (m: { type: number; payload: Uint8Array }) => boolean = () => true;
  if (kind === 'route') {
    const f = emptyFilter(family);
    const t = options.table ?? 'main';
    f.tb = t === 'all' ? 0 : tableId(names(), 'table', t);
    const st = { ip6MultipleTables: false };
    const r = new RouteMessage();
    keep = (m) => filterRoute(r.reset(m.payload, m.type), f, st);
  } else if (kind === 'neighbour') {
    const f = parseNeighFilter([], family, names());
    // print_neigh's state filter: NOARP (and NONE) entries only with `nud all`.
    keep = (m) => neighStateSelected(f, decodeNeigh(m.payload));
  }
  for (const d of source.dumps(family)) {
    for await (const m of conn.dumpAsync(d.type, d.payload)) {
      if (m.type !== source.newType) continue;
      if (source.accept && !source.accept(m, family)) continue;
      if (!keep(m)) continue;
      yield objects.renderAs(kind, m);
    }
  }
}
