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
import {
  RTEXT_FILTER_VF,
  RTM_DELADDR,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_DELROUTE,
  RTM_DELRULE,
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
} from '../netlink/gen/rtnetlink.js';

export interface ClientOptions {
  /** Network namespace: a name under /run/netns or a path such as /proc/PID/ns/net. */
  netns?: string;
  /** Where sockets come from: the kernel (default), or a Recorder/Replayer factory. */
  transports?: TransportFactory;
}

/** rtnetlink multicast groups (<linux/rtnetlink.h> enum rtnetlink_groups). */
export const RTNLGRP = {
  link: 1,
  notify: 2,
  neigh: 3,
  tc: 4,
  ipv4_ifaddr: 5,
  ipv4_mroute: 6,
  ipv4_route: 7,
  ipv4_rule: 8,
  ipv6_ifaddr: 9,
  ipv6_mroute: 10,
  ipv6_route: 11,
  ipv6_ifinfo: 12,
  ipv6_prefix: 18,
  ipv6_rule: 19,
  nsid: 28,
} as const;
export type RouteGroupName = keyof typeof RTNLGRP;

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

function toRouteEvent(ev: NetlinkEvent): RouteEvent {
  if (ev.kind === 'lost') return { kind: 'lost' };
  const m = ev.message;
  if (m.type === RTM_NEWLINK || m.type === RTM_DELLINK) {
    return {
      kind: 'link',
      event: m.type === RTM_NEWLINK ? 'new' : 'del',
      link: decodeLink(m.payload, m.type),
    };
  }
  const event = (created: boolean): 'new' | 'del' => (created ? 'new' : 'del');
  switch (m.type) {
    case RTM_NEWADDR:
    case RTM_DELADDR:
      return {
        kind: 'address',
        event: event(m.type === RTM_NEWADDR),
        address: decodeAddr(m.payload, m.type),
      };
    case RTM_NEWROUTE:
    case RTM_DELROUTE:
      return { kind: 'route', event: event(m.type === RTM_NEWROUTE), route: decodeRoute(m.payload, m.type) };
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH:
      return { kind: 'neighbour', event: event(m.type === RTM_NEWNEIGH), neighbour: decodeNeigh(m.payload) };
    case RTM_NEWRULE:
    case RTM_DELRULE:
      return { kind: 'rule', event: event(m.type === RTM_NEWRULE), rule: decodeRule(m.payload) };
  }
  return { kind: 'message', type: m.type, payload: m.payload, group: ev.datagram.senderGroups };
}
