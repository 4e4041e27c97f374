/**
 * `nlts addrlabel`: iproute2's `ip addrlabel` (ip/ipaddrlabel.c), the IPv6
 * address-selection policy table (RFC 6724): list, add, del, flush.
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { describeError } from '../../iproute/describe-error.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { getU32, incomplete, invarg, matches } from '../../iproute/parse.js';
import { getPrefix } from '../../iproute/prefix.js';
import { formatAddress } from '../../netlink/inet.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import {
  decodeAddrLabel,
  encodeAddrLabelHeader,
  encodeAddrLabelRequest,
  type AddrLabelMessage,
} from '../../netlink/route/addrlabel.js';
import { PRINT_ANY, PRINT_FP, type Printer } from '../../output/printer.js';
import { makePrinter, openRoute } from '../route/common.js';
import { IFAL_ADDRESS, IFAL_LABEL } from '../../netlink/gen/if_addrlabel.js';
import { NLM_F_CREATE, NLM_F_EXCL } from '../../netlink/gen/netlink.js';
import { RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL } from '../../netlink/gen/rtnetlink.js';
import { AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';

export const ADDRLABEL_HELP = `Usage: nlts addrlabel { add | del } prefix PREFIX [ dev DEV ] [ label LABEL ]
       nlts addrlabel [ list | flush | help ]
`;

export const addrlabelCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return addrlabelList(env);
  if (matches(verb, 'add')) return addrlabelModify(RTM_NEWADDRLABEL, args.slice(1), env);
  if (matches(verb, 'delete')) return addrlabelModify(RTM_DELADDRLABEL, args.slice(1), env);
  if (matches(verb, 'list') || matches(verb, 'lst') || matches(verb, 'show')) return addrlabelList(env);
  if (matches(verb, 'flush')) return addrlabelFlush(env);
  if (matches(verb, 'help')) throw new CliError(ADDRLABEL_HELP.trimEnd(), 255, 'help');
  throw new CliError(`Command "${verb}" is unknown, try "nlts addrlabel help".`, 255);
};

/** The table as the kernel dumps it; a refused dump is the kernel's error, then "Dump terminated". */
function dumpLabels(env: CommandEnv, conn: ReturnType<typeof openRoute>): AddrLabelMessage[] {
  // ip asks for the -f family, IPv6 when none is given (the kernel refuses AF_UNSPEC here).
  const family = env.opts.family === AF_UNSPEC ? AF_INET6 : env.opts.family;
  try {
    return conn
      .dumpConsistent(RTM_GETADDRLABEL, encodeAddrLabelHeader(family))
      .filter((m) => m.type === RTM_NEWADDRLABEL)
      .map((m) => decodeAddrLabel(m.payload));
  } catch (e) {
    if (!(e instanceof NetlinkKernelError)) throw e;
    env.err.write(describeError(e).message + '\n');
    throw new CliError('Dump terminated', 255, 'kernel');
  }
}

function addrlabelList(env: CommandEnv): number {
  const conn = openRoute(env);
  try {
    const labels = dumpLabels(env, conn);
    const links = new LinkCache(conn);
    const p = makePrinter(env, env.out);
    p.startDocument();
    for (const l of labels) printAddrLabel(p, l, (i) => links.nameOf(i));
    p.endDocument();
  } finally {
    conn.close();
  }
  return 0;
}

/** print_addrlabel: "prefix ADDR/LEN [dev DEV] label N". */
export function printAddrLabel(p: Printer, l: AddrLabelMessage, nameOf: (ifindex: number) => string): void {
  p.openObject();
  p.string(PRINT_FP, null, 'prefix ', '');
  const addr = l.attrs.bytes(IFAL_ADDRESS);
  if (addr)
    p.string(
      PRINT_ANY,
      'address',
      '%s',
      formatAddress(l.family, addr),
      l.family === AF_INET6 ? 'inet6' : 'inet',
    );
  p.number(PRINT_ANY, 'prefixlen', '/%u ', l.prefixLen);
  if (l.ifindex) p.string(PRINT_ANY, 'ifname', 'dev %s ', nameOf(l.ifindex), 'ifname');
  const label = l.attrs.bytes(IFAL_LABEL);
  // ip prints the label only when it is exactly a u32.
  if (label && label.length === 4) p.number(PRINT_ANY, 'label', 'label %u ', l.attrs.u32(IFAL_LABEL)!);
  p.fp('\n');
  p.closeObject();
  l.attrs.throwIfError();
}

/** ipaddrlabel_modify: `add|del prefix PREFIX [dev DEV] [label LABEL]` (other words are skipped, as ip does). */
function addrlabelModify(type: number, args: string[], env: CommandEnv): number {
  const conn = openRoute(env);
  try {
    let prefix;
    let label: number | undefined;
    let ifindex = 0;
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!;
      if (w === 'prefix') {
        if (++i >= args.length) incomplete();
        prefix = getPrefix(args[i]!, env.opts.family);
      } else if (w === 'dev') {
        if (++i >= args.length) incomplete();
        ifindex = new LinkCache(conn).indexOf(args[i]!);
        if (ifindex === 0) invarg('dev is invalid\n', args[i]!);
      } else if (w === 'label') {
        if (++i >= args.length) incomplete();
        label = getU32(args[i]!, 0);
        if (label === undefined || label === 0xffffffff) invarg('label is invalid\n', args[i]!);
      }
    }
    if (prefix === undefined) throw new CliError('Not enough information: "prefix" argument is required.', 1);
    if (label === undefined) throw new CliError('Not enough information: "label" argument is required.', 1);
    const body = encodeAddrLabelRequest({
      // ipaddrlabel_modify: the -f family, else AF_INET6, whatever the prefix is (the kernel checks).
      family: env.opts.family === AF_UNSPEC ? AF_INET6 : env.opts.family,
      prefixLen: prefix.bitlen,
      ifindex,
      address: prefix.bytes,
      label,
    });
    conn.request(type, body, type === RTM_NEWADDRLABEL ? NLM_F_CREATE | NLM_F_EXCL : 0);
  } finally {
    conn.close();
  }
  return 0;
}

/** flush_addrlabel: every label the dump returns with an address is deleted, the kernel's defaults too. */
function addrlabelFlush(env: CommandEnv): number {
  const conn = openRoute(env);
  try {
    for (const l of dumpLabels(env, conn)) {
      const addr = l.attrs.bytes(IFAL_ADDRESS);
      if (!addr) continue;
      const label = l.attrs.u32(IFAL_LABEL) ?? 0;
      conn.request(
        RTM_DELADDRLABEL,
        encodeAddrLabelRequest({
          family: l.family,
          prefixLen: l.prefixLen,
          ifindex: l.ifindex,
          address: addr,
          label,
        }),
      );
    }
  } finally {
    conn.close();
  }
  return 0;
}
