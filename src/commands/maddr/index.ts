/**
 * `nlts maddress [ show | list ] [ [ dev ] DEV ]`: the link-layer, IPv4 and
 * IPv6 multicast addresses of each interface as `ip maddress show` prints
 * them (ip/ipmaddr.c, iproute2 6.1), read from /proc/net/dev_mcast,
 * /proc/net/igmp and /proc/net/igmp6 of the namespace shown (there is no
 * netlink dump of them); and `maddress add|del` (./change.ts).
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { duparg2, matches } from '../../iproute/parse.js';
import { familyName } from '../../iproute/prefix.js';
import { Args } from '../../iproute/args.js';
import { HOST_LITTLE_ENDIAN } from '../../netlink/codec/bytes.js';
import { formatAddress } from '../../netlink/inet.js';
import { readInNetns } from '../../netlink/netns-proc.js';
import { PRINT_ANY } from '../../output/printer.js';
import { makePrinter } from '../common.js';
import { llAddrToString } from '../link/render-base.js';
import { AF_INET, AF_INET6, AF_PACKET } from '../../netlink/gen/socket.js';
import { maddrModify } from './change.js';

export const MADDR_HELP = `Usage: nlts maddr [ add | del ] MULTIADDR dev STRING
       nlts maddr show [ dev STRING ]
`;

/** One multicast address of an interface (struct ma_info). */
export interface MaddrEntry {
  index: number;
  name: string;
  family: number;
  addr: Uint8Array;
  users: number;
  /** "static" for a link-layer address added by hand (dev_mcast's global_use). */
  features?: string;
}

/** The three /proc/net files ip reads (null: the file does not exist there). */
export interface MaddrFiles {
  dev_mcast: string | null;
  igmp: string | null;
  igmp6: string | null;
}

/** C sscanf("%d"): the leading integer, 0 when there is none (the struct field stays zeroed). */
const int = (w: string | undefined): number => {
  const m = /^[+-]?\d+/.exec(w ?? '');
  return m ? Number(m[0]) | 0 : 0;
};

/** parse_hex: pairs of hex digits; null (ip's -1) for an odd length or a pair that is not hex. */
function parseHex(s: string): Uint8Array | null {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 2) {
    if (i + 1 >= s.length) return null;
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i, i + 2));
    if (!m) return null;
    out.push(parseInt(m[0], 16));
  }
  return Uint8Array.from(out);
}

/** maddr_ins: after every entry of a lower or equal index (so each file's order is kept). */
function insert(list: MaddrEntry[], m: MaddrEntry): void {
  let i = 0;
  while (i < list.length && list[i]!.index <= m.index) i++;
  list.splice(i, 0, m);
}

/** read_dev_mcast: "IDX NAME USERS GLOBAL_USE HEXADDR" per line (net/core/dev_addr_lists.c). */
function readDevMcast(text: string, dev: string | undefined, list: MaddrEntry[]): void {
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w[0] === '') continue;
    const name = w[1] ?? '';
    if (dev !== undefined && dev !== name) continue;
    const addr = parseHex(w[4] ?? '');
    if (!addr) continue;
    const m: MaddrEntry = { index: int(w[0]), name, family: AF_PACKET, addr, users: int(w[2]) };
    if (int(w[3])) m.features = 'static';
    insert(list, m);
  }
}

/**
 * read_igmp: a header line, then per device "IDX\tNAME: …" followed by one
 * "\t\t\t\tGROUP USERS …" line per group, GROUP being the __be32 printed as
 * a host-order "%08X" (net/ipv4/igmp.c).
 */
function readIgmp(text: string, dev: string | undefined, list: MaddrEntry[]): void {
  const lines = text.split('\n');
  let index = 0;
  let name = '';
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (line[0] !== '\t') {
      const w = line.trim().split(/\s+/);
      index = int(w[0]);
      name = (w[1] ?? '').replace(/:$/, '');
      continue;
    }
    if (dev !== undefined && dev !== name) continue;
    const w = line.trim().split(/\s+/);
    const group = parseInt(w[0] ?? '0', 16) >>> 0;
    const addr = new Uint8Array(4);
    new DataView(addr.buffer).setUint32(0, group, HOST_LITTLE_ENDIAN);
    insert(list, { index, name, family: AF_INET, addr, users: int(w[1]) });
  }
}

/** read_igmp6: "IDX NAME HEXADDR USERS FLAGS TIMER" per line (net/ipv6/mcast.c). */
function readIgmp6(text: string, dev: string | undefined, list: MaddrEntry[]): void {
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w[0] === '') continue;
    const name = w[1] ?? '';
    if (dev !== undefined && dev !== name) continue;
    const addr = parseHex(w[2] ?? '');
    if (!addr) continue;
    insert(list, { index: int(w[0]), name, family: AF_INET6, addr, users: int(w[3]) });
  }
}

/** multiaddr_list's reading: the files the family selects, in ip's order, merged by interface index. */
export function maddrList(files: MaddrFiles, family: number, dev: string | undefined): MaddrEntry[] {
  const list: MaddrEntry[] = [];
  if ((!family || family === AF_PACKET) && files.dev_mcast !== null) readDevMcast(files.dev_mcast, dev, list);
  if ((!family || family === AF_INET) && files.igmp !== null) readIgmp(files.igmp, dev, list);
  if ((!family || family === AF_INET6) && files.igmp6 !== null) readIgmp6(files.igmp6, dev, list);
  return list;
}

/** multiaddr_list's arguments: any word is the device ("dev" before it is optional). */
export function parseMaddrArgs(args: readonly string[]): string | undefined {
  let dev: string | undefined;
  for (const argv = new Args(args); argv.more; argv.i++) {
    let a = argv.cur;
    if (a === 'dev') a = argv.next();
    else if (matches(a, 'help')) throw new CliError(MADDR_HELP.trimEnd(), 255, 'help');
    if (dev !== undefined) duparg2('dev', a);
    dev = a;
  }
  return dev;
}

function maddrShow(args: string[], env: CommandEnv): number {
  const dev = parseMaddrArgs(args);
  const files = env.fact('proc-net-maddr', (): MaddrFiles => {
    // /proc/net follows the namespace of the task that opens it: each file is opened inside.
    const read = (name: string): string | null =>
      readInNetns(`/proc/thread-self/net/${name}`, env.opts.netns);
    return { dev_mcast: read('dev_mcast'), igmp: read('igmp'), igmp6: read('igmp6') };
  });
  const list = maddrList(files, env.opts.family, dev);
  const p = makePrinter(env, env.out);
  p.startDocument();
  let cur = 0;
  // print_mlist: a header per interface (per address with -o), its addresses in a "maddr" array.
  for (const m of list) {
    if (m.index !== cur || env.opts.oneline) {
      if (cur) {
        p.closeArray();
        p.closeObject();
      }
      p.openObject();
      p.number(PRINT_ANY, 'ifindex', '%d:', m.index);
      p.string(PRINT_ANY, 'ifname', '\t%s', m.name, 'ifname');
      p.nl();
      cur = m.index;
      p.openArray('maddr');
    }
    // print_maddr
    p.fp('\t');
    p.openObject();
    if (m.family === AF_PACKET) {
      p.fp('link  ');
      p.string(PRINT_ANY, 'link', '%s', llAddrToString(m.addr, 0), 'mac');
    } else {
      p.string(PRINT_ANY, 'family', '%-5s ', familyName(m.family));
      p.string(
        PRINT_ANY,
        'address',
        '%s',
        formatAddress(m.family, m.addr),
        m.family === AF_INET ? 'inet' : 'inet6',
      );
    }
    if (m.users !== 1) p.number(PRINT_ANY, 'users', ' users %u', m.users >>> 0);
    if (m.features) p.string(PRINT_ANY, 'features', ' %s', m.features);
    p.fp('\n');
    p.closeObject();
  }
  if (cur) {
    p.closeArray();
    p.closeObject();
  }
  p.endDocument();
  return 0;
}

export const maddrCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return maddrShow([], env);
  if (matches(verb, 'add')) return maddrModify(args.slice(1), true, env, MADDR_HELP);
  if (matches(verb, 'delete')) return maddrModify(args.slice(1), false, env, MADDR_HELP);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst'))
    return maddrShow(args.slice(1), env);
  if (matches(verb, 'help')) throw new CliError(MADDR_HELP.trimEnd(), 255, 'help');
  throw new CliError(`Command "${verb}" is unknown, try "nlts maddr help".`, 255);
};
