/**
 * `nlts maddress add|del ADDRESS dev NAME` (ip/ipmaddr.c multiaddr_modify):
 * a link-layer multicast address joined or left with the SIOCADDMULTI /
 * SIOCDELMULTI ioctl (there is no netlink request for it), on a datagram
 * socket of the -4/-6/-0 family (AF_INET by default) made in the namespace
 * (-n) or here.
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { Args } from '../../iproute/args.js';
import { duparg, invarg, matches } from '../../iproute/parse.js';
import { llAddrA2n } from '../../iproute/ll-addr.js';
import { encodeIfreq } from '../../netlink/ifreq.js';
import { isValidIfname } from '../../netlink/route/link.js';
import { native } from '../../netlink/native.js';
import { socketInNetns } from '../../netlink/netns-proc.js';
import { IFREQ_HWADDR_DATA_LEN } from '../../netlink/gen/if.js';
import { ETH_ALEN } from '../../netlink/gen/if_ether.js';
import { SIOCADDMULTI, SIOCDELMULTI } from '../../netlink/gen/sockios.js';
import { AF_INET, AF_INET6, AF_PACKET, SOCK_DGRAM } from '../../netlink/gen/socket.js';

export interface MaddrChange {
  dev: string;
  /** ifr_hwaddr.sa_data (empty: none given, the kernel gets zeros). */
  addr: Uint8Array;
}

/** multiaddr_modify's argument loop: ip's checks, order and messages. */
export function parseMaddrChange(args: string[], help: string): MaddrChange {
  let dev = '';
  let addr: Uint8Array = new Uint8Array(0);
  for (const a = new Args(args); a.more; a.i++) {
    const w = a.cur;
    if (w === 'dev') {
      const v = a.next();
      if (dev !== '') duparg('dev', v);
      if (!isValidIfname(v)) invarg('"dev" not a valid ifname', v);
      dev = v;
    } else {
      let v = w;
      if (matches(w, 'address')) v = a.next();
      if (matches(v, 'help')) throw new CliError(help.trimEnd(), 255, 'help');
      // ip checks the first byte of the address it holds (ifr_hwaddr.sa_data[0]).
      if (addr.length && addr[0]) duparg('address', v);
      addr = llAddrA2n(v, IFREQ_HWADDR_DATA_LEN);
      if (addr.length !== ETH_ALEN)
        throw new CliError(`Error: Invalid address length ${addr.length} - must be ${ETH_ALEN} bytes`, 1);
    }
  }
  if (dev === '') throw new CliError('Not enough information: "dev" is required.', 255);
  return { dev, addr };
}

/** The ioctl on a socket of ip's family; ip's perror lines, status 1. */
export function maddrModify(args: string[], add: boolean, env: CommandEnv, help: string): number {
  const c = parseMaddrChange(args, help);
  const f = env.opts.family;
  const family = f === AF_INET6 || f === AF_PACKET || f === AF_INET ? f : AF_INET;
  const b = native();
  const fd = socketInNetns(family, SOCK_DGRAM, 0, env.opts.netns);
  if (fd < 0) throw new CliError(`Cannot create socket: ${b.strerror(fd)}`, 1);
  try {
    const rc = b.ioctl(fd, add ? SIOCADDMULTI : SIOCDELMULTI, encodeIfreq({ name: c.dev, hwaddr: c.addr }));
    if (rc < 0) throw new CliError(`ioctl: ${b.strerror(rc)}`, 1);
  } finally {
    b.close(fd);
  }
  return 0;
}
