import { CodecError } from '../netlink/codec/errors.js';
import { applyChange } from './changes.js';
import type { DeviceRef } from './devices.js';
import { IpObjects, ipObjectKindOf, type IpObject, type IpObjectKind } from './ip-objects.js';
import { decodeNexthop, encodeNexthopDumpRequest, type NexthopMessage } from '../netlink/route/nexthop.js';
import { decodeNetconf, encodeNetconfRequest, type NetconfMessage } from '../netlink/route/netconf.js';
import { showObjects, type ShowOptions } from './read-objects.js';
import { libraryNames } from './names.js';
import {
  addLinkRequest,
  deleteLinkRequest,
  setLinkRequest,
  type AddLinkSpec,
  type SetLinkSpec,
} from './link-change.js';
import { addressRequest, type AddressSpec, type DeleteAddressSpec } from './address-change.js';
import { routeRequest, type RouteSpec, type RouteVerb } from './route-change.js';
import { neighRequest, type NeighbourSpec, type NeighVerb } from './neigh-change.js';
import { ruleRequest, type RuleSpec } from './rule-change.js';
import { deleteNexthopRequest, nexthopRequest, type NexthopObjectSpec } from './nexthop-change.js';
import { QueueOverrunError } from '../netlink/errors.js';
import { AF_INET, AF_INET6 } from '../netlink/gen/socket.js';
import { Connection } from '../netlink/connection.js';

import { receiveEvents, joinGroup, raiseReceiveBuffer, type NetlinkEvent } from '../netlink/events.js';
import { openNativeTransport } from '../netlink/native-transport.js';

import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../netlink/route/link.js';
import type { TransportFactory } from '../netlink/transport.js';
import { inNetns } from '../netlink/transport.js';
import { decodeAddr, encodeGetAddrRequest, type AddrMessage } from '../netlink/route/addr.js';
import { decodeRoute, encodeRouteDumpRequest, type RouteMessage } from '../netlink/route/route.js';
import { decodeNeigh, encodeNeighDumpRequest, type NeighMessage } from '../netlink/route/neigh.js';
import { decodeRule, encodeRuleDumpRequest, type RuleMessage } from '../netlink/route/rule.js';
import { NETLINK_ROUTE } from '../netlink/gen/netlink.js';
import type { NetlinkMessage } from '../netlink/codec/message.js';
import { groupKey, rtnlGroups, rtnlObjects } from '../registry/registry.js';
import {
  RTEXT_FILTER_VF,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETNEIGH,
  RTM_GETNETCONF,
  RTM_GETNEXTHOP,
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

/**
 * A change the kernel announced; a notice that some were lost; and, with
 * `resync`, the markers around the re-dump that follows a loss (objects
 * re-listed in between come as `new` events with `resync: true`).
 */
export type RouteEvent =
  | ({ kind: 'link'; event: 'new' | 'del'; link: LinkMessage } & Shown<'link'>)
  | ({ kind: 'address'; event: 'new' | 'del'; address: AddrMessage } & Shown<'address'>)
  | ({ kind: 'route'; event: 'new' | 'del'; route: RouteMessage } & Shown<'route'>)
  | ({ kind: 'neighbour'; event: 'new' | 'del'; neighbour: NeighMessage } & Shown<'neighbour'>)
  | ({ kind: 'rule'; event: 'new' | 'del'; rule: RuleMessage } & Shown<'rule'>)
  | ({ kind: 'nexthop'; event: 'new' | 'del'; nexthop: NexthopMessage } & Shown<'nexthop'>)
  | ({ kind: 'netconf'; event: 'new' | 'del'; netconf: NetconfMessage } & Shown<'netconf'>)
  | { kind: 'message'; type: number; payload: Uint8Array; group: number }
  | LostEvent
  | { kind: 'resync-start'; kinds: ObjectEventKind[] }
  | { kind: 'resync-end'; kinds: ObjectEventKind[] };

/**
 * What every object event has besides its decoded message: `object`, the
 * same object `ip -j … show` (and `nl.show()`) gives for it (rendered when
 * first read), and `resync`, set on the objects a resync re-lists.
 */
export interface Shown<K extends IpObjectKind> {
  readonly object: IpObject<K>;
  resync?: true;
}

/**
 * Events were lost. `cause: 'queue'`: the consumer fell behind and the
 * stream's bounded queue dropped `count` messages (exact). `cause: 'kernel'`:
 * the socket's receive buffer overflowed (ENOBUFS) and the kernel dropped an
 * unknown number (`count: null`). Either way, what you track may be stale:
 * re-read it, or ask events() to do so (`resync: true`).
 */
export interface LostEvent {
  kind: 'lost';
  cause: 'queue' | 'kernel';
  count: number | null;
}

/** The event kinds that carry decoded objects. */
export type ObjectEventKind = 'link' | 'address' | 'route' | 'neighbour' | 'rule' | 'nexthop' | 'netconf';

/** Options of {@link RouteClient.events}. */
export interface EventOptions {
  /** Ends the stream (as does close() of the client, or leaving a for-await loop). */
  signal?: AbortSignal;
  /** SO_RCVBUF(FORCE) of the event socket, bytes; default 4 MiB. */
  receiveBuffer?: number;
  /**
   * Bound on events read ahead of a slow consumer, in bytes of netlink
   * messages; default 1 MiB. Past it, messages are dropped and counted, and
   * the consumer gets a `lost` event with the count where the gap is.
   */
  queueBytes?: number;
  /**
   * After each `lost`, re-list the objects of the joined groups (as the CLI
   * monitor does): `resync-start`, the objects as `new` events with
   * `resync: true`, then `resync-end`. Default false.
   */
  resync?: boolean;
  /** Told about a datagram or message that does not decode; it is skipped and the stream goes on. */
  onMalformed?: (data: Uint8Array, error: CodecError) => void;
}

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
  /** Stops the event streams that are open, so close() can end them. */
  private readonly streams = new Set<AbortController>();

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

  // ---- objects as `ip -j` prints them (src/api/ip-objects.ts, read-objects.ts) ----

  /**
   * The objects of `kind` as `ip -j KIND show` lists them: each one's JSON
   * is an element of that list, and `raw` (not enumerable) is the decoded
   * message. Routes: table main unless `table` says otherwise; routes and
   * rules: IPv4 unless `family: 'inet6'`.
   *
   * @example
   * for await (const r of nl.show('route', { table: 'all' })) console.log(r.dst, r.dev, r.raw.table);
   */
  async *show<K extends IpObjectKind>(kind: K, options: ShowOptions = {}): AsyncGenerator<IpObject<K>> {
    const objects = this.ipObjects();
    try {
      yield* showObjects(this.connection, kind, options, objects, libraryNames);
    } finally {
      objects.close();
    }
  }

  /**
   * A renderer of this client's namespace: `render(message)` gives the
   * `ip -j` object of any rtnetlink message (events included). Close it
   * when done (it may hold a name-lookup socket).
   *
   * @example
   * const objects = nl.ipObjects();
   * const obj = objects.render(message); // e.g. an RTM_NEWROUTE from raw events
   * objects.close();
   */
  ipObjects(): IpObjects {
    return new IpObjects({ netns: this.options.netns, transports: this.options.transports });
  }

  // ---- changes (src/api/*-change.ts: the CLI's request structures and encoders) ----

  /**
   * Create a link (`ip link add`). Kernel refusals reject with NetlinkKernelError.
   *
   * @example
   * await nl.addLink({ name: 'veth0', type: 'veth', peer: { name: 'veth1' }, up: true });
   * await nl.addLink({ name: 'br0', type: 'bridge', bridge: { stp_state: 1 } });
   * await nl.addLink({ name: 'vx0', type: 'vxlan', id: 42, dstport: 4789, remote: '192.0.2.1' });
   * await nl.addLink({ name: 'mv0', type: 'macvlan', link: 'eth0', mode: 'bridge' });
   */
  addLink(spec: AddLinkSpec): Promise<void> {
    return applyChange(this.connection, (d) => addLinkRequest(spec, d));
  }

  /**
   * Create a link, or replace the one of that name (`ip link replace`).
   *
   * @example
   * await nl.replaceLink({ name: 'dummy0', type: 'dummy', mtu: 9000 });
   */
  replaceLink(spec: AddLinkSpec): Promise<void> {
    return applyChange(this.connection, (d) => addLinkRequest(spec, d, true));
  }

  /**
   * Change a link (`ip link set DEV …`).
   *
   * @example
   * await nl.setLink('veth0', { up: true, mtu: 1400, master: 'br0' });
   * await nl.setLink('veth1', { netns: 'blue' });
   */
  setLink(dev: DeviceRef, settings: SetLinkSpec): Promise<void> {
    return applyChange(this.connection, (d) => setLinkRequest(dev, settings, d));
  }

  /**
   * Delete a link (`ip link delete DEV`).
   *
   * @example
   * await nl.deleteLink('veth0');
   */
  deleteLink(dev: DeviceRef): Promise<void> {
    return applyChange(this.connection, (d) => deleteLinkRequest(dev, d));
  }

  /**
   * Add an address (`ip address add`).
   *
   * @example
   * await nl.addAddress({ dev: 'veth0', address: '10.0.0.1/24', broadcast: '+' });
   * await nl.addAddress({ dev: 'veth0', address: '2001:db8::1/64', flags: ['nodad'] });
   */
  addAddress(spec: AddressSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => addressRequest('add', spec, d, n));
  }

  /**
   * Add an address or change the one that is there (`ip address replace`).
   *
   * @example
   * await nl.replaceAddress({ dev: 'veth0', address: '10.0.0.1/24', validLifetime: 3600, preferredLifetime: 1800 });
   */
  replaceAddress(spec: AddressSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => addressRequest('replace', spec, d, n));
  }

  /**
   * Delete an address (`ip address del`).
   *
   * @example
   * await nl.deleteAddress({ dev: 'veth0', address: '10.0.0.1/24' });
   */
  deleteAddress(spec: DeleteAddressSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => addressRequest('delete', spec, d, n));
  }

  /**
   * Add a route (`ip route add`); fails with EEXIST when it is there.
   *
   * @example
   * await nl.addRoute({ dst: 'default', gateway: '10.0.0.254' });
   * await nl.addRoute({ dst: '10.8.0.0/16', table: 100, metric: 10, metrics: { mtu: 1400, lock: ['mtu'] },
   *   nexthops: [{ gateway: '10.0.0.2', weight: 2 }, { gateway: '10.0.0.3' }] });
   */
  addRoute(spec: RouteSpec): Promise<void> {
    return this.route('add', spec);
  }

  /**
   * Add a route or replace the one that is there (`ip route replace`).
   *
   * @example
   * await nl.replaceRoute({ dst: '10.8.0.0/16', dev: 'veth0' });
   */
  replaceRoute(spec: RouteSpec): Promise<void> {
    return this.route('replace', spec);
  }

  /**
   * Add a route after those of the same prefix (`ip route append`: IPv6 adds a path).
   *
   * @example
   * await nl.appendRoute({ dst: '2001:db8:1::/48', gateway: 'fe80::2', dev: 'veth0' });
   */
  appendRoute(spec: RouteSpec): Promise<void> {
    return this.route('append', spec);
  }

  /**
   * Add a route before those of the same prefix (`ip route prepend`).
   *
   * @example
   * await nl.prependRoute({ dst: '10.9.0.0/16', dev: 'veth0', metric: 5 });
   */
  prependRoute(spec: RouteSpec): Promise<void> {
    return this.route('prepend', spec);
  }

  /**
   * Change a route that is there (`ip route change`); ENOENT when it is not.
   *
   * @example
   * await nl.changeRoute({ dst: '10.8.0.0/16', dev: 'veth1' });
   */
  changeRoute(spec: RouteSpec): Promise<void> {
    return this.route('change', spec);
  }

  /**
   * Delete a route (`ip route del`): what the spec leaves out matches any.
   *
   * @example
   * await nl.deleteRoute({ dst: '10.8.0.0/16', table: 100 });
   */
  deleteRoute(spec: RouteSpec): Promise<void> {
    return this.route('delete', spec);
  }

  /** Any verb of `ip route`: add, change, replace, prepend, append, delete. */
  route(verb: RouteVerb, spec: RouteSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => routeRequest(verb, spec, d, n));
  }

  /**
   * Add a neighbour entry (`ip neigh add`); permanent unless `state` says.
   *
   * @example
   * await nl.addNeighbour({ dev: 'veth0', address: '10.0.0.2', lladdr: '02:00:00:00:00:02' });
   */
  addNeighbour(spec: NeighbourSpec): Promise<void> {
    return this.neighbour('add', spec);
  }

  /**
   * Add or replace a neighbour entry (`ip neigh replace`).
   *
   * @example
   * await nl.replaceNeighbour({ dev: 'veth0', address: '10.0.0.2', lladdr: '02:00:00:00:00:22', state: 'reachable' });
   */
  replaceNeighbour(spec: NeighbourSpec): Promise<void> {
    return this.neighbour('replace', spec);
  }

  /**
   * Delete a neighbour entry (`ip neigh del`).
   *
   * @example
   * await nl.deleteNeighbour({ dev: 'veth0', address: '10.0.0.2' });
   */
  deleteNeighbour(spec: NeighbourSpec): Promise<void> {
    return this.neighbour('delete', spec);
  }

  /** Any verb of `ip neigh`: add, change, replace, delete. */
  neighbour(verb: NeighVerb, spec: NeighbourSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => neighRequest(verb, spec, d, n));
  }

  /**
   * Add a policy-routing rule (`ip rule add`).
   *
   * @example
   * await nl.addRule({ priority: 100, from: '10.0.0.0/24', table: 100 });
   * await nl.addRule({ family: 'inet6', priority: 200, fwmark: 1, action: 'blackhole' });
   */
  addRule(spec: RuleSpec): Promise<void> {
    return applyChange(this.connection, (_d, n) => ruleRequest('add', spec, n));
  }

  /**
   * Delete a rule (`ip rule del`): the first rule that the given fields match.
   *
   * @example
   * await nl.deleteRule({ priority: 100 });
   */
  deleteRule(spec: RuleSpec): Promise<void> {
    return applyChange(this.connection, (_d, n) => ruleRequest('delete', spec, n));
  }

  /**
   * Add a nexthop object or group (`ip nexthop add`).
   *
   * @example
   * await nl.addNexthop({ id: 1, gateway: '10.0.0.2', dev: 'veth0' });
   * await nl.addNexthop({ id: 2, gateway: '10.0.0.3', dev: 'veth0' });
   * await nl.addNexthop({ id: 10, group: [{ id: 1, weight: 2 }, { id: 2 }] });
   * await nl.addRoute({ dst: '10.20.0.0/16', nhid: 10 });
   */
  addNexthop(spec: NexthopObjectSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => nexthopRequest('add', spec, d, n));
  }

  /**
   * Add or replace a nexthop object or group (`ip nexthop replace`).
   *
   * @example
   * await nl.replaceNexthop({ id: 1, gateway: '10.0.0.4', dev: 'veth0' });
   */
  replaceNexthop(spec: NexthopObjectSpec): Promise<void> {
    return applyChange(this.connection, (d, n) => nexthopRequest('replace', spec, d, n));
  }

  /**
   * Delete a nexthop object or group by id (`ip nexthop del id ID`).
   *
   * @example
   * await nl.deleteNexthop(10);
   */
  deleteNexthop(id: number): Promise<void> {
    return applyChange(this.connection, () => deleteNexthopRequest(id));
  }

  /**
   * Subscribe to multicast groups on a socket of its own and stream what
   * happens. Objects arrive decoded; other groups as raw messages. Only the
   * kernel's messages are events: what another process sends to the group
   * or to this socket is ignored. A datagram or message that does not decode
   * is skipped (`onMalformed` hears of it) and the stream goes on.
   *
   * Memory is bounded (`queueBytes`): a consumer that falls behind gets a
   * `lost` event with the number of messages dropped, at the place of the
   * gap, and with `resync: true` the objects are re-listed after it. The
   * stream ends when `signal` aborts, when the client is closed, or when the
   * consumer leaves its loop; the socket is always closed then.
   *
   * @example
   *   const nl = RouteClient.open({ netns: 'blue' });
   *   for await (const ev of nl.events(['link', 'ipv4_ifaddr'], { resync: true })) {
   *     if (ev.kind === 'lost') console.warn(`lost ${ev.count ?? 'some'} events`);
   *     else if (ev.kind === 'link') console.log(ev.event, ev.link.ifname);
   *   }
   */
  async *events(groups: RouteGroupName[], options: EventOptions = {}): AsyncGenerator<RouteEvent> {
    const factory = this.options.transports ?? openNativeTransport;
    const stop = new AbortController();
    const onOuter = (): void => stop.abort();
    if (options.signal?.aborted) return;
    options.signal?.addEventListener('abort', onOuter);
    this.streams.add(stop);
    const t = factory(NETLINK_ROUTE, inNetns(this.options.netns));
    const toEvent = eventMaker(this.ipObjects());
    try {
      raiseReceiveBuffer(t, options.receiveBuffer ?? 4 * 1024 * 1024);
      for (const g of groups) joinGroup(t, RTNLGRP[g]);
      const kinds = resyncKinds(groups);
      const onMalformed = (data: Uint8Array, e: CodecError): void => options.onMalformed?.(data, e);
      for await (const ev of receiveEvents(t, stop.signal, {
        senders: 'kernel',
        onMalformed: (d, e) => onMalformed(d.data, e),
        maxQueueBytes: options.queueBytes ?? EVENT_QUEUE_BYTES,
        overflow: 'drop',
      })) {
        let out: RouteEvent;
        try {
          out = toEvent(ev);
        } catch (e) {
          if (!(e instanceof CodecError) || ev.kind !== 'message') throw e;
          onMalformed(ev.message.payload, e);
          continue;
        }
        yield out;
        if (out.kind === 'lost' && options.resync && kinds.length > 0 && !stop.signal.aborted) {
          yield* this.resync(kinds, stop.signal, toEvent);
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onOuter);
      this.streams.delete(stop);
      toEvent.close();
      t.close();
    }
  }

  /** The re-listing after a loss: every object of `kinds`, between resync markers. */
  private async *resync(
    kinds: ObjectEventKind[],
    signal: AbortSignal,
    toEvent: EventMaker,
  ): AsyncGenerator<RouteEvent> {
    yield { kind: 'resync-start', kinds };
    for (const k of kinds) {
      const req = RESYNC_DUMPS[k];
      for (const family of req.families) {
        for await (const m of this.connection.dumpAsync(req.type, req.payload(family))) {
          if (signal.aborted) return;
          const ev = toEvent.object(m, true);
          if (ev) yield ev;
        }
      }
    }
    yield { kind: 'resync-end', kinds };
  }

  /** Close the request socket and end every open events() stream (their sockets close too). */
  close(): void {
    for (const s of [...this.streams]) s.abort();
    this.connection.close();
  }
}

/** Default bound of events() read-ahead, bytes. */
const EVENT_QUEUE_BYTES = 1024 * 1024;

/** The object kinds whose notifications go to any of `groups`, in registry order. */
function resyncKinds(groups: RouteGroupName[]): ObjectEventKind[] {
  const numbers = new Set(groups.map((g) => RTNLGRP[g]));
  const out: ObjectEventKind[] = [];
  for (const { rtnl } of rtnlObjects()) {
    const kind = ipObjectKindOf(rtnl.types.new);
    if (kind === undefined || kind === 'nsid' || out.includes(kind)) continue;
    if (rtnl.groups.some((g) => numbers.has(g.group))) out.push(kind);
  }
  return out;
}

/** The dump that re-lists each kind (as `nlts monitor` resyncs), per address family. */
const RESYNC_DUMPS: Record<
  ObjectEventKind,
  { type: number; families: number[]; payload: (family: number) => Uint8Array }
> = {
  link: {
    type: RTM_GETLINK,
    families: [0],
    payload: () => encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF }),
  },
  address: { type: RTM_GETADDR, families: [0], payload: (family) => encodeGetAddrRequest({ family }) },
  route: {
    type: RTM_GETROUTE,
    families: [0],
    payload: (family) => encodeRouteDumpRequest({ family, table: 0 }),
  },
  neighbour: { type: RTM_GETNEIGH, families: [0], payload: (family) => encodeNeighDumpRequest({ family }) },
  rule: {
    type: RTM_GETRULE,
    families: [AF_INET, AF_INET6],
    payload: (family) => encodeRuleDumpRequest(family),
  },
  nexthop: {
    type: RTM_GETNEXTHOP,
    families: [0],
    payload: (family) => encodeNexthopDumpRequest({ family }),
  },
  netconf: {
    type: RTM_GETNETCONF,
    families: [AF_INET, AF_INET6],
    payload: (family) => encodeNetconfRequest(family),
  },
};

/** How each kind's message is decoded for its event field. */
const EVENT_DECODE: { [K in ObjectEventKind]: (m: NetlinkMessage) => unknown } = {
  link: (m) => decodeLink(m.payload, m.type),
  address: (m) => decodeAddr(m.payload, m.type),
  route: (m) => decodeRoute(m.payload, m.type),
  neighbour: (m) => decodeNeigh(m.payload),
  rule: (m) => decodeRule(m.payload),
  nexthop: (m) => decodeNexthop(m.payload),
  netconf: (m) => decodeNetconf(m.payload),
};

/** The delete type of each object, to tell `del` events from `new` ones. */
const DELETE_TYPES = new Set(
  rtnlObjects().flatMap(({ rtnl }) => (rtnl.types.del === undefined ? [] : [rtnl.types.del])),
);

/** Turns received messages into events; `object` renders with one IpObjects per stream. */
interface EventMaker {
  (ev: NetlinkEvent): RouteEvent;
  object(m: NetlinkMessage, resync: boolean): RouteEvent | undefined;
  close(): void;
}

function eventMaker(objects: IpObjects): EventMaker {
  const object = (m: NetlinkMessage, resync: boolean): RouteEvent | undefined => {
    const kind = ipObjectKindOf(m.type);
    if (kind === undefined || kind === 'nsid') return undefined;
    let shown: IpObject | undefined;
    const ev: Record<string, unknown> = {
      kind,
      event: DELETE_TYPES.has(m.type) ? 'del' : 'new',
      [kind]: EVENT_DECODE[kind](m),
    };
    // Rendered on first read: a consumer that never looks pays nothing.
    Object.defineProperty(ev, 'object', {
      enumerable: true,
      get: () => (shown ??= objects.renderAs(kind, m)),
    });
    if (resync) ev.resync = true;
    return ev as unknown as RouteEvent;
  };
  const make = (ev: NetlinkEvent): RouteEvent => {
    if (ev.kind === 'lost') {
      const e = ev.error;
      return e instanceof QueueOverrunError
        ? { kind: 'lost', cause: 'queue', count: e.dropped }
        : { kind: 'lost', cause: 'kernel', count: null };
    }
    const m = ev.message;
    return (
      object(m, false) ?? {
        kind: 'message',
        type: m.type,
        payload: m.payload,
        group: ev.datagram.senderGroups,
      }
    );
  };
  return Object.assign(make, { object, close: () => objects.close() });
}
