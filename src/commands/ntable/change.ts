/**
 * `nlts ntable change name NAME [ dev DEV ] [ thresh1 VAL ] ... [ PARMS ]`
 * (ip/ipntable.c ipntable_modify): one RTM_SETNEIGHTBL (NLM_F_REPLACE) with
 * the table's thresholds and GC interval and, nested in NDTA_PARMS, the
 * parameters of the table or, with dev, of that device. Attributes go in the
 * order given, as ip adds them; ip nests NDTA_PARMS without NLA_F_NESTED.
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { Args } from '../../iproute/args.js';
import { duparg, getU32, getU64, invarg, missarg, nodev } from '../../iproute/parse.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { encodeNtableChange } from '../../netlink/route/ntable.js';
import { NLM_F_REPLACE } from '../../netlink/gen/netlink.js';
import { RTM_SETNEIGHTBL } from '../../netlink/gen/rtnetlink.js';
import {
  NDTA_GC_INTERVAL,
  NDTA_NAME,
  NDTA_PARMS,
  NDTA_THRESH1,
  NDTA_THRESH2,
  NDTA_THRESH3,
  NDTPA_ANYCAST_DELAY,
  NDTPA_APP_PROBES,
  NDTPA_BASE_REACHABLE_TIME,
  NDTPA_DELAY_PROBE_TIME,
  NDTPA_GC_STALETIME,
  NDTPA_IFINDEX,
  NDTPA_LOCKTIME,
  NDTPA_MCAST_PROBES,
  NDTPA_PROXY_DELAY,
  NDTPA_PROXY_QLEN,
  NDTPA_QUEUE_LEN,
  NDTPA_RETRANS_TIME,
  NDTPA_UCAST_PROBES,
} from '../../netlink/gen/neighbour.js';
import { openRoute } from '../common.js';

/** Top-level thresholds: u32 values. */
const THRESHOLDS: Record<string, number> = {
  thresh1: NDTA_THRESH1,
  thresh2: NDTA_THRESH2,
  thresh3: NDTA_THRESH3,
};

/** PARMS: each word, its NDTPA_* attribute and width (times in msec are u64, counts u32). */
const PARMS: Record<string, { type: number; u64: boolean }> = {
  base_reachable: { type: NDTPA_BASE_REACHABLE_TIME, u64: true },
  retrans: { type: NDTPA_RETRANS_TIME, u64: true },
  gc_stale: { type: NDTPA_GC_STALETIME, u64: true },
  delay_probe: { type: NDTPA_DELAY_PROBE_TIME, u64: true },
  queue: { type: NDTPA_QUEUE_LEN, u64: false },
  app_probes: { type: NDTPA_APP_PROBES, u64: false },
  ucast_probes: { type: NDTPA_UCAST_PROBES, u64: false },
  mcast_probes: { type: NDTPA_MCAST_PROBES, u64: false },
  anycast_delay: { type: NDTPA_ANYCAST_DELAY, u64: true },
  proxy_delay: { type: NDTPA_PROXY_DELAY, u64: true },
  proxy_queue: { type: NDTPA_PROXY_QLEN, u64: false },
  locktime: { type: NDTPA_LOCKTIME, u64: true },
};

/** ipntable_modify's parse: the request payload, or ip's message (nothing is sent). */
export function parseNtableChange(
  args: string[],
  family: number,
  indexOf: (name: string) => number,
): Uint8Array {
  const top = new AttributeEncoder();
  const parms = new AttributeEncoder();
  let name: string | undefined;
  let changes = false;
  let parmsGiven = false;
  for (const a = new Args(args); a.more; a.i++) {
    const w = a.cur;
    if (w === 'name') {
      const v = a.next();
      if (name !== undefined) duparg('NAME', v);
      name = v;
      top.string(NDTA_NAME, v);
    } else if (w in THRESHOLDS) {
      const v = a.next();
      const n = getU32(v, 0) ?? invarg(`"${w}" value is invalid`, v);
      top.u32(THRESHOLDS[w]!, n);
      changes = true;
    } else if (w === 'gc_int') {
      const v = a.next();
      const n = getU64(v) ?? invarg('"gc_int" value is invalid', v);
      top.u64(NDTA_GC_INTERVAL, n);
      changes = true;
    } else if (w === 'dev') {
      const v = a.next();
      const index = indexOf(v);
      if (!index) nodev(v);
      parms.u32(NDTPA_IFINDEX, index);
      parmsGiven = true;
    } else if (w in PARMS) {
      const { type, u64 } = PARMS[w]!;
      const v = a.next();
      if (u64) parms.u64(type, getU64(v) ?? invarg(`"${w}" value is invalid`, v));
      else parms.u32(type, getU32(v, 0) ?? invarg(`"${w}" value is invalid`, v));
      parmsGiven = true;
      changes = true;
    } else invarg('unknown', w);
  }
  if (name === undefined) missarg('NAME');
  if (!changes) throw new CliError('Not enough information: changeable attributes required.', 255);
  if (parmsGiven) top.bytes(NDTA_PARMS, parms.finish()); // nested, but without NLA_F_NESTED, as ip
  return encodeNtableChange(family, top.finish());
}

/** `ntable change|chg`: ip's ll_init_map first (dev names), then the one request. */
export function ntableChange(args: string[], env: CommandEnv): number {
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    links.loadAll();
    const payload = parseNtableChange(args, env.opts.family, (n) => links.indexOf(n));
    conn.request(RTM_SETNEIGHTBL, payload, NLM_F_REPLACE);
    return 0;
  } finally {
    conn.close();
  }
}
