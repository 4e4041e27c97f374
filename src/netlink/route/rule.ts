import { AttributeIndex, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { FIB_RULE_HDR_LEN, FR_ACT_TO_TBL, FR_ACT_UNSPEC } from '../gen/fib_rules.js';
import { NLM_F_CREATE, NLM_F_EXCL } from '../gen/netlink.js';
import { RTM_NEWRULE, RT_TABLE_MAIN } from '../gen/rtnetlink.js';
import { AF_INET, AF_UNSPEC } from '../gen/socket.js';

/** struct fib_rule_hdr (<linux/fib_rules.h>) of a rule to add or delete. */
export interface RuleHeader {
  family: number;
  dstLen: number;
  srcLen: number;
  tos: number;
  /** The 8-bit table field (RT_TABLE_UNSPEC when FRA_TABLE carries the id). */
  table: number;
  action: number;
  flags: number;
}

/** One RTM_NEWRULE/DELRULE: struct fib_rule_hdr and its attributes (first of a type wins). */
export interface RuleMessage extends RuleHeader {
  attrs: AttributeIndex;
}

export function decodeRule(payload: Uint8Array): RuleMessage {
  if (payload.length < FIB_RULE_HDR_LEN) {
    throw new CodecError(`fib_rule_hdr needs ${FIB_RULE_HDR_LEN} bytes, got ${payload.length}`, 0);
  }
  const dv = view(payload);
  // Offsets in a CodecError are offsets in the payload.
  const attrs = new AttributeIndex(payload, FIB_RULE_HDR_LEN);
  return {
    family: dv.getUint8(0),
    dstLen: dv.getUint8(1),
    srcLen: dv.getUint8(2),
    tos: dv.getUint8(3),
    table: dv.getUint8(4),
    action: dv.getUint8(7),
    flags: dv.getUint32(8, HOST_LITTLE_ENDIAN),
    attrs,
  };
}

/** struct fib_rule_uid_range / fib_rule_port_range from an attribute (zeros when short). */
export function uidRange(a: Attribute): { start: number; end: number } {
  if (a.data.length < 8) return { start: 0, end: 0 };
  const dv = view(a.data);
  return { start: dv.getUint32(0, HOST_LITTLE_ENDIAN), end: dv.getUint32(4, HOST_LITTLE_ENDIAN) };
}
export function portRange(a: Attribute): { start: number; end: number } {
  if (a.data.length < 4) return { start: 0, end: 0 };
  const dv = view(a.data);
  return { start: dv.getUint16(0, HOST_LITTLE_ENDIAN), end: dv.getUint16(2, HOST_LITTLE_ENDIAN) };
}

/** The RTM_GETRULE dump request of iproute2's rtnl_ruledump_req: a bare header with the family. */
export function encodeRuleDumpRequest(family: number): Uint8Array {
  const out = new Uint8Array(FIB_RULE_HDR_LEN);
  out[0] = family;
  return out;
}

/** RTM_NEWRULE / RTM_DELRULE payload: the header followed by already-encoded FRA_* attributes. */
export function encodeRuleChange(h: RuleHeader, attrs: Uint8Array): Uint8Array {
  const out = new Uint8Array(FIB_RULE_HDR_LEN + attrs.length);
  const dv = view(out);
  dv.setUint8(0, h.family);
  dv.setUint8(1, h.dstLen);
  dv.setUint8(2, h.srcLen);
  dv.setUint8(3, h.tos);
  dv.setUint8(4, h.table);
  dv.setUint8(7, h.action);
  dv.setUint32(8, h.flags >>> 0, HOST_LITTLE_ENDIAN);
  out.set(attrs, FIB_RULE_HDR_LEN);
  return out;
}

/** struct fib_rule_uid_range / fib_rule_port_range as attribute values (host order). */
export function uidRangeBytes(start: number, end: number): Uint8Array {
  const b = new Uint8Array(8);
  const dv = view(b);
  dv.setUint32(0, start >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint32(4, end >>> 0, HOST_LITTLE_ENDIAN);
  return b;
}
export function portRangeBytes(start: number, end: number): Uint8Array {
  const b = new Uint8Array(4);
  const dv = view(b);
  dv.setUint16(0, start & 0xffff, HOST_LITTLE_ENDIAN);
  dv.setUint16(2, end & 0xffff, HOST_LITTLE_ENDIAN);
  return b;
}

/**
 * iprule_modify's header before any word is read: the action is "to table"
 * for an add and unspecified (matching any) for a delete.
 *
 * @example
 * const h = newRuleHeader(RTM_NEWRULE, AF_INET); // action FR_ACT_TO_TBL
 */
export function newRuleHeader(cmd: number, family: number): RuleHeader {
  return {
    family,
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: 0,
    action: cmd === RTM_NEWRULE ? FR_ACT_TO_TBL : FR_ACT_UNSPEC,
    flags: 0,
  };
}

/**
 * iprule_modify's defaults once everything is read: IPv4 when no address
 * fixed the family, and the main table for an add that named no table and
 * no action of its own (`tableGiven`).
 *
 * @example
 * finishRuleHeader(h, RTM_NEWRULE, false); // h.table = RT_TABLE_MAIN
 * conn.request(RTM_NEWRULE, encodeRuleChange(h, attrs), ruleRequestFlags(RTM_NEWRULE));
 */
export function finishRuleHeader(h: RuleHeader, cmd: number, tableGiven: boolean): void {
  if (h.family === AF_UNSPEC) h.family = AF_INET;
  if (!tableGiven && cmd === RTM_NEWRULE) h.table = RT_TABLE_MAIN;
}

/** NLM_F_CREATE|NLM_F_EXCL for add, nothing for delete (iprule_modify). */
export function ruleRequestFlags(cmd: number): number {
  return cmd === RTM_NEWRULE ? NLM_F_CREATE | NLM_F_EXCL : 0;
}
