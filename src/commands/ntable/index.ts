/**
 * `nlts ntable [ show | list ] [ dev DEV ] [ name NAME ]`: the neighbour
 * tables' parameters as `ip ntable show` prints them (ip/ipntable.c), from one
 * RTM_GETNEIGHTBL dump; and `ntable change` (./change.ts).
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { invarg } from '../../iproute/parse.js';
import { Args } from '../../iproute/args.js';
import { decodeNtable, encodeNtableDumpRequest, type NtableMessage } from '../../netlink/route/ntable.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import { makePrinter, openRoute } from '../common.js';
import { ntableChange } from './change.js';
import { familyName } from '../../iproute/prefix.js';
import { RTM_GETNEIGHTBL, RTM_NEWNEIGHTBL } from '../../netlink/gen/rtnetlink.js';
import {
  NDTPA_ANYCAST_DELAY,
  NDTPA_APP_PROBES,
  NDTPA_BASE_REACHABLE_TIME,
  NDTPA_DELAY_PROBE_TIME,
  NDTPA_GC_STALETIME,
  NDTPA_LOCKTIME,
  NDTPA_MCAST_PROBES,
  NDTPA_PROXY_DELAY,
  NDTPA_PROXY_QLEN,
  NDTPA_QUEUE_LEN,
  NDTPA_REACHABLE_TIME,
  NDTPA_REFCNT,
  NDTPA_RETRANS_TIME,
  NDTPA_UCAST_PROBES,
} from '../../netlink/gen/neighbour.js';

export const NTABLE_HELP = `Usage: nlts ntable change name NAME [ dev DEV ]
        [ thresh1 VAL ] [ thresh2 VAL ] [ thresh3 VAL ] [ gc_int MSEC ]
        [ PARMS ]
Usage: nlts ntable show [ dev DEV ] [ name NAME ]
PARMS := [ base_reachable MSEC ] [ retrans MSEC ] [ gc_stale MSEC ]
         [ delay_probe MSEC ] [ queue LEN ]
         [ app_probes VAL ] [ ucast_probes VAL ] [ mcast_probes VAL ]
         [ anycast_delay MSEC ] [ proxy_delay MSEC ] [ proxy_queue LEN ]
         [ locktime MSEC ]
`;

/** ipntable.c's NONE_DEV: `dev none` selects the tables' own (device-less) parameters. */
const NONE_DEV = -1;

export const ntableCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return ntableShow([], env);
  if (matches(verb, 'change') || matches(verb, 'chg')) return ntableChange(args.slice(1), env);
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list'))
    return ntableShow(args.slice(1), env);
  // ip prints its usage on stderr and exits -1 (255).
  if (matches(verb, 'help')) throw new CliError(NTABLE_HELP.trimEnd(), 255, 'help');
  throw new CliError(`Command "${verb}" is unknown, try "nlts ntable help".`, 255);
};

export interface NtableFilter {
  /** 0: any; NONE_DEV: only parameters without a device; else that ifindex. */
  index: number;
  name?: string;
}

/** ipntable_show's arguments (exact words, as ip compares them with strcmp). */
export function parseNtableArgs(args: string[], indexOf: (name: string) => number): NtableFilter {
  const f: NtableFilter = { index: 0 };
  for (const argv = new Args(args); argv.more; argv.i++) {
    const a = argv.cur;
    if (a === 'dev' || a === 'name') {
      const v = argv.next();
      if (a === 'name') f.name = v;
      else if (v === 'none') f.index = NONE_DEV;
      else if ((f.index = indexOf(v)) === 0) invarg('"DEV" is invalid', v);
    } else invarg('unknown', a);
  }
  return f;
}

/** print_ntable's filter: by name when the table has one, by device when it has parameters. */
export function ntableSelected(m: NtableMessage, family: number, f: NtableFilter): boolean {
  if (family && family !== m.family) return false;
  if (f.name !== undefined && m.name !== undefined && f.name !== m.name) return false;
  if (m.parms && f.index) {
    if (m.ifindex !== undefined ? f.index !== m.ifindex : f.index !== NONE_DEV) return false;
  }
  return true;
}

/** ntable_strtime_delta: the local time `msec` ago as "%Y-%m-%d %T", "(error)" for 0. */
export function strtimeDelta(msec: number, nowMs = Date.now()): string {
  if (msec === 0) return '(error)';
  const d = new Date((Math.floor(nowMs / 1000) - Math.floor(msec / 1000)) * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  );
}

/** One table or one device's parameters, as print_ntable prints it. */
export function renderNtable(
  p: Printer,
  m: NtableMessage,
  stats: boolean,
  nameOf: (i: number) => string,
): void {
  p.openObject();
  p.string(PRINT_ANY, 'family', '%s ', familyName(m.family));
  if (m.name !== undefined) p.string(PRINT_ANY, 'name', '%s ', m.name);
  p.nl();
  const thresholds =
    m.thresh1 !== undefined ||
    m.thresh2 !== undefined ||
    m.thresh3 !== undefined ||
    m.gcInterval !== undefined;
  if (thresholds) p.fp('    ');
  if (m.thresh1 !== undefined) p.number(PRINT_ANY, 'thresh1', 'thresh1 %u ', m.thresh1);
  if (m.thresh2 !== undefined) p.number(PRINT_ANY, 'thresh2', 'thresh2 %u ', m.thresh2);
  if (m.thresh3 !== undefined) p.number(PRINT_ANY, 'thresh3', 'thresh3 %u ', m.thresh3);
  if (m.gcInterval !== undefined) p.number(PRINT_ANY, 'gc_interval', 'gc_int %llu ', m.gcInterval);
  if (thresholds) p.nl();
  if (m.config && stats) {
    const c = m.config;
    p.number(PRINT_ANY, 'key_length', '    config key_len %u ', c.keyLen);
    p.number(PRINT_ANY, 'entry_size', 'entry_size %u ', c.entrySize);
    p.number(PRINT_ANY, 'entries', 'entries %u ', c.entries);
    p.nl();
    p.string(PRINT_ANY, 'last_flush', '        last_flush %s ', strtimeDelta(c.lastFlush));
    p.string(PRINT_ANY, 'last_rand', 'last_rand %s ', strtimeDelta(c.lastRand));
    p.nl();
    p.number(PRINT_ANY, 'hash_rnd', '        hash_rnd %u ', c.hashRnd);
    p.hex0x(PRINT_ANY, 'hash_mask', 'hash_mask %08x ', c.hashMask);
    p.number(PRINT_ANY, 'hash_chain_gc', 'hash_chain_gc %u ', c.hashChainGc);
    p.number(PRINT_ANY, 'proxy_qlen', 'proxy_qlen %u ', c.proxyQlen);
    p.nl();
  }
  if (m.parms) {
    const t = m.parms;
    const n32 = (type: number, key: string): void => {
      const v = t.u32(type);
      if (v !== undefined) p.number(PRINT_ANY, key, `${key} %u `, v);
    };
    const n64 = (type: number, key: string): void => {
      const v = t.u64(type);
      if (v !== undefined) p.number(PRINT_ANY, key, `${key} %llu `, v);
    };
    if (m.ifindex !== undefined) {
      p.fp('    dev ');
      p.string(PRINT_ANY, 'dev', '%s ', nameOf(m.ifindex), 'ifname');
      p.nl();
    }
    p.fp('    ');
    n32(NDTPA_REFCNT, 'refcnt');
    n64(NDTPA_REACHABLE_TIME, 'reachable');
    n64(NDTPA_BASE_REACHABLE_TIME, 'base_reachable');
    n64(NDTPA_RETRANS_TIME, 'retrans');
    p.nl();
    p.fp('    ');
    n64(NDTPA_GC_STALETIME, 'gc_stale');
    n64(NDTPA_DELAY_PROBE_TIME, 'delay_probe');
    n32(NDTPA_QUEUE_LEN, 'queue');
    p.nl();
    p.fp('    ');
    n32(NDTPA_APP_PROBES, 'app_probes');
    n32(NDTPA_UCAST_PROBES, 'ucast_probes');
    n32(NDTPA_MCAST_PROBES, 'mcast_probes');
    p.nl();
    p.fp('    ');
    n64(NDTPA_ANYCAST_DELAY, 'anycast_delay');
    n64(NDTPA_PROXY_DELAY, 'proxy_delay');
    n32(NDTPA_PROXY_QLEN, 'proxy_queue');
    n64(NDTPA_LOCKTIME, 'locktime');
    p.nl();
  }
  if (m.stats && stats) {
    const s = m.stats;
    p.fp('    stats ');
    p.number(PRINT_ANY, 'allocs', 'allocs %llu ', s.allocs);
    p.number(PRINT_ANY, 'destroys', 'destroys %llu ', s.destroys);
    p.number(PRINT_ANY, 'hash_grows', 'hash_grows %llu ', s.hashGrows);
    p.nl();
    p.fp('    ');
    p.number(PRINT_ANY, 'res_failed', 'res_failed %llu ', s.resFailed);
    p.number(PRINT_ANY, 'lookups', 'lookups %llu ', s.lookups);
    p.number(PRINT_ANY, 'hits', 'hits %llu ', s.hits);
    p.nl();
    p.fp('    ');
    p.number(PRINT_ANY, 'rcv_probes_mcast', 'rcv_probes_mcast %llu ', s.rcvProbesMcast);
    p.number(PRINT_ANY, 'rcv_probes_ucast', 'rcv_probes_ucast %llu ', s.rcvProbesUcast);
    p.nl();
    p.fp('    ');
    p.number(PRINT_ANY, 'periodic_gc_runs', 'periodic_gc_runs %llu ', s.periodicGcRuns);
    p.number(PRINT_ANY, 'forced_gc_runs', 'forced_gc_runs %llu ', s.forcedGcRuns);
    if (s.tableFulls !== undefined) {
      p.nl();
      p.fp('    ');
      p.number(PRINT_ANY, 'table_fulls', 'table_fulls %llu ', s.tableFulls);
    }
    p.nl();
  }
  p.fp('\n');
  p.closeObject();
}

function ntableShow(args: string[], env: CommandEnv): number {
  const conn = openRoute(env);
  try {
    // ip runs ll_init_map before anything else.
    const links = new LinkCache(conn, { askAfterLoad: false });
    links.loadAll();
    const filter = parseNtableArgs(args, (n) => links.indexOf(n));
    const family = env.opts.family;
    const p = makePrinter(env, env.out);
    p.startDocument();
    for (const msg of conn.dump(RTM_GETNEIGHTBL, encodeNtableDumpRequest(family))) {
      if (msg.type !== RTM_NEWNEIGHTBL) {
        env.err.write(
          `Not NEIGHTBL: ${hex8(msg.payload.length + 16)} ${hex8(msg.type)} ${hex8(msg.flags)}\n`,
        );
        continue;
      }
      const m = decodeNtable(msg.payload);
      if (!ntableSelected(m, family, filter)) continue;
      renderNtable(p, m, env.opts.stats > 0, (i) => links.nameOf(i));
      m.parms?.throwIfError(); // a parameter too short for its type was not printed
    }
    p.endDocument();
    return 0;
  } finally {
    conn.close();
  }
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
