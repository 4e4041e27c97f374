import { closeSync, openSync } from 'node:fs';
import {
  duparg,
  duparg2,
  getInteger,
  getUnsigned,
  incomplete,
  invarg,
  nodev,
  onOffArg,
} from '../../iproute/parse.js';
import { CliError } from '../../iproute/errors.js';
import { llAddrA2n } from '../../iproute/ll-addr.js';
import type { CommandEnv } from '../env.js';
import { matches } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';

import { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import {
  decodeLink,
  encodeGetLinkRequest,
  isValidIfname,
  type LinkMessage,
} from '../../netlink/route/link.js';
import {
  ADDR_GEN_MODES,
  OPERSTATES,
  encodeAddrGenMode,
  encodeAltnameRequest,
  encodeIfinfomsg,
  encodeLinkInfo,
  type IfinfoHeader,
} from '../../netlink/route/link-change.js';
import { parseGroupFile } from './show.js';
import { LINK_HELP } from './help.js';
import { KIND_PARSERS, type KindDeps } from './change-kinds.js';
import { inNetns } from '../../netlink/transport.js';
import {
  NETLINK_ROUTE,
  NLM_F_APPEND,
  NLM_F_CREATE,
  NLM_F_EXCL,
  NLM_F_REPLACE,
} from '../../netlink/gen/netlink.js';
import {
  ALTIFNAMSIZ,
  IFALIASZ,
  IFF_ALLMULTI,
  IFF_DYNAMIC,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_NOTRAILERS,
  IFF_PROMISC,
  IFF_UP,
} from '../../netlink/gen/if.js';
import {
  IFLA_ADDRESS,
  IFLA_BROADCAST,
  IFLA_CARRIER,
  IFLA_GROUP,
  IFLA_GRO_MAX_SIZE,
  IFLA_GSO_MAX_SEGS,
  IFLA_GSO_MAX_SIZE,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_LINK,
  IFLA_LINKMODE,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_NET_NS_FD,
  IFLA_NET_NS_PID,
  IFLA_NEW_IFINDEX,
  IFLA_NUM_RX_QUEUES,
  IFLA_NUM_TX_QUEUES,
  IFLA_OPERSTATE,
  IFLA_PROTO_DOWN,
  IFLA_TXQLEN,
  IFLA_XDP,
  IFLA_XDP_FD,
  IFLA_XDP_FLAGS,
  XDP_FLAGS_DRV_MODE,
  XDP_FLAGS_HW_MODE,
  XDP_FLAGS_SKB_MODE,
  XDP_FLAGS_UPDATE_IF_NOEXIST,
} from '../../netlink/gen/if_link.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_DELLINK,
  RTM_DELLINKPROP,
  RTM_GETLINK,
  RTM_NEWLINK,
  RTM_NEWLINKPROP,
} from '../../netlink/gen/rtnetlink.js';
import { getLink } from '../../iproute/link-cache.js';
import { Args } from '../../iproute/args.js';
import { parseBpfProgram } from '../../iproute/bpf-prog.js';

/** GSO_MAX_SEGS (include/linux/netdevice.h, as iproute2 copies it). */
const GSO_MAX_SEGS = 65535;

export type LinkVerb = 'add' | 'set' | 'replace' | 'delete';

/** One request being built: the ifinfomsg header, the attributes so far, and the netlink flags. */
export interface LinkRequest {
  hdr: IfinfoHeader;
  attrs: AttributeEncoder;
  create: boolean;
  /** RTM_NEWLINK without NLM_F_CREATE: a "set" (some kinds parse their options differently). */
  setOp: boolean;
}

/** rtnl_group_a2n: a name from /etc/iproute2/group or a number. */
function groupA2n(word: string, env: CommandEnv): number | undefined {
  const names = parseGroupFile(env.readFile('/etc/iproute2/group'));
  const byName = names.get(word);
  if (byName !== undefined) return byName;
  // ip 6.1 takes strtol(), refuses a negative value and keeps an int: 0..INT_MAX
  // are accepted. (ip wraps 4294967296 to group 0; nlts refuses it with the same message.)
  const n = getInteger(word);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** Words iproute2 knows that this release does not send; said plainly rather than taken for a device name. */
const UNSUPPORTED_WORDS = ['vf', 'link-netns', 'link-netnsid', 'protodown_reason', 'parentdev'];

export interface ParseDeps {
  env: CommandEnv;
  getLink(name: string): LinkMessage | null;
  /** The link with that index as the kernel describes it now (a fresh RTM_GETLINK); null when none. */
  getLinkByIndex(index: number): LinkMessage | null;
  /** File descriptors opened for "netns NAME", closed after the request. */
  fds: number[];
}

/**
 * iplink_parse (ip/iplink.c): the generic link options, in ip's order and
 * with ip's messages. Stops after "type KIND". Returns how many words were
 * used and the kind.
 */
export function parseLinkArgs(
  args: string[],
  req: LinkRequest,
  deps: ParseDeps,
): { consumed: number; type?: string } {
  let name: string | undefined;
  let dev: string | undefined;
  let link: string | undefined;
  let type: string | undefined;
  let qlen = false;
  let mtu = false;
  let netns = false;
  let index = 0;
  let group: number | undefined;
  let addrLen = 0;
  let i = 0;
  const next = (): string => {
    const v = args[++i];
    if (v === undefined) incomplete();
    return v;
  };
  const flag = (bit: number, on: boolean): void => {
    req.hdr.change |= bit;
    if (on) req.hdr.flags |= bit;
    else req.hdr.flags &= ~bit;
  };
  /** An int option given at most once (txqueuelen, mtu): duparg, then "Invalid "KEY" value". */
  const intOnce = (key: string, attr: number, given: boolean): void => {
    const v = next();
    if (given) duparg(key, v);
    const n = getInteger(v);
    if (n === undefined) invarg(`Invalid "${key}" value\n`, v);
    req.attrs.u32(attr, n);
  };
  const onOff = (key: string, bit: number, invert = false): void => {
    flag(bit, onOffArg(key, next()) !== invert);
  };
  for (; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'up') flag(IFF_UP, true);
    else if (w === 'down') flag(IFF_UP, false);
    else if (w === 'name') {
      const v = next();
      if (name !== undefined) duparg('name', v);
      if (!isValidIfname(v)) invarg('"name" not a valid ifname', v);
      name = v;
      dev ??= name;
    } else if (w === 'index') {
      const v = next();
      if (index) duparg('index', v);
      index = Number.parseInt(v, 10) || 0;
      if (index <= 0) invarg('Invalid "index" value', v);
    } else if (matches(w, 'link')) {
      link = next();
    } else if (matches(w, 'address')) {
      const a = llAddrA2n(next());
      addrLen = a.length;
      req.attrs.bytes(IFLA_ADDRESS, a);
    } else if (matches(w, 'broadcast') || w === 'brd') {
      req.attrs.bytes(IFLA_BROADCAST, llAddrA2n(next()));
    } else if (matches(w, 'txqueuelen') || w === 'qlen' || matches(w, 'txqlen')) {
      intOnce('txqueuelen', IFLA_TXQLEN, qlen);
      qlen = true;
    } else if (w === 'mtu') {
      intOnce('mtu', IFLA_MTU, mtu);
      mtu = true;
    } else if (w === 'netns') {
      const v = next();
      if (netns) duparg('netns', v);
      let fd = -1;
      try {
        fd = openSync(v.includes('/') ? v : `/run/netns/${v}`, 'r');
      } catch {
        fd = -1;
      }
      if (fd >= 0) {
        deps.fds.push(fd);
        req.attrs.u32(IFLA_NET_NS_FD, fd);
      } else {
        const pid = getInteger(v);
        if (pid === undefined) invarg('Invalid "netns" value\n', v);
        req.attrs.u32(IFLA_NET_NS_PID, pid);
      }
      netns = true;
    } else if (w === 'multicast') onOff('multicast', IFF_MULTICAST);
    else if (w === 'allmulticast') onOff('allmulticast', IFF_ALLMULTI);
    else if (w === 'promisc') onOff('promisc', IFF_PROMISC);
    else if (w === 'trailers') onOff('trailers', IFF_NOTRAILERS, true);
    else if (w === 'arp') onOff('arp', IFF_NOARP, true);
    else if (w === 'carrier' || w === 'protodown') {
      req.attrs.u8(w === 'carrier' ? IFLA_CARRIER : IFLA_PROTO_DOWN, onOffArg(w, next()) ? 1 : 0);
    } else if (matches(w, 'master')) {
      const v = next();
      const m = deps.getLink(v);
      if (!m) invarg('Device does not exist\n', v);
      req.attrs.u32(IFLA_MASTER, m.index);
    } else if (matches(w, 'nomaster')) {
      req.attrs.u32(IFLA_MASTER, 0);
    } else if (w === 'vrf') {
      // iplink_parse: the master, which must be a VRF (ll_name_to_index, then name_is_vrf).
      const v = next();
      const m = deps.getLink(v);
      if (!m || m.kind !== 'vrf') invarg('Not a valid VRF name\n', v);
      req.attrs.u32(IFLA_MASTER, m.index);
    } else if (matches(w, 'dynamic')) onOff('dynamic', IFF_DYNAMIC);
    else if (matches(w, 'type')) {
      type = next();
      i++;
      break;
    } else if (matches(w, 'alias')) {
      const v = next();
      const b = new TextEncoder().encode(v);
      if (b.length >= IFALIASZ) invarg('alias too long\n', v);
      req.attrs.bytes(IFLA_IFALIAS, b);
    } else if (w === 'group') {
      const v = next();
      if (group !== undefined) duparg('group', v);
      const g = groupA2n(v, deps.env);
      if (g === undefined) invarg('Invalid "group" value\n', v);
      group = g;
      req.attrs.u32(IFLA_GROUP, g);
    } else if (w === 'mode') {
      const v = next().toLowerCase();
      const mode = v === 'default' ? 0 : v === 'dormant' ? 1 : -1;
      if (mode < 0) invarg('Invalid link mode\n', args[i]!);
      req.attrs.u8(IFLA_LINKMODE, mode);
    } else if (w === 'state') {
      const v = next();
      const st = OPERSTATES.indexOf(v.toUpperCase());
      if (st < 0) invarg('Invalid operstate\n', v);
      req.attrs.u8(IFLA_OPERSTATE, st);
    } else if (matches(w, 'numtxqueues') || matches(w, 'numrxqueues')) {
      const tx = matches(w, 'numtxqueues');
      const v = next();
      const n = getInteger(v);
      if (n === undefined) invarg(`Invalid "${tx ? 'numtxqueues' : 'numrxqueues'}" value\n`, v);
      req.attrs.u32(tx ? IFLA_NUM_TX_QUEUES : IFLA_NUM_RX_QUEUES, n);
    } else if (w === 'gso_max_size' || w === 'gro_max_size' || w === 'gso_max_segs') {
      const v = next();
      const n = getUnsigned(v);
      if (n === undefined || (w === 'gso_max_segs' && n > GSO_MAX_SEGS)) invarg(`Invalid "${w}" value\n`, v);
      req.attrs.u32(
        w === 'gso_max_size'
          ? IFLA_GSO_MAX_SIZE
          : w === 'gro_max_size'
            ? IFLA_GRO_MAX_SIZE
            : IFLA_GSO_MAX_SEGS,
        n,
      );
    } else if (w === 'addrgenmode') {
      const v = next();
      const mode = ADDR_GEN_MODES[v];
      if (mode === undefined) invarg('Invalid address generation mode\n', v);
      encodeAddrGenMode(req.attrs, mode);
    } else if (w === 'xdp' || w === 'xdpgeneric' || w === 'xdpdrv' || w === 'xdpoffload') {
      next();
      i = parseXdp(args, i, w, dev, req, deps);
    } else if (UNSUPPORTED_WORDS.includes(w)) {
      throw new CliError(`nlts: "${w}" is not supported by nlts link yet; use ip link.`, 1, 'unsupported');
    } else {
      if (matches(w, 'help')) throw new CliError(LINK_CHANGE_USAGE.trimEnd(), 255, 'help');
      let v = w;
      if (w === 'dev') v = next();
      if (dev !== name) duparg2('dev', v);
      if (v === '' || /[/\s]/.test(v)) invarg('"dev" not a valid ifname', v);
      dev = v;
    }
  }
  const consumed = i;

  // Allow "ip link add dev NAME" and "ip link add name NAME".
  if (name === undefined) name = dev;
  else if (dev === undefined) dev = name;

  if (dev !== undefined && addrLen && !req.create) {
    const l = deps.getLink(dev);
    const cur = l?.attrs.get(IFLA_ADDRESS);
    if (cur && cur.data.length !== addrLen) {
      throw new CliError(`Invalid address length ${addrLen} - must be ${cur.data.length} bytes`, 1);
    }
  }
  if (index && !req.create && !netns) {
    throw new CliError(
      'index can be used only when creating devices or when moving device to another netns.',
      255,
    );
  }
  if (group !== undefined && dev === undefined) {
    if (req.create) throw new CliError('group cannot be used when creating devices.', 255);
    // iplink_parse: no device, a group: ifi_index 0 with IFLA_GROUP, which the kernel applies to
    // every device of the group (rtnl_group_changelink).
    req.hdr.ifindex = 0;
    return { consumed, type };
  }
  if (!req.create) {
    if (dev === undefined) throw new CliError('Not enough information: "dev" argument is required.', 255);
    const l = deps.getLink(dev);
    if (!l) nodev(dev);
    req.hdr.ifindex = l.index;
    if (name === dev) name = undefined;
    if (index) req.attrs.u32(IFLA_NEW_IFINDEX, index);
  } else {
    if (name !== dev) {
      throw new CliError('both "name" and "dev" cannot be used when creating devices.', 255);
    }
    if (link !== undefined) {
      const l = deps.getLink(link);
      if (!l) nodev(link);
      req.attrs.u32(IFLA_LINK, l.index);
    }
    req.hdr.ifindex = index;
  }
  if (name !== undefined) req.attrs.string(IFLA_IFNAME, name);
  return { consumed, type };
}

/**
 * xdp_parse (ip/iplink_xdp.c), `args[i]` the word after xdp|xdpgeneric|xdpdrv|
 * xdpoffload: "off" (or "none") as the line's last word detaches (fd -1);
 * anything else is a program (iproute/bpf-prog.ts). The IFLA_XDP nest carries
 * the fd and the mode flags, XDP_FLAGS_UPDATE_IF_NOEXIST unless -force, as
 * xdp_ebpf_cb sends them. Returns the index of the last word used.
 */
function parseXdp(
  args: string[],
  i: number,
  word: string,
  dev: string | undefined,
  req: LinkRequest,
  deps: ParseDeps,
): number {
  // xdp_parse looks the device up for offload (cfg.ifindex) before anything else.
  if (word === 'xdpoffload' && (dev === undefined || !deps.getLink(dev))) incomplete();
  let flags = deps.env.opts.force ? 0 : XDP_FLAGS_UPDATE_IF_NOEXIST;
  if (word === 'xdpgeneric') flags |= XDP_FLAGS_SKB_MODE;
  if (word === 'xdpdrv') flags |= XDP_FLAGS_DRV_MODE;
  if (word === 'xdpoffload') flags |= XDP_FLAGS_HW_MODE;
  let fd = -1;
  const a = new Args(args);
  a.i = i;
  // "*argc == 1": only as the last word is "off" a detach; elsewhere it is a mode ip does not know.
  if (!(i === args.length - 1 && (args[i] === 'off' || args[i] === 'none'))) {
    fd = parseBpfProgram(a).fd;
    deps.fds.push(fd);
  }
  req.attrs.nested(IFLA_XDP, (x) => {
    x.s32(IFLA_XDP_FD, fd);
    if (flags) x.u32(IFLA_XDP_FLAGS, flags);
  });
  return a.i;
}

export const LINK_CHANGE_USAGE = `Usage: nlts link add [ name ] NAME [ address LLADDR ] [ broadcast LLADDR ]
                     [ mtu MTU ] [ txqueuelen PACKETS ] [ index IDX ]
                     [ numtxqueues QUEUE_COUNT ] [ numrxqueues QUEUE_COUNT ]
                     [ link DEVICE ] type TYPE [ ARGS ]

       nlts link delete { DEVICE | dev DEVICE } [ type TYPE ] [ ARGS ]

       nlts link { set | change } { DEVICE | dev DEVICE }
                     [ { up | down } ] [ arp { on | off } ] [ promisc { on | off } ]
                     [ multicast { on | off } ] [ allmulticast { on | off } ]
                     [ name NEWNAME ] [ address LLADDR ] [ broadcast LLADDR ]
                     [ mtu MTU ] [ txqueuelen PACKETS ] [ netns { PID | NAME } ]
                     [ alias NAME ] [ master DEVICE ] [ nomaster ] [ vrf NAME ] [ group GROUP ]
                     [ mode { default | dormant } ] [ state OPERSTATE ]
                     [ carrier { on | off } ] [ protodown { on | off } ]

TYPE := { veth | bridge | macvlan | vxlan | ifb | dummy | ... }
(tun/tap devices are made with "nlts tuntap", which uses an ioctl, not netlink.)
`;

/** ll_name_to_index through RTM_GETLINK; null when no such link. */
function linkGetter(conn: Connection): (name: string) => LinkMessage | null {
  const cache = new Map<string, LinkMessage | null>();
  return (name) => {
    if (cache.has(name)) return cache.get(name)!;
    let l: LinkMessage | null = null;
    try {
      const replies = conn.request(
        RTM_GETLINK,
        encodeGetLinkRequest({ ifname: name, extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS }),
      );
      const m = replies.find((r) => r.type === RTM_NEWLINK);
      l = m ? decodeLink(m.payload) : null;
    } catch (e) {
      if (!(e instanceof NetlinkKernelError && [19, 34, 22].includes(e.errno))) throw e;
    }
    cache.set(name, l);
    return l;
  };
}

/**
 * iplink_modify: parse, add IFLA_LINKINFO for "type KIND" (with the kind's
 * own options in IFLA_INFO_DATA), send one request and wait for the ACK.
 */
export function linkChange(verb: LinkVerb, args: string[], env: CommandEnv): number {
  const conn = Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
  const fds: number[] = [];
  try {
    const flags =
      verb === 'add' ? NLM_F_CREATE | NLM_F_EXCL : verb === 'replace' ? NLM_F_CREATE | NLM_F_REPLACE : 0;
    const msgType = verb === 'delete' ? RTM_DELLINK : RTM_NEWLINK;
    const create = (flags & NLM_F_CREATE) !== 0;
    const req: LinkRequest = {
      hdr: { family: env.opts.family, ifindex: 0, flags: 0, change: 0 },
      attrs: new AttributeEncoder(),
      create,
      setOp: msgType === RTM_NEWLINK && !create,
    };
    const deps: ParseDeps = {
      env,
      getLink: linkGetter(conn),
      getLinkByIndex: (index) => getLink(conn, { ifindex: index }),
      fds,
    };
    const { consumed, type } = parseLinkArgs(args, req, deps);
    if (type !== undefined) {
      const rest = args.slice(consumed);
      const kindDeps: KindDeps = { ...deps, req };
      const parser = KIND_PARSERS[type];
      if (type === 'tun' || type === 'tap') {
        throw new CliError(
          `nlts: ${type} devices are created with an ioctl, not netlink; use "nlts tuntap add ${rest.join(' ') || 'dev NAME'} mode ${type}".`,
          1,
          'unsupported',
        );
      }
      let data: Uint8Array | undefined;
      if (rest.length > 0) {
        if (parser === undefined) {
          if (matches(rest[0]!, 'help')) throw new CliError(LINK_CHANGE_USAGE.trimEnd(), 255, 'help');
          throw new CliError(`Garbage instead of arguments "${rest[0]} ...". Try "ip link help".`, 1);
        }
        data = parser(rest, kindDeps);
      }
      encodeLinkInfo(req.attrs, type, data);
    } else if (create) {
      throw new CliError('Not enough information: "type" argument is required', 1);
    }
    conn.request(msgType, encodeIfinfomsg(req.hdr, req.attrs.finish()), flags);
    return 0;
  } finally {
    for (const fd of fds) closeSync(fd);
    conn.close();
  }
}

/** check_altifname (lib/utils.c): 1..ALTIFNAMSIZ-1 bytes, no "/", no whitespace, not "." or "..". */
function isValidAltname(name: string): boolean {
  const len = new TextEncoder().encode(name).length;
  return len > 0 && len < ALTIFNAMSIZ && name !== '.' && name !== '..' && !/[/\s]/.test(name);
}

/**
 * iplink_prop (ip/iplink.c): `link property add|del dev DEV altname NAME…`,
 * one RTM_NEWLINKPROP or RTM_DELLINKPROP with every name in IFLA_PROP_LIST.
 */
export function linkProperty(args: string[], env: CommandEnv): number {
  const op = args[0];
  if (op === undefined) throw new CliError(LINK_HELP.trimEnd(), 255, 'usage', true);
  let msgType: number;
  let flags = 0;
  if (matches(op, 'add')) {
    msgType = RTM_NEWLINKPROP;
    flags = NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND;
  } else if (matches(op, 'del')) msgType = RTM_DELLINKPROP;
  else if (matches(op, 'help')) throw new CliError(LINK_HELP.trimEnd(), 255, 'help');
  else throw new CliError('Operator required', 255);
  const names: string[] = [];
  let dev: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const w = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) incomplete();
      return v;
    };
    if (matches(w, 'altname')) {
      const v = next();
      if (!isValidAltname(v)) invarg('not a valid altname', v);
      names.push(v);
    } else if (matches(w, 'help')) throw new CliError(LINK_HELP.trimEnd(), 255, 'help');
    else {
      const v = w === 'dev' ? next() : w;
      if (dev !== undefined) duparg2('dev', v);
      if (!isValidAltname(v)) invarg('"dev" not a valid ifname', v);
      dev = v;
    }
  }
  if (dev === undefined) throw new CliError('Not enough of information: "dev" argument is required.', 255);
  const conn = Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
  try {
    const link = linkGetter(conn)(dev);
    if (!link) nodev(dev);
    conn.request(msgType, encodeAltnameRequest(env.opts.family, link.index, names), flags);
    return 0;
  } finally {
    conn.close();
  }
}
