/**
 * nlts as a library: the same core the CLI uses.
 *
 *   import { Connection, openNativeTransport, NETLINK_ROUTE } from 'nlts';
 *   const conn = Connection.open(openNativeTransport, NETLINK_ROUTE, { netns: 'blue' });
 *   for (const msg of conn.dump(RTM_GETLINK, encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF }))) { … }
 */
export * from './netlink/codec/index.js';
export * from './netlink/constants.js';
export * from './netlink/errors.js';
export {
  Connection,
  DUMP_RETRIES,
  decodeError,
  attributeAtOffset,
  type DumpResult,
} from './netlink/connection.js';
export type { Datagram, OpenOptions, Transport, TransportFactory } from './netlink/transport.js';
export { NativeTransport, openNativeTransport, netnsPath } from './netlink/native-transport.js';
export { Recorder, Replayer, ReplayMismatchError, type Recording } from './netlink/recording.js';
export * from './netlink/route/link.js';
export { Printer, PRINT_ANY, PRINT_FP, PRINT_JSON } from './output/printer.js';
export { StringOutput, FdOutput, type Output } from './output/output.js';
export { run } from './cli/main.js';
export { receiveEvents, joinGroup, leaveGroup, type NetlinkEvent } from './netlink/events.js';
export { receiveDatagrams, type ReceiveOptions } from './netlink/events.js';
export {
  pump,
  fromKernel,
  type PumpHandlers,
  type PumpOptions,
  type PumpResult,
  type PumpStats,
  type SenderFilter,
} from './netlink/pump.js';
export {
  RouteClient,
  RTNLGRP,
  type ClientOptions,
  type RouteEvent,
  type RouteGroupName,
} from './api/route-client.js';
/** Generic netlink: family lookup (cached per connection), policies, the spec-driven codec. */
export * as genl from './netlink/genl/index.js';
export { AddrMessage, decodeAddr } from './netlink/route/addr.js';
export { RouteMessage, decodeRoute } from './netlink/route/route.js';
export { decodeNeigh, type NeighMessage } from './netlink/route/neigh.js';
export { decodeRule, type RuleMessage } from './netlink/route/rule.js';
export { inet4Ntop, inet6Ntop } from './netlink/inet.js';
/** The drop monitor (NET_DM) and kernel symbols, as `nlts dropwatch` uses them. */
export { DropMonitor, NoDropMonitorError, type MonitorConfig, type Traced } from './netlink/netdm/control.js';
export { decodeAlert, type PacketAlert, type SummaryAlert } from './netlink/netdm/decode.js';
export { Kallsyms, formatSymbol } from './netlink/kallsyms.js';
export {
  RTM_DELADDR,
  RTM_DELNEIGH,
  RTM_DELROUTE,
  RTM_DELRULE,
  RTM_GETADDR,
  RTM_GETNEIGH,
  RTM_GETROUTE,
  RTM_GETRULE,
  RTM_NEWADDR,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
  RTM_NEWRULE,
} from './netlink/gen/rtnetlink.js';
export * from './netlink/gen/netlink.js';
export * from './netlink/gen/rtnetlink.js';
export * from './netlink/gen/socket.js';
export * from './netlink/gen/if_link.js';
export * from './netlink/gen/if.js';
export * from './netlink/gen/if_arp.js';
