/**
 * `nlts netconf [ show | list ] [ dev DEV ]`: per-device IP configuration as
 * `ip netconf show` prints it (ip/ipnetconf.c do_show).
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';

import type { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { decodeNetconf, encodeNetconfRequest } from '../../netlink/route/netconf.js';
import { Printer } from '../../output/printer.js';
import { makePrinter, openRoute } from '../route/common.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { NETCONF_HELP } from './help.js';
import { renderNetconf } from './render.js';
import { NLMSG_ERROR } from '../../netlink/gen/netlink.js';
import { RTM_DELNETCONF, RTM_GETNETCONF, RTM_NEWNETCONF } from '../../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';
import { EOPNOTSUPP } from '../../netlink/gen/errno.js';

export const netconfCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return netconfShow([], env);
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list'))
    return netconfShow(args.slice(1), env);
  if (matches(verb, 'help')) {
    // ip prints its usage on stderr and exits -1 (255).
    throw new CliError(NETCONF_HELP.trimEnd(), 255, 'help');
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts netconf help".`, 255);
};

/** do_show's arguments: only `dev NAME` means something; other words are skipped, as in ip. */
export function parseNetconfArgs(args: string[]): { dev?: string } {
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'dev') {
      const v = args[++i];
      if (v === undefined) throw new CliError('Command line is not complete. Try option "help"', 255);
      dev = v;
    }
  }
  return dev === undefined ? {} : { dev };
}

/** Print what `ip netconf show` prints for this family (0: all) and device (0: all). */
export function showNetconf(
  conn: Connection,
  p: Printer,
  env: CommandEnv,
  family: number,
  ifindex: number,
  nameOf: (i: number) => string,
): void {
  const one = (type: number, payload: Uint8Array, fam: number): void => {
    if (type !== RTM_NEWNETCONF && type !== RTM_DELNETCONF) return;
    const m = decodeNetconf(payload);
    if (fam && fam !== m.family) return;
    if (ifindex && (m.ifindex ?? 0) !== ifindex) return;
    renderNetconf(p, m, nameOf, type === RTM_DELNETCONF);
    p.fp('\n');
    m.attrs.throwIfError(); // a value too short for its type was printed as 0
  };
  if (ifindex && family !== AF_UNSPEC) {
    // One device of one family: ip asks for it (no dump) and prints it without a JSON
    // document around it, so even with -j this is the text line.
    const text = new Printer(env.out, {
      json: false,
      pretty: false,
      oneline: env.opts.oneline,
      colorize: env.colorize,
    });
    const replies = conn.request(RTM_GETNETCONF, encodeNetconfRequest(family, ifindex), 0);
    for (const r of replies) {
      if (r.type === NLMSG_ERROR) continue;
      if (r.type !== RTM_NEWNETCONF && r.type !== RTM_DELNETCONF) continue;
      const m = decodeNetconf(r.payload);
      if (m.family !== family || (m.ifindex ?? 0) !== ifindex) continue;
      renderNetconf(text, m, nameOf, r.type === RTM_DELNETCONF);
      text.fp('\n');
      m.attrs.throwIfError();
    }
    return;
  }
  let fam = family;
  for (;;) {
    p.startDocument();
    try {
      for (const m of conn.dump(RTM_GETNETCONF, encodeNetconfRequest(fam))) one(m.type, m.payload, fam);
    } catch (e) {
      // Kernels without an AF_UNSPEC netconf dump: ask family by family.
      if (e instanceof NetlinkKernelError && e.errno === EOPNOTSUPP && fam === AF_UNSPEC) {
        fam = AF_INET;
        continue;
      }
      throw e;
    }
    p.endDocument();
    if (family === AF_UNSPEC && fam === AF_INET) {
      fam = AF_INET6;
      continue;
    }
    return;
  }
}

function netconfShow(args: string[], env: CommandEnv): number {
  const { dev } = parseNetconfArgs(args);
  const conn = openRoute(env);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    links.loadAll();
    let ifindex = 0;
    if (dev !== undefined) {
      ifindex = links.indexOf(dev);
      if (ifindex <= 0) throw new CliError(`Device "${dev}" does not exist.`, 1);
    }
    showNetconf(conn, makePrinter(env, env.out), env, env.opts.family, ifindex, (i) => links.nameOf(i));
    return 0;
  } finally {
    conn.close();
  }
}
