/**
 * Typed nexthop object changes (RTM_NEWNEXTHOP / RTM_DELNEXTHOP) for
 * RouteClient: a NexthopSpec, the structure `nlts nexthop add|replace|del`
 * parses ip's words into, sent through the same encodeNexthopChange.
 */
import type { IprouteNames } from '../iproute/names.js';
import { parseAddr } from '../iproute/prefix.js';
import { encodeNexthopChange, type NexthopSpec } from '../netlink/route/nexthop.js';
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES } from '../netlink/gen/nexthop.js';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/gen/netlink.js';
import { RTM_DELNEXTHOP, RTM_NEWNEXTHOP, RTNH_F_ONLINK } from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6 } from '../netlink/gen/socket.js';
import type { DeviceRef, Devices } from './devices.js';
import { InvalidRequestError } from './errors.js';
import { protocolId, u32Option, type ProtocolName } from './names.js';
import type { ChangeRequest } from './request.js';

/** A nexthop object (`ip nexthop add id ID via GW dev DEV`) or a group of them (`group 1/2`). */
export interface NexthopObjectSpec {
  id: number;
  /** 'inet6' for a device-only IPv6 nexthop; otherwise taken from the gateway, IPv4 by default. */
  family?: 'inet' | 'inet6';
  dev?: DeviceRef;
  gateway?: string;
  onlink?: boolean;
  blackhole?: boolean;
  fdb?: boolean;
  /** The members of a group: nexthop ids, each with a weight 1..256 (default 1). */
  group?: { id: number; weight?: number }[];
  /** mpath (default) or resilient. */
  groupType?: 'mpath' | 'resilient';
  /** A resilient group's table: buckets, and timers in seconds. */
  resilient?: { buckets?: number; idleTimer?: number; unbalancedTimer?: number };
  protocol?: ProtocolName | number;
}

/** The NexthopSpec of an object, as parseNexthopChange makes it of the same words. */
export function nexthopSpec(spec: NexthopObjectSpec, devices: Devices, names: IprouteNames): NexthopSpec {
  const out: NexthopSpec = {
    family: spec.family === 'inet6' ? AF_INET6 : spec.family === 'inet' ? AF_INET : 0,
    id: u32Option('id', spec.id),
  };
  if (spec.dev !== undefined) {
    out.oif = devices.index(spec.dev);
    if (out.family === 0) out.family = AF_INET;
  }
  if (spec.gateway !== undefined) {
    const a = parseAddr(spec.gateway, spec.family === undefined ? 0 : out.family);
    if (!a || a.isDefault)
      throw new InvalidRequestError(`"${spec.gateway}" is not an address of the nexthop's family`, 'gateway');
    out.family = a.family;
    out.gateway = a.bytes;
  }
  if (spec.blackhole) {
    out.blackhole = true;
    if (out.family === 0) out.family = AF_INET;
  }
  if (spec.fdb) out.fdb = true;
  if (spec.group) {
    out.group = spec.group.map((m, i) => {
      const w = m.weight ?? 1;
      if (!Number.isInteger(w) || w < 1 || w > 256)
        throw new InvalidRequestError(`${w} is not in 1..256`, `group[${i}].weight`);
      return { id: u32Option(`group[${i}].id`, m.id), weight: w - 1 };
    });
  }
  if (spec.groupType !== undefined) {
    out.groupType = spec.groupType === 'resilient' ? NEXTHOP_GRP_TYPE_RES : NEXTHOP_GRP_TYPE_MPATH;
    if (spec.groupType === 'resilient' && spec.resilient) {
      const r = spec.resilient;
      out.resGroup = {};
      if (r.buckets !== undefined) out.resGroup.buckets = u32Option('resilient.buckets', r.buckets, 0xffff);
      // parse_nh_group_type_res: seconds to clock_t ticks (USER_HZ 100).
      if (r.idleTimer !== undefined)
        out.resGroup.idleTimer = u32Option('resilient.idleTimer', r.idleTimer * 100);
      if (r.unbalancedTimer !== undefined)
        out.resGroup.unbalancedTimer = u32Option('resilient.unbalancedTimer', r.unbalancedTimer * 100);
    }
  }
  if (spec.protocol !== undefined) out.protocol = protocolId(names, 'protocol', spec.protocol);
  out.flags = spec.onlink ? RTNH_F_ONLINK : 0;
  return out;
}

/** RTM_NEWNEXTHOP for add (NLM_F_CREATE|NLM_F_EXCL) or replace (NLM_F_CREATE|NLM_F_REPLACE). */
export function nexthopRequest(
  verb: 'add' | 'replace',
  spec: NexthopObjectSpec,
  devices: Devices,
  names: IprouteNames,
): ChangeRequest {
  return {
    type: RTM_NEWNEXTHOP,
    flags: NLM_F_CREATE | (verb === 'add' ? NLM_F_EXCL : NLM_F_REPLACE),
    payload: encodeNexthopChange(nexthopSpec(spec, devices, names)),
    fds: [],
  };
}

/** RTM_DELNEXTHOP of one id, as `ip nexthop del id ID` sends it. */
export function deleteNexthopRequest(id: number): ChangeRequest {
  return {
    type: RTM_DELNEXTHOP,
    flags: 0,
    payload: encodeNexthopChange({ family: 0, id: u32Option('id', id), flags: 0 }),
    fds: [],
  };
}
