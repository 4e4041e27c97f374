/**
 * `nlts tuntap [ show | list | lst ]`: the TUN/TAP devices as `ip tuntap show`
 * prints them (ip/iptuntap.c, iproute2 6.1): one link dump filtered on kind
 * "tun", each device with its flags, owner and group, and with -d the
 * processes that hold it open. ip reads the flags from sysfs (tun_flags);
 * nlts reads them there when the device is in its own namespace, and
 * otherwise from the kind's IFLA_TUN_* attributes, which carry every flag
 * but one_queue, napi and napi_frags (the kernel's tun_fill_info sends no
 * attribute for those); and `tuntap add|del` (./change.ts).
 */
import { opendirSync, readFileSync, readlinkSync } from 'node:fs';
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../../netlink/route/link.js';
import { nsKey } from '../../netlink/netns-proc.js';
import { netnsPath } from '../../netlink/native-transport.js';
import { PRINT_ANY, PRINT_FP, type Printer } from '../../output/printer.js';
import { makePrinter, openRoute } from '../common.js';
import { RTEXT_FILTER_VF, RTM_GETLINK, RTM_NEWLINK } from '../../netlink/gen/rtnetlink.js';
import { ARPHRD_ETHER, ARPHRD_NONE } from '../../netlink/gen/if_arp.js';
import {
  IFLA_INFO_DATA,
  IFLA_LINKINFO,
  IFLA_TUN_GROUP,
  IFLA_TUN_MULTI_QUEUE,
  IFLA_TUN_OWNER,
  IFLA_TUN_PERSIST,
  IFLA_TUN_PI,
  IFLA_TUN_TYPE,
  IFLA_TUN_VNET_HDR,
} from '../../netlink/gen/if_link.js';
import {
  IFF_MULTI_QUEUE,
  IFF_NO_PI,
  IFF_NOFILTER,
  IFF_ONE_QUEUE,
  IFF_PERSIST,
  IFF_TAP,
  IFF_TUN,
  IFF_VNET_HDR,
} from '../../netlink/gen/if_tun.js';
import { tuntapModify } from './change.js';

export const TUNTAP_HELP = `Usage: nlts tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]
       [ mode { tun | tap } ] [ user USER ] [ group GROUP ]
       [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]

Where: USER  := { STRING | NUMBER }
       GROUP := { STRING | NUMBER }
`;

/** One device: its name, tun_flags, and owner/group (-1: none, as sysfs says). */
export interface TuntapDevice {
  name: string;
  flags: number;
  owner: number;
  group: number;
}

/**
 * tun_flags as the kernel's tun_flags() reports it, rebuilt from
 * tun_fill_info's attributes (drivers/net/tun.c); one_queue, napi and
 * napi_frags have no attribute, so they are never set here.
 */
export function flagsFromInfo(data: LinkMessage['attrs'] | undefined): number {
  if (!data) return 0;
  let flags = data.u8(IFLA_TUN_TYPE) ?? 0;
  if (!data.u8(IFLA_TUN_PI)) flags |= IFF_NO_PI;
  if (data.u8(IFLA_TUN_VNET_HDR)) flags |= IFF_VNET_HDR;
  if (data.u8(IFLA_TUN_PERSIST)) flags |= IFF_PERSIST;
  if (data.u8(IFLA_TUN_MULTI_QUEUE)) flags |= IFF_MULTI_QUEUE;
  return flags;
}

/** read_prop (ip/iptuntap.c): strtol(, 0) of a sysfs file that must end right after the number ("0x1002\n", "-1\n"). */
function readSysfsNumber(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  // The kernel writes tun_flags as "0x%x" and owner/group as "%d" (drivers/net/tun.c).
  const m = /^(-?)(0x[0-9a-f]+|[0-9]+)\n$/i.exec(text);
  if (!m) return undefined;
  const v = Number(m[2]);
  return m[1] ? -v : v;
}

/** print_flags (ip/iptuntap.c, iproute2 6.1): the flag words, then any other bits as one hex number. */
function printFlags(p: Printer, flags: number): void {
  p.openArray('flags');
  const word = (w: string): void => p.string(PRINT_ANY, null, ' %s', w);
  if (flags & IFF_TUN) word('tun');
  if (flags & IFF_TAP) word('tap');
  if (!(flags & IFF_NO_PI)) word('pi');
  if (flags & IFF_ONE_QUEUE) word('one_queue');
  if (flags & IFF_MULTI_QUEUE) word('multi_queue');
  if (flags & IFF_VNET_HDR) word('vnet_hdr');
  if (flags & IFF_PERSIST) word('persist');
  // IFF_NOFILTER is IFF_NO_PI's bit (<linux/if_tun.h>), so "filter" goes with "pi".
  if (!(flags & IFF_NOFILTER)) word('filter');
  const rest =
    flags &
    ~(
      IFF_TUN |
      IFF_TAP |
      IFF_NO_PI |
      IFF_ONE_QUEUE |
      IFF_MULTI_QUEUE |
      IFF_VNET_HDR |
      IFF_PERSIST |
      IFF_NOFILTER
    );
  if (rest) p.hex0x(PRINT_ANY, null, ' %#llx', rest);
  p.closeArray();
}

/** A process that has the device open: its comm and pid (show_processes). */
export interface TunHolder {
  name: string;
  pid: number;
}

/**
 * show_processes: every /proc/PID/fd/N that is /dev/net/tun and whose
 * fdinfo says "iff:\tNAME" for this device's name, this process left out.
 */
export function tunHolders(ifname: string): TunHolder[] {
  const out: TunHolder[] = [];
  const proc = opendirSync('/proc');
  try {
    for (let e = proc.readSync(); e !== null; e = proc.readSync()) {
      if (!/^[0-9]+$/.test(e.name) || Number(e.name) === process.pid) continue;
      let fds;
      try {
        fds = opendirSync(`/proc/${e.name}/fd`);
      } catch {
        continue;
      }
      try {
        for (let f = fds.readSync(); f !== null; f = fds.readSync()) {
          try {
            if (readlinkSync(`/proc/${e.name}/fd/${f.name}`) !== '/dev/net/tun') continue;
            const info = readFileSync(`/proc/${e.name}/fdinfo/${f.name}`, 'latin1');
            if (!info.split('\n').some((l) => /^iff:\s+(\S+)$/.exec(l)?.[1] === ifname)) continue;
            const comm = readFileSync(`/proc/${e.name}/comm`, 'latin1').split(/\s/)[0] || '<NULL>';
            out.push({ name: comm, pid: Number(e.name) });
          } catch {
            // Gone, or not ours to read (ip prints perror and goes on).
          }
        }
      } finally {
        fds.closeSync();
      }
    }
  } finally {
    proc.closeSync();
  }
  return out;
}

/** Whether -n names the namespace this process is in (or there is no -n): then sysfs shows its devices. */
function ownNamespace(netns: string | null): boolean {
  if (netns === null) return true;
  const target = nsKey(netnsPath(netns));
  return target !== null && target === nsKey('/proc/self/ns/net');
}

/** The tun devices of a link dump (print_tuntap's checks), with their flags and owner. */
function tuntapDevices(env: CommandEnv): TuntapDevice[] {
  const conn = openRoute(env);
  const links: LinkMessage[] = [];
  try {
    const req = encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF, kind: 'tun' });
    for (const m of conn.dump(RTM_GETLINK, req))
      if (m.type === RTM_NEWLINK) links.push(decodeLink(m.payload));
  } finally {
    conn.close();
  }
  const sysfs = ownNamespace(env.opts.netns);
  return env.fact('tuntap-devices', () =>
    links
      .filter(
        (l) => (l.type === ARPHRD_NONE || l.type === ARPHRD_ETHER) && l.ifname !== '' && l.kind === 'tun',
      )
      .map((l) => {
        const data = l.attrs.nested(IFLA_LINKINFO, true)?.nested(IFLA_INFO_DATA, true);
        const dir = `/sys/class/net/${l.ifname}`;
        // ip's own source when the device is in reach: it has the flags netlink lacks.
        const flags = (sysfs ? readSysfsNumber(`${dir}/tun_flags`) : undefined) ?? flagsFromInfo(data);
        return {
          name: l.ifname,
          flags,
          owner: data?.u32(IFLA_TUN_OWNER) ?? -1,
          group: data?.u32(IFLA_TUN_GROUP) ?? -1,
        };
      }),
  );
}

function tuntapShow(env: CommandEnv): number {
  const devices = tuntapDevices(env);
  const details = env.opts.details > 0;
  const holders = details ? env.fact('tuntap-holders', () => devices.map((d) => tunHolders(d.name))) : [];
  const p = makePrinter(env, env.out);
  p.startDocument();
  devices.forEach((d, i) => {
    p.openObject();
    p.string(PRINT_ANY, 'ifname', '%s:', d.name, 'ifname');
    printFlags(p, d.flags);
    if (d.owner !== -1) p.number(PRINT_ANY, 'user', ' user %ld', d.owner);
    if (d.group !== -1) p.number(PRINT_ANY, 'group', ' group %ld', d.group);
    if (details) {
      p.string(PRINT_FP, null, '%s\tAttached to processes:', p.sl);
      p.openArray('processes');
      for (const h of holders[i] ?? []) {
        p.string(PRINT_ANY, 'name', '%s', h.name);
        p.number(PRINT_ANY, 'pid', '(%d)', h.pid);
      }
      p.closeArray();
    }
    p.closeObject();
    p.fp('\n');
  });
  p.endDocument();
  return 0;
}

export const tuntapCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  // do_show takes no arguments: whatever follows is ignored, as in ip.
  if (verb === undefined) return tuntapShow(env);
  if (matches(verb, 'add')) return tuntapModify(args.slice(1), true, env, TUNTAP_HELP);
  if (matches(verb, 'delete')) return tuntapModify(args.slice(1), false, env, TUNTAP_HELP);
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list')) return tuntapShow(env);
  if (matches(verb, 'help')) throw new CliError(TUNTAP_HELP.trimEnd(), 255, 'help');
  throw new CliError(`Command "${verb}" is unknown, try "nlts tuntap help".`, 255);
};
