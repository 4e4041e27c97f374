/**
 * `nlts nexthop`: ip/ipnexthop.c's do_ipnh (iproute2 6.1). list/show and
 * flush with their selectors (ipnh_list_flush), get (ipnh_get_id),
 * add/replace/delete (change.ts: ipnh_modify), bucket (bucket.ts).
 */
import { IprouteNames } from '../../iproute/names.js';
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import type { Connection } from '../../netlink/connection.js';

import {
  decodeNexthop,
  encodeNexthopDumpRequest,
  encodeNexthopDeleteRequest,
  encodeNexthopGetRequest,
  type NexthopDumpOptions,
} from '../../netlink/route/nexthop.js';
import type { Printer } from '../../output/printer.js';
import { makePrinter, openRoute, withRoute } from '../common.js';
import { describeError } from '../../iproute/describe-error.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { encodeNexthopChangeWords, nexthopUsage, parseNexthopId } from './change.js';
import { nexthopBucket } from './bucket.js';
import { ifindexOf, resolveNexthopDev } from './devices.js';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../netlink/gen/netlink.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { EXIT_USAGE, getU32, incomplete, invarg, matches } from '../../iproute/parse.js';
import { NEXTHOP_HELP } from './help.js';
import { renderNexthop, type NexthopRenderContext } from './render.js';
import { RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP } from '../../netlink/gen/rtnetlink.js';

/** do_ipnh: the verbs in ip's matching order (`ip nexthop` alone lists). */
export const nexthopCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return nexthopShow([], env);
  const rest = args.slice(1);
  if (matches(verb, 'add')) return nexthopModify(RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, rest, env);
  if (matches(verb, 'replace')) return nexthopModify(RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_REPLACE, rest, env);
  if (matches(verb, 'delete')) return nexthopModify(RTM_DELNEXTHOP, 0, rest, env);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst')) return nexthopShow(rest, env);
  if (matches(verb, 'get')) return nexthopGet(rest, env);
  if (matches(verb, 'flush')) return nexthopFlush(rest, env);
  if (matches(verb, 'bucket')) return nexthopBucket(rest, env);
  if (matches(verb, 'help')) {
    env.out.write(NEXTHOP_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts nexthop help".`, EXIT_USAGE);
};

/** ipnh_modify: parse the words, send one request (the kernel's error is the command's). */
function nexthopModify(cmd: number, flags: number, words: string[], env: CommandEnv): number {
  return withRoute(env, (conn) => {
    const payload = encodeNexthopChangeWords(words, {
      family: env.opts.family,
      names: IprouteNames.forEnv(env),
      ifindexOf: (name) => ifindexOf(conn, name),
    });
    conn.request(cmd, payload, flags);
    return 0;
  });
}

/** ipnh_get: `id ID` only (anything else, or no id, is usage). */
function nexthopGet(words: string[], env: CommandEnv): number {
  let id = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'id') nexthopUsage();
    const v = words[++i];
    if (v === undefined) incomplete();
    id = parseNexthopId(v);
  }
  if (!id) nexthopUsage();
  return nexthopShow(['id', String(id)], env);
}

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
      if (v === undefined) incomplete();
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
      f.id = parseNexthopId(next());
      return f;
    } else if (matches(w, 'protocol')) {
      const v = next();
      const p = getU32(v);
      if (p === undefined) invarg('invalid protocol value', v);
      f.protocol = p;
    } else if (matches(w, 'fdb')) f.fdb = true;
    else if (matches(w, 'help')) nexthopUsage();
    else invarg('', w);
  }
  return f;
}

/** The dump filter's NHA_OIF and NHA_MASTER from the dev/master/vrf words (0: not asked for). */
function filterDevices(conn: Connection, f: NexthopFilter): { ifindex: number; master: number } {
  // ip resolves the device words in command-line order; the results do not depend on it.
  const ifindex = f.dev !== undefined ? resolveNexthopDev(conn, f.dev, false) : 0;
  const master =
    f.master !== undefined
      ? resolveNexthopDev(conn, f.master, false)
      : f.vrf !== undefined
        ? resolveNexthopDev(conn, f.vrf, true)
        : 0;
  return { ifindex, master };
}

/** Print the nexthops `ip nexthop show` would: one dump (or one get for `id N`), filtered. */
export function showNexthops(
  conn: Connection,
  p: Printer,
  f: NexthopFilter,
  family: number,
  ctx: NexthopRenderContext,
): void {
  const { ifindex, master } = filterDevices(conn, f);
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

/**
 * ipnh_flush: one dump with the selectors (with none: the groups first, then
 * the rest, as ip), deleting each nexthop of the protocol asked for by id
 * (delete_nexthop); "Flushed N nexthops" or "Nothing to flush" as ip prints,
 * in text even with -j. `flush id ID` deletes that one nexthop only.
 */
function nexthopFlush(words: string[], env: CommandEnv): number {
  const f = parseNexthopFilter(words);
  return withRoute(env, (conn) => {
    if (f.id !== undefined) {
      try {
        conn.request(RTM_DELNEXTHOP, encodeNexthopDeleteRequest(f.id));
      } catch (e) {
        // ip's delete_nexthop returns -1 after rtnl_talk's message: exit 1.
        throw new CliError(describeError(e).message, 1);
      }
      return 0;
    }
    const all = words.length === 0;
    const { ifindex, master } = filterDevices(conn, f);
    let flushed = 0;
    const pass = (o: NexthopDumpOptions): void => {
      const ids: number[] = [];
      for (const m of conn.dump(RTM_GETNEXTHOP, encodeNexthopDumpRequest(o))) {
        if (m.type !== RTM_NEWNEXTHOP) continue;
        const nh = decodeNexthop(m.payload);
        if (f.protocol && nh.protocol !== f.protocol) continue;
        if (nh.id) ids.push(nh.id);
      }
      for (const id of ids) {
        try {
          conn.request(RTM_DELNEXTHOP, encodeNexthopDeleteRequest(id));
          flushed++;
        } catch (e) {
          // A group whose last member went is gone already: ip's dump would not have shown it.
          if (e instanceof NetlinkKernelError && e.code === 'ENOENT') continue;
          env.err.write(`${describeError(e).message}\nFailed to delete nexthop with id ${id}\n`);
        }
      }
    };
    const base = { family: env.opts.family, ifindex, master, groups: f.groups, fdb: f.fdb };
    if (all) pass({ ...base, groups: true, ifindex: 0, master: 0 });
    pass(base);
    env.out.write(flushed ? `Flushed ${flushed} nexthops\n` : 'Nothing to flush\n');
    return 0;
  });
}
