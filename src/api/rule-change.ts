/**
 * Typed policy-routing rule changes (RTM_NEWRULE / RTM_DELRULE) for
 * RouteClient: struct fib_rule_hdr from newRuleHeader/finishRuleHeader and
 * FRA_* attributes sent through encodeRuleChange, as `nlts rule add|del`
 * sends them.
 */
import type { IprouteNames } from '../iproute/names.js';
import { parsePrefix } from '../iproute/prefix.js';
import { AttributeEncoder } from '../netlink/codec/attributes.js';
import { isValidIfname } from '../netlink/route/link.js';
import {
  encodeRuleChange,
  finishRuleHeader,
  newRuleHeader,
  portRangeBytes,
  ruleRequestFlags,
  uidRangeBytes,
} from '../netlink/route/rule.js';
import * as fib from '../netlink/gen/fib_rules.js';
import {
  RTM_DELRULE,
  RTM_NEWRULE,
  RTN_BLACKHOLE,
  RTN_PROHIBIT,
  RTN_UNREACHABLE,
} from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../netlink/gen/socket.js';
import { InvalidRequestError } from './errors.js';
import { protocolId, tableId, u32Option, type ProtocolName, type TableName } from './names.js';
import type { ChangeRequest } from './request.js';

/** A port or uid range: one number, or [first, last]. */
export type Range = number | readonly [number, number];

/** A rule: what `ip rule add|del` takes. Unset selectors match anything. */
export interface RuleSpec {
  /** 'inet6' for an IPv6 rule; otherwise from `from`/`to`, IPv4 by default. */
  family?: 'inet' | 'inet6';
  priority?: number;
  /** Source prefix. */
  from?: string;
  /** Destination prefix. */
  to?: string;
  /** Invert the selectors (`not`). */
  not?: boolean;
  tos?: number;
  fwmark?: number;
  fwmask?: number;
  /** Input interface name (`iif`); need not exist yet. */
  iif?: string;
  /** Output interface name (`oif`). */
  oif?: string;
  /** Table to look up (`lookup`): the main table for an add unless said. */
  table?: TableName | number;
  /** What the rule does besides looking up `table`. */
  action?: 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';
  /** The priority `action: 'goto'` jumps to. */
  goto?: number;
  suppressPrefixLength?: number;
  suppressIfgroup?: number;
  protocol?: ProtocolName | number;
  /** IP protocol number (6 for TCP). */
  ipproto?: number;
  sport?: Range;
  dport?: Range;
  uidrange?: readonly [number, number];
  l3mdev?: boolean;
  realms?: number;
}

function range(option: string, r: Range, max: number): [number, number] {
  const [a, b] = typeof r === 'number' ? [r, r] : r;
  return [u32Option(option, a, max), u32Option(option, b, max)];
}

/** RTM_NEWRULE (NLM_F_CREATE|NLM_F_EXCL) or RTM_DELRULE of a rule, attributes in iprule_modify's order. */
export function ruleRequest(verb: 'add' | 'delete', spec: RuleSpec, names: IprouteNames): ChangeRequest {
  const cmd = verb === 'add' ? RTM_NEWRULE : RTM_DELRULE;
  const family = spec.family === 'inet6' ? AF_INET6 : spec.family === 'inet' ? AF_INET : AF_UNSPEC;
  const h = newRuleHeader(cmd, family);
  const e = new AttributeEncoder();
  let tableGiven = false;
  if (spec.not) h.flags |= fib.FIB_RULE_INVERT;
  for (const key of ['from', 'to'] as const) {
    const text = spec[key];
    if (text === undefined) continue;
    const p = parsePrefix(text, h.family);
    if (!p) throw new InvalidRequestError(`"${text}" is not a prefix of the rule's family`, key);
    if (h.family === AF_UNSPEC && !p.isDefault) h.family = p.family;
    if (key === 'from') h.srcLen = p.bitlen;
    else h.dstLen = p.bitlen;
    e.bytes(key === 'from' ? fib.FRA_SRC : fib.FRA_DST, p.bytes);
  }
  if (spec.priority !== undefined) e.u32(fib.FRA_PRIORITY, u32Option('priority', spec.priority));
  if (spec.tos !== undefined) h.tos = u32Option('tos', spec.tos, 255);
  if (spec.fwmark !== undefined) {
    e.u32(fib.FRA_FWMARK, u32Option('fwmark', spec.fwmark));
    if (spec.fwmask !== undefined) e.u32(fib.FRA_FWMASK, u32Option('fwmask', spec.fwmask));
  }
  if (spec.realms !== undefined) e.u32(fib.FRA_FLOW, u32Option('realms', spec.realms));
  if (spec.protocol !== undefined) e.u8(fib.FRA_PROTOCOL, protocolId(names, 'protocol', spec.protocol));
  if (spec.table !== undefined) {
    const t = tableId(names, 'table', spec.table);
    if (t < 256) h.table = t;
    else {
      h.table = 0;
      e.u32(fib.FRA_TABLE, t);
    }
    tableGiven = true;
  }
  if (spec.suppressPrefixLength !== undefined)
    e.u32(
      fib.FRA_SUPPRESS_PREFIXLEN,
      u32Option('suppressPrefixLength', spec.suppressPrefixLength, 0x7fffffff),
    );
  if (spec.suppressIfgroup !== undefined)
    e.u32(fib.FRA_SUPPRESS_IFGROUP, u32Option('suppressIfgroup', spec.suppressIfgroup));
  for (const key of ['iif', 'oif'] as const) {
    const name = spec[key];
    if (name === undefined) continue;
    if (!isValidIfname(name)) throw new InvalidRequestError(`"${name}" is not a valid interface name`, key);
    e.string(key === 'iif' ? fib.FRA_IFNAME : fib.FRA_OIFNAME, name);
  }
  if (spec.l3mdev) {
    if (tableGiven) throw new InvalidRequestError('table can not be specified for l3mdev rules', 'l3mdev');
    e.u8(fib.FRA_L3MDEV, 1);
    tableGiven = true;
  }
  if (spec.uidrange !== undefined) {
    const [a, b] = range('uidrange', spec.uidrange, 0xffffffff);
    e.bytes(fib.FRA_UID_RANGE, uidRangeBytes(a, b));
  }
  if (spec.ipproto !== undefined) e.u8(fib.FRA_IP_PROTO, u32Option('ipproto', spec.ipproto, 255));
  for (const key of ['sport', 'dport'] as const) {
    const r = spec[key];
    if (r === undefined) continue;
    const [a, b] = range(key, r, 0xffff);
    e.bytes(key === 'sport' ? fib.FRA_SPORT_RANGE : fib.FRA_DPORT_RANGE, portRangeBytes(a, b));
  }
  if (spec.action !== undefined && spec.action !== 'lookup') {
    const actions = {
      goto: fib.FR_ACT_GOTO,
      nop: fib.FR_ACT_NOP,
      blackhole: RTN_BLACKHOLE,
      unreachable: RTN_UNREACHABLE,
      prohibit: RTN_PROHIBIT,
    } as const;
    const a = actions[spec.action];
    if (a === undefined) throw new InvalidRequestError(`unknown action "${spec.action}"`, 'action');
    if (spec.action === 'goto') {
      if (spec.goto === undefined) throw new InvalidRequestError('goto needs a target priority', 'goto');
      e.u32(fib.FRA_GOTO, u32Option('goto', spec.goto));
    }
    h.action = a;
    tableGiven = true;
  } else if (spec.action === 'lookup' && cmd === RTM_DELRULE) {
    h.action = fib.FR_ACT_TO_TBL;
  }
  finishRuleHeader(h, cmd, tableGiven);
  return { type: cmd, flags: ruleRequestFlags(cmd), payload: encodeRuleChange(h, e.finish()), fds: [] };
}
