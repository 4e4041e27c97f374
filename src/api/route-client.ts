import { CodecError } from '../netlink/codec/errors.js';
import { Connection } from '../netlink/connection.js';

import { receiveEvents, joinGroup, type NetlinkEvent } from '../netlink/events.js';
import { openNativeTransport } from '../netlink/native-transport.js';

import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../netlink/route/link.js';
import type { TransportFactory } from '../netlink/transport.js';
import { inNetns } from '../netlink/transport.js';
import { decodeAddr, encodeGetAddrRequest, type AddrMessage } from '../netlink/route/addr.js';
import { decodeRoute, encodeRouteDumpRequest, type RouteMessage } from '../netlink/route/route.js';
import { decodeNeigh, encodeNeighDumpRequest, type NeighMessage } from '../netlink/route/neigh.js';
import { decodeRule, encodeRuleDumpRequest, type RuleMessage } from '../netlink/route/rule.js';
import { NETLINK_ROUTE } from '../netlink/gen/netlink.js';
import { SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from '../netlink/gen/socket.js';
import type { NetlinkMessage } from '../netlink/codec/message.js';
import { groupKey, rtnlGroups, rtnlObjects } from '../registry/registry.js';
import {
  RTEXT_FILTER_VF,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETNEIGH,
  RTM_GETROUTE,
  RTM_GETRULE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
  RTM_NEWRULE,
  RTNLGRP_IPV4_MROUTE,
  RTNLGRP_IPV6_IFINFO,
  RTNLGRP_IPV6_MROUTE,
  RTNLGRP_IPV6_PREFIX,
  RTNLGRP_NOTIFY,
  RTNLGRP_TC,
} from '../netlink/gen/rtnetlink.js';

export interface ClientOptions {
  /** Network namespace: a name under /run/netns or a path such as /proc/PID/ns/net. */
  netns?: string;
  /** Where sockets come from: the kernel (default), or a Recorder/Replayer factory. */
  transports?: TransportFactory;
}

/**
 * Names of the rtnetlink multicast groups events() can join: the groups of
 * every object in the registry (src/registry/registry.ts), and a few no object of it
 * owns. A name is the generated RTNLGRP_* name in lower case without the prefix.
 */
export type RouteGroupName =
  | 'link'
  | 'notify'
  | 'neigh'
  | 'tc'
  | 'ipv4_ifaddr'
  | 'ipv4_mroute'
  | 'ipv4_route'
  | 'ipv4_rule'
  | 'ipv6_ifaddr'
  | 'ipv6_mroute'
  | 'ipv6_route'
  | 'ipv6_ifinfo'
  | 'ipv6_prefix'
  | 'ipv6_rule'
  | 'nsid'
  | 'ipv4_netconf'
  | 'ipv6_netconf'
  | 'mpls_netconf'
  | 'mpls_route'
  | 'nexthop';

/** Groups no registry object owns, kept for the library's callers. */
const OTHER_GROUPS = [
  RTNLGRP_NOTIFY,
  RTNLGRP_TC,
  RTNLGRP_IPV4_MROUTE,
  RTNLGRP_IPV6_MROUTE,
  RTNLGRP_IPV6_IFINFO,
  RTNLGRP_IPV6_PREFIX,
];

/** rtnetlink multicast groups by name, in group-number order, from the registry and the generated table. */
export const RTNLGRP: Readonly<Record<RouteGroupName, number>> = Object.freeze(
  Object.fromEntries(
    [...new Set([...rtnlGroups(), ...OTHER_GROUPS])].sort((x, y) => x - y).map((g) => [groupKey(g), g]),
  ) as Record<RouteGroupName, number>,
);

/** A change the kernel announced, or a notice that some were lost (ENOBUFS). */
export type RouteEvent =
  | { kind: 'link'; event: 'new' | 'del'; link: LinkMessage }
  | { kind: 'address'; event: 'new' | 'del'; address: AddrMessage }
  | { kind: 'route'; event: 'new' | 'del'; route: RouteMessage }
  | { kind: 'neighbour'; event: 'new' | 'del'; neighbour: NeighMessage }
  | { kind: 'rule'; event: 'new' | 'del'; rule: RuleMessage }
  | { kind: 'message'; type: number; payload: Uint8Array; group: number }
  | { kind: 'lost' };

/**
 * A typed rtnetlink client: the same core the nlts CLI runs on. Dumps are
 * async iterables that stream (nothing is collected), so a million routes
 * cost the memory of one.
 *
 *   const nl = RouteClient.open({ netns: 'blue' });
 *   for await (const link of nl.links()) console.log(link.ifname, link.mtu);
 *   nl.close();
 */
export class RouteClient {
  private constructor(
    readonly connection: Connection,
    private readonly options: ClientOptions,
  ) {}

  static open(options: ClientOptions = {}): RouteClient {
    const factory = options.transports ?? openNativeTransport;
    return new RouteClient(Connection.open(factory, NETLINK_ROUTE, inNetns(options.netns)), options);
  }

  /** Every link, decoded (LinkMessage keeps every attribute, known or not). */
  async *links(): AsyncGenerator<LinkMessage> {
    for await (const m of this.connection.dumpAsync(
      RTM_GETLINK,
      encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF }),
    )) {
      if (m.type === RTM_NEWLINK) yield decodeLink(m.payload);
    }
  }

  /** Every address; `family` 2 (AF_INET) or 10 (AF_INET6) narrows it in the kernel. */
  async *addresses(family = 0): AsyncGenerator<AddrMessage> {
    for await (const m of this.connection.dumpAsync(RTM_GETADDR, encodeGetAddrRequest({ family }))) {
      if (m.type === RTM_NEWADDR) yield decodeAddr(m.payload, m.type);
    }
  }

  /** Every route of `family` (2 or 10; 0 for both) in `table` (254 = main; 0 = all tables). */
  async *routes(options: { family?: number; table?: number } = {}): AsyncGenerator<RouteMessage> {
    const req = encodeRouteDumpRequest({ family: options.family ?? 0, table: options.table });
    for await (const m of this.connection.dumpAsync(RTM_GETROUTE, req)) {
      if (m.type === RTM_NEWROUTE) yield decodeRoute(m.payload, m.type);
    }
  }

  /** Every neighbour (ARP/NDP) entry. */
  async *neighbours(family = 0): AsyncGenerator<NeighMessage> {
    for await (const m of this.connection.dumpAsync(RTM_GETNEIGH, encodeNeighDumpRequest({ family }))) {
      if (m.type === RTM_NEWNEIGH) yield decodeNeigh(m.payload);
    }
  }

  /** Every policy routing rule of `family` (2 or 10). */
  async *rules(family = 2): AsyncGenerator<RuleMessage> {
    for await (const m of this.connection.dumpAsync(RTM_GETRULE, encodeRuleDumpRequest(family))) {
      if (m.type === RTM_NEWRULE) yield decodeRule(m.payload);
    }
  }

  /** One link by name or index; undefined when there is none. */
  link(by: { name?: string; index?: number }): LinkMessage | undefined {
    try {
      const replies = this.connection.request(
        RTM_GETLINK,
        encodeGetLinkRequest({ ifname: by.name, ifindex: by.index, extMask: RTEXT_FILTER_VF }),
      );
      const m = replies.find((r) => r.type === RTM_NEWLINK);
      return m ? decodeLink(m.payload) : undefined;
    } catch (e) {
      if ((e as { errno?: number }).errno === 19) return undefined;
      throw e;
    }
  }

  /**
   * Subscribe to multicast groups on a socket of its own and stream what
   * happens. Link changes arrive decoded; other groups as raw messages. A
   * `lost` event means the receive buffer overflowed: re-dump what you track.
   * Only the kernel's messages are events: what another process sends to
   * the group or to this socket is ignored. A datagram or message that does
   * not decode is skipped (`onMalformed` hears of it) and the stream goes on.
   */
  async *events(
    groups: RouteGroupName[],
    options: {
      signal?: AbortSignal;
      receiveBuffer?: number;
      onMalformed?: (data: Uint8Array, error: CodecError) => void;
    } = {},
  ): AsyncGenerator<RouteEvent> {
    const factory = this.options.transports ?? openNativeTransport;
    const t = factory(NETLINK_ROUTE, inNetns(this.options.netns));
    try {
      const size = options.receiveBuffer ?? 4 * 1024 * 1024;
      try {
        t.setOption(SOL_SOCKET, SO_RCVBUFFORCE, size); // beyond rmem_max, needs CAP_NET_ADMIN
      } catch {
        t.setOption(SOL_SOCKET, SO_RCVBUF, size);
      }
      for (const g of groups) joinGroup(t, RTNLGRP[g]);
      const onMalformed = (data: Uint8Array, e: CodecError): void => options.onMalformed?.(data, e);
      for await (const ev of receiveEvents(t, options.signal, {
        senders: 'kernel',
        onMalformed: (d, e) => onMalformed(d.data, e),
      })) {
        let out: RouteEvent;
        try {
          out = toRouteEvent(ev);
        } catch (e) {
          if (!(e instanceof CodecError) || ev.kind !== 'message') throw e;
          onMalformed(ev.message.payload, e);
          continue;
        }
        yield out;
      }
    } finally {
      t.close();
    }
  }

  close(): void {
    this.connection.close();
  }
}

type ObjectEvent = Exclude<RouteEvent, { kind: 'message' } | { kind: 'lost' }>;

/** How each registry event kind's message becomes an event: one decoder per kind. */
const EVENT_DECODERS: Record<ObjectEvent['kind'], (m: NetlinkMessage, event: 'new' | 'del') => ObjectEvent> =
  {
    link: (m, event) => ({ kind: 'link', event, link: decodeLink(m.payload, m.type) }),
    address: (m, event) => ({ kind: 'address', event, address: decodeAddr(m.payload, m.type) }),
    route: (m, event) => ({ kind: 'route', event, route: decodeRoute(m.payload, m.type) }),
    neighbour: (m, event) => ({ kind: 'neighbour', event, neighbour: decodeNeigh(m.payload) }),
    rule: (m, event) => ({ kind: 'rule', event, rule: decodeRule(m.payload) }),
  };

/** RTM_NEW* and RTM_DEL* of every registry object with an event kind → its decoder and which one it is. */
const EVENT_TYPES = new Map<
  number,
  { decode: (typeof EVENT_DECODERS)[ObjectEvent['kind']]; event: 'new' | 'del' }
>();
for (const { rtnl } of rtnlObjects()) {
  const kind = rtnl.eventKind as ObjectEvent['kind'] | undefined;
  if (kind === undefined) continue;
  const decode = EVENT_DECODERS[kind];
  if (!decode) throw new Error(`registry event kind "${kind}" has no decoder`);
  EVENT_TYPES.set(rtnl.types.new, { decode, event: 'new' });
  if (rtnl.types.del !== undefined) EVENT_TYPES.set(rtnl.types.del, { decode, event: 'del' });
}

function toRouteEvent(ev: NetlinkEvent): RouteEvent {
  if (ev.kind === 'lost') return { kind: 'lost' };
  const m = ev.message;
  const known = EVENT_TYPES.get(m.type);
  if (known) return known.decode(m, known.event);
  return { kind: 'message', type: m.type, payload: m.payload, group: ev.datagram.senderGroups };
}
