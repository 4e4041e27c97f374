/**
 * `nlts nexthop [ list | show ] [ protocol ID ] [ id ID ] [ dev DEV ] [ vrf NAME ]
 * [ master DEV ] [ groups ] [ fdb ]`: nexthop objects as `ip nexthop show`
 * prints them (ip/ipnexthop.c ipnh_list_flush / ipnh_get_id).
 */
import { IprouteNames } from '../../iproute/names.js';
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { Connection } from '../../netlink/connection.js';

import {
  decodeNexthop,
  encodeNexthopDumpRequest,
  encodeNexthopGetRequest,
} from '../../netlink/route/nexthop.js';
import type { Printer } from '../../output/printer.js';
import { linkByName } from '../neigh/show.js';
import { makePrinter, openRoute } from '../route/common.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { EXIT_USAGE, invarg, getU32 } from '../../iproute/parse.js';
import { NEXTHOP_HELP } from './help.js';
import { renderNexthop, type NexthopRenderContext } from './render.js';
import { IFLA_INFO_KIND, IFLA_LINKINFO } from '../../netlink/gen/if_link.js';
import { RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP } from '../../netlink/gen/rtnetlink.js';

/** ip nexthop's verbs in do_ipnh's order; the ones nlts does not do yet say so. */
const NOT_YET = ['add', 'replace', 'delete'];
const NOT_YET_AFTER = ['get', 'flush', 'bucket'];

function notYet(verb: string): CliError {
  return new CliError(
    `nlts: "nexthop ${verb}" is not available yet; use "ip nexthop ${verb}".`,
    1,
    'unsupported',
  );
}

export const nexthopCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return nexthopShow([], env);
  for (const v of NOT_YET) if (matches(verb, v)) throw notYet(v);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst'))
    return nexthopShow(args.slice(1), env);
  for (const v of NOT_YET_AFTER) if (matches(verb, v)) throw notYet(v);
  if (matches(verb, 'help')) {
    env.out.write(NEXTHOP_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts nexthop help".`, EXIT_USAGE);
};

/** ip nexthop show's selectors (ipnh_list_flush's filter struct). */
export interface NexthopFilter {
  id?: number;
  dev?: string;
  master?: string;
  vrf?: string;
  groups: boolean;
  fdb: boolean;
  protocol: number;
}

/** Parse the selector words as ipnh_list_flush does (`id` ends the parsing). */
export function parseNexthopFilter(args: string[]): NexthopFilter {
  const f: NexthopFilter = { groups: false, fdb: false, protocol: 0 };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) throw new CliError('Command line is not complete. Try option "help"', EXIT_USAGE);
      return v;
    };
    if (matches(w, 'dev')) f.dev = next();
    else if (matches(w, 'groups')) f.groups = true;
    else if (matches(w, 'master')) {
      f.master = next();
      f.vrf = undefined;
    } else if (matches(w, 'vrf')) {
      f.vrf = next();
      f.master = undefined;
    } else if (w === 'id') {
      const v = next();
      const id = getU32(v);
      if (id === undefined) invarg('invalid id value', v);
      f.id = id;
      return f;
    } else if (matches(w, 'protocol')) {
      const v = next();
      const p = getU32(v);
      if (p === undefined) invarg('invalid protocol value', v);
      f.protocol = p;
    } else if (matches(w, 'fdb')) f.fdb = true;
    else if (matches(w, 'help')) throw new CliError(NEXTHOP_HELP.trimEnd(), EXIT_USAGE, 'help');
    else invarg('', w);
  }
  return f;
}

function resolveDev(conn: Connection, name: string, vrf: boolean): number {
  const l = linkByName(conn, name);
  if (vrf) {
    const kind = l?.attrs.nested(IFLA_LINKINFO)?.string(IFLA_INFO_KIND) ?? '';
    if (kind !== 'vrf') invarg('Invalid VRF', name);
  }
  if (!l) invarg(vrf ? 'VRF does not exist' : 'Device does not exist', name);
  return l.index;
}

/** Print the nexthops `ip nexthop show` would: one dump (or one get for `id N`), filtered. */
export function showNexthops(
  conn: Connection,
  p: Printer,
  f: NexthopFilter,
  family: number,
  ctx: NexthopRenderContext,
): void {
  // The device words are resolved in command-line order by ip; the results do not depend on it.
  const ifindex = f.dev !== undefined ? resolveDev(conn, f.dev, false) : 0;
  const master =
    f.master !== undefined
      ? resolveDev(conn, f.master, false)
      : f.vrf !== undefined
        ? resolveDev(conn, f.vrf, true)
        : 0;
  const one = (type: number, payload: Uint8Array): void => {
    if (type !== RTM_NEWNEXTHOP && type !== RTM_DELNEXTHOP) return;
    const m = decodeNexthop(payload);
    if (f.protocol && f.protocol !== m.protocol) return;
    renderNexthop(p, m, ctx, type === RTM_DELNEXTHOP);
    p.fp('\n');
    m.attrs.throwIfError(); // a value too short for its type was printed as 0
  };
  if (f.id !== undefined) {
    const replies = conn.request(RTM_GETNEXTHOP, encodeNexthopGetRequest(family, f.id), 0);
    p.startDocument();
    for (const r of replies) one(r.type, r.payload);
    p.endDocument();
    return;
  }
  const req = encodeNexthopDumpRequest({ family, ifindex, master, groups: f.groups, fdb: f.fdb });
  p.startDocument();
  for (const m of conn.dump(RTM_GETNEXTHOP, req)) one(m.type, m.payload);
  p.endDocument();
}

function nexthopShow(args: string[], env: CommandEnv): number {
  const f = parseNexthopFilter(args);
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    links.loadAll();
    const p = makePrinter(env, env.out);
    showNexthops(conn, p, f, env.opts.family, {
      details: env.opts.details,
      nameOf: (i) => links.nameOf(i),
      names: IprouteNames.forEnv(env),
    });
    return 0;
  } finally {
    conn.close();
  }
}
