/**
 * Typed neighbour changes (RTM_NEWNEIGH / RTM_DELNEIGH) for RouteClient: a
 * NeighChange, the structure `nlts neigh add|replace|change|del` parses ip's
 * words into, sent through the same encodeNeighChange.
 */
import { llAddrA2n, NEIGH_LLADDR_MAX } from '../iproute/ll-addr.js';
import { nudStateA2n } from '../iproute/nud.js';
import type { IprouteNames } from '../iproute/names.js';
import { parseAddr } from '../iproute/prefix.js';
import { encodeNeighChange, type NeighChange } from '../netlink/route/neigh.js';
import {
  NTF_EXT_LEARNED,
  NTF_EXT_MANAGED,
  NTF_PROXY,
  NTF_ROUTER,
  NUD_NONE,
  NUD_PERMANENT,
} from '../netlink/gen/neighbour.js';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../netlink/gen/netlink.js';
import { RTM_DELNEIGH, RTM_NEWNEIGH } from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../netlink/gen/socket.js';
import type { DeviceRef, Devices } from './devices.js';
import { InvalidRequestError, asRequestError } from './errors.js';
import { protocolId, type ProtocolName } from './names.js';
import type { ChangeRequest } from './request.js';

/** NUD states by ip's names (nud_state_a2n). */
export type NeighState =
  'permanent' | 'reachable' | 'stale' | 'noarp' | 'none' | 'incomplete' | 'delay' | 'probe' | 'failed';

/** A neighbour entry: what `ip neigh add ADDRESS lladdr LLADDR dev DEV …` takes. */
export interface NeighbourSpec {
  dev: DeviceRef;
  /** The neighbour's IPv4 or IPv6 address. */
  address: string;
  /** Its link-layer address; left out (or null) for none. */
  lladdr?: string | null;
  /** NUD state; permanent unless said. */
  state?: NeighState | number;
  router?: boolean;
  /** A proxy entry (`proxy ADDRESS`). */
  proxy?: boolean;
  externLearn?: boolean;
  /** Managed by the kernel (`managed`: NTF_EXT_MANAGED, state none). */
  managed?: boolean;
  protocol?: ProtocolName | number;
}

/** How a neighbour change is sent: the verbs of `ip neigh`. */
export type NeighVerb = 'add' | 'change' | 'replace' | 'delete';

const FLAGS: Readonly<Record<NeighVerb, number>> = {
  add: NLM_F_CREATE | NLM_F_EXCL,
  change: NLM_F_REPLACE,
  replace: NLM_F_CREATE | NLM_F_REPLACE,
  delete: 0,
};

/** The NeighChange of a NeighbourSpec, ifindex resolved (what parseNeighModify + modifyNeighbour send). */
export function neighRequest(
  verb: NeighVerb,
  spec: NeighbourSpec,
  devices: Devices,
  names: IprouteNames,
): ChangeRequest {
  const dst = parseAddr(spec.address, AF_UNSPEC);
  if (!dst || dst.isDefault || (dst.family !== AF_INET && dst.family !== AF_INET6))
    throw new InvalidRequestError(`"${spec.address}" is not an IPv4 or IPv6 address`, 'address');
  let state = NUD_PERMANENT;
  let extFlags = 0;
  let flags = 0;
  if (spec.proxy) flags |= NTF_PROXY;
  if (spec.router) flags |= NTF_ROUTER;
  if (spec.externLearn) flags |= NTF_EXT_LEARNED;
  if (spec.managed) {
    extFlags |= NTF_EXT_MANAGED;
    state = NUD_NONE;
  }
  if (spec.state !== undefined) {
    const s = typeof spec.state === 'number' ? spec.state : nudStateA2n(spec.state);
    if (s === undefined || (typeof spec.state === 'string' && !isState(spec.state)))
      throw new InvalidRequestError(`"${spec.state}" is not a neighbour state`, 'state');
    state = s;
  }
  const change: NeighChange = {
    family: dst.family,
    ifindex: devices.index(spec.dev),
    state,
    flags,
    protocols: spec.protocol !== undefined ? [protocolId(names, 'protocol', spec.protocol)] : [],
    dst: dst.bytes,
    extFlags,
  };
  if (spec.lladdr !== undefined && spec.lladdr !== null) {
    const text = spec.lladdr;
    change.lladdr = asRequestError('lladdr', () => llAddrA2n(text, NEIGH_LLADDR_MAX));
  }
  return {
    type: verb === 'delete' ? RTM_DELNEIGH : RTM_NEWNEIGH,
    flags: FLAGS[verb],
    payload: encodeNeighChange(change),
    fds: [],
  };
}

/** A whole state name (nud_state_a2n also takes abbreviations, which a typed API does not need). */
function isState(s: string): s is NeighState {
  return [
    'permanent',
    'reachable',
    'stale',
    'noarp',
    'none',
    'incomplete',
    'delay',
    'probe',
    'failed',
  ].includes(s);
}
