/**
 * `ip address save`, `ip address restore` and `ip address showdump`
 * (ipadd_save_prep, save_nlmsg, ipaddr_restore and ipaddr_showdump of
 * iproute2 6.1.0's ip/ipaddress.c): ip's binary dump file, interchangeable
 * with ip's in both directions.
 */
import { CliError } from '../../iproute/errors.js';
import { ADDR_DUMP_MAGIC, onlyType, readDump, restoreMessages, writeDump } from '../../iproute/dump-file.js';
import { IprouteNames } from '../../iproute/names.js';
import { LinkCache } from '../../iproute/link-cache.js';
import type { Connection } from '../../netlink/connection.js';
import type { NetlinkMessage } from '../../netlink/codec/message.js';
import { decodeAddr, encodeGetAddrRequest } from '../../netlink/route/addr.js';
import { PRINT_ANY } from '../../output/printer.js';
import { makePrinter } from '../common.js';
import type { CommandEnv } from '../env.js';
import { renderAddr } from './render.js';
import type { AddrFilter } from './show.js';
import { NETLINK_GET_STRICT_CHK } from '../../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../../netlink/gen/socket.js';
import { RTM_GETADDR, RTM_NEWADDR } from '../../netlink/gen/rtnetlink.js';

/**
 * `ip address save [ dev IFNAME ]`: the magic, then the address dump of the
 * global family (-4/-6), of one device when one is named. ip applies none
 * of its other filters to a save.
 */
export function addrSave(conn: Connection, f: AddrFilter, env: CommandEnv): number {
  const links = new LinkCache(conn);
  let ifindex = 0;
  if (f.dev !== undefined) {
    ifindex = links.indexOf(f.dev);
    if (ifindex <= 0) throw new CliError(`Device "${f.dev}" does not exist.`, 1, 'no-device');
  }
  try {
    // rtnl_set_strict_dump: the kernel then honours ifa_index.
    conn.transport.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
  } catch {
    // Older kernels dump every address; ip saves what they send.
  }
  const dump = conn.dump(RTM_GETADDR, encodeGetAddrRequest({ family: env.opts.family, ifindex }));
  writeDump(env, ADDR_DUMP_MAGIC, onlyType(dump, RTM_NEWADDR));
  return 0;
}

/** The saved addresses on standard input; every failure of ip's is exit(-1) here. */
function readSaved(env: CommandEnv): Iterable<NetlinkMessage> {
  return readDump(env, ADDR_DUMP_MAGIC, 'address', 255);
}

/** `ip address restore`: each saved address added back; one already there is not an error. */
export function addrRestore(conn: Connection, env: CommandEnv): number {
  restoreMessages(conn, readSaved(env), env.err, 255);
  return 0;
}

/**
 * `ip address showdump`: one object with an "addr_info" array; in text each
 * address is "if<INDEX>:" and print_addrinfo's lines.
 */
export function addrShowdump(conn: Connection, env: CommandEnv): number {
  const saved = readSaved(env);
  const links = new LinkCache(conn);
  const names = IprouteNames.forEnv(env);
  const p = makePrinter(env);
  const ctx = {
    brief: false,
    showDev: false,
    nameOf: (i: number) => links.knownName(i),
    scopeName: (s: number) => names.scopeName(s),
  };
  p.startDocument();
  p.openObject();
  p.openArray('addr_info');
  for (const m of saved) {
    const a = decodeAddr(m.payload, m.type);
    p.openObject();
    p.number(PRINT_ANY, 'index', 'if%d:', a.index);
    p.nl();
    renderAddr(p, a, ctx);
    p.closeObject();
    a.attrs.throwIfError();
  }
  p.closeArray();
  p.closeObject();
  p.endDocument();
  return 0;
}
