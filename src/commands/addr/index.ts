/**
 * `nlts address` (ip/ipaddress.c do_ipaddr): show/list, add, change,
 * replace, delete and flush, with ip's arguments, messages and exit codes.
 */
import { Args } from '../../iproute/args.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';

import {
  INFINITY_LIFE_TIME,
  encodeIfaLifetimes,
  encodeIfaddrmsg,
  ipv4BroadcastFor,
} from '../../netlink/route/addr.js';
import { IprouteNames } from '../../iproute/names.js';
import { EXIT_USAGE, duparg, duparg2, getU32, invarg } from '../../iproute/parse.js';
import { getAddr, getPrefix, type InetPrefix } from '../../iproute/prefix.js';

import { ADDR_HELP } from './help.js';
import { makePrinter, modifyVerb, withRoute } from '../common.js';
import { addrRestore, addrSave, addrShowdump } from './save.js';
import { IFA_FLAG_DATA } from '../../iproute/ifa-flags.js';
import { flushAddresses, getLinkByName, showAddresses, type AddrFilter } from './show.js';

export { renderAddr, type AddrRenderContext } from './render.js';
import { AF_INET, AF_INET6, AF_PACKET, AF_UNSPEC } from '../../netlink/gen/socket.js';
import {
  IFA_ADDRESS,
  IFA_ANYCAST,
  IFA_BROADCAST,
  IFA_CACHEINFO,
  IFA_FLAGS,
  IFA_F_MCAUTOJOIN,
  IFA_LABEL,
  IFA_LOCAL,
  IFA_RT_PRIORITY,
} from '../../netlink/gen/if_addr.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_DELADDR,
  RTM_NEWADDR,
  RT_SCOPE_HOST,
} from '../../netlink/gen/rtnetlink.js';

export const addrCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return list([], env);
  const change = modifyVerb(verb);
  if (change) return modify(change.del ? RTM_DELADDR : RTM_NEWADDR, change.flags, rest, env);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst')) return list(rest, env);
  if (matches(verb, 'flush')) return flush(rest, env);
  if (matches(verb, 'save')) return save(rest, env);
  if (matches(verb, 'showdump')) return withRoute(env, (conn) => addrShowdump(conn, env));
  if (matches(verb, 'restore')) return withRoute(env, (conn) => addrRestore(conn, env));
  if (matches(verb, 'help') || verb === '--help' || verb === '-h') {
    env.out.write(ADDR_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts address help".`, EXIT_USAGE);
};

// ---- show / flush arguments ----

/** get_filter: a FLAG-LIST word ([-]name, dynamic, primary) into flags/flagmask; false when it is none. */
function applyFlagFilter(f: AddrFilter, word: string): boolean {
  let arg = word;
  let inv = false;
  if (arg.startsWith('-')) {
    inv = true;
    arg = arg.slice(1);
  }
  if (arg === 'dynamic') {
    inv = !inv;
    arg = 'permanent';
  } else if (arg === 'primary') {
    inv = !inv;
    arg = 'secondary';
  }
  const d = IFA_FLAG_DATA.find((x) => x.name === arg);
  if (!d) return false;
  if (inv) f.flags &= ~d.mask;
  else f.flags |= d.mask;
  f.flagmask |= d.mask;
  return true;
}

/** The arguments of `ip address show|flush` (ipaddr_list_flush_or_save). */
export function parseListArgs(args: string[], env: CommandEnv): AddrFilter {
  const f: AddrFilter = {
    family: env.opts.family,
    up: false,
    scope: 0,
    scopemask: 0,
    flags: 0,
    flagmask: 0,
    masters: [],
    nomaster: false,
  };
  let names: IprouteNames | undefined;
  for (const argv = new Args(args); argv.more; argv.i++) {
    let w = argv.cur;
    if (w === 'to') {
      const v = argv.next();
      f.to = getPrefix(v, env.opts.family);
    } else if (w === 'scope') {
      const v = argv.next();
      names ??= IprouteNames.forEnv(env);
      const s = names.scopeId(v) ?? null;
      f.scopemask = -1;
      if (s === null) {
        if (v !== 'all') invarg('invalid "scope"', v);
        f.scope = 255;
        f.scopemask = 0;
      } else f.scope = s;
    } else if (w === 'up') f.up = true;
    else if (applyFlagFilter(f, w)) {
      /* set */
    } else if (w === 'label') f.label = argv.next();
    else if (w === 'group') f.group = argv.next();
    else if (w === 'master' || w === 'vrf') f.masters.push({ name: argv.next(), vrf: w === 'vrf' });
    else if (w === 'nomaster') f.nomaster = true;
    else if (w === 'type') {
      const t = argv.next();
      if (t.endsWith('_slave') && t.length > '_slave'.length) f.slaveKind = t.slice(0, -'_slave'.length);
      else f.kind = t;
    } else {
      if (w === 'dev') w = argv.next();
      else if (matches(w, 'help')) throw new CliError(ADDR_HELP.trimEnd(), 0, 'help');
      if (f.dev !== undefined) duparg2('dev', w);
      f.dev = w;
    }
  }
  // `to` with no family picks the prefix's family (filter.family = filter.pfx.family)
  if (f.to && f.family === AF_UNSPEC) f.family = f.to.family;
  return f;
}

function list(args: string[], env: CommandEnv): number {
  const f = parseListArgs(args, env);
  return withRoute(env, (conn) => {
    showAddresses(conn, makePrinter(env), f, env);
    return 0;
  });
}

/** `ip address save`: the list arguments are parsed (and checked) as for show; only dev is used. */
function save(args: string[], env: CommandEnv): number {
  const f = parseListArgs(args, env);
  return withRoute(env, (conn) => addrSave(conn, f, env));
}

function flush(args: string[], env: CommandEnv): number {
  if (args.length === 0) throw new CliError('Flush requires arguments.', 1);
  if (env.opts.family === AF_PACKET) throw new CliError('Cannot flush link addresses.', 1);
  const f = parseListArgs(args, env);
  return withRoute(env, (conn) => flushAddresses(conn, f, env));
}

// ---- add / change / replace / delete ----

/** set_lifetime: "forever" or seconds, else ip's `invalid KEY value`. */
function lifetime(key: string, s: string): number {
  return s === 'forever' ? INFINITY_LIFE_TIME : (getU32(s) ?? invarg(`${key} value`, s));
}

/** IFNAMSIZ - 1: the kernel's policy for IFA_LABEL (net/ipv4/devinet.c ifa_ipv4_policy). */
const LABEL_MAX = 15;

/**
 * ipaddr_modify: parse like ip (same order of checks, same messages and
 * exit codes), look the device up, then send one request. Nothing is sent
 * when an argument is wrong.
 */
function modify(cmd: number, flags: number, args: string[], env: CommandEnv): number {
  let family = env.opts.family;
  let prefixlen = 0;
  let scope = 0;
  let scoped = false;
  let dev: string | undefined;
  let label: string | undefined;
  let local: InetPrefix | undefined;
  let localArg = '';
  let peer: InetPrefix | undefined;
  let brdLen = 0;
  let anyLen = 0;
  let validArg: string | undefined;
  let preferredArg: string | undefined;
  let valid = INFINITY_LIFE_TIME;
  let preferred = INFINITY_LIFE_TIME;
  let ifaFlags = 0;
  let names: IprouteNames | undefined;
  // attributes in the order ip adds them
  const attrs: Array<(e: AttributeEncoder) => void> = [];
  /** get_addr into an attribute (the first address fixes the family); its length in bytes. */
  const addressAttr = (type: number, v: string): number => {
    const a = getAddr(v, family);
    if (family === AF_UNSPEC) family = a.family;
    attrs.push((e) => e.bytes(type, bytesOf(a)));
    return a.family === AF_INET ? 4 : 16;
  };

  for (const argv = new Args(args); argv.more; argv.i++) {
    let w = argv.cur;
    if (w === 'peer' || w === 'remote') {
      const v = argv.next();
      if (peer) duparg('peer', v);
      const pp = getPrefix(v, family);
      peer = pp;
      if (family === AF_UNSPEC) family = pp.family;
      attrs.push((e) => e.bytes(IFA_ADDRESS, pp.bytes.subarray(0, pp.family === AF_INET ? 4 : 16)));
      prefixlen = pp.bitlen;
    } else if (matches(w, 'broadcast') || w === 'brd') {
      const v = argv.next();
      if (brdLen) duparg('broadcast', v);
      if (v === '+') brdLen = -1;
      else if (v === '-') brdLen = -2;
      else brdLen = addressAttr(IFA_BROADCAST, v);
    } else if (w === 'anycast') {
      const v = argv.next();
      if (anyLen) duparg('anycast', v);
      anyLen = addressAttr(IFA_ANYCAST, v);
    } else if (w === 'scope') {
      const v = argv.next();
      names ??= IprouteNames.forEnv(env);
      const s = names.scopeId(v) ?? null;
      if (s === null) invarg('invalid scope value.', v);
      scope = s;
      scoped = true;
    } else if (w === 'dev') {
      dev = argv.next();
    } else if (w === 'label') {
      const l = argv.next();
      label = l;
      attrs.push((e) => e.string(IFA_LABEL, l));
    } else if (matches(w, 'metric') || matches(w, 'priority') || matches(w, 'preference')) {
      const v = argv.next();
      const m = getU32(v);
      if (m === undefined) invarg('"metric" value is invalid', v);
      attrs.push((e) => e.u32(IFA_RT_PRIORITY, m));
    } else if (matches(w, 'valid_lft')) {
      if (validArg !== undefined) duparg('valid_lft', w);
      validArg = argv.next();
      valid = lifetime('valid_lft', validArg);
    } else if (matches(w, 'preferred_lft')) {
      if (preferredArg !== undefined) duparg('preferred_lft', w);
      preferredArg = argv.next();
      preferred = lifetime('preferred_lft', preferredArg);
    } else if (IFA_FLAG_DATA.some((d) => d.name === w)) {
      const d = IFA_FLAG_DATA.find((x) => x.name === w)!;
      if (d.readonly) env.err.write(`Warning: ${d.name} option is not mutable from userspace\n`);
      else if (d.v6only && family !== AF_INET6)
        env.err.write(`Warning: ${d.name} option can be set only for IPv6 addresses\n`);
      else ifaFlags |= d.mask;
    } else {
      if (w === 'local') w = argv.next();
      if (matches(w, 'help')) throw new CliError(ADDR_HELP.trimEnd(), 0, 'help');
      if (local) duparg2('local', w);
      const l = getPrefix(w, family);
      local = l;
      localArg = w;
      if (family === AF_UNSPEC) family = l.family;
      attrs.push((e) => e.bytes(IFA_LOCAL, bytesOf(l)));
    }
  }
  if (ifaFlags > 0xff) {
    const fl = ifaFlags;
    attrs.push((e) => e.u32(IFA_FLAGS, fl));
  }
  if (dev === undefined) throw new CliError('Not enough information: "dev" argument is required.', 1);

  if (!peer && local) {
    if (cmd === RTM_DELADDR && local.family === AF_INET && !local.lenSpecified) {
      env.err.write(
        'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
          `         Explicitly specify the prefix length (${localArg}/32) to avoid this warning.\n` +
          '         This special behaviour is likely to disappear in further releases,\n' +
          '         fix your scripts!\n',
      );
    } else {
      peer = local;
      const l = local;
      attrs.push((e) => e.bytes(IFA_ADDRESS, bytesOf(l)));
    }
  }
  if (prefixlen === 0) prefixlen = local?.bitlen ?? 0;

  if (brdLen < 0 && cmd !== RTM_DELADDR) {
    if (family !== AF_INET) throw new CliError('Broadcast can be set only for IPv4 addresses', 1);
    const base = peer ?? local;
    const out = base && ipv4BroadcastFor(bytesOf(base), base.bitlen, brdLen === -1);
    if (out) {
      attrs.push((e) => e.bytes(IFA_BROADCAST, out));
      brdLen = 4;
    }
  }
  if (!scoped && cmd !== RTM_DELADDR)
    scope = local && local.family === AF_INET && local.bytes[0] === 127 ? RT_SCOPE_HOST : 0;

  // Checks ip leaves to the kernel, made here so nothing is sent: the kernel's
  // IFA_LABEL policy (at most IFNAMSIZ-1 bytes, net/ipv4/devinet.c).
  if (label !== undefined && Buffer.byteLength(label) > LABEL_MAX)
    throw new CliError(`Error: label "${label}" is longer than ${LABEL_MAX} bytes.`, 1);

  return withRoute(env, (conn) => {
    const link = getLinkByName(conn, dev, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
    if (!link) throw new CliError(`Cannot find device "${dev}"`, 1, 'no-device');

    if (validArg !== undefined || preferredArg !== undefined) {
      if (!valid) throw new CliError('valid_lft is zero', 1);
      if (valid < preferred) throw new CliError('preferred_lft is greater than valid_lft', 1);
      const ci = encodeIfaLifetimes(preferred, valid);
      attrs.push((e) => e.bytes(IFA_CACHEINFO, ci));
    }
    if (ifaFlags & IFA_F_MCAUTOJOIN && !isMulticast(local))
      throw new CliError('autojoin needs multicast address', 1);

    const enc = new AttributeEncoder();
    for (const a of attrs) a(enc);
    const payload = encodeIfaddrmsg(
      {
        family,
        prefixlen,
        flags: ifaFlags <= 0xff ? ifaFlags : 0,
        scope,
        index: link.index,
      },
      enc.finish(),
    );
    conn.request(cmd, payload, flags);
    return 0;
  });
}

function bytesOf(p: InetPrefix): Uint8Array {
  return p.bytes.subarray(0, p.family === AF_INET ? 4 : 16);
}

function isMulticast(a: InetPrefix | undefined): boolean {
  if (!a) return false;
  if (a.family === AF_INET) return (a.bytes[0]! & 0xf0) === 0xe0;
  if (a.family === AF_INET6) return a.bytes[0] === 0xff;
  return false;
}
