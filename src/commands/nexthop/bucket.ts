/**
 * `nlts nexthop bucket list|show|get`: the buckets of resilient groups
 * (RTM_GETNEXTHOPBUCKET) as ip/ipnexthop.c do_ipnh_bucket prints them.
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { EXIT_USAGE, getU16, invarg, matches } from '../../iproute/parse.js';
import { Args } from '../../iproute/args.js';
import { describeError, EXIT_KERNEL } from '../../iproute/describe-error.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import type { Connection } from '../../netlink/connection.js';
import {
  decodeNexthopBucket,
  encodeNexthopBucketDumpRequest,
  encodeNexthopBucketGetRequest,
  type NexthopBucketDumpOptions,
  type NexthopBucketMessage,
} from '../../netlink/route/nexthop.js';
import { PRINT_ANY, PRINT_FP, type Printer } from '../../output/printer.js';
import { makePrinter, printRtFlags, withRoute } from '../common.js';
import { nexthopUsage, parseNexthopId } from './change.js';
import { printTicks } from './render.js';
import { resolveNexthopDev } from './devices.js';
import {
  RTM_DELNEXTHOPBUCKET,
  RTM_GETNEXTHOPBUCKET,
  RTM_NEWNEXTHOPBUCKET,
} from '../../netlink/gen/rtnetlink.js';

/** print_nexthop_bucket: one bucket, one line / one JSON object. */
export function renderNexthopBucket(p: Printer, m: NexthopBucketMessage, deleted = false): void {
  p.openObject();
  if (deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (m.id !== undefined) p.number(PRINT_ANY, 'id', 'id %u ', m.id >>> 0);
  if (m.bucket) {
    // print_nh_res_bucket
    p.openObject('bucket');
    if (m.bucket.index !== undefined) p.number(PRINT_ANY, 'index', 'index %u ', m.bucket.index);
    if (m.bucket.idleTime !== undefined) printTicks(p, 'idle_time', m.bucket.idleTime);
    if (m.bucket.nhid !== undefined) p.number(PRINT_ANY, 'nhid', 'nhid %u ', m.bucket.nhid >>> 0);
    p.closeObject();
  }
  printRtFlags(p, m.flags);
  p.string(PRINT_FP, null, '%s', '\n');
  p.closeObject();
}

function printBucketReply(p: Printer, type: number, payload: Uint8Array): void {
  if (type !== RTM_NEWNEXTHOPBUCKET && type !== RTM_DELNEXTHOPBUCKET) return;
  // ip tests RTM_DELNEXTHOP here (not ..BUCKET): a deleted bucket is never marked.
  renderNexthopBucket(p, decodeNexthopBucket(payload));
}

/**
 * A refused dump as rtnl_dump_done reports it: the extack message if any,
 * else perror("RTNETLINK answers") except for ENOENT/EOPNOTSUPP (silent);
 * then ipnh_bucket_list's "Dump terminated", exit 2.
 */
function dumpTerminated(e: unknown): unknown {
  if (!(e instanceof NetlinkKernelError)) return e;
  const silent = !e.extack.message && (e.code === 'ENOENT' || e.code === 'EOPNOTSUPP');
  const first = silent ? '' : `${describeError(e).message}\n`;
  return new CliError(`${first}Dump terminated`, EXIT_KERNEL, 'kernel');
}

/** ipnh_bucket_list's selectors: dev, master, vrf (abbreviable), id, nhid. */
export function parseBucketFilter(
  conn: Connection,
  words: readonly string[],
  family: number,
): NexthopBucketDumpOptions {
  const o: NexthopBucketDumpOptions = { family };
  const a = new Args(words);
  for (; a.more; a.i++) {
    const w = a.cur;
    if (matches(w, 'dev')) o.ifindex = resolveNexthopDev(conn, a.next(), false);
    else if (matches(w, 'master')) o.master = resolveNexthopDev(conn, a.next(), false);
    else if (matches(w, 'vrf')) o.master = resolveNexthopDev(conn, a.next(), true);
    else if (w === 'id') o.id = parseNexthopId(a.next());
    else if (w === 'nhid') o.nhid = parseNexthopId(a.next());
    else if (matches(w, 'help')) nexthopUsage();
    else invarg('', w);
  }
  return o;
}

function bucketList(words: readonly string[], env: CommandEnv): number {
  return withRoute(env, (conn) => {
    const o = parseBucketFilter(conn, words, env.opts.family);
    const p = makePrinter(env);
    p.startDocument();
    try {
      for (const m of conn.dump(RTM_GETNEXTHOPBUCKET, encodeNexthopBucketDumpRequest(o)))
        printBucketReply(p, m.type, m.payload);
    } catch (e) {
      throw dumpTerminated(e);
    }
    p.endDocument();
    return 0;
  });
}

/** ipnh_bucket_get: `id ID index INDEX`, both required (else usage). */
function bucketGet(words: readonly string[], env: CommandEnv): number {
  let id = 0;
  let index: number | undefined;
  const a = new Args(words);
  for (; a.more; a.i++) {
    const w = a.cur;
    if (w === 'id') id = parseNexthopId(a.next());
    else if (w === 'index') {
      const v = a.next();
      index = getU16(v);
      if (index === undefined) invarg('invalid bucket index value', v);
    } else nexthopUsage();
  }
  if (!id || index === undefined) nexthopUsage();
  return withRoute(env, (conn) => {
    const replies = conn.request(
      RTM_GETNEXTHOPBUCKET,
      encodeNexthopBucketGetRequest(env.opts.family, id, index!),
    );
    const p = makePrinter(env);
    p.startDocument();
    for (const r of replies) printBucketReply(p, r.type, r.payload);
    p.endDocument();
    return 0;
  });
}

/** do_ipnh_bucket */
export function nexthopBucket(args: readonly string[], env: CommandEnv): number {
  const verb = args[0];
  if (verb === undefined) return bucketList([], env);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst'))
    return bucketList(args.slice(1), env);
  if (matches(verb, 'get')) return bucketGet(args.slice(1), env);
  if (matches(verb, 'help')) nexthopUsage();
  throw new CliError(`Command "${verb}" is unknown, try "nlts nexthop help".`, EXIT_USAGE);
}
