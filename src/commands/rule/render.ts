import { portRange, uidRange, type RuleMessage } from '../../netlink/route/rule.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import { afBitLen } from '../../iproute/prefix.js';
import { formatAddress as formatAddr } from '../../netlink/inet.js';
import { rtnTypeName, type IprouteNames } from '../../iproute/names.js';
import {
  FIB_RULE_IIF_DETACHED,
  FIB_RULE_INVERT,
  FIB_RULE_OIF_DETACHED,
  FIB_RULE_UNRESOLVED,
  FRA_DPORT_RANGE,
  FRA_DST,
  FRA_FLOW,
  FRA_FWMARK,
  FRA_FWMASK,
  FRA_GOTO,
  FRA_IFNAME,
  FRA_IP_PROTO,
  FRA_L3MDEV,
  FRA_OIFNAME,
  FRA_PRIORITY,
  FRA_PROTOCOL,
  FRA_SPORT_RANGE,
  FRA_SRC,
  FRA_SUPPRESS_IFGROUP,
  FRA_SUPPRESS_PREFIXLEN,
  FRA_TABLE,
  FRA_TUN_ID,
  FRA_UID_RANGE,
  FR_ACT_GOTO,
  FR_ACT_NOP,
  FR_ACT_TO_TBL,
} from '../../netlink/gen/fib_rules.js';
import { RTA_GATEWAY, RTN_NAT, RTPROT_KERNEL } from '../../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6 } from '../../netlink/gen/socket.js';

export interface RuleRenderContext {
  names: IprouteNames;
  details: number;
  numeric: boolean;
}

/** frh_get_table: FRA_TABLE when present, else the 8-bit header field. */
export function ruleTable(r: RuleMessage): number {
  const a = r.attrs.get(FRA_TABLE);
  return a ? r.attrs.u32(FRA_TABLE)! : r.table;
}

function familyColor(family: number): 'inet' | 'inet6' | 'none' {
  return family === AF_INET ? 'inet' : family === AF_INET6 ? 'inet6' : 'none';
}

/** print_rule (ip/iprule.c): one rule as `ip rule` prints it, text or JSON. */
export function renderRule(p: Printer, r: RuleMessage, ctx: RuleRenderContext, deleted = false): void {
  const tb = r.attrs;
  const names = ctx.names;
  const hostLen = afBitLen(r.family);
  p.openObject();
  if (deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  p.number(PRINT_ANY, 'priority', '%u:\t', tb.u32(FRA_PRIORITY) ?? 0);
  if (r.flags & FIB_RULE_INVERT) p.null(PRINT_ANY, 'not', 'not ', '');

  const src = tb.get(FRA_SRC);
  if (src) {
    p.fp('from ');
    p.string(PRINT_ANY, 'src', '%s', formatAddr(r.family, src.data), familyColor(r.family));
    if (r.srcLen !== hostLen) p.number(PRINT_ANY, 'srclen', '/%u', r.srcLen);
  } else if (r.srcLen) {
    p.string(PRINT_ANY, 'src', 'from %s', '0');
    p.number(PRINT_ANY, 'srclen', '/%u', r.srcLen);
  } else {
    p.string(PRINT_ANY, 'src', 'from %s', 'all');
  }

  const dst = tb.get(FRA_DST);
  if (dst) {
    p.fp(' to ');
    p.string(PRINT_ANY, 'dst', '%s', formatAddr(r.family, dst.data), familyColor(r.family));
    if (r.dstLen !== hostLen) p.number(PRINT_ANY, 'dstlen', '/%u', r.dstLen);
  } else if (r.dstLen) {
    p.string(PRINT_ANY, 'dst', ' to %s', '0');
    p.number(PRINT_ANY, 'dstlen', '/%u', r.dstLen);
  }

  if (r.tos) p.string(PRINT_ANY, 'tos', ' tos %s', names.dsfieldName(r.tos));

  const fwmark = tb.get(FRA_FWMARK);
  const fwmask = tb.get(FRA_FWMASK);
  if (fwmark || fwmask) {
    const mark = tb.u32(FRA_FWMARK) ?? 0;
    const mask = fwmask ? tb.u32(FRA_FWMASK)! : 0;
    p.hex0x(PRINT_ANY, 'fwmark', ' fwmark %#llx', mark);
    if (fwmask && mask !== 0xffffffff) p.hex0x(PRINT_ANY, 'fwmask', '/%#llx', mask);
  }

  const iif = tb.get(FRA_IFNAME);
  if (iif) {
    p.fp(' iif ');
    p.string(PRINT_ANY, 'iif', '%s', tb.string(FRA_IFNAME)!, 'ifname');
    if (r.flags & FIB_RULE_IIF_DETACHED) p.null(PRINT_ANY, 'iif_detached', ' [detached]', '');
  }
  const oif = tb.get(FRA_OIFNAME);
  if (oif) {
    p.fp(' oif ');
    p.string(PRINT_ANY, 'oif', '%s', tb.string(FRA_OIFNAME)!, 'ifname');
    if (r.flags & FIB_RULE_OIF_DETACHED) p.null(PRINT_ANY, 'oif_detached', ' [detached]', '');
  }

  const l3 = tb.get(FRA_L3MDEV);
  if (l3 && tb.u8(FRA_L3MDEV)!) p.null(PRINT_ANY, 'l3mdev', ' lookup [l3mdev-table]', '');

  const uid = tb.get(FRA_UID_RANGE);
  if (uid) {
    const u = uidRange(uid);
    p.number(PRINT_ANY, 'uid_start', ' uidrange %u', u.start);
    p.number(PRINT_ANY, 'uid_end', '-%u', u.end);
  }

  const ipproto = tb.get(FRA_IP_PROTO);
  if (ipproto) p.string(PRINT_ANY, 'ipproto', ' ipproto %s', names.ipProtoName(tb.u8(FRA_IP_PROTO)!));

  for (const [type, key, word] of [
    [FRA_SPORT_RANGE, 'sport', ' sport'],
    [FRA_DPORT_RANGE, 'dport', ' dport'],
  ] as const) {
    const a = tb.get(type);
    if (!a) continue;
    const pr = portRange(a);
    if (pr.start === pr.end) p.number(PRINT_ANY, key, `${word} %u`, pr.start);
    else {
      p.number(PRINT_ANY, `${key}_start`, `${word} %u`, pr.start);
      p.number(PRINT_ANY, `${key}_end`, '-%u', pr.end);
    }
  }

  const tun = tb.get(FRA_TUN_ID);
  if (tun && tun.data.length >= 8) {
    // The kernel keeps the tunnel id in network byte order (be64).
    const id = new DataView(tun.data.buffer, tun.data.byteOffset, 8).getBigUint64(0, false);
    p.number(PRINT_ANY, 'tun_id', ' tun_id %llu', id);
  } else if (tun) p.number(PRINT_ANY, 'tun_id', ' tun_id %llu', tb.u64(FRA_TUN_ID)!);

  const table = ruleTable(r);
  if (table) {
    p.string(PRINT_ANY, 'table', ' lookup %s', names.tableName(table));
    const spl = tb.get(FRA_SUPPRESS_PREFIXLEN);
    if (spl) {
      const pl = tb.s32(FRA_SUPPRESS_PREFIXLEN)!;
      if (pl !== -1) p.number(PRINT_ANY, 'suppress_prefixlen', ' suppress_prefixlength %d', pl);
    }
    const sig = tb.get(FRA_SUPPRESS_IFGROUP);
    if (sig) {
      const group = tb.s32(FRA_SUPPRESS_IFGROUP)!;
      if (group !== -1)
        p.string(PRINT_ANY, 'suppress_ifgroup', ' suppress_ifgroup %s', names.groupName(group));
    }
  }

  const flow = tb.get(FRA_FLOW);
  if (flow) {
    const v = tb.u32(FRA_FLOW)!;
    const from = v >>> 16;
    const to = v & 0xffff;
    if (from) p.string(PRINT_ANY, 'flow_from', ' realms %s/', names.realmName(from));
    else p.fp(' realms ');
    p.string(PRINT_ANY, 'flow_to', '%s', names.realmName(to));
  }

  if (r.action === RTN_NAT) {
    const gw = tb.get(RTA_GATEWAY);
    if (gw) p.string(PRINT_ANY, 'nat_gateway', ' map-to %s', formatAddr(r.family, gw.data));
    else p.null(PRINT_ANY, 'masquerade', ' masquerade', '');
  } else if (r.action === FR_ACT_GOTO) {
    const g = tb.get(FRA_GOTO);
    if (g) p.number(PRINT_ANY, 'goto', ' goto %u', tb.u32(FRA_GOTO)!);
    else p.string(PRINT_ANY, 'goto', ' goto %s', 'none');
    if (r.flags & FIB_RULE_UNRESOLVED) p.null(PRINT_ANY, 'unresolved', ' [unresolved]', '');
  } else if (r.action === FR_ACT_NOP) {
    p.null(PRINT_ANY, 'nop', ' nop', '');
  } else if (r.action !== FR_ACT_TO_TBL) {
    p.string(PRINT_ANY, 'action', ' %s', rtnTypeName(r.action, ctx.numeric));
  }

  const proto = tb.get(FRA_PROTOCOL);
  if (proto) {
    const v = tb.u8(FRA_PROTOCOL)!;
    if ((v && v !== RTPROT_KERNEL) || ctx.details > 0)
      p.string(PRINT_ANY, 'protocol', ' proto %s', names.protocolName(v));
  }
  p.fp('\n');
  p.closeObject();
}
