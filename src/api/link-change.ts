/**
 * Typed link changes (RTM_NEWLINK / RTM_DELLINK) for RouteClient: the
 * request is the CLI's own (struct ifinfomsg through encodeIfinfomsg,
 * IFLA_LINKINFO through encodeLinkInfo, a veth peer through encodeVethPeer,
 * vxlan's and macvlan's closing attributes through encodeVxlanTail and
 * encodeMacvlanTail, bridge options through the CLI's bridge field table),
 * built from an object instead of ip's words.
 */
import { closeSync, openSync } from 'node:fs';
import { llAddrA2n } from '../iproute/ll-addr.js';
import { encodeBridgeSettings } from '../commands/link/change-kinds.js';
import { MACVLAN_MODE_NAMES } from '../commands/link/kinds/macvlan.js';
import { parseAddr } from '../iproute/prefix.js';
import { AttributeEncoder } from '../netlink/codec/attributes.js';
import {
  ADDR_GEN_MODES,
  encodeAddrGenMode,
  encodeIfinfomsg,
  encodeLinkInfo,
  encodeMacvlanTail,
  encodeVethPeer,
  encodeVxlanTail,
  type IfinfoHeader,
} from '../netlink/route/link-change.js';
import { isValidIfname } from '../netlink/route/link.js';
import { IFF_ALLMULTI, IFF_MULTICAST, IFF_NOARP, IFF_PROMISC, IFF_UP, IFALIASZ } from '../netlink/gen/if.js';
import {
  IFLA_ADDRESS,
  IFLA_BROADCAST,
  IFLA_CARRIER,
  IFLA_GROUP,
  IFLA_IFALIAS,
  IFLA_IFNAME,
  IFLA_LINK,
  IFLA_MASTER,
  IFLA_MTU,
  IFLA_NET_NS_FD,
  IFLA_NET_NS_PID,
  IFLA_NUM_RX_QUEUES,
  IFLA_NUM_TX_QUEUES,
  IFLA_PROTO_DOWN,
  IFLA_TXQLEN,
  IFLA_VRF_TABLE,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_PORT_RANGE,
  IFLA_VXLAN_TTL,
  MACVLAN_FLAG_NODST,
  MACVLAN_FLAG_NOPROMISC,
} from '../netlink/gen/if_link.js';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/gen/netlink.js';
import { RTM_DELLINK, RTM_NEWLINK } from '../netlink/gen/rtnetlink.js';
import { AF_UNSPEC } from '../netlink/gen/socket.js';
import { Devices, type DeviceRef } from './devices.js';
import { InvalidRequestError, asRequestError } from './errors.js';
import type { ChangeRequest } from './request.js';

/** What `ip link set` changes (iplink_parse's generic options); unset fields are left as they are. */
export interface LinkSettings {
  /** Bring the link up (true) or down (false): IFF_UP. */
  up?: boolean;
  mtu?: number;
  txqueuelen?: number;
  /** Link-layer address, "aa:bb:cc:dd:ee:ff" (ll_addr_a2n). */
  address?: string;
  broadcast?: string;
  /** Enslave to this device; null releases it (`nomaster`). */
  master?: DeviceRef | null;
  alias?: string;
  /** Device group number. */
  group?: number;
  /** Move to a network namespace: a name under /run/netns (or a path), or a process id. */
  netns?: string | number;
  arp?: boolean;
  multicast?: boolean;
  allmulticast?: boolean;
  promisc?: boolean;
  carrier?: boolean;
  protodown?: boolean;
  numtxqueues?: number;
  numrxqueues?: number;
  /** IPv6 address generation mode. */
  addrgenmode?: 'eui64' | 'none' | 'stable_secret' | 'random';
}

/** The other end of a veth pair: its name and the same settings a link takes. */
export interface VethPeer extends LinkSettings {
  name?: string;
}

/** macvlan/macvtap modes (MACVLAN_MODE_*). */
export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';

/**
 * Bridge options by the words `ip link add … type bridge` takes, which are
 * the JSON keys of `ip -j -d link show` for them (e.g. `stp_state`,
 * `forward_delay`, `vlan_filtering`, `priority`, `ageing_time`,
 * `mcast_snooping`, `no_linklocal_learn`).
 */
export type BridgeOptions = Readonly<Record<string, number | bigint | string | boolean>>;

/** The kind of a new link and its kind-specific options (IFLA_INFO_KIND / IFLA_INFO_DATA). */
export type LinkKindSpec =
  | { type: 'veth'; peer?: VethPeer }
  | { type: 'bridge'; bridge?: BridgeOptions }
  | { type: 'macvlan' | 'macvtap'; mode?: MacvlanMode; nopromisc?: boolean; nodst?: boolean }
  | {
      type: 'vxlan';
      /** The VNI (24 bits). */
      id: number;
      /** A unicast remote; use `group` for a multicast group (which needs `dev`). */
      remote?: string;
      group?: string;
      local?: string;
      /** The underlying device (IFLA_VXLAN_LINK). */
      dev?: DeviceRef;
      /** UDP destination port; the kernel's default (8472) when left out, IANA's is 4789. */
      dstport?: number;
      ttl?: number;
      /** UDP source port range [low, high] (IFLA_VXLAN_PORT_RANGE). */
      srcport?: readonly [number, number];
      /** MAC learning; on unless false. */
      learning?: boolean;
    }
  | { type: 'vrf'; table: number }
  | { type: 'dummy' | 'ifb' | 'nlmon' | 'bond' | 'team' | 'vcan' }
  | {
      type: 'raw';
      /** IFLA_INFO_KIND, e.g. "gre"; a `_slave` suffix names the port's kind as ip does. */
      kind: string;
      /** IFLA_INFO_DATA as encoded attributes, if any. */
      data?: Uint8Array;
    };

/** A new link: its name, where it sits, its settings and its kind. */
export type AddLinkSpec = LinkKindSpec &
  LinkSettings & {
    name: string;
    /** The lower device (IFLA_LINK): a macvlan's or vlan's parent. */
    link?: DeviceRef;
    /** Ask for this ifindex. */
    index?: number;
  };

/** Settings of an existing link; `name` renames it. */
export type SetLinkSpec = LinkSettings & { name?: string };

function flag(h: IfinfoHeader, bit: number, on: boolean | undefined): void {
  if (on === undefined) return;
  h.change |= bit;
  if (on) h.flags |= bit;
  else h.flags &= ~bit;
}

function u32(option: string, v: number, max = 0xffffffff): number {
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw new InvalidRequestError(`${v} is not in 0..${max}`, option);
  return v;
}

function ifname(option: string, name: string): string {
  if (!isValidIfname(name)) throw new InvalidRequestError(`"${name}" is not a valid interface name`, option);
  return name;
}

/**
 * iplink_parse's generic options from a LinkSettings, in ip's order of
 * attributes. File descriptors opened for `netns` go to `fds` (closed by
 * the caller once the request is answered).
 */
function encodeSettings(
  s: LinkSettings,
  h: IfinfoHeader,
  attrs: AttributeEncoder,
  devices: Devices,
  fds: number[],
  prefix = '',
): void {
  flag(h, IFF_UP, s.up);
  if (s.address !== undefined)
    attrs.bytes(
      IFLA_ADDRESS,
      asRequestError(`${prefix}address`, () => llAddrA2n(s.address!)),
    );
  if (s.broadcast !== undefined)
    attrs.bytes(
      IFLA_BROADCAST,
      asRequestError(`${prefix}broadcast`, () => llAddrA2n(s.broadcast!)),
    );
  if (s.txqueuelen !== undefined) attrs.u32(IFLA_TXQLEN, u32(`${prefix}txqueuelen`, s.txqueuelen));
  if (s.mtu !== undefined) attrs.u32(IFLA_MTU, u32(`${prefix}mtu`, s.mtu));
  if (s.netns !== undefined) {
    if (typeof s.netns === 'number') attrs.u32(IFLA_NET_NS_PID, u32(`${prefix}netns`, s.netns));
    else {
      let fd: number;
      try {
        fd = openSync(s.netns.includes('/') ? s.netns : `/run/netns/${s.netns}`, 'r');
      } catch (e) {
        throw new InvalidRequestError(
          `cannot open network namespace "${s.netns}": ${(e as Error).message}`,
          `${prefix}netns`,
        );
      }
      fds.push(fd);
      attrs.u32(IFLA_NET_NS_FD, fd);
    }
  }
  flag(h, IFF_MULTICAST, s.multicast);
  flag(h, IFF_ALLMULTI, s.allmulticast);
  flag(h, IFF_PROMISC, s.promisc);
  flag(h, IFF_NOARP, s.arp === undefined ? undefined : !s.arp);
  if (s.carrier !== undefined) attrs.u8(IFLA_CARRIER, s.carrier ? 1 : 0);
  if (s.protodown !== undefined) attrs.u8(IFLA_PROTO_DOWN, s.protodown ? 1 : 0);
  if (s.master !== undefined) attrs.u32(IFLA_MASTER, s.master === null ? 0 : devices.index(s.master));
  if (s.alias !== undefined) {
    const b = new TextEncoder().encode(s.alias);
    if (b.length >= IFALIASZ) throw new InvalidRequestError('alias too long', `${prefix}alias`);
    attrs.bytes(IFLA_IFALIAS, b);
  }
  if (s.group !== undefined) attrs.u32(IFLA_GROUP, u32(`${prefix}group`, s.group, 0x7fffffff));
  if (s.numtxqueues !== undefined) attrs.u32(IFLA_NUM_TX_QUEUES, u32(`${prefix}numtxqueues`, s.numtxqueues));
  if (s.numrxqueues !== undefined) attrs.u32(IFLA_NUM_RX_QUEUES, u32(`${prefix}numrxqueues`, s.numrxqueues));
  if (s.addrgenmode !== undefined) {
    const mode = ADDR_GEN_MODES[s.addrgenmode];
    if (mode === undefined)
      throw new InvalidRequestError(`unknown mode "${s.addrgenmode}"`, `${prefix}addrgenmode`);
    encodeAddrGenMode(attrs, mode);
  }
}

function inet(option: string, text: string, family = AF_UNSPEC): { family: number; bytes: Uint8Array } {
  const a = parseAddr(text, family);
  if (!a || a.isDefault) throw new InvalidRequestError(`"${text}" is not an IPv4 or IPv6 address`, option);
  return { family: a.family, bytes: a.bytes };
}

/** IFLA_INFO_DATA of a kind, as that kind's parse_opt would send it; undefined for none. */
function kindData(spec: LinkKindSpec, devices: Devices, fds: number[]): Uint8Array | undefined {
  switch (spec.type) {
    case 'veth': {
      if (!spec.peer) return undefined;
      const h: IfinfoHeader = { family: AF_UNSPEC, ifindex: 0, flags: 0, change: 0 };
      const attrs = new AttributeEncoder();
      encodeSettings(spec.peer, h, attrs, devices, fds, 'peer.');
      if (spec.peer.name !== undefined) attrs.string(IFLA_IFNAME, ifname('peer.name', spec.peer.name));
      return encodeVethPeer(h, attrs.finish());
    }
    case 'bridge': {
      if (!spec.bridge) return undefined;
      const out = new AttributeEncoder();
      asRequestError('bridge', () => encodeBridgeSettings(out, spec.bridge!));
      return out.finish();
    }
    case 'macvlan':
    case 'macvtap': {
      const out = new AttributeEncoder();
      let mode = 0;
      if (spec.mode !== undefined) {
        const m = MACVLAN_MODE_NAMES.find(([, name]) => name === spec.mode)?.[0];
        if (m === undefined) throw new InvalidRequestError(`unknown mode "${spec.mode}"`, 'mode');
        mode = m;
      }
      const given = spec.nopromisc !== undefined || spec.nodst !== undefined;
      const flags = (spec.nopromisc ? MACVLAN_FLAG_NOPROMISC : 0) | (spec.nodst ? MACVLAN_FLAG_NODST : 0);
      encodeMacvlanTail(out, mode, given ? flags : undefined);
      return out.finish();
    }
    case 'vxlan': {
      const out = new AttributeEncoder();
      if (spec.remote !== undefined && spec.group !== undefined)
        throw new InvalidRequestError('both group and remote cannot be specified', 'group');
      if (spec.dev !== undefined) out.u32(IFLA_VXLAN_LINK, devices.index(spec.dev));
      if (spec.ttl !== undefined) out.u8(IFLA_VXLAN_TTL, u32('ttl', spec.ttl, 255));
      if (spec.srcport !== undefined) {
        // struct ifla_vxlan_port_range { __be16 low, high; }, as vxlan_parse_opt sends it.
        const [low, high] = [
          u32('srcport', spec.srcport[0], 0xffff),
          u32('srcport', spec.srcport[1], 0xffff),
        ];
        out.bytes(IFLA_VXLAN_PORT_RANGE, Uint8Array.of(low >> 8, low & 0xff, high >> 8, high & 0xff));
      }
      const local = spec.local !== undefined ? inet('local', spec.local) : undefined;
      const remoteText = spec.remote ?? spec.group;
      const remote =
        remoteText !== undefined
          ? inet(spec.remote !== undefined ? 'remote' : 'group', remoteText, local?.family ?? AF_UNSPEC)
          : undefined;
      encodeVxlanTail(out, {
        vni: u32('id', spec.id, 0xffffff),
        ...(local ? { local } : {}),
        ...(remote ? { remote } : {}),
        learning: spec.learning === false ? 0 : 1,
        ...(spec.dstport !== undefined ? { dstport: u32('dstport', spec.dstport, 0xffff) } : {}),
      });
      return out.finish();
    }
    case 'vrf':
      return new AttributeEncoder().u32(IFLA_VRF_TABLE, u32('table', spec.table)).finish();
    case 'raw':
      return spec.data;
    default:
      return undefined;
  }
}

/** RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL (or NLM_F_REPLACE): `ip link add NAME … type KIND …`. */
export function addLinkRequest(spec: AddLinkSpec, devices: Devices, replace = false): ChangeRequest {
  const fds: number[] = [];
  try {
    const h: IfinfoHeader = { family: AF_UNSPEC, ifindex: spec.index ?? 0, flags: 0, change: 0 };
    const attrs = new AttributeEncoder();
    encodeSettings(spec, h, attrs, devices, fds);
    if (spec.link !== undefined) attrs.u32(IFLA_LINK, devices.index(spec.link));
    attrs.string(IFLA_IFNAME, ifname('name', spec.name));
    const kind = spec.type === 'raw' ? spec.kind : spec.type;
    // ip calls a kind's parse_opt only when words follow the kind: no options, no IFLA_INFO_DATA.
    const data = kindData(spec, devices, fds);
    encodeLinkInfo(attrs, kind, data?.length ? data : undefined);
    return {
      type: RTM_NEWLINK,
      flags: NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL),
      payload: encodeIfinfomsg(h, attrs.finish()),
      fds,
    };
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    throw e;
  }
}

/** RTM_NEWLINK without NLM_F_CREATE: `ip link set DEV …`. */
export function setLinkRequest(dev: DeviceRef, spec: SetLinkSpec, devices: Devices): ChangeRequest {
  const fds: number[] = [];
  try {
    const h: IfinfoHeader = { family: AF_UNSPEC, ifindex: devices.index(dev), flags: 0, change: 0 };
    const attrs = new AttributeEncoder();
    encodeSettings(spec, h, attrs, devices, fds);
    if (spec.name !== undefined) attrs.string(IFLA_IFNAME, ifname('name', spec.name));
    return { type: RTM_NEWLINK, flags: 0, payload: encodeIfinfomsg(h, attrs.finish()), fds };
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    throw e;
  }
}

/** RTM_DELLINK: `ip link delete DEV`. */
export function deleteLinkRequest(dev: DeviceRef, devices: Devices): ChangeRequest {
  const h: IfinfoHeader = { family: AF_UNSPEC, ifindex: devices.index(dev), flags: 0, change: 0 };
  return { type: RTM_DELLINK, flags: 0, payload: encodeIfinfomsg(h, new Uint8Array(0)), fds: [] };
}
