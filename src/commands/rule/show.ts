import { Args } from '../../iproute/args.js';
import { matches } from '../../iproute/parse.js';
import type { Connection } from '../../netlink/connection.js';
import { isValidIfname } from '../../netlink/route/link.js';
import {
  decodeRule,
  encodeRuleDumpRequest,
  portRange,
  uidRange,
  type RuleMessage,
} from '../../netlink/route/rule.js';
import type { Printer } from '../../output/printer.js';
import { getPrefix, prefixMatches, type InetPrefix } from '../../iproute/prefix.js';
import type { IprouteNames } from '../../iproute/names.js';
import { getU32, invarg } from '../../iproute/parse.js';
import { renderRule, ruleTable, type RuleRenderContext } from './render.js';
import {
  FIB_RULE_INVERT,
  FRA_DPORT_RANGE,
  FRA_DST,
  FRA_FWMARK,
  FRA_FWMASK,
  FRA_IFNAME,
  FRA_IP_PROTO,
  FRA_L3MDEV,
  FRA_OIFNAME,
  FRA_PRIORITY,
  FRA_SPORT_RANGE,
  FRA_SRC,
  FRA_TUN_ID,
  FRA_UID_RANGE,
} from '../../netlink/gen/fib_rules.js';
import { RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE } from '../../netlink/gen/rtnetlink.js';
import { AF_INET, AF_UNSPEC } from '../../netlink/gen/socket.js';

/** The selectors of `ip rule list` (ip/iprule.c's filter struct). */
export interface RuleFilter {
  /** The family asked for (-4/-6) or 0; the dump asks for AF_INET when 0. */
  family: number;
  pref?: number;
  not: boolean;
  tos?: number;
  fwmark: number;
  fwmask: number;
  iif?: string;
  oif?: string;
  l3mdev: boolean;
  uidrange?: { start: number; end: number };
  tunId: bigint;
  table: number;
  src?: InetPrefix;
  dst?: InetPrefix;
  protocol?: number;
  ipproto: number;
  sport?: { start: number; end: number };
  dport?: { start: number; end: number };
}

/** sscanf("%u-%u") / sscanf("%hu-%hu"): how many numbers were read, and the numbers. */
export function scanRange(s: string, bits: 16 | 32): { n: number; start: number; end: number } {
  const m = /^\s*([+-]?\d+)(?:-\s*([+-]?\d+))?/.exec(s);
  if (!m) return { n: 0, start: 0, end: 0 };
  const cut = (v: string): number =>
    bits === 16 ? Number(BigInt.asUintN(16, BigInt(v))) : Number(BigInt.asUintN(32, BigInt(v)));
  const start = cut(m[1]!);
  if (m[2] === undefined) return { n: 1, start, end: 0 };
  return { n: 2, start, end: cut(m[2]) };
}

/**
 * FWMARK[/MASK] as iprule_modify and iprule_list_flush_or_save read it
 * (get_u32 each); `nl` is the "\n" ip's messages end in for add/del.
 */
export function parseFwmark(v: string, nl = ''): { mark: number; mask?: number } {
  const slash = v.indexOf('/');
  const markText = slash >= 0 ? v.slice(0, slash) : v;
  const mark = getU32(markText);
  if (mark === undefined) invarg(`fwmark value is invalid${nl}`, markText);
  if (slash < 0) return { mark };
  const mask = getU32(v.slice(slash + 1));
  if (mask === undefined) invarg(`fwmask value is invalid${nl}`, v.slice(slash + 1));
  return { mark, mask };
}

/** Parse `ip rule list` selectors exactly as iprule_list_flush_or_save does. */
export function parseRuleFilter(args: string[], family: number, names: IprouteNames): RuleFilter {
  const af = family === AF_UNSPEC ? AF_INET : family;
  const f: RuleFilter = {
    family,
    not: false,
    fwmark: 0,
    fwmask: 0,
    l3mdev: false,
    tunId: 0n,
    table: 0,
    ipproto: 0,
  };
  for (const argv = new Args(args); argv.more; argv.i++) {
    const w = argv.cur;
    if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      const v = argv.next();
      const n = getU32(v);
      if (n === undefined) invarg('preference value is invalid', v);
      f.pref = n;
    } else if (w === 'not') {
      f.not = true;
    } else if (w === 'tos' || w === 'dsfield') {
      const v = argv.next();
      const n = names.dsfieldId(v);
      if (n === undefined) invarg('TOS value is invalid', v);
      f.tos = n;
    } else if (w === 'fwmark') {
      const { mark, mask } = parseFwmark(argv.next());
      f.fwmark = mark;
      if (mask !== undefined) f.fwmask = mask;
    } else if (w === 'dev' || w === 'iif') {
      const v = argv.next();
      if (!isValidIfname(v)) invarg('"iif"/"dev" not a valid ifname', v);
      f.iif = v;
    } else if (w === 'oif') {
      const v = argv.next();
      if (!isValidIfname(v)) invarg('"oif" not a valid ifname', v);
      f.oif = v;
    } else if (w === 'l3mdev') {
      f.l3mdev = true;
    } else if (w === 'uidrange') {
      const v = argv.next();
      const r = scanRange(v, 32);
      if (r.n !== 2) invarg('invalid UID range', v);
      f.uidrange = { start: r.start, end: r.end };
    } else if (matches(w, 'tun_id')) {
      const v = argv.next();
      if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(v)) invarg('"tun_id" value is invalid', v);
      const id = BigInt(/^0[0-7]+$/.test(v) ? '0o' + v.slice(1) : v);
      if (id > 0xffffffffffffffffn) invarg('"tun_id" value is invalid', v);
      f.tunId = id;
    } else if (matches(w, 'lookup') || matches(w, 'table')) {
      const v = argv.next();
      const t = names.tableId(v);
      if (t === undefined) invarg('table id value is invalid', v);
      f.table = t;
    } else if (matches(w, 'from') || matches(w, 'src')) {
      f.src = getPrefix(argv.next(), af);
    } else if (matches(w, 'protocol')) {
      const v = argv.next();
      const prot = names.protocolId(v);
      if (prot === undefined) {
        if (v !== 'all') invarg('invalid "protocol"', v);
        f.protocol = undefined;
      } else f.protocol = prot;
    } else if (w === 'ipproto') {
      const v = argv.next();
      const n = names.ipProtoId(v);
      if (n === undefined) invarg('Invalid "ipproto" value', v);
      f.ipproto = n;
    } else if (w === 'sport' || w === 'dport') {
      const v = argv.next();
      const r = scanRange(v, 16);
      if (r.n === 0) invarg(w === 'sport' ? 'invalid port range' : 'invalid dport range', v);
      const range = { start: r.start, end: r.n === 1 ? r.start : r.end };
      if (w === 'sport') f.sport = range;
      else f.dport = range;
    } else {
      let v = w;
      if (matches(w, 'dst') || matches(w, 'to')) v = argv.next();
      f.dst = getPrefix(v, af);
    }
  }
  return f;
}

function rangeEquals(
  a: { start: number; end: number } | undefined,
  want: { start: number; end: number },
): boolean {
  return a !== undefined && a.start === want.start && a.end === want.end;
}

/** filter_nlmsg (ip/iprule.c). Like ip, "protocol" does not narrow a listing (only a flush). */
export function ruleMatches(r: RuleMessage, f: RuleFilter): boolean {
  const tb = r.attrs;
  if (f.family !== AF_UNSPEC && r.family !== f.family) return false;
  if (f.pref !== undefined && f.pref !== (tb.u32(FRA_PRIORITY) ?? 0)) return false;
  if (f.not && !(r.flags & FIB_RULE_INVERT)) return false;
  for (const [want, len, type] of [
    [f.src, r.srcLen, FRA_SRC],
    [f.dst, r.dstLen, FRA_DST],
  ] as const) {
    if (!want || !want.family) continue;
    if (want.family !== r.family || want.bitlen > len) return false;
    if (!prefixMatches(want, tb.get(type)?.data)) return false;
  }
  if (f.tos !== undefined && f.tos !== r.tos) return false;
  if (f.fwmark && f.fwmark !== (tb.u32(FRA_FWMARK) ?? 0)) return false;
  if (f.fwmask && f.fwmask !== (tb.u32(FRA_FWMASK) ?? 0)) return false;
  if (f.iif !== undefined) {
    const a = tb.get(FRA_IFNAME);
    if (!a || tb.string(FRA_IFNAME)! !== f.iif) return false;
  }
  if (f.oif !== undefined) {
    const a = tb.get(FRA_OIFNAME);
    if (!a || tb.string(FRA_OIFNAME)! !== f.oif) return false;
  }
  if (f.l3mdev && !(tb.u8(FRA_L3MDEV) ?? 0)) return false;
  if (f.uidrange) {
    const a = tb.get(FRA_UID_RANGE);
    if (!a || !rangeEquals(uidRange(a), f.uidrange)) return false;
  }
  if (f.ipproto && f.ipproto !== (tb.u8(FRA_IP_PROTO) ?? 0)) return false;
  for (const [want, type] of [
    [f.sport, FRA_SPORT_RANGE],
    [f.dport, FRA_DPORT_RANGE],
  ] as const) {
    if (!want || !want.start) continue;
    const a = tb.get(type);
    if (!a || !rangeEquals(portRange(a), want)) return false;
  }
  if (f.tunId) {
    const a = tb.get(FRA_TUN_ID);
    if (!a || a.data.length < 8) return false;
    if (new DataView(a.data.buffer, a.data.byteOffset, 8).getBigUint64(0, false) !== f.tunId) return false;
  }
  if (f.table > 0 && f.table !== ruleTable(r)) return false;
  return true;
}

/** `ip rule list`: one dump of the family's rules, filtered and printed in kernel order. */
export function showRules(conn: Connection, p: Printer, f: RuleFilter, ctx: RuleRenderContext): void {
  const af = f.family === AF_UNSPEC ? AF_INET : f.family;
  p.startDocument();
  for (const m of conn.dump(RTM_GETRULE, encodeRuleDumpRequest(af))) {
    if (m.type !== RTM_NEWRULE && m.type !== RTM_DELRULE) continue;
    const r = decodeRule(m.payload);
    if (!ruleMatches(r, f)) continue;
    renderRule(p, r, ctx, m.type === RTM_DELRULE);
    r.attrs.throwIfError(); // a value too short for its type was printed as 0
  }
  p.endDocument();
}
