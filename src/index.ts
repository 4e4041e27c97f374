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
/**
 * Changes through RouteClient (addLink, addAddress, addRoute, addNeighbour,
 * addRule, addNexthop, …): their request types, and the errors besides the
 * kernel's NetlinkKernelError (exported with the other netlink errors).
 */
export type { DeviceRef } from './api/devices.js';
export { LinkNotFoundError, InvalidRequestError, attributePath } from './api/errors.js';
export type {
  AddLinkSpec,
  SetLinkSpec,
  LinkSettings,
  LinkKindSpec,
  VethPeer,
  MacvlanMode,
  BridgeOptions,
} from './api/link-change.js';
export type { AddressSpec, DeleteAddressSpec, AddressFlag } from './api/address-change.js';
export type { RouteSpec, RouteNexthop, RouteMetrics, RouteType, RouteVerb } from './api/route-change.js';
export type { NeighbourSpec, NeighState, NeighVerb } from './api/neigh-change.js';
export type { RuleSpec, Range } from './api/rule-change.js';
export type { NexthopObjectSpec } from './api/nexthop-change.js';
export type { ScopeName, ProtocolName, TableName } from './api/names.js';
/** Objects as `ip -j` prints them, with the decoded message as `raw`. */
export {
  IpObjects,
  toIpObject,
  ipObjectKindOf,
  type IpObject,
  type IpObjectKind,
  type IpObjectKinds,
  type IpObjectsOptions,
  type IpLink,
  type IpAddress,
  type IpAddrInfo,
  type IpRoute,
  type IpNeighbour,
  type IpRule,
  type IpNexthop,
  type IpNetconf,
  type IpNsid,
  type Json,
} from './api/ip-objects.js';
export type { ShowOptions } from './api/read-objects.js';
/** The request structures and encoders the CLI and the library share. */
export {
  encodeRouteChange,
  newRouteChange,
  finishRouteChange,
  type RouteChange,
  type RouteChangeNexthop,
  type RouteEncap,
  type DeviceResolver,
} from './netlink/route/route.js';
export { encodeNeighChange, type NeighChange } from './netlink/route/neigh.js';
export { encodeRuleChange, newRuleHeader, finishRuleHeader, type RuleHeader } from './netlink/route/rule.js';
export {
  encodeNexthopChange,
  decodeNexthop,
  type NexthopSpec,
  type NexthopMessage,
  type NexthopGroupMember,
} from './netlink/route/nexthop.js';
export {
  encodeIfaddrmsg,
  encodeIfaLifetimes,
  ipv4BroadcastFor,
  type IfaddrmsgHeader,
} from './netlink/route/addr.js';
export {
  encodeIfinfomsg,
  encodeLinkInfo,
  encodeVethPeer,
  encodeVxlanTail,
  encodeMacvlanTail,
  type IfinfoHeader,
  type VxlanTail,
} from './netlink/route/link-change.js';
/** Kernel events beyond rtnetlink: generic netlink groups, the proc connector, uevents. */
export {
  genlEvents,
  procEvents,
  uevents,
  type GenlEvent,
  type KernelEventOptions,
  type ProcEventRecord,
  type UeventRecord,
} from './api/kernel-events.js';
export type { LostEvent, EventOptions, ObjectEventKind } from './api/route-client.js';
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
