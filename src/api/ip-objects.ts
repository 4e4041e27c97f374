/**
 * Objects people can use: every rtnetlink object as the JSON object
 * `ip -j` (and `nlts -j … show`, and `nlts -j monitor`'s "object") prints
 * for it, produced by the very renderer the CLI prints with, with the
 * decoded message still reachable as a non-enumerable `raw`.
 *
 * The seam is the monitor's per-source renderer (RTNL_SOURCES in
 * src/commands/monitor/rtnl.ts: "JSON as the show command prints it"),
 * written into a JSON Printer over a StringOutput and parsed back.
 */
import type { NetlinkMessage } from '../netlink/codec/message.js';
import { Connection } from '../netlink/connection.js';
import { openNativeTransport } from '../netlink/native-transport.js';
import { inNetns, type TransportFactory } from '../netlink/transport.js';
import { NETLINK_ROUTE } from '../netlink/gen/netlink.js';
import { decodeLink, type LinkMessage } from '../netlink/route/link.js';
import { decodeAddr, type AddrMessage } from '../netlink/route/addr.js';
import { decodeRoute, type RouteMessage } from '../netlink/route/route.js';
import { decodeNeigh, type NeighMessage } from '../netlink/route/neigh.js';
import { decodeRule, type RuleMessage } from '../netlink/route/rule.js';
import { decodeNexthop, type NexthopMessage } from '../netlink/route/nexthop.js';
import { decodeNetconf, type NetconfMessage } from '../netlink/route/netconf.js';
import { lookupNamedNetns } from '../netlink/route/netns.js';
import { LinkCache } from '../iproute/link-cache.js';
import type { IprouteNames } from '../iproute/names.js';
import { Printer } from '../output/printer.js';
import { StringOutput } from '../output/output.js';
import { NetnsNameCache } from '../iproute/netns-map.js';
import { RTNL_SOURCES, type MonitorContext, type RtnlSource } from '../commands/monitor/rtnl.js';
import type { LinkRenderExtras } from '../commands/link/render-base.js';
import { libraryNames } from './names.js';

/** A JSON value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * An element of `ip -j link show`. The fields listed are the ones every
 * link has or commonly has; the object holds whatever ip prints.
 */
export interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  qdisc?: string;
  master?: string;
  operstate: string;
  linkmode?: string;
  group: string;
  txqlen?: number;
  link_type: string;
  address?: string;
  broadcast?: string;
  link?: string;
  link_index?: number;
  link_netnsid?: number;
  altnames?: string[];
  [key: string]: unknown;
}

/** One element of an `ip -j address show` entry's addr_info. */
export interface IpAddrInfo {
  family: 'inet' | 'inet6' | string;
  local: string;
  address?: string;
  prefixlen: number;
  broadcast?: string;
  scope: string;
  label?: string;
  dynamic?: boolean;
  valid_life_time: number;
  preferred_life_time: number;
  [key: string]: unknown;
}

/**
 * One address in the shape of `ip -j address show`'s entries, reduced to
 * the link's identification and this one address (as `ip -j monitor` and
 * `nlts -j monitor address` print an address).
 */
export interface IpAddress {
  ifindex: number;
  ifname: string;
  addr_info: [IpAddrInfo];
  [key: string]: unknown;
}

/** An element of `ip -j route show`. */
export interface IpRoute {
  type?: string;
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  table?: string;
  flags: string[];
  nexthops?: { gateway?: string; dev?: string; weight?: number; flags: string[] }[];
  metrics?: Json[];
  [key: string]: unknown;
}

/** An element of `ip -j neigh show`. */
export interface IpNeighbour {
  dst: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
  [key: string]: unknown;
}

/** An element of `ip -j rule show`. */
export interface IpRule {
  priority: number;
  src: string;
  srclen?: number;
  dst?: string;
  table?: string;
  [key: string]: unknown;
}

/** An element of `ip -j nexthop show`. */
export interface IpNexthop {
  id: number;
  group?: { id: number; weight?: number }[];
  dev?: string;
  gateway?: string;
  scope?: string;
  protocol?: string;
  flags?: string[];
  [key: string]: unknown;
}

/** An element of `ip -j netconf show`. */
export interface IpNetconf {
  family: string;
  ifname: string;
  [key: string]: unknown;
}

/** An element of `ip -j netns list-id`-like nsid events. */
export interface IpNsid {
  nsid: number;
  [key: string]: unknown;
}

/** The object kinds, each with its `ip -j` shape and its decoded message. */
export interface IpObjectKinds {
  link: { json: IpLink; raw: LinkMessage };
  address: { json: IpAddress; raw: AddrMessage };
  route: { json: IpRoute; raw: RouteMessage };
  neighbour: { json: IpNeighbour; raw: NeighMessage };
  rule: { json: IpRule; raw: RuleMessage };
  nexthop: { json: IpNexthop; raw: NexthopMessage };
  netconf: { json: IpNetconf; raw: NetconfMessage };
  nsid: { json: IpNsid; raw: NetlinkMessage };
}

export type IpObjectKind = keyof IpObjectKinds;

/**
 * An object as `ip -j` prints it; `raw` (not enumerable, so JSON.stringify
 * leaves it out) is the decoded netlink message with every attribute, known
 * or not.
 */
export type IpObject<K extends IpObjectKind = IpObjectKind> = IpObjectKinds[K]['json'] & {
  readonly raw: IpObjectKinds[K]['raw'];
};

/** The monitor's source name (the registry's monitor word) of each kind. */
export const SOURCE_OF: Readonly<Record<IpObjectKind, RtnlSource['name']>> = {
  link: 'link',
  address: 'addr',
  route: 'route',
  neighbour: 'neigh',
  rule: 'rule',
  nexthop: 'nexthop',
  netconf: 'netconf',
  nsid: 'nsid',
};

const KIND_OF = new Map<string, IpObjectKind>(
  Object.entries(SOURCE_OF).map(([kind, source]) => [source, kind as IpObjectKind]),
);

/** How each kind's message is decoded for `raw` (a copy: the receive buffer is reused). */
const DECODE: { [K in IpObjectKind]: (m: NetlinkMessage) => IpObjectKinds[K]['raw'] } = {
  link: (m) => decodeLink(m.payload.slice(), m.type),
  address: (m) => decodeAddr(m.payload.slice(), m.type),
  route: (m) => decodeRoute(m.payload.slice(), m.type),
  neighbour: (m) => decodeNeigh(m.payload.slice()),
  rule: (m) => decodeRule(m.payload.slice()),
  nexthop: (m) => decodeNexthop(m.payload.slice()),
  netconf: (m) => decodeNetconf(m.payload.slice()),
  nsid: (m) => ({ ...m, payload: m.payload.slice() }),
};

/** The kind of an rtnetlink message by its type (RTM_NEW*, RTM_DEL*, RTM_GETNEIGH); undefined for others. *
 * @example
 * ipObjectKindOf(RTM_NEWROUTE); // 'route'
 * ipObjectKindOf(RTM_DELNEIGH); // 'neighbour'
 */
export function ipObjectKindOf(type: number): IpObjectKind | undefined {
  const s = RTNL_SOURCES.find(
    (x) => x.newType === type || x.delType === type || (x.otherTypes ?? []).includes(type),
  );
  return s ? KIND_OF.get(s.name) : undefined;
}

/** Where an IpObjects renderer looks names up: the namespace of the client it serves. */
export interface IpObjectsOptions {
  netns?: string;
  transports?: TransportFactory;
}

/**
 * Renders messages of one network namespace into `ip -j` objects. Names of
 * other links (a route's `dev`, a link's `master`) are looked up on a socket
 * of its own, opened on first need and kept until close(); link messages it
 * renders keep its name cache current, as ip monitor's does.
 *
 * @example
 * const objects = new IpObjects({ netns: 'blue' }); // or nl.ipObjects()
 * try {
 *   for (const m of conn.dump(RTM_GETROUTE, encodeRouteDumpRequest({ family: 2 })))
 *     console.log(JSON.stringify(objects.render(m))); // an element of `ip -j route show table all`
 * } finally {
 *   objects.close();
 * }
 */
export class IpObjects {
  private query: Connection | undefined;
  private links: LinkCache | undefined;
  private db: IprouteNames | undefined;
  private netns: NetnsNameCache | undefined;
  private readonly out = new StringOutput();
  private readonly printer = new Printer(this.out, { json: true });
  private readonly ctx: MonitorContext & LinkRenderExtras;

  constructor(private readonly options: IpObjectsOptions = {}) {
    const names = (): IprouteNames => (this.db ??= libraryNames());
    this.ctx = {
      stats: 0,
      details: 0,
      oneline: false,
      nameOf: (i) => this.cache().knownName(i),
      flagsOf: (i) => (this.cache().knownName(i) === undefined ? 0 : this.cache().flagsOf(i)),
      typeOf: (i) => this.cache().typeOf(i),
      remember: (l) => {
        if (!l.deleted) this.cache().remember(l);
      },
      netnsNameOf: (nsid) => this.netnsNames().get(nsid),
      netnsNames: () => this.netnsNames(),
      scopeName: (scope) => names().scopeName(scope),
      names,
      groupName: (g) => names().groupNameOrUndefined(g),
      protodownReasonName: (bit) => names().protodownReasonName(bit),
      numeric: false,
      color: false,
    };
  }

  private connection(): Connection {
    return (this.query ??= Connection.open(
      this.options.transports ?? openNativeTransport,
      NETLINK_ROUTE,
      inNetns(this.options.netns),
    ));
  }

  private cache(): LinkCache {
    return (this.links ??= new LinkCache(this.connection()));
  }

  private netnsNames(): NetnsNameCache {
    const factory = this.options.transports ?? openNativeTransport;
    const netns = this.options.netns ?? null;
    return (this.netns ??= new NetnsNameCache(lookupNamedNetns(factory, netns), (nsid) =>
      lookupNamedNetns(factory, netns).get(nsid),
    ));
  }

  /**
   * The `ip -j` object of a message (RTM_NEW* and RTM_DEL* alike: a deleted
   * object has the shape it had), or undefined when the message is of no
   * object kind.
   */
  render(message: NetlinkMessage): IpObject | undefined {
    const kind = ipObjectKindOf(message.type);
    return kind === undefined ? undefined : this.renderAs(kind, message);
  }

  /** The `ip -j` object of a message of a known kind. */
  renderAs<K extends IpObjectKind>(kind: K, message: NetlinkMessage): IpObject<K> {
    const source = RTNL_SOURCES.find((s) => s.name === SOURCE_OF[kind]);
    if (!source) throw new Error(`no renderer for ${kind}`);
    const p = this.printer;
    p.reset();
    this.out.text = '';
    source.render(p, message, this.ctx);
    const text = this.out.text;
    this.out.text = '';
    const json = (text === '' ? {} : JSON.parse(text)) as IpObject<K>;
    Object.defineProperty(json, 'raw', { value: DECODE[kind](message), enumerable: false });
    return json;
  }

  /** Close the name-lookup socket, if one was opened. */
  close(): void {
    this.query?.close();
    this.query = undefined;
    this.links = undefined;
  }
}

/**
 * The `ip -j` object of one rtnetlink message of `kind`, names looked up
 * in the namespace of `renderer` (a new one for this call, in the
 * current namespace, when none is given). RouteClient.events() can call
 * it to give events the same objects as reads.
 *
 * @example
 * const obj = toIpObject('route', message, objects);
 * console.log(JSON.stringify(obj)); // exactly an element of `ip -j route show`
 * console.log(obj.raw.table);       // the decoded RTM_NEWROUTE
 */
export function toIpObject<K extends IpObjectKind>(
  kind: K,
  message: NetlinkMessage,
  renderer?: IpObjects,
): IpObject<K> {
  if (renderer) return renderer.renderAs(kind, message);
  const own = new IpObjects();
  try {
    return own.renderAs(kind, message);
  } finally {
    own.close();
  }
}
