/**
 * What the rtnetlink commands share: the socket ip opens for them
 * (rtnl_open with strict dump checking), their printers, ip's modify verbs
 * and print_rt_flags (routes and nexthops both print it). A home below every
 * command folder, so the folders need not import one another.
 */
import type { CommandEnv } from './env.js';
import { Connection } from '../netlink/connection.js';
import type { Output } from '../output/output.js';
import { PRINT_ANY, PRINT_JSON, Printer } from '../output/printer.js';
import { inNetns } from '../netlink/transport.js';
import { matches } from '../iproute/parse.js';
import {
  NETLINK_GET_STRICT_CHK,
  NETLINK_ROUTE,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
} from '../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../netlink/gen/socket.js';
import {
  RTM_F_NOTIFY,
  RTM_F_OFFLOAD,
  RTM_F_OFFLOAD_FAILED,
  RTM_F_TRAP,
  RTNH_F_DEAD,
  RTNH_F_LINKDOWN,
  RTNH_F_OFFLOAD,
  RTNH_F_ONLINK,
  RTNH_F_PERVASIVE,
  RTNH_F_TRAP,
  RTNH_F_UNRESOLVED,
} from '../netlink/gen/rtnetlink.js';

/** Open the rtnetlink socket like ip: strict dump checking on, so the kernel filters dumps. */
export function openRoute(env: CommandEnv): Connection {
  const conn = Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
  try {
    conn.transport.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
  } catch {
    // Kernels before 4.20: the dump is filtered in userspace only (the commands filter anyway).
  }
  return conn;
}

/** Run `fn` with an rtnetlink socket (openRoute) that is closed afterwards, whatever happens. */
export function withRoute<T>(env: CommandEnv, fn: (conn: Connection) => T): T {
  const conn = openRoute(env);
  try {
    return fn(conn);
  } finally {
    conn.close();
  }
}

/** The printer of the global options (-j, -p, -o, colour). */
export function makePrinter(env: CommandEnv, out: Output = env.out): Printer {
  return new Printer(out, {
    json: env.opts.json,
    pretty: env.opts.pretty,
    oneline: env.opts.oneline,
    colorize: env.colorize,
  });
}

/** A text printer whatever -j says: where ip prints without opening a JSON document (flush -s -s, get, showdump). */
export function textPrinter(env: CommandEnv): Printer {
  return new Printer(env.out, {
    json: false,
    pretty: false,
    oneline: env.opts.oneline,
    colorize: env.colorize,
  });
}

/**
 * The change verbs of ip address and ip neigh (do_ipaddr/do_ipneigh, in
 * their matching order): the request is a NEW or a DEL with these flags.
 */
export function modifyVerb(verb: string): { del: boolean; flags: number } | undefined {
  if (matches(verb, 'add')) return { del: false, flags: NLM_F_CREATE | NLM_F_EXCL };
  if (matches(verb, 'change') || verb === 'chg') return { del: false, flags: NLM_F_REPLACE };
  if (matches(verb, 'replace')) return { del: false, flags: NLM_F_CREATE | NLM_F_REPLACE };
  if (matches(verb, 'delete')) return { del: true, flags: 0 };
  return undefined;
}

/** Every flag print_rt_flags names. */
const PRINTED_FLAGS =
  RTNH_F_DEAD |
  RTNH_F_ONLINK |
  RTNH_F_PERVASIVE |
  RTNH_F_OFFLOAD |
  RTNH_F_TRAP |
  RTM_F_NOTIFY |
  RTNH_F_LINKDOWN |
  RTNH_F_UNRESOLVED |
  RTM_F_OFFLOAD |
  RTM_F_TRAP |
  RTM_F_OFFLOAD_FAILED;

/** print_rt_flags (ip/iproute.c): a JSON array "flags", text words. */
export function printRtFlags(p: Printer, flags: number): void {
  if ((flags & PRINTED_FLAGS) === 0) {
    // Nothing to list (the usual case): the empty array as the printer would lay it out.
    if (p.json) p.literal(PRINT_JSON, 'flags', '', p.pretty ? '[ ]' : '[]');
    return;
  }
  p.openArray('flags');
  if (flags & RTNH_F_DEAD) p.string(PRINT_ANY, null, '%s ', 'dead');
  if (flags & RTNH_F_ONLINK) p.string(PRINT_ANY, null, '%s ', 'onlink');
  if (flags & RTNH_F_PERVASIVE) p.string(PRINT_ANY, null, '%s ', 'pervasive');
  if (flags & RTNH_F_OFFLOAD) p.string(PRINT_ANY, null, '%s ', 'offload');
  if (flags & RTNH_F_TRAP) p.string(PRINT_ANY, null, '%s ', 'trap');
  if (flags & RTM_F_NOTIFY) p.string(PRINT_ANY, null, '%s ', 'notify');
  if (flags & RTNH_F_LINKDOWN) p.string(PRINT_ANY, null, '%s ', 'linkdown');
  if (flags & RTNH_F_UNRESOLVED) p.string(PRINT_ANY, null, '%s ', 'unresolved');
  if (flags & RTM_F_OFFLOAD) p.string(PRINT_ANY, null, '%s ', 'rt_offload');
  if (flags & RTM_F_TRAP) p.string(PRINT_ANY, null, '%s ', 'rt_trap');
  if (flags & RTM_F_OFFLOAD_FAILED) p.string(PRINT_ANY, null, '%s ', 'rt_offload_failed');
  p.closeArray();
}

/** C's "%g" (route metrics, nexthop timers): six significant digits, trailing zeros dropped. */
export function formatG(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = v.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
