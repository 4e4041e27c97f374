/**
 * `nlts rule add|delete` (ip/iprule.c iprule_modify) and `nlts rule flush`
 * (iprule_list_flush_or_save with flush_rule): ip's words, checks, messages
 * and exit statuses.
 */
import { Args } from '../../iproute/args.js';
import { CliError } from '../../iproute/errors.js';
import { describeError } from '../../iproute/describe-error.js';
import { matches } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import type { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { isValidIfname } from '../../netlink/route/link.js';
import {
  decodeRule,
  encodeRuleChange,
  encodeRuleDumpRequest,
  finishRuleHeader,
  newRuleHeader,
  portRangeBytes,
  ruleRequestFlags,
  uidRangeBytes,
  type RuleHeader,
} from '../../netlink/route/rule.js';
import type { Printer } from '../../output/printer.js';
import { getPrefix, parseAddr } from '../../iproute/prefix.js';
import type { IprouteNames } from '../../iproute/names.js';
import { EXIT_USAGE, getInteger, getU32, invarg, strtoul0 } from '../../iproute/parse.js';
import { RULE_HELP } from './help.js';
import { parseFwmark, ruleMatches, scanRange, type RuleFilter } from './show.js';
import * as fib from '../../netlink/gen/fib_rules.js';
import { RTA_GATEWAY, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE, RTN_NAT } from '../../netlink/gen/rtnetlink.js';
import { AF_INET, AF_UNSPEC } from '../../netlink/gen/socket.js';
import { EINVAL } from '../../netlink/gen/errno.js';

/** get_s32: strtol base 0 over the whole word, within a signed 32-bit int. */
const getS32 = (s: string): number | undefined => getInteger(s);

/** get_be64: strtoull base 0 over the whole word, as 8 bytes in network order. */
function getBe64(s: string): Uint8Array | undefined {
  const t = s.replace(/^\s+/, '').replace(/^\+/, '');
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = BigInt(t);
  else if (/^0[0-7]*$/.test(t)) v = BigInt('0o' + (t.slice(1) || '0'));
  else if (/^[1-9]\d*$/.test(t)) v = BigInt(t);
  else return undefined;
  if (v > 0xffffffffffffffffn) return undefined;
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, false);
  return b;
}

/** rtnl_rtntype_a2n (ip/rtm_map.c): RTN_* by name (some abbreviable), else a number up to 255. */
export function rtnTypeA2n(arg: string): number | undefined {
  if (arg === 'local') return 2;
  if (arg === 'nat') return RTN_NAT;
  if (matches(arg, 'broadcast') || arg === 'brd') return 3;
  if (matches(arg, 'anycast')) return 4;
  if (matches(arg, 'multicast')) return 5;
  if (matches(arg, 'prohibit')) return 8;
  if (matches(arg, 'unreachable')) return 7;
  if (matches(arg, 'blackhole')) return 6;
  if (matches(arg, 'xresolve')) return 11;
  if (matches(arg, 'unicast')) return 1;
  if (arg === 'throw') return 9;
  const n = strtoul0(arg);
  return n !== undefined && n <= 255 ? n : undefined;
}

/** get_rt_realms_or_raw: [FROM/]TO realm names or numbers, else one raw u32. */
function realmsA2n(arg: string, names: IprouteNames): number | undefined {
  const slash = arg.indexOf('/');
  let ok = true;
  let realms = 0;
  let to = arg;
  if (slash >= 0) {
    const from = names.realmId(arg.slice(0, slash));
    if (from === undefined) ok = false;
    else realms = (from << 16) >>> 0;
    to = arg.slice(slash + 1);
  }
  if (ok && to !== '') {
    const r = names.realmId(to);
    if (r === undefined) ok = false;
    else realms = (realms | r) >>> 0;
  }
  if (ok) return realms;
  return getU32(arg);
}

/** A parsed `ip rule add|del`: header and attributes in command-line order. */
export interface RuleModify {
  header: RuleHeader;
  attrs: Uint8Array;
}

/**
 * Parse the words after the verb exactly as iprule_modify does (same order
 * of tests, same messages). `warn` gets ip's NAT warning when ip prints it,
 * before any later word is checked.
 */
export function parseRuleModify(
  cmd: number,
  args: string[],
  family: number,
  names: IprouteNames,
  warn: (text: string) => void = () => {},
): RuleModify {
  const h = newRuleHeader(cmd, family);
  if (args.length === 0) {
    throw new CliError(`"ip rule ${cmd === RTM_NEWRULE ? 'add' : 'del'}" requires arguments.`, 1);
  }
  const e = new AttributeEncoder();
  let tableOk = false;
  let l3mdev = false;
  let tid = 0;
  for (const argv = new Args(args); argv.more; argv.i++) {
    let w = argv.cur;
    if (w === 'not') {
      h.flags |= fib.FIB_RULE_INVERT;
    } else if (w === 'from' || w === 'to') {
      const p = getPrefix(argv.next(), h.family);
      if (w === 'from') h.srcLen = p.bitlen;
      else h.dstLen = p.bitlen;
      e.bytes(w === 'from' ? fib.FRA_SRC : fib.FRA_DST, p.bytes);
    } else if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      const v = argv.next();
      const n = getU32(v);
      if (n === undefined) invarg('preference value is invalid\n', v);
      e.u32(fib.FRA_PRIORITY, n);
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      const v = argv.next();
      const n = names.dsfieldId(v);
      if (n === undefined) invarg('TOS value is invalid\n', v);
      h.tos = n;
    } else if (w === 'fwmark') {
      const { mark, mask } = parseFwmark(argv.next(), '\n');
      e.u32(fib.FRA_FWMARK, mark);
      if (mask !== undefined) e.u32(fib.FRA_FWMASK, mask);
    } else if (matches(w, 'realms')) {
      const v = argv.next();
      const r = realmsA2n(v, names);
      if (r === undefined) invarg('invalid realms\n', v);
      e.u32(fib.FRA_FLOW, r);
    } else if (matches(w, 'protocol')) {
      const v = argv.next();
      const p = names.protocolId(v);
      if (p === undefined) invarg('"protocol" value is invalid\n', v);
      e.u8(fib.FRA_PROTOCOL, p);
    } else if (matches(w, 'tun_id')) {
      const v = argv.next();
      const b = getBe64(v);
      if (!b) invarg('"tun_id" value is invalid\n', v);
      e.bytes(fib.FRA_TUN_ID, b);
    } else if (matches(w, 'table') || w === 'lookup') {
      const v = argv.next();
      const t = names.tableId(v);
      if (t === undefined) invarg('invalid table ID\n', v);
      tid = t;
      if (t < 256) h.table = t;
      else {
        h.table = 0;
        e.u32(fib.FRA_TABLE, t);
      }
      tableOk = true;
    } else if (matches(w, 'suppress_prefixlength') || w === 'sup_pl') {
      const v = argv.next();
      const pl = getS32(v);
      if (pl === undefined || pl < 0) invarg('suppress_prefixlength value is invalid\n', v);
      e.u32(fib.FRA_SUPPRESS_PREFIXLEN, pl);
    } else if (matches(w, 'suppress_ifgroup') || w === 'sup_group') {
      const v = argv.next();
      const g = names.groupId(v);
      if (g === undefined) invarg('Invalid "suppress_ifgroup" value\n', v);
      e.u32(fib.FRA_SUPPRESS_IFGROUP, g);
    } else if (w === 'dev' || w === 'iif') {
      const v = argv.next();
      if (!isValidIfname(v)) invarg('"iif"/"dev" not a valid ifname', v);
      e.string(fib.FRA_IFNAME, v);
    } else if (w === 'oif') {
      const v = argv.next();
      if (!isValidIfname(v)) invarg('"oif" not a valid ifname', v);
      e.string(fib.FRA_OIFNAME, v);
    } else if (w === 'l3mdev') {
      e.u8(fib.FRA_L3MDEV, 1);
      tableOk = true;
      l3mdev = true;
    } else if (w === 'uidrange') {
      const v = argv.next();
      const r = scanRange(v, 32);
      if (r.n !== 2) invarg('invalid UID range\n', v);
      e.bytes(fib.FRA_UID_RANGE, uidRangeBytes(r.start, r.end));
    } else if (w === 'nat' || matches(w, 'map-to')) {
      const v = argv.next();
      warn('Warning: route NAT is deprecated\n');
      const a = parseAddr(v, AF_INET);
      if (!a) throw new CliError(`Error: an IP address is expected rather than "${v}"`, 1);
      const gw = new Uint8Array(4);
      gw.set(a.bytes.subarray(0, 4));
      e.bytes(RTA_GATEWAY, gw);
      h.action = RTN_NAT;
    } else if (w === 'ipproto') {
      const v = argv.next();
      const n = names.ipProtoId(v);
      if (n === undefined) invarg('Invalid "ipproto" value\n', v);
      e.u8(fib.FRA_IP_PROTO, n);
    } else if (w === 'sport' || w === 'dport') {
      const v = argv.next();
      const r = scanRange(v, 16);
      if (r.n === 0) invarg(w === 'sport' ? 'invalid port range\n' : 'invalid dport range\n', v);
      e.bytes(
        w === 'sport' ? fib.FRA_SPORT_RANGE : fib.FRA_DPORT_RANGE,
        portRangeBytes(r.start, r.n === 1 ? r.start : r.end),
      );
    } else {
      if (w === 'type') w = argv.next();
      let type: number;
      if (matches(w, 'help')) throw new CliError(RULE_HELP.trimEnd(), EXIT_USAGE, 'help');
      else if (matches(w, 'goto')) {
        type = fib.FR_ACT_GOTO;
        const v = argv.next();
        const target = getU32(v);
        if (target === undefined) invarg('invalid target\n', v);
        e.u32(fib.FRA_GOTO, target);
      } else if (matches(w, 'nop')) type = fib.FR_ACT_NOP;
      else {
        const t = rtnTypeA2n(w);
        if (t === undefined) invarg('Failed to parse rule type', w);
        type = t;
      }
      h.action = type;
      tableOk = true;
    }
  }
  if (l3mdev && tid !== 0) throw new CliError('table can not be specified for l3mdev rules', EINVAL);
  finishRuleHeader(h, cmd, tableOk);
  return { header: h, attrs: e.finish() };
}

export { ruleRequestFlags };

/** Send one parsed rule change; kernel refusals propagate as NetlinkKernelError (exit 2). */
export function modifyRule(conn: Connection, cmd: number, m: RuleModify): void {
  conn.request(cmd, encodeRuleChange(m.header, m.attrs), ruleRequestFlags(cmd));
}

/**
 * `ip rule flush [SELECTOR]`: every rule of the family that passes the
 * selectors (and "protocol", which narrows a flush) and carries
 * fib.FRA_PRIORITY is deleted; the kernel leaves that out for priority 0, so the
 * local-table rule stays and everything else, main and default included,
 * goes. ip prints "[]" with -j (its JSON document is opened for the dump).
 * A refused delete prints the kernel's error, then "Dump terminated", exit 1.
 */
export function flushRules(
  conn: Connection,
  p: Printer,
  err: { write(s: string): void },
  f: RuleFilter,
): number {
  const af = f.family === AF_UNSPEC ? AF_INET : f.family;
  const doomed: Uint8Array[] = [];
  p.startDocument();
  for (const m of conn.dump(RTM_GETRULE, encodeRuleDumpRequest(af))) {
    if (m.type !== RTM_NEWRULE && m.type !== RTM_DELRULE) continue;
    const r = decodeRule(m.payload);
    if (!ruleMatches(r, f)) continue;
    const proto = r.attrs.u8(fib.FRA_PROTOCOL);
    if (proto !== undefined && f.protocol !== undefined && f.protocol !== proto) continue;
    if (r.attrs.has(fib.FRA_PRIORITY)) doomed.push(m.payload.slice());
  }
  for (const payload of doomed) {
    try {
      conn.request(RTM_DELRULE, payload);
    } catch (e) {
      if (!(e instanceof NetlinkKernelError)) throw e;
      err.write(describeError(e).message + '\n');
      throw new CliError('Dump terminated', 1, 'kernel');
    }
  }
  p.endDocument();
  return 0;
}
