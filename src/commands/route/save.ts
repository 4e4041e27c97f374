/**
 * `ip route save SELECTOR`, `ip route restore` and `ip route showdump`
 * (save_route, restore_handler, iproute_restore and iproute_showdump of
 * iproute2 6.1.0's ip/iproute.c): ip's binary dump file, interchangeable
 * with ip's in both directions.
 */
import { ROUTE_DUMP_MAGIC, readDump, restoreMessages, writeDump } from '../../iproute/dump-file.js';
import { IprouteNames } from '../../iproute/names.js';
import { LinkCache } from '../../iproute/link-cache.js';
import type { NetlinkMessage } from '../../netlink/codec/message.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { AttributeIndex } from '../../netlink/codec/attributes.js';
import { RouteMessage, encodeRouteDumpRequest } from '../../netlink/route/route.js';
import type { CommandEnv } from '../env.js';
import { openRoute, textPrinter } from '../common.js';
import { renderRoute, routeContext } from './render.js';
import { filterRoute, selectorOf, type FilterState, type RouteFilter } from './show.js';
import type { Connection } from '../../netlink/connection.js';
import { AF_INET, AF_UNSPEC } from '../../netlink/gen/socket.js';
import {
  RTA_DST,
  RTA_GATEWAY,
  RTA_PREFSRC,
  RTMSG_LEN,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RT_TABLE_MAIN,
} from '../../netlink/gen/rtnetlink.js';

/** `ip route save SELECTOR`: the magic, then every RTM_NEWROUTE the list filter keeps, as received. */
export function routeSave(words: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const f = selectorOf(words, env, names, false);
  let family = env.opts.family;
  if (family === AF_UNSPEC && f.tb) family = AF_INET;
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    if (f.iifName !== undefined) f.iif = links.require(f.iifName);
    if (f.oifName !== undefined) f.oif = links.require(f.oifName);
    writeDump(env, ROUTE_DUMP_MAGIC, savedRoutes(conn, f, family));
    return 0;
  } finally {
    conn.close();
  }
}

/** The dump of `ip route save`, filtered as `ip route show` filters it. */
function* savedRoutes(conn: Connection, f: RouteFilter, family: number): Generator<NetlinkMessage> {
  const st: FilterState = { ip6MultipleTables: false };
  const r = new RouteMessage();
  const req = encodeRouteDumpRequest({
    family,
    protocol: f.protocol,
    cloned: f.cloned,
    table: f.tb,
    oif: f.oif,
  });
  try {
    for (const m of conn.dump(RTM_GETROUTE, req)) {
      if (m.type !== RTM_NEWROUTE) continue;
      r.reset(m.payload, m.type);
      if (filterRoute(r, f, st)) yield m;
    }
  } catch (e) {
    // ENOENT from a dump of the main table with no IPv4 route: nothing to save, as in ip.
    if (!(e instanceof NetlinkKernelError && e.errno === 2 && f.tb === RT_TABLE_MAIN)) throw e;
  }
}

/** The saved routes on standard input; ip route's status for a bad file is 1 (magic) or 2 (body). */
function readSaved(env: CommandEnv): Iterable<NetlinkMessage> {
  return readDump(env, ROUTE_DUMP_MAGIC, 'route', 2, 1);
}

/** rtattr_cmp: 0 when both attributes are there with the same length and bytes. */
function sameAttr(a: AttributeIndex, x: number, y: number): boolean {
  const p = a.bytes(x);
  const q = a.bytes(y);
  return p !== undefined && q !== undefined && p.length === q.length && p.every((b, i) => b === q[i]);
}

/**
 * restore_handler's order, one pass each over the file: 0 routes to local
 * addresses (no gateway, no preferred source or one equal to the
 * destination), 1 routes to local networks (no gateway, another preferred
 * source), 2 routes through a gateway.
 */
export function restorePass(payload: Uint8Array): 0 | 1 | 2 {
  const a = new AttributeIndex(payload, RTMSG_LEN);
  if (a.has(RTA_GATEWAY)) return 2;
  if (!a.has(RTA_PREFSRC) || sameAttr(a, RTA_PREFSRC, RTA_DST)) return 0;
  return 1;
}

/** `ip route restore`: three passes over the saved routes; a route already there is not an error. */
export function routeRestore(env: CommandEnv): number {
  const saved = readSaved(env);
  // Read through once first: a broken file fails before anything is sent.
  const messages = [...saved];
  const conn = openRoute(env);
  try {
    for (const pass of [0, 1, 2] as const) {
      // ip sends whatever the file holds (a route file holds RTM_NEWROUTE only).
      const these = messages.filter((m) => restorePass(m.payload) === pass);
      restoreMessages(conn, these, env.err, 2);
    }
    return 0;
  } finally {
    conn.close();
  }
}

/** `ip route showdump`: each saved route printed as text by print_route (ip opens no JSON document). */
export function routeShowdump(env: CommandEnv): number {
  const saved = readSaved(env);
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn);
    const p = textPrinter(env);
    const names = IprouteNames.forEnv(env);
    const r = new RouteMessage();
    for (const m of saved) {
      r.reset(m.payload, m.type);
      renderRoute(
        p,
        r,
        routeContext(env, names, (i) => links.nameOf(i)),
      );
      r.attrs.throwIfError();
    }
    return 0;
  } finally {
    conn.close();
  }
}
