import { Connection } from '../netlink/connection.js';
import { NETLINK_ROUTE } from '../netlink/constants.js';
import { receiveEvents, joinGroup, type NetlinkEvent } from '../netlink/events.js';
import { openNativeTransport } from '../netlink/native-transport.js';
import { SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from '../netlink/native.js';
import {
  RTEXT_FILTER_VF,
  RTM_DELLINK,
  RTM_GETLINK,
  RTM_NEWLINK,
  decodeLink,
  encodeGetLinkRequest,
  type LinkMessage,
} from '../netlink/route/link.js';
import type { TransportFactory } from '../netlink/transport.js';

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
    return new RouteClient(
      Connection.open(factory, NETLINK_ROUTE, options.netns ? { netns: options.netns } : undefined),
      options,
    );
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
   */
  async *events(
    groups: RouteGroupName[],
    options: { signal?: AbortSignal; receiveBuffer?: number } = {},
  ): AsyncGenerator<RouteEvent> {
    const factory = this.options.transports ?? openNativeTransport;
    const t = factory(NETLINK_ROUTE, this.options.netns ? { netns: this.options.netns } : undefined);
    try {
      const size = options.receiveBuffer ?? 4 * 1024 * 1024;
      try {
        t.setOption(SOL_SOCKET, SO_RCVBUFFORCE, size); // beyond rmem_max, needs CAP_NET_ADMIN
      } catch {
        t.setOption(SOL_SOCKET, SO_RCVBUF, size);
      }
      for (const g of groups) joinGroup(t, RTNLGRP[g]);
      for await (const ev of receiveEvents(t, options.signal)) yield toRouteEvent(ev);
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
  return { kind: 'message', type: m.type, payload: m.payload, group: ev.datagram.senderGroups };
}
