/**
 * `nlts tuntap add|del [dev|name] NAME mode tun|tap [user U] [group G]
 * [one_queue] [pi] [vnet_hdr] [multi_queue]` (ip/iptuntap.c parse_args,
 * tap_add_ioctl, tap_del_ioctl). A tun/tap device is made with ioctls on
 * /dev/net/tun, not with netlink: TUNSETIFF, then (add) TUNSETOWNER,
 * TUNSETGROUP and TUNSETPERSIST 1, or (del) TUNSETPERSIST 0, which removes it
 * when the file is closed. The device belongs to the namespace /dev/net/tun
 * was opened in (tun_chr_open), so with -n the file is opened there.
 */
import { constants } from 'node:fs';
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { Args } from '../../iproute/args.js';
import { duparg2, invarg, matches } from '../../iproute/parse.js';
import { IprouteNames } from '../../iproute/names.js';
import { encodeIfreq } from '../../netlink/ifreq.js';
import { isValidIfname } from '../../netlink/route/link.js';
import { native } from '../../netlink/native.js';
import { openInNetns } from '../../netlink/netns-proc.js';
import {
  IFF_MULTI_QUEUE,
  IFF_NO_PI,
  IFF_ONE_QUEUE,
  IFF_TAP,
  IFF_TUN,
  IFF_TUN_EXCL,
  IFF_VNET_HDR,
  TUNSETGROUP,
  TUNSETIFF,
  TUNSETOWNER,
  TUNSETPERSIST,
  TUN_TYPE_MASK,
} from '../../netlink/gen/if_tun.js';

/** /dev/net/tun (iptuntap.c TUNDEV). */
const TUNDEV = '/dev/net/tun';

export interface TuntapRequest {
  name: string;
  flags: number;
  /** -1: not given (ip's uid_t -1). */
  uid: number;
  gid: number;
}

/** A user or group: a whole decimal number (strtol), else the account of that name, else ip's message. */
function accountArg(kind: 'user' | 'group', v: string, names: IprouteNames): number {
  // uid_t -1 (4294967295 too) means "not given", as in ip.
  if (/^[+-]?\d+$/.test(v)) return Number(v) >>> 0 === 0xffffffff ? -1 : Number(v) >>> 0;
  const id = names.accountId(kind, v);
  if (id === undefined) throw new CliError(`invalid ${kind} "${v}"`, 255);
  return id;
}

/** parse_args: ip's words, checks and messages; `add` takes user and group (del treats them as names). */
export function parseTuntapArgs(
  args: string[],
  add: boolean,
  names: IprouteNames,
  help: string,
): TuntapRequest {
  const r: TuntapRequest = { name: '', flags: IFF_NO_PI, uid: -1, gid: -1 };
  for (const a = new Args(args); a.more; a.i++) {
    const w = a.cur;
    if (matches(w, 'mode')) {
      const v = a.next();
      if (matches(v, 'tun') || matches(v, 'tap')) {
        const mode = matches(v, 'tun') ? IFF_TUN : IFF_TAP;
        if (r.flags & (mode === IFF_TUN ? IFF_TAP : IFF_TUN))
          throw new CliError('You managed to ask for more than one tunnel mode.', 255);
        r.flags |= mode;
      } else throw new CliError(`Unknown tunnel mode "${v}"`, 255);
    } else if (add && matches(w, 'user')) {
      r.uid = accountArg('user', a.next(), names);
    } else if (add && matches(w, 'group')) {
      r.gid = accountArg('group', a.next(), names);
    } else if (matches(w, 'pi')) r.flags &= ~IFF_NO_PI;
    else if (matches(w, 'one_queue')) r.flags |= IFF_ONE_QUEUE;
    else if (matches(w, 'vnet_hdr')) r.flags |= IFF_VNET_HDR;
    else if (matches(w, 'multi_queue')) r.flags |= IFF_MULTI_QUEUE;
    else if (matches(w, 'dev')) {
      const v = a.next();
      if (!isValidIfname(v)) invarg('"dev" not a valid ifname', v);
      r.name = v;
    } else {
      let v = w;
      if (matches(w, 'name')) v = a.next();
      else if (matches(w, 'help')) throw new CliError(help.trimEnd(), 255, 'help');
      if (r.name !== '') duparg2('name', v);
      if (!isValidIfname(v)) invarg('"name" not a valid ifname', v);
      r.name = v;
    }
  }
  // parse_args returns -1 here (the others exit): status 1.
  if (!(r.flags & TUN_TYPE_MASK)) throw new CliError('You failed to specify a tunnel mode', 1);
  return r;
}

/**
 * tap_add_ioctl / tap_del_ioctl: the ioctls on a /dev/net/tun opened in the
 * namespace (-n) or here. A failed call is ip's perror line, status 1.
 */
export function tuntapChange(r: TuntapRequest, add: boolean, env: CommandEnv): number {
  const b = native();
  const fd = openInNetns(TUNDEV, constants.O_RDWR, env.opts.netns);
  if (fd < 0) throw new CliError(`open: ${b.strerror(fd)}`, 1);
  const call = (what: string, rc: number): void => {
    if (rc < 0) throw new CliError(`ioctl(${what}): ${b.strerror(rc)}`, 1);
  };
  try {
    // add: IFF_TUN_EXCL, so that an existing device of that name is an error, not reused.
    call(
      'TUNSETIFF',
      b.ioctl(fd, TUNSETIFF, encodeIfreq({ name: r.name, flags: r.flags | (add ? IFF_TUN_EXCL : 0) })),
    );
    if (add && r.uid !== -1) call('TUNSETOWNER', b.ioctlValue(fd, TUNSETOWNER, r.uid));
    if (add && r.gid !== -1) call('TUNSETGROUP', b.ioctlValue(fd, TUNSETGROUP, r.gid));
    call('TUNSETPERSIST', b.ioctlValue(fd, TUNSETPERSIST, add ? 1 : 0));
  } finally {
    b.close(fd);
  }
  return 0;
}

/** `tuntap add|del …`. */
export function tuntapModify(args: string[], add: boolean, env: CommandEnv, help: string): number {
  const r = parseTuntapArgs(args, add, IprouteNames.forEnv(env), help);
  return tuntapChange(r, add, env);
}
